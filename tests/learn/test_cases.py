"""The case studies: enough of them, every symptom type, and each curve really shows its
symptom according to the project's own detectors."""

from __future__ import annotations

import pytest

from advisor.kb import load_knowledge
from advisor.learn import HEALTHY, cases, findings

_KB = load_knowledge()
CASE_IDS = sorted(_KB.cases)

SYMPTOM_FINDINGS = {
    "nan_loss", "spike_recovers", "spike_no_recovery", "divergence", "steady_rise", "plateau",
    "oscillation", "periodic_spikes", "val_rises", "loss_scale_drops", "grad_norm_leads",
    "spike_after_resume", "warmup_end_spike", "early_blowup", "lr_jump",
}
"""The alarming finding kinds of findings.yaml: each must mark at least one case."""


def test_enough_cases_with_healthy_runs(kb):
    assert len(kb.cases) >= 24
    healthy = [c for c in kb.cases.values() if c.answer == HEALTHY]
    assert len(healthy) >= 4
    marks = {c.finding for c in healthy}
    assert {"harmless_blip", "loss_scale_calibration"} <= marks  # a blip, an fp16 calibration


def test_cases_span_every_symptom_type(kb):
    marked = {c.finding for c in kb.cases.values()}
    assert SYMPTOM_FINDINGS <= marked, sorted(SYMPTOM_FINDINGS - marked)
    for finding in SYMPTOM_FINDINGS:
        assert not kb.findings[finding].healthy


def test_answers_and_accepts_are_causes(kb):
    for case in kb.cases.values():
        assert case.answer == HEALTHY or case.answer in kb.causes, case.id
        assert case.answer not in case.accept, case.id
        if case.answer == HEALTHY:
            assert not case.accept and (case.finding is None or kb.findings[case.finding].healthy)
        else:
            assert case.finding and not kb.findings[case.finding].healthy, case.id


def test_texts_have_equal_depth(kb):
    for case in kb.cases.values():
        for name in ("story", "reading", "fix"):
            text = getattr(case, name)
            assert len(text.en) >= 200, (case.id, name)
            assert len(text.zh) >= 0.25 * len(text.en), (case.id, name)


def test_order_is_by_level(kb):
    levels = [c.level for c in cases(kb)]
    rank = {"beginner": 0, "intermediate": 1, "advanced": 2}
    assert levels == sorted(levels, key=rank.__getitem__)
    assert set(levels) == set(rank)


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_curve_shows_its_symptom(kb, case_id):
    """detect(generate(case)) contains case.finding; a healthy case raises no alarm."""
    pytest.importorskip("advisor.logs.detectors")
    from advisor.learn.curves import generate
    from advisor.logs import detect

    case = kb.cases[case_id]
    found = detect(generate(case))
    ids = [f.id for f in found]
    if case.finding:
        assert case.finding in ids, ids
    if case.answer == HEALTHY:
        alarms = [f for f in ids if not kb.findings[f].healthy]
        assert alarms == [], alarms
    assert [f.id for f in findings(case)] == ids  # the cached findings are the same

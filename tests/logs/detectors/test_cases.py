"""The labelled log set (tests/data/logs/cases, written by benchmarks/gen_logs.py), end to end.

Per file the detectors must find what the failure model planted; across the set, the engine
must call every healthy run healthy and rank an expected cause in its top 3 for most problems
(the ranking also depends on the knowledge base's weights, which other work tunes, so that
part is a floor on the accuracy rather than a per-file assertion).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import yaml

from advisor.engine import diagnose
from advisor.logs import LogData, detect, read_log
from advisor.model.finding import Finding
from benchmarks import gen_logs
from tests.logs.detectors.synth import HEALTHY_IDS, ids

CASES_DIR = Path(__file__).resolve().parents[2] / "data" / "logs" / "cases"
CASES = yaml.safe_load((CASES_DIR / "cases.yaml").read_text(encoding="utf-8"))

PLANTED = {
    "lr_too_high_hf.log": {"warmup_end_spike", "divergence", "nan_loss"},
    "lr_too_high_megatron.log": {"warmup_end_spike", "divergence", "nan_loss"},
    "no_warmup_print.log": {"divergence", "early_blowup", "nan_loss"},
    "no_warmup_hf.log": {"divergence", "early_blowup", "nan_loss"},
    "fp16_overflow_deepspeed.log": {"loss_scale_calibration", "loss_scale_drops"},
    "fp16_overflow_megatron.log": {"loss_scale_drops", "nan_loss"},
    "bad_batch_hf.log": {"spike_recovers", "grad_norm_leads"},
    "bad_batch_nanogpt.log": {"spike_recovers"},
    "data_order_print.log": {"periodic_spikes"},
    "data_order_hf.log": {"periodic_spikes"},
    "resume_lost_nanogpt.log": {"spike_after_resume"},
    "resume_lost_megatron.log": {"spike_after_resume"},
    "lr_schedule_bug_hf.log": {"lr_jump", "spike_no_recovery"},
    "lr_schedule_bug_print.log": {"lr_jump", "spike_no_recovery"},
    "overfitting_keras.csv": {"val_rises"},
    "overfitting_hf.log": {"val_rises"},
    "exploding_gradients_hf.log": {"grad_norm_leads", "divergence"},
    "exploding_gradients_print.log": {"grad_norm_leads", "divergence"},
    "logging_artifact_print.log": {"periodic_spikes"},
    "oscillation_print.log": {"oscillation"},
    "plateau_hf.log": {"plateau"},
    "steady_rise_keras.csv": {"steady_rise"},
}


@functools.cache
def read(name: str) -> tuple[LogData, tuple[Finding, ...]]:
    log = read_log(CASES_DIR / name)
    return log, tuple(detect(log.frame))


def test_every_case_file_is_listed_and_labelled():
    on_disk = {p.name for p in CASES_DIR.iterdir() if p.name != "cases.yaml"}
    assert on_disk == {c["file"] for c in CASES}
    assert sum(c["healthy"] for c in CASES) >= 8
    assert all(bool(c["expect"]) != c["healthy"] for c in CASES)
    assert set(PLANTED) == {c["file"] for c in CASES if not c["healthy"]}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["file"])
def test_case_is_read_in_its_format_and_shows_what_was_planted(case):
    log, found = read(case["file"])
    assert log.format == case["format"]
    if case["healthy"]:
        assert ids(found) <= HEALTHY_IDS
    else:
        assert PLANTED[case["file"]] <= ids(found)


def test_engine_calls_healthy_runs_healthy_and_ranks_the_cause(kb):
    hits = total = 0
    for case in CASES:
        _, found = read(case["file"])
        d = diagnose(kb, findings=list(found), logs_read=True)
        if case["healthy"]:
            assert d.verdict == "healthy", case["file"]
            continue
        assert d.verdict == "problem", case["file"]
        total += 1
        hits += bool(set(case["expect"]) & {c.id for c in d.causes[:3]})
    assert hits / total >= 0.85, f"top-3 accuracy {hits}/{total}"


def test_generator_is_deterministic_and_matches_the_committed_set(tmp_path):
    entries = gen_logs.generate(tmp_path, seed=0)
    assert [e["file"] for e in entries] == [c["file"] for c in CASES]
    for e in entries:
        assert (tmp_path / e["file"]).read_bytes() == (CASES_DIR / e["file"]).read_bytes(), e["file"]

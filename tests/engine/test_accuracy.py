"""Diagnostic accuracy on the labelled descriptions must not regress (see benchmarks/accuracy.py)."""

from __future__ import annotations

import pytest
import yaml

from advisor.engine import diagnose
from tests.conftest import DATA

FLOOR = {"ask_cases.yaml": 0.9, "ask_cases_heldout.yaml": 0.88}


@pytest.mark.parametrize("name", sorted(FLOOR))
def test_top3_accuracy_floor(kb, name):
    cases = yaml.safe_load((DATA / "cases" / name).read_text(encoding="utf-8"))
    assert len(cases) >= 60 and {c["lang"] for c in cases} == {"zh", "en"}
    hits = 0
    for case in cases:
        ranked = [c.id for c in diagnose(kb, case["text"], case.get("answers") or {}).causes[:3]]
        hits += bool(set(case["expect"]) & set(ranked))
    assert hits / len(cases) >= FLOOR[name]


def test_every_case_names_real_causes(kb):
    for name in FLOOR:
        for case in yaml.safe_load((DATA / "cases" / name).read_text(encoding="utf-8")):
            assert set(case["expect"]) <= set(kb.causes), case["id"]

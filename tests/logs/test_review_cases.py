"""Edge cases a code review reproduced (fixtures in tests/data/logs/review, written for it)."""

from __future__ import annotations

import pytest

from advisor.logs import detect, read_log
from tests.conftest import DATA

REVIEW = DATA / "logs" / "review"


def _ids(name: str) -> set[str]:
    return {f.id for f in detect(read_log(REVIEW / name).frame)}


@pytest.mark.parametrize("name, segments", [
    ("hf_restart.log", 2),          # a bar count going back is a restart, not a stale bar
    ("byrecord_restart.log", 2),    # epoch-only records: an epoch going back restarts too
    ("fairseq_burst.log", 1),       # 15 overflow notes between two num_updates: no restart
    ("ds_ordinal.log", 1),          # start-up overflows before record-numbered HF dicts
])
def test_restarts_are_found_and_not_invented(name, segments):
    assert read_log(REVIEW / name).segments == segments


def test_an_epochs_validation_line_is_validation_not_a_second_training_point():
    frame = read_log(REVIEW / "overfit.log").frame
    assert len(frame) == 40 and frame["val_loss"].notna().all()
    assert "oscillation" not in _ids("overfit.log")


def test_deepspeed_with_only_nan_printed_losses_reports_the_nan():
    assert "nan_loss" in _ids("ds_nan.log")


def test_yolov5_epochs_count_from_zero():
    frame = read_log(REVIEW / "yolov5.log").frame
    assert frame["step"].min() >= 1 and frame["epoch"].min() >= 0


def test_full_width_brackets_without_a_comma_and_a_csv_with_a_full_width_comma():
    assert read_log(REVIEW / "fw1.log").points == 30
    assert read_log(REVIEW / "notes2.csv").points == 30


def test_a_late_jump_off_a_long_flat_lr_is_still_a_jump():
    assert "lr_jump" in _ids("lrjump.log")

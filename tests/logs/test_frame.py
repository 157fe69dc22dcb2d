"""The frame builder: segments, same-step merging, printed NaN versus missing."""

from __future__ import annotations

import math

import numpy as np

from advisor.logs.frame import COLUMNS, Rows, build_frame


def frame_of(*records, breaks=()):
    rows = Rows()
    for i, rec in enumerate(records):
        if i in breaks:
            rows.new_segment()
        step, kw = rec
        rows.add(step, i + 1, **kw)
    return build_frame([rows.chunk()])


def test_printed_nan_versus_missing():
    frame, _ = frame_of((1, {"loss": 1.0}), (2, {"loss": math.nan}), (3, {"val_loss": 2.0}),
                        (4, {"loss": math.inf}), (5, {"val_loss": math.nan}))
    assert frame["loss_nonfinite"].tolist() == [False, True, False, True, False]
    assert frame["val_nonfinite"].tolist() == [False, False, False, False, True]
    assert math.isnan(frame["loss"][2]) and frame["loss"][3] == math.inf


def test_rows_without_values_are_dropped_before_segments():
    frame, restarts = frame_of((100, {"loss": 1.0}), (1, {"epoch": 1.0}), (200, {"loss": 0.9}))
    assert frame["step"].tolist() == [100, 200] and restarts == []


def test_segments_and_restart_lines():
    frame, restarts = frame_of((1, {"loss": 3.0}), (2, {"loss": 2.0}), (1, {"loss": 2.5}),
                               (2, {"loss": 2.4}), (0, {"loss": 9.0}))
    assert frame["segment"].tolist() == [0, 0, 1, 1, 2]
    assert [(r.line, r.step_before, r.step_after) for r in restarts] == [(3, 2, 1), (5, 2, 0)]


def test_forced_segment_even_when_step_does_not_go_back():
    frame, _ = frame_of((0, {"loss": 1.0}), (0, {"loss": 0.5}), (1, {"loss": 0.4}), breaks=(1,))
    assert frame["segment"].tolist() == [0, 1, 1] and frame["loss"].tolist() == [1.0, 0.5, 0.4]


def test_same_step_rows_merge():
    frame, _ = frame_of(
        (10, {"loss": 2.0, "lr": 0.1}),
        (10, {"val_loss": 2.5, "loss": 9.9}),            # eval line: first printed loss wins
        (11, {"loss_scale": 64.0, "skipped": True}),
        (11, {"loss_scale": 32.0, "skipped": True}),     # last announced scale wins
        (11, {"loss": 1.9}),
        (12, {"loss": 1.8}),
        (12, {"loss": math.nan}),                        # a printed NaN always wins
    )
    assert list(frame.columns) == list(COLUMNS)
    assert frame["step"].tolist() == [10, 11, 12]
    assert frame["loss"][0] == 2.0 and frame["val_loss"][0] == 2.5 and frame["lr"][0] == 0.1
    assert frame["loss_scale"][1] == 32.0 and frame["skipped"][1] and frame["loss"][1] == 1.9
    assert math.isnan(frame["loss"][2]) and frame["loss_nonfinite"][2]


def test_empty_input_gives_empty_frame_with_columns():
    frame, restarts = build_frame([])
    assert frame.empty and list(frame.columns) == list(COLUMNS) and restarts == []


def test_chunks_with_different_columns_concatenate():
    a = {"step": np.array([1, 2]), "line": np.array([1, 2]), "loss": np.array([1.0, 0.9])}
    b = {"step": np.array([3]), "line": np.array([3]), "lr": np.array([0.01])}
    frame, _ = build_frame([a, b])
    assert frame["step"].tolist() == [1, 2, 3] and frame["lr"].isna().tolist() == [True, True, False]


def test_rows_pack_in_batches_without_changing_the_result(monkeypatch):
    from advisor.logs import frame as frame_module

    def fill(rows):
        for i in range(10):
            if i == 7:
                rows.new_segment()
            rows.add(i, i + 1, loss=float(i), skipped=i == 3)
        return rows.chunk()

    whole = fill(Rows())
    monkeypatch.setattr(frame_module, "FLUSH_ROWS", 3)
    packed_rows = Rows()
    batched = fill(packed_rows)
    assert len(packed_rows) == 0
    assert set(whole) == set(batched)
    for name in whole:
        assert np.array_equal(whole[name], batched[name], equal_nan=True), name

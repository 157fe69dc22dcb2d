"""The detectors' common input: one column of one segment as (step, value) arrays of real points.

The canonical frame keeps every logged row in file order, with NaN for "not logged" and a
flag for "the log printed NaN/Inf". Detectors want the opposite view: per training segment
(a restart or resume starts a new one), the points where a number was really logged. A loss
row flagged non-finite is dropped even when it carries a value, because some formats print a
placeholder with their failure signature (Hugging Face logs `loss 0.0` with `grad_norm nan`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import pandas as pd

T = TypeVar("T")
_MEMO: ContextVar[dict[Any, Any] | None] = ContextVar("detector_memo", default=None)

NONFINITE_FLAG = {"loss": "loss_nonfinite", "val_loss": "val_nonfinite"}


@dataclass(frozen=True)
class Series:
    """Logged points of one column in one segment, in file order."""

    step: np.ndarray
    """int64 steps."""
    value: np.ndarray
    """float64 values, all finite."""
    row: np.ndarray
    """Row positions in the frame (to look up other columns at the same rows)."""

    def __len__(self) -> int:
        return len(self.value)

    def at(self, i: int) -> int:
        """The step of point i as a plain int."""
        return int(self.step[i])


MAX_SEGMENTS = 64
"""Segments examined one by one; a frame with more (a counter that restarts every epoch in a
generic table, hundreds of appended runs) is examined through its largest ones, so the work
stays bounded."""


def segments(frame: pd.DataFrame) -> list[slice]:
    """Row slices of the segments to examine, in file order (at most `MAX_SEGMENTS`)."""
    return memo(("examined", id(frame)), lambda: _examined(frame))


def _examined(frame: pd.DataFrame) -> list[slice]:
    parts = all_segments(frame)
    if len(parts) <= MAX_SEGMENTS:
        return parts
    sizes = np.asarray([p.stop - p.start for p in parts])
    keep = np.sort(np.argsort(-sizes, kind="stable")[:MAX_SEGMENTS])
    return [parts[i] for i in keep]


def all_segments(frame: pd.DataFrame) -> list[slice]:
    """Row slices of every segment (segments are contiguous in a canonical frame)."""
    return memo(("segments", id(frame)), lambda: _all_segments(frame))


def _all_segments(frame: pd.DataFrame) -> list[slice]:
    n = len(frame)
    if n == 0:
        return []
    seg = frame["segment"].to_numpy()
    cuts = np.flatnonzero(seg[1:] != seg[:-1]) + 1
    bounds = [0, *cuts.tolist(), n]
    return [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def previous(frame: pd.DataFrame, rows: slice) -> slice | None:
    """The segment just before `rows` in the file, if any."""
    if not rows.start:
        return None
    seg = frame["segment"].to_numpy()
    before = np.flatnonzero(seg[: rows.start] != seg[rows.start - 1])
    return slice(int(before[-1]) + 1 if len(before) else 0, rows.start)


@contextmanager
def shared_work() -> Iterator[None]:
    """Within this block, detectors share intermediate results (series, baselines, excursions).

    `detect()` opens one block per frame, so each detector stays a plain `frame -> findings`
    function that is correct on its own, while a million-point frame is not re-scanned by
    every detector. The store lives in a context variable: it never outlives the call and
    threads (the TUI's worker) do not see each other's.
    """
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def memo(key: Any, compute: Callable[[], T]) -> T:
    """`compute()`, remembered under `key` inside a `shared_work()` block."""
    store = _MEMO.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


def series(frame: pd.DataFrame, column: str, rows: slice) -> Series:
    """The finite values of `column` within `rows` (flagged non-finite losses excluded)."""
    return memo(("series", id(frame), column, rows.start, rows.stop),
                lambda: _series(frame, column, rows))


def _series(frame: pd.DataFrame, column: str, rows: slice) -> Series:
    values = frame[column].to_numpy()[rows]
    ok = np.isfinite(values)
    flag = NONFINITE_FLAG.get(column)
    if flag is not None:
        ok &= ~frame[flag].to_numpy()[rows]
    steps = frame["step"].to_numpy()[rows]
    first = rows.start or 0
    if ok.all():  # the common case: read-only views instead of copies of a million points
        steps, values = steps.view(), values.view()
        steps.flags.writeable = values.flags.writeable = False
        return Series(step=steps, value=values, row=np.arange(first, first + len(values)))
    idx = np.flatnonzero(ok)
    return Series(step=steps[idx], value=values[idx], row=idx + first)


def interval(steps: np.ndarray) -> float:
    """Typical number of steps between two logged points (1 when unknown)."""
    if len(steps) < 2:
        return 1.0
    d = np.diff(steps)
    d = d[d > 0]
    return float(np.median(d)) if len(d) else 1.0


def starts_fresh(frame: pd.DataFrame, rows: slice) -> bool:
    """Does this segment start at the beginning of training (not a resume, not a log tail)?"""
    steps = frame["step"].to_numpy()[rows]
    if len(steps) == 0:
        return False
    first, last = int(steps[0]), int(steps[-1])
    return first <= max(0.05 * last, 2 * interval(steps))


def fraction(frame: pd.DataFrame, rows: slice, step: int) -> float:
    """Where `step` falls in the segment's logged step range, 0..1."""
    steps = frame["step"].to_numpy()[rows]
    first, last = int(steps[0]), int(steps[-1])
    return 0.0 if last <= first else min(1.0, max(0.0, (step - first) / (last - first)))


def sig(x: float, digits: int = 6) -> float:
    """Round to `digits` significant digits (the renderer shortens further for display)."""
    x = float(x)
    if x == 0 or not np.isfinite(x):
        return x
    return float(f"{x:.{digits}g}")


def clip01(x: float, low: float = 0.05, high: float = 0.99) -> float:
    """A confidence kept inside [low, high]."""
    return float(min(high, max(low, x)))

"""The detectors' common input: one column of one segment as (step, value) arrays of real points.

The canonical frame keeps every logged row in file order, with NaN for "not logged" and a
flag for "the log printed NaN/Inf". Detectors want the opposite view: per training segment
(a restart or resume starts a new one), the points where a number was really logged. A loss
row flagged non-finite is dropped even when it carries a value, because some formats print a
placeholder with their failure signature (Hugging Face logs `loss 0.0` with `grad_norm nan`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

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


def segments(frame: pd.DataFrame) -> list[slice]:
    """Row slices of the frame's segments (segments are contiguous in a canonical frame)."""
    n = len(frame)
    if n == 0:
        return []
    seg = frame["segment"].to_numpy()
    cuts = np.flatnonzero(seg[1:] != seg[:-1]) + 1
    bounds = [0, *cuts.tolist(), n]
    return [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def series(frame: pd.DataFrame, column: str, rows: slice) -> Series:
    """The finite values of `column` within `rows` (flagged non-finite losses excluded)."""
    values = frame[column].to_numpy()[rows]
    ok = np.isfinite(values)
    flag = NONFINITE_FLAG.get(column)
    if flag is not None:
        ok &= ~frame[flag].to_numpy()[rows]
    idx = np.flatnonzero(ok)
    steps = frame["step"].to_numpy()[rows]
    return Series(step=steps[idx], value=values[idx], row=idx + (rows.start or 0))


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


def sig(x: float, digits: int = 4) -> float:
    """Round to `digits` significant digits (values shown to people stay short)."""
    x = float(x)
    if x == 0 or not np.isfinite(x):
        return x
    return float(f"{x:.{digits}g}")


def clip01(x: float, low: float = 0.05, high: float = 0.99) -> float:
    """A confidence kept inside [low, high]."""
    return float(min(high, max(low, x)))

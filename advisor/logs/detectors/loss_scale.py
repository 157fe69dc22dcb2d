"""fp16 loss scaling: the healthy `loss_scale_calibration` and the alarming `loss_scale_drops`.

Dynamic loss scaling starts high and halves on every overflow until gradients fit, so a few
skipped steps in the first ~5% of a run (at most 20, then a quiet stretch) are it finding its
level: normal, but only when the log starts at the start of training; in the tail of a run
(a pasted excerpt, a resumed job) the first overflows seen are not start-up. Later
on, an isolated overflow every few thousand steps is normal too (the scaler grows the scale
again after a quiet stretch and overshoots). What is not normal is a cluster of overflows
that drives the scale down for good (to 1 or below, or 8x+ below where it was), or skipped
steps that keep coming (10%+ of the steps): gradients overflow persistently.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from advisor.logs.detectors.series import clip01, segments, sig, starts_fresh
from advisor.model.finding import Finding

EARLY = 0.05
"""Share of the segment's steps in which start-up overflows are calibration..."""
EARLY_STEPS = 100
"""... or this many steps, whichever is more: a scaler starting at 2^32 (DeepSpeed's default)
needs ~16 halvings, a short log's 5% is only a few steps."""
MAX_CALIBRATION = 20
CLUSTER_GAP = 0.1
"""Late overflows closer than this share of the run belong to one cluster..."""
MIN_CLUSTER_GAP = 20
"""... or closer than this many steps (overflows on consecutive steps are one event even in
a short excerpt)."""


def loss_scale(frame: pd.DataFrame) -> list[Finding]:
    if not frame["skipped"].any() and frame["loss_scale"].isna().all():
        return []
    out = []
    for rows in segments(frame):
        out.extend(_segment(frame, rows))
    return out


def _segment(frame: pd.DataFrame, rows: slice) -> list[Finding]:
    steps = frame["step"].to_numpy()[rows]
    skipped = frame["skipped"].to_numpy()[rows]
    scale = frame["loss_scale"].to_numpy()[rows]
    if not skipped.any() and not np.isfinite(scale).any():
        return []
    first, last = int(steps[0]), int(steps[-1])
    span = max(1, last - first)
    window = max(EARLY * span, EARLY_STEPS)
    early = skipped & (steps <= first + window) & starts_fresh(frame, rows)
    # calibration settles: the next stretch of the same length has no overflow at all
    settles = not (skipped & (steps > first + window) & (steps <= first + 2 * window)).any()
    out = []
    if 0 < early.sum() <= MAX_CALIBRATION and settles:
        last_early = int(np.flatnonzero(early)[-1])
        settled = scale[last_early:]
        settled = settled[np.isfinite(settled)]
        values = {"count": int(early.sum())}
        if len(settled):
            values["after"] = sig(settled[0])
        out.append(Finding("loss_scale_calibration", int(steps[np.flatnonzero(early)[0]]),
                           int(steps[last_early]), float(early.sum()), 0.8, values))
        late = skipped & ~early
    else:
        late = skipped.copy()  # more than calibration: every overflow counts
    drop = _drops(steps, late, scale, span, early)
    if drop is not None:
        out.append(drop)
    return out


def _drops(steps: np.ndarray, late: np.ndarray, scale: np.ndarray, span: int,
           early: np.ndarray) -> Finding | None:
    idx = np.flatnonzero(late)
    if not len(idx):
        return None
    at = steps[idx]
    breaks = np.flatnonzero(np.diff(at) > max(CLUSTER_GAP * span, MIN_CLUSTER_GAP)) + 1
    clusters = np.split(idx, breaks)
    finite = np.isfinite(scale)
    after_early = np.arange(len(steps)) > (np.flatnonzero(early)[-1] if early.any() else -1)
    rate = len(idx) / max(1, after_early.sum())
    best = None
    for cl in clusters:  # clusters of overflow rows, a handful at most
        before = scale[: cl[0]][finite[: cl[0]] & after_early[: cl[0]]]
        within = scale[cl[0]: cl[-1] + 1][finite[cl[0]: cl[-1] + 1]]
        level = float(before[-1]) if len(before) else (float(within[0]) * 2 if len(within) else None)
        low = float(within.min()) if len(within) else None
        floor_hit = low is not None and low <= 1.0 and len(cl) >= 2  # one halving to 1 is not a floor
        collapsed = level is not None and low is not None and low <= level / 8
        many = len(cl) >= 3 and (collapsed or low is None)
        if floor_hit or many or (rate >= 0.1 and len(idx) >= 5 and cl is clusters[-1]):
            best = (cl, level, low, floor_hit)
    if best is None:
        return None
    cl, level, low, floor_hit = best
    values = {"count": int(len(cl)), "late_skips": int(len(idx))}
    if level is not None:
        values["baseline"] = sig(level)
    if low is not None:
        values["after"] = sig(low)
    conf = 0.6 + 0.2 * floor_hit + 0.1 * min(1.0, len(cl) / 10) + 0.05 * (rate >= 0.1)
    factor = (level / low) if level and low else float(len(cl))
    return Finding("loss_scale_drops", int(steps[cl[0]]), int(steps[cl[-1]]),
                   round(float(np.log2(max(factor, 1.0))), 2), clip01(conf), values)

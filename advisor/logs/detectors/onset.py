"""`early_blowup`: the trouble starts within the first ~10% of the logged steps.

Derived from the other findings rather than from the frame alone: a divergence, a NaN the
run does not come back from, a spike that does not recover, trouble at the warmup's end or a
clear spike, whose start falls early in a segment that starts at the beginning of training
(a resumed segment's first steps are not "the first steps"). Its confidence is the
underlying finding's, less for a spike that recovered.
`lr_warmup` (1/0, only when the LR is logged) says whether the LR ramped up at the start.

It also fires, with `source` "huge_start", when the first logged losses of a fresh run are
50x+ the level of the points right after them (mmdet's "loss: 59307" at iteration 50, then
0.24): the loss exploded in the first steps and clipping or luck brought it back. It is a
cliff, not a descent: a fine-tuning run that converges smoothly from 0.3 to 0.0003 over
thousands of steps drops 1000x in all but never 50x from one tenth of the run to the next.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from advisor.logs.detectors.series import fraction, segments, series, sig, starts_fresh
from advisor.model.finding import Finding

EARLY = 0.10
HUGE_START = 50.0
SOURCES = {"divergence": 1.0, "nan_loss": 1.0, "spike_no_recovery": 0.9, "warmup_end_spike": 0.8,
           "spike_recovers": 0.6}


def early_blowup(frame: pd.DataFrame, findings: list[Finding]) -> list[Finding]:
    parts = [rows for rows in segments(frame) if starts_fresh(frame, rows)]
    if not parts:
        return []
    seg = frame["segment"].to_numpy()
    steps = frame["step"].to_numpy()
    best = None
    for f in findings:
        weight = SOURCES.get(f.id)
        if weight is None or f.step is None:
            continue
        if f.id == "spike_recovers" and f.confidence < 0.6:
            continue
        if f.id == "nan_loss" and not f.values.get("persistent", 1):
            continue  # an isolated NaN the run shrugs off is no blow-up
        if f.id == "nan_loss" and not f.values.get("train_count"):
            continue  # only validation went NaN: training itself did not blow up
        if f.id == "nan_loss" and any(g.id == "nan_at_start" for g in findings):
            continue  # NaN before any update says nothing about the LR or warmup
        at = int(f.values.get("first_train_step", f.step))
        for rows in parts:
            s = seg[rows.start]
            inside = (steps[rows] == at).any() and _same_segment(f, s)
            if not inside:
                continue
            share = fraction(frame, rows, at)
            if share <= EARLY and (best is None or share < best[0]):
                best = (share, f, weight, at)
            break
    if best is None:
        return _huge_start(frame, parts)
    share, f, weight, at = best
    conf = f.confidence * weight * (1.0 if share <= 0.05 else 0.85)
    values: dict[str, float | int | str] = {"ratio": max(1, math.ceil(share * 100)), "source": f.id}
    warm = _warmup(frame)
    if warm is not None:
        values["lr_warmup"] = warm
    return [Finding("early_blowup", at, f.end_step, round(share, 3), max(0.05, round(conf, 3)),
                    values)]


def _warmup(frame: pd.DataFrame) -> int | None:
    """1 if the logged LR ramps up at the start, 0 if it starts at full value, None if not logged."""
    lr = frame["lr"].to_numpy()
    lr = lr[np.isfinite(lr)]
    if len(lr) < 3 or lr.max() <= 0:
        return None
    return int(lr[0] < 0.5 * lr.max())


def _same_segment(f: Finding, segment: int) -> bool:
    seg = f.values.get("segment")
    return seg is None or seg == segment


def _huge_start(frame: pd.DataFrame, parts: list[slice]) -> list[Finding]:
    for rows in parts:
        s = series(frame, "loss", rows)
        if len(s) < 5:
            continue
        head = max(1, len(s) // 10)
        start = float(np.max(s.value[:head]))
        later = float(np.median(s.value[head:2 * head + 2]))  # the next tenth: a cliff, not a descent
        if later > 0 and start >= HUGE_START * later:
            values: dict[str, float | int | str] = {"ratio": 10, "source": "huge_start",
                                                   "start": sig(start), "later": sig(later)}
            warm = _warmup(frame)
            if warm is not None:
                values["lr_warmup"] = warm
            return [Finding("early_blowup", s.at(0), s.at(head - 1), 0.1, 0.8, values)]
    return []


"""`val_rises`: the validation loss bottoms out and then rises while the training loss does not.

Evaluations are sparse (every few hundred steps, or once an epoch), so this works on the
evaluation points themselves: after the minimum, at least two evaluations, all but a
stray one above the minimum, the later ones 10%+ above it (SageMaker Debugger's overfit rule
uses a 10% train/val ratio), 20%+ when only two evaluations follow the minimum. The training
loss over the same steps must keep falling or stay flat (within 5%); if it rises too, the run
itself is in trouble and other findings say so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from advisor.logs.detectors.series import clip01, segments, series, sig
from advisor.model.finding import Finding

MIN_EVALS = 4
RISE = 0.10


def val_rises(frame: pd.DataFrame) -> list[Finding]:
    if frame["val_loss"].isna().all():
        return []
    out = []
    for rows in segments(frame):
        val = series(frame, "val_loss", rows)
        if len(val) < MIN_EVALS:
            continue
        v = val.value
        lo = int(np.argmin(v))
        after = v[lo + 1:]
        if len(after) < 2 or v[lo] <= 0:
            continue
        late = after[len(after) // 2:]
        rise = float(np.median(late) / v[lo]) - 1
        need = RISE if len(after) >= 3 else 2 * RISE  # two evaluations must show a bigger rise
        if rise < need or after[-1] < (1 + need) * v[lo] or (after <= 1.02 * v[lo]).mean() > 0.25:
            continue
        train = series(frame, "loss", rows)
        trend = _train_change(train.step, train.value, int(val.step[lo]), int(val.step[-1]))
        if trend is not None and trend > 0.05:
            continue
        conf = 0.45 + 0.1 * min(3, len(after) - 1) + 0.15 * min(1.0, (rise - RISE) / 0.3)
        if trend is None:
            conf *= 0.6  # no training loss to compare with
        values = {"baseline": sig(v[lo]), "after": sig(after[-1]), "ratio": round(float(after[-1] / v[lo]), 3),
                  "evals_after_min": int(len(after))}
        if trend is not None:
            values["train_change"] = round(trend, 3)
        out.append(Finding("val_rises", val.at(lo), val.at(len(val) - 1), round(rise, 3),
                           clip01(conf), values))
    return out


def _train_change(step: np.ndarray, loss: np.ndarray, start: int, end: int) -> float | None:
    """Relative change of the training loss between `start` and `end` (None if not logged)."""
    if len(loss) < 2:
        return None
    near_start = loss[np.abs(step - start) <= max(1, 0.05 * (end - start))]
    before = loss[step <= start]
    at_start = np.median(near_start) if len(near_start) else (np.median(before[-5:]) if len(before) else None)
    window = loss[(step > start) & (step <= end)]
    if at_start is None or not len(window) or at_start <= 0:
        return None
    at_end = np.median(window[-max(1, min(5, len(window) // 4)):])
    return float(at_end / at_start - 1)

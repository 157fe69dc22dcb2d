"""`nan_loss`: the log printed a NaN/Inf training or validation loss (or its format's failure
signature). The reader flags these rows; "not logged" never counts. Certain by construction,
so the confidence is 1. `persistent` says whether the first NaN/Inf training loss is
followed by more (or by nothing finite): a NaN the run never comes back from, as opposed to
an intermittent NaN in an otherwise normal run.

`nan_at_start`: the first training loss of a run is already NaN/Inf and no update has happened
yet (step 0, or a zero learning rate): the optimizer cannot be the cause, the data,
labels, loss, initialisation or environment are. Step 1 is not enough: in formats that
number their records (HF stdout dicts) the first record comes after `logging_steps` updates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from advisor.model.finding import Finding


def nan_loss(frame: pd.DataFrame) -> list[Finding]:
    train = frame["loss_nonfinite"].to_numpy()
    val = frame["val_nonfinite"].to_numpy()
    bad = np.flatnonzero(train | val)
    if not len(bad):
        return []
    steps = frame["step"].to_numpy()
    first, last = int(bad[0]), int(bad[-1])
    values = {"count": int(len(bad)), "train_count": int(train.sum()), "val_count": int(val.sum()),
              "segment": int(frame["segment"].iat[first])}
    if train.any():
        at = int(np.flatnonzero(train)[0])
        values["first_train_step"] = int(steps[at])
        values["persistent"] = int(_persistent(frame, at))
    found = [Finding("nan_loss", int(steps[first]), int(steps[last]), float(len(bad)), 1.0, values)]
    if train.any() and _before_any_update(frame, at):
        found.append(Finding("nan_at_start", int(steps[at]), None, 1.0, 1.0, {}))
    return found


def _before_any_update(frame: pd.DataFrame, at: int) -> bool:
    seg = frame["segment"].to_numpy()
    start = int(np.flatnonzero(seg == seg[at])[0])
    if np.isfinite(frame["loss"].to_numpy()[start:at]).any():
        return False  # the run trained normally before this NaN
    lr = float(frame["lr"].iat[at])
    return int(frame["step"].iat[at]) == 0 or lr == 0.0


def _persistent(frame: pd.DataFrame, at: int) -> bool:
    """After row `at`, does the segment's training loss stay non-finite (2+ rows, no finite one between)?"""
    seg = frame["segment"].to_numpy()
    same = seg == seg[at]
    flags = frame["loss_nonfinite"].to_numpy()
    finite = np.isfinite(frame["loss"].to_numpy()) & ~flags
    later = np.flatnonzero(same[at + 1:]) + at + 1
    if not len(later):
        return True
    first_finite = later[finite[later]]
    next_flag = later[flags[later]]
    if not len(first_finite):
        return True
    return bool(len(next_flag)) and next_flag[0] < first_finite[0]

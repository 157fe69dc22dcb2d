"""`nan_loss`: the log printed a NaN/Inf training or validation loss (or its format's failure
signature). The reader flags these rows; "not logged" never counts. Certain by construction,
so the confidence is 1.
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
        values["first_train_step"] = int(steps[np.flatnonzero(train)[0]])
    return [Finding("nan_loss", int(steps[first]), int(steps[last]), float(len(bad)), 1.0, values)]

"""`oscillation`: the loss swings widely for a sustained stretch, without going anywhere.

The segment's loss is cut into blocks of a few points; in each block the robust spread
(MAD scaled to a standard deviation) is compared with the block median. Healthy per-step
noise is a few percent to ~20% of the level; a spread of 35%+ of the level over a quarter of
the run (and at least three blocks in a row) is wild oscillation. A stretch whose level
moves by more than 2.5x is a trend (divergence, steep descent), not an oscillation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from advisor.logs.detectors.series import clip01, segments, series
from advisor.logs.robust import block_stats, runs
from advisor.model.finding import Finding

MIN_POINTS = 24
SPREAD = 0.35
"""Block spread / block median above which the block counts as swinging."""


def oscillation(frame: pd.DataFrame) -> list[Finding]:
    out = []
    for rows in segments(frame):
        s = series(frame, "loss", rows)
        n = len(s)
        if n < MIN_POINTS:
            continue
        size = int(np.clip(n // 16, 6, 64))
        med, spread = block_stats(s.value, size)
        if len(med) < 3 or (med <= 0).any():
            continue
        cv = spread / med
        starts, ends = runs(cv >= SPREAD)
        if not len(starts):
            continue
        lengths = ends - starts + 1
        k = int(np.argmax(lengths))
        a, e = int(starts[k]), int(ends[k])
        if lengths[k] < max(3, 0.25 * len(med)):
            continue
        level = med[a:e + 1]
        third = max(1, len(level) // 3)
        drift = np.median(level[-third:]) / np.median(level[:third])
        if not 0.4 <= drift <= 2.5:
            continue
        ratio = float(np.median(cv[a:e + 1]))
        share = lengths[k] / len(med)
        conf = 0.45 + 0.3 * min(1.0, (ratio - SPREAD) / 0.4) + 0.2 * min(1.0, share)
        out.append(Finding("oscillation", s.at(a * size), s.at(min(n - 1, (e + 1) * size - 1)),
                           round(ratio, 3), clip01(conf),
                           {"ratio": round(ratio, 2), "blocks": int(lengths[k]), "block_points": size}))
    return out

"""`oscillation`: the loss swings widely for a sustained stretch, without going anywhere.

The segment's loss is cut into blocks of a few points; in each block the robust spread
(MAD scaled to a standard deviation) is compared with the block median. Healthy per-step
noise is a few percent to ~20% of the level; a spread of 30%+ of the level over a quarter of
the run (and at least three blocks in a row, one calmer block allowed) is wild oscillation. A stretch whose level
moves by more than 2.5x is a trend (divergence, steep descent), not an oscillation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from advisor.logs.detectors.series import Series, clip01, memo, segments, series
from advisor.logs.robust import block_stats, close_gaps, runs
from advisor.model.finding import Finding

MIN_POINTS = 24
SPREAD = 0.3
"""Block spread / block median above which the block counts as swinging."""


def oscillation(frame: pd.DataFrame) -> list[Finding]:
    out = []
    for rows in segments(frame):
        s = series(frame, "loss", rows)
        found = memo(("stretch", id(s)), lambda: stretch(s))
        if found is None:
            continue
        a, e, ratio, share, size = found
        conf = 0.45 + 0.3 * min(1.0, (ratio - SPREAD) / 0.4) + 0.2 * min(1.0, share)
        out.append(Finding("oscillation", s.at(a), s.at(e), round(ratio, 3), clip01(conf),
                           {"ratio": round(ratio, 2), "blocks": int(round(share * (len(s) // size))),
                            "block_points": size}))
    return out


def stretch(s: Series) -> tuple[int, int, float, float, int] | None:
    """(first point, last point, median spread ratio, share of the blocks, block size) of the
    longest swinging stretch of a loss series, or None. The spike detector uses it too: inside
    such a stretch a tall point is part of the swinging, not a spike."""
    n = len(s)
    if n < MIN_POINTS:
        return None
    size = int(np.clip(n // 16, 6, 64))
    med, spread = block_stats(s.value, size)
    if len(med) < 3 or (med <= 0).any():
        return None
    cv = spread / med
    starts, ends = runs(close_gaps(cv >= SPREAD, 1))  # one calmer block does not end it
    if not len(starts):
        return None
    lengths = ends - starts + 1
    k = int(np.argmax(lengths))
    a, e = int(starts[k]), int(ends[k])
    if lengths[k] < max(3, 0.25 * len(med)):
        return None
    level = med[a:e + 1]
    third = max(1, len(level) // 3)
    drift = np.median(level[-third:]) / np.median(level[:third])
    if not 0.4 <= drift <= 2.5:
        return None  # the level itself moves: a trend, not a swing
    return (a * size, min(n - 1, (e + 1) * size - 1), float(np.median(cv[a:e + 1])),
            float(lengths[k] / len(med)), size)

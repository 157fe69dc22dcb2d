"""Robust statistics shared by the log detectors: trailing medians and MAD scales, runs, slopes.

Why medians and MADs: a training log is full of the very outliers the detectors look for, and
a mean / standard deviation baseline is dragged up by the spike it should expose. The median
of the points *before* a point and the median absolute deviation around it are unmoved by a
few wild values, so "how far above its usual level is this point, in units of usual noise"
stays meaningful next to a spike.

Why two code paths: an exact trailing median over a window of `w` points is a median over an
(n, w) strided view, fast up to tens of thousands of points. pandas' skip-list rolling median
costs about 0.3 s per million points, too slow for `detect()` on a million-point frame, so long
series use block medians instead (median of `B`-point blocks, then the trailing median over
the blocks before each point's block): linear, about 0.03 s per million points, and the
baseline only lags by up to one block, which no detector notices at that resolution.

Every function here takes float64 arrays without NaN (the detectors drop unlogged points
first) and is vectorised: no Python loop runs over the points of a series.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

MAD_TO_SIGMA = 1.4826
"""MAD times this estimates the standard deviation of normal noise."""
EXACT_LIMIT = 1 << 14
"""Series up to this many points get exact windows; longer ones use block medians."""
BLOCKS = EXACT_LIMIT // 2
"""How many blocks a long series is cut into on the block path (few enough for exact windows)."""


def row_medians(rows: np.ndarray) -> np.ndarray:
    """The median of each row of a 2-D array without NaN, equal to `np.median(rows, axis=1)`.

    Why not `np.median`: it also scans every row for NaN and copies more; one partition is
    about three times faster, which matters on the million-point block path.
    """
    width = rows.shape[1]
    half = width // 2
    if width % 2:
        return np.partition(rows, half, axis=1)[:, half]
    part = np.partition(rows, (half - 1, half), axis=1)
    return (part[:, half - 1] + part[:, half]) / 2


def trailing_median(x: np.ndarray, window: int) -> np.ndarray:
    """out[i] = median of the up-to-`window` values before i (out[0] = x[0]).

    A point is never part of its own baseline, so a spike cannot hide itself.
    """
    x = np.asarray(x, dtype=np.float64)
    n = len(x)
    window = max(1, int(window))
    if n == 0:
        return x.copy()
    if n > EXACT_LIMIT:
        return _blocked_trailing_median(x, window)
    out = np.empty(n)
    out[0] = x[0]
    if n == 1:
        return out
    padded = np.concatenate([np.full(window, np.nan), x[:-1]])
    view = sliding_window_view(padded, window)  # row i holds x[i-window : i]
    head = min(window, n)  # rows that still contain padding: at most `window` tiny medians
    for i in range(1, head):
        out[i] = np.median(x[:i])
    if n > head:
        out[head:] = row_medians(view[head:])
    return out


def _blocked_trailing_median(x: np.ndarray, window: int) -> np.ndarray:
    n = len(x)
    size = -(-n // BLOCKS)
    nb = n // size
    medians = row_medians(x[: nb * size].reshape(nb, size))
    if nb * size < n:  # the short last block
        medians = np.append(medians, np.median(x[nb * size:]))
    per_block = trailing_median(medians, max(2, -(-window // size)))
    per_block[0] = medians[0]
    return np.repeat(per_block, size)[:n]


def trailing_level(x: np.ndarray, window: int, floor: float = 0.01) -> tuple[np.ndarray, np.ndarray]:
    """(baseline, scale) before each point: trailing median, and the noise of the points before.

    The noise is the trailing MAD of first differences (divided by sqrt 2), not of the
    deviations from the baseline: a loss that is still falling fast would otherwise count
    its own descent as noise and hide a spike. The scale is never below `floor` times the
    baseline's magnitude, so a log printed with few decimals (MAD 0) does not turn every
    wiggle into an infinite z-score.
    """
    base = trailing_median(x, window)
    d = np.diff(x, prepend=x[:1]) if len(x) else x
    if len(d) > 1:
        d[0] = d[1]
    spread = np.abs(d - trailing_median(d, window))
    scale = MAD_TO_SIGMA / math.sqrt(2) * trailing_median(spread, window)
    return base, np.maximum(scale, floor * np.abs(base) + 1e-12)


def mad(x: np.ndarray) -> float:
    """Median absolute deviation scaled to a standard deviation (0.0 for fewer than 2 values)."""
    x = np.asarray(x, dtype=np.float64)
    if len(x) < 2:
        return 0.0
    return float(MAD_TO_SIGMA * np.median(np.abs(x - np.median(x))))


def centered_median(x: np.ndarray, window: int) -> np.ndarray:
    """Running median centred on each point (edges use the values that exist)."""
    x = np.asarray(x, dtype=np.float64)
    n = len(x)
    half = max(0, int(window) // 2)
    if n == 0 or half == 0:
        return x.copy()
    padded = np.concatenate([np.full(half, np.nan), x, np.full(half, np.nan)])
    view = sliding_window_view(padded, 2 * half + 1)
    out = np.empty(n)
    inner = slice(half, max(half, n - half))
    out[inner] = row_medians(view[inner])
    edges = np.r_[0:min(half, n), max(half, n - half):n]
    out[edges] = np.nanmedian(view[edges], axis=1)
    return out


def decimate(step: np.ndarray, x: np.ndarray, max_points: int) -> tuple[np.ndarray, np.ndarray]:
    """At most `max_points` (step, median) pairs: medians of consecutive blocks, each at the
    step of its block's first point. Short series come back unchanged."""
    n = len(x)
    if n <= max_points:
        return step, x
    size = -(-n // max_points)
    nb = n // size
    med = row_medians(x[: nb * size].reshape(nb, size))
    steps = step[: nb * size : size]
    if nb * size < n:
        med = np.append(med, np.median(x[nb * size:]))
        steps = np.append(steps, step[nb * size])
    return steps, med


def block_stats(x: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(median, MAD scale) of consecutive `size`-point blocks (a short tail block is dropped)."""
    nb = len(x) // size
    blocks = x[: nb * size].reshape(nb, size)
    med = row_medians(blocks)
    spread = MAD_TO_SIGMA * row_medians(np.abs(blocks - med[:, None]))
    return med, spread


def runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (inclusive) indices of each run of True values."""
    m = np.asarray(mask, dtype=np.int8)
    if len(m) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    edges = np.diff(np.concatenate([[0], m, [0]]))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1


def close_gaps(mask: np.ndarray, gap: int = 1) -> np.ndarray:
    """Fill runs of at most `gap` False values that have True on both sides."""
    mask = np.asarray(mask, dtype=bool)
    n = len(mask)
    if gap <= 0 or n < 3:
        return mask
    idx = np.arange(n)
    left = np.maximum.accumulate(np.where(mask, idx, -1))  # last True at or before i
    right = np.minimum.accumulate(np.where(mask, idx, n)[::-1])[::-1]  # first True at or after
    return mask | ((left >= 0) & (right < n) & (right - left - 1 <= gap))


def theil_sen(t: np.ndarray, y: np.ndarray, max_points: int = 120) -> float:
    """Median of pairwise slopes (Theil-Sen) on at most `max_points` evenly spaced points."""
    n = len(y)
    if n < 2:
        return 0.0
    if n > max_points:
        pick = np.linspace(0, n - 1, max_points).astype(np.int64)
        t, y = t[pick], y[pick]
    t = np.asarray(t, dtype=np.float64)
    i, j = np.triu_indices(len(y), k=1)
    dt = t[j] - t[i]
    ok = dt != 0
    if not ok.any():
        return 0.0
    return float(np.median((y[j] - y[i])[ok] / dt[ok]))


def rank_correlation(y: np.ndarray) -> float:
    """Spearman correlation between position and value: +1 for a strictly rising series."""
    n = len(y)
    if n < 3:
        return 0.0
    ranks = np.argsort(np.argsort(y, kind="stable"), kind="stable").astype(np.float64)
    pos = np.arange(n, dtype=np.float64)
    ranks -= ranks.mean()
    pos -= pos.mean()
    denom = math.sqrt(float((ranks ** 2).sum() * (pos ** 2).sum()))
    return float((ranks * pos).sum() / denom) if denom else 0.0

"""`periodic_spikes`: loss spikes that recur at a roughly constant interval (>= 3 of them).

Candidates are excursions above the trailing baseline (ratio >= 1.3, robust z >= 5): smaller
than a lone spike needs, because the regularity itself is the evidence. They are periodic
when most of them sit on epoch boundaries (from the `epoch` column), or, with nothing to
anchor them, when at least four of them are clear spikes (1.5x at the median) whose gaps
are one period (or two: a spike may be missing) within 10%. Each must be over within a quarter of the period:
a sawtooth that decays over the whole period (running averages restarting every epoch) is
not a row of spikes. With epochs in the log, `epoch_aligned` (1/0) and `epoch_length` say
whether the period is the epoch; the message's language-neutral `aligned` fragment is empty.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from advisor.logs.detectors.series import clip01, interval, segments, series
from advisor.logs.detectors.spikes import excursions
from advisor.model.finding import Finding

MIN_COUNT = 3
TOLERANCE = 0.10


def periodic_spikes(frame: pd.DataFrame) -> list[Finding]:
    out = []
    for rows in segments(frame):
        s = series(frame, "loss", rows)
        events = excursions(s, 1.3, 5.0)
        if len(events) < MIN_COUNT:
            continue
        events.sort(key=lambda e: e.peak)
        at = np.asarray([s.step[e.peak] for e in events], dtype=np.int64)
        back = np.asarray([s.step[e.recovered] if e.recovered is not None else np.iinfo(np.int64).max
                           for e in events], dtype=np.int64)
        gap = interval(s.step)
        boundaries, epoch_len = _epochs(frame, rows)
        on_epochs = _on_boundaries(at, boundaries, epoch_len, gap)
        found = on_epochs or _lattice(at, gap)
        if found is None:
            continue
        hits, period = found
        # a spike is short next to its period; a level that resets and decays over the whole
        # period (a sawtooth, e.g. running averages restarting each epoch) is not spikes
        short = np.isin(at, hits) & (back - at <= 0.25 * period)
        if short.sum() < MIN_COUNT or short.sum() < 0.6 * len(hits):
            continue
        hits = at[short]
        ratios = np.asarray([e.ratio for e in events])[short]
        if on_epochs is None and (np.median(ratios) < 1.5 or len(hits) < MIN_COUNT + 1):
            continue  # without epochs to anchor them, chance regularity must be ruled out
        aligned = bool(epoch_len and abs(period - epoch_len) <= 0.1 * epoch_len)
        count = len(hits)
        conf = 0.4 + 0.1 * min(3, count - MIN_COUNT) + 0.2 * aligned
        values = {"count": count, "period": int(round(period)), "aligned": "",
                  "epoch_aligned": int(aligned)}
        if epoch_len:
            values["epoch_length"] = int(round(epoch_len))
        out.append(Finding("periodic_spikes", int(hits[0]), int(hits[-1]), float(count),
                           clip01(conf), values))
    return out[:1]


def _epochs(frame: pd.DataFrame, rows: slice) -> tuple[np.ndarray, float | None]:
    """Steps where a new epoch starts, and the epoch length in steps (None if unknown)."""
    epoch = frame["epoch"].to_numpy()[rows]
    steps = frame["step"].to_numpy()[rows]
    ok = np.isfinite(epoch)
    if ok.sum() < 3:
        return np.zeros(0, np.int64), None
    e, st = np.floor(epoch[ok] + 1e-6), steps[ok]
    new = np.flatnonzero(e[1:] > e[:-1]) + 1
    bounds = st[new]
    if len(bounds) >= 2:
        return bounds, float(np.median(np.diff(bounds)))
    return bounds, None


def _on_boundaries(at: np.ndarray, bounds: np.ndarray, epoch_len: float | None,
                   gap: float) -> tuple[np.ndarray, float] | None:
    if epoch_len is None or len(bounds) < MIN_COUNT:
        return None
    tol = max(1.5 * gap, 0.05 * epoch_len)
    pos = np.searchsorted(bounds, at)
    near = np.minimum(np.abs(at - bounds[np.clip(pos, 0, len(bounds) - 1)]),
                      np.abs(at - bounds[np.clip(pos - 1, 0, len(bounds) - 1)]))
    hits = at[near <= tol]
    if len(hits) < MIN_COUNT or len(hits) < 0.6 * len(at):
        return None
    return hits, epoch_len


def _lattice(at: np.ndarray, gap: float) -> tuple[np.ndarray, float] | None:
    d = np.diff(at).astype(np.float64)
    period = float(np.median(d))
    if period < 3 * gap:
        return None
    k = np.round(d / period)
    off = np.abs(d - k * period)
    good = (k >= 1) & (k <= 2) & (off <= max(TOLERANCE * period, 1.5 * gap))  # one spike may be missing
    if good.mean() < 0.8 or (k == 1).mean() < 0.6:
        return None
    return at, period

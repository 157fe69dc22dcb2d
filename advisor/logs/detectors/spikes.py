"""Loss spikes: `spike_recovers`, `spike_no_recovery`, and the healthy `harmless_blip`.

A point is judged against the points before it: their median is its baseline and the MAD of
their differences its noise scale (`advisor.logs.robust.trailing_level`). A spike must pass two tests at once, a
ratio test (peak / baseline >= 1.8, LLM Foundry's KillLossSpike uses 2x the running mean) and
a noise test (robust z >= 6), so neither a noisy small-batch run nor a very smooth run with a
tiny wiggle raises an alarm. Smoothed logs (interval means, Megatron, HF) flatten real spikes,
so a smaller jump counts when it lasts several points or is corroborated: the gradient norm
or the validation loss jumps with it. A single point that is back at the next point and
small (< 1.8x without corroboration, or barely above the noise) is ordinary batch noise:
reported as a healthy `harmless_blip`, never as a problem.

A jump that keeps growing to the end of the segment, or runs into NaN, is left to the
divergence and NaN detectors, and tall points inside a stretch where the whole curve swings
wildly to the oscillation detector: one event, one finding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from advisor.logs.detectors import grad_norm
from advisor.logs.detectors.oscillation import stretch as swinging
from advisor.logs.detectors.series import Series, clip01, interval, memo, segments, series, sig
from advisor.logs.robust import close_gaps, runs, trailing_level, trailing_median
from advisor.model.finding import Finding

MIN_POINTS = 8
MIN_BEFORE = 4
"""Points needed before a point can be judged (its baseline needs a few values)."""
SPIKE_RATIO, SPIKE_Z = 1.8, 6.0
BLIP_RATIO = 1.6
RECOVER_RATIO = 1.3
"""Back within 1.3x the baseline (or 3 noise units, whichever is larger) = recovered."""
CANDIDATE_RATIO, CANDIDATE_Z = 1.2, 4.0
MAX_EVENTS = 40
"""Only the most extreme excursions of a segment are examined (and at most 5 per id reported)."""
MAX_REPORTED = 5


def window(n: int) -> int:
    """Trailing-window length for a segment of n points."""
    return int(np.clip(n // 8, 5, 30))


@dataclass(frozen=True)
class Excursion:
    """A run of points above their baseline, in positions of the segment's loss series."""

    start: int
    peak: int
    end: int
    baseline: float
    scale: float
    ratio: float
    z: float
    recovered: int | None
    """First point back near the baseline (and staying there), if any."""
    after: float | None
    """Median level after the peak when it did not recover."""
    points_after: int

    @property
    def width(self) -> int:
        return self.end - self.start + 1


def level(s: Series) -> tuple[np.ndarray, np.ndarray]:
    """Trailing (baseline, noise scale) of a loss series (shared with the warmup detector)."""
    return memo(("level", id(s)), lambda: trailing_level(s.value, window(len(s))))


def excursions(s: Series, min_ratio: float = CANDIDATE_RATIO,
               min_z: float = CANDIDATE_Z) -> list[Excursion]:
    """The excursions of one series above its trailing baseline, biggest first.

    Computed once per series at the candidate thresholds; stricter callers filter."""
    found = memo(("excursions", id(s)), lambda: _excursions(s))
    if min_ratio <= CANDIDATE_RATIO and min_z <= CANDIDATE_Z:
        return list(found)
    return [e for e in found if e.ratio >= min_ratio and e.z >= min_z]


def _excursions(s: Series) -> list[Excursion]:
    v = s.value
    n = len(v)
    if n < MIN_POINTS:
        return []
    w = window(n)
    base, scale = level(s)
    z = (v - base) / scale
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(base > 0, v / base, np.inf)
    cand = (z >= CANDIDATE_Z) & (ratio >= CANDIDATE_RATIO)
    cand[:MIN_BEFORE] = False
    starts, ends = runs(close_gaps(cand, 1))
    if len(starts) == 0:
        return []
    # rank whole events by the z of their highest point (vectorised), examine the top ones
    bounds = np.empty(2 * len(starts), np.int64)
    bounds[0::2], bounds[1::2] = starts, ends + 1
    peak_vals = np.maximum.reduceat(np.append(v, -np.inf), bounds)[0::2]
    peak_z = (peak_vals - base[starts]) / scale[starts]
    top = np.argsort(-peak_z, kind="stable")[:MAX_EVENTS]
    out = []
    for k in top:  # a loop over events, never over points
        a, e = int(starts[k]), int(ends[k])
        p = a + int(np.argmax(v[a:e + 1]))
        b, sc = float(base[a]), float(scale[a])
        r = float(v[p] / b) if b > 0 else float("inf")
        out.append(Excursion(a, p, e, b, sc, r, float((v[p] - b) / sc),
                             *_recovery(v, p, b, sc, w)))
    return out


def _recovery(v: np.ndarray, p: int, b: float, sc: float, w: int) -> tuple[int | None, float | None, int]:
    back_at = max(RECOVER_RATIO * b, b + 3 * sc) if b > 0 else b + 3 * sc
    rest = v[p + 1:]
    below = np.flatnonzero(rest <= back_at)
    for j in below[:50]:  # the first point back whose next points stay back
        if np.median(rest[j:j + 3]) <= back_at:
            return p + 1 + int(j), None, len(rest)
    after = float(np.median(rest[: max(3, 3 * w)])) if len(rest) else None
    return None, after, len(rest)


def spikes(frame: pd.DataFrame) -> list[Finding]:
    """spike_recovers / spike_no_recovery / harmless_blip for every segment."""
    found: dict[str, list[tuple[float, Finding]]] = {}
    for rows in segments(frame):
        s = series(frame, "loss", rows)
        events = excursions(s)
        if not events:
            continue
        swing = memo(("stretch", id(s)), lambda: swinging(s))
        if swing is not None:  # spikes inside a swinging stretch are the swinging itself
            lo, hi = swing[0] - swing[4], swing[1]
            events = [ev for ev in events if not lo <= ev.start <= hi]
        grads, vals = grad_norm.spike_steps(frame, rows), _val_jumps(frame, rows)
        nan_row = _first_nonfinite_row(frame, rows)
        lead = 3 * interval(s.step)
        segment = int(frame["segment"].iat[rows.start])
        for ev in events:
            lo, hi = s.step[ev.start] - lead, s.step[ev.peak] + (lead if len(vals) else 0)
            by = {"grad_norm_spike": bool(((grads >= lo) & (grads <= s.step[ev.peak])).any()),
                  "val_jump": bool(((vals >= lo) & (vals <= hi)).any())}
            item = _classify(s, ev, by, nan_row, segment)
            if item is not None:
                found.setdefault(item.id, []).append((item.magnitude, item))
    out = []
    for items in found.values():
        items.sort(key=lambda t: -t[0])
        out.extend(f for _, f in items[:MAX_REPORTED])
    return out


def _val_jumps(frame: pd.DataFrame, rows: slice) -> np.ndarray:
    """Steps where the validation loss is 1.5x+ the median of the three evaluations before."""
    val = series(frame, "val_loss", rows)
    if len(val) < 4:
        return np.zeros(0, np.int64)
    before = trailing_median(val.value, 3)
    jump = val.value >= 1.5 * before
    jump[:1] = False
    return val.step[jump]


def _first_nonfinite_row(frame: pd.DataFrame, rows: slice) -> int | None:
    """Row of the first printed NaN/Inf loss in the segment, if any."""
    flags = np.flatnonzero(frame["loss_nonfinite"].to_numpy()[rows])
    return int(flags[0]) + (rows.start or 0) if len(flags) else None


def _classify(s: Series, ev: Excursion, by: dict[str, bool], nan_row: int | None,
              segment: int) -> Finding | None:
    """Spike, blip or nothing; `by` says what else jumped with it (gradient norm, validation)."""
    r, z = ev.ratio, ev.z
    corroborated = any(by.values())
    # the level shown is the points just before (the trailing median lags a falling curve)
    before = float(np.median(s.value[max(0, ev.start - 3):ev.start])) if ev.start else ev.baseline
    # any one of these makes it a spike; the first is the textbook case
    strong = r >= SPIKE_RATIO and z >= SPIKE_Z
    wild = ev.scale > 0.25 * ev.baseline  # the neighbourhood itself swings (see oscillation)
    tall = r >= 3.0 and z >= 4 and not wild  # so tall that a noisy baseline cannot explain it
    quick = ev.width == 1 and ev.recovered is not None and ev.recovered - ev.peak <= 1
    moderate = r >= BLIP_RATIO and z >= SPIKE_Z and not (quick and not corroborated)
    lasting = r >= 1.5 and z >= 8 and ev.width >= 2  # smoothed logs flatten spikes
    by_grad = corroborated and r >= 1.3 and z >= (5 if r >= 1.5 else 10)
    is_spike = strong or tall or moderate or lasting or by_grad
    peak = float(s.value[ev.peak])
    values: dict[str, float | int | str] = {
        "peak": sig(peak), "baseline": sig(before), "ratio": round(peak / before if before > 0 else r, 2),
        "z": round(min(z, 1e6), 1), "points": ev.width, "segment": segment}
    values.update({k: 1 for k, hit in by.items() if hit})
    magnitude = round(min(z, 1e6), 2)
    step = s.at(ev.start)
    if wild and not strong:
        return None  # ordinary for a curve that swings this much: the oscillation detector's case
    if ev.recovered is not None:
        if is_spike:
            conf = 0.45 + 0.25 * min(1.0, (z - 6) / 14) + 0.15 * min(1.0, (r - 1.5) / 2)
            conf += 0.1 * corroborated + 0.05 * (ev.width >= 2)
            if not (strong or tall):
                conf = min(conf, 0.55)
            if ev.recovered - ev.peak > 30:
                conf *= 0.8  # a slow recovery: less like an isolated spike
            return Finding("spike_recovers", step, s.at(ev.recovered), magnitude, clip01(conf), values)
        if ev.recovered - ev.peak <= 2 and r >= 1.25:
            # small, or barely above the noise: the more it is both, the surer
            conf = 0.4 + 0.2 * (r < BLIP_RATIO) + 0.2 * min(1.0, max(0.0, (SPIKE_Z - z) / 2))
            return Finding("harmless_blip", s.at(ev.peak), s.at(ev.recovered), magnitude,
                           clip01(conf), values)
        return None
    # not back near the baseline by the end of the segment
    if ev.points_after < 2:
        return None  # the log stops at the jump: nothing to say about recovery
    if nan_row is not None and 0 < nan_row - s.row[ev.peak] <= 3 * window(len(s)):
        return None  # it runs into NaN: the NaN / divergence findings tell that story
    rest = s.value[ev.peak + 1:]
    quarter = max(2, len(rest) // 4)
    growing = rest[-1] >= 1.3 * s.value[ev.peak] or (
        len(rest) >= 4 and np.median(rest[-quarter:]) >= 1.3 * np.median(rest[:quarter]))
    if growing and rest[-1] >= 3 * ev.baseline:
        return None  # still growing at the end: divergence
    if not (strong or tall or (r >= 1.5 and z >= 8)):
        return None
    values["after"] = sig(ev.after if ev.after is not None else rest[-1])
    conf = 0.45 + 0.2 * min(1.0, (z - 6) / 14) + 0.15 * min(1.0, ev.points_after / 10)
    conf += 0.1 * (values["after"] >= 1.5 * ev.baseline)
    return Finding("spike_no_recovery", step, s.at(len(s) - 1), magnitude, clip01(conf), values)

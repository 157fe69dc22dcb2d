"""Loss spikes: `spike_recovers`, `spike_no_recovery`, and the healthy `harmless_blip`.

A point is judged against the points before it: the trailing median is its baseline and the
trailing MAD its noise scale (`advisor.logs.robust`). A spike must pass two tests at once, a
ratio test (peak / baseline >= 1.8, LLM Foundry's KillLossSpike uses 2x the running mean) and
a noise test (robust z >= 6), so neither a noisy small-batch run nor a very smooth run with a
tiny wiggle raises an alarm. Smoothed logs (interval means, Megatron, HF) flatten real spikes,
so a smaller jump counts when it lasts several points or the gradient norm spikes with it.
A single point that is back at the next point and small (< 1.6x, or barely above the noise)
is ordinary batch noise: reported as a healthy `harmless_blip`, never as a problem.

A jump that keeps growing to the end of the segment, or runs into NaN, is left to the
divergence and NaN detectors: one event, one finding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from advisor.logs.detectors import grad_norm
from advisor.logs.detectors.series import Series, clip01, segments, series, sig
from advisor.logs.robust import close_gaps, runs, trailing_level
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


def excursions(s: Series, min_ratio: float = CANDIDATE_RATIO,
               min_z: float = CANDIDATE_Z) -> list[Excursion]:
    """The excursions of one series above its trailing baseline, biggest first."""
    v = s.value
    n = len(v)
    if n < MIN_POINTS:
        return []
    w = window(n)
    base, scale = trailing_level(v, w)
    z = (v - base) / scale
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(base > 0, v / base, np.inf)
    cand = (z >= min_z) & (ratio >= min_ratio)
    cand[:MIN_BEFORE] = False
    starts, ends = runs(close_gaps(cand, 1))
    if len(starts) == 0:
        return []
    # rank whole events by the z of their highest point (vectorised), examine the top ones
    peak_vals = np.maximum.reduceat(v, starts)
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
    level = max(RECOVER_RATIO * b, b + 3 * sc) if b > 0 else b + 3 * sc
    rest = v[p + 1:]
    below = np.flatnonzero(rest <= level)
    for j in below[:50]:  # the first point back whose next points stay back
        if np.median(rest[j:j + 3]) <= level:
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
        grads = grad_norm.spike_steps(frame, rows)
        tail_nonfinite = _nonfinite_after(frame, rows, s)
        lead = 3 * _interval(s)
        for ev in events:
            corroborated = bool(len(grads)) and bool(
                ((grads >= s.step[ev.start] - lead) & (grads <= s.step[ev.peak])).any())
            item = _classify(s, ev, corroborated, tail_nonfinite)
            if item is not None:
                found.setdefault(item.id, []).append((item.magnitude, item))
    out = []
    for items in found.values():
        items.sort(key=lambda t: -t[0])
        out.extend(f for _, f in items[:MAX_REPORTED])
    return out


def _interval(s: Series) -> float:
    d = np.diff(s.step)
    d = d[d > 0]
    return float(np.median(d)) if len(d) else 1.0


def _nonfinite_after(frame: pd.DataFrame, rows: slice, s: Series) -> int | None:
    """Row of the first printed NaN/Inf loss in the segment, if any."""
    flags = np.flatnonzero(frame["loss_nonfinite"].to_numpy()[rows])
    return int(flags[0]) + (rows.start or 0) if len(flags) else None


def _classify(s: Series, ev: Excursion, corroborated: bool, nan_row: int | None) -> Finding | None:
    r, z = ev.ratio, ev.z
    strong = r >= SPIKE_RATIO and z >= SPIKE_Z
    medium = r >= 1.5 and z >= 8 and (ev.width >= 2 or corroborated)
    by_grad = r >= 1.3 and z >= 10 and corroborated
    values = {"peak": sig(s.value[ev.peak]), "baseline": sig(ev.baseline), "ratio": round(r, 2),
              "z": round(min(z, 1e6), 1), "points": ev.width}
    if corroborated:
        values["grad_norm_spike"] = 1
    magnitude = round(min(z, 1e6), 2)
    step = s.at(ev.start)
    if ev.recovered is not None:
        quick = ev.recovered - ev.peak <= 1 and ev.width == 1
        if (strong or medium or by_grad) and not (quick and r < BLIP_RATIO and not corroborated):
            conf = 0.45 + 0.25 * min(1.0, (z - 6) / 14) + 0.15 * min(1.0, (r - 1.5) / 2)
            conf += 0.1 * corroborated + 0.05 * (ev.width >= 2)
            if not strong:
                conf = min(conf, 0.6)
            slow = ev.recovered - ev.peak
            if slow > 30:
                conf *= 0.8
            return Finding("spike_recovers", step, s.at(ev.recovered), magnitude,
                           clip01(conf), values)
        if ev.recovered - ev.peak <= 2 and r >= 1.25 and z >= 4:
            conf = 0.5 + 0.3 * min(1.0, (BLIP_RATIO - r) / 0.35 + 0.2)
            return Finding("harmless_blip", s.at(ev.peak), s.at(ev.recovered), magnitude,
                           clip01(conf), values)
        return None
    # not back near the baseline by the end of the segment
    if ev.points_after < 2:
        return None  # the log stops at the jump: nothing to say about recovery
    if nan_row is not None and 0 < nan_row - s.row[ev.peak] <= 3 * window(len(s)):
        return None  # it runs into NaN: the NaN / divergence findings tell that story
    rest = s.value[ev.peak + 1:]
    growing = rest[-1] >= 1.3 * s.value[ev.peak] or (
        len(rest) >= 4 and np.median(rest[-max(2, len(rest) // 4):]) >= 1.3 * np.median(rest[:max(2, len(rest) // 4)]))
    if growing and rest[-1] >= 3 * ev.baseline:
        return None  # still growing at the end: divergence
    if not (strong or medium or (r >= 1.5 and z >= 8)):
        return None
    values["after"] = sig(ev.after if ev.after is not None else rest[-1])
    conf = 0.45 + 0.2 * min(1.0, (z - 6) / 14) + 0.15 * min(1.0, ev.points_after / 10)
    conf += 0.1 * (values["after"] >= 1.5 * ev.baseline)
    return Finding("spike_no_recovery", step, s.at(len(s) - 1), magnitude, clip01(conf), values)

"""The loss's course over a segment: `divergence`, `steady_rise` and `plateau`.

All three work on the segment's loss reduced to at most `MAX_POINTS` block medians, so a
million-point log costs the same as a short one and single-point noise cannot steer them.

* divergence: after the last point that was within 30% of the running minimum, the loss
  climbs to 3x+ that level and is still high at the end, or climbs (1.5x+) straight into
  NaN/Inf. A one-off jump to a new, flat level is a `spike_no_recovery` instead.
* steady_rise: from its smoothed minimum the loss creeps up, gradually and mostly
  monotonically (rank correlation >= 0.6), by 25%+ over at least 30% of the segment.
* plateau: deliberately conservative, because a converged run flattening at the end is
  healthy. Reported with good confidence only when the loss never decreases at all from the
  first logged step; with low confidence when a long early/mid flat stretch sits well above
  the level the run reaches later and no learning-rate drop ended it (step-decay schedules
  make exactly that staircase on purpose).
"""

from __future__ import annotations

import msgspec
import numpy as np
import pandas as pd

from advisor.logs.detectors.series import Series, clip01, memo, segments, series, sig, starts_fresh
from advisor.logs.robust import centered_median, decimate, mad, rank_correlation, row_medians
from advisor.model.finding import Finding

MAX_POINTS = 4096
NEAR_MIN = 1.3
DIVERGE_RATIO = 3.0
RISE_RATIO = 1.25


def _reduced(frame: pd.DataFrame, rows: slice) -> tuple[Series, np.ndarray, np.ndarray]:
    s = series(frame, "loss", rows)
    steps, v = decimate(s.step, s.value, MAX_POINTS)
    return s, steps, v


def trend(frame: pd.DataFrame) -> list[Finding]:
    out: list[Finding] = []
    for rows in segments(frame):
        s, steps, v = _reduced(frame, rows)
        if len(v) < 4:
            continue
        nonfinite_tail = _ends_nonfinite(frame, rows, s)
        found = _divergence(steps, v, nonfinite_tail)
        if found is None and len(v) >= 12:
            found = _steady_rise(steps, v)
        if found is None and len(v) >= 15:
            found = _plateau(frame, rows, steps, v)
        if found is not None:
            seg = int(frame["segment"].iat[rows.start])
            out.append(msgspec.structs.replace(found, values={**found.values, "segment": seg}))
    return out


def _ends_nonfinite(frame: pd.DataFrame, rows: slice, s: Series) -> bool:
    """The segment's loss turns NaN/Inf after its last finite point."""
    flags = frame["loss_nonfinite"].to_numpy()[rows]
    if not flags.any() or not len(s):
        return bool(flags.any())
    return bool(flags[s.row[-1] - (rows.start or 0) + 1:].any())


def _divergence(steps: np.ndarray, v: np.ndarray, nonfinite_tail: bool) -> Finding | None:
    running_min = np.minimum.accumulate(v)
    normal = v <= NEAR_MIN * running_min if v.min() > 0 else v <= running_min + 0.3 * np.abs(running_min)
    onset = int(np.flatnonzero(normal)[-1]) + 1  # first point of the final excursion
    rise = v[onset:]
    if len(rise) < 2:
        return None
    base = float(np.median(v[max(0, onset - 3):onset]))
    if base <= 0:
        return None
    noise = max(mad(np.diff(v[max(0, onset - 30):onset])) / np.sqrt(2), 0.01 * base)
    end, peak = float(rise[-1]), float(rise.max())
    growing = rise[-1] >= 1.3 * rise[0] or end >= 10 * base
    high_end = (end >= DIVERGE_RATIO * base and np.median(rise[-3:]) >= 2 * base
                and end >= 0.7 * peak and growing)
    into_nan = nonfinite_tail and end >= 1.5 * base and rise[-1] >= rise[0] and len(rise) >= 2
    if not (high_end or into_nan) or (end - base) / noise < 8:
        return None
    ratio = end / base
    conf = 0.55 + 0.25 * min(1.0, np.log10(ratio) / 1.5) + 0.1 * min(1.0, len(rise) / 6)
    conf += 0.1 * nonfinite_tail
    return Finding("divergence", int(steps[onset]), int(steps[-1]), round(float(np.log10(ratio)), 3),
                   clip01(conf), {"peak": sig(peak), "baseline": sig(base), "ratio": round(ratio, 2),
                                  "points": int(len(rise)), "into_nan": int(nonfinite_tail)})


def _steady_rise(steps: np.ndarray, v: np.ndarray) -> Finding | None:
    n = len(v)
    if v.min() <= 0:
        return None
    smooth = centered_median(v, max(5, (n // 20) | 1))
    lo = int(np.argmin(smooth))
    span = n - 1 - lo
    if span < max(8, 0.3 * n):
        return None
    tail = v[lo:]
    base = float(smooth[lo])
    end = float(np.median(v[-max(3, n // 20):]))
    ratio = end / base
    if ratio < RISE_RATIO:
        return None
    noise = max(mad(v - smooth), 0.005 * base)
    steps_up = np.diff(smooth[lo:])
    gradual = steps_up.max() < 0.4 * (end - base)
    rho = rank_correlation(tail)
    if not gradual or rho < 0.6 or (end - base) / noise < 4:
        return None
    conf = 0.45 + 0.25 * min(1.0, (ratio - RISE_RATIO) / 0.75) + 0.2 * min(1.0, (rho - 0.6) / 0.3)
    return Finding("steady_rise", int(steps[lo]), int(steps[-1]), round(ratio, 3), clip01(conf),
                   {"baseline": sig(base), "after": sig(end), "ratio": round(ratio, 2),
                    "rank_correlation": round(rho, 2)})


def _plateau(frame: pd.DataFrame, rows: slice, steps: np.ndarray, v: np.ndarray) -> Finding | None:
    n = len(v)
    level = float(np.median(v))
    if level <= 0:
        return None
    k = max(3, n // 5)
    head, tail = float(np.median(v[:k])), float(np.median(v[-k:]))
    never_fell = (starts_fresh(frame, rows) and v[:3].max() <= 1.1 * level
                  and tail >= 0.95 * head and tail <= 1.1 * head
                  and np.median(v[k:2 * k]) >= 0.95 * head and not _learns_elsewhere(frame, level))
    if never_fell:
        return Finding("plateau", int(steps[0]), int(steps[-1]), round(head / tail, 3), 0.7,
                       {"baseline": sig(level), "kind": "never_decreased"})
    return _stuck_stretch(frame, rows, steps, v)


def _learns_elsewhere(frame: pd.DataFrame, level: float) -> bool:
    """Does the loss get clearly lower somewhere else in the file (another segment: this one is
    a slice of a run, e.g. a counter that restarts every epoch, not a run that never learns)?"""
    low = memo(("low", id(frame)), lambda: _low(frame))
    return low is not None and low < 0.9 * level


def _low(frame: pd.DataFrame) -> float | None:
    """5th percentile of the file's finite training losses."""
    loss = frame["loss"].to_numpy()
    ok = np.isfinite(loss) & ~frame["loss_nonfinite"].to_numpy()
    return float(np.percentile(loss[ok], 5)) if ok.any() else None


def _stuck_stretch(frame: pd.DataFrame, rows: slice, steps: np.ndarray, v: np.ndarray) -> Finding | None:
    """A long flat stretch early or mid-run that the loss later leaves downwards (low confidence)."""
    lr = frame["lr"].to_numpy()[rows]
    if np.isfinite(lr).sum() < 5:
        return None  # without the LR we cannot tell a planned step-decay staircase from a stall
    chunks = 20
    size = len(v) // chunks
    if size < 2:
        return None
    med = row_medians(v[: size * chunks].reshape(chunks, size))
    flat = np.abs(np.diff(med)) <= 0.02 * med[:-1]
    best_len, best_start, run = 0, 0, 0
    for i, f in enumerate(flat):  # 19 chunk transitions, not points
        run = run + 1 if f else 0
        if run > best_len:
            best_len, best_start = run, i - run + 1
    if best_len < 7 or best_start > 0.6 * chunks:
        return None
    stop = best_start + best_len  # last chunk of the stretch
    stuck = float(np.median(med[best_start:stop + 1]))
    later = med[stop + 1:]
    if not len(later) or later.min() > 0.75 * stuck:
        return None
    # an LR drop where the stretch ends means a planned staircase, not a stall
    lr_steps = frame["step"].to_numpy()[rows]
    ok = np.isfinite(lr)
    lr_during = lr[ok & (lr_steps <= steps[min(len(steps) - 1, (stop + 1) * size - 1)])]
    lr_after = lr[ok & (lr_steps > steps[min(len(steps) - 1, (stop + 1) * size - 1)])]
    if len(lr_during) and len(lr_after) and lr_after.min() <= 0.5 * lr_during[-1]:
        return None
    start = int(steps[best_start * size])
    return Finding("plateau", start, int(steps[min(len(steps) - 1, (stop + 1) * size - 1)]),
                   round(stuck / float(later.min()), 3), 0.3,
                   {"baseline": sig(stuck), "later": sig(float(later.min())), "kind": "stalled"})

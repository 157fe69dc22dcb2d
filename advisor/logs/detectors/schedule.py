"""The learning-rate schedule: `lr_jump` (a jump no schedule makes) and `warmup_end_spike`.

lr_jump: the LR rises by more than 3x between two logged points. Warmup does that on
purpose at the start (linear warmup from ~0 doubles, then grows by 1.5x ...), so a rise is
excused while the LR has only been rising and either the run is in its first 10% or the
increments are as even as a linear/exponential ramp's. Step-decay schedules drop the LR 10x
at milestones: drops are never reported. Cosine-with-restarts jumps back to the same peak
more than once: repeated jumps to one level are a planned schedule too. A resume whose first
LR is 3x+ the LR the previous run had at that step is a jump as well (values `at_resume` 1).
One finding per log (its weights would otherwise add up), with the number of jumps.

warmup_end_spike: the LR rises to its peak and then holds or decays, and within a short
window around that peak (from the last quarter of the ramp to half a ramp's length after it,
at least 5% of the run) the loss starts a climb that takes it 1.5x+ above its trailing median
within five points and stays up (or turns NaN). A spike gone at the next point is not it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from advisor.logs.detectors.series import (Series, clip01, fraction, interval, previous, segments,
                                           series, sig, starts_fresh)
from advisor.logs.detectors.spikes import level
from advisor.model.finding import Finding

JUMP = 3.0


def lr_jump(frame: pd.DataFrame) -> list[Finding]:
    if frame["lr"].isna().all():
        return []
    jumps: list[tuple[float, int, float, float, int]] = []  # (ratio, step, before, after, at_resume)
    for rows in segments(frame):
        s = series(frame, "lr", rows)
        jumps.extend(_within(frame, rows, s))
        before = previous(frame, rows)
        if before is not None and len(s) and not starts_fresh(frame, rows):
            prev = series(frame, "lr", before)
            before = prev.value[prev.step <= s.step[0]]
            if len(before) and before[-1] > 0 and s.value[0] >= JUMP * before[-1]:
                jumps.append((s.value[0] / before[-1], s.at(0), before[-1], s.value[0], 1))
    if not jumps:
        return []
    ratio, step, before, after, at_resume = max(jumps)
    conf = 0.6 + 0.2 * min(1.0, np.log10(ratio) / 1.5) + 0.1 * (len(jumps) == 1)
    if at_resume:
        conf -= 0.15
    return [Finding("lr_jump", step, None, round(float(np.log10(ratio)), 3), clip01(conf), {
        "before": sig(before), "after": sig(after), "ratio": round(ratio, 2), "count": len(jumps),
        "at_resume": at_resume})]


def _within(frame: pd.DataFrame, rows: slice, s: Series) -> list[tuple[float, int, float, float, int]]:
    lr = s.value
    if len(lr) < 3:
        return []
    prev = lr[:-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.where(prev > 0, lr[1:] / prev, np.inf)
    up = np.flatnonzero((q >= JUMP) & (prev > 0)) + 1
    if not len(up):
        return []
    falls = np.concatenate([[0], np.cumsum(np.diff(lr) < -1e-12 * np.abs(lr[:-1]))])
    peak = lr.max()
    kept = []
    for i in up[:100]:  # jumps, not points
        rising_only = falls[i - 1] == 0
        early = fraction(frame, rows, s.at(i))
        if rising_only and (early <= 0.1 or _even_ramp(s.step, lr, i)
                            or (early <= 0.5 and _leaves_warmup_floor(lr, i))):
            continue  # warmup
        kept.append(i)
    if len(kept) >= 2 and all(lr[i] >= 0.8 * peak for i in kept):
        return []  # warm restarts back to the same peak: a planned cyclic schedule
    return [(float(q[i - 1]), s.at(i), float(lr[i - 1]), float(lr[i]), 0) for i in kept]


def _even_ramp(steps: np.ndarray, lr: np.ndarray, i: int) -> bool:
    """Is the rise into point i, per step, as even as a linear or exponential warmup's?

    Per step, not per logged point: a log with a gap (sparse logging, a pasted excerpt with
    lines cut out) shows a linear warmup as one big rise across the gap at the same slope.
    """
    if i < 2 or lr[i - 2] <= 0:
        return False
    gap_now, gap_before = max(1, steps[i] - steps[i - 1]), max(1, steps[i - 1] - steps[i - 2])
    slope_now = (lr[i] - lr[i - 1]) / gap_now
    slope_before = (lr[i - 1] - lr[i - 2]) / gap_before
    growth_now = (lr[i] / lr[i - 1]) ** (1 / gap_now)
    growth_before = (lr[i - 1] / lr[i - 2]) ** (1 / gap_before)
    linear = slope_before > 0 and slope_now <= 2.5 * slope_before
    exponential = growth_before > 1 and growth_now <= 1.5 * growth_before
    return bool(linear or exponential)


def _leaves_warmup_floor(lr: np.ndarray, i: int) -> bool:
    """Is point i the first move off a flat start 100x+ below it? That is a stepped warmup
    leaving its tiny initial LR (timm's warmup_lr 1e-5 held for the first epoch, then the
    per-epoch ramp), not a schedule gone wrong."""
    before = lr[:i]
    return bool(before.max() == before.min() and lr[i] >= 100 * before[0])


def warmup_end_spike(frame: pd.DataFrame) -> list[Finding]:
    if frame["lr"].isna().all():
        return []
    out = []
    for rows in segments(frame):
        lr = series(frame, "lr", rows)
        if len(lr) < 3:
            continue
        top = float(lr.value.max())
        ip = int(np.flatnonzero(lr.value >= (1 - 1e-3) * top)[0])  # where the peak is reached
        if ip < 2 or lr.value[0] > 0.5 * top or top <= 0:
            continue  # no warmup ramp
        rise = np.diff(lr.value[: ip + 1])
        still_rising = int(np.argmax(lr.value)) >= len(lr) - 2
        if (rise < 0).mean() > 0.2 or still_rising or rise[-1] > 0.6 * (top - lr.value[0]):
            continue  # not a ramp (a jump is lr_jump's business), or still ramping at the end
        peak_step = lr.at(ip)
        ramp = max(1, peak_step - lr.at(0))
        span = int(frame["step"].to_numpy()[rows][-1]) - lr.at(0)
        loss = series(frame, "loss", rows)
        lo_step = peak_step - 0.25 * ramp
        hi_step = peak_step + max(0.5 * ramp, 0.05 * span, 5 * interval(loss.step))
        hit = _worsening(frame, rows, loss, lo_step, hi_step)
        if hit is None:
            continue
        step, ratio, into_nan = hit
        conf = 0.5 + 0.2 * min(1.0, (ratio - 1.5) / 2) + 0.15 * into_nan + 0.1
        out.append(Finding("warmup_end_spike", step, peak_step, round(ratio, 2), clip01(conf),
                           {"peak_lr": sig(top), "ratio": round(ratio, 2), "into_nan": int(into_nan),
                            "segment": int(frame["segment"].iat[rows.start])}))
    return out[:1]


def _worsening(frame: pd.DataFrame, rows: slice, loss: Series, lo: float,
               hi: float) -> tuple[int, float, bool] | None:
    """Where the loss starts getting worse for good in [lo, hi]: the start of a climb that
    reaches 1.5x its trailing median within a few points and stays up, or the first NaN."""
    steps_all = frame["step"].to_numpy()[rows]
    flags = frame["loss_nonfinite"].to_numpy()[rows]
    nan_steps = steps_all[flags & (steps_all >= lo) & (steps_all <= hi)]
    v = loss.value
    first = None
    if len(v) >= 5:
        # the reference is the trailing median, not the running minimum: the minimum of a
        # noisy curve sits a few noise units low and would make noise look like a climb
        base, scale = level(loss)
        ahead = 5
        i0 = max(3, int(np.searchsorted(loss.step, lo)))
        i1 = int(np.searchsorted(loss.step, hi, side="right"))  # only the window is examined
        if i1 > i0:
            tail = np.inf if len(nan_steps) else 0.0  # a NaN right after counts as "still up"
            nxt = np.concatenate([v[i0 + 1:i1 + ahead], np.full(ahead, tail)])
            view = np.lib.stride_tricks.sliding_window_view(nxt, ahead)[: i1 - i0]
            b, vv = base[i0:i1], v[i0:i1]
            stays = (view[:, :3] >= 1.3 * b[:, None]).sum(axis=1) >= 2  # 2 of the next 3 up
            climbing = (vv >= 1.1 * b) & ((vv - b) / scale[i0:i1] >= 3) & (b > 0)
            reaches = np.maximum(vv, view.max(axis=1)) >= 1.5 * b
            hits = np.flatnonzero(climbing & reaches & stays)
            if len(hits):
                j = i0 + int(hits[0])
                top = float(np.max(v[j:j + ahead + 1]))
                first = (loss.at(j), top / float(base[j]), False)
    if len(nan_steps) and (first is None or nan_steps[0] < first[0]):
        before = v[loss.step < nan_steps[0]]
        ratio = float(before[-1] / before.min()) if len(before) else 1.0
        return int(nan_steps[0]), max(ratio, 1.5), True
    return first

"""`grad_norm_leads`: the gradient norm spikes at, or a few points before, a loss spike.

Gradient norms are far noisier than the loss and heavy-tailed, so a gradient-norm spike needs
3x its trailing median and a robust z of 8. When such a spike is followed within three logged
points by a rise of the loss, the gradients moved first: an outlier batch or exploding
gradients rather than, say, a logging artefact. `spike_steps` is also used by the spike
detector to accept smaller loss jumps (smoothed logs) that the gradient norm confirms.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from advisor.logs.detectors.series import clip01, interval, memo, segments, series, sig
from advisor.logs.robust import runs, trailing_level
from advisor.model.finding import Finding

MIN_POINTS = 8
MIN_BEFORE = 4
GRAD_RATIO, GRAD_Z = 3.0, 8.0
LOSS_RATIO, LOSS_Z = 1.3, 5.0
MAX_REPORTED = 3


def _spikes(frame: pd.DataFrame, rows: slice) -> list[tuple[int, float, float]]:
    """(position, peak, baseline) of each gradient-norm spike run in the segment."""
    return memo(("grad_spikes", id(frame), rows.start, rows.stop), lambda: _find(frame, rows))


def _find(frame: pd.DataFrame, rows: slice) -> list[tuple[int, float, float]]:
    s = series(frame, "grad_norm", rows)
    n = len(s)
    if n < MIN_POINTS:
        return []
    base, scale = trailing_level(s.value, int(np.clip(n // 8, 5, 30)))
    with np.errstate(divide="ignore", invalid="ignore"):
        hit = (s.value >= GRAD_RATIO * base) & ((s.value - base) / scale >= GRAD_Z) & (base > 0)
    hit[:MIN_BEFORE] = False
    starts, ends = runs(hit)
    return [(int(a), float(s.value[a:e + 1].max()), float(base[a]))
            for a, e in zip(starts[:200], ends[:200], strict=True)]


def spike_steps(frame: pd.DataFrame, rows: slice) -> np.ndarray:
    """Steps where a gradient-norm spike starts in this segment."""
    if frame["grad_norm"].isna().all():
        return np.zeros(0, np.int64)
    s = series(frame, "grad_norm", rows)
    return np.asarray([s.step[i] for i, _, _ in _spikes(frame, rows)], dtype=np.int64)


def grad_norm_leads(frame: pd.DataFrame) -> list[Finding]:
    if frame["grad_norm"].isna().all():
        return []
    from advisor.logs.detectors.spikes import excursions  # spikes imports this module

    found = []
    for rows in segments(frame):
        grads = _spikes(frame, rows)
        if not grads:
            continue
        g = series(frame, "grad_norm", rows)
        loss = series(frame, "loss", rows)
        rises = np.asarray(sorted(loss.at(e.start) for e in excursions(loss, LOSS_RATIO, LOSS_Z)),
                           dtype=np.int64)
        step_gap = interval(loss.step) if len(loss) > 1 else interval(g.step)
        for i, peak, baseline in grads:
            at = g.at(i)
            follow = rises[(rises >= at) & (rises <= at + 3 * step_gap)]
            if not len(follow):
                continue
            ratio = peak / baseline
            lead = int(follow[0] - at)
            conf = 0.55 + 0.2 * min(1.0, (ratio - GRAD_RATIO) / 10) + 0.15 * (lead > 0)
            found.append(Finding("grad_norm_leads", at, int(follow[0]), round(ratio, 2), clip01(conf), {
                "peak": sig(peak), "baseline": sig(baseline), "ratio": round(ratio, 2),
                "loss_step": int(follow[0]), "lead": lead}))
    found.sort(key=lambda f: -f.magnitude)
    return found[:MAX_REPORTED]

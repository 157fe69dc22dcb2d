"""`spike_after_resume`: the loss jumps right after training resumed from a checkpoint.

A new segment starts where the step counter went backwards. It is a resume when the
counter picks up mid-run (its first step is past the previous segment's start), and its
first points are compared with the previous segment's loss at the step it resumed from
(the checkpoint), not with the previous segment's end, which is often the crash being
recovered from. A segment that starts over from step ~0 at the previous run's initial loss
is a fresh run (e.g. a second run appended to the same file): no finding; one that starts
over from ~0 but at the previous run's trained level is a resume with a reset counter.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from advisor.logs.detectors.series import Series, clip01, previous, segments, series, sig, starts_fresh
from advisor.logs.robust import mad
from advisor.model.finding import Finding

HEAD = 3
"""How many points after the resume are compared."""


def spike_after_resume(frame: pd.DataFrame) -> list[Finding]:
    out = []
    for rows in segments(frame):
        before = previous(frame, rows)
        if before is None:
            continue
        prev, cur = series(frame, "loss", before), series(frame, "loss", rows)
        if len(prev) < 3 or len(cur) < 2:
            continue
        found = _compare(frame, rows, prev, cur)
        if found is not None:
            out.append(found)
    return out


def _reference(prev: Series, resumed_at: int) -> np.ndarray:
    """The previous segment's loss up to the step the run resumed from (the last 30 points)."""
    upto = prev.value[prev.step <= resumed_at]
    if len(upto) >= 3:
        return upto[-30:]
    # resumed past the previous end: its last points, minus a blown-up tail
    running_min = np.minimum.accumulate(prev.value)
    calm = prev.value[prev.value <= 1.3 * running_min]
    return calm[-30:]


def _compare(frame: pd.DataFrame, rows: slice, prev: Series, cur: Series) -> Finding | None:
    head = cur.value[:HEAD]
    if starts_fresh(frame, rows):
        # counter back at ~0: a resume only if it starts near the trained level, not the initial one
        initial = float(np.median(prev.value[:HEAD]))
        ref = _reference(prev, int(prev.step[-1]))
        if np.median(head) > 0.7 * initial:
            return None
    else:
        ref = _reference(prev, int(cur.step[0]))
    if len(ref) < 2:
        return None
    base = float(np.median(ref[-8:]))  # the level at the checkpoint
    if base <= 0:
        return None
    noise = max(mad(np.diff(ref)) / np.sqrt(2), 0.01 * base)
    peak = float(head.max())
    level = float(np.median(head))
    z = (peak - base) / noise
    if not ((peak >= 1.4 * base and z >= 6) or (level >= 1.25 * base and (level - base) / noise >= 8)):
        return None
    ratio = peak / base
    conf = 0.55 + 0.2 * min(1.0, (ratio - 1.25) / 1.5) + 0.15 * (level >= 1.25 * base)
    return Finding("spike_after_resume", cur.at(0), cur.at(min(len(cur), HEAD) - 1), round(ratio, 3),
                   clip01(conf), {"baseline": sig(base), "peak": sig(peak), "ratio": round(ratio, 2),
                                  "resumed_from": int(cur.step[0])})

"""Detectors: a canonical log frame in, numeric `Finding`s out (the words live in findings.yaml).

Each detector is a function `frame -> list[Finding]` in a small module of its own, listed in
`DETECTORS`; `DERIVED` ones also see what the others found (the onset of the trouble is a
property of other findings). `detect(frame)` runs them all and returns the findings sorted
by step. Everything is vectorised numpy over the frame's columns, per segment where a
restart matters, so a million-point log takes a fraction of a second.

| module | finding ids |
| --- | --- |
| nan_inf | nan_loss |
| spikes | spike_recovers, spike_no_recovery, harmless_blip (healthy) |
| trend | divergence, steady_rise, plateau |
| oscillation | oscillation |
| periodic | periodic_spikes |
| val_gap | val_rises |
| loss_scale | loss_scale_drops, loss_scale_calibration (healthy) |
| grad_norm | grad_norm_leads |
| schedule | lr_jump, warmup_end_spike |
| resume | spike_after_resume |
| onset (derived) | early_blowup |
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from advisor.logs.detectors.grad_norm import grad_norm_leads
from advisor.logs.detectors.loss_scale import loss_scale
from advisor.logs.detectors.nan_inf import nan_loss
from advisor.logs.detectors.onset import early_blowup
from advisor.logs.detectors.oscillation import oscillation
from advisor.logs.detectors.periodic import periodic_spikes
from advisor.logs.detectors.resume import spike_after_resume
from advisor.logs.detectors.schedule import lr_jump, warmup_end_spike
from advisor.logs.detectors.series import shared_work
from advisor.logs.detectors.spikes import spikes
from advisor.logs.detectors.trend import trend
from advisor.logs.detectors.val_gap import val_rises
from advisor.model.finding import Finding

Detector = Callable[[pd.DataFrame], list[Finding]]
Derived = Callable[[pd.DataFrame, list[Finding]], list[Finding]]

DETECTORS: list[Detector] = [
    nan_loss, spikes, trend, oscillation, periodic_spikes, val_rises, loss_scale,
    grad_norm_leads, lr_jump, warmup_end_spike, spike_after_resume,
]
DERIVED: list[Derived] = [early_blowup]


def detect(frame: pd.DataFrame) -> list[Finding]:
    """All findings for one canonical frame, sorted by step (run-level ones first)."""
    if frame is None or len(frame) == 0:
        return []
    with shared_work():
        findings = [f for detector in DETECTORS for f in detector(frame)]
        findings += [f for derived in DERIVED for f in derived(frame, findings)]
    findings = [_plain(f) for f in _reconcile(findings)]
    return sorted(findings, key=lambda f: (-1 if f.step is None else f.step, f.id))


def _reconcile(findings: list[Finding]) -> list[Finding]:
    """A blip that is one of a row of periodic spikes is not "ordinary batch noise"."""
    rows = [f for f in findings if f.id == "periodic_spikes"]
    if not rows:
        return findings

    def in_row(f: Finding) -> bool:
        for p in rows:
            period = float(p.values["period"])
            k = round((f.step - p.step) / period)
            if 0 <= k and abs(f.step - p.step - k * period) <= 0.05 * period and f.step <= p.end_step:
                return True
        return False
    return [f for f in findings if not (f.id == "harmless_blip" and f.step is not None and in_row(f))]


def _plain(f: Finding) -> Finding:
    """The same finding with plain Python numbers (numpy scalars leak easily into values)."""
    def plain(v):
        if isinstance(v, (bool, np.bool_)):
            return int(v)
        if isinstance(v, np.integer):
            return int(v)
        if isinstance(v, np.floating):
            return float(v)
        return v
    return Finding(f.id, None if f.step is None else int(f.step),
                   None if f.end_step is None else int(f.end_step), float(f.magnitude),
                   float(f.confidence), {k: plain(v) for k, v in f.values.items()})


__all__ = ["DERIVED", "DETECTORS", "detect"]

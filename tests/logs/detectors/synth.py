"""Synthetic canonical frames for the detector tests: healthy curves and one anomaly at a time."""

from __future__ import annotations

import numpy as np
import pandas as pd

from advisor.logs.detectors import detect
from advisor.logs.frame import COLUMNS
from advisor.model.finding import Finding

HEALTHY_IDS = {"harmless_blip", "loss_scale_calibration"}


def frame(loss, step=None, *, val=None, lr=None, grad=None, epoch=None, scale=None, skipped=None,
          segment=None, nonfinite=None, val_nonfinite=None) -> pd.DataFrame:
    """A canonical frame; NaN loss entries are printed NaNs unless `nonfinite` says otherwise."""
    loss = np.asarray(loss, dtype=np.float64)
    n = len(loss)
    step = np.arange(1, n + 1) if step is None else np.asarray(step)
    nan = np.full(n, np.nan)

    def col(x):
        return nan.copy() if x is None else np.asarray(x, dtype=np.float64)

    if segment is None:
        back = np.zeros(n, bool)
        back[1:] = step[1:] < step[:-1]
        segment = np.cumsum(back)
    val = col(val)
    data = {
        "step": step.astype(np.int64), "epoch": col(epoch), "loss": loss, "val_loss": val,
        "lr": col(lr), "grad_norm": col(grad), "loss_scale": col(scale),
        "skipped": np.zeros(n, bool) if skipped is None else np.asarray(skipped, bool),
        "segment": np.asarray(segment, np.int64),
        "loss_nonfinite": ~np.isfinite(loss) if nonfinite is None else np.asarray(nonfinite, bool),
        "val_nonfinite": np.zeros(n, bool) if val_nonfinite is None else np.asarray(val_nonfinite, bool),
    }
    return pd.DataFrame(data)[list(COLUMNS)]


def decay(n: int = 400, init: float = 3.0, floor: float = 1.0, tau: float | None = None,
          noise: float = 0.03, seed: int = 0) -> np.ndarray:
    """floor + (init - floor) exp(-i / tau), with multiplicative log-normal noise."""
    rng = np.random.default_rng(seed)
    i = np.arange(n, dtype=np.float64)
    tau = n / 6 if tau is None else tau
    return (floor + (init - floor) * np.exp(-i / tau)) * np.exp(rng.normal(0, noise, n))


def cosine_lr(n: int, peak: float = 3e-4, warmup: int = 20) -> np.ndarray:
    i = np.arange(n, dtype=np.float64)
    progress = np.clip((i - warmup) / max(1, n - warmup), 0, 1)
    return np.where(i < warmup, peak * (i + 1) / warmup, peak * 0.5 * (1 + np.cos(np.pi * progress)))


def healthy(seed: int) -> tuple[pd.DataFrame, int]:
    """A healthy run with random length, log interval, curve, 2-10% noise, warmup + cosine LR,
    evaluation every few hundred steps, maybe a gradient norm, and one harmless blip.
    Returns the frame and the blip's step."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(40, 2000))
    every = int(rng.choice([1, 5, 10, 20, 50]))
    step = np.arange(1, n + 1) * every
    init = rng.uniform(1.5, 11.0)
    floor = init * rng.uniform(0.05, 0.6)
    tau = n * rng.uniform(0.02, 0.4)
    i = np.arange(n, dtype=np.float64)
    loss = (floor + (init - floor) * np.exp(-i / tau)) * np.exp(rng.normal(0, rng.uniform(0.02, 0.10), n))
    b = int(rng.integers(n // 5, n - 2))
    loss[b] *= rng.uniform(1.2, 1.45)
    lr = cosine_lr(n, 3e-4, int(n * rng.uniform(0, 0.1)))
    val = np.full(n, np.nan)
    at = np.arange(n) % int(rng.choice([10, 20, 50])) == 0
    val[at] = (floor * 1.05 + (init - floor) * np.exp(-i[at] / tau)) * np.exp(rng.normal(0, 0.01, at.sum()))
    grad = (0.8 + 3 * np.exp(-i / tau)) * np.exp(rng.normal(0, 0.15, n)) if rng.random() < 0.6 else None
    epochs = int(rng.integers(1, 10))
    return frame(loss, step, val=val, lr=lr, grad=grad, epoch=step / (step[-1] / epochs)), int(step[b])


def ids(findings: list[Finding]) -> set[str]:
    return {f.id for f in findings}


def problems(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.id not in HEALTHY_IDS]


def only(findings: list[Finding], finding_id: str) -> Finding:
    hits = [f for f in findings if f.id == finding_id]
    assert len(hits) == 1, f"expected one {finding_id}, got {findings}"
    return hits[0]


def run(df: pd.DataFrame) -> list[Finding]:
    return detect(df)

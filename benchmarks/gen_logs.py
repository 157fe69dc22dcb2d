"""Labelled training logs in real formats, generated from documented models of each failure.

`generate(out_dir, seed=0)` writes every case below into `out_dir` plus `cases.yaml`
(file, format, expect, healthy, model); the same seed always gives the same bytes. The
committed set lives in `tests/data/logs/cases/` (regenerate with
`python benchmarks/gen_logs.py tests/data/logs/cases`).

The curve models (one function per case, the docstring says what it models):

* healthy: loss = floor + (init - floor) * exp(-t / tau), times multiplicative log-normal
  noise of 2-10% per logged point (logged values are interval means, so noisier per-step
  losses show up smaller); linear warmup then cosine / linear / step decay of the LR;
  gradient norm decaying to a floor with 15% noise; evaluation every few hundred steps at
  about the training level; optionally one 1.2-1.45x blip that is gone at the next point,
  dynamic fp16 loss scaling that halves a few times in the first steps and then settles.
* each failure changes that model the way the failure shows in real logs (REFERENCES.md,
  `../shared/logformats/README.md`): e.g. a peak LR too high makes the loss grow
  geometrically shortly after warmup ends until it turns NaN; a bad batch makes one point
  2.5-5x with the gradient norm spiking at or just before it; a lost optimizer state makes
  the loss jump 1.6-2.5x right after the resume and recover slowly.

Formats written: Hugging Face Trainer stdout (raw `\\r` progress bars and dicts), DeepSpeed +
HF, Megatron-LM iteration lines, nanoGPT, a plain print loop
(`epoch N step M loss X lr Y`), Keras CSVLogger.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

Rng = np.random.Generator


@dataclass
class Run:
    """One training segment's numbers at its logged steps (NaN loss = printed NaN/Inf)."""

    step: np.ndarray
    loss: np.ndarray
    lr: np.ndarray | None = None
    grad_norm: np.ndarray | None = None
    epoch: np.ndarray | None = None
    val: dict[int, float] = field(default_factory=dict)
    scale: np.ndarray | None = None
    """fp16 loss scale in effect at each logged step."""
    overflows: list[tuple[int, float, float]] = field(default_factory=list)
    """(step, attempted scale, reduced-to scale) of every skipped step."""
    total: int = 0


@dataclass
class Case:
    name: str
    format: str
    runs: list[Run]
    expect: list[str]
    model: str
    resume_from: list[int] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.expect


# --- curve models ----------------------------------------------------------------------------

def decay(t: np.ndarray, init: float, floor: float, tau: float) -> np.ndarray:
    return floor + (init - floor) * np.exp(-t / tau)


def noisy(rng: Rng, clean: np.ndarray, sigma: float) -> np.ndarray:
    return clean * np.exp(rng.normal(0.0, sigma, len(clean)))


def warmup_cosine(t: np.ndarray, peak: float, warmup: int, total: int, floor: float = 0.1) -> np.ndarray:
    ramp = peak * np.minimum(1.0, (t + 1) / max(1, warmup))
    progress = np.clip((t - warmup) / max(1, total - warmup), 0, 1)
    cos = peak * (floor + (1 - floor) * 0.5 * (1 + np.cos(np.pi * progress)))
    return np.where(t < warmup, ramp, cos)


def grad_norms(rng: Rng, t: np.ndarray, g0: float = 4.0, g1: float = 0.8, tau: float = 200) -> np.ndarray:
    return noisy(rng, decay(t, g0, g1, tau), 0.15)


def blip(rng: Rng, loss: np.ndarray, lo: float = 0.3, hi: float = 0.8) -> int:
    """One point 1.2-1.45x, gone at the next: ordinary batch noise."""
    i = int(rng.integers(int(lo * len(loss)), int(hi * len(loss))))
    loss[i] *= rng.uniform(1.2, 1.45)
    return i


def table(steps: np.ndarray, values: np.ndarray) -> dict[int, float]:
    """{step: value} for evaluation results."""
    return {int(s): float(v) for s, v in zip(steps, values, strict=True)}


def evals(rng: Rng, steps: np.ndarray, loss_fn: Callable[[np.ndarray], np.ndarray], every: int,
          gap: float = 1.05, sigma: float = 0.01) -> dict[int, float]:
    """An evaluation every `every` steps at `gap` times the clean training curve, 1% noise."""
    at = steps[(steps % every == 0) & (steps > 0)]
    return table(at, noisy(rng, gap * loss_fn(at.astype(float)), sigma))


def fp16_scaling(steps: np.ndarray, start_skips: int, late: list[int] | None = None,
                 init: float = 65536.0,
                 window: int = 1000) -> tuple[np.ndarray, list[tuple[int, float, float]]]:
    """Dynamic loss scaling: halve at each overflow, double after `window` quiet steps."""
    overflow_steps = set(range(1, start_skips + 1)) | set(late or [])
    scale, quiet, out, events = init, 0, [], []
    s_iter = iter(sorted(set(steps.tolist())))
    nxt = next(s_iter, None)
    for s in range(1, int(steps.max()) + 1):
        if s in overflow_steps:
            events.append((s, scale, scale / 2))
            scale, quiet = scale / 2, 0
        else:
            quiet += 1
            if quiet >= window:
                scale, quiet = scale * 2, 0
        while nxt is not None and nxt <= s:
            out.append(scale)
            nxt = next(s_iter, None)
    while len(out) < len(steps):
        out.append(scale)
    return np.asarray(out), events


# --- healthy runs ------------------------------------------------------------------------------

def healthy_hf_cosine_blip(rng: Rng) -> Case:
    """HF Trainer, 600 steps logged every 10, warmup 30 + cosine, eval every 100, one blip."""
    steps = np.arange(10, 601, 10)
    t = steps.astype(float)
    f = lambda x: decay(x, 2.4, 1.0, 150)  # noqa: E731
    loss = noisy(rng, f(t), 0.03)
    blip(rng, loss)
    run = Run(steps, loss, warmup_cosine(t, 2e-5, 30, 600), grad_norms(rng, t, 1.6, 1.1, 200),
              t / 600, evals(rng, steps, f, 100), total=600)
    return Case("healthy_hf_cosine_blip.log", "hf_trainer", [run], [], healthy_hf_cosine_blip.__doc__)


def healthy_megatron_fp16(rng: Rng) -> Case:
    """Megatron, 2000 iterations, fp16: the first overflows halve the scale 5 times (calibration),
    one isolated overflow mid-run (the scaler grows it back later), validation every 500."""
    steps = np.arange(10, 2001, 10)
    t = steps.astype(float)
    f = lambda x: decay(x, 10.5, 2.6, 400)  # noqa: E731
    loss = noisy(rng, f(t), 0.02)
    scale, events = fp16_scaling(steps, 5, [1234], init=4194304.0, window=1000)
    run = Run(steps, loss, warmup_cosine(t, 3e-4, 200, 2000), grad_norms(rng, t, 3.0, 0.7, 150),
              None, evals(rng, steps, f, 500, 1.02), scale, events, total=2000)
    return Case("healthy_megatron_fp16.log", "megatron", [run], [], healthy_megatron_fp16.__doc__)


def healthy_print_stepdecay(rng: Rng) -> Case:
    """Plain print loop, 30 epochs of 500 steps logged every 50, SGD with step decay (0.1 -> 0.01
    -> 0.001 at epochs 10 and 20): the loss drops in stairs at the milestones. 8% noise."""
    steps = np.arange(50, 15001, 50)
    t = steps.astype(float)
    epoch = (steps - 1) // 500 + 1
    lr = np.where(epoch <= 10, 0.1, np.where(epoch <= 20, 0.01, 0.001))
    clean = decay(t, 2.3, 0.9, 1500) - 0.35 * (epoch > 10) - 0.12 * (epoch > 20)
    loss = noisy(rng, clean, 0.08)
    val_at = np.arange(500, 15001, 500)
    vclean = decay(val_at.astype(float), 2.3, 0.9, 1500) - 0.3 * (val_at > 5000) - 0.1 * (val_at > 10000)
    val = table(val_at, noisy(rng, 1.08 * vclean, 0.01))
    return Case("healthy_print_stepdecay.log", "print_loop",
                [Run(steps, loss, lr, None, epoch.astype(float), val, total=15000)], [],
                healthy_print_stepdecay.__doc__)


def healthy_keras_csv(rng: Rng) -> Case:
    """Keras CSVLogger, 40 epochs; validation follows training; ReduceLROnPlateau halves the LR once."""
    ep = np.arange(0, 40)
    t = ep.astype(float)
    loss = noisy(rng, decay(t, 0.9, 0.25, 10), 0.02)
    val = noisy(rng, decay(t, 0.95, 0.3, 11), 0.015)
    lr = np.where(ep < 28, 1e-3, 5e-4)
    run = Run(ep, loss, lr, None, t, {int(e): float(v) for e, v in zip(ep, val, strict=True)}, total=40)
    return Case("healthy_keras_csv.csv", "keras_csv", [run], [], healthy_keras_csv.__doc__)


def healthy_nanogpt_blip(rng: Rng) -> Case:
    """nanoGPT, 3000 iterations logged every 20 (raw per-step loss, 3% noise), eval every 500,
    one blip."""
    steps = np.arange(0, 3001, 20)
    t = steps.astype(float)
    f = lambda x: decay(x, 10.9, 3.3, 300)  # noqa: E731
    loss = noisy(rng, f(t), 0.03)
    blip(rng, loss)
    at = steps[steps % 500 == 0]
    run = Run(steps, loss, val=table(at, noisy(rng, f(at * 1.0), 0.005)), total=3000)
    return Case("healthy_nanogpt_blip.log", "nanogpt", [run], [], healthy_nanogpt_blip.__doc__)


def healthy_deepspeed_calibration(rng: Rng) -> Case:
    """DeepSpeed ZeRO-2 fp16 + HF Trainer, 400 steps: 6 overflows at the very start while the
    loss scale calibrates (65536 -> 1024), then none; linear warmup 100 then linear decay."""
    steps = np.arange(10, 401, 10)
    t = steps.astype(float)
    loss = noisy(rng, decay(t, 2.5, 1.3, 120), 0.03)
    lr = np.where(t < 100, 2e-4 * t / 100, 2e-4 * (400 - t) / 300)
    scale, events = fp16_scaling(steps, 6, init=65536.0, window=1000)
    run = Run(steps, loss, lr, None, t / 900, {}, scale, events, total=2724)
    return Case("healthy_deepspeed_calibration.log", "deepspeed", [run], [],
                healthy_deepspeed_calibration.__doc__)


def healthy_hf_noisy(rng: Rng) -> Case:
    """HF Trainer with a small batch: 10% noise on the logged loss, 800 steps, eval every 200,
    one blip, linear decay without warmup."""
    steps = np.arange(10, 801, 10)
    t = steps.astype(float)
    f = lambda x: decay(x, 1.9, 0.7, 250)  # noqa: E731
    loss = noisy(rng, f(t), 0.10)
    blip(rng, loss)
    run = Run(steps, loss, 5e-5 * (1 - t / 810), grad_norms(rng, t, 3.0, 1.5, 300), t / 400,
              evals(rng, steps, f, 200, 1.08), total=800)
    return Case("healthy_hf_noisy.log", "hf_trainer", [run], [], healthy_hf_noisy.__doc__)


def healthy_print_finetune(rng: Rng) -> Case:
    """Fine-tuning print loop: the loss falls fast in the first steps then flattens (converged),
    warmup 100 + linear decay, 5% noise, grad norm logged."""
    steps = np.arange(20, 2001, 20)
    t = steps.astype(float)
    loss = noisy(rng, decay(t, 2.2, 0.55, 60), 0.05)
    lr = np.where(t < 100, 3e-5 * t / 100, 3e-5 * (2000 - t) / 1900)
    run = Run(steps, loss, lr, grad_norms(rng, t, 6.0, 1.2, 100), (t - 1) // 1000 + 1, {}, total=2000)
    return Case("healthy_print_finetune.log", "print_loop", [run], [], healthy_print_finetune.__doc__)


def healthy_nanogpt_resume(rng: Rng) -> Case:
    """nanoGPT run that crashed (no error in the numbers) and resumed cleanly from the iteration-
    2000 checkpoint: the second segment continues at the same level, no jump."""
    f = lambda x: decay(x, 10.9, 3.1, 350)  # noqa: E731
    s1 = np.arange(0, 2401, 20)
    s2 = np.arange(2000, 3601, 20)
    r1 = Run(s1, noisy(rng, f(s1 * 1.0), 0.03), total=5000,
             val=table(s1[s1 % 500 == 0], f(s1[s1 % 500 == 0] * 1.0)))
    r2 = Run(s2, noisy(rng, f(s2 * 1.0), 0.03), total=5000,
             val=table(s2[s2 % 500 == 0], f(s2[s2 % 500 == 0] * 1.0)))
    return Case("healthy_nanogpt_resume.log", "nanogpt", [r1, r2], [], healthy_nanogpt_resume.__doc__,
                resume_from=[2000])


# --- failures ----------------------------------------------------------------------------------

def _diverge(loss: np.ndarray, start: int, rate: float, nan_above: float) -> np.ndarray:
    """Geometric growth from index `start`; NaN once the loss passes `nan_above`."""
    out = loss.copy()
    k = np.arange(len(out) - start)
    out[start:] = loss[start] * rate ** k
    out[start:][out[start:] > nan_above] = np.nan
    return out


def lr_too_high_hf(rng: Rng) -> Case:
    """Peak LR too high: warmup to 1e-3 over 100 steps; 20-40 steps after the peak the loss grows
    ~25% per logged point until it overflows (HF prints loss 0.0 / grad_norm nan)."""
    steps = np.arange(10, 601, 10)
    t = steps.astype(float)
    loss = noisy(rng, decay(t, 2.5, 1.2, 80), 0.03)
    start = int(np.searchsorted(steps, 100 + rng.integers(20, 50)))
    loss = _diverge(loss, start, 1.25 + 0.1 * rng.random(), 60.0)
    gn = grad_norms(rng, t, 2.0, 1.0, 100)
    gn[start:] *= 1.4 ** np.arange(len(steps) - start)
    run = Run(steps, loss, warmup_cosine(t, 1e-3, 100, 600), gn, t / 600, {}, total=600)
    return Case("lr_too_high_hf.log", "hf_trainer", [run], ["lr_too_high", "warmup_too_short"],
                lr_too_high_hf.__doc__)


def lr_too_high_megatron(rng: Rng) -> Case:
    """Megatron (bf16, no loss scale), warmup 300 iterations to a too-high peak: after the peak
    the loss creeps then grows geometrically; the last intervals are all NaN iterations."""
    steps = np.arange(10, 1001, 10)
    t = steps.astype(float)
    loss = noisy(rng, decay(t, 10.8, 4.0, 120), 0.015)
    start = int(np.searchsorted(steps, 330 + rng.integers(0, 40)))
    loss = _diverge(loss, start, 1.12, 80.0)
    run = Run(steps, loss, warmup_cosine(t, 3e-3, 300, 5000), grad_norms(rng, t, 4, 1, 100),
              total=5000)
    return Case("lr_too_high_megatron.log", "megatron", [run], ["lr_too_high", "warmup_too_short"],
                lr_too_high_megatron.__doc__)


def no_warmup_print(rng: Rng) -> Case:
    """No warmup: the full LR from step 0; the loss falls for a few points, then blows up within
    the first ~4% of the run and prints nan for the rest of the epoch."""
    steps = np.arange(10, 3001, 10)
    t = steps.astype(float)
    loss = noisy(rng, decay(t, 2.3, 0.6, 400), 0.05)
    start = int(rng.integers(4, 8))
    loss = _diverge(loss, start, 1.6, 1e4)
    loss = loss[:120]  # the job keeps printing nan for a while, then is killed
    steps, t = steps[:120], t[:120]
    run = Run(steps, loss, np.full(len(steps), 0.1), None, (t - 1) // 1000 + 1, {}, total=30000)
    return Case("no_warmup_print.log", "print_loop", [run], ["warmup_too_short", "lr_too_high"],
                no_warmup_print.__doc__)


def no_warmup_hf(rng: Rng) -> Case:
    """HF Trainer with warmup_steps=0 and a high constant LR: the loss rises from the third
    logged point and overflows by step ~60; HF keeps printing loss 0.0 / grad_norm nan."""
    steps = np.arange(10, 1001, 10)
    t = steps.astype(float)
    loss = noisy(rng, decay(t, 3.0, 1.0, 150), 0.03)
    loss = _diverge(loss, 2, 1.9, 200.0)
    gn = grad_norms(rng, t, 2.0, 1.0, 100)
    gn[2:] *= 2.0 ** np.arange(len(steps) - 2).clip(0, 12)
    run = Run(steps, loss, np.full(len(steps), 5e-4), gn, t / 1000, {}, total=1000)
    return Case("no_warmup_hf.log", "hf_trainer", [run], ["warmup_too_short", "lr_too_high"],
                no_warmup_hf.__doc__)


def fp16_overflow_deepspeed(rng: Rng) -> Case:
    """DeepSpeed fp16: normal calibration at the start, then mid-run every step overflows: the
    scale halves from 1024 to 1 in a cascade, the loss rises, then the min-scale exception."""
    steps = np.arange(10, 451, 10)
    t = steps.astype(float)
    loss = noisy(rng, decay(t, 2.4, 1.3, 100), 0.03)
    cascade_at = int(rng.integers(360, 400))
    late = list(range(cascade_at, cascade_at + 10))
    scale, events = fp16_scaling(steps, 6, late, init=65536.0, window=10000)
    steps_keep = steps <= cascade_at + 10
    loss[steps > cascade_at] *= np.linspace(1.3, 3.0, int((steps > cascade_at).sum()))
    run = Run(steps[steps_keep], loss[steps_keep], np.full(int(steps_keep.sum()), 2e-4), None,
              t[steps_keep] / 900, {}, scale[steps_keep], events, total=2724)
    return Case("fp16_overflow_deepspeed.log", "deepspeed", [run], ["fp16_overflow"],
                fp16_overflow_deepspeed.__doc__)


def fp16_overflow_megatron(rng: Rng) -> Case:
    """Megatron fp16: calibration at the start, then from ~70% of the run overflows in every
    interval drive the loss scale from 131072 down to 1; the last intervals are NaN iterations."""
    steps = np.arange(10, 1501, 10)
    t = steps.astype(float)
    loss = noisy(rng, decay(t, 10.4, 3.0, 300), 0.02)
    start = int(rng.integers(1050, 1150)) // 10 * 10
    late = [s + k for s in range(start, 1501, 10) for k in range(3)]
    scale, events = fp16_scaling(steps, 5, late, init=4194304.0, window=100000)
    scale = np.maximum(scale, 1.0)
    loss[steps >= start + 150] = np.nan
    run = Run(steps, loss, warmup_cosine(t, 2e-4, 100, 5000), grad_norms(rng, t, 3, 0.7, 100),
              None, evals(rng, steps, lambda x: decay(x, 10.4, 3.0, 300), 500), scale, events, total=5000)
    return Case("fp16_overflow_megatron.log", "megatron", [run], ["fp16_overflow"],
                fp16_overflow_megatron.__doc__)


def bad_batch_hf(rng: Rng) -> Case:
    """Bad data batches: three isolated points 2.5-5x the baseline that are back within 1-3
    logged points; the gradient norm spikes 15-40x at the same point or one point before."""
    steps = np.arange(10, 1001, 10)
    t = steps.astype(float)
    f = lambda x: decay(x, 2.2, 0.9, 200)  # noqa: E731
    loss = noisy(rng, f(t), 0.03)
    gn = grad_norms(rng, t, 1.8, 1.0, 200)
    for i in sorted(rng.choice(np.arange(20, 95), 3, replace=False)):
        loss[i] *= rng.uniform(2.5, 5.0)
        loss[i + 1] *= rng.uniform(1.0, 1.5)
        gn[i - int(rng.integers(0, 2))] *= rng.uniform(15, 40)
    run = Run(steps, loss, warmup_cosine(t, 5e-5, 50, 1000), gn, t / 500, evals(rng, steps, f, 200),
              total=1000)
    return Case("bad_batch_hf.log", "hf_trainer", [run], ["bad_data_batch", "exploding_gradients"],
                bad_batch_hf.__doc__)


def bad_batch_nanogpt(rng: Rng) -> Case:
    """nanoGPT, raw per-step loss: two isolated 2-3x spikes from corrupt shards, gone at the next
    logged iteration (no grad norm in this format)."""
    steps = np.arange(0, 4001, 20)
    t = steps.astype(float)
    loss = noisy(rng, decay(t, 10.9, 3.2, 350), 0.03)
    for i in rng.choice(np.arange(60, 190), 2, replace=False):
        loss[i] *= rng.uniform(2.0, 3.0)
    at = steps[steps % 500 == 0]
    run = Run(steps, loss, val=table(at, decay(at * 1.0, 10.9, 3.25, 350)), total=4000)
    return Case("bad_batch_nanogpt.log", "nanogpt", [run], ["bad_data_batch"], bad_batch_nanogpt.__doc__)


def data_order_print(rng: Rng) -> Case:
    """Unshuffled data: the first batches of every epoch come from one class / source, so the
    loss jumps ~2x at every epoch boundary and settles within 2-3 logged points."""
    steps = np.arange(25, 8001, 25)
    t = steps.astype(float)
    loss = noisy(rng, decay(t, 1.8, 0.45, 1500), 0.04)
    first = np.flatnonzero(((steps - 1) % 1000) < 25)[1:]
    for i in first:
        loss[i] *= rng.uniform(1.9, 2.4)
        loss[i + 1] *= 1.4
    run = Run(steps, loss, np.full(len(steps), 0.05), None, (t - 1) // 1000 + 1, {}, total=8000)
    return Case("data_order_print.log", "print_loop", [run], ["data_order"], data_order_print.__doc__)


def data_order_hf(rng: Rng) -> Case:
    """HF Trainer, 6 epochs of 200 steps, data sorted by length: the loss is 1.8-2.3x right after
    each epoch starts and back within a few points."""
    steps = np.arange(10, 1201, 10)
    t = steps.astype(float)
    loss = noisy(rng, decay(t, 2.0, 0.8, 300), 0.03)
    for i in np.flatnonzero((steps % 200) == 10)[1:]:
        loss[i] *= rng.uniform(1.8, 2.3)
        loss[i + 1] *= 1.3
    run = Run(steps, loss, warmup_cosine(t, 5e-5, 50, 1200), grad_norms(rng, t, 1.5, 1.0, 300),
              t / 200, {}, total=1200)
    return Case("data_order_hf.log", "hf_trainer", [run], ["data_order"], data_order_hf.__doc__)


def resume_lost_nanogpt(rng: Rng) -> Case:
    """Resume without the optimizer state (fresh Adam moments at the checkpoint's LR): the loss
    jumps 1.7-2.5x right after the resume from iteration 2000 and takes hundreds of steps to recover."""
    f = lambda x: decay(x, 10.9, 3.2, 300)  # noqa: E731
    s1 = np.arange(0, 2401, 20)
    s2 = np.arange(2000, 3601, 20)
    l2 = noisy(rng, f(s2 * 1.0), 0.03)
    l2 *= 1 + rng.uniform(0.7, 1.5) * np.exp(-(s2 - 2000) / 300.0)
    at = s1[s1 % 500 == 0]
    r1 = Run(s1, noisy(rng, f(s1 * 1.0), 0.03), total=5000, val=table(at, f(at * 1.0)))
    r2 = Run(s2, l2, total=5000)
    return Case("resume_lost_nanogpt.log", "nanogpt", [r1, r2], ["resume_state_lost"],
                resume_lost_nanogpt.__doc__, resume_from=[2000])


def resume_lost_megatron(rng: Rng) -> Case:
    """Megatron restarted from the iteration-1000 checkpoint after a crash, but the data loader
    and optimizer state were not restored: the loss jumps ~1.6-2x after the restart and recovers slowly."""
    f = lambda x: decay(x, 10.6, 2.8, 250)  # noqa: E731
    s1 = np.arange(10, 1301, 10)
    s2 = np.arange(1010, 1801, 10)
    l2 = noisy(rng, f(s2 * 1.0), 0.015) * (1 + rng.uniform(0.6, 1.0) * np.exp(-(s2 - 1010) / 250.0))
    lr1, lr2 = warmup_cosine(s1 * 1.0, 2e-4, 100, 5000), warmup_cosine(s2 * 1.0, 2e-4, 100, 5000)
    r1 = Run(s1, noisy(rng, f(s1 * 1.0), 0.015), lr1, grad_norms(rng, s1 * 1.0, 3, 0.7, 100),
             val=evals(rng, s1, f, 500), total=5000)
    r2 = Run(s2, l2, lr2, grad_norms(rng, s2 * 1.0, 3, 0.7, 100), total=5000)
    return Case("resume_lost_megatron.log", "megatron", [r1, r2], ["resume_state_lost"],
                resume_lost_megatron.__doc__, resume_from=[1000])


def lr_schedule_bug_hf(rng: Rng) -> Case:
    """Scheduler bug: cosine decay, then at ~55% of the run the LR jumps 10x (a scheduler
    re-created with the wrong step count); the loss rises and stays higher."""
    steps = np.arange(10, 1201, 10)
    t = steps.astype(float)
    loss = noisy(rng, decay(t, 2.2, 0.9, 200), 0.03)
    lr = warmup_cosine(t, 5e-5, 50, 1200)
    at = int(np.searchsorted(steps, int(rng.integers(600, 700))))
    lr[at:] = 5e-4 * (1 - (t[at:] - t[at]) / (1300 - t[at]))
    loss[at:] *= 1 + 0.8 * (1 - np.exp(-np.arange(len(steps) - at) / 3.0))
    run = Run(steps, loss, lr, grad_norms(rng, t, 1.5, 1.0, 200), t / 600, {}, total=1200)
    return Case("lr_schedule_bug_hf.log", "hf_trainer", [run], ["lr_schedule_misconfigured"],
                lr_schedule_bug_hf.__doc__)


def lr_schedule_bug_print(rng: Rng) -> Case:
    """Step decay with a bug at the second milestone: the LR goes 0.1 -> 0.01 -> 1.0 (multiplied
    instead of divided); the loss jumps and never returns to its level."""
    steps = np.arange(50, 12001, 50)
    t = steps.astype(float)
    epoch = (steps - 1) // 500 + 1
    lr = np.where(epoch <= 8, 0.1, np.where(epoch <= 16, 0.01, 1.0))
    clean = decay(t, 2.3, 0.9, 1200) - 0.3 * (epoch > 8)
    clean = np.where(epoch > 16, clean * 2.2, clean)
    loss = noisy(rng, clean, 0.06)
    run = Run(steps, loss, lr, None, epoch.astype(float), {}, total=12000)
    return Case("lr_schedule_bug_print.log", "print_loop", [run], ["lr_schedule_misconfigured"],
                lr_schedule_bug_print.__doc__)


def overfitting_keras_csv(rng: Rng) -> Case:
    """Keras CSVLogger, 50 epochs: training loss keeps falling, validation loss bottoms out
    around epoch 15-20 and climbs back 40-80% (memorisation)."""
    ep = np.arange(0, 50)
    t = ep.astype(float)
    loss = noisy(rng, decay(t, 1.2, 0.02, 12), 0.02)
    turn = rng.uniform(15, 20)
    val = noisy(rng, decay(t, 1.25, 0.35, 6) + 0.012 * np.maximum(0, t - turn) ** 1.3, 0.015)
    run = Run(ep, loss, np.full(len(ep), 1e-3), None, t, table(ep, val), total=50)
    return Case("overfitting_keras.csv", "keras_csv", [run], ["overfitting"], overfitting_keras_csv.__doc__)


def overfitting_hf(rng: Rng) -> Case:
    """HF Trainer fine-tune, 5 epochs of 300 steps, eval every 100: training loss falls to near
    zero, eval loss is lowest after ~1.5 epochs and rises steadily after that."""
    steps = np.arange(10, 1501, 10)
    t = steps.astype(float)
    loss = noisy(rng, decay(t, 2.0, 0.05, 300), 0.04)
    at = steps[steps % 100 == 0]
    v = decay(at * 1.0, 2.0, 0.9, 200) + 0.0006 * np.maximum(0, at - 450)
    run = Run(steps, loss, warmup_cosine(t, 3e-5, 100, 1500), grad_norms(rng, t, 2, 0.8, 300),
              t / 300, table(at, noisy(rng, v, 0.01)), total=1500)
    return Case("overfitting_hf.log", "hf_trainer", [run], ["overfitting"], overfitting_hf.__doc__)


def exploding_gradients_hf(rng: Rng) -> Case:
    """RNN without gradient clipping: the gradient norm spikes 10-50x more and more often, each
    time one logged point before a loss spike; in the end the loss diverges into NaN."""
    steps = np.arange(10, 1001, 10)
    t = steps.astype(float)
    loss = noisy(rng, decay(t, 4.0, 1.6, 200), 0.03)
    gn = grad_norms(rng, t, 2.0, 1.0, 200)
    for i in (35, 55, 70, 80):
        gn[i] *= rng.uniform(10, 50)
        loss[i + 1] *= rng.uniform(1.8, 3.0)
    gn[86:] *= 3.0 ** np.arange(len(steps) - 86).clip(0, 8)
    loss = np.concatenate([loss[:87], _diverge(loss[87:], 0, 1.6, 300.0)])
    run = Run(steps, loss, np.full(len(steps), 1e-3), gn, t / 500, {}, total=1000)
    return Case("exploding_gradients_hf.log", "hf_trainer", [run], ["exploding_gradients"],
                exploding_gradients_hf.__doc__)


def exploding_gradients_print(rng: Rng) -> Case:
    """Print loop with grad_norm: the gradient norm starts growing geometrically a few points
    before the loss; then the loss blows up into nan (no clipping)."""
    steps = np.arange(20, 4001, 20)
    t = steps.astype(float)
    loss = noisy(rng, decay(t, 2.0, 0.6, 600), 0.04)
    gn = grad_norms(rng, t, 3.0, 1.2, 300)
    g0 = int(rng.integers(120, 140))
    gn[g0:] *= 2.2 ** np.arange(len(steps) - g0).clip(0, 14)
    loss = np.concatenate([loss[:g0 + 3], _diverge(loss[g0 + 3:], 0, 1.7, 500.0)])
    run = Run(steps, loss, np.full(len(steps), 0.01), gn, (t - 1) // 1000 + 1, {}, total=4000)
    return Case("exploding_gradients_print.log", "print_loop", [run], ["exploding_gradients"],
                exploding_gradients_print.__doc__)


def logging_artifact_print(rng: Rng) -> Case:
    """Logging artefact: the script logs the running *sum* divided by a fixed 25 batches, so the
    line after each epoch's short last chunk shows ~2x the true loss. Training itself is fine
    (validation keeps improving)."""
    steps = np.arange(25, 6001, 25)
    t = steps.astype(float)
    f = lambda x: decay(x, 1.5, 0.5, 1200)  # noqa: E731
    loss = noisy(rng, f(t), 0.03)
    for i in np.flatnonzero((steps % 1000) == 0):
        loss[i] *= rng.uniform(1.8, 2.1)
    at = steps[steps % 1000 == 0]
    val = table(at, 1.05 * f(at * 1.0))
    run = Run(steps, loss, np.full(len(steps), 1e-3), None, (t - 1) // 1000 + 1, val, total=6000)
    return Case("logging_artifact_print.log", "print_loop", [run], ["logging_artifact"],
                logging_artifact_print.__doc__)


def oscillation_print(rng: Rng) -> Case:
    """SGD with an LR far too high for the batch size: after a short descent the loss swings
    between ~0.6x and ~2x its level for the rest of the run, with no trend."""
    steps = np.arange(10, 4001, 10)
    t = steps.astype(float)
    level = decay(t, 2.5, 1.4, 200)
    swing = np.where(t > 600, np.exp(rng.normal(0, 0.55, len(t))), np.exp(rng.normal(0, 0.05, len(t))))
    run = Run(steps, level * swing, np.full(len(steps), 0.5), None, (t - 1) // 1000 + 1, {}, total=4000)
    return Case("oscillation_print.log", "print_loop", [run], ["lr_too_high", "batch_size_mismatch"],
                oscillation_print.__doc__)


def plateau_hf(rng: Rng) -> Case:
    """The loss never decreases: the optimizer was built before the model was moved / unfrozen,
    so nothing trains (the LR is printed, the loss stays at its initial ~2.30 = ln 10)."""
    steps = np.arange(10, 1001, 10)
    t = steps.astype(float)
    loss = noisy(rng, np.full(len(t), 2.3026), 0.01)
    run = Run(steps, loss, warmup_cosine(t, 1e-4, 50, 1000), grad_norms(rng, t, 0.02, 0.02, 100),
              t / 500, evals(rng, steps, lambda x: np.full(len(x), 2.3026), 200, 1.0), total=1000)
    return Case("plateau_hf.log", "hf_trainer", [run],
                ["training_loop_bug", "optimizer_misconfigured", "lr_schedule_misconfigured",
                 "loss_function_mismatch", "over_regularization"], plateau_hf.__doc__)


def steady_rise_keras(rng: Rng) -> Case:
    """Weight decay far too strong: the training loss falls for ~10 epochs, then creeps up
    steadily (40-60% over the rest), validation with it."""
    ep = np.arange(0, 60)
    t = ep.astype(float)
    clean = decay(t, 1.0, 0.35, 4) + 0.006 * np.maximum(0, t - 10) ** 1.1
    loss = noisy(rng, clean, 0.015)
    val = noisy(rng, clean * 1.1, 0.015)
    run = Run(ep, loss, np.full(len(ep), 1e-3), None, t, table(ep, val), total=60)
    return Case("steady_rise_keras.csv", "keras_csv", [run],
                ["over_regularization", "lr_schedule_misconfigured", "training_loop_bug",
                 "optimizer_misconfigured"], steady_rise_keras.__doc__)


CASES: list[Callable[[Rng], Case]] = [
    healthy_hf_cosine_blip, healthy_megatron_fp16, healthy_print_stepdecay, healthy_keras_csv,
    healthy_nanogpt_blip, healthy_deepspeed_calibration, healthy_hf_noisy, healthy_print_finetune,
    healthy_nanogpt_resume,
    lr_too_high_hf, lr_too_high_megatron, no_warmup_print, no_warmup_hf, fp16_overflow_deepspeed,
    fp16_overflow_megatron, bad_batch_hf, bad_batch_nanogpt, data_order_print, data_order_hf,
    resume_lost_nanogpt, resume_lost_megatron, lr_schedule_bug_hf, lr_schedule_bug_print,
    overfitting_keras_csv, overfitting_hf, exploding_gradients_hf, exploding_gradients_print,
    logging_artifact_print, oscillation_print, plateau_hf, steady_rise_keras,
]


# --- writers -----------------------------------------------------------------------------------

def _r(x: float) -> str:
    return "nan" if not math.isfinite(x) else repr(float(x))


def _bar(s: int, total: int) -> str:
    pct = int(100 * s / total)
    filled = "█" * (pct // 10)
    secs = s * 0.52
    left = (total - s) * 0.52
    return (f"{pct:3d}%|{filled:<10}| {s}/{total} [{int(secs // 60):02d}:{int(secs % 60):02d}"
            f"<{int(left // 60):02d}:{int(left % 60):02d},  1.92it/s]")


def write_hf(case: Case) -> str:
    run = case.runs[0]
    out = ["[INFO|trainer.py:2078] 2024-05-14 10:21:07,412 >> ***** Running training *****",
           "[INFO|trainer.py:2079] 2024-05-14 10:21:07,412 >>   Num examples = 19,200",
           f"[INFO|trainer.py:2086] 2024-05-14 10:21:07,412 >>   Total optimization steps = {run.total:,}"]
    for i, s in enumerate(run.step.tolist()):
        x = run.loss[i]
        parts = [f"'loss': {round(float(x), 4)}" if math.isfinite(x) else "'loss': 0.0"]
        if run.grad_norm is not None:
            parts.append(f"'grad_norm': {_r(run.grad_norm[i]) if math.isfinite(x) else 'nan'}")
        parts.append(f"'learning_rate': {_r(run.lr[i])}")
        parts.append(f"'epoch': {round(float(run.epoch[i]), 2)}")
        out.append(f"{_bar(s, run.total)}\r{' ' * 50}\r{{{', '.join(parts)}}}")
        if s in run.val:
            out.append(f"{{'eval_loss': {_r(run.val[s])}, 'eval_runtime': 3.4151, "
                       f"'eval_samples_per_second': 67.219, 'eval_steps_per_second': 8.491, "
                       f"'epoch': {round(float(run.epoch[i]), 2)}}}")
    return "\n".join(out) + "\n"


def write_deepspeed(case: Case) -> str:
    run = case.runs[0]
    out = ["[2023-06-07 08:02:11,402] [INFO] [logging.py:96:log_dist] [Rank 0] DeepSpeed info: version=0.9.2",
           "[2023-06-07 08:02:11,402] [INFO] [logging.py:96:log_dist] [Rank 0] "
           "Creating fp16 ZeRO stage 2 optimizer",
           "[2023-06-07 08:02:11,402] [INFO] [config.py:959:print]   fp16_enabled ................. True"]
    overflow = {s: (a, b) for s, a, b in run.overflows}
    skipped = 0
    logged = dict(zip(run.step.tolist(), range(len(run.step)), strict=True))
    for s in range(1, max(int(run.step.max()), max(overflow, default=0)) + 1):
        if s in overflow:
            a, b = overflow[s]
            skipped += 1
            out.append(f"{_bar(s - 1, run.total)}[2023-06-07 08:02:17,502] [INFO] "
                       f"[loss_scaler.py:183:update_scale] [deepspeed] OVERFLOW! Rank 0 Skipping step. "
                       f"Attempted loss scale: {int(a)}, reducing to {int(b)}")
        if s in logged:
            i = logged[s]
            out.append(f"{_bar(s, run.total)}[2023-06-07 08:03:12,839] [INFO] [logging.py:96:log_dist] "
                       f"[Rank 0] step={s}, skipped={skipped}, lr=[{run.lr[i]:.6g}], mom=[(0.9, 0.999)]")
            if math.isfinite(run.loss[i]):
                out.append(f"\r{' ' * 56}\r{{'loss': {_r(run.loss[i])}, 'learning_rate': {run.lr[i]:.6g}, "
                           f"'epoch': {round(float(run.epoch[i]), 2)}}}")
    if run.scale is not None and run.scale.min() <= 1:
        out.append("Exception: Current loss scale already at minimum - cannot decrease scale anymore. "
                   "Exiting run.")
    return "\n".join(out) + "\n"


def _megatron_line(s: int, total: int, lr: float, loss: float | None, scale: float | None,
                   gn: float | None, skipped: int, nan: int) -> str:
    fields = [f" [2025-03-04 10:12:32] iteration {s:8d}/{total:8d}", f"consumed samples: {s * 512:12d}",
              "elapsed time per iteration (ms): 1486.9", "throughput per GPU (TFLOP/s/GPU): 186.4",
              f"learning rate: {lr:.6E}", "global batch size:   512"]
    if loss is not None:
        fields.append(f"lm loss: {loss:.6E}")
    if scale is not None:
        fields.append(f"loss scale: {scale:.1f}")
    if gn is not None:
        fields.append(f"grad norm: {gn:.3f}")
    fields += [f"number of skipped iterations: {skipped:3d}", f"number of nan iterations: {nan:3d}"]
    return " | ".join(fields) + " |"


def write_megatron(case: Case) -> str:
    out = ["using world size: 8, data-parallel size: 2, tensor-model-parallel size: 2",
           "training ..."]
    for k, run in enumerate(case.runs):
        if k:
            ck = case.resume_from[k - 1]
            out += ["[E ProcessGroupNCCL.cpp:475] [Rank 3] Watchdog caught collective operation timeout",
                    f" loading distributed checkpoint from /ckpt/gpt at iteration {ck}",
                    f"  successfully loaded checkpoint from /ckpt/gpt [ t 1/2, p 1/1 ] at iteration {ck}",
                    "training ..."]
        over = [s for s, _, _ in run.overflows]
        prev = 0
        for i, s in enumerate(run.step.tolist()):
            n_skip = sum(1 for o in over if prev < o <= s)
            prev = s
            x = float(run.loss[i])
            nan = math.isnan(x)
            lr = float(run.lr[i]) if run.lr is not None else 1e-4
            scale = float(run.scale[i]) if run.scale is not None else None
            gn = float(run.grad_norm[i]) if run.grad_norm is not None and not nan else None
            out.append(_megatron_line(s, run.total, lr, None if nan else x, scale, gn, n_skip,
                                      10 if nan else 0))
            if s in run.val:
                out += ["-" * 95, f" validation loss at iteration {s} | lm loss value: {run.val[s]:.6E} | "
                        f"lm loss PPL: {math.exp(min(run.val[s], 50)):.6E} | ", "-" * 95]
    return "\n".join(out) + "\n"


def write_nanogpt(case: Case) -> str:
    out = ["Overriding config with config/train_gpt2.py:", "tokens per iteration will be: 491,520",
           "Initializing a new model from scratch", "number of parameters: 123.59M"]
    for k, run in enumerate(case.runs):
        if k:
            out += ["Overriding: init_from = resume", "Resuming training from out",
                    "number of parameters: 123.59M"]
        for i, s in enumerate(run.step.tolist()):
            if s in run.val:
                out.append(f"step {s}: train loss {run.val[s] * 0.99:.4f}, val loss {run.val[s]:.4f}")
            x = float(run.loss[i])
            loss = f"{x:.4f}" if math.isfinite(x) else "nan"
            out.append(f"iter {s}: loss {loss}, time {1097.39 + (i % 7) * 0.31:.2f}ms, mfu 15.36%")
    return "\n".join(out) + "\n"


def write_print(case: Case) -> str:
    out = ["Start training"]
    for run in case.runs:
        for i, s in enumerate(run.step.tolist()):
            x = float(run.loss[i])
            parts = [f"epoch {int(run.epoch[i])}", f"step {s}",
                     f"loss {x:.4f}" if math.isfinite(x) else "loss nan", f"lr {float(run.lr[i]):.6f}"]
            if run.grad_norm is not None:
                g = float(run.grad_norm[i])
                parts.append(f"grad_norm {g:.4f}" if math.isfinite(x) else "grad_norm nan")
            out.append(" ".join(parts))
            if s in run.val:
                out.append(f"Val epoch {int(run.epoch[i])} step {s} val_loss {run.val[s]:.4f}")
    return "\n".join(out) + "\n"


def write_keras_csv(case: Case) -> str:
    run = case.runs[0]
    rows = ["epoch,learning_rate,loss,val_loss"]
    for i, s in enumerate(run.step.tolist()):
        v = run.val.get(s)
        rows.append(f"{s},{float(run.lr[i])!r},{float(run.loss[i])!r},{'NA' if v is None else repr(v)}")
    return "\r\n".join(rows) + "\r\n"


WRITERS: dict[str, Callable[[Case], str]] = {
    "hf_trainer": write_hf, "deepspeed": write_deepspeed, "megatron": write_megatron,
    "nanogpt": write_nanogpt, "print_loop": write_print, "keras_csv": write_keras_csv,
}


def build(seed: int = 0) -> list[tuple[Case, str]]:
    """Every case with its file text; case i uses its own generator seeded from (seed, i)."""
    out = []
    for i, make in enumerate(CASES):
        case = make(np.random.default_rng([seed, i]))
        out.append((case, WRITERS[case.format](case)))
    return out


def generate(out_dir: str | Path, seed: int = 0) -> list[dict]:
    """Write every case and `cases.yaml` into out_dir; returns the cases.yaml entries."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    for case, text in build(seed):
        (out_dir / case.name).write_bytes(text.encode("utf-8"))
        entries.append({"file": case.name, "format": case.format, "expect": case.expect,
                        "healthy": case.healthy, "model": " ".join(case.model.split())})
    (out_dir / "cases.yaml").write_text(_yaml(entries, seed), encoding="utf-8")
    return entries


def _yaml(entries: list[dict], seed: int) -> str:
    import yaml

    head = (f"# Labelled logs written by benchmarks/gen_logs.py (seed {seed}); do not edit by hand.\n"
            "# expect: causes acceptable in the top 3 ([] = healthy run: the verdict must be healthy).\n")
    return head + yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="tests/data/logs/cases")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    entries = generate(args.out_dir, args.seed)
    print(f"wrote {len(entries)} logs to {args.out_dir}")


if __name__ == "__main__":
    main()

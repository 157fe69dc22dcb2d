"""Loss curves for the case studies, drawn from documented models of each failure.

Every generator is a function `(steps, rng, **params) -> DataFrame` registered in `CURVES`
under the name a case's `curve.model` uses. The frame is the canonical log frame of
`advisor.logs.frame` (built with its `build_frame`, so columns, dtypes, segments and
same-step merging are exactly what the log parsers produce), one row per logged step.

All models start from the same healthy run (`_base`), then change it the way the failure
shows in real logs:

* loss = floor + (start - floor) * exp(-step / tau) + lr_term * lr / peak_lr, times
  log-normal noise `sigma` per logged point (the last term makes the loss step down when
  the LR decays: a step-decay schedule draws a staircase);
* LR: linear warmup over `warmup` (share of `total`, the planned run length), then
  cosine decay to `min_lr` x peak (`schedule` 0), step decay x0.1 at 50% and 75% (1),
  constant (2) or polynomial decay with power 0.9 (3);
* gradient norm: `grad` x (1 + 4 exp(-step / (0.05 steps))) times 15% log-normal noise;
* validation loss every `eval_every` steps: the clean training loss x (1 + `val_gap`)
  + `val_offset` (the generalisation gap), with a third of the training noise;
* epoch = step / `epoch_steps` when `epoch_steps` > 0 (else not logged).

Common parameters (every model takes them; values are floats as in the YAML):
`log_every` (10), `start` (4.0), `floor` (1.2), `tau` (0.12 of the steps), `sigma` (0.03),
`peak_lr` (3e-4), `warmup` (0.02), `total` (0: = steps), `schedule` (0), `min_lr` (0.1),
`lr_term` (0.05), `grad` (0.5), `eval_every` (0: steps / 10; -1: no evaluation),
`val_gap` (0.04), `val_offset` (0), `epoch_steps` (0). Positions given as fractions
(`at`, ...) are shares of `steps`. A model's own parameters are listed in its docstring; unknown names raise
TypeError, so a typo in `case_studies.yaml` fails the tests instead of drawing another curve.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from advisor.logs.frame import build_frame
from advisor.model.knowledge import CaseStudy

Generator = Callable[..., pd.DataFrame]

COMMON: dict[str, float] = {
    "log_every": 10, "start": 4.0, "floor": 1.2, "tau": 0.12, "sigma": 0.03, "peak_lr": 3e-4,
    "warmup": 0.02, "total": 0, "schedule": 0, "min_lr": 0.1, "lr_term": 0.05, "grad": 0.5,
    "eval_every": 0, "val_gap": 0.04, "val_offset": 0.0, "epoch_steps": 0,
}


@dataclass
class Run:
    """One training segment at its logged steps; NaN = not logged, `nonfinite` = printed NaN."""

    step: np.ndarray
    loss: np.ndarray
    lr: np.ndarray
    grad_norm: np.ndarray
    val_loss: np.ndarray
    epoch: np.ndarray
    clean: np.ndarray
    """The noiseless training loss (models build on it; never logged)."""
    loss_scale: np.ndarray | None = None
    nonfinite: np.ndarray | None = None
    extra: list[dict[str, float]] = field(default_factory=list)
    """Rows between logged steps (fp16 overflow messages): step, loss_scale, skipped."""

    @property
    def n(self) -> int:
        return len(self.step)

    def index(self, share: float) -> int:
        """The logged point nearest to `share` of the segment's steps."""
        return int(np.clip(round(share * (self.n - 1)), 0, self.n - 1))


class Params(dict):
    """The common parameters merged with a model's own; unknown names are errors."""

    def __init__(self, given: dict[str, float], own: dict[str, float], model: str) -> None:
        unknown = set(given) - set(COMMON) - set(own)
        if unknown:
            raise TypeError(f"curve model '{model}' has no parameter(s) {sorted(unknown)}")
        super().__init__({**COMMON, **own, **given})

    def integer(self, key: str) -> int:
        return int(round(self[key]))


# --- the healthy run everything starts from ---------------------------------------------------

def lr_schedule(t: np.ndarray, p: Params, total: int) -> np.ndarray:
    """Linear warmup, then the schedule `p['schedule']` selects (see the module docstring)."""
    peak, warm = p["peak_lr"], max(0, int(p["warmup"] * total))
    low = p["min_lr"] * peak
    progress = np.clip((t - warm) / max(1, total - warm), 0.0, 1.0)
    kind = p.integer("schedule")
    if kind == 1:
        after = peak * np.where(progress < 0.5, 1.0, np.where(progress < 0.75, 0.1, 0.01))
    elif kind == 2:
        after = np.full(len(t), peak)
    elif kind == 3:
        after = low + (peak - low) * (1 - progress) ** 0.9
    else:
        after = low + 0.5 * (peak - low) * (1 + np.cos(np.pi * progress))
    if warm == 0:
        return after
    return np.where(t < warm, peak * np.minimum(1.0, (t + 1) / warm), after)


def noise(rng: np.random.Generator, n: int, sigma: float) -> np.ndarray:
    """Multiplicative log-normal noise."""
    return np.exp(rng.normal(0.0, sigma, n))


def _base(steps: int, rng: np.random.Generator, p: Params) -> Run:
    every = max(1, p.integer("log_every"))
    step = np.arange(every, steps + 1, every, dtype=np.int64)
    t = step.astype(np.float64)
    total = p.integer("total") or steps
    lr = lr_schedule(t, p, total)
    tau = max(1.0, p["tau"] * steps)
    clean = (p["floor"] + (p["start"] - p["floor"]) * np.exp(-t / tau)
             + p["lr_term"] * lr / p["peak_lr"])
    loss = clean * noise(rng, len(t), p["sigma"])
    grad = p["grad"] * (1 + 4 * np.exp(-t / (0.05 * steps))) * noise(rng, len(t), 0.15)
    val = np.full(len(t), np.nan)
    eval_every = p.integer("eval_every")
    if eval_every >= 0:
        eval_every = eval_every or max(every, (steps // 10) // every * every)
        at = (step % eval_every) == 0
        gap = clean[at] * (1 + p["val_gap"]) + p["val_offset"]
        val[at] = gap * noise(rng, int(at.sum()), p["sigma"] / 3)
    epoch_steps = p["epoch_steps"]
    epoch = t / epoch_steps if epoch_steps > 0 else np.full(len(t), np.nan)
    return Run(step, loss, lr, grad, val, epoch, clean)


def _frame(runs: list[Run]) -> pd.DataFrame:
    """Segments in file order -> the canonical frame (via the parsers' own builder)."""
    parts = []
    for run in runs:
        n = run.n
        part = {
            "step": run.step.astype(np.int64), "epoch": run.epoch, "loss": run.loss.copy(),
            "val_loss": run.val_loss, "lr": run.lr, "grad_norm": run.grad_norm,
            "loss_scale": run.loss_scale if run.loss_scale is not None else np.full(n, np.nan),
            "skipped": np.zeros(n, bool),
            "loss_nonfinite": run.nonfinite if run.nonfinite is not None else np.zeros(n, bool),
            "val_nonfinite": np.zeros(n, bool),
        }
        # a printed NaN loss: the value is NaN and flagged; the rest of that row stays logged
        part["loss"][part["loss_nonfinite"]] = np.nan
        if run.extra:
            extra = {
                "step": np.asarray([r["step"] for r in run.extra], np.int64),
                "loss_scale": np.asarray([r["loss_scale"] for r in run.extra], np.float64),
                "skipped": np.asarray([bool(r.get("skipped", True)) for r in run.extra], bool),
            }
            m = len(extra["step"])
            for name in part:
                if name not in extra:
                    fill = False if part[name].dtype == bool else np.nan
                    extra[name] = np.full(m, fill, dtype=part[name].dtype)
            # an overflow message is printed before the logging line of the same step
            order = np.lexsort((np.r_[np.ones(n), np.zeros(m)], np.r_[part["step"], extra["step"]]))
            part = {k: np.concatenate([part[k], extra[k]])[order] for k in part}
        parts.append(part)
    chunk = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    chunk["line"] = np.arange(len(chunk["step"]), dtype=np.int64)
    frame, _ = build_frame([chunk])
    return frame


def _bump(n: int, at: int, height: float, decay_points: float) -> np.ndarray:
    """A multiplicative bump: x`height` at point `at`, decaying back with time constant
    `decay_points` (0: gone at the next point)."""
    out = np.ones(n)
    k = np.arange(n - at)
    if decay_points <= 0:
        out[at] = height
        return out
    out[at:] = 1 + (height - 1) * np.exp(-k / decay_points)
    return out


def _ramp(k: np.ndarray, factor: float, points: int) -> np.ndarray:
    """1 up to point 0 (k <= 0), then geometric growth to x`factor` over `points` points,
    holding there."""
    return np.exp(np.log(factor) * np.clip(k, 0, points) / points)


def _nan_from(run: Run, i: int) -> None:
    """From point i on the log prints NaN (the run kept going with poisoned weights)."""
    flags = np.zeros(run.n, bool)
    flags[i:] = True
    run.nonfinite = flags
    run.grad_norm = run.grad_norm.copy()
    run.grad_norm[i:] = np.nan
    run.val_loss = run.val_loss.copy()
    run.val_loss[i:] = np.nan


def _fp16_scale(run: Run, rng: np.random.Generator, init: float, early: int, window: int,
                overflow_every: int, collapse_at: int | None = None) -> None:
    """Dynamic loss scaling: halve at each overflow (the step is skipped and its message is a
    row), double after `window` quiet steps. `early` overflows at steps 1..early calibrate the
    scale; later the scaler overshoots after a growth and halves once, every `overflow_every`
    steps or so; from `collapse_at` (a step) on every step overflows."""
    last = int(run.step[-1])
    scale, quiet = init, 0
    overflow = set(range(1, early + 1))
    if overflow_every > 0:
        s = window + int(rng.integers(50, 400))
        while s < last:
            overflow.add(s)
            s += overflow_every + int(rng.integers(-overflow_every // 5, overflow_every // 5 + 1))
    logged = {int(s): i for i, s in enumerate(run.step)}
    values = np.full(run.n, np.nan)
    extra = []
    for s in range(1, last + 1):
        if s in overflow or (collapse_at is not None and s >= collapse_at and scale > 0.25):
            scale, quiet = scale / 2, 0
            extra.append({"step": s, "loss_scale": scale, "skipped": True})
        else:
            quiet += 1
            if quiet >= window:
                scale, quiet = scale * 2, 0
        if s in logged:
            values[logged[s]] = scale
    run.loss_scale = values
    run.extra = extra


# --- the models --------------------------------------------------------------------------------

def healthy(steps: int, rng: np.random.Generator, **params: float) -> pd.DataFrame:
    """A healthy run: loss = floor + (start - floor) exp(-step / tau) (+ a small LR-dependent
    term) times log-normal noise `sigma`; linear warmup then the chosen decay (cosine by
    default, `schedule` 1 = step decay x0.1 at 50% and 75%, which makes the loss drop in
    stairs; raise `lr_term` to make the stairs visible); evaluation every `eval_every` steps.
    No own parameters."""
    return _frame([_base(steps, rng, Params(params, {}, "healthy"))])


def healthy_with_blip(steps: int, rng: np.random.Generator, **params: float) -> pd.DataFrame:
    """Healthy, plus one logged point `blip` x higher (default 1.4) at `at` (share of the
    run, default 0.55) that is gone at the next point; the gradient norm does not move.
    Ordinary batch noise: a hard batch, not a problem."""
    p = Params(params, {"blip": 1.4, "at": 0.55}, "healthy_with_blip")
    run = _base(steps, rng, p)
    run.loss = run.loss * _bump(run.n, run.index(p["at"]), p["blip"], 0)
    return _frame([run])


def fp16_calibration_healthy(steps: int, rng: np.random.Generator, **params: float) -> pd.DataFrame:
    """Healthy fp16 run with dynamic loss scaling: the scale starts at `init_scale` (65536)
    and halves at each of the first `early` steps (default 5, all skipped: the scaler
    finding its level), then doubles after every `window` (1000) overflow-free steps and
    halves again at an isolated overflow about every `overflow_every` (1500) steps: a
    sawtooth in a narrow band. The loss itself is unaffected."""
    p = Params(params, {"init_scale": 65536.0, "early": 5, "window": 1000, "overflow_every": 1500},
               "fp16_calibration_healthy")
    run = _base(steps, rng, p)
    _fp16_scale(run, rng, p["init_scale"], p.integer("early"), p.integer("window"),
                p.integer("overflow_every"))
    return _frame([run])


def lr_divergence(steps: int, rng: np.random.Generator, **params: float) -> pd.DataFrame:
    """Learning rate too high for the model: the loss falls normally, then from `onset`
    (share of the run; default: `delay` x the warmup length after the LR peak) it grows
    geometrically, by x`blow` (default 6) over `ramp` logged points (default 12), while
    the gradient norm climbs with it (x`grad_blow`, default 30) starting `lead` points
    earlier. With `nan` = 1 the log then prints NaN for `nan_points` more points (default
    -1: until `steps`), with `nan` = 0 it stops at the top. After `ramp` points the growth
    goes on at 15% per point. Also the shape of any runaway update size (gradients summed instead
    of averaged, gradients never cleared)."""
    p = Params(params, {"onset": -1, "delay": 0.3, "blow": 6.0, "ramp": 12, "grad_blow": 30.0,
                        "lead": 2, "nan": 1, "nan_points": -1}, "lr_divergence")
    run = _base(steps, rng, p)
    if p["onset"] >= 0:
        i0 = run.index(p["onset"])
    else:
        total = p.integer("total") or steps
        peak_step = p["warmup"] * total * (1 + p["delay"])
        i0 = int(np.searchsorted(run.step, peak_step))
    ramp = max(2, p.integer("ramp"))
    k = np.arange(run.n) - i0
    grow = _ramp(k, p["blow"], ramp) * np.where(k > ramp, np.exp(0.15 * (k - ramp)), 1.0)
    run.loss = run.loss * grow
    run.grad_norm = run.grad_norm * _ramp(k + p.integer("lead"), p["grad_blow"], ramp)
    end = i0 + ramp + 1
    if p["nan"] >= 1 and end < run.n:
        _nan_from(run, end)
        if p["nan_points"] >= 0:
            run = _cut(run, end + p.integer("nan_points"))
    else:
        run = _cut(run, end)
    return _frame([run])


def _cut(run: Run, n: int) -> Run:
    """The first n logged points (the run stopped there)."""
    n = max(1, n)
    last = run.step[n - 1]
    return replace(run, step=run.step[:n], loss=run.loss[:n], lr=run.lr[:n], grad_norm=run.grad_norm[:n],
                   val_loss=run.val_loss[:n], epoch=run.epoch[:n], clean=run.clean[:n],
                   loss_scale=None if run.loss_scale is None else run.loss_scale[:n],
                   nonfinite=None if run.nonfinite is None else run.nonfinite[:n],
                   extra=[r for r in run.extra if r["step"] <= last])


def early_blowup(steps: int, rng: np.random.Generator, **params: float) -> pd.DataFrame:
    """Trouble from the first steps: full learning rate from step 0 (no warmup, `warmup` = 0
    by default) or a bad starting point. The loss starts at `start` (set it far above
    ln(classes) for a broken initialisation), falls for `calm` logged points (default 4),
    then climbs x`blow` (default 4) over `ramp` points (default 6) with the gradient norm
    x`grad_blow` (20), and the log prints NaN from then on (`nan` = 1) or the loss stays
    stuck at the top (`nan` = 0)."""
    p = Params(params, {"calm": 4, "blow": 4.0, "ramp": 6, "grad_blow": 20.0, "nan": 1, "warmup": 0.0},
               "early_blowup")
    run = _base(steps, rng, p)
    i0, ramp = max(2, p.integer("calm")), max(2, p.integer("ramp"))
    k = np.arange(run.n) - i0
    level = run.clean[i0]
    grow = level * _ramp(k, p["blow"], ramp)
    after = np.where(k >= 0, grow * noise(rng, run.n, p["sigma"]), run.loss)
    run.loss = after
    run.grad_norm = run.grad_norm * _ramp(k + 1, p["grad_blow"], ramp)
    run.val_loss = np.where(np.isfinite(run.val_loss) & (k >= 0), grow * (1 + p["val_gap"]), run.val_loss)
    if p["nan"] >= 1:
        _nan_from(run, min(run.n - 1, i0 + ramp + 1))
    return _frame([run])


def nan_after_spike(steps: int, rng: np.random.Generator, **params: float) -> pd.DataFrame:
    """A NaN that ends a healthy run at `at` (share, default 0.6). With `ramp` > 0 the
    gradient norm first grows geometrically for `ramp` logged points (to x`grad_blow`,
    default 50) while the loss barely moves, then the loss spikes x`spike` (default 3) and
    the next point is NaN: exploding gradients. With `ramp` = 0 and `spike` = 1 the loss is
    normal at one point and NaN at the next, and the gradient norm gives no warning: a
    numerically unsafe operation (log(0), 0/0, exp overflow) hit by some batch. NaN is
    printed for the rest of the run (`nan_points`, default: to the end)."""
    p = Params(params, {"at": 0.6, "ramp": 0, "grad_blow": 50.0, "spike": 1.0, "nan_points": -1},
               "nan_after_spike")
    run = _base(steps, rng, p)
    i = run.index(p["at"])
    ramp = p.integer("ramp")
    if ramp > 0:
        k = np.arange(run.n) - (i - ramp)
        run.grad_norm = run.grad_norm * _ramp(k, p["grad_blow"], ramp)
    run.loss = run.loss.copy()
    run.loss[i] *= p["spike"]
    _nan_from(run, i + 1)
    if p["nan_points"] >= 0:
        run = _cut(run, i + 1 + p.integer("nan_points"))
    return _frame([run])


def _spread(rng: np.random.Generator, n: int, count: int, lo: float, hi: float, gap: int) -> list[int]:
    """`count` irregular positions in [lo, hi) of n points, at least `gap` apart."""
    for _ in range(200):
        at = np.sort(rng.integers(int(lo * n), int(hi * n), count))
        d = np.diff(at)
        if (d >= gap).all() and (count < 3 or np.ptp(d) > 0.3 * d.mean()):
            return [int(a) for a in at]
    return [int(a) for a in np.linspace(lo * n, hi * n, count, endpoint=False)]


def bad_batch_spikes(steps: int, rng: np.random.Generator, **params: float) -> pd.DataFrame:
    """Isolated spikes from outlier batches: `count` (default 3) spikes at irregular times
    between `lo` and `hi` (shares, default 0.2-0.9), each x`height` (default 3, +-20%),
    back to trend with a time constant of `recover` logged points (default 1.5). At the
    same logged step the gradient norm spikes x`grad_spike` (default 20) and is back at the
    next point. With `count` 1, a small `grad_spike` and a long `recover`, it is the slow
    spike of an optimizer whose second-moment estimate lags (Adam beta2 too close to 1)."""
    p = Params(params, {"count": 3, "lo": 0.2, "hi": 0.9, "height": 3.0, "recover": 1.5,
                        "grad_spike": 20.0}, "bad_batch_spikes")
    run = _base(steps, rng, p)
    spikes = _spread(rng, run.n, p.integer("count"), p["lo"], p["hi"], max(8, run.n // 12))
    loss, grad = run.loss.copy(), run.grad_norm.copy()
    for i in spikes:
        h = p["height"] * rng.uniform(0.8, 1.2)
        loss *= _bump(run.n, i, h, p["recover"])
        grad[i] *= p["grad_spike"] * rng.uniform(0.8, 1.2)
    run.loss, run.grad_norm = loss, grad
    return _frame([run])


def periodic_epoch_spikes(steps: int, rng: np.random.Generator, **params: float) -> pd.DataFrame:
    """Spikes at every epoch boundary (`epoch_steps`, default steps / 10): the data is read in
    the same unshuffled order each epoch, so the first batches of an epoch (one class, one
    source, the longest sequences) pull the model away. Each spike is x`height` (default
    2.2) in the first epochs, shrinking by `shrink` (0.93) per epoch but never vanishing, and
    is gone within `recover` logged points (time constant, default 1.5); the gradient norm
    jumps x3 with it. The epoch is logged."""
    p = Params(params, {"height": 2.2, "shrink": 0.93, "recover": 1.5}, "periodic_epoch_spikes")
    if p["epoch_steps"] <= 0:
        p["epoch_steps"] = max(p["log_every"] * 10, steps // 10)
    run = _base(steps, rng, p)
    e = int(p["epoch_steps"])
    loss, grad = run.loss.copy(), run.grad_norm.copy()
    for k in range(1, steps // e + 1):
        i = int(np.searchsorted(run.step, k * e))
        if i >= run.n - 1:
            break
        h = 1 + (p["height"] - 1) * p["shrink"] ** (k - 1)
        loss *= _bump(run.n, i, h, p["recover"])
        grad[i] *= 3.0
    run.loss, run.grad_norm = loss, grad
    return _frame([run])


def resume_jump(steps: int, rng: np.random.Generator, **params: float) -> pd.DataFrame:
    """A resume that lost the optimizer state: the first run logs up to `crash` (share,
    default 0.55) and dies; the second restarts from the checkpoint at `ckpt` (share, default
    0.5), so the step counter goes back and a second segment begins. Only the weights were
    restored: Adam's moments start from zero at the full learning rate, so the loss jumps
    x`jump` (default 2) right after the resume and recovers with a time constant of
    `recover` logged points (default 25); the gradient norm jumps x`grad_jump` (4) too.
    The LR continues where it was (the scheduler is stepped by the global step)."""
    p = Params(params, {"crash": 0.55, "ckpt": 0.5, "jump": 2.0, "recover": 25.0, "grad_jump": 4.0},
               "resume_jump")
    full = _base(steps, rng, p)
    crash, ckpt = full.index(p["crash"]), full.index(p["ckpt"])
    first = _cut(full, crash + 1)
    again = _base(steps, rng, p)  # the same run, redrawn noise
    sl = slice(ckpt + 1, None)
    second = Run(again.step[sl], again.loss[sl], again.lr[sl], again.grad_norm[sl], again.val_loss[sl],
                 again.epoch[sl], again.clean[sl])
    bump = _bump(second.n, 0, p["jump"], p["recover"])
    second.loss = second.loss * bump
    second.grad_norm = second.grad_norm * _bump(second.n, 0, p["grad_jump"], p["recover"] / 2)
    second.val_loss = second.val_loss * bump
    return _frame([first, second])


def lr_schedule_jump(steps: int, rng: np.random.Generator, **params: float) -> pd.DataFrame:
    """The LR jumps up mid-run, which no intended schedule does: a polynomial decay (power
    0.9) was set to end at `at` (share, default 0.5) instead of at the end of the run, and
    restarts in cycle mode: the horizon doubles, so at `at` the LR jumps from the floor
    (`min_lr` x peak, default 0.01) back to about half the peak, then decays again. The loss
    reacts over tens to hundreds of steps: it rises to x`rise` (default 1.7) of its pre-jump
    level within `climb` logged points (default 5), then falls slowly (time constant
    `recover`, default 60 points) and stays above where it was for a long time."""
    p = Params(params, {"at": 0.5, "rise": 1.7, "climb": 5, "recover": 60.0, "min_lr": 0.01},
               "lr_schedule_jump")
    horizon = max(1.0, p["at"] * steps)
    p["total"], p["schedule"] = horizon, 3
    run = _base(steps, rng, p)
    i = int(np.searchsorted(run.step, horizon, side="right"))
    peak, low = p["peak_lr"], p["min_lr"] * p["peak_lr"]
    lr = run.lr.copy()
    lr[i:] = low + (peak - low) * np.clip(1 - run.step[i:] / (2 * horizon), 0, 1) ** 0.9
    run.lr = lr
    k = np.arange(run.n) - i
    climb = max(1, p.integer("climb"))
    up = np.where(k < 0, 1.0, np.where(k <= climb, 1 + (p["rise"] - 1) * k / climb,
                                       1 + (p["rise"] - 1) * np.exp(-(k - climb) / p["recover"])))
    run.loss = run.loss * up
    run.grad_norm = run.grad_norm * np.where(k < 0, 1.0, 1 + 1.5 * np.exp(-np.maximum(k, 0) / 10))
    run.val_loss = run.val_loss * up
    return _frame([run])


def overfitting(steps: int, rng: np.random.Generator, **params: float) -> pd.DataFrame:
    """Overfitting: the training loss keeps falling towards `floor` (default 0.05), while the
    validation loss (evaluated every `eval_every` steps, default once per `epoch_steps`)
    follows it down to a minimum near `best` (share of the run, default 0.3) and then
    climbs roughly linearly, by `rise` (default 0.8) x its minimum by the end. No spike,
    no NaN; gradient norm normal."""
    p = Params(params, {"best": 0.3, "rise": 0.8, "floor": 0.05, "val_floor": 0.55, "tau": 0.1},
               "overfitting")
    if p["epoch_steps"] <= 0:
        p["epoch_steps"] = max(p["log_every"], steps // 30)
    if p["eval_every"] == 0:
        p["eval_every"] = p["epoch_steps"]
    run = _base(steps, rng, p)
    t = run.step.astype(np.float64)
    best = p["best"] * steps
    tau = p["tau"] * steps
    v0 = p["val_floor"] + (p["start"] * 1.02 - p["val_floor"]) * np.exp(-t / tau)
    vmin = p["val_floor"] + (p["start"] * 1.02 - p["val_floor"]) * np.exp(-best / tau)
    climb = vmin * p["rise"] * np.clip((t - best) / max(1.0, steps - best), 0, None) ** 1.2
    val = (v0 + climb) * noise(rng, run.n, p["sigma"] / 3)
    run.val_loss = np.where(np.isfinite(run.val_loss), val, np.nan)
    return _frame([run])


def fp16_scale_collapse(steps: int, rng: np.random.Generator, **params: float) -> pd.DataFrame:
    """fp16 overflow that does not go away: a normal fp16 run (calibration at the start, a
    sawtooth loss scale) until `at` (share, default 0.6); from there every step overflows,
    each is skipped and halves the scale, down to 1 and below in a few dozen steps. While
    every update is skipped the loss is frozen where it was; `nan_after` logged points
    after `at` (default 4) the forward pass itself overflows and the log prints NaN to the
    end (`nan` = 1) or the run stops (`nan` = 0)."""
    p = Params(params, {"at": 0.6, "nan_after": 4, "nan": 1, "init_scale": 65536.0, "early": 4,
                        "window": 1000, "overflow_every": 1500}, "fp16_scale_collapse")
    run = _base(steps, rng, p)
    i = run.index(p["at"])
    _fp16_scale(run, rng, p["init_scale"], p.integer("early"), p.integer("window"),
                p.integer("overflow_every"), collapse_at=int(run.step[i]))
    loss, grad = run.loss.copy(), run.grad_norm.copy()
    loss[i:] = loss[i] * noise(rng, run.n - i, p["sigma"] / 2)
    grad[i:] = np.inf
    run.loss, run.grad_norm = loss, grad
    j = min(run.n - 1, i + max(1, p.integer("nan_after")))
    if p["nan"] >= 1:
        _nan_from(run, j)
    else:
        run = _cut(run, j)
    return _frame([run])


def steady_rise(steps: int, rng: np.random.Generator, **params: float) -> pd.DataFrame:
    """A slow, steady rise: the loss falls to its minimum around `low` (share, default 0.25)
    and then creeps up, smoothly and almost monotonically, to x`rise` (default 1.5) of that
    minimum by the end (`tau` defaults to 0.06 here, so the early fall is over by `low`):
    the weights are being pulled towards zero faster than the data gradient holds them
    (weight decay far too strong for the LR and run length). The validation loss rises the
    same way; no spike, gradient norm slowly falling."""
    p = Params(params, {"low": 0.25, "rise": 1.5, "tau": 0.06}, "steady_rise")
    run = _base(steps, rng, p)
    t = run.step.astype(np.float64)
    low = p["low"] * steps
    creep = 1 + (p["rise"] - 1) * np.clip((t - low) / max(1.0, steps - low), 0, 1) ** 1.1
    run.clean = run.clean * creep
    run.loss = run.loss * creep
    run.val_loss = run.val_loss * creep
    return _frame([run])


def plateau(steps: int, rng: np.random.Generator, **params: float) -> pd.DataFrame:
    """Stuck from the start: the loss begins at `start` (default ln 10 = 2.303) and only
    drifts down by `drop` (default 3%) over the whole run, with noise `sigma` (default 2%); validation
    the same. What a model does that cannot learn from what it is given (labels that do not
    match the inputs, a loss applied to the wrong kind of output)."""
    p = Params(params, {"start": 2.303, "drop": 0.03, "sigma": 0.02}, "plateau")
    run = _base(steps, rng, p)
    t = run.step.astype(np.float64)
    clean = p["start"] * (1 - p["drop"] * (1 - np.exp(-t / (0.3 * steps))))
    run.clean = clean
    run.loss = clean * noise(rng, run.n, p["sigma"])
    run.val_loss = np.where(np.isfinite(run.val_loss), clean * (1 + p["val_gap"]), np.nan)
    run.grad_norm = run.grad_norm * 0.2
    return _frame([run])


def oscillation(steps: int, rng: np.random.Generator, **params: float) -> pd.DataFrame:
    """Wild oscillation: after a first fall, from `at` (share, default 0.15) the per-point
    loss swings with log-normal noise of `swing` (default 0.5; healthy runs have a few
    percent), without a trend of its own: steps so large (LR too high for plain SGD, or a
    tiny batch with the LR of a large one) that each update undoes the last. The gradient
    norm swings with it."""
    p = Params(params, {"at": 0.15, "swing": 0.5}, "oscillation")
    run = _base(steps, rng, p)
    i = run.index(p["at"])
    level = run.clean[i]
    loss, grad = run.loss.copy(), run.grad_norm.copy()
    loss[i:] = level * noise(rng, run.n - i, p["swing"])
    grad[i:] = grad[i:] * noise(rng, run.n - i, p["swing"])
    run.loss, run.grad_norm = loss, grad
    run.val_loss = np.where(np.isfinite(run.val_loss) & (np.arange(run.n) >= i),
                            level * noise(rng, run.n, p["swing"] / 2), run.val_loss)
    return _frame([run])


def spike_no_recovery(steps: int, rng: np.random.Generator, **params: float) -> pd.DataFrame:
    """Late-training instability built into the architecture: from `drift` (share, default
    0.45) the gradient norm creeps up (x`grad_drift`, default 4, by the spike) while the
    loss still looks normal; at `at` (share, default 0.75) the loss spikes x`height`
    (default 2.6) and settles at x`after` (default 1.7) of its previous level for the rest
    of the run instead of coming back; the gradient norm stays high and spiky."""
    p = Params(params, {"drift": 0.45, "at": 0.75, "height": 2.6, "after": 1.7, "grad_drift": 4.0},
               "spike_no_recovery")
    run = _base(steps, rng, p)
    d, i = run.index(p["drift"]), run.index(p["at"])
    k = np.arange(run.n)
    g = np.where(k < d, 1.0, np.exp(np.log(p["grad_drift"]) * np.clip((k - d) / max(1, i - d), 0, 1)))
    grad = run.grad_norm * g
    grad[i:] *= noise(rng, run.n - i, 0.4)
    after = np.where(k < i, 1.0, p["after"] + (p["height"] - p["after"]) * np.exp(-(k - i) / 1.5))
    run.loss = run.loss * after
    run.val_loss = run.val_loss * np.where(k < i, 1.0, p["after"])
    run.grad_norm = grad
    return _frame([run])


def planned_phase(steps: int, rng: np.random.Generator, **params: float) -> pd.DataFrame:
    """An expected jump at a planned phase switch (the backbone unfrozen at `at`, share,
    default 0.3): while only the head trains the loss flattens at a high level; at the switch
    it jumps x`jump` (default 2.2) as the pretrained features start to move, then comes back
    within `recover` logged points (time constant, default 4) and keeps falling lower than
    the head alone could (to `floor`). The gradient norm doubles briefly; the LR is
    continuous."""
    p = Params(params, {"at": 0.3, "jump": 2.2, "recover": 4.0, "head_floor": 1.6}, "planned_phase")
    run = _base(steps, rng, p)
    i = run.index(p["at"])
    t = run.step.astype(np.float64)
    ts = float(run.step[i])
    head = p["head_floor"] + (p["start"] - p["head_floor"]) * np.exp(-t / (p["tau"] * steps))
    tail = p["floor"] + (head[i] - p["floor"]) * np.exp(-(t - ts) / (0.25 * steps))
    clean = np.where(t < ts, head, tail)
    k = np.arange(run.n)
    bump = np.where(k < i, 1.0, 1 + (p["jump"] - 1) * np.exp(-(k - i) / max(0.1, p["recover"])))
    run.clean = clean
    run.loss = clean * noise(rng, run.n, p["sigma"]) * bump
    run.val_loss = np.where(np.isfinite(run.val_loss), clean * (1 + p["val_gap"]), np.nan)
    run.grad_norm = run.grad_norm * np.where(k < i, 1.0, 1 + np.exp(-(k - i) / 3))
    return _frame([run])


def logging_artifact(steps: int, rng: np.random.Generator, **params: float) -> pd.DataFrame:
    """The logged loss jumps by an exact factor `factor` (default 4, the number of
    gradient-accumulation steps) at `at` (share, default 0.4), when the accumulation setting
    changed and the loop started logging the sum of the micro-batch losses instead of their
    mean; it then keeps falling at the same relative rate. Nothing else moves: gradient norm,
    LR and the validation loss continue smoothly."""
    p = Params(params, {"at": 0.4, "factor": 4.0}, "logging_artifact")
    run = _base(steps, rng, p)
    i = run.index(p["at"])
    scale = np.where(np.arange(run.n) < i, 1.0, p["factor"])
    run.loss = run.loss * scale
    return _frame([run])


CURVES: dict[str, Generator] = {
    f.__name__: f for f in (
        healthy, healthy_with_blip, fp16_calibration_healthy, lr_divergence, early_blowup,
        nan_after_spike, bad_batch_spikes, periodic_epoch_spikes, resume_jump, lr_schedule_jump,
        overfitting, fp16_scale_collapse, steady_rise, plateau, oscillation, spike_no_recovery,
        planned_phase, logging_artifact,
    )
}
"""Curve model name (a case's `curve.model`) -> generator."""


def generate(case: CaseStudy) -> pd.DataFrame:
    """The case's curves as a canonical frame; the same case always gives the same frame."""
    spec = case.curve
    try:
        model = CURVES[spec.model]
    except KeyError:
        raise KeyError(f"case '{case.id}': unknown curve model '{spec.model}'") from None
    return model(spec.steps, np.random.default_rng(spec.seed), **spec.params)


__all__ = ["CURVES", "Generator", "generate"]

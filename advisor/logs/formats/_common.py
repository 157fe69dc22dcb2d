"""Helpers shared by the format parsers: number tokens, key names, overflow messages, steps.

Number spellings follow the survey in `shared/logformats/README.md` §0: `nan`, `NaN`,
`nanxxx` (PaddleOCR), `nan.0` (Lightning bar), `[nan]` (numpy), `tensor(nan, device=...)`,
`inf`, `-inf`, `Infinity`, `1.#INF` / `1.#QNAN` (MSVC), scientific notation in any style,
trailing `%` or units. `NA` and empty strings are *missing*, never NaN.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.logs.frame import Rows

NUM = (r"[-+]?(?:\d+\.#(?:INF|IND|QNAN|SNAN)\d*|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
       r"|(?:Infinity|nan|NaN|NAN|inf|Inf|INF)(?:x+|\.0+)?)")
"""Regex source for one number token, including every NaN/Inf spelling we know."""
NUM_RE = re.compile(NUM)
_WRAPPED = re.compile(r"^(?:tensor\(|\[+|array\()\s*(" + NUM + r")")


def num(token: str | None) -> float | None:
    """A printed number as float (nan/inf kept), or None when the token is not a number."""
    if token is None:
        return None
    # newer transformers / TRL print quoted values: {'loss': '1.363', 'epoch': '1'}
    tok = token.strip().lstrip("'\"").rstrip(",;|}])'\"%")
    if not tok or tok in ("NA", "N/A", "None", "null", "#na#", "-"):
        return None
    try:
        return float(tok)
    except ValueError:
        pass
    m = _WRAPPED.match(tok)
    if m:
        tok = m.group(1)
    low = tok.lower()
    if "#" in low:  # MSVC: 1.#INF, -1.#IND, 1.#QNAN
        if "inf" in low:
            return -math.inf if low.startswith("-") else math.inf
        return math.nan
    m = NUM_RE.match(tok)
    if not m:
        return None
    body = m.group(0)
    blow = body.lower().rstrip("x").rstrip("0").rstrip(".")
    if blow.lstrip("+-") in ("nan",):
        return math.nan
    if blow.lstrip("+-") in ("inf", "infinity"):
        return -math.inf if blow.startswith("-") else math.inf
    try:
        return float(body)
    except ValueError:
        return None


def integer(token: str | None) -> int | None:
    """An integer token (thousands separators allowed), or None."""
    if token is None:
        return None
    tok = token.strip().replace(",", "")
    try:
        return int(tok)
    except ValueError:
        val = num(tok)
        return int(val) if val is not None and math.isfinite(val) else None


# --- key names -----------------------------------------------------------------------------

_ALIASES = {
    "loss": ("loss", "train_loss", "train/loss", "training_loss", "train_loss_step", "loss_step",
             "train/loss_step", "trainer/loss", "train loss", "training loss", "total_loss",
             "lm loss", "lm_loss", "训练损失", "损失", "训练loss", "train/total_loss"),
    "val_loss": ("val_loss", "eval_loss", "valid_loss", "valid/loss", "val/loss", "eval/loss",
                 "validation_loss", "validation/loss", "val loss", "valid loss", "eval loss",
                 "val_loss_epoch", "test_loss", "dev_loss", "验证损失", "验证集损失", "测试损失"),
    "lr": ("lr", "learning_rate", "learning rate", "train/learning_rate", "train/lr", "lr/pg0",
           "x/lr0", "base_lr", "学习率"),
    "grad_norm": ("grad_norm", "gnorm", "grad norm", "train/grad_norm", "gradient_norm",
                  "grad_norm_step", "total_norm", "梯度范数"),
    "loss_scale": ("loss_scale", "loss scale", "scaler/scale", "train/loss_scale", "scale"),
    "step": ("step", "global_step", "iter", "iteration", "_step", "train/global_step",
             "num_updates", "current_steps", "global step", "trainer/global_step", "steps",
             "步", "步数", "迭代"),
    "epoch": ("epoch", "train/epoch", "epochs", "轮", "轮次"),
}
CANONICAL: dict[str, str] = {alias: col for col, names in _ALIASES.items() for alias in names}


def canonical(key: str) -> str | None:
    """The canonical column for a logged key name (case/space/dash-insensitive), or None."""
    k = key.strip().strip("'\"").lower()
    col = CANONICAL.get(k) or CANONICAL.get(k.replace("-", "_").replace(" ", "_"))
    if col is None and k.startswith("lr-"):  # Lightning LearningRateMonitor: lr-AdamW
        return "lr"
    return col


# --- fp16 overflow messages ------------------------------------------------------------------

_OVERFLOW = re.compile(
    r"Gradient overflow\.\s+Skipping step, loss scaler \d* ?reducing loss scale to (?P<apex>" + NUM + r")"
    r"|\[(?:deepspeed|deepscale)\] OVERFLOW! Rank \d+ Skipping step\."
    r"(?: Attempted loss scale: (?P<att>" + NUM + r")(?:, reducing to (?P<ds>" + NUM + r"))?)?"
    r"|fp16 dynamic loss scale overflow! Skipping step\. Attempted loss scale: " + NUM
    + r", reducing to (?P<ds2>" + NUM + r")"
    r"|(?:NOTE: (?:gradient )?overflow detected|AMP: overflow detected|WARNING: overflow detected)"
    r"[^\n]*?setting (?:loss )?scale to(?: to)?:? (?P<fs>" + NUM + r")"
)


class LastDrawing:
    """Rows from progress bars, which redraw one step many times (before and after its loss is
    known): only the last drawing of a step becomes a row. A value the last drawing lacks is
    kept from an earlier drawing of the same step. Call `flush()` at the end."""

    def __init__(self, rows: Rows) -> None:
        self.rows = rows
        self.pending: tuple[int, int, dict] | None = None

    def add(self, step: int, line: int, **values) -> None:
        if self.pending is not None and self.pending[0] == step:
            earlier = {k: v for k, v in self.pending[2].items() if v is not None}
            values = {**earlier, **{k: v for k, v in values.items() if v is not None}}
        else:
            self.flush()
        self.pending = (step, line, values)

    def flush(self) -> None:
        if self.pending is not None:
            step, line, values = self.pending
            self.rows.add(step, line, **values)
            self.pending = None


class SkippedSteps:
    """The step an overflow message belongs to: the one after the last completed step, and
    when several messages come with no progress in between, consecutive steps (each message
    is one skipped optimizer step, so they must not merge into one row)."""

    def __init__(self) -> None:
        self.completed: int | None = None
        self.last = 0

    def at(self, completed: int) -> int:
        self.last = self.last + 1 if completed == self.completed else completed + 1
        self.completed = completed
        return self.last


def overflow(line: str) -> tuple[float | None] | None:
    """`(new_loss_scale,)` when the line announces a skipped fp16 step, else None.

    Covers apex amp, DeepSpeed (incl. hysteresis lines, where the scale is unchanged) and
    fairseq / fairseq AMP. The scale is None when the message does not print one (bf16).
    """
    if "verflow" not in line and "OVERFLOW" not in line:
        return None
    m = _OVERFLOW.search(line)
    if not m:
        return None
    for group in ("apex", "ds", "ds2", "fs", "att"):
        if m.group(group):
            return (num(m.group(group)),)
    return (None,)


# --- steps from (epoch, iteration-in-epoch) --------------------------------------------------

class EpochClock:
    """Global step from `(epoch, iter)` pairs when iterations restart every epoch.

    With a known number of iterations per epoch the step is `(epoch - first) * total + iter`.
    Without it, each epoch starts where the previous one ended (its largest iteration); if
    iterations keep growing across an epoch change they are already global. An epoch that
    goes backwards reuses the offset it had, so a restart shows up as a step going back.
    """

    def __init__(self, first_epoch: int | None = None) -> None:
        self.first = first_epoch
        self.offsets: dict[float, int] = {}
        self.last_epoch: float | None = None
        self.max_iter = 0
        self.global_iters: bool | None = None

    def step(self, epoch: float, it: int, total: int | None = None) -> int:
        if self.first is None:
            self.first = 0 if epoch == 0 else 1
        if total:
            return int((epoch - self.first) * total + it)
        if self.last_epoch is None:
            self.offsets[epoch] = 0
        elif epoch != self.last_epoch:
            if epoch > self.last_epoch and epoch not in self.offsets:
                if self.global_iters is None:
                    self.global_iters = it > self.max_iter
                prev = self.offsets.get(self.last_epoch, 0)
                self.offsets[epoch] = 0 if self.global_iters else prev + self.max_iter
            self.max_iter = 0
        self.last_epoch = epoch
        self.max_iter = max(self.max_iter, it)
        return self.offsets.get(epoch, 0) + it

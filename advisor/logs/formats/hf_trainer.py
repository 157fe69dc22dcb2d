"""Hugging Face Trainer stdout: one Python-repr dict per logging step (`{'loss': ...}`).

The dicts usually carry no step number. The step is a printed `global_step` / `step` key
when there is one, else the count of the training progress bar (`10/600 [...]`) printed just
before the dict when the log has bars (a raw `\\r` capture; labelled bars such as
`Tokenizing: 100%|` are other progress, not training), else the ordinal of the training
dict (1, 2, 3 ...), which the notes say. When tqdm did not redraw the bar between two
records, the later one is placed one logging interval on rather than merged into the
first. Eval dicts (`eval_loss`) land on the step of the training dict they follow.
Newer transformers / TRL quote the values (`'loss': '1.363'`): they are numbers all the same.

`'loss': 0.0` together with `'grad_norm': nan` is the fp16/bf16 failure signature: the row
gets `loss_nonfinite` (the loss stays 0.0, as printed). A NaN grad norm next to a normal
loss is only a NaN in `grad_norm` (an overflowed step the scaler skipped, not a NaN loss).

Speed: a block made only of dict lines (a log written with the bar disabled, or a pasted
log) is parsed at C speed: `bytes.translate` deletes the dict punctuation, leaving
`key value key value` tokens that `pandas.read_csv` splits, so no Python runs per line.
Any other block (bars, banners, DeepSpeed messages) goes through the line parser.
"""

from __future__ import annotations

import io
import math
import re

import numpy as np
import pandas as pd

from advisor.logs.formats._common import SkippedSteps, num, overflow
from advisor.logs.formats.base import Output, fires
from advisor.logs.frame import Chunk, Rows
from advisor.logs.source import Source, line_count
from advisor.model.text import Text

NAME = "hf_trainer"
DESCRIPTION = "Hugging Face Trainer stdout dict lines ({'loss': ..., 'learning_rate': ...})"

_DICT = re.compile(r"^\s*\{'(?:loss|eval_[A-Za-z0-9_]+|train_runtime|learning_rate|grad_norm)': ")
_GLUED_DICT = re.compile(r"\d+/\d+ \[[^\]]*\]\s*\{'(?:loss|eval_[A-Za-z0-9_]+|learning_rate|grad_norm)': ")
"""A dict printed right after the progress bar, on the bar's line (a captured console)."""
_BANNER = re.compile(r"\*\*\*\*\* Running training \*\*\*\*\*")
_PAIR = re.compile(r"'([^']+)': (tensor\([^)]*\)|'[^']*'|[^,}]+)")
_BAR = re.compile(r"(?:^|\|)\s*(\d+)/(\d+) \[")
_TOTAL = re.compile(r"Total optimization steps = ([\d,]+)")
_DS_STEP = re.compile(r"\[Rank \d+\] step=(\d+), skipped=\d+, lr=\[([^\],]+)")
_DS_GLOBAL = re.compile(r"global_step=(\d+)")
_KEEP = bytes.maketrans(b"", b"")


def sniff(head: list[str]) -> float:
    score = fires(head, _DICT, 0.85) or fires(head, _GLUED_DICT, 0.85)
    if not score and fires(head, _BANNER, 0.3) and not any("[    INFO] - " in h for h in head):
        score = 0.3
    return score


class DictLog:
    """Line-by-line state of an HF stdout log (also used by the DeepSpeed parser)."""

    def __init__(self) -> None:
        self.rows = Rows()
        self.skips = SkippedSteps()
        self.step = 0            # last completed training step
        self.ordinal = 0         # training dicts seen
        self.total: int | None = None
        self.steps_printed = False  # a bar count or a printed global_step / step key gave steps
        self.from_deepspeed = False
        self.last_train: int | None = None  # step of the previous training record
        self.interval: int | None = None      # logging_steps: the shortest gap the bars showed

    def line(self, text: str, lineno: int) -> None:
        stripped = text.lstrip()
        if stripped.startswith("{'"):
            self.record(stripped, lineno)
            return
        if "/" in text and " [" in text:
            m = _BAR.search(text)
            if m and _labelled(text[:m.start()]):
                m = None  # "Tokenizing train dataset: 100%|...| 2276/2276 [": not the training bar
            if m and (self.total is None or int(m.group(2)) == self.total):
                if self.total is None:
                    self.total = int(m.group(2))
                self.step = int(m.group(1))
                self.steps_printed = True
        if "step" in text:
            m = _DS_STEP.search(text) or _DS_GLOBAL.search(text)
            if m:
                self.step = int(m.group(1))
                self.from_deepspeed = True
                if m.re is _DS_STEP:
                    self.rows.add(self.step, lineno, lr=num(m.group(2)))
            elif self.total is None and "Total optimization steps" in text:
                m = _TOTAL.search(text)
                self.total = int(m.group(1).replace(",", "")) if m else None
        event = overflow(text)
        if event is not None:
            # the overflow happens while computing the step after the last completed one
            self.rows.add(self.skips.at(self.step), lineno, loss_scale=event[0], skipped=True)
        brace = text.find("{'")
        if brace > 0 and _DICT.match(text[brace:]):  # a dict glued after a bar segment
            self.record(text[brace:], lineno)

    def record(self, text: str, lineno: int) -> None:
        values = {k: v for k, v in _PAIR.findall(text)}
        if "train_runtime" in values or ("loss" not in values and not any(
                k.startswith("eval_") and k.endswith("loss") for k in values)):
            return
        printed = num(values.get("global_step", values.get("step")))  # some callbacks add 'step'
        if printed is not None:
            self.step = int(printed)
            self.steps_printed = True
        if "loss" in values:
            self.ordinal += 1
            if not (self.steps_printed or self.from_deepspeed):
                self.step = self.ordinal
            elif printed is None and not self.from_deepspeed and self.step == self.last_train:
                # the bar was not redrawn between two records (tqdm overwrote it in place):
                # a later record all the same, about one logging interval on. A count that
                # goes back is a restart, and a printed step is the step: both stay as they are.
                self.step = self.last_train + (self.interval or 1)
            elif self.last_train is not None:
                gap = self.step - self.last_train
                self.interval = gap if self.interval is None else min(gap, self.interval)
            self.last_train = self.step
            loss = num(values["loss"])
            gn = num(values.get("grad_norm"))
            signature = loss == 0.0 and gn is not None and not math.isfinite(gn)
            self.rows.add(self.step, lineno, loss=loss, lr=num(values.get("learning_rate")),
                          grad_norm=gn, epoch=num(values.get("epoch")), nonfinite=signature)
        else:
            key = "eval_loss" if "eval_loss" in values else next(
                k for k in values if k.startswith("eval_") and k.endswith("loss"))
            self.rows.add(max(self.step, 0), lineno, val_loss=num(values[key]),
                          epoch=num(values.get("epoch")))


def _labelled(before_count: str) -> bool:
    """Does a tqdm bar carry a label ("Map: 100%|")? The Trainer's own bar has none."""
    percent = before_count.rfind("%")
    return percent > 0 and before_count[:percent].rstrip("0123456789 ").endswith(":")


def _fast_block(block: str, n_lines: int, state: DictLog, first_line: int) -> Chunk | None:
    """Parse a block of `n_lines` dict lines at C speed; None if the block is not one."""
    if not block.startswith("{'"):
        return None
    width = 2 * (max(line.count("': ") for line in block[:20000].split("\n")) + 1)
    # "{'loss': 2.0, 'epoch': 0.1}" -> "loss 2.0 epoch 0.1": deleting the punctuation leaves
    # single spaces, which the C parser splits fastest (no skipinitialspace)
    data = block.encode("utf-8", "replace").translate(_KEEP, b"{}':,")
    try:
        table = pd.read_csv(io.BytesIO(data), sep=" ", header=None, names=list(range(width)),
                            engine="c", dtype={j: "category" for j in range(0, width, 2)})
    except (pd.errors.ParserError, ValueError, IndexError):  # IndexError: pandas on an empty split
        return None
    first_keys = table[0]
    # every line must be a dict: a bar, banner or blank line changes the row count or puts
    # a non-identifier (or nothing) where the first key should be
    if len(table) != n_lines or first_keys.isna().any() or not all(
            str(k).isidentifier() for k in first_keys.cat.categories):
        return None
    n = len(table)
    cols = {c: np.full(n, np.nan) for c in ("loss", "val_loss", "lr", "grad_norm", "epoch")}
    has_loss = np.zeros(n, bool)
    has_gn = np.zeros(n, bool)
    has_val = np.zeros(n, bool)
    wanted = {"loss": "loss", "eval_loss": "val_loss", "learning_rate": "lr",
              "grad_norm": "grad_norm", "epoch": "epoch"}
    for j in range(0, width, 2):
        keys = table[j]
        if keys.isna().all():
            continue
        vals = table[j + 1]
        if vals.dtype.kind not in "fi":
            return None
        vals = vals.to_numpy(np.float64)
        codes = keys.cat.codes.to_numpy()
        if {"global_step", "step", "train_runtime"} & set(keys.cat.categories):
            return None  # PaddleNLP-port dicts / final summary: the line parser handles them
        for code, key in enumerate(keys.cat.categories):
            target = wanted.get(key)
            if target is None:
                continue
            mask = codes == code
            cols[target][mask] = vals[mask]
            if key == "loss":
                has_loss |= mask
            elif key == "grad_norm":
                has_gn |= mask
            elif key == "eval_loss":
                has_val |= mask
    is_eval = has_val & ~has_loss
    ordinal = state.ordinal + np.cumsum(has_loss)
    keep = has_loss | is_eval
    loss = cols["loss"]
    nonfinite = has_loss & (~np.isfinite(loss) | ((loss == 0.0) & has_gn & np.isnan(cols["grad_norm"])))
    state.ordinal = int(ordinal[-1]) if n else state.ordinal
    state.step = state.ordinal
    return {
        "step": ordinal[keep].astype(np.int64),
        "line": (first_line + np.arange(n, dtype=np.int64))[keep],
        "epoch": cols["epoch"][keep], "loss": loss[keep], "val_loss": cols["val_loss"][keep],
        "lr": cols["lr"][keep], "grad_norm": cols["grad_norm"][keep],
        "loss_scale": np.full(int(keep.sum()), np.nan),
        "skipped": np.zeros(int(keep.sum()), bool), "loss_nonfinite": nonfinite[keep],
        "val_nonfinite": (has_val & ~np.isfinite(cols["val_loss"]))[keep],
    }


def parse(source: Source) -> Output:
    state = DictLog()
    lineno = 0
    for block in source.blocks():
        fast = None
        if not (state.steps_printed or state.from_deepspeed):
            n_lines = line_count(block)
            fast = _fast_block(block, n_lines, state, lineno + 1)
        if fast is not None:
            lineno += n_lines
            yield fast
            continue
        lines = block.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for text in lines:
            lineno += 1
            state.line(text, lineno)
        if len(state.rows):
            yield state.rows.chunk()
    yield from notes(state)


def notes(state: DictLog) -> Output:
    if state.ordinal and not (state.steps_printed or state.from_deepspeed):
        yield Text(zh="Hugging Face 输出的字典不带步数：这里的步数是训练记录的顺序（1、2、3……），不是优化器步数",
                   en="Hugging Face stdout dicts carry no step number: steps are the order of the "
                      "training log records (1, 2, 3 ...), not optimizer steps")

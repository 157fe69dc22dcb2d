"""Megatron-LM (and forks) iteration lines: ` iteration 20/ 500000 | consumed samples: ... |`.

Fields are `key: value` separated by ` | `. The loss field (`lm loss`) is *omitted* when
the interval average is not > 0, which is what a NaN does: such a line with
`number of nan iterations: N > 0` (or, in Megatron-DeepSpeed, `grad norm: nan`) is the NaN
signature (`loss_nonfinite`, loss left NaN).
`number of skipped iterations > 0` marks the logged step `skipped` (fp16 overflow in the
interval); `loss scale` fills `loss_scale`. Validation blocks put `val_loss` on their
iteration. A restart (`loading checkpoint ... at iteration 1000`) shows as the
iteration counter going back: a new segment.

Speed: the field layout of a run is fixed, so a regex is built from the first complete
iteration line (wanted fields captured, others skipped) and run with `findall` over whole
blocks; the captured strings go through `pandas.read_csv`. A block where some iteration
line does not fit that template (missing loss, other fields) is parsed line by line.
"""

from __future__ import annotations

import io
import math
import re

import numpy as np
import pandas as pd

from advisor.logs.formats._common import integer, num
from advisor.logs.formats.base import Output, fires
from advisor.logs.frame import Chunk, Rows
from advisor.logs.source import Source, line_count

NAME = "megatron"
DESCRIPTION = "Megatron-LM iteration lines (iteration N/ M | consumed samples: ... | lm loss: ...)"

_ITER = re.compile(r"iteration\s+(\d+)/\s*\d+ \|")
_SNIFF = re.compile(r"iteration\s+\d+/\s*\d+ \| consumed samples:")
_VALID = re.compile(r"validation loss at iteration (\d+)(?: on \w+ set)? \| (?:lm loss|[\w ]*loss) value: ([^ |\n]+)")
_MARK = "| consumed samples:"
_WANTED = {"learning rate": "lr", "loss scale": "loss_scale", "grad norm": "grad_norm",
           "number of skipped iterations": "skipped", "number of nan iterations": "nan"}


def sniff(head: list[str]) -> float:
    return fires(head, _SNIFF, 0.95)


def fields(line: str) -> dict[str, str]:
    """`key -> value text` of one iteration line (first loss-like field becomes `loss`)."""
    out: dict[str, str] = {}
    for part in line.split("|")[1:]:
        key, sep, value = part.partition(":")
        if not sep:
            continue
        key = key.strip()
        col = _WANTED.get(key)
        if col is None and key.endswith("loss") and "loss" not in out:
            col = "loss"
        if col is not None:
            out.setdefault(col, value.strip())
    return out


def add_line(rows: Rows, line: str, lineno: int) -> None:
    m = _ITER.search(line)
    if m:
        step = int(m.group(1))
        f = fields(line[m.end() - 1:])
        skipped = (integer(f.get("skipped")) or 0) > 0
        nans = integer(f.get("nan")) or 0
        grad_norm = num(f.get("grad_norm"))
        # no loss printed, and the iteration counted as NaN or its gradient norm is NaN/Inf
        # (Megatron-DeepSpeed leaves the nan count at 0 in bf16)
        lost = "loss" not in f and (nans > 0 or (grad_norm is not None and not math.isfinite(grad_norm)))
        rows.add(step, lineno, loss=num(f.get("loss")), lr=num(f.get("lr")), grad_norm=grad_norm,
                 loss_scale=num(f.get("loss_scale")), skipped=skipped, nonfinite=lost)
        return
    if "validation loss at iteration" in line:
        v = _VALID.search(line)
        if v:
            rows.add(int(v.group(1)), lineno, val_loss=num(v.group(2)))


class Template:
    """A regex for the iteration lines of one run, learned from a complete line."""

    def __init__(self, line: str) -> None:
        m = _ITER.search(line)
        assert m
        # possessive quantifiers (`*+`, `++`): no backtracking state, ~20% faster in CPython
        parts, self.columns = [r"iteration ++(\d+)/ *+\d+ \|"], ["step"]
        have_loss = False
        for part in line[m.end():].split("|")[:-1]:
            key, sep, _ = part.partition(":")
            key = key.strip()
            col = _WANTED.get(key)
            if col is None and key.endswith("loss") and not have_loss:
                col, have_loss = "loss", True
            if col and sep:
                parts.append(" " + re.escape(key) + r": ++([^ |]++) *+\|")
                self.columns.append(col)
            else:
                parts.append(r"[^|]*+\|")
        self.regex = re.compile("".join(parts))
        self.ok = have_loss and line.rstrip().endswith("|")

    def block(self, block: str, first_line: int) -> Chunk | None:
        found = self.regex.findall(block)
        if len(found) != block.count(_MARK) or not found:
            return None
        text = "\n".join(map(",".join, found))
        table = pd.read_csv(io.StringIO(text), header=None, names=self.columns, engine="c",
                            dtype=np.float64, na_filter=True)
        n = len(table)
        out: Chunk = {"step": table["step"].to_numpy(np.int64),
                      "line": np.full(n, first_line, np.int64)}
        for col in ("loss", "lr", "grad_norm", "loss_scale"):
            if col in table:
                out[col] = table[col].to_numpy(np.float64)
        if "loss" in out:
            out["loss_nonfinite"] = ~np.isfinite(out["loss"])
        if "skipped" in table:
            out["skipped"] = table["skipped"].to_numpy() > 0
        if n > 1 and (np.diff(out["step"]) < 0).any():  # a restart: find exact line numbers
            out["line"] = _line_numbers(block, first_line)
        if "validation loss at iteration" in block:
            out["val_loss"] = np.full(n, np.nan)
            out["val_nonfinite"] = np.zeros(n, bool)
            for step, value in _VALID.findall(block):
                hit = np.flatnonzero(out["step"] == int(step))
                if not len(hit):
                    return None
                out["val_loss"][hit[-1]] = val = num(value)
                out["val_nonfinite"][hit[-1]] = val is not None and not np.isfinite(val)
        return out


def _line_numbers(block: str, first_line: int) -> np.ndarray:
    lines, pos, line = [], 0, first_line
    for m in re.finditer(re.escape(_MARK), block):
        line += block.count("\n", pos, m.start())
        pos = m.start()
        lines.append(line)
    return np.asarray(lines, np.int64)


def parse(source: Source) -> Output:
    template: Template | None = None
    lineno = 0
    rows = Rows()
    for block in source.blocks():
        n_lines = line_count(block)
        if template is None:
            for line in block.split("\n", 2000)[:2000]:
                if _MARK in line and "loss:" in line:
                    candidate = Template(line)
                    if candidate.ok:
                        template = candidate
                        break
        fast = template.block(block, lineno + 1) if template is not None else None
        if fast is not None:
            yield fast
            lineno += n_lines
            continue
        for line in block.split("\n")[:n_lines]:
            lineno += 1
            if "iteration" in line:
                add_line(rows, line, lineno)
        yield rows.chunk()

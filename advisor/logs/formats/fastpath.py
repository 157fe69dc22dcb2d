"""Block-at-a-time parsing for line-oriented logs whose data lines all share one shape.

Why: a Python loop that runs regexes on every line costs microseconds per line, too slow
for million-line logs, and even one big regex `findall` is slow in CPython's engine.
Most print-loop logs repeat one line shape with different numbers, so:
`LineTemplate.learn` takes the commonest shape among the first data lines and asks the line
parser (`extract`) what each number means. `block()` then deletes the punctuation of a
whole block (`[](){}<>,:;%|`; `/`, `=` become spaces) with `bytes.translate` and lets the
pandas C parser split it on spaces; the numbers sit at fixed field positions, and the word
before each loss value must be the expected key. The lines that do not fit (validation lines,
overflow messages, other shapes) are handed back by index to the line parser, which
fills them in; a block the C parser cannot split regularly goes to the line parser whole.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable

import numpy as np
import pandas as pd

from advisor.logs.frame import Chunk

_TOKEN = re.compile(r"(?<![\w.])[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|NaN|inf|Inf)(?![\w])")
# punctuation around numbers is deleted ("Step [1/600], Loss: 0.5," -> "Step 1 600 Loss 0.5")
# so that typical print lines keep single spaces, which the C parser splits fastest;
# '/', '=' and tabs separate values, so they become spaces
_DELETE = "[](){}<>,:;%|"
_SPACE = "/=\t"
_STR_TABLE = str.maketrans(_SPACE, " " * len(_SPACE), _DELETE)
_BYTES_TABLE = bytes.maketrans(_SPACE.encode(), b" " * len(_SPACE))


def transform(text: str) -> str:
    return text.translate(_STR_TABLE)


def loss_words(text: str) -> int:
    return text.count("loss") + text.count("Loss") + text.count("LOSS") + text.count("损失")


class LineTemplate:
    """Field positions of the numbers in the dominant data-line shape, and their meaning.

    `padded` is False when the transformed line has single spaces only: fields are then
    `line.split(" ")` and the C parser runs without `skipinitialspace` (twice as fast);
    otherwise (right-aligned counters, ` | ` separators) fields are `line.split()`.
    """

    def __init__(self, slots: dict[int, str], keys: dict[int, str], padded: bool,
                 words: int) -> None:
        self.slots, self.keys, self.padded, self.words = slots, keys, padded, words

    @classmethod
    def learn(cls, lines: list[str], extract: Callable) -> LineTemplate | None:
        shapes: Counter[str] = Counter()
        examples: dict[str, tuple[str, object]] = {}
        for line in lines[:400]:
            if not line or len(line) > 1000 or not line.isascii():
                continue
            fields = extract(line)
            if fields is None:
                continue
            shape = _TOKEN.sub("#", line)
            shapes[shape] += 1
            examples.setdefault(shape, (line, fields))
        if not shapes:
            return None
        shape, count = shapes.most_common(1)[0]
        if count < 20:
            return None
        line, fields = examples[shape]
        text = transform(line).rstrip()
        padded = "  " in text or text.startswith(" ")
        words = text.split() if padded else text.split(" ")
        slots = {}
        for pos, name in fields.spans.items():
            before = transform(line[:pos])
            if before and not before.endswith(" "):
                return None  # the number is glued to other text: no field of its own
            slots[len(before.split()) if padded else before.count(" ")] = name
        keys = {}
        for i, name in slots.items():
            if name in ("loss", "val_loss"):
                if i == 0 or i - 1 in slots or i >= len(words):
                    return None
                keys[i - 1] = words[i - 1]
                if i >= 2 and i - 2 not in slots:  # "train loss" vs "val loss": the qualifier too
                    keys[i - 2] = words[i - 2]
        return cls(slots, keys, padded, loss_words(line))

    def block(self, block: str, first_line: int, stepper) -> tuple[Chunk, np.ndarray] | None:
        """Rows of the lines that fit, and the indices of the other lines (for the caller)."""
        if not block.isascii():
            return None
        data = block.encode("ascii").translate(_BYTES_TABLE, _DELETE.encode())
        if not self.padded:
            data = data.replace(b" \n", b"\n")  # a trailing space would add a field
        usecols = sorted([*self.slots, *self.keys])
        dtypes = {k: "category" for k in self.keys}
        # skipping blank lines is much faster in the C parser, but rows must stay lines
        blank = block.startswith("\n") or "\n\n" in block
        try:
            table = pd.read_csv(io.BytesIO(data), sep=" ", header=None, usecols=usecols,
                                skipinitialspace=self.padded, dtype=dtypes, engine="c",
                                skip_blank_lines=not blank)
        except (pd.errors.ParserError, ValueError, IndexError):  # IndexError: pandas on an empty split
            return None
        ok = np.ones(len(table), bool)
        for k, word in self.keys.items():
            ok &= (table[k] == word).to_numpy()
        if not ok.any():
            return None
        lines = first_line + np.flatnonzero(ok)
        table = table[ok]
        values = {}
        for i, name in self.slots.items():
            col = table[i]
            if col.dtype.kind not in "fi":
                try:
                    col = pd.to_numeric(col.astype(object), errors="raise")
                except (ValueError, TypeError):
                    return None
            values[name] = col.to_numpy(np.float64)
        chunk = self._rows(values, lines.astype(np.int64), stepper)
        return None if chunk is None else (chunk, np.flatnonzero(~ok))

    def _rows(self, col: dict[str, np.ndarray], lines: np.ndarray, stepper) -> Chunk | None:
        n = len(lines)
        if "gstep" in col:
            step = col["gstep"].astype(np.int64)
            stepper.seen_iters = True
        elif "it" in col:
            stepper.seen_iters = True
            it = col["it"].astype(np.int64)
            if "epoch" in col and "it_total" in col:
                epoch = col["epoch"]
                if stepper.clock.first is None:
                    stepper.clock.first = 0 if epoch[0] == 0 else 1
                step = ((epoch - stepper.clock.first) * col["it_total"] + it).astype(np.int64)
            elif "epoch" in col:
                clock = stepper.clock
                step = np.fromiter((clock.step(e, i) for e, i in zip(col["epoch"], it)),
                                   np.int64, n)
            else:
                step = it
        elif "epoch" in col and not stepper.seen_iters:
            epochs = col["epoch"].astype(np.int64)
            rising = (np.diff(epochs) > 0).all() and (stepper.epoch is None or epochs[0] > stepper.epoch)
            if rising and not stepper.by_record:  # one line per epoch: the epoch is the step
                step = epochs
                stepper.epoch, stepper.last = int(epochs[-1]), int(epochs[-1])
            else:  # several lines share an epoch (rare, and short logs): line by line
                training = "loss" in col
                step = np.fromiter((stepper.epoch_step(int(e), training) for e in epochs), np.int64, n)
        elif "epoch" in col:
            return None
        else:
            step = stepper.ordinal + np.arange(1, n + 1, dtype=np.int64)
            stepper.ordinal += n
        stepper.last = int(step[-1])
        out: Chunk = {"step": step, "line": lines}
        for name in ("loss", "val_loss", "lr", "grad_norm"):
            if name in col:
                out[name] = col[name]
        if "epoch" in col:
            epoch = col["epoch"]
            if "it" in col and "it_total" in col:
                epoch = epoch - (stepper.clock.first or 0) + col["it"] / col["it_total"]
            out["epoch"] = epoch
        if "loss" in out:
            out["loss_nonfinite"] = ~np.isfinite(out["loss"])
        if "val_loss" in out:
            out["val_nonfinite"] = ~np.isfinite(out["val_loss"])
        return out

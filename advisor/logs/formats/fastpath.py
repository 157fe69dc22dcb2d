"""Block-at-a-time parsing for line-oriented logs whose data lines all share one shape.

Why: a Python loop that runs regexes on every line costs microseconds per line, too slow
for million-line logs. Most print-loop logs repeat one line shape with different numbers.
`LineTemplate.learn` takes the commonest shape among the first data lines, builds a regex
with one capture per number (literal text escaped, runs of spaces made elastic), and asks
the line parser (`extract`) which capture means what. `block()` then runs that regex with
`findall` over a whole block (the loop runs in C) and converts the captures with
`pandas.read_csv`. A block is accepted only when the count of loss words in it equals the
count the matches account for, so any other line that mentions a loss (a validation line,
a different shape) or an overflow message sends the block back to the line parser.
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
_CAPTURE = r"([^\s,;|\[\]()/:=%<>]+)"
_NUMERIC = ("epoch", "epoch_total", "it", "it_total", "gstep", "loss", "val_loss", "lr", "grad_norm")


def loss_words(text: str) -> int:
    return text.count("loss") + text.count("Loss") + text.count("LOSS") + text.count("损失")


def _literal(text: str) -> str:
    parts = re.split(r"( +)", text)
    return "".join(" *" if p.startswith(" ") else re.escape(p) for p in parts)


class LineTemplate:
    """A regex for the dominant data-line shape and the meaning of each capture."""

    def __init__(self, regex: re.Pattern[str], slots: list[str | None], words: int) -> None:
        self.regex, self.slots, self.words = regex, slots, words

    @classmethod
    def learn(cls, lines: list[str], extract: Callable) -> LineTemplate | None:
        shapes: Counter[str] = Counter()
        examples: dict[str, list[tuple[str, object]]] = {}
        for line in lines:
            if not line or len(line) > 1000 or "\t" in line:
                continue
            fields = extract(line)
            if fields is None:
                continue
            shape = _TOKEN.sub("#", line)
            shapes[shape] += 1
            examples.setdefault(shape, []).append((line, fields))
        if not shapes:
            return None
        shape, count = shapes.most_common(1)[0]
        if count < 20:
            return None
        line, fields = examples[shape][0]
        pieces, slots, pos = [], [], 0
        for m in _TOKEN.finditer(line):
            pieces.append(_literal(line[pos:m.start()]))
            pieces.append(_CAPTURE)
            slots.append(fields.spans.get(m.start()))
            pos = m.end()
        pieces.append(_literal(line[pos:].rstrip()))
        used = {s for s in slots if s}
        if set(fields.spans.values()) - used or not ({"loss", "val_loss"} & used):
            return None
        template = cls(re.compile("".join(pieces)), slots, loss_words(line))
        for other, expected in examples[shape][:50]:
            got = template.regex.findall(other)
            if len(got) != 1:
                return None
        return template

    def block(self, block: str, first_line: int, stepper) -> Chunk | None:
        if "verflow" in block or "OVERFLOW" in block:
            return None
        found = self.regex.findall(block)
        if not found or loss_words(block) != len(found) * self.words:
            return None
        if isinstance(found[0], str):
            found = [(f,) for f in found]
        names = [s or f"_{i}" for i, s in enumerate(self.slots)]
        keep = [i for i, s in enumerate(self.slots) if s]
        text = "\n".join(",".join(row[i] for i in keep) for row in found)
        table = pd.read_csv(io.StringIO(text), header=None, names=[names[i] for i in keep],
                            engine="c")
        if any(table[c].dtype.kind not in "fi" for c in table):
            return None
        return self._rows(table, first_line, stepper)

    def _rows(self, table: pd.DataFrame, first_line: int, stepper) -> Chunk | None:
        n = len(table)
        col = {c: table[c].to_numpy(np.float64) for c in table}
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
            step = col["epoch"].astype(np.int64)
        elif "epoch" in col:
            return None
        else:
            step = stepper.ordinal + np.arange(1, n + 1, dtype=np.int64)
            stepper.ordinal += n
        stepper.last = int(step[-1])
        out: Chunk = {"step": step, "line": np.full(n, first_line, np.int64)}
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
        return out

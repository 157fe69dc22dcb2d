"""PyTorch Lightning TQDM progress bar: `Epoch 1:  40%|████ | 100/250 [..., v_num=3, train_loss_step=5.910]`.

Epochs are 0-based; the step is the 0-based global batch index `epoch * total + n - 1`
(the same numbering as `metrics.csv`). Postfix floats are tqdm-formatted (`nan.0`,
`2.000`). `val_loss` stays in the postfix after validation, so it is recorded only on the
first bar after a validation run (or when its value changes). A batch's bar is drawn more
than once (before and after its loss is known): the last drawing of a step is the one kept.
"""

from __future__ import annotations

import re

from advisor.logs.formats._common import LastDrawing, canonical, num
from advisor.logs.formats.base import Output, fires
from advisor.logs.frame import Rows
from advisor.logs.source import Source

NAME = "lightning_progress"
DESCRIPTION = "PyTorch Lightning TQDM progress bar lines (Epoch N: ...| n/total [..., v_num=, loss=])"

# indented (pasted from a notebook) or cut off by a message printed into the bar's line:
# the postfix then runs to the end of the line
_BAR = re.compile(r"^\s*Epoch (\d+):\s+\d*%?\|[^|]*\|\s*(\d+)/(\d+|\?) \[[^,\]]*(?:,[^,\]]*)?,\s*([^\]]*)(?:\]|$)")
_SNIFF = re.compile(r"^\s*Epoch \d+:\s+\d+%\|.*v_num=")
_PAIR = re.compile(r"([\w/\-.]+)=([^,\s]+)")


def sniff(head: list[str]) -> float:
    return fires(head, _SNIFF, 0.9)


def parse(source: Source) -> Output:
    rows = Rows()
    offsets: dict[int, int] = {}
    last_val: str | None = None
    after_validation = False
    last_n = 0
    drawings = LastDrawing(rows)
    for lineno, line in enumerate(source.lines(), 1):
        if line.startswith(("Validation", "Sanity")):
            after_validation = line.startswith("Validation")
            continue
        m = _BAR.match(line)
        if not m:
            continue
        epoch, n = int(m.group(1)), int(m.group(2))
        total = int(m.group(3)) if m.group(3).isdigit() else None
        if total is not None:
            step = epoch * total + n - 1
        else:
            if epoch not in offsets:
                offsets[epoch] = offsets.get(epoch - 1, 0) + (last_n if epoch > 0 else 0)
            step = offsets[epoch] + n - 1
        last_n = n
        post = dict(_PAIR.findall(m.group(4)))
        loss_key = next((k for k in ("train_loss_step", "loss", "train_loss") if k in post),
                        next((k for k in post if canonical(k) == "loss"), None))
        val_key = next((k for k in post if canonical(k) == "val_loss"), None)
        val = None
        if val_key is not None and (after_validation or post[val_key] != last_val):
            val, last_val = num(post[val_key]), post[val_key]
        after_validation = False
        if n == 0:
            continue
        drawings.add(max(step, 0), lineno, epoch=epoch + (n / total if total else 0),
                     loss=num(post.get(loss_key)) if loss_key else None, val_loss=val)
    drawings.flush()
    yield rows.chunk()

"""Ultralytics YOLO console output (v5, v8, 11): a loss table drawn as a progress bar per epoch.

    Epoch    GPU_mem   box_loss   cls_loss   dfl_loss  Instances       Size
     8/55      9.03G     0.1321      8.032      3.308         22        640: 100%|███| 954/954 [...]

The header names the loss columns (YOLOv5 has obj_loss instead of dfl_loss); each bar
shows the running mean of each loss over the epoch so far. The loss is their sum (what
Ultralytics optimises and writes as train loss), the step the global batch
`(epoch - 1) * batches + n`, and the epoch `epoch - 1 + n / batches` (YOLOv5 counts epochs from 0, v8/11 from 1). A batch's bar is
redrawn many times in a raw capture: the last drawing of a step is kept. Validation prints
metrics (mAP), not a loss; the epoch's `results.csv` has the validation losses.
"""

from __future__ import annotations

import re

from advisor.logs.formats._common import NUM, LastDrawing, num
from advisor.logs.formats.base import Output, fires
from advisor.logs.frame import Rows
from advisor.logs.source import Source

NAME = "ultralytics_console"
DESCRIPTION = "Ultralytics YOLO console (Epoch GPU_mem box_loss cls_loss ... bars per epoch)"

_HEADER = re.compile(r"^\s*Epoch\s+GPU_mem\s+((?:\w+_loss\s+)+)Instances\s+Size\s*$")
_ROW = re.compile(r"^\s*(\d+)/(\d+)\s+\S+\s+((?:" + NUM + r"\s+)+)\d+\s+\d+:\s+\d+%\|[^|]*\|\s*(\d+)/(\d+) \[")


def sniff(head: list[str]) -> float:
    return fires(head, _HEADER, 0.95)


def parse(source: Source) -> Output:
    rows = Rows()
    losses = 0  # how many loss columns the last header named (0: a pasted excerpt without one)
    base: int | None = None  # the first epoch printed: 0 in YOLOv5 ("0/299"), 1 in v8/11
    drawings = LastDrawing(rows)
    for lineno, line in enumerate(source.lines(), 1):
        header = _HEADER.match(line)
        if header:
            losses = len(header.group(1).split())
            continue
        m = _ROW.match(line)
        if not m:
            continue
        values = [num(v) for v in m.group(3).split()]
        values = values[:losses] if losses else values
        if not values or len(values) < losses or any(v is None for v in values):
            continue
        epoch, n, batches = int(m.group(1)), int(m.group(4)), int(m.group(5))
        if base is None:
            base = 0 if epoch == 0 else 1  # a pasted excerpt from mid-run: v8/11's 1-based
        step = (epoch - base) * batches + n
        drawings.add(step, lineno, epoch=epoch - base + n / batches, loss=float(sum(values)))
    drawings.flush()
    yield rows.chunk()

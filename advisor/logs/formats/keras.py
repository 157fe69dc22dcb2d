"""Keras `model.fit` console output: tf.keras 2 (`[=====>....]` bars) and Keras 3 (`━━━━`).

Every bar update is a row: step = batches done since the first epoch (`(epoch-1) * total + n`),
epoch = `epoch - 1 + n / total`. Keras prints *running averages over the epoch so far*, so
within an epoch the values are smoothed and the first batches of an epoch are noisy. The
epoch-end update carries `val_loss`. Bars after an epoch finished and before the next
`Epoch N/M` header come from `evaluate()` (test data) and are ignored. Works on raw
captures (`\\b`/`\\r`/ANSI already removed by the source) and on pasted logs with glued lines.
"""

from __future__ import annotations

import re

from advisor.logs.formats._common import NUM, EpochClock, num
from advisor.logs.formats.base import Output, fires
from advisor.logs.frame import Rows
from advisor.logs.source import Source
from advisor.model.text import Text

NAME = "keras"
DESCRIPTION = "Keras model.fit console output (tf.keras 2 and Keras 3, raw or pasted)"

_EPOCH = re.compile(r"(?:^|\s)Epoch (\d+)/(\d+)\b")
_BAR = re.compile(r"(?:^|\s)(\d+)/(\d+|Unknown) (?:\[[=>.]*\]|[━=]{20}|-)\s")
_METRIC = re.compile(r" - (\w+): (" + NUM + r")")
_SNIFF2 = re.compile(r"^\s*\d+/\d+ \[[=>.]*\] - ")
_SNIFF3 = re.compile(r"^\s*\d+/\d+ [━=]{20} ")


def sniff(head: list[str]) -> float:
    return max(fires(head, _SNIFF2, 0.9), fires(head, _SNIFF3, 0.9))


def parse(source: Source) -> Output:
    rows, clock = Rows(), EpochClock(first_epoch=1)
    epoch: int | None = None
    done = False
    for lineno, line in enumerate(source.lines(), 1):
        if "/" not in line:
            continue
        for e in _EPOCH.finditer(line):
            epoch, done = int(e.group(1)), False
        bars = [b for b in _BAR.finditer(line) if "Epoch" not in line[b.start():b.end()]]
        # a pasted line may hold several updates glued together (the \r between them lost):
        # each is a row of its own, its metrics running up to the next update
        for bar, after in zip(bars, [*(b.start() for b in bars[1:]), len(line)]):
            if done:
                break  # evaluate() after training: test data, not a training step
            n = int(bar.group(1))
            total = int(bar.group(2)) if bar.group(2).isdigit() else None
            metrics = dict(_METRIC.findall(line[bar.end() - 1:after]))
            if "loss" not in metrics and "val_loss" not in metrics:
                continue
            e = epoch if epoch is not None else 1
            step = clock.step(e, n, total)
            rows.add(step, lineno, epoch=(e - 1 + n / total) if total else float(e),
                     loss=num(metrics.get("loss")), val_loss=num(metrics.get("val_loss")),
                     lr=num(metrics.get("learning_rate", metrics.get("lr"))))
            if total and n >= total:
                done = True
    yield rows.chunk()
    yield Text(zh="Keras 打印的是本 epoch 到目前为止的滑动平均；步数是从第一个 epoch 起累计的批次数",
               en="Keras prints running averages over the epoch so far; steps count batches "
                  "since the first epoch")

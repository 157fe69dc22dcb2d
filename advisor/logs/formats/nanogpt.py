"""nanoGPT `train.py` output: `iter 3000: loss 4.2490, time 35392.33ms, mfu 13.85%` and
`step 3000: train loss 4.0390, val loss 4.0427` (the eval's train-loss estimate is not
used as the training loss; only `val loss`). Resuming prints `step N` again: a new segment.
"""

from __future__ import annotations

import re

from advisor.logs.formats._common import NUM, num
from advisor.logs.formats.base import Output, fires
from advisor.logs.frame import Rows
from advisor.logs.source import Source

NAME = "nanogpt"
DESCRIPTION = "nanoGPT train.py output (iter N: loss X, time ...ms; step N: train loss, val loss)"

_ITER = re.compile(r"(?:^|\s)iter (\d+): loss (" + NUM + r")")
_EVAL = re.compile(r"(?:^|\s)step (\d+): train loss (" + NUM + r"), val loss (" + NUM + r")")
_SNIFF = re.compile(r"^(?:[\d\-: ]+)?iter \d+: loss \S+, time [\d.]+ms|^step \d+: train loss \S+, val loss ")


def sniff(head: list[str]) -> float:
    return fires(head, _SNIFF, 0.95)


def parse(source: Source) -> Output:
    rows = Rows()
    for lineno, line in enumerate(source.lines(), 1):
        m = _ITER.search(line)
        if m:
            rows.add(int(m.group(1)), lineno, loss=num(m.group(2)))
            continue
        m = _EVAL.search(line)
        if m:
            rows.add(int(m.group(1)), lineno, val_loss=num(m.group(3)))
    yield rows.chunk()

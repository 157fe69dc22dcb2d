"""PaddlePaddle text logs, part 2: PaddleDetection (ppdet), PaddleClas (ppcls), PaddleSeg.

* PaddleDetection: `Epoch: [0] [ 20/200] learning_rate: 0.000025 ... loss: 1037.63 ...`
  (0-based epoch, space-separated pairs); step = `epoch * iters_per_epoch + iter`.
  Huge first losses (YOLOv3 `loss: 5331`) are normal there.
* PaddleClas: `[Train][Epoch 1/6][Iter: 50/304]lr(PiecewiseDecay): 0.01, ..., loss: 0.77`;
  step = `(epoch - 1) * iters + iter`; `[Eval][Epoch e][Avg]... loss:` is `val_loss` on the
  last training step; `[Train]...[Avg]` epoch averages are skipped.
* PaddleSeg: `[TRAIN] epoch: 1, iter: 20/500, loss: 2.0859, lr: 0.009657, ...` (global iter).
"""

from __future__ import annotations

import re

from advisor.logs.formats._common import NUM, num
from advisor.logs.formats.base import Format, Output, fires
from advisor.logs.formats.paddle import KV
from advisor.logs.frame import Rows
from advisor.logs.source import Source

_DET = re.compile(r"INFO: Epoch: \[(\d+)\] \[\s*(\d+)/(\d+)\]")
_DET_SNIFF = re.compile(r"ppdet\.engine(?:\.callbacks)? INFO: Epoch: \[\d+\] \[\s*\d+/\d+\]")
_CLAS = re.compile(r"\[(Train|Eval)\]\[Epoch (\d+)(?:/(\d+))?\]\[(?:Iter: (\d+)/(\d+)|Avg)\]")
_CLAS_SNIFF = re.compile(r"ppcls INFO: \[(?:Train|Eval)\]\[Epoch ")
_SEG = re.compile(r"\[TRAIN\] epoch: (\d+), iter: (\d+)/(\d+),")
_SEG_SNIFF = re.compile(r"\[INFO\]\t\[TRAIN\] epoch: \d+, iter: \d+/\d+")
_LR = re.compile(r"lr(?:\([\w.]*\))?: (" + NUM + r")")


def parse_det(source: Source) -> Output:
    rows = Rows()
    for lineno, line in enumerate(source.lines(), 1):
        m = _DET.search(line)
        if m:
            epoch, it, total = int(m.group(1)), int(m.group(2)), int(m.group(3))
            kv = dict(KV.findall(line[m.end():]))
            rows.add(epoch * total + it, lineno, epoch=epoch + it / total,
                     loss=num(kv.get("loss")), lr=num(kv.get("learning_rate", kv.get("lr"))))
    yield rows.chunk()


def parse_clas(source: Source) -> Output:
    rows = Rows()
    step = 0
    for lineno, line in enumerate(source.lines(), 1):
        m = _CLAS.search(line)
        if not m:
            continue
        kind, epoch = m.group(1), int(m.group(2))
        kv = dict(KV.findall(line[m.end():]))
        if kind == "Train" and m.group(4) is not None:
            it, total = int(m.group(4)), int(m.group(5))
            step = (epoch - 1) * total + it
            lr = _LR.search(line[m.end():])
            rows.add(step, lineno, epoch=epoch - 1 + it / total, loss=num(kv.get("loss")),
                     lr=num(lr.group(1)) if lr else None)
        elif kind == "Eval" and m.group(4) is None and "loss" in kv:
            rows.add(step, lineno, val_loss=num(kv["loss"]))
    yield rows.chunk()


def parse_seg(source: Source) -> Output:
    rows = Rows()
    for lineno, line in enumerate(source.lines(), 1):
        m = _SEG.search(line)
        if m:
            kv = dict(KV.findall(line[m.end():]))
            rows.add(int(m.group(2)), lineno, epoch=float(m.group(1)), loss=num(kv.get("loss")),
                     lr=num(kv.get("lr")))
    yield rows.chunk()


ENTRIES = [
    Format("paddledetection", "PaddleDetection (ppdet) training log (Epoch: [e] [i/N] ... loss: ...)",
           lambda head: fires(head, _DET_SNIFF, 0.95), parse_det),
    Format("paddleclas", "PaddleClas (ppcls) log ([Train][Epoch e/E][Iter: i/N] ... loss: ...)",
           lambda head: fires(head, _CLAS_SNIFF, 0.95), parse_clas),
    Format("paddleseg", "PaddleSeg training log ([TRAIN] epoch: e, iter: i/N, loss: ...)",
           lambda head: fires(head, _SEG_SNIFF, 0.95), parse_seg),
]

"""pytorch/examples scripts copied everywhere: MNIST and ImageNet.

* MNIST: `Train Epoch: 1 [6016/60000 (10%)]\\tLoss: 1.445193`; the bracket counts *samples*,
  so the step is `(epoch - 1) * dataset_size + samples_seen` (noted); `Test set: Average
  loss: 0.0512, ...` is `val_loss` on the last training step.
* ImageNet: `Epoch: [0][ 500/5005]\\tTime ... Loss 5.7622e+00 (6.2869e+00) ...` (current
  value, running average in parentheses); step = `epoch * batches + batch`; the last
  `Test: [...] Loss x (avg)` average is `val_loss`. apex overflow lines in between mark
  the next step skipped.
"""

from __future__ import annotations

import re

from advisor.logs.formats._common import NUM, SkippedSteps, num, overflow
from advisor.logs.formats.base import Format, Output, fires
from advisor.logs.frame import Rows
from advisor.logs.source import Source
from advisor.model.text import Text

_MNIST = re.compile(r"^Train Epoch: (\d+) \[(\d+)/(\d+) \(\d+%\)\]\s+Loss: (" + NUM + r")")
_MNIST_TEST = re.compile(r"Test set: Average loss: (" + NUM + r")")
_IMAGENET = re.compile(r"^Epoch: \[(\d+)\]\[\s*(\d+)/(\d+)\]\s")
_IMAGENET_SNIFF = re.compile(r"^Epoch: \[\d+\]\[\s*\d+/\d+\]\tTime ")
_LOSS = re.compile(r"\bLoss\s+(" + NUM + r")\s*\(\s*(" + NUM + r")\s*\)")
_TEST = re.compile(r"^Test: \[")


def parse_mnist(source: Source) -> Output:
    rows = Rows()
    step = 0
    for lineno, line in enumerate(source.lines(), 1):
        m = _MNIST.match(line)
        if m:
            epoch, seen, total = int(m.group(1)), int(m.group(2)), int(m.group(3))
            step = (epoch - 1) * total + seen
            rows.add(step, lineno, epoch=epoch - 1 + seen / total, loss=num(m.group(4)))
            continue
        t = _MNIST_TEST.search(line)
        if t:
            rows.add(step, lineno, val_loss=num(t.group(1)))
    yield rows.chunk()
    yield Text(zh="步数是已见过的训练样本数（MNIST 示例打印的是样本数，不是批次数）",
               en="steps count training samples seen (the MNIST example prints samples, not batches)")


def parse_imagenet(source: Source) -> Output:
    rows, skips = Rows(), SkippedSteps()
    step, pending = 0, None
    for lineno, line in enumerate(source.lines(), 1):
        m = _IMAGENET.match(line)
        if m:
            if pending is not None:
                rows.add(step, pending[0], val_loss=pending[1])
                pending = None
            epoch, it, total = int(m.group(1)), int(m.group(2)), int(m.group(3))
            step = epoch * total + it
            loss = _LOSS.search(line)
            rows.add(step, lineno, epoch=epoch + it / total,
                     loss=num(loss.group(1)) if loss else None)
            continue
        if _TEST.match(line):
            loss = _LOSS.search(line)
            if loss:
                pending = (lineno, num(loss.group(2)))
            continue
        event = overflow(line)
        if event is not None:
            rows.add(skips.at(step), lineno, loss_scale=event[0], skipped=True)
    if pending is not None:
        rows.add(step, pending[0], val_loss=pending[1])
    yield rows.chunk()


ENTRIES = [
    Format("pytorch_mnist", "pytorch/examples MNIST output (Train Epoch: e [n/N (p%)]<TAB>Loss: x)",
           lambda head: fires(head, _MNIST, 0.95), parse_mnist),
    Format("pytorch_imagenet", "pytorch/examples ImageNet output (Epoch: [e][i/N]<TAB>Time ... Loss x (avg))",
           lambda head: fires(head, _IMAGENET_SNIFF, 0.95), parse_imagenet),
]

"""PaddlePaddle text logs, part 1: PaddleOCR, PaddleNLP (Trainer and example scripts), hapi.

* PaddleOCR: `epoch: [1/5], global_step: 30, lr: 0.000500, loss: 1.251230, ...`; values are
  medians over a 20-step window, NaN prints as `nanxxx` (format `{:x<6f}`).
* PaddleNLP Trainer: `[    INFO] - loss: 1.08, learning_rate: 4e-08, global_step: 1, ...`
  and `eval_loss: ...` lines (put on the last training step); example scripts print
  `global step 220, epoch: 28, loss: 0.00503, speed: 1.89 step/s`.
* `paddle.Model.fit` (hapi): Keras-like `Epoch 1/20` + `step 469/469 [====] - loss: ...`;
  after `Eval begin...` the bars are evaluation (`val_loss` on the last training step).
  hapi prints the *current step's* loss (metrics are running averages).
"""

from __future__ import annotations

import re

from advisor.logs.formats._common import NUM, EpochClock, num
from advisor.logs.formats.base import Format, Output, fires
from advisor.logs.frame import Rows
from advisor.logs.source import Source
from advisor.model.text import Text

KV = re.compile(r"([A-Za-z_][\w]*(?:\([\w.]*\))?): (" + NUM + r")")

_OCR = re.compile(r"\] (?:ppocr|openrec|root) INFO: epoch: \[(\d+)/(\d+)\], (?:global_step|iter): (\d+)")
_NLP = re.compile(r"\[\s*INFO\] - loss: [^,]+, learning_rate: [^,]+, global_step: \d+")
_NLP_SCRIPT = re.compile(r"global step (\d+), epoch: (\d+),.*?loss: (" + NUM + r")")
_NLP_SNIFF = re.compile(r"global step \d+, epoch: \d+,.*loss: .*speed: [\d.]+ step/s")
_HAPI = re.compile(r"^(?:The loss value printed in the log is the current|step\s+\d+/\d+ (?:\[[=>.]*\] )?- loss: )")
_HAPI_BAR = re.compile(r"step\s+(\d+)/(\d+) (?:\[[=>.]*\] )?- ([^\n]*)")
_HAPI_METRIC = re.compile(r"(\w+): (" + NUM + r")")
_EPOCH = re.compile(r"^Epoch (\d+)/(\d+)")


def _kv(line: str) -> dict[str, str]:
    return dict(KV.findall(line))


def parse_ocr(source: Source) -> Output:
    rows = Rows()
    for lineno, line in enumerate(source.lines(), 1):
        m = _OCR.search(line)
        if m:
            kv = _kv(line[m.end():])
            rows.add(int(m.group(3)), lineno, epoch=float(m.group(1)), loss=num(kv.get("loss")),
                     lr=num(kv.get("lr")))
    yield rows.chunk()
    yield Text(zh="PaddleOCR 打印的是最近 20 步的中位数：单步尖峰会被平滑掉",
               en="PaddleOCR prints the median of the last 20 steps: single-step spikes are smoothed away")


def parse_nlp(source: Source) -> Output:
    rows = Rows()
    step = 0
    for lineno, line in enumerate(source.lines(), 1):
        if "loss" not in line:
            continue
        m = _NLP_SCRIPT.search(line)
        if m:
            step = int(m.group(1))
            rows.add(step, lineno, epoch=float(m.group(2)), loss=num(m.group(3)))
            continue
        kv = _kv(line)
        if "global_step" in kv and "loss" in kv:
            step = int(float(kv["global_step"]))
            epoch = kv.get("epoch", kv.get("progress_or_epoch"))
            rows.add(step, lineno, loss=num(kv["loss"]), lr=num(kv.get("learning_rate")),
                     epoch=num(epoch))
        elif "eval_loss" in kv:
            rows.add(step, lineno, val_loss=num(kv["eval_loss"]))
    yield rows.chunk()


def parse_hapi(source: Source) -> Output:
    rows, clock = Rows(), EpochClock(first_epoch=1)
    epoch, step, evaluating = 1, 0, False
    for lineno, line in enumerate(source.lines(), 1):
        e = _EPOCH.match(line)
        if e:
            epoch, evaluating = int(e.group(1)), False
            continue
        if line.startswith("Eval begin"):
            evaluating = True
            continue
        if line.startswith("Eval samples"):
            evaluating = False
            continue
        for bar in _HAPI_BAR.finditer(line):
            metrics = dict(_HAPI_METRIC.findall(bar.group(3)))
            if "loss" not in metrics:
                continue
            if evaluating:
                rows.add(step, lineno, val_loss=num(metrics["loss"]))
            else:
                n, total = int(bar.group(1)), int(bar.group(2))
                step = clock.step(epoch, n, total)
                rows.add(step, lineno, epoch=epoch - 1 + n / total, loss=num(metrics["loss"]))
    yield rows.chunk()
    yield Text(zh="paddle.Model.fit 打印的是当前步的损失；指标是滑动平均",
               en="paddle.Model.fit prints the current step's loss; metrics are running averages")


ENTRIES = [
    Format("paddleocr", "PaddleOCR training log (epoch: [e/E], global_step: N, loss: ...)",
           lambda head: fires(head, _OCR, 0.95), parse_ocr),
    Format("paddlenlp", "PaddleNLP Trainer or example-script log (loss: ..., global_step: N)",
           lambda head: max(fires(head, _NLP, 0.95), fires(head, _NLP_SNIFF, 0.95)), parse_nlp),
    Format("paddle_hapi", "paddle.Model.fit (hapi) output (step n/N [===] - loss: ...)",
           lambda head: fires(head, _HAPI, 0.95), parse_hapi),
]

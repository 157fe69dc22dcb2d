"""Smaller frameworks, one parser each: timm, fastai, torchtune, torch MetricLogger, TF Estimator.

* timm `train.py`: `Train: 0 [ 250/1251 ( 20%)]  Loss: 6.44 (6.61) ... LR: 1.999e-02`
  (current value, average in parentheses; 0-based epoch); the last `Test:` line's average
  loss is `val_loss`.
* fastai: a fixed-width table `epoch  train_loss  valid_loss ...`; `fine_tune` prints two
  tables that both start at epoch 0: each table header starts a new segment.
* torchtune `DiskLogger`: `Step 77 | loss:3.61 lr:2e-05 ... grad_norm:tensor(0.98, ...)`.
* MetricLogger (torchvision references, DETR, MAE ...): `Epoch: [1]  [1480/1504]  eta: ...
  lr: 0.000012  loss: 0.92 (0.95)  grad_norm: 0.27 (0.39)` (window median, global average);
  the first `*loss` key is the loss; the last `Test:` average is `val_loss`.
* TF1 Estimator / TF-slim: `INFO:tensorflow:loss = 0.25, step = 100`, `global step 1: loss =
  79.35`, `Saving dict for global step 1000: ..., loss = 0.145` (evaluation: `val_loss`).
"""

from __future__ import annotations

import re

from advisor.logs.formats._common import NUM, num
from advisor.logs.formats.base import Format, Output, fires
from advisor.logs.frame import Rows
from advisor.logs.source import Source
from advisor.model.text import Text

_TIMM = re.compile(r"^Train: (\d+) \[\s*(\d+)/(\d+) \(\s*\d+%\)\]\s+Loss:\s*(" + NUM + r")")
_TIMM_LR = re.compile(r"LR:\s*(" + NUM + r")")
_TEST_AVG = re.compile(r"\b[Ll]oss:\s*(" + NUM + r")\s*\(\s*(" + NUM + r")\s*\)")
_FASTAI = re.compile(r"^epoch\s+train_loss\s+valid_loss")
_TUNE = re.compile(r"^Step (\d+) \| (.*)$")
_TUNE_SNIFF = re.compile(r"^Step \d+ \| \w+:")
_TUNE_KV = re.compile(r"(\w+):(tensor\([^)]*\)|\S+)")
_ML = re.compile(r"^(?:\[[\d:. ]+\]\s*)?Epoch: \[(\d+)\]\s+\[\s*(\d+)/(\d+)\]")
_ML_SNIFF = re.compile(r"^(?:\[[\d:. ]+\]\s*)?Epoch: \[\d+\]\s+\[\s*\d+/\d+\]\s+eta: ")
_ML_KV = re.compile(r"(\w+): (" + NUM + r")")
_TF = re.compile(r"INFO:tensorflow:(?:loss = (" + NUM + r"), step = (\d+)|global step (\d+): loss = ("
                 + NUM + r")|Saving dict for global step (\d+): .*?\bloss = (" + NUM + r"))")
_TF_SNIFF = re.compile(r"^INFO:tensorflow:(?:loss = |global step \d+: loss = )")


def _with_test_average(source: Source, train: re.Pattern[str], handle) -> Output:
    """Shared loop for formats whose `Test:` lines end with the validation average."""
    rows = Rows()
    step, pending = 0, None
    for lineno, line in enumerate(source.lines(), 1):
        m = train.match(line)
        if m:
            if pending:
                rows.add(step, pending[0], val_loss=pending[1])
                pending = None
            step = handle(rows, m, line, lineno)
        elif line.startswith("Test:"):
            t = _TEST_AVG.search(line)
            if t:
                pending = (lineno, num(t.group(2)))
    if pending:
        rows.add(step, pending[0], val_loss=pending[1])
    yield rows.chunk()


def _timm_row(rows: Rows, m: re.Match[str], line: str, lineno: int) -> int:
    epoch, it, total = int(m.group(1)), int(m.group(2)), int(m.group(3))
    lr = _TIMM_LR.search(line)
    step = epoch * total + it
    rows.add(step, lineno, epoch=epoch + it / total, loss=num(m.group(4)),
             lr=num(lr.group(1)) if lr else None)
    return step


def _metriclogger_row(rows: Rows, m: re.Match[str], line: str, lineno: int) -> int:
    epoch, it, total = int(m.group(1)), int(m.group(2)), int(m.group(3))
    kv = _ML_KV.findall(line[m.end():])
    loss = next((v for k, v in kv if k == "loss"), next((v for k, v in kv if k.endswith("loss")), None))
    values = dict(kv)
    step = epoch * total + it
    rows.add(step, lineno, epoch=epoch + it / total, loss=num(loss), lr=num(values.get("lr")),
             grad_norm=num(values.get("grad_norm")))
    return step


def parse_fastai(source: Source) -> Output:
    rows = Rows()
    columns: list[str] | None = None
    for lineno, line in enumerate(source.lines(), 1):
        if _FASTAI.match(line):
            if columns is not None:
                rows.new_segment()
            columns = line.split()
            continue
        parts = line.split()
        if columns and parts and parts[0].isdigit() and len(parts) >= len(columns) - 1:
            row = dict(zip(columns, parts))
            rows.add(int(parts[0]), lineno, epoch=float(parts[0]), loss=num(row.get("train_loss")),
                     val_loss=num(row.get("valid_loss")))
    yield rows.chunk()
    yield Text(zh="fastai 每个 epoch 打印一行：这里的步数就是 epoch",
               en="fastai prints one row per epoch: steps are epochs")


def parse_torchtune(source: Source) -> Output:
    rows = Rows()
    for lineno, line in enumerate(source.lines(), 1):
        m = _TUNE.match(line)
        if m:
            kv = dict(_TUNE_KV.findall(m.group(2)))
            rows.add(int(m.group(1)), lineno, loss=num(kv.get("loss")), lr=num(kv.get("lr")),
                     grad_norm=num(kv.get("grad_norm")))
    yield rows.chunk()


def parse_tf(source: Source) -> Output:
    rows = Rows()
    for lineno, line in enumerate(source.lines(), 1):
        if "INFO:tensorflow:" not in line:
            continue
        m = _TF.search(line)
        if not m:
            continue
        if m.group(2) is not None:
            rows.add(int(m.group(2)), lineno, loss=num(m.group(1)))
        elif m.group(3) is not None:
            rows.add(int(m.group(3)), lineno, loss=num(m.group(4)))
        else:
            rows.add(int(m.group(5)), lineno, val_loss=num(m.group(6)))
    yield rows.chunk()


ENTRIES = [
    Format("timm", "timm train.py log (Train: e [i/N (p%)]  Loss: x (avg) ... LR: ...)",
           lambda head: fires(head, _TIMM, 0.95),
           lambda source: _with_test_average(source, _TIMM, _timm_row)),
    Format("fastai", "fastai fit/fine_tune table (epoch train_loss valid_loss ...)",
           lambda head: fires(head, _FASTAI, 0.95), parse_fastai),
    Format("torchtune", "torchtune DiskLogger log_*.txt (Step N | loss:x lr:y ...)",
           lambda head: fires(head, _TUNE_SNIFF, 0.95), parse_torchtune),
    Format("metriclogger", "torch MetricLogger lines (Epoch: [e]  [i/N]  eta: ...  loss: x (avg))",
           lambda head: fires(head, _ML_SNIFF, 0.95),
           lambda source: _with_test_average(source, _ML, _metriclogger_row)),
    Format("tf_estimator", "TensorFlow 1 Estimator / TF-slim log (INFO:tensorflow:loss = x, step = N)",
           lambda head: fires(head, _TF_SNIFF, 0.95), parse_tf),
]

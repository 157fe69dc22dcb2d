"""OpenMMLab logs: MMEngine (mmdet 3.x ...) text and `scalars.json`, MMCV 1.x text and `.log.json`.

* MMEngine text: `Epoch(train)  [1][ 500/2931]  lr: 2.0000e-02  ...  loss: 1.83  ...`
  (two-space separated) or `Iter(train) [  500/90000]`; step = `(epoch-1) * len + iter`.
* MMEngine `vis_data/scalars.json`: JSON Lines with `"step"` = global iteration; validation
  records use `"step"` = epoch and hold no loss, so they are ignored.
* MMCV 1.x text: `Epoch [1][50/5808]\\tlr: 1.000e-02, eta: ..., loss: 1.6522` (tab, then
  `, `-separated pairs); `.log.json`: `{"mode": "train", "epoch": 1, "iter": 50, ...}`
  where `iter` restarts every epoch.
"""

from __future__ import annotations

import re

from advisor.logs.formats._common import NUM, EpochClock, num
from advisor.logs.formats.base import Format, Output, fires
from advisor.logs.formats.tabular import json_records, parse_jsonl
from advisor.logs.frame import Rows
from advisor.logs.source import Source

_KV = re.compile(r"([A-Za-z_][\w/.]*): (" + NUM + r")")
_ENGINE = re.compile(r"(Epoch|Iter)\((train|val|test)\)\s*(?:\[\s*(\d+)\])?\s*\[\s*(\d+)/(\d+)\]")
_ENGINE_SNIFF = re.compile(r" - mmengine - (?:INFO|WARNING) - (?:Epoch|Iter)\((?:train|val|test)\)")
_MMCV = re.compile(r" - INFO - (Epoch|Iter)(\(val\))? \[(\d+)(?:/\d+)?\](?:\[(\d+)(?:/(\d+))?\])?\t")
_MMCV_SNIFF = re.compile(r" - \w+ - INFO - (?:Epoch(?:\(val\))? \[\d+\]\[\d+(?:/\d+)?\]|Iter \[\d+/\d+\])\t")
_SCALARS = re.compile(r'"step": \d+\}$')
_MMCV_JSON = re.compile(r'^\{"mode": "(?:train|val)", "epoch": \d+')


def _text(source: Source, header: re.Pattern[str], engine: bool) -> Output:
    rows = Rows()
    step = 0
    for lineno, line in enumerate(source.lines(), 1):
        m = header.search(line)
        if not m:
            continue
        kv = dict(_KV.findall(line[m.end():]))
        if engine:
            unit, mode, epoch, it, total = m.groups()
        else:
            unit, val, first, second, total = m.groups()
            mode = "val" if val else "train"
            epoch, it = (first, second) if unit == "Epoch" else (None, first)  # Iter [i/N]
        if mode != "train":
            if "loss" in kv:
                rows.add(step, lineno, val_loss=num(kv["loss"]))
            continue
        if it is None:
            continue
        if unit == "Epoch" and epoch is not None and total:
            step = (int(epoch) - 1) * int(total) + int(it)
        else:
            step = int(it)
        lr = next((v for k, v in kv.items() if k.endswith("lr")), None)
        rows.add(step, lineno, epoch=float(epoch) if epoch else None, loss=num(kv.get("loss")),
                 lr=num(lr), grad_norm=num(kv.get("grad_norm")))
    yield rows.chunk()


def parse_mmcv_json(source: Source) -> Output:
    rows, clock = Rows(), EpochClock(first_epoch=1)
    step = 0
    for lineno, obj in json_records(source):
        mode = obj.get("mode")
        if mode == "train" and "iter" in obj:
            step = clock.step(obj.get("epoch", 1), int(obj["iter"]))
            rows.add(step, lineno, epoch=num(str(obj.get("epoch"))), loss=num(str(obj.get("loss"))),
                     lr=num(str(obj.get("lr"))), grad_norm=num(str(obj.get("grad_norm")))
                     if "grad_norm" in obj else None)
        elif mode == "val" and "loss" in obj:
            rows.add(step, lineno, val_loss=num(str(obj["loss"])))
    yield rows.chunk()


ENTRIES = [
    Format("mmengine", "MMEngine text log (Epoch(train) [e][i/N]  lr: ...  loss: ...)",
           lambda head: fires(head, _ENGINE_SNIFF, 0.95),
           lambda source: _text(source, _ENGINE, True)),
    Format("mmengine_scalars", "MMEngine vis_data scalars.json (JSON Lines with \"step\")",
           lambda head: 0.9 if fires(head, _SCALARS, 1) and any('"loss"' in h for h in head)
           else 0.0, lambda source: parse_jsonl(source, ("step",))),
    Format("mmcv", "MMCV 1.x text log (Epoch [e][i/N]<TAB>lr: ..., loss: ...)",
           lambda head: fires(head, _MMCV_SNIFF, 0.95),
           lambda source: _text(source, _MMCV, False)),
    Format("mmcv_json", "MMCV 1.x .log.json (JSON Lines with mode/epoch/iter)",
           lambda head: fires(head, _MMCV_JSON, 0.95), parse_mmcv_json),
]

"""fairseq logs: `--log-format simple` text, `--log-format json`, and the legacy (<=0.9) text.

* `train_inner` lines (`epoch 001:  100 / 1000 loss=13.274, ..., num_updates=100, lr=...,
  gnorm=..., loss_scale=16`): one row per log interval, step = `num_updates`;
* `valid` lines (`| loss 7.312 | ... | num_updates 1000`) give `val_loss` on that update;
* `train` epoch summaries are epoch averages and are skipped (the interval rows cover them);
* `NOTE: gradient overflow detected, ... setting loss scale to: 64.0` (and the AMP and
  legacy wordings) mark the next update `skipped` with the new `loss_scale`.
In the json format the numbers are strings (`"loss": "8.206"`), `"nan"` included.
"""

from __future__ import annotations

import json
import re

from advisor.logs.formats._common import NUM, SkippedSteps, num, overflow
from advisor.logs.formats.base import Output, fires
from advisor.logs.frame import Rows
from advisor.logs.source import Source

NAME = "fairseq"
DESCRIPTION = "fairseq train/valid logs (simple text, json, or legacy '| epoch 001' text)"

_SNIFF = re.compile(r"\| INFO \| (?:train_inner|train|valid) \| |^\| epoch \d{3}")
_INNER = re.compile(r"epoch (\d+):?\s+\d+ / \d+ (.*)$")
_EQ = re.compile(r"(\w+)=(" + NUM + r")")
_BAR = re.compile(r"\| (\w+) (" + NUM + r")(?= \||$)")
_EPOCH = re.compile(r"epoch (\d+)")


def sniff(head: list[str]) -> float:
    return fires(head, _SNIFF, 0.95)


def _json_part(line: str) -> dict | None:
    brace = line.find("{")
    if brace < 0 or not line.rstrip().endswith("}"):
        return None
    try:
        obj = json.loads(line[brace:])
    except json.JSONDecodeError:
        return None
    return obj if isinstance(obj, dict) else None


def parse(source: Source) -> Output:
    rows, skips = Rows(), SkippedSteps()
    step = 0
    for lineno, line in enumerate(source.lines(), 1):
        event = overflow(line)
        if event is not None:
            rows.add(skips.at(step), lineno, loss_scale=event[0], skipped=True)
            continue
        kind = ("train_inner" if "train_inner |" in line else "valid" if (
            "| valid |" in line or "valid on '" in line) else "train" if "| train |" in line
            else "legacy" if line.startswith("| epoch ") else None)
        if kind is None:
            continue
        obj = _json_part(line) if "{" in line else None
        if obj is not None:
            prefix = "valid_" if kind == "valid" else "train_" if kind == "train" else ""
            kv = {k[len(prefix):] if prefix and k.startswith(prefix) else k: str(v)
                  for k, v in obj.items()}
            epoch = num(kv.get("epoch"))
        else:
            inner = _INNER.search(line)
            if inner:
                kind = "train_inner"
                kv = dict(_EQ.findall(inner.group(2)))
            else:
                kv = dict(_BAR.findall(line))
                if kind == "legacy":
                    kind = "valid" if "valid on '" in line else "train"
            e = _EPOCH.search(line)
            epoch = float(e.group(1)) if e else None
        updates = num(kv.get("num_updates"))
        if updates is not None:
            step = int(updates)
        if kind == "train_inner":
            rows.add(step, lineno, epoch=epoch, loss=num(kv.get("loss")), lr=num(kv.get("lr")),
                     grad_norm=num(kv.get("gnorm")), loss_scale=num(kv.get("loss_scale")))
        elif kind == "valid":
            val = kv.get("loss", kv.get("valid_loss"))
            rows.add(step, lineno, epoch=epoch, val_loss=num(val))
    yield rows.chunk()

"""Hugging Face `trainer_state.json` and LLaMA-Factory `trainer_log.jsonl`.

`trainer_state.json` is one JSON object (read whole: it is small) whose `log_history`
holds train entries (`loss`, `grad_norm`, `learning_rate`, `epoch`, `step`) and eval
entries (`eval_loss`, `step`); the final summary entry (`train_runtime`, `train_loss`)
is skipped. NaN/Inf are written as bare `NaN` / `Infinity`, which Python's json accepts.
As for stdout, `loss` 0.0 with a NaN `grad_norm` is the failure signature (`loss_nonfinite`).
LLaMA-Factory appends one JSON object per log to `trainer_log.jsonl` (`current_steps`,
`loss`, `eval_loss`, `lr`, `epoch`); resumed runs repeat steps, which become segments.
"""

from __future__ import annotations

import json
import math
import re

from advisor.errors import InputError
from advisor.logs.formats._common import num
from advisor.logs.formats.base import Format, Output, fires
from advisor.logs.formats.tabular import parse_jsonl
from advisor.logs.frame import Rows
from advisor.logs.source import Source
from advisor.model.text import Text

_STATE = re.compile(r'"log_history": \[')
_LLAMA = re.compile(r'^\{"current_steps": \d+, "total_steps": \d+')
MAX_STATE_BYTES = 256 << 20


def _value(entry: dict, key: str) -> float | None:
    v = entry.get(key)
    if v is None:
        return None
    return float(v) if isinstance(v, (int, float)) else num(str(v))


def parse_state(source: Source) -> Output:
    parts, size = [], 0
    for block in source.blocks():
        size += len(block)
        if size > MAX_STATE_BYTES:
            raise InputError(f"{source.path}: too large for a trainer_state.json")
        parts.append(block)
    state = json.loads("".join(parts))
    history = state.get("log_history") if isinstance(state, dict) else None
    if not isinstance(history, list):
        raise ValueError("no log_history list")
    rows = Rows()
    for entry in history:
        if not isinstance(entry, dict) or "train_runtime" in entry or "step" not in entry:
            continue
        eval_key = "eval_loss" if "eval_loss" in entry else next(
            (k for k in entry if k.startswith("eval_") and k.endswith("_loss")), None)
        loss = _value(entry, "loss")
        gn = _value(entry, "grad_norm")
        signature = loss == 0.0 and gn is not None and not math.isfinite(gn)
        rows.add(int(entry["step"]), 0, epoch=_value(entry, "epoch"), loss=loss,
                 val_loss=_value(entry, eval_key) if eval_key else None,
                 lr=_value(entry, "learning_rate"), grad_norm=gn, nonfinite=signature)
    yield rows.chunk()
    if isinstance(state, dict) and state.get("best_model_checkpoint"):
        best = state["best_model_checkpoint"]
        yield Text(zh=f"最佳检查点：{best}", en=f"best checkpoint: {best}")


ENTRIES = [
    Format("hf_trainer_state", "Hugging Face trainer_state.json (log_history)",
           lambda head: fires(head, _STATE, 0.95), parse_state),
    Format("llamafactory", "LLaMA-Factory trainer_log.jsonl (current_steps, loss, eval_loss)",
           lambda head: fires(head, _LLAMA, 0.95),
           lambda source: parse_jsonl(source, ("current_steps",))),
]

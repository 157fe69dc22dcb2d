"""DeepSpeed runs: `[Rank 0] step=N, skipped=K, lr=[...]` lines, fp16 overflow messages and
the wrapping framework's loss lines (Hugging Face dicts), often glued after `\\r` bars.

DeepSpeed prints no loss of its own; the loss comes from the HF Trainer dicts, which take
the step of the latest `step=` / `global_step=` line or progress-bar count. A run with no
Trainer dicts prints its own loss lines (DeepSpeed's examples: `[1,   200] loss: 2.104`):
the print-loop reader then reads the whole log, overflow messages included. Each
`OVERFLOW! ... Attempted loss scale: A, reducing to B` marks the step after the last
completed one `skipped` with `loss_scale` B (A when only the hysteresis is reduced).
"""

from __future__ import annotations

import re

import numpy as np

from advisor.logs.formats.base import Output, count
from advisor.logs.formats import print_loop
from advisor.logs.formats.hf_trainer import DictLog, notes
from advisor.logs.source import Source
from advisor.model.text import Text

NAME = "deepspeed"
DESCRIPTION = "DeepSpeed step/overflow messages with Hugging Face dicts interleaved"

_PATTERNS = (
    re.compile(r"\[(?:deepspeed|deepscale)\] OVERFLOW! Rank \d+"),
    re.compile(r"\[Rank \d+\] step=\d+, skipped=\d+"),
    re.compile(r"fp16 dynamic loss scale overflow!"),
)
_PREFIX = re.compile(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] \[(?:INFO|WARNING)\] \[[\w.]+\.py:\d+:\w+\] ")


def sniff(head: list[str]) -> float:
    if any(count(head, p) for p in _PATTERNS):
        return 0.9
    return 0.4 if count(head, _PREFIX) >= 3 else 0.0


def parse(source: Source) -> Output:
    state = DictLog()
    chunks = []
    for lineno, line in enumerate(source.lines(), 1):
        state.line(line, lineno)
        if len(state.rows) >= 50000:
            chunks.append(state.rows.chunk())
    chunks.append(state.rows.chunk())
    if state.ordinal == 0:
        # no Trainer dicts: the script may print its own loss lines ("[1,   200] loss: 2.104");
        # the print-loop reader reads those and the overflow messages
        printed = list(print_loop.parse(source))
        if any(isinstance(c, dict) and (np.isfinite(c.get("loss", np.array([]))).any()
                                        or np.asarray(c.get("loss_nonfinite", [])).any()) for c in printed):
            yield from printed
            yield Text(zh="没有 Hugging Face 记录：损失取自训练脚本自己打印的行",
                       en="no Hugging Face records: the loss comes from the script's own print lines")
            return
    yield from chunks
    yield from notes(state)
    if state.from_deepspeed:
        yield Text(zh="步数取自 DeepSpeed 的 step= / global_step= 行",
                   en="steps come from DeepSpeed's step= / global_step= lines")

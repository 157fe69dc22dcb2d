"""Weights & Biases CSV exports and tbparse's long-format TensorBoard tables.

* `wandb_history`: `run.history().to_csv()`; the trainer's own step (`train/global_step`)
  is preferred over W&B's `_step` counter (one per `wandb.log` call).
* `wandb_panel`: the UI's "Export CSV" of a chart: `"Step"`, then per run
  `"<run> - <metric>"` plus `__MIN`/`__MAX` columns. The main column is used (the export
  is bucketed: a one-step spike may survive only in `__MAX`, which the notes mention).
  Several runs become consecutive segments, in column order.
* `tensorboard_csv`: tbparse's `reader.scalars` saved as CSV (`step,tag,value`), pivoted
  to one row per step.
"""

from __future__ import annotations

import re
from collections import OrderedDict

import numpy as np
import pandas as pd

from advisor.logs.formats._common import canonical
from advisor.logs.formats.base import Format, Output, fires
from advisor.logs.formats.tabular import (
    _STEP_PRIORITY, default_columns, numeric, parse_table, table_chunks,
)
from advisor.logs.source import Source
from advisor.model.text import Text

_HISTORY = re.compile(r"^,?_step,_runtime,_timestamp|(?:^|,)_runtime(?:,|$)")
_PANEL = re.compile(r'^"[^"]+","[^"]+ - [^"]+"(?:,"[^"]+ - [^"]+__(?:MIN|MAX)")+')
_TBPARSE = re.compile(r"^(?:[^,]*,)?step,tag,value(?:,|$)")


def _history_columns(header: list[str]) -> dict[str, str | None]:
    cols = default_columns(header)
    for name in ("train/global_step", "trainer/global_step", "global_step", *_STEP_PRIORITY):
        if name in header:
            cols["step"] = name
            break
    return cols


def parse_panel(source: Source) -> Output:
    runs: OrderedDict[str, dict[str, str]] = OrderedDict()
    frames = []
    header: list[str] = []
    for header, table, lineno in table_chunks(source):
        table = table.copy()
        table["__line"] = lineno + np.arange(len(table))
        frames.append(table)
    table = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    step_col = header[0]
    for name in header[1:]:
        if "__MIN" in name or "__MAX" in name or " - " not in name:
            continue
        run, metric = name.rsplit(" - ", 1)
        col = canonical(metric)
        if col and col != "step":
            runs.setdefault(run, {}).setdefault(col, name)
    steps, _ = numeric(table[step_col])
    for run, cols in runs.items():
        data = {c: numeric(table[name]) for c, name in cols.items()}
        logged = np.zeros(len(table), bool)
        for vals, bad in data.values():
            logged |= ~np.isnan(vals) | bad
        chunk = {"step": steps[logged].astype(np.int64),
                 "line": table["__line"].to_numpy(np.int64)[logged]}
        for c, (vals, bad) in data.items():
            chunk[c] = vals[logged]
            if c in ("loss", "val_loss"):
                chunk["loss_nonfinite" if c == "loss" else "val_nonfinite"] = bad[logged]
        yield chunk
    if len(runs) > 1:
        names = ", ".join(runs)
        yield Text(zh=f"这个 W&B 导出文件里有 {len(runs)} 个运行，每个是一段：{names}",
                   en=f"{len(runs)} runs in this W&B export, one segment each: {names}")
    if any(h.endswith("__MAX") for h in header):
        yield Text(zh="W&B 图表导出是分桶的：主列是桶内平均，单步尖峰可能只出现在 __MAX 列",
                   en="W&B chart exports are bucketed: the main column is a bucket average; a "
                      "one-step spike may only show in the __MAX column")


def tag_column(tag: object) -> str | None:
    """Canonical column of a TensorBoard tag (`train/loss`, `val/loss`, `train/lr` ...)."""
    t = str(tag)
    low = t.lower()
    if low.startswith(("val", "eval", "valid", "test")) and low.endswith("loss"):
        return "val_loss"
    return canonical(t) or canonical(t.rsplit("/", 1)[-1])


def parse_tbparse(source: Source) -> Output:
    frames = [table for _, table, _ in table_chunks(source)]
    table = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    table["col"] = table["tag"].map(tag_column)
    table = table[table["col"].isin(["loss", "val_loss", "lr", "grad_norm", "loss_scale"])]
    values, bad = numeric(table["value"])
    table = table.assign(v=values, bad=bad)
    wide = table.pivot_table(index="step", columns="col", values="v", aggfunc="first",
                             dropna=False)
    chunk = {"step": wide.index.to_numpy(np.int64), "line": np.zeros(len(wide), np.int64)}
    for col in wide.columns:
        chunk[col] = wide[col].to_numpy(np.float64)
    for col, flag in (("loss", "loss_nonfinite"), ("val_loss", "val_nonfinite")):
        if col in wide.columns:
            chunk[flag] = ~np.isfinite(chunk[col]) & wide.index.isin(
                table.loc[(table["col"] == col) & table["bad"], "step"])
    yield chunk


ENTRIES = [
    Format("wandb_panel", "W&B chart 'Export CSV' (\"Step\",\"<run> - <metric>\",...__MIN,__MAX)",
           lambda head: fires(head[:1], _PANEL, 0.95), parse_panel),
    Format("wandb_history", "W&B run.history() saved as CSV (_step, _runtime, train/loss ...)",
           lambda head: fires(head[:1], _HISTORY, 0.9),
           lambda source: parse_table(source, _history_columns)),
    Format("tensorboard_csv", "tbparse scalars table saved as CSV (step,tag,value)",
           lambda head: fires(head[:1], _TBPARSE, 0.9), parse_tbparse),
]

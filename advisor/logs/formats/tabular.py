"""Tables: CSV/TSV and JSON Lines files whose column names say what they hold.

Generic readers map column names to the canonical columns (`loss`, `train_loss`,
`train/loss`, `val_loss`, `eval_loss`, `valid/loss`, `lr`, `learning_rate`, `grad_norm`,
`gnorm`, `loss_scale`, `step`, `global_step`, `iter`, `_step`, `epoch` ...; see
`_common.canonical`). Framework-specific tables (Keras CSVLogger, Lightning metrics.csv,
timm summary.csv, Ultralytics results.csv) are the same reader with a different choice of
columns. CSV files are read block by block with the pandas C parser; an empty cell or `NA`
is "not logged", a printed `nan`/`inf` is a real value (and sets `loss_nonfinite`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

from advisor.logs.formats._common import canonical, num
from advisor.logs.formats.base import Format, Output
from advisor.logs.frame import Chunk
from advisor.logs.source import Source
from advisor.model.text import Text

NA = ["", "NA", "N/A", "n/a", "null", "None", "#na#", "-"]
_STEP_PRIORITY = ("train/global_step", "trainer/global_step", "global_step", "step", "_step",
                  "iteration", "iter", "num_updates", "current_steps", "steps", "Step")
_LOSS_PRIORITY = ("train_loss_step", "loss_step", "train/loss_step", "loss", "train_loss",
                  "train/loss", "training_loss")
_VAL_PRIORITY = ("val_loss", "eval_loss", "valid_loss", "val/loss", "eval/loss", "valid/loss",
                 "validation_loss", "val_loss_epoch")


def _sep(header_line: str) -> str:
    return "\t" if header_line.count("\t") > header_line.count(",") else ","


def table_chunks(source: Source) -> Iterator[tuple[list[str], pd.DataFrame, int]]:
    """(header, rows of one block as strings/floats, line number of the block's first row)."""
    header: list[str] | None = None
    sep = ","
    lineno = 1
    for block in source.blocks():
        if header is None:
            first, _, block = block.partition("\n")
            sep = _sep(first)
            header = [h.strip() for h in next(csv.reader([first], delimiter=sep))]
            lineno = 2
        if not block.strip():
            continue
        table = pd.read_csv(io.StringIO(block), sep=sep, header=None, names=header,
                            keep_default_na=False, na_values=NA, skipinitialspace=True,
                            engine="c", skip_blank_lines=False, index_col=False)
        yield header, table, lineno
        lineno += block.count("\n")


def numeric(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Float values of a column and a mask of the cells that printed NaN/Inf."""
    if col.dtype.kind in "fi":
        vals = col.to_numpy(np.float64, copy=True)
        return vals, np.isinf(vals)
    text = col.astype(object)
    vals = pd.to_numeric(text, errors="coerce").to_numpy(np.float64, copy=True)
    present = text.notna().to_numpy(copy=True)
    odd = np.flatnonzero(present & np.isnan(vals))
    for i in odd:  # nanxxx, 1.#INF, tensor(0.3): rare, so element by element is fine
        v = num(str(text.iat[i]))
        vals[i] = np.nan if v is None else v
        present[i] = v is not None
    return vals, present & ~np.isfinite(vals)


def pick(header: list[str], col: str, priority: tuple[str, ...] = ()) -> str | None:
    """The header column holding canonical `col`: priority names first, then any alias."""
    for name in priority:
        if name in header:
            return name
    for name in header:
        if "__MIN" in name or "__MAX" in name:
            continue
        if canonical(name) == col:
            return name
    return None


Chooser = Callable[[list[str]], dict[str, str | None]]


def default_columns(header: list[str]) -> dict[str, str | None]:
    step = pick(header, "step", _STEP_PRIORITY)
    return {"step": step, "loss": pick(header, "loss", _LOSS_PRIORITY),
            "val_loss": pick(header, "val_loss", _VAL_PRIORITY), "lr": pick(header, "lr"),
            "grad_norm": pick(header, "grad_norm"), "loss_scale": pick(header, "loss_scale"),
            "epoch": pick(header, "epoch")}


def rows_from_table(table: pd.DataFrame, chosen: dict[str, str | None], lineno: int,
                    start: int) -> Chunk:
    """Canonical columns of one table block; `start` numbers rows when there is no step."""
    n = len(table)
    out: Chunk = {"line": lineno + np.arange(n, dtype=np.int64)}
    nonfinite = np.zeros(n, bool)
    for col in ("epoch", "loss", "val_loss", "lr", "grad_norm", "loss_scale"):
        name = chosen.get(col)
        if name is None or name not in table:
            continue
        vals, bad = numeric(table[name])
        out[col] = vals
        if col == "loss":
            nonfinite |= bad
        elif col == "val_loss":
            out["val_nonfinite"] = bad
    step_col = chosen.get("step") or chosen.get("epoch")
    if step_col is not None and step_col in table:
        steps, _ = numeric(table[step_col])
        if np.isnan(steps).any():  # rows without a step (e.g. W&B): carry the last one
            steps = pd.Series(steps).ffill().fillna(start).to_numpy()
        out["step"] = steps.astype(np.int64)
    else:
        out["step"] = start + np.arange(n, dtype=np.int64)
    out["loss_nonfinite"] = nonfinite
    return out


def parse_table(source: Source, choose: Chooser = default_columns) -> Output:
    start = 1
    for header, table, lineno in table_chunks(source):
        chosen = choose(header)
        if chosen.get("loss") is None and chosen.get("val_loss") is None:
            raise ValueError(f"no loss column among: {', '.join(header[:20])}")
        chunk = rows_from_table(table, chosen, lineno, start)
        start += len(table)
        yield chunk


# --- JSON Lines ------------------------------------------------------------------------------

def json_object(line: str) -> dict | None:
    """The line as a JSON object, or None when it is anything else."""
    line = line.strip()
    if not (line.startswith("{") and line.endswith("}")):
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError:
        return None
    return obj if isinstance(obj, dict) else None


def json_records(source: Source) -> Iterator[tuple[int, dict]]:
    """(line number, object) for every line that is a JSON object; other lines are skipped."""
    for lineno, line in enumerate(source.lines(), 1):
        obj = json_object(line)
        if obj is not None:
            yield lineno, obj


def parse_jsonl(source: Source, step_keys: tuple[str, ...] = _STEP_PRIORITY,
                skip: Callable[[dict], bool] = lambda obj: False) -> Output:
    from advisor.logs.frame import Rows

    rows, ordinal = Rows(), 0
    for lineno, obj in json_records(source):
        if skip(obj):
            continue
        keys = {canonical(k): k for k in obj if canonical(k)}
        if "loss" not in keys and "val_loss" not in keys:
            continue
        ordinal += 1
        step = next((obj[k] for k in step_keys if isinstance(obj.get(k), (int, float))), None)

        def val(col: str) -> float | None:
            return num(str(obj[keys[col]])) if col in keys and obj[keys[col]] is not None else None

        rows.add(int(step) if step is not None else ordinal, lineno, epoch=val("epoch"),
                 loss=val("loss"), val_loss=val("val_loss"), lr=val("lr"),
                 grad_norm=val("grad_norm"), loss_scale=val("loss_scale"))
        if len(rows) >= 50000:
            yield rows.chunk()
    yield rows.chunk()


# --- entries ---------------------------------------------------------------------------------

def _header_score(pattern: str, score: float) -> Callable[[list[str]], float]:
    rx = re.compile(pattern)
    return lambda head: score if head and rx.search(head[0].strip().strip('"')) else 0.0


def _sniff_csv(head: list[str]) -> float:
    if not head or head[0].lstrip().startswith(("{", "[")):
        return 0.0
    header = [h.strip() for h in next(csv.reader([head[0]], delimiter=_sep(head[0])))]
    if len(header) < 2:
        return 0.0
    has = default_columns(header)
    return 0.35 if has["loss"] or has["val_loss"] else 0.0


def _sniff_jsonl(head: list[str]) -> float:
    for line in head[:20]:
        obj = json_object(line)
        if obj is not None and any(canonical(k) in ("loss", "val_loss") for k in obj):
            return 0.35
    return 0.0


def _keras_columns(header: list[str]) -> dict[str, str | None]:
    return {"step": "epoch", "epoch": "epoch", "loss": pick(header, "loss", ("loss",)),
            "val_loss": pick(header, "val_loss", ("val_loss",)),
            "lr": pick(header, "lr", ("learning_rate", "lr"))}


def _lightning_columns(header: list[str]) -> dict[str, str | None]:
    cols = default_columns(header)
    cols["step"] = "step" if "step" in header else cols["step"]
    cols["lr"] = next((h for h in header if h.startswith("lr-")), cols["lr"])
    return cols


def _yolo_columns(header: list[str]) -> dict[str, str | None]:
    return {"step": "epoch", "epoch": "epoch", "lr": "lr/pg0" if "lr/pg0" in header else None}


def _parse_yolo(source: Source) -> Output:
    """Ultralytics: loss = sum of the train/*_loss columns, val_loss = sum of val/*_loss."""
    for header, table, lineno in table_chunks(source):
        chunk = rows_from_table(table, _yolo_columns(header), lineno, 1)
        for col, prefix in (("loss", "train/"), ("val_loss", "val/")):
            parts = [c for c in header if c.startswith(prefix) and c.endswith("loss")]
            if parts:
                arrays = [numeric(table[c]) for c in parts]
                chunk[col] = np.sum([a[0] for a in arrays], axis=0)
                flag = "loss_nonfinite" if col == "loss" else "val_nonfinite"
                chunk[flag] = np.any([a[1] for a in arrays], axis=0)
        yield chunk
    yield Text(zh="Ultralytics results.csv：loss 和 val_loss 是 box/cls/dfl（或其他）各损失分量之和，每个 epoch 一行",
               en="Ultralytics results.csv: loss and val_loss are the sums of the box/cls/dfl "
                  "(or other) loss components, one row per epoch")


ENTRIES = [
    Format("keras_csv", "Keras CSVLogger file (epoch,...,loss,...,val_loss; NA = missing)",
           _header_score(r"^epoch[,;\t](?:[A-Za-z0-9_]+[,;\t])*(?:loss|val_loss)(?:[,;\t]|$)", 0.9),
           lambda s: parse_table(s, _keras_columns)),
    Format("lightning_csv", "PyTorch Lightning CSVLogger metrics.csv (sparse rows)",
           _header_score(r"^(?=.*\bstep\b)(?=.*\bepoch\b)(?=.*_(?:step|epoch)\b)[\w\-/,]+$", 0.85),
           lambda s: parse_table(s, _lightning_columns)),
    Format("timm_summary", "timm summary.csv (epoch,train_loss,eval_loss,...)",
           _header_score(r"^epoch,train_loss,eval_loss", 0.95), parse_table),
    Format("ultralytics", "Ultralytics YOLO results.csv (v5/v8 padded or 11 layout)",
           _header_score(r"^\s*epoch,\s*(?:time,\s*)?train/(?:box_loss|loss)", 0.95), _parse_yolo),
    Format("csv", "any CSV/TSV table with a loss-like column (loss, train/loss, eval_loss ...)",
           _sniff_csv, parse_table),
    Format("jsonl", "any JSON Lines file with a loss-like key", _sniff_jsonl, parse_jsonl),
]

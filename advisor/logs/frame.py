"""Canonical column names and the builder of the pandas frame every detector reads.

The canonical frame has one row per logged step, in file order (never sorted across
restarts), with these columns (float64 unless noted; NaN where the log did not say):

| column | meaning |
| --- | --- |
| `step` (int64) | optimizer step / iteration / global step; the epoch index when a format only has epochs |
| `epoch` | epoch as the log prints it (fractional where the format is) |
| `loss` | training loss as logged (smoothed or not: whatever the framework prints) |
| `val_loss` | validation / eval loss, on the row of the step it belongs to |
| `lr` | learning rate |
| `grad_norm` | gradient norm |
| `loss_scale` | fp16 loss scale (after any reduction announced at that step) |
| `skipped` (bool) | the step was skipped by an fp16 overflow |
| `segment` (int64) | 0, 1, 2 ...: +1 each time the step counter goes backwards (restart, resume, new run) |
| `loss_nonfinite` (bool) | the log really printed a NaN/Inf loss, or the format's failure signature |
| `val_nonfinite` (bool) | the log really printed a NaN/Inf validation loss |

"Not logged" and "logged NaN" are both NaN in `loss`; `loss_nonfinite` tells them apart
(and `val_nonfinite` does the same for `val_loss`, so an eval that turned NaN is not lost).
Parsers pass `None` for a value that is absent and a float (maybe nan/inf) for a value that
was printed; `Rows.add` derives `loss_nonfinite` from that.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

FLOAT_COLUMNS = ("epoch", "loss", "val_loss", "lr", "grad_norm", "loss_scale")
VALUE_COLUMNS = ("loss", "val_loss", "lr", "grad_norm", "loss_scale")
BOOL_COLUMNS = ("skipped", "loss_nonfinite", "val_nonfinite")
COLUMNS = ("step", "epoch", "loss", "val_loss", "lr", "grad_norm", "loss_scale", "skipped",
           "segment", "loss_nonfinite", "val_nonfinite")

Chunk = dict[str, np.ndarray]
"""Columns of a batch of rows: `step` and `line` (int64) plus any of the value columns."""

_NAN = math.nan


FLUSH_ROWS = 1 << 16
"""Rows kept as Python lists before they are packed into arrays (bounds parser memory)."""


class Rows:
    """Row accumulator for line-by-line parsers: `add()` one record, `chunk()` to hand over.

    Every `FLUSH_ROWS` records the lists are packed into numpy arrays, so a parser that
    only calls `chunk()` at the end of a huge file still holds ~80 bytes per row, not ~400.
    """

    __slots__ = ("step", "line", "epoch", "loss", "val_loss", "lr", "grad_norm", "loss_scale",
                 "skipped", "loss_nonfinite", "val_nonfinite", "breaks", "packed")

    def __init__(self) -> None:
        for name in self.__slots__:
            setattr(self, name, [])

    def new_segment(self) -> None:
        """The next row starts a new run even if its step does not go back (e.g. fastai)."""
        self.breaks.append(len(self.step))

    def __len__(self) -> int:
        return len(self.step) + sum(len(c["step"]) for c in self.packed)

    def add(self, step: int, line: int = 0, *, epoch: float | None = None,
            loss: float | None = None, val_loss: float | None = None, lr: float | None = None,
            grad_norm: float | None = None, loss_scale: float | None = None,
            skipped: bool = False, nonfinite: bool = False) -> None:
        """One record. `None` = not logged; a float (even nan) = printed by the log."""
        self.step.append(int(step))
        self.line.append(line)
        self.epoch.append(_NAN if epoch is None else epoch)
        if loss is None:
            self.loss.append(_NAN)
        else:
            self.loss.append(loss)
            nonfinite = nonfinite or not math.isfinite(loss)
        if val_loss is None:
            self.val_loss.append(_NAN)
            self.val_nonfinite.append(False)
        else:
            self.val_loss.append(val_loss)
            self.val_nonfinite.append(not math.isfinite(val_loss))
        self.lr.append(_NAN if lr is None else lr)
        self.grad_norm.append(_NAN if grad_norm is None else grad_norm)
        self.loss_scale.append(_NAN if loss_scale is None else loss_scale)
        self.skipped.append(skipped)
        self.loss_nonfinite.append(nonfinite)
        if len(self.step) >= FLUSH_ROWS:
            packed = self.packed
            packed.append(self._pack())
            self.packed = packed

    def chunk(self) -> Chunk:
        """All accumulated rows as arrays; the accumulator is emptied."""
        packed = self.packed
        last = self._pack()
        if not packed:
            return last
        parts = [*packed, last] if len(last["step"]) else packed
        names = set().union(*parts)
        out: Chunk = {}
        for name in names:
            if name == "restart":
                out[name] = np.concatenate([p.get(name, np.zeros(len(p["step"]), bool)) for p in parts])
            else:
                out[name] = np.concatenate([p[name] for p in parts])
        return out

    def _pack(self) -> Chunk:
        out: Chunk = {
            "step": np.asarray(self.step, dtype=np.int64),
            "line": np.asarray(self.line, dtype=np.int64),
        }
        for name in FLOAT_COLUMNS:
            out[name] = np.asarray(getattr(self, name), dtype=np.float64)
        for name in BOOL_COLUMNS:
            out[name] = np.asarray(getattr(self, name), dtype=bool)
        if self.breaks:
            restart = np.zeros(len(self.step), bool)
            restart[[i for i in self.breaks if i < len(self.step)]] = True
            out["restart"] = restart
        self.__init__()
        return out


@dataclass(frozen=True)
class Restart:
    """Where the step counter went backwards: a new segment starts at `line`."""

    line: int
    step_before: int
    step_after: int


def empty_frame() -> pd.DataFrame:
    """A frame with the canonical columns and no rows."""
    return _assemble({"step": np.zeros(0, np.int64), "line": np.zeros(0, np.int64)})[0]


def build_frame(chunks: Iterable[Chunk]) -> tuple[pd.DataFrame, list[Restart]]:
    """Concatenate parser chunks into the canonical frame; find segments; merge same-step rows."""
    parts = [c for c in chunks if len(c["step"])]
    if not parts:
        return empty_frame(), []
    cols: Chunk = {}
    n_total = sum(len(c["step"]) for c in parts)
    names = ["step", "line", *FLOAT_COLUMNS, *BOOL_COLUMNS]
    if any("restart" in c for c in parts):
        names.append("restart")
    for name in names:
        if name in ("step", "line"):
            fill = None
        else:
            fill = False if name in BOOL_COLUMNS or name == "restart" else np.nan
        arrays = []
        for c in parts:
            if name in c:
                arrays.append(c[name])
            else:
                arrays.append(np.full(len(c["step"]), fill))
        cols[name] = np.concatenate(arrays) if len(arrays) > 1 else arrays[0]
    assert len(cols["step"]) == n_total
    return _assemble(cols)


def _assemble(cols: Chunk) -> tuple[pd.DataFrame, list[Restart]]:
    n = len(cols["step"])
    for name in FLOAT_COLUMNS:
        cols.setdefault(name, np.full(n, np.nan))
    for name in BOOL_COLUMNS:
        cols.setdefault(name, np.zeros(n, bool))
    # rows that carry nothing (e.g. a validation row of metrics we do not track) are dropped
    # before segments are computed, so they cannot fake a restart
    keep = cols["skipped"] | cols["loss_nonfinite"] | cols["val_nonfinite"]
    for name in VALUE_COLUMNS:
        keep |= ~np.isnan(cols[name])
    if "restart" in cols:  # a forced break on a dropped row moves to the next kept row
        pending = np.maximum.accumulate(np.where(cols["restart"], np.arange(n), -1))
        kept_before = np.concatenate([[-1], np.maximum.accumulate(
            np.where(keep, np.arange(n), -1))[:-1]])
        cols["restart"] = keep & (pending > kept_before)
    if not keep.all():
        cols = {k: v[keep] for k, v in cols.items()}
    step = cols["step"]
    back = _steps_back(cols)
    if "restart" in cols:
        back[1:] |= cols["restart"][1:]
    segment = np.cumsum(back, dtype=np.int64)
    order = _in_step_order(step, segment)
    if order is not None:
        cols = {k: v[order] for k, v in cols.items()}
        step, back, segment = cols["step"], back[order], segment[order]
    restarts = [Restart(int(cols["line"][i]), int(step[i - 1]), int(step[i]))
                for i in np.flatnonzero(back)]
    frame = pd.DataFrame({
        "step": step, "epoch": cols["epoch"], "loss": cols["loss"],
        "val_loss": cols["val_loss"], "lr": cols["lr"], "grad_norm": cols["grad_norm"],
        "loss_scale": cols["loss_scale"], "skipped": cols["skipped"].astype(bool),
        "segment": segment, "loss_nonfinite": cols["loss_nonfinite"].astype(bool),
        "val_nonfinite": cols["val_nonfinite"].astype(bool),
    }, copy=False)  # the arrays are ours: no copy, no consolidation into one block
    same = np.zeros(len(step), bool)
    same[1:] = (step[1:] == step[:-1]) & ~back[1:]
    if same.any():
        frame = _merge_same_step(frame)
    return frame.reset_index(drop=True), restarts


def _steps_back(cols: Chunk) -> np.ndarray:
    """Rows where the step counter goes back: a restart. Compared with the last row that
    carries values; a skipped-step event alone (an overflow message, placed by estimate on
    the step after the last completed one) neither starts nor reveals a restart."""
    step = cols["step"]
    event = cols["skipped"] & ~cols["loss_nonfinite"] & ~cols["val_nonfinite"]
    for name in ("loss", "val_loss", "lr", "grad_norm"):
        event &= np.isnan(cols[name])
    n = len(step)
    if n == 0:
        return np.zeros(0, bool)
    last_value = np.maximum.accumulate(np.where(~event, np.arange(n), -1))
    before = np.concatenate([[-1], last_value[:-1]])  # the last value row before each row
    back = np.zeros(n, bool)
    has = before >= 0
    back[has] = ~event[has] & (step[has] < step[before[has]])
    return back


def _in_step_order(step: np.ndarray, segment: np.ndarray) -> np.ndarray | None:
    """A stable order by (segment, step) when some event row sits ahead of a later-numbered
    one; None (no copy) for the usual, already ordered frame."""
    down = (np.diff(step) < 0) & (np.diff(segment) == 0)
    if not down.any():
        return None
    return np.lexsort((step, segment))


def _merge_same_step(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows sharing (segment, step) become one: first printed value wins, except the loss
    scale (the last announcement wins) and a printed NaN/Inf (val) loss (it always wins)."""
    keys = ["segment", "step"]
    grouped = frame.groupby(keys, sort=False)
    out = grouped[["epoch", "loss", "val_loss", "lr", "grad_norm"]].first()
    out["loss_scale"] = grouped["loss_scale"].last()
    out["skipped"] = grouped["skipped"].any()
    for flag, value in (("loss_nonfinite", "loss"), ("val_nonfinite", "val_loss")):
        out[flag] = grouped[flag].any()
        if frame[flag].any():
            bad = frame[frame[flag]].groupby(keys, sort=False)[value].first()
            out.loc[bad.index, value] = bad
    out = out.reset_index()
    return out[list(COLUMNS)]

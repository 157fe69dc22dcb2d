"""`read_log` / `read_logs`: a path (and maybe a format name) in, a canonical frame out.

The steps are always the same: open the file (`Source`: every unreadable case becomes an
`InputError` naming the file), pick the format (`--format` or sniffing the first lines),
let the format parser stream chunks of rows, and build the frame (`frame.build_frame`).
Nothing here knows any format; nothing here writes anything.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import pandas as pd

from advisor.errors import InputError
from advisor.logs import formats
from advisor.logs.formats import tensorboard
from advisor.logs.frame import COLUMNS, Restart, _merge_same_step, build_frame
from advisor.logs.source import Source
from advisor.model.finding import JUDGE_POINTS, LogSummary
from advisor.model.text import Text

PathLike = str | os.PathLike[str]
SNIFF_LINES = 3000
"""How far sniffing looks when the first 400 lines are not conclusive."""


@dataclass(frozen=True)
class LogData:
    """One log file read into the canonical frame (see `advisor.logs.frame`)."""

    path: str
    format: str
    """Registry name of the format it was read as."""
    frame: pd.DataFrame
    notes: tuple[Text, ...] = ()
    """Plain-English remarks for the user (restarts, inferred steps, skipped runs ...)."""
    restarts: tuple[Restart, ...] = ()

    @property
    def points(self) -> int:
        return loss_points(self.frame)

    @property
    def first_step(self) -> int | None:
        return int(self.frame["step"].iloc[0]) if len(self.frame) else None

    @property
    def last_step(self) -> int | None:
        return int(self.frame["step"].iloc[-1]) if len(self.frame) else None

    @property
    def segments(self) -> int:
        return int(self.frame["segment"].max()) + 1 if len(self.frame) else 0

    def summary(self) -> LogSummary:
        """What was read, as the model's plain type (for renderers and the JSON output)."""
        return LogSummary(self.path, self.format, self.points, self.first_step,
                          self.last_step, self.segments, list(self.notes))


@dataclass(frozen=True)
class LogRun:
    """Several logs of one training run (e.g. a train log plus an eval CSV), merged."""

    logs: tuple[LogData, ...]
    frame: pd.DataFrame
    """All rows, sorted by (segment, step); rows sharing a step are combined."""

    def summaries(self) -> list[LogSummary]:
        return [log.summary() for log in self.logs]


def read_log(path: PathLike, fmt: str | None = None,
             progress: Callable[[int], None] | None = None) -> LogData:
    """Read one log. `fmt` forces a registry format (unknown name: `UsageError`);
    `progress(bytes read so far)` is called as the file streams by."""
    entry = formats.get(fmt) if fmt is not None else None
    source = Source(path, progress)
    where = str(path)
    if entry is None:
        if source.is_tfevents:
            entry = tensorboard
        else:
            entry = _sniff(source)
        if entry is None:
            raise InputError(f"{where}: unknown log format",
                             f"known formats: {', '.join(formats.names())} (use --format NAME)")
    chunks, notes = [], []
    try:
        for item in entry.parse(source):
            (notes if isinstance(item, Text) else chunks).append(item)
    except InputError:
        raise
    except (ValueError, KeyError, IndexError, TypeError, json.JSONDecodeError, csv.Error) as exc:
        raise InputError(f"{where}: could not be read as {entry.NAME} "
                         f"({exc.__class__.__name__}: {exc})") from None
    frame, restarts = build_frame(chunks)
    if frame.empty:
        raise InputError(f"{where}: read as {entry.NAME} ({entry.DESCRIPTION}) but no training "
                         f"numbers were found; if this is another format, use --format NAME")
    if restarts:
        notes.insert(0, _restart_note(restarts))
    points = loss_points(frame)
    if points < JUDGE_POINTS:
        notes.append(Text(zh=f"只有 {points} 个损失数据点：太少，分不清尖峰和噪声，单凭这份日志无法说明训练是健康的",
                          en=f"only {points} loss point{'s' if points != 1 else ''}: too few to tell a "
                             "spike from noise, so the log alone cannot show the run is healthy"))
    return LogData(path=where, format=entry.NAME, frame=frame, notes=tuple(notes),
                   restarts=tuple(restarts))


def loss_points(frame: pd.DataFrame) -> int:
    """Rows with a training or validation loss (NaN/Inf losses that were printed count)."""
    return int((frame["loss"].notna() | frame["val_loss"].notna() | frame["loss_nonfinite"]
                | frame["val_nonfinite"]).sum())


def _restart_note(restarts: list[Restart]) -> Text:
    segments = len(restarts) + 1
    more = " ..." if len(restarts) > 10 else ""
    if all(r.line > 0 for r in restarts):
        lines = ", ".join(str(r.line) for r in restarts[:10])
        return Text(zh=f"{segments} 段：步数计数在第 {lines} 行重新开始{more}",
                    en=f"{segments} segments: the step counter restarted at "
                       f"line{'s' if len(restarts) > 1 else ''} {lines}{more}")
    steps = ", ".join(f"{r.step_before} -> {r.step_after}" for r in restarts[:10])
    return Text(zh=f"{segments} 段：步数在 {steps} 处回退{more}",  # formats without line numbers (JSON)
                en=f"{segments} segments: the step counter went back at steps {steps}{more}")


def _sniff(source: Source):
    """Sniff the first 400 lines; if only a generic format (or none) fires, look further:
    Megatron and DeepSpeed logs can open with hundreds of lines of configuration."""
    head = source.head(400)
    ranked = formats.scores(head)
    generic = not ranked or ranked[0][0] < 0.5
    if generic and len(head) == 400 and sum("loss" in h.lower() for h in head) < 40:
        ranked = formats.scores(source.head(SNIFF_LINES)) or ranked
    return ranked[0][1] if ranked else None


Progress = Callable[[int, int], None]
"""progress(bytes read, bytes in all the files): for a progress bar on long reads."""


def read_logs(paths: Sequence[PathLike] | PathLike, fmt: str | None = None,
              progress: Progress | None = None) -> LogRun:
    """Read several logs of the same run and merge them on (segment, step)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files = expand(paths)
    if not files:
        raise InputError("no log files given")
    logs = tuple(_read_all(files, fmt, progress))
    frame = merge_frames(log.frame for log in logs)
    return LogRun(logs=logs, frame=frame)


def _read_all(files: list[PathLike], fmt: str | None, progress: Progress | None) -> Iterator[LogData]:
    if progress is None:
        yield from (read_log(p, fmt) for p in files)
        return
    sizes = [_size(p) for p in files]
    total = sum(sizes)
    for i, path in enumerate(files):
        done = sum(sizes[:i])
        yield read_log(path, fmt, lambda pos, done=done: progress(done + pos, total))
        progress(done + sizes[i], total)


def _size(path: PathLike) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # read_log names the problem


def expand(paths: Iterable[PathLike]) -> list[PathLike]:
    """A directory stands for the TensorBoard event files in it (a run directory);
    any other directory is an error with the reason."""
    out: list[PathLike] = []
    for path in paths:
        folder = Path(path)
        if not folder.is_dir():
            out.append(path)
            continue
        # The run directory itself and its direct subdirectories (train/, eval/), no deeper:
        # a directory given by mistake must not be crawled.
        events = sorted([*folder.glob("*tfevents*"), *folder.glob("*/*tfevents*")])
        if not events:
            raise InputError(f"{path}: is a directory without TensorBoard event files; "
                             "give the log file itself")
        out.extend(events)
    return out


def merge_frames(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate frames, sort by (segment, step) and combine rows that share a step."""
    frames = [f for f in frames if len(f)]
    if len(frames) == 1:
        return frames[0]
    merged = pd.concat(frames, ignore_index=True)
    merged = merged.sort_values(["segment", "step"], kind="stable", ignore_index=True)
    return _merge_same_step(merged)[list(COLUMNS)].reset_index(drop=True)

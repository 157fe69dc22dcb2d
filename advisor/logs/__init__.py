"""Reading training logs into one canonical frame.

`read_log(path)` sniffs the format (or takes `fmt`), streams the file and returns a
`LogData` whose `frame` has the canonical columns described in `advisor.logs.frame`;
`read_logs(paths)` merges several files of one run into a `LogRun`. The detectors that
turn a frame into findings live in `advisor.logs.detectors`; `read_and_detect(paths)` does both,
as every front end (CLI, TUI) needs.
"""

from __future__ import annotations

from collections.abc import Sequence

from advisor.logs.detectors import detect
from advisor.logs.formats import FORMATS
from advisor.logs.formats import names as format_names
from advisor.logs.reader import LogData, LogRun, PathLike, Progress, read_log, read_logs
from advisor.model.finding import Finding

__all__ = ["FORMATS", "LogData", "LogRun", "Progress", "detect", "format_names", "read_and_detect",
           "read_log", "read_logs"]


def read_and_detect(paths: Sequence[PathLike], fmt: str | None = None,
                    progress: Progress | None = None) -> tuple[LogRun, list[Finding]]:
    """The whole log path every front end takes: read the files as one run, then detect."""
    run = read_logs(paths, fmt, progress)
    return run, list(detect(run.frame))

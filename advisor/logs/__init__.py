"""Reading training logs into one canonical frame.

`read_log(path)` sniffs the format (or takes `fmt`), streams the file and returns a
`LogData` whose `frame` has the canonical columns described in `advisor.logs.frame`;
`read_logs(paths)` merges several files of one run into a `LogRun`. The detectors that
turn a frame into findings live in `advisor.logs.detectors`.
"""

from __future__ import annotations

from advisor.logs.detectors import detect
from advisor.logs.formats import FORMATS
from advisor.logs.formats import names as format_names
from advisor.logs.reader import LogData, LogRun, read_log, read_logs

__all__ = ["FORMATS", "LogData", "LogRun", "detect", "format_names", "read_log", "read_logs"]

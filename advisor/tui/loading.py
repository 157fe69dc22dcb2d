"""Read logs and run the detectors: plain functions the TUI's thread worker calls.

`advisor.logs.detect(frame)` was written alongside the TUI; while a checkout lacks it the
TUI still shows what was read and the curve, with no findings (and says so).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from advisor.logs import LogRun
    from advisor.model.finding import Finding


def detector() -> Callable[[pd.DataFrame], list[Finding]] | None:
    """`advisor.logs.detect`, or None while it is not importable."""
    try:
        from advisor.logs import detect
    except ImportError:
        return None
    return detect


def load(paths: Sequence[str], fmt: str | None = None) -> tuple[LogRun, list[Finding], bool]:
    """(run, findings, detected): read every path as one run, then detect events in it.

    Raises `AdvisorError` (one line) for anything the user can fix: missing file, unknown
    format, empty log.
    """
    from advisor.logs import read_logs  # pandas: only paid for when a log is given

    run = read_logs(list(paths), fmt)
    detect = detector()
    if detect is None:
        return run, [], False
    return run, list(detect(run.frame)), True

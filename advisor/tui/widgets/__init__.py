"""The TUI's widgets; each renders what it is given and posts messages upward.

Exports are lazy (module `__getattr__`, as harlequin does): importing one widget module
must not pay for the others (pygments for the code tabs, plotext for the chart) before
the first screen is drawn.
"""

from __future__ import annotations

import importlib

_HOME = {
    "CauseCard": "cause_card", "CodeTabs": "code_tabs", "FindingsList": "findings_list",
    "Hypotheses": "hypotheses", "LogSummaryView": "log_summary", "LossChart": "loss_chart",
    "PathSuggester": "path_input",
}
__all__ = sorted(_HOME)


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)

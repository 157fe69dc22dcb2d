"""Exit codes, the I/O bundle, and the one-line messages on stderr.

stdout carries data (text or JSON); stderr carries at most one line per problem. An
unexpected exception becomes exit 1 with one line unless ADVISOR_DEBUG=1 asks for the
traceback.
"""

from __future__ import annotations

import enum
import json
import sys
from typing import Any, TextIO


class ExitCode(enum.IntEnum):
    OK = 0
    INTERNAL = 1
    USAGE = 2
    """Bad usage or unreadable input: the message says what to change."""


class IO:
    """The streams a command talks to; tests pass StringIO objects."""

    def __init__(self, stdout: TextIO | None = None, stderr: TextIO | None = None,
                 stdin: TextIO | None = None) -> None:
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.stdin = stdin or sys.stdin

    def is_tty(self) -> bool:
        return bool(getattr(self.stdout, "isatty", lambda: False)())


def error(io: IO, message: str) -> None:
    """`advisor: error: <message>` on stderr, flattened to one line."""
    one_line = " ".join(str(message).split())
    print(f"advisor: error: {one_line}", file=io.stderr)


def emit_json(io: IO, data: Any) -> None:
    """The only thing a `--json` command writes to stdout."""
    json.dump(data, io.stdout, ensure_ascii=False, indent=2)
    io.stdout.write("\n")

"""The error kinds the advisor raises on purpose; stdlib only.

The CLI maps each kind to an exit code (see `advisor.cli.output`); nothing here knows
about exit codes or terminals.
"""

from __future__ import annotations


class AdvisorError(Exception):
    """Base of every error the advisor raises deliberately, with a one-line message.

    `detail` is a tail that helps on a command line but crowds a notification (the list of
    known formats): `str(error)` has both, `error.short` the message alone.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(f"{message}; {detail}" if detail else message)
        self.short = message


class UsageError(AdvisorError):
    """The command line asks for something impossible (unknown id, bad option value)."""


class InputError(AdvisorError):
    """A user-supplied file cannot be read or understood (missing, binary, unknown format)."""


class KnowledgeError(AdvisorError):
    """The knowledge base is broken: the message starts with `file:line:` where known."""

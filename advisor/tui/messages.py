"""App-level messages: past-tense events posted upward (or from the log-reading worker)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from advisor.logs import LogRun
    from advisor.model.finding import Finding


@dataclass
class LogsLoaded(Message):
    """The worker read every added log and ran the detectors over them."""

    paths: tuple[str, ...]
    run: LogRun
    findings: list[Finding]


@dataclass
class LogsProgress(Message):
    """How far the worker has read: `done` of `total` bytes over all the files."""

    paths: tuple[str, ...]
    done: int
    total: int


@dataclass
class LogsFailed(Message):
    """Reading failed; `error` is the one-line message of the `AdvisorError`."""

    paths: tuple[str, ...]
    error: str
    shortened: bool = False
    """The error's detail (the list of known formats) was left out for the notification."""


@dataclass
class LogAdded(Message):
    """The user picked a log file (typed path or directory tree)."""

    path: str


@dataclass
class ConsultationRequested(Message):
    """The user asked to move on: to the log view (when logs were added) or the questions."""

    text: str | None
    """The description as typed now; None when it did not change (asked from the log view)."""
    skip_logs: bool = False
    """Go straight to the questions even though logs were added."""


@dataclass
class QuestionAnswered(Message):
    """The user picked `option` (an option id or "unknown") for `question`."""

    question: str
    option: str


class BackRequested(Message):
    """`b` on a question: undo the last answer (or leave the questions when there is none)."""


class ResultRequested(Message):
    """`r` on a question: stop asking and show the result so far."""

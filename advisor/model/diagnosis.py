"""The engine's output: facts with their sources, evidence, ranked causes, and the trace."""

from __future__ import annotations

from typing import Literal

import msgspec

from advisor.model.finding import Finding
from advisor.model.text import Text

Source = Literal["answer", "text", "log"]
"""Where a fact came from: the user's explicit answer, their free text, or a log finding."""


class Fact(msgspec.Struct, frozen=True):
    """One answered question. Immutable once recorded, so the trace never lies."""

    question: str
    option: str
    """An option id of the question, or "unknown" (I don't know)."""
    source: Source
    detail: str = ""
    """The phrase that stated it (text) or the finding id (log)."""
    confidence: float = 1.0


class SymptomMatch(msgspec.Struct, frozen=True):
    """A symptom recognised in the user's free text."""

    symptom: str
    score: float
    """0..1 fuzzy-match quality."""
    phrase: str
    """The knowledge-base phrase that matched."""
    negated: bool = False
    """True when the text denies it ("not nan", "没有 nan"): then it is not used."""


class Evidence(msgspec.Struct, frozen=True):
    """One reason a cause moved, with its weight in log-odds units."""

    cause: str
    weight: float
    source: Literal["answer", "text", "log", "tree"]
    reason: Text
    """The reason in words, e.g. 'You answered "precision: fp16"'."""


class RankedCause(msgspec.Struct, frozen=True):
    id: str
    score: float
    """0..1, see the README's scoring section."""
    evidence: list[Evidence]
    """For and against, strongest first."""


class TraceStep(msgspec.Struct, frozen=True):
    """One step of the reasoning, in order; the "how did you conclude?" record."""

    kind: Literal["fact", "symptom", "negated", "conflict", "skip", "ask", "conclude"]
    text: Text
    node: str | None = None
    question: str | None = None


Verdict = Literal["problem", "healthy", "unclear"]


class Diagnosis(msgspec.Struct, frozen=True):
    causes: list[RankedCause]
    facts: list[Fact]
    symptoms: list[SymptomMatch]
    findings: list[Finding]
    trace: list[TraceStep]
    verdict: Verdict
    next_question: str | None
    """The question the decision tree would ask next, or None at a leaf."""
    myths: list[str]
    """Myth ids to warn about, given the top causes (e.g. raising the LR against a spike)."""
    framework: str | None = None
    mentions: dict[str, int] = {}
    """Numbers the text mentions: {"step": 12000} or {"epoch": 3}."""
    logs_read: bool = False

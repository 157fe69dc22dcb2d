"""The consultation state machine shared by the TUI: answer, go back, diagnose again."""

from __future__ import annotations

from advisor.engine.consult import diagnose
from advisor.engine.query import Query, understand
from advisor.errors import UsageError
from advisor.model.diagnosis import Diagnosis
from advisor.model.finding import Finding
from advisor.model.knowledge import KnowledgeBase


class Session:
    """One consultation: the description, log findings and explicit answers so far."""

    def __init__(self, kb: KnowledgeBase, text: str = "", findings: list[Finding] | None = None,
                 logs_read: bool = False, framework: str | None = None) -> None:
        self.kb, self.text, self.framework = kb, text, framework
        self.findings: list[Finding] = list(findings or [])
        self.logs_read = logs_read
        self.answers: dict[str, str] = {}
        """Explicit answers in the order given (dicts keep insertion order), for `back()`."""
        self._query: Query | None = None

    def describe(self, text: str) -> None:
        self.text, self._query = text, None

    def add_findings(self, findings: list[Finding]) -> None:
        self.findings = [*self.findings, *findings]
        self.logs_read = True

    def set_findings(self, findings: list[Finding], logs_read: bool = True) -> None:
        """Replace the log findings (the user changed the set of logs); answers are kept."""
        self.findings = list(findings)
        self.logs_read = logs_read

    def answer(self, question_id: str, option_id: str) -> Diagnosis:
        question = self.kb.questions.get(question_id)
        if question is None or option_id not in {o.id for o in question.options} | {"unknown"}:
            raise UsageError(f"no option {option_id!r} for question {question_id!r}")
        self.answers.pop(question_id, None)
        self.answers[question_id] = option_id
        return self.diagnosis()

    def back(self) -> str | None:
        """Forget the last explicit answer; returns its question id (to ask it again)."""
        if not self.answers:
            return None
        question_id = next(reversed(self.answers))
        del self.answers[question_id]
        return question_id

    def diagnosis(self) -> Diagnosis:
        if self._query is None:
            self._query = understand(self.kb, self.text)
        return diagnose(self.kb, self.text, self.answers, self.findings, self.framework,
                        self.logs_read, query=self._query)

"""The learner's practice during one run of the app: the cases in order, the session, the record.

A thin holder over `advisor.learn`: judging an answer (`check_answer`) and recording it
(`progress.record`) belong to that package. This keeps the `Progress` that `record` returned,
so the screens show the session's score even when the data directory cannot be written
(`Progress.saved` is False then, and the practice goes on).
"""

from __future__ import annotations

from advisor.learn import Feedback, cases, check_answer
from advisor.learn import progress as store
from advisor.model.knowledge import CaseStudy, KnowledgeBase


class Practice:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.cases: list[CaseStudy] = cases(kb)
        store.start_session()  # one practice session per opening of learn mode
        self.progress = store.load()
        self.answered: dict[str, Feedback] = {}
        """Feedback for the cases answered in this session (a case is answered once)."""

    def index(self, case_id: str) -> int:
        return next((n for n, c in enumerate(self.cases) if c.id == case_id), 0)

    def answer(self, case: CaseStudy, picked: str) -> Feedback:
        """Judge `picked` for `case` and count it in the progress file."""
        feedback = check_answer(self.kb, case, picked)
        self.progress = store.record(case.id, picked, feedback.correct, answer=feedback.answer)
        self.answered[case.id] = feedback
        return feedback

    def session_score(self) -> tuple[int, int]:
        """(right, total) in this session."""
        session = self.progress.session()
        return (session.right, session.total) if session else (0, 0)

    def solved(self) -> set[str]:
        """Case ids answered right at least once, in any session."""
        return self.progress.solved()

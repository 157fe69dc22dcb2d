"""`advisor learn`: practice cases for juniors, without any UI.

A case study (`knowledge/case_studies.yaml`, `advisor.model.knowledge.CaseStudy`) is a run's
facts plus a curve drawn by `advisor.learn.curves` from a documented failure model. The
learner sees the curve and the story, may ask for hints (the guided questions, answered from
the curve the way the advisor answers them from a real log), names a cause, and gets
feedback. This package holds that logic; the TUI only renders it:

* `cases(kb)`: the cases in teaching order (beginner, intermediate, advanced; file order
  within a level);
* `choices(kb)`: what the learner can pick (`healthy` and every cause id), `choice_title`;
* `frame(case)` / `findings(case)`: the case's canonical log frame and what the project's
  own detectors report on it (computed once per case and remembered);
* `hints(kb, case, answers)`: the facts the log gives, and the next guided question;
* `check_answer(kb, case, picked)`: right or wrong, the expected cause(s), the reading, the
  fix and the myth to avoid;
* `advisor.learn.progress`: the learner's score and confusions, in the user's data directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from advisor.learn.curves import CURVES, generate
from advisor.model.finding import Finding
from advisor.model.knowledge import CaseStudy, KnowledgeBase, Myth, Question
from advisor.model.text import Text

HEALTHY = "healthy"
"""The answer of a run that needs no action."""
HEALTHY_TITLE = Text(zh="健康：无需处理", en="Healthy: no action needed")
LEVELS = ("beginner", "intermediate", "advanced")


@dataclass(frozen=True)
class Feedback:
    """What the learner is told after picking an answer."""

    case: str
    picked: str
    correct: bool
    answer: str
    """The case's answer: a cause id or `healthy`."""
    expected: tuple[str, ...]
    """Every answer that counts as right: the answer first, then the accepted alternatives."""
    titles: tuple[Text, ...]
    """Titles of `expected`, in the same order."""
    picked_title: Text
    reading: Text
    """The evidence an expert reads in this curve and these facts, step by step."""
    fix: Text
    myth: Myth | None
    """The wrong belief this case tempts people into, with its correction."""
    finding: str | None
    """The detector finding that marks this curve (None for a plain healthy run)."""


@dataclass(frozen=True)
class LogFact:
    """One guided question the curve answers by itself."""

    question: str
    option: str
    text: Text
    """The question and its answer, and the log finding it was read from."""
    finding: str


@dataclass(frozen=True)
class Hints:
    """What asking the guided questions reveals about a case."""

    findings: list[Finding]
    """Everything the detectors report on the curve, by step."""
    messages: list[Text]
    """The findings in words (templates of findings.yaml filled with their numbers)."""
    facts: list[LogFact]
    """Questions the log answers, in the order the engine took them."""
    next_question: Question | None
    """The question the decision tree asks next (the learner answers it from the story),
    or None when the path reached a conclusion."""
    answered: dict[str, str]
    """The learner's own answers that were used (question id -> option id)."""
    healthy: bool
    """True when the detectors see nothing that needs action."""


def cases(kb: KnowledgeBase) -> list[CaseStudy]:
    """All cases, beginner first; within a level in the order of case_studies.yaml."""
    rank = {level: i for i, level in enumerate(LEVELS)}
    return sorted(kb.cases.values(), key=lambda c: rank.get(c.level, len(LEVELS)))


def choices(kb: KnowledgeBase) -> list[str]:
    """What a learner may answer: `healthy`, then every cause id in knowledge-base order."""
    return [HEALTHY, *kb.causes]


def choice_title(kb: KnowledgeBase, choice: str) -> Text:
    """The title of a choice (a cause's title, or the healthy label)."""
    if choice == HEALTHY:
        return HEALTHY_TITLE
    cause = kb.causes.get(choice)
    return cause.title if cause is not None else Text(zh=choice, en=choice)


def _key(case: CaseStudy) -> tuple:
    spec = case.curve
    return (case.id, spec.model, spec.steps, spec.seed, tuple(sorted(spec.params.items())))


@lru_cache(maxsize=64)
def _computed(key: tuple) -> tuple[pd.DataFrame, list[Finding]]:
    from advisor.logs import detect  # the detectors load lazily: listing cases stays cheap

    _, model, steps, seed, params = key
    data = CURVES[model](steps, np.random.default_rng(seed), **dict(params))
    return data, detect(data)


def frame(case: CaseStudy) -> pd.DataFrame:
    """The case's curves as a canonical log frame (a copy: callers may modify it)."""
    if case.curve.model not in CURVES:
        return generate(case)  # raises the explanatory KeyError
    return _computed(_key(case))[0].copy()


def findings(case: CaseStudy) -> list[Finding]:
    """What the project's detectors report on the case's curve."""
    if case.curve.model not in CURVES:
        generate(case)
    return list(_computed(_key(case))[1])


def check_answer(kb: KnowledgeBase, case: CaseStudy, picked: str) -> Feedback:
    """Judge the learner's pick (a cause id or `healthy`) against the case."""
    expected = (case.answer, *[a for a in case.accept if a != case.answer])
    return Feedback(
        case=case.id, picked=picked, correct=picked in expected, answer=case.answer,
        expected=expected, titles=tuple(choice_title(kb, c) for c in expected),
        picked_title=choice_title(kb, picked), reading=case.reading, fix=case.fix,
        myth=kb.myths.get(case.myth) if case.myth else None, finding=case.finding,
    )


def hints(kb: KnowledgeBase, case: CaseStudy, answers: dict[str, str] | None = None) -> Hints:
    """The facts the curve gives when the guided questions are asked, and the next question.

    The engine runs on the detectors' findings exactly as for a real log (`logs_read`), plus
    the learner's own `answers` so far (question id -> option id), so a UI can walk the
    questions one by one. Only facts and questions are returned, never the ranked causes:
    naming the cause is the learner's job.
    """
    from advisor.engine import diagnose
    from advisor.engine.facts import describe
    from advisor.render.diagnosis_json import finding_message

    found = findings(case)
    answers = {q: o for q, o in (answers or {}).items() if q in kb.questions}
    diagnosis = diagnose(kb, answers=answers, findings=found, logs_read=True)
    facts = []
    for fact in diagnosis.facts:
        if fact.source == "log":
            facts.append(LogFact(fact.question, fact.option, describe(kb, fact), fact.detail))
    messages = [m for m in (finding_message(kb, f) for f in found) if m is not None]
    question = kb.questions.get(diagnosis.next_question) if diagnosis.next_question else None
    used = {f.question: f.option for f in diagnosis.facts if f.source == "answer"}
    return Hints(findings=found, messages=messages, facts=facts, next_question=question,
                 answered=used, healthy=diagnosis.verdict == "healthy")


__all__ = [
    "CURVES", "HEALTHY", "HEALTHY_TITLE", "LEVELS", "Feedback", "Hints", "LogFact", "cases",
    "check_answer", "choice_title", "choices", "findings", "frame", "generate", "hints",
]

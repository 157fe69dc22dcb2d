"""Merge what the user answered, what their text says and what their logs show into facts.

One fact per question, by trust: an explicit answer beats a log finding, which beats free
text (a log is measured; a description is remembered). Every decision, including the
conflicts, is written to the trace.
"""

from __future__ import annotations

from advisor.engine.query import Query
from advisor.model.diagnosis import Fact, TraceStep
from advisor.model.finding import Finding
from advisor.model.knowledge import KnowledgeBase
from advisor.model.text import Text

TRUST = {"answer": 3, "log": 2, "text": 1}


def gather(kb: KnowledgeBase, answers: dict[str, str], query: Query,
           findings: list[Finding]) -> tuple[dict[str, Fact], list[TraceStep]]:
    """question id -> the fact used for it, and the trace of how each was chosen."""
    candidates = [*_from_answers(answers), *_from_findings(kb, findings), *_from_text(kb, query)]
    chosen: dict[str, Fact] = {}
    trace: list[TraceStep] = []
    for fact in candidates:
        held = chosen.get(fact.question)
        if held is None:
            chosen[fact.question] = fact
            trace.append(TraceStep("fact", describe(kb, fact), question=fact.question))
        elif held.option != fact.option and TRUST[held.source] > TRUST[fact.source]:
            trace.append(TraceStep("conflict", _conflict(kb, held, fact), question=fact.question))
    return chosen, trace


def _from_answers(answers: dict[str, str]) -> list[Fact]:
    return [Fact(q, option, "answer") for q, option in answers.items()]


def _from_findings(kb: KnowledgeBase, findings: list[Finding]) -> list[Fact]:
    """Findings answer questions; the first finding kind in findings.yaml order wins."""
    order = {finding_id: i for i, finding_id in enumerate(kb.findings)}
    facts = []
    for finding in sorted(findings, key=lambda f: (order.get(f.id, 99), -f.confidence)):
        info = kb.findings.get(finding.id)
        for question, option in (info.answers.items() if info else ()):
            facts.append(Fact(question, option, "log", finding.id, finding.confidence))
    return facts


def _from_text(kb: KnowledgeBase, query: Query) -> list[Fact]:
    """Stated answers first; then symptoms that imply an option ("loss变nan" -> behaviour: nan)."""
    facts = [Fact(a.question, a.option, "text", a.phrase, round(a.score, 3)) for a in query.answers]
    implied = {s: (q.id, o.id) for q in kb.questions.values() for o in q.options for s in o.symptoms}
    for match in query.symptoms:
        if not match.negated and match.symptom in implied:
            question, option = implied[match.symptom]
            facts.append(Fact(question, option, "text", match.phrase, match.score))
    return facts


def describe(kb: KnowledgeBase, fact: Fact) -> Text:
    """A fact in words, saying where it came from."""
    question = kb.questions[fact.question]
    label = option_label(kb, fact.question, fact.option)
    if fact.source == "answer":
        return Text(zh=f"你的回答：{question.text.zh} → {label.zh}",
                    en=f"You answered: {question.text.en} → {label.en}")
    if fact.source == "log":
        title = kb.findings[fact.detail].title
        return Text(zh=f"由日志得出（{title.zh}）：{question.text.zh} → {label.zh}",
                    en=f"Answered from your log ({title.en}): {question.text.en} → {label.en}")
    return Text(zh=f"由你的描述得出（“{fact.detail}”）：{question.text.zh} → {label.zh}",
                en=f'From your description ("{fact.detail}"): {question.text.en} → {label.en}')


def option_label(kb: KnowledgeBase, question_id: str, option_id: str) -> Text:
    if option_id == "unknown":
        return Text(zh="不知道", en="I don't know")
    question = kb.questions[question_id]
    return next(o.label for o in question.options if o.id == option_id)


def _conflict(kb: KnowledgeBase, held: Fact, other: Fact) -> Text:
    kept, dropped = option_label(kb, held.question, held.option), option_label(kb, other.question, other.option)
    names = {"answer": ("你的回答", "your answer"), "log": ("日志", "the log"), "text": ("你的描述", "your text")}
    return Text(
        zh=f"{names[other.source][0]}暗示“{dropped.zh}”，但{names[held.source][0]}是“{kept.zh}”；以后者为准。",
        en=f'{names[other.source][1].capitalize()} suggests "{dropped.en}", but {names[held.source][1]} '
           f'says "{kept.en}"; going with {names[held.source][1]}.')

"""One consultation: text + answers + findings -> Diagnosis (facts, ranking, verdict, trace)."""

from __future__ import annotations

from advisor.engine import facts as facts_mod
from advisor.engine.query import Query, understand
from advisor.engine.scoring import rank
from advisor.engine.tree import walk
from advisor.model.diagnosis import Diagnosis, RankedCause, TraceStep
from advisor.model.finding import Finding
from advisor.model.knowledge import KnowledgeBase
from advisor.model.text import Text

MYTH_SCORE = 0.3
"""A myth is attached when one of its causes is in the top three with at least this score."""


def diagnose(kb: KnowledgeBase, text: str = "", answers: dict[str, str] | None = None,
             findings: list[Finding] | None = None, framework: str | None = None,
             logs_read: bool = False, query: Query | None = None) -> Diagnosis:
    """The full reasoning for one consultation; pure, so the TUI can call it on every answer."""
    findings = findings or []
    query = query or understand(kb, text)
    chosen, trace = facts_mod.gather(kb, dict(answers or {}), query, findings)
    trace = [*_symptom_steps(kb, query), *trace]
    path = walk(kb, chosen)
    causes = rank(kb, chosen, query, findings, path.leaf)
    verdict = _verdict(kb, causes, findings, query, logs_read, list(chosen.values()))
    if verdict == "healthy":
        causes = []
    framework = framework or _framework(chosen)
    return Diagnosis(
        causes=causes, facts=list(chosen.values()), symptoms=query.symptoms, findings=findings,
        trace=[*trace, *path.trace], verdict=verdict, next_question=path.next_question,
        myths=_myths(kb, causes), framework=framework, mentions=query.mentions, logs_read=logs_read,
    )


PROBLEM_QUESTIONS = frozenset({"loss_behavior", "onset", "loss_scale", "grad_norm",
                               "single_gpu_repro", "logged_vs_eval", "repeat_same_step"})
"""Questions whose answers describe a problem (the others describe the setup)."""


def _verdict(kb: KnowledgeBase, causes: list[RankedCause], findings: list[Finding], query: Query,
             logs_read: bool, facts: list) -> str:
    """problem / healthy / unclear, as the contract defines them."""
    problems_in_log = [f for f in findings if not _healthy(kb, f)]
    user_reports_problem = any(not s.negated for s in query.symptoms)
    if logs_read and not problems_in_log and not user_reports_problem:
        return "healthy"
    # Shared words alone (retrieval) are leads, not a diagnosis: something must say what
    # went wrong - a symptom, a clue, a log finding, or an answer about the loss itself.
    signal = (user_reports_problem or problems_in_log or any(not c.negated for c in query.cues)
              or any(f.question in PROBLEM_QUESTIONS and f.option != "unknown"
                     and not (f.source == "log" and _healthy_id(kb, f.detail)) for f in facts))
    return "problem" if causes and signal else "unclear"


def _healthy(kb: KnowledgeBase, finding: Finding) -> bool:
    return _healthy_id(kb, finding.id)


def _healthy_id(kb: KnowledgeBase, finding_id: str) -> bool:
    """A pattern that needs no action (a fact it answered describes no problem either)."""
    info = kb.findings.get(finding_id)
    return bool(info and info.healthy)


def _framework(chosen) -> str | None:
    fact = chosen.get("framework")
    return fact.option if fact and fact.option in ("pytorch", "tensorflow", "paddle") else None


def _myths(kb: KnowledgeBase, causes: list[RankedCause]) -> list[str]:
    """Myths tempting for the top causes, most relevant first (sum of their causes' scores).

    A myth listing many causes is a weaker match, so relevance is divided by how many it lists.
    """
    top = {c.id: c.score for c in causes[:3] if c.score >= MYTH_SCORE}
    relevance = {m.id: sum(top.get(c, 0.0) for c in m.causes) / max(len(m.causes), 1) ** 0.5
                 for m in kb.myths.values()}
    return [m for m, r in sorted(relevance.items(), key=lambda kv: -kv[1]) if r > 0][:3]


def _symptom_steps(kb: KnowledgeBase, query: Query) -> list[TraceStep]:
    steps = []
    for match in query.symptoms:
        title = kb.symptoms[match.symptom].title
        if match.negated:
            steps.append(TraceStep("negated", Text(
                zh=f"你的描述否定了“{title.zh}”（“{match.phrase}”前有否定词），不作为证据。",
                en=f'Your text negates "{title.en}" ("{match.phrase}" follows a negation); not used.')))
        else:
            steps.append(TraceStep("symptom", Text(
                zh=f"识别到症状“{title.zh}”（匹配“{match.phrase}”，相似度 {match.score:.2f}）",
                en=f'Recognised the symptom "{title.en}" (matched "{match.phrase}", {match.score:.2f})')))
    return steps

"""Evidence -> a score in 0..1 per cause (the README's "How scoring works" documents this).

Each cause starts from a base log-odds set by its prior (how common it is), and every piece
of evidence adds its weight in log-odds units: a question option's weight, a log finding's
weight times the detector's confidence, a free-text fact's weight times the match quality
(a remembered description counts a little less than a measurement), a symptom recognised in
the text, and a small bonus when the decision tree's path ends at the cause. The score is the
logistic of the sum. Unanswered questions add nothing, so a one-shot query with little
information leaves every cause near its prior, and only causes with positive evidence are
listed.
"""

from __future__ import annotations

import math

from advisor.engine.facts import describe
from advisor.engine.query import Query
from advisor.model.diagnosis import Evidence, Fact, RankedCause
from advisor.model.finding import Finding
from advisor.model.knowledge import KnowledgeBase, TreeNode
from advisor.model.text import Text

BASE = -2.0
"""Log-odds of a cause with a 0.5 prior and no evidence: about 0.12."""
PRIOR_SCALE = 0.3
"""How much the prior's log-odds count: priors order causes, evidence should decide."""
TEXT_DISCOUNT = 0.8
"""A fact read from free text counts 80% of an explicit answer."""
SYMPTOM_WEIGHT = 1.2
"""A text symptom with no guided-question equivalent: split over the causes that show it."""
CUE_WEIGHT = 2.5
"""A cause-specific clue in the text (a setting or situation an expert recognises)."""
RETRIEVAL_WEIGHT = 2.0
"""The cause whose own text best shares the description's rarer words (others: relative)."""
LEAF_BONUS = 0.6
"""A cause named by the decision tree's leaf."""
MIN_SCORE = 0.15
MAX_SCORE = 0.99
"""Evidence makes a cause very likely, never certain: the fixes' confirm steps decide."""
"""Causes below this are not listed even with some supporting evidence."""


def rank(kb: KnowledgeBase, facts: dict[str, Fact], query: Query, findings: list[Finding],
         leaf: TreeNode | None) -> list[RankedCause]:
    evidence = [*_from_facts(kb, facts), *_from_findings(kb, findings),
                *_from_symptoms(kb, query, facts), *_from_cues(kb, query), *_from_related(query), *_from_leaf(kb, leaf)]
    by_cause: dict[str, list[Evidence]] = {}
    for item in evidence:
        by_cause.setdefault(item.cause, []).append(item)
    ranked = []
    for cause_id, items in by_cause.items():
        if cause_id not in kb.causes or not any(e.weight > 0 for e in items):
            continue
        score = min(_logistic(base_logit(kb, cause_id) + sum(e.weight for e in items)), MAX_SCORE)
        if score >= MIN_SCORE:
            items.sort(key=lambda e: -abs(e.weight))
            ranked.append(RankedCause(cause_id, round(score, 3), items))
    return sorted(ranked, key=lambda c: -c.score)


def base_logit(kb: KnowledgeBase, cause_id: str) -> float:
    prior = min(max(kb.causes[cause_id].prior, 0.02), 0.98)
    return BASE + PRIOR_SCALE * math.log(prior / (1 - prior))


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _from_facts(kb: KnowledgeBase, facts: dict[str, Fact]):
    for fact in facts.values():
        question = kb.questions.get(fact.question)
        option = next((o for o in question.options if o.id == fact.option), None) if question else None
        if option is None:
            continue  # "unknown" moves nothing
        scale = fact.confidence * (TEXT_DISCOUNT if fact.source == "text" else 1.0)
        reason = describe(kb, fact)
        for cause, weight in option.weights.items():
            yield Evidence(cause, round(weight * scale, 3), fact.source, reason)


def _from_findings(kb: KnowledgeBase, findings: list[Finding]):
    for finding in findings:
        info = kb.findings.get(finding.id)
        if info is None:
            continue
        reason = Text(zh=f"日志：{info.title.zh}" + (f"（第 {finding.step} 步）" if finding.step is not None else ""),
                      en=f"Log: {info.title.en}" + (f" (step {finding.step})" if finding.step is not None else ""))
        for cause, weight in info.weights.items():
            yield Evidence(cause, round(weight * finding.confidence, 3), "log", reason)


def _from_symptoms(kb: KnowledgeBase, query: Query, facts: dict[str, Fact]):
    """Text symptoms that no question covers, or whose question holds another answer."""
    implied = {s for q in kb.questions.values() for o in q.options for s in o.symptoms
               if (f := facts.get(q.id)) and f.option == o.id}
    for match in query.symptoms:
        if match.negated or match.symptom in implied:
            continue
        causes = [c.id for c in kb.causes.values() if match.symptom in c.symptoms]
        symptom = kb.symptoms[match.symptom]
        reason = Text(zh=f"你的描述符合症状“{symptom.title.zh}”（“{match.phrase}”）",
                      en=f'Your description matches the symptom "{symptom.title.en}" ("{match.phrase}")')
        for cause in causes:
            weight = SYMPTOM_WEIGHT * match.score * TEXT_DISCOUNT / math.sqrt(len(causes))
            yield Evidence(cause, round(weight, 3), "text", reason)


def _from_cues(kb: KnowledgeBase, query: Query):
    for cue in query.cues:
        if cue.negated:
            continue
        reason = Text(zh=f"你的描述中有指向此原因的线索：“{cue.phrase}”",
                      en=f'Your description contains a clue for this cause: "{cue.phrase}"')
        yield Evidence(cue.cause, round(CUE_WEIGHT * cue.score * TEXT_DISCOUNT, 3), "text", reason)


def _from_related(query: Query):
    for related in query.related:
        shared = "、".join(f"“{t}”" for t in related.terms)
        reason = Text(zh=f"你的描述与此原因的条目共享关键词：{shared}",
                      en="Your description shares key words with this cause's entry: "
                         + ", ".join(f'"{t}"' for t in related.terms))
        yield Evidence(related.cause, round(RETRIEVAL_WEIGHT * related.strength, 3), "text", reason)


def _from_leaf(kb: KnowledgeBase, leaf: TreeNode | None):
    if leaf is None:
        return
    reason = Text(zh=f"决策树的路径在“{leaf.id}”处结束，指向此原因",
                  en=f'The decision path ends at "{leaf.id}", which names this cause')
    for cause in leaf.conclude:
        yield Evidence(cause, LEAF_BONUS, "tree", reason)

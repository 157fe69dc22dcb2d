"""Free text -> recognised symptoms, stated answers, cause clues and mentioned numbers.

The phrase matching itself is in `matching.py`; this module decides what the matches mean:
the best phrase per symptom, at most one stated answer per question (a negated phrase maps
through the question's `negation`, "没开梯度裁剪" -> clipping: no; vague options yield to
precise ones), the best clue per cause, and step / epoch numbers.
"""

from __future__ import annotations

import re

import msgspec

from advisor.engine.matching import Description, Hit, Vocabulary
from advisor.engine.retrieval import Related, readable_terms, related_causes
from advisor.model.lexicon import fold, lexicon_of, query_terms
from advisor.model.text import has_han
from advisor.model.diagnosis import SymptomMatch
from advisor.model.knowledge import KnowledgeBase

_STEP = re.compile(r"(?:\bstep|\biter(?:ation)?)\s*[:=#]?\s*(\d[\d,]*)(k)?\b"
                   r"|第\s*(\d[\d,]*)\s*(k)?\s*(?:步|次迭代)"
                   r"|(\d[\d,]*)\s*(k)?\s*(?:steps?\b|iters?\b|iterations\b|步)", re.I)
_EPOCH = re.compile(r"(?:epoch\s*(\d+)|第\s*(\d+)\s*(?:个)?\s*(?:epoch|轮|个周期)|(\d+)\s*(?:epochs?|个?epoch|轮))",
                    re.I)


class StatedAnswer(msgspec.Struct, frozen=True):
    question: str
    option: str
    phrase: str
    score: float
    negated: bool
    """The option is what a negated phrase of another option means (via `negation`)."""


class Cue(msgspec.Struct, frozen=True):
    """A cause-specific clue found in the text."""

    cause: str
    phrase: str
    score: float
    negated: bool


class Query(msgspec.Struct, frozen=True):
    text: str
    symptoms: list[SymptomMatch]
    answers: list[StatedAnswer]
    mentions: dict[str, int]
    cues: list[Cue]
    related: list[Related]
    """Causes whose own text shares the description's rarer words (see retrieval.py)."""

    @property
    def meaningful(self) -> bool:
        return bool(self.symptoms or self.answers or self.related
                    or any(not c.negated for c in self.cues))


def understand(kb: KnowledgeBase, text: str) -> Query:
    """Everything the advisor can read from one free-text description."""
    vocab = vocabulary(kb)
    norm = Description(text or "", vocab)
    related = _readable(kb, text or "", vocab, related_causes(kb.index, query_terms(text or "", vocab.lexicon)))
    return Query(text=text or "", symptoms=_symptoms(kb, norm), answers=_answers(kb, norm),
                 mentions=_mentions(text or ""), cues=_cues(kb, norm), related=related)


def _readable(kb: KnowledgeBase, text: str, vocab: Vocabulary, related: list[Related]) -> list[Related]:
    """The related causes with their shared Chinese bigrams shown as whole shared phrases."""
    if not has_han(text) or kb.index is None:
        return related
    description = vocab.lexicon.zh(fold(text))  # as `query_terms` saw it
    return [msgspec.structs.replace(r, terms=readable_terms(r.terms, description, kb.index.terms[r.cause]))
            for r in related]


def _cues(kb: KnowledgeBase, norm: Description) -> list[Cue]:
    """The best clue per cause, if any."""
    found = []
    for cause in kb.causes.values():
        hit = _best(norm, cause.cues.all()) if cause.cues else None
        if hit:
            found.append(Cue(cause.id, hit.phrase, round(hit.score, 3), hit.negated))
    return found


_VOCABULARIES: dict[int, tuple[KnowledgeBase, Vocabulary]] = {}


def vocabulary(kb: KnowledgeBase) -> Vocabulary:
    """The Latin words of every phrase in `kb` (built once per knowledge base)."""
    held = _VOCABULARIES.get(id(kb))
    if held is None or held[0] is not kb:
        phrases = [p for s in kb.symptoms.values() for p in s.phrases.all()]
        phrases += [p for q in kb.questions.values() for o in q.options if o.phrases
                    for p in o.phrases.all()]
        phrases += [p for c in kb.causes.values() if c.cues for p in c.cues.all()]
        held = _VOCABULARIES[id(kb)] = (kb, Vocabulary(phrases, lexicon_of(kb)))
    return held[1]


def _best(norm: Description, phrases: list[str]) -> Hit | None:
    """The best hit among phrases: highest score, then longest phrase (most specific)."""
    hits = [hit for phrase in phrases if (hit := norm.find(phrase))]
    return max(hits, key=lambda h: (not h.negated, h.score, h.length), default=None)


def _symptoms(kb: KnowledgeBase, norm: Description) -> list[SymptomMatch]:
    hits = [(symptom.id, hit) for symptom in kb.symptoms.values()
            if (hit := _best(norm, symptom.phrases.all()))]
    matches = [SymptomMatch(sid, round(hit.score, 3), hit.phrase, hit.negated)
               for sid, hit in hits if not any(_covers(other, hit) for _, other in hits)]
    # Best first; among equals the longer, more specific phrase ("val loss rise" > "loss rise").
    return sorted(matches, key=lambda m: (m.negated, -m.score, -len(m.phrase)))


def _covers(wide: Hit, narrow: Hit) -> bool:
    """Does `wide` match a strictly longer stretch of the same text around `narrow`?
    ("验证集loss一直在涨" is the validation loss rising, not also "the loss keeps rising".)"""
    (clause, start, end), (clause2, start2, end2) = wide.span, narrow.span
    return (not wide.negated and clause == clause2 and start <= start2 and end2 <= end
            and end - start > end2 - start2)


def _answers(kb: KnowledgeBase, norm: Description) -> list[StatedAnswer]:
    """At most one stated answer per question: negations mapped, vague options yielding."""
    stated = []
    for question in kb.questions.values():
        candidates = []
        for option in question.options:
            hit = _best(norm, option.phrases.all()) if option.phrases else None
            if hit is None:
                continue
            if hit.negated:
                meant = question.negation.get(option.id)
                if meant:
                    candidates.append((False, hit, StatedAnswer(question.id, meant, hit.phrase,
                                                                hit.score, True)))
                continue
            candidates.append((option.fallback, hit,
                               StatedAnswer(question.id, option.id, hit.phrase, hit.score, False)))
        if candidates:
            # Precise options beat vague ones; then the better and longer phrase wins.
            best = max(candidates, key=lambda c: (not c[0], c[1].score, c[1].length))
            stated.append(best[2])
    return stated


def _mentions(text: str) -> dict[str, int]:
    """Step and epoch numbers the user mentions ("step 12000", "第3个epoch", "12k steps")."""
    found: dict[str, int] = {}
    match = _STEP.search(text)
    if match:
        groups = match.groups()
        number, kilo = next((groups[i], groups[i + 1]) for i in (0, 2, 4) if groups[i])
        found["step"] = int(number.replace(",", "")) * (1000 if kilo else 1)
    match = _EPOCH.search(text)
    if match:
        found["epoch"] = int(next(g for g in match.groups() if g))
    return found

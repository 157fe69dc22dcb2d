"""Build the term index of the causes' texts (see `TermIndex`).

What a cause "is about", for retrieval: its title, summary, curve, fix titles, clues and the
phrases of its symptoms, in both languages. Mechanism texts are left out: they explain
with words (curvature, overshoot) that users do not write.
"""

from __future__ import annotations

from collections import Counter

import msgspec

from advisor.model.knowledge import Cause, KnowledgeBase, TermIndex
from advisor.model.lexicon import index_terms, lexicon_of


def with_index(kb: KnowledgeBase) -> KnowledgeBase:
    lexicon = lexicon_of(kb)
    terms = {cause.id: dict(Counter(index_terms(_texts(kb, cause), lexicon))) for cause in kb.causes.values()}
    frequency = Counter(term for counts in terms.values() for term in counts)
    lengths = {cause_id: sum(counts.values()) for cause_id, counts in terms.items()}
    return msgspec.structs.replace(kb, index=TermIndex(terms, dict(frequency), lengths))


def _texts(kb: KnowledgeBase, cause: Cause) -> list[str]:
    texts = [cause.title.zh, cause.title.en, cause.summary.zh, cause.summary.en,
             cause.curve.zh, cause.curve.en]
    texts += [t for fix in cause.fixes for t in (fix.title.zh, fix.title.en)]
    texts += cause.cues.all() if cause.cues else []
    texts += [p for s in cause.symptoms if s in kb.symptoms for p in kb.symptoms[s].phrases.all()]
    return texts

"""Rank causes by how much a description's words overlap each cause's own text (BM25).

Phrase and clue matching needs the user to say something close to what the knowledge base
says. Retrieval is the safety net for everything else: a description that mentions
"shuffle", "dedupe" and "same batch" shares rare words with the causes that discuss them,
even in a phrasing no phrase anticipated. It contributes modest evidence, and only for
causes that score close to the best one, so common words cannot carry a diagnosis.
"""

from __future__ import annotations

import math
from collections.abc import Container

import msgspec

from advisor.model.knowledge import TermIndex
from advisor.model.text import has_han

K1, B = 1.2, 0.75
"""The usual BM25 constants."""
RELATIVE = 0.3
"""Only causes scoring at least this fraction of the best one count."""
MEANINGFUL = 2.0
"""Below this best score the overlap is common words only and means nothing."""


class Related(msgspec.Struct, frozen=True):
    cause: str
    strength: float
    """0..1: this cause's score relative to the best-scoring cause."""
    terms: list[str]
    """The shared terms that weigh most, for the explanation."""


def related_causes(index: TermIndex | None, terms: list[str]) -> list[Related]:
    if index is None or not terms:
        return []
    wanted = set(terms)
    count = len(index.terms)
    average = sum(index.lengths.values()) / max(count, 1)
    scores: dict[str, tuple[float, list[tuple[float, str]]]] = {}
    for cause, counts in index.terms.items():
        total, parts = 0.0, []
        for term in wanted & counts.keys():
            frequency = index.document_frequency[term]
            idf = math.log(1 + (count - frequency + 0.5) / (frequency + 0.5))
            tf = counts[term]
            part = idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * index.lengths[cause] / average))
            total += part
            parts.append((part, term))
        scores[cause] = (total, parts)
    best = max(total for total, _ in scores.values())
    if best < MEANINGFUL:
        return []
    related = [Related(cause, round(total / best, 3), [t for _, t in sorted(parts, reverse=True)[:3]])
               for cause, (total, parts) in scores.items() if total >= RELATIVE * best]
    return sorted(related, key=lambda r: -r.strength)


_PARTICLES = "了的地得着过就也还在和与及或把被让给对从"
"""Function characters a shown phrase should neither start nor end with ("了新数据")."""


def readable_terms(terms: list[str], description: str, cause_terms: Container[str]) -> list[str]:
    """Terms to show the user: each Chinese bigram grown to the longest run of Chinese
    characters around it in the description (folded and lexicon-rewritten, as it was
    indexed) whose every bigram is also a term of the cause; without leading or trailing
    particles; phrases inside a longer shown one are dropped.

    Why: bigrams are good index terms but poor explanations; "突然变成" split into
    "然变" and "变成" reads as noise, while the phrase both texts share reads as a reason.
    """
    def shared(lo: int, hi: int) -> bool:  # description[lo:hi] is Chinese; all its bigrams shared
        return has_han(description[lo:hi]) and all(
            description[i:i + 2] in cause_terms for i in range(lo, hi - 1))

    grown: list[str] = []
    for term in terms:
        start = description.find(term) if has_han(term) else -1
        if start >= 0:
            lo, hi = start, start + len(term)
            while lo > 0 and has_han(description[lo - 1]) and shared(lo - 1, hi):
                lo -= 1
            while hi < len(description) and has_han(description[hi]) and shared(lo, hi + 1):
                hi += 1
            term = description[lo:hi].lstrip(_PARTICLES).rstrip(_PARTICLES.replace("了", ""))
            if len(term) < 2:
                continue
        if term not in grown:
            grown.append(term)
    return [t for t in grown if not any(t != other and t in other for other in grown)]

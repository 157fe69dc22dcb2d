"""Fuzzy search over the knowledge base's entries, in either language.

Used by `advisor glossary TERM` and the knowledge browser: "lr", "学习率预热", "grad clip",
"bf16" or a typo like "warmpu" should all find their entry. Each entry is searched through
its id, its titles in both languages and its aliases; the best of those decides its score.
"""

from __future__ import annotations

import msgspec
from rapidfuzz import fuzz, process, utils

from advisor.model.knowledge import KnowledgeBase


class SearchHit(msgspec.Struct, frozen=True):
    kind: str
    id: str
    score: float
    """0..100."""
    matched: str
    """The name or alias that matched."""


def entry_names(kind: str, entry) -> list[str]:
    """Every name an entry can be found by."""
    names = [entry.id, entry.id.replace("_", " ")]
    if kind == "term":
        names += [entry.term.zh, entry.term.en] + (entry.aliases.all() if entry.aliases else [])
    elif kind == "myth":
        names += [entry.claim.zh, entry.claim.en]
    else:
        names += [entry.title.zh, entry.title.en]
    if kind == "symptom":
        names += entry.phrases.all()
    return names


def search(kb: KnowledgeBase, query: str, kinds: tuple[str, ...] | None = None,
           limit: int = 10, cutoff: float = 60.0) -> list[SearchHit]:
    choices, owners = [], []
    for kind, entries in kb.entry_kinds():
        if kinds and kind not in kinds:
            continue
        for entry in entries.values():
            for name in entry_names(kind, entry):
                choices.append(name)
                owners.append((kind, entry.id))
    found = process.extract(query, choices, scorer=_score, processor=utils.default_process,
                            score_cutoff=cutoff, limit=None)
    best: dict[tuple[str, str], SearchHit] = {}
    for name, score, index in found:
        kind, entry_id = owners[index]
        held = best.get((kind, entry_id))
        if held is None or score > held.score:
            best[(kind, entry_id)] = SearchHit(kind, entry_id, round(score, 1), name)
    return sorted(best.values(), key=lambda h: -h.score)[:limit]


def _score(query: str, choice: str, **kwargs) -> float:
    """Whole-name similarity, with a small edge for exact and prefix matches.

    WRatio alone rates "lr" against "lr_too_high" as highly as against "lr"; a name the
    query spells out exactly should win.
    """
    if query == choice:
        return 100.0
    score = fuzz.WRatio(query, choice, **kwargs)
    return min(score, 99.0) if choice.startswith(query) else min(score, 97.0)

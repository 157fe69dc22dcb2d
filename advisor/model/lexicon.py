"""Text normalisation shared by the index (kb) and the matcher (engine): folding,
tokenising, and rewriting synonyms to canonical forms (knowledge/lexicon.yaml)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from advisor.model.text import has_han

_TOKEN = re.compile(r"[a-z0-9_.%+\-/'=]+|[\u3400-\u9fff]+")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")


def fold(text: str) -> str:
    """Full-width to half-width, lower case, punctuation to single spaces."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.sub(r"[^\w.%+\-/'=\u3400-\u9fff]+", " ", folded).split())


def tokens(folded: str) -> list[str]:
    return [t.strip(".-/'") or t for t in _TOKEN.findall(folded)]


class Lexicon:
    """Rewrites synonyms to one canonical form per language (knowledge/lexicon.yaml)."""

    def __init__(self, groups: Iterable[tuple[list[str], list[str]]]) -> None:
        groups = list(groups)
        self._zh = self._compile([(fold(v), fold(zh[0])) for zh, _ in groups if zh for v in zh])
        self._en = self._compile([(fold(v), fold(en[0])) for _, en in groups if en for v in en])

    @staticmethod
    def _compile(pairs: list[tuple[str, str]]):
        table = dict(pairs)
        if not table:
            return None
        # Longest first, so "往上涨" wins over "涨"; Latin variants only as whole words.
        parts = [re.escape(v) if has_han(v) else rf"(?<![a-z0-9_]){re.escape(v)}(?![a-z0-9_])"
                 for v in sorted(table, key=len, reverse=True)]
        return re.compile("|".join(parts)), table

    def zh(self, folded: str) -> str:
        return self._apply(self._zh, folded)

    def en(self, folded: str) -> str:
        return self._apply(self._en, folded)

    @staticmethod
    def _apply(compiled, folded: str) -> str:
        if compiled is None:
            return folded
        pattern, table = compiled
        return pattern.sub(lambda m: table[m.group(0)], folded)


def han_bigrams(folded: str) -> list[str]:
    """Overlapping character pairs of every Chinese run: the index terms for Chinese."""
    return [run[i:i + 2] for run in _HAN_RUN.findall(folded) for i in range(len(run) - 1)]


STOPWORDS = frozenset((
    "the a an of to in and or is are was were be been being by for with on at as it its this that "
    "these those from than then when which while not no do does did done can could may might "
    "into per only more most also such your you if i i'm im me my we our us he she they them "
    "their what why how where who whom whose there here have has had having get gets got getting "
    "use uses used using make makes made set sets run runs ran running just like about after "
    "before some any all each very really now still again even much many few lot lots thing "
    "things something anything way ways one two first last new old same other another should "
    "would will shall must need needs want wants know think seems seem look looks looking try "
    "tried trying help please thanks thank hi hello ok okay yes yeah so but because though "
    "although tho idk wtf lol pretty quite bit little kind sort also too"
).split())


def lexicon_of(kb) -> Lexicon:
    """The lexicon of a KnowledgeBase (its `lexicon` groups)."""
    return Lexicon([(group.zh, group.en) for group in kb.lexicon.values()])


def index_terms(texts: Iterable[str], lexicon: Lexicon) -> list[str]:
    """Retrieval terms: canonical English words (no stopwords, no bare numbers) and
    Chinese character bigrams."""
    out: list[str] = []
    for text in texts:
        folded = fold(text)
        out += [w for w in tokens(lexicon.en(folded))
                if len(w) > 1 and w not in STOPWORDS and not w.replace(".", "").isdigit()
                and not has_han(w)]
        out += han_bigrams(lexicon.zh(folded))
    return out


def query_terms(text: str, lexicon: Lexicon) -> list[str]:
    return index_terms([text], lexicon)

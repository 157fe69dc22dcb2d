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
    """Rewrites synonyms to one canonical form per language (knowledge/lexicon.yaml).

    Plain dictionary scans rather than one big regular expression: compiling an alternation
    of ~500 variants costs ~70 ms, more than the whole consultation.
    """

    def __init__(self, groups: Iterable[tuple[list[str], list[str]]]) -> None:
        groups = list(groups)
        self._words: dict[tuple[str, ...], str] = {}
        for _, en in groups:
            for variant in en:
                self._words[tuple(fold(variant).split())] = fold(en[0])
        self._longest = max((len(k) for k in self._words), default=0)
        self._chars: dict[str, list[tuple[str, str]]] = {}
        for zh, _ in groups:
            for variant in zh:
                folded = fold(variant)
                if folded:
                    self._chars.setdefault(folded[0], []).append((folded, fold(zh[0])))
        for candidates in self._chars.values():
            candidates.sort(key=lambda pair: -len(pair[0]))  # "往上涨" before "涨"

    def en(self, folded: str) -> str:
        """English variants (whole words or word sequences) -> canonical words."""
        words, out, i = folded.split(), [], 0
        while i < len(words):
            for size in range(min(self._longest, len(words) - i), 0, -1):
                canonical = self._words.get(tuple(words[i:i + size]))
                if canonical is not None:
                    out.append(canonical)
                    i += size
                    break
            else:
                out.append(words[i])
                i += 1
        return " ".join(out)

    def zh(self, folded: str) -> str:
        """Chinese variants (substrings; Latin ones only as whole words) -> canonical."""
        out, i = [], 0
        while i < len(folded):
            for variant, canonical in self._chars.get(folded[i], ()):
                end = i + len(variant)
                if folded.startswith(variant, i) and (has_han(variant) or (
                        not _latin_word_char(folded, i - 1) and not _latin_word_char(folded, end))):
                    out.append(canonical)
                    i = end
                    break
            else:
                out.append(folded[i])
                i += 1
        return "".join(out)


def _latin_word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isascii() and (text[index].isalnum() or text[index] == "_"))


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
    "although tho idk wtf lol pretty quite bit little kind sort also too went go goes gone came "
    "come started start starts"
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

"""Finding knowledge-base phrases in a user's free text, in either language.

Users write "loss突然nan了", "val los going up whlie train loss goes down", "没开梯度裁剪".
Two matchers, chosen by the phrase's script:

- Latin phrases are matched token by token, in order, inside a short window of the text:
  each phrase word must meet a text word that is equal or (for words of 4+ letters) close
  by edit distance, so typos pass and unrelated words never combine. Small function words
  ("is", "the", "my") are optional. The text is tokenised into Latin words and runs of
  Chinese characters, so "loss变nan了" still offers the words "loss" and "nan".
- Chinese phrases are matched by longest common subsequence inside a window at most 1.5x
  the phrase, clause by clause, so inserted words ("验证集loss开始上升" has
  "验证集loss上升") pass while a negation in one clause does not spill into the next.

A phrase preceded closely by a negation, or whose matched span contains one the phrase
does not have ("loss is not nan" vs "loss is nan"), is reported as negated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import msgspec
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from advisor.model.lexicon import Lexicon, fold, tokens
from advisor.model.text import has_han

WORD_SIMILARITY = 84.0
"""Minimum edit-distance ratio for two words to count as the same word (typos)."""
FUZZY_FROM = 5
"""Words shorter than this, and words with digits, must match exactly."""
LATIN_SCORE = 0.86
"""Minimum mean word similarity for a Latin phrase."""
HAN_SCORE = 0.85
"""Minimum subsequence coverage for a Chinese phrase."""
SHORT_HAN = 4
"""Chinese phrases this short must appear verbatim."""
OPTIONAL = frozenset("a an the is are was were be been my our your it its i we to of in on at "
                     "and or but so this that just very".split())

_CLAUSE = re.compile(r"[，。；;！!？?,]+")
_LATIN_CLAUSE = re.compile(r"[,;!?，。；！？]+|\.(?:\s|$)|\s(?:while|but|whereas|though|although)\s", re.I)
_HAN_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
_NEGATION_WORDS = frozenset("not no never without nor neither isn't wasn't don't doesn't didn't "
                            "cannot can't won't".split())
_NEGATION_ZH = re.compile(r"(?:没有|没|不是|不|未|无|非|别|并非)[^，。,.;；!?！？]{0,3}$")
_INNER_NEGATION_ZH = re.compile(r"没|不是|未")


class Hit(msgspec.Struct, frozen=True):
    """One phrase found in the text."""

    phrase: str
    score: float
    negated: bool
    length: int
    span: tuple[int, int, int] = (-1, 0, 0)
    """Where in the text: (clause, start, end) in characters of a Chinese clause, or
    (-1, first word, end word) for Latin text; for preferring the longer of two overlapping hits."""


class Vocabulary:
    """Every Latin word of the knowledge base's phrases, for typo-tolerant word lookup."""

    def __init__(self, phrases: Iterable[str], lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._forms: dict[str, tuple[bool, object]] = {}
        for phrase in phrases:
            self.form(phrase)
        self.words = sorted({t for han, f in self._forms.values() if not han for t in f})
        self._known = set(self.words)

    def form(self, phrase: str) -> tuple[bool, object]:
        """(is Chinese, canonical form): compact text for Chinese, word list for Latin."""
        held = self._forms.get(phrase)
        if held is None:
            folded = fold(phrase)
            if has_han(phrase):
                held = (True, self.lexicon.zh(folded).replace(" ", ""))
            else:
                held = (False, tokens(self.lexicon.en(folded)))
            self._forms[phrase] = held
        return held

    def neighbours(self, token: str) -> dict[str, float]:
        """Vocabulary words this text word may stand for, with their similarity 0..1."""
        if has_han(token):
            return {}
        if len(token) < FUZZY_FROM or any(ch.isdigit() for ch in token):
            # Short words and numbers must be exact: "amp" is not "camp", 5e-3 is not 5e-5.
            return {token: 1.0} if token in self._known else {}
        found = process.extract(token, self.words, scorer=fuzz.ratio,
                                score_cutoff=WORD_SIMILARITY, limit=None)
        return {word: score / 100.0 for word, score, _ in found}


class Description:
    """A user's text, prepared once, against which many phrases are looked up."""

    def __init__(self, text: str, vocabulary: Vocabulary) -> None:
        lexicon = vocabulary.lexicon
        self.vocabulary = vocabulary
        self.words, self.clause_of = [], []
        for number, clause in enumerate(_LATIN_CLAUSE.split(text)):
            words = tokens(lexicon.en(fold(clause)))
            self.words += words
            self.clause_of += [number] * len(words)
        self.near = [vocabulary.neighbours(w) for w in self.words]
        self.han = has_han(text)
        # Chinese users often separate clauses with a space instead of a comma.
        clauses = _CLAUSE.split(_HAN_GAP.sub("，", text))
        self.clauses = [lexicon.zh(fold(c)).replace(" ", "") for c in clauses]

    def find(self, phrase: str) -> Hit | None:
        han, form = self.vocabulary.form(phrase)
        if han and not self.han:
            return None  # a Chinese phrase cannot be in a text without Chinese
        hit = self._chinese(form) if han else self._latin(form)
        # Report the phrase as the knowledge base writes it, not its canonical form.
        return msgspec.structs.replace(hit, phrase=phrase) if hit else None

    def _latin(self, words: list[str]) -> Hit | None:
        needed = [w for w in words if w not in OPTIONAL] or words
        if not needed:
            return None
        best: tuple[float, int, int] | None = None
        for start in range(len(self.words)):
            if needed[0] not in self.near[start]:
                continue
            matched = self._in_window(needed, start)
            if matched and (best is None or matched[0] > best[0]):
                best = (matched[0], start, matched[1])
        if best is None or best[0] < LATIN_SCORE:
            return None
        score, start, end = best
        phrase = " ".join(words)
        return Hit(phrase, round(score, 3), self._latin_negated(start, end, words), len(phrase),
                   (-1, start, end))

    def _in_window(self, needed: list[str], start: int) -> tuple[float, int] | None:
        """Match `needed` in order from `start`, allowing two extra words in between,
        without crossing into the next clause ("...climbs, while train loss falls")."""
        limit = min(len(self.words), start + len(needed) + 2)
        clause = self.clause_of[start]
        while limit > start and self.clause_of[limit - 1] != clause:
            limit -= 1
        total, position = 0.0, start
        for word in needed:
            while position < limit and word not in self.near[position]:
                position += 1
            if position >= limit:
                return None
            total += self.near[position][word]
            position += 1
        return total / len(needed), position

    def _latin_negated(self, start: int, end: int, phrase_words: list[str]) -> bool:
        before = self.words[max(0, start - 3): start]
        inside = [w for w in self.words[start:end] if w not in phrase_words]
        return any(w in _NEGATION_WORDS or _NEGATION_ZH.search(w) for w in before + inside)

    def _chinese(self, target: str) -> Hit | None:
        size = len(target)
        if size <= SHORT_HAN:
            for number, clause in enumerate(self.clauses):
                index = clause.find(target)
                if index >= 0:
                    return Hit(target, 1.0, bool(_NEGATION_ZH.search(clause[:index])), size,
                               (number, index, index + size))
            return None
        best, where, clause, number = 0.0, -1, "", -1
        starts = {target[0]}  # the window starts on the phrase's first character
        for k, text in enumerate(self.clauses):
            for i, char in enumerate(text):
                if char in starts:
                    score = LCSseq.similarity(target, text[i: i + size + size // 2 + 1]) / size
                    if score > best:
                        best, where, clause, number = score, i, text, k
        if best < HAN_SCORE:
            return None
        window = clause[where: where + size + size // 2 + 1]
        span = window[: window.rfind(target[-1]) + 1]  # up to where the phrase really ends
        denied = _INNER_NEGATION_ZH.search(span) and not _INNER_NEGATION_ZH.search(target)
        negated = bool(_NEGATION_ZH.search(clause[:where]) or denied)
        return Hit(target, round(best, 3), negated, size, (number, where, where + len(span)))

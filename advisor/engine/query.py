"""Free text -> recognised symptoms, stated answers and mentioned numbers.

Users write "loss突然nan了", "val loss going up after 3 epochs", "没开梯度裁剪, fp16". Each
knowledge-base phrase is matched fuzzily (rapidfuzz) against a normalised copy of the text:
Chinese phrases against the text with all spaces removed (Chinese has none, and mixed text
has them in random places), Latin phrases against the spaced text. Short Latin phrases
("nan", "amp", "7b") must match a whole token, or they would fire inside other words.
A phrase preceded closely by a negation ("not", "no", "没有", "不") is recorded as negated and
used only through the question's `negation` map (没开梯度裁剪 -> clipping: no).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from advisor.model.diagnosis import SymptomMatch
from advisor.model.knowledge import KnowledgeBase
from advisor.model.text import has_han

SHORT = 5
"""Latin phrases this long or shorter must match a whole token exactly."""
THRESHOLD = {"han": 85.0, "latin": 86.0}
"""Minimum partial-ratio for a fuzzy match."""
SHORT_HAN = 4
"""Chinese phrases this short (without spaces) must appear verbatim."""

_NEGATION_EN = re.compile(
    r"(?:\bnot|\bno|n't|\bnever|\bwithout|\bnor|\bneither|\bisn't|\bwasn't)\s+(?:\w+\s+){0,2}$")
_NEGATION_ZH = re.compile(r"(?:没有|没|不是|不|未|无|非|别|并非)[^，。,.;；!?！？]{0,3}$")
_CLAUSE = re.compile(r"[，。；;！!？?,]+")
_INNER_NEGATION = re.compile(r"\b(?:not|no|never|without)\b|n't|没|不是|未")
_STEP = re.compile(r"(?:\bstep|\biter(?:ation)?)\s*[:=#]?\s*(\d[\d,]*)(k)?\b"
                   r"|第\s*(\d[\d,]*)\s*(k)?\s*(?:步|次迭代)"
                   r"|(\d[\d,]*)\s*(k)?\s*(?:steps?\b|iters?\b|iterations\b|步)", re.I)
_EPOCH = re.compile(r"(?:epoch\s*(\d+)|第\s*(\d+)\s*(?:个)?\s*(?:epoch|轮|个周期)|(\d+)\s*(?:epochs?|个?epoch|轮))",
                    re.I)


@dataclass(frozen=True)
class Hit:
    """One phrase found in the text."""

    phrase: str
    score: float
    negated: bool
    length: int


@dataclass(frozen=True)
class StatedAnswer:
    question: str
    option: str
    phrase: str
    score: float
    negated: bool
    """The option is what a negated phrase of another option means (via `negation`)."""


@dataclass(frozen=True)
class Cue:
    """A cause-specific clue found in the text."""

    cause: str
    phrase: str
    score: float
    negated: bool


@dataclass(frozen=True)
class Query:
    text: str
    symptoms: list[SymptomMatch]
    answers: list[StatedAnswer]
    mentions: dict[str, int]
    cues: list[Cue]

    @property
    def meaningful(self) -> bool:
        return bool(self.symptoms or self.answers or any(not c.negated for c in self.cues))


class Normalised:
    """The text in the two forms phrases are matched against."""

    def __init__(self, text: str) -> None:
        self.spaced = _fold(text)
        self.compact = self.spaced.replace(" ", "")
        self.han = has_han(text)
        # Chinese is matched clause by clause, so a negation in one clause ("不是nan")
        # does not spill into the next ("是慢慢变大").
        self.clauses = [_fold(c).replace(" ", "") for c in _CLAUSE.split(text)]

    def find(self, phrase: str) -> Hit | None:
        target = _fold(phrase)
        if has_han(target):
            if not self.han:
                return None  # a Chinese phrase cannot be in a text without Chinese
            compact = target.replace(" ", "")
            if len(compact) <= SHORT_HAN:
                return self._verbatim(compact)
            return self._in_order(compact)
        if len(target) <= SHORT:
            return self._token(target)
        return self._fuzzy(target, self.spaced, THRESHOLD["latin"], _NEGATION_EN)

    def _verbatim(self, target: str) -> Hit | None:
        index = self.compact.find(target)
        if index < 0:
            return None
        return Hit(target, 1.0, bool(_NEGATION_ZH.search(self.compact[:index])), len(target))

    def _in_order(self, target: str) -> Hit | None:
        """Chinese phrases, tolerant of inserted words: "验证集loss开始上升" has "验证集loss上升".

        Score = longest common subsequence / phrase length, within a window at most 1.5x
        the phrase, starting where one of its first two characters occurs.
        """
        size, best, where, clause = len(target), 0.0, -1, ""
        starts = set(target[:2])
        for text in self.clauses:
            for i, char in enumerate(text):
                if char in starts:
                    score = LCSseq.similarity(target, text[i: i + size + size // 2 + 1]) / size
                    if score > best:
                        best, where, clause = score, i, text
        if best * 100 < THRESHOLD["han"]:
            return None
        span = clause[where: where + size + size // 2 + 1]
        denied = _INNER_NEGATION.search(span) and not _INNER_NEGATION.search(target)
        negated = bool(_NEGATION_ZH.search(clause[:where]) or denied)
        return Hit(target, round(best, 3), negated, size)

    def _token(self, target: str) -> Hit | None:
        """A whole-token occurrence; letters and digits may not touch it on either side.

        Chinese characters may ("loss变nan了"), so the check looks at ASCII word characters.
        """
        start = self.spaced.find(target)
        while start >= 0:
            end = start + len(target)
            if not _ascii_word(self.spaced, start - 1) and not _ascii_word(self.spaced, end):
                before = self.spaced[:start]
                negated = bool(_NEGATION_EN.search(before) or _NEGATION_ZH.search(before))
                return Hit(target, 1.0, negated, len(target))
            start = self.spaced.find(target, start + 1)
        return None

    @staticmethod
    def _fuzzy(target: str, haystack: str, threshold: float, negation: re.Pattern) -> Hit | None:
        if not target or not haystack:
            return None
        if len(target) > len(haystack) + 2:
            return None  # a phrase much longer than the text cannot be "in" it
        result = fuzz.partial_ratio_alignment(target, haystack, score_cutoff=threshold)
        if result is None:
            return None
        before = haystack[: result.dest_start]
        inside = haystack[result.dest_start: result.dest_start + len(target) + 4]
        # "loss is not nan" aligns with the phrase "loss is nan": a negation the phrase
        # does not have, inside the matched span, negates it too.
        denied = _INNER_NEGATION.search(inside) and not _INNER_NEGATION.search(target)
        return Hit(target, result.score / 100.0, bool(negation.search(before) or denied), len(target))


def _ascii_word(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isascii() and text[index].isalnum()


def _fold(text: str) -> str:
    """Full-width to half-width, lower case, punctuation to single spaces."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.sub(r"[^\w.%+\-/'\u4e00-\u9fff]+", " ", folded).split())


def understand(kb: KnowledgeBase, text: str) -> Query:
    """Everything the advisor can read from one free-text description."""
    norm = Normalised(text or "")
    return Query(text=text or "", symptoms=_symptoms(kb, norm), answers=_answers(kb, norm),
                 mentions=_mentions(text or ""), cues=_cues(kb, norm))


def _cues(kb: KnowledgeBase, norm: Normalised) -> list[Cue]:
    """The best clue per cause, if any."""
    found = []
    for cause in kb.causes.values():
        hit = _best(norm, cause.cues.all()) if cause.cues else None
        if hit:
            found.append(Cue(cause.id, hit.phrase, round(hit.score, 3), hit.negated))
    return found


def _best(norm: Normalised, phrases: list[str]) -> Hit | None:
    """The best hit among phrases: highest score, then longest phrase (most specific)."""
    hits = [hit for phrase in phrases if (hit := norm.find(phrase))]
    return max(hits, key=lambda h: (not h.negated, h.score, h.length), default=None)


def _symptoms(kb: KnowledgeBase, norm: Normalised) -> list[SymptomMatch]:
    matches = []
    for symptom in kb.symptoms.values():
        hit = _best(norm, symptom.phrases.all())
        if hit:
            matches.append(SymptomMatch(symptom.id, round(hit.score, 3), hit.phrase, hit.negated))
    return sorted(matches, key=lambda m: (m.negated, -m.score))


def _answers(kb: KnowledgeBase, norm: Normalised) -> list[StatedAnswer]:
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

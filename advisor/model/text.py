"""Bilingual text values, the language setting, and script detection."""

from __future__ import annotations

import os
from typing import Annotated, Literal

import msgspec

Lang = Literal["zh", "en", "both"]
LANGS: tuple[str, ...] = ("zh", "en", "both")

NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]


class Text(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One piece of user-facing text in both languages, with equal depth."""

    zh: NonEmpty
    """Simplified Chinese, using the standard terms (学习率, 预热, 梯度裁剪 ...)."""
    en: NonEmpty
    """English."""

    def pick(self, lang: str) -> str:
        """The text in `lang`; for "both", Chinese then English on the next line."""
        if lang == "zh":
            return self.zh
        if lang == "en":
            return self.en
        return f"{self.zh}\n{self.en}"


class Phrases(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Lists of phrases per language (mixed-script phrases go under `zh`)."""

    zh: list[NonEmpty]
    en: list[NonEmpty]

    def all(self) -> list[str]:
        return [*self.zh, *self.en]


def has_han(text: str) -> bool:
    """True when the text contains at least one CJK ideograph."""
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


def detect_lang(text: str) -> str:
    """"zh" when the text contains Chinese characters, else "en"."""
    return "zh" if has_han(text) else "en"


def locale_lang() -> str:
    """"zh" when the user's locale is Chinese, else "en"."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"

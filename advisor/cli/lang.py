"""Which language to answer in: `--lang`, else the query's script, else the locale."""

from __future__ import annotations

from advisor.model.text import detect_lang, locale_lang

__all__ = ["locale_lang", "resolve_lang"]


def resolve_lang(explicit: str | None, text: str | None = None) -> str:
    if explicit:
        return explicit
    if text and text.strip():
        return detect_lang(text)
    return locale_lang()

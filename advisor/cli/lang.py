"""Which language to answer in: `--lang`, else the query's script, else the locale."""

from __future__ import annotations

import os

from advisor.model.text import detect_lang


def resolve_lang(explicit: str | None, text: str | None = None) -> str:
    if explicit:
        return explicit
    if text and text.strip():
        return detect_lang(text)
    return locale_lang()


def locale_lang() -> str:
    """"zh" when the user's locale is Chinese, else "en"."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"

"""Knowledge-base entries as JSON-ready data."""

from __future__ import annotations

from typing import Any

import msgspec

from advisor.model.knowledge import KnowledgeBase


def entry_title(kind: str, entry: Any):
    """The bilingual heading of any entry: its title, term, or (for a myth) its claim."""
    if kind == "term":
        return entry.term
    if kind == "myth":
        return entry.claim
    return entry.title


def kb_listing(kb: KnowledgeBase, kind: str | None = None) -> list[dict[str, Any]]:
    """`kb list --json`: [{"id", "kind", "title": {"zh", "en"}}] in display order."""
    return [
        {"id": entry_id, "kind": k, "title": msgspec.to_builtins(entry_title(k, entry))}
        for k, entries in kb.entry_kinds() if kind in (None, k)
        for entry_id, entry in entries.items()
    ]


def kb_entry(kind: str, entry: Any) -> dict[str, Any]:
    """`kb show --json`: the entry's fields, with its kind."""
    return {"kind": kind, **msgspec.to_builtins(entry)}

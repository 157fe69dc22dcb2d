"""Cross-links between knowledge-base entries, for the browser: where each entry leads.

Both directions of every reference the knowledge base holds: a cause lists its symptoms,
related causes, terms, fixes, the myths about it and the playbooks for it; a symptom the
causes that produce it; a term its see-also entries and the causes that use it; a myth and
a playbook their causes. Only entries that exist are linked (kb check reports dangling ids).
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.model.knowledge import KnowledgeBase
from advisor.model.text import Text
from advisor.render.kb_json import entry_title

KINDS: tuple[str, ...] = ("cause", "symptom", "myth", "playbook", "term")
"""The browsable kinds, in the order the browser lists them."""
FIX = "fix"
"""A link to one fix inside the shown cause (its id is the fix's number, from 1)."""


@dataclass(frozen=True)
class Link:
    group: str
    """The interface label (`tui.i18n.UI` key) of the group the link is listed under."""
    kind: str
    id: str

    @property
    def key(self) -> str:
        """`kind:id`, unique among one entry's links (an option id in the browser)."""
        return f"{self.kind}:{self.id}"


def entries(kb: KnowledgeBase, kind: str) -> dict:
    return dict(kb.entry_kinds())[kind]


def entry(kb: KnowledgeBase, kind: str, entry_id: str):
    return entries(kb, kind).get(entry_id)


def title(kb: KnowledgeBase, kind: str, entry_id: str) -> Text:
    """The entry's heading: its title, its term, or (a myth) its claim."""
    found = entry(kb, kind, entry_id)
    return entry_title(kind, found) if found is not None else Text(zh=entry_id, en=entry_id)


def links(kb: KnowledgeBase, kind: str, entry_id: str) -> list[Link]:
    """Every link from the entry, grouped, in reading order; each target listed once."""
    found = entry(kb, kind, entry_id)
    if found is None:
        return []
    groups: list[tuple[str, str, list[str]]] = []
    if kind == "cause":
        groups = [
            ("link_symptoms", "symptom", list(found.symptoms)),
            ("link_fixes", FIX, [str(n) for n in range(1, len(found.fixes) + 1)]),
            ("link_related", "cause", list(found.related)),
            ("link_terms", "term", list(found.terms)),
            ("link_myths", "myth", [m.id for m in kb.myths.values() if entry_id in m.causes]),
            ("link_playbooks", "playbook", [p.id for p in kb.playbooks.values() if entry_id in p.causes]),
        ]
    elif kind == "symptom":
        groups = [("link_producers", "cause", [c.id for c in kb.causes.values() if entry_id in c.symptoms])]
    elif kind == "term":
        groups = [("link_see", "term", [s for s in found.see if s in kb.terms]),
                  # an id that is both a term and a cause is the term (as `kb show` reads it)
                  ("link_see", "cause", [s for s in found.see if s in kb.causes and s not in kb.terms]),
                  ("link_used_by", "cause", [c.id for c in kb.causes.values() if entry_id in c.terms])]
    elif kind == "myth":
        groups = [("link_tempts", "cause", list(found.causes))]
    elif kind == "playbook":
        groups = [("link_handles", "cause", list(found.causes))]
    out, seen = [], set()
    for group, target_kind, ids in groups:
        for target in ids:
            link = Link(group, target_kind, target)
            if link.key in seen or (target_kind != FIX and entry(kb, target_kind, target) is None):
                continue
            seen.add(link.key)
            out.append(link)
    return out

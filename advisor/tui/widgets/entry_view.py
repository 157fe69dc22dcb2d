"""One knowledge-base entry, readable: the sections of `advisor kb show` as Textual widgets.

The same sections and headings as `advisor.render.kb_view.entry_view` (headings from
`render.labels`, code from `kb_view.code_blocks`), but each paragraph is a `Prose`, so
Chinese wraps at any character instead of at the few spaces around Latin terms, which is
what a rich `Text` in a `Static` would do. Cross-references are not listed here: the
browser shows them as links beside the entry (`tui.links`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.console import Group
from textual.app import ComposeResult
from textual.containers import HorizontalScroll, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from advisor.model.knowledge import Code, KnowledgeBase
from advisor.model.text import Text
from advisor.render.kb_view import code_blocks
from advisor.render.labels import label
from advisor.tui.i18n import one_line, t
from advisor.tui.links import entry, title
from advisor.tui.widgets.prose import Prose


class EntryView(VerticalScroll):
    """Shows `shown` (kind, id); changing it or `lang` rebuilds the view."""

    lang: reactive[str] = reactive("en", recompose=True)
    shown: reactive[tuple[str, str] | None] = reactive(None, recompose=True)

    def __init__(self, kb: KnowledgeBase, **kwargs) -> None:
        super().__init__(**kwargs)
        self.kb = kb

    def compose(self) -> ComposeResult:
        if self.shown is None:
            yield Prose(Content.styled(t("kb_pick", self.lang), "italic $text-muted"))
            return
        kind, entry_id = self.shown
        found = entry(self.kb, kind, entry_id)
        if found is None:
            return
        lang = self.lang
        yield Prose(Content.styled(f"{label(kind, lang)} · {entry_id}", "$text-muted"))
        yield Prose(Content.styled(title(self.kb, kind, entry_id).pick(lang), "bold"), classes="entry-title")
        yield from _SECTIONS[kind](found, lang)

    def scroll_to_fix(self, number: int) -> None:
        for fix in self.query(f"#fix-{number}"):
            self.scroll_to_widget(fix, animate=False, top=True)


def _heading(key: str, lang: str) -> Prose:
    return Prose(Content.styled(label(key, lang), "bold $accent"), classes="entry-heading")


def _para(key: str, text: Text, lang: str) -> Iterator[Widget]:
    yield _heading(key, lang)
    yield Prose(text.pick(lang), classes="entry-text")


def _bullets(key: str, items: list[str], lang: str) -> Iterator[Widget]:
    if items:
        yield _heading(key, lang)
        yield Prose(Content("\n").join(Content(f"• {item}") for item in items), classes="entry-text")


def _code(code: Code | None, lang: str) -> Iterator[Widget]:
    blocks = code_blocks(code, lang)
    if blocks:
        yield HorizontalScroll(Static(Group(*blocks), classes="code"), classes="code-scroll entry-code")


def _cause(c: Any, lang: str) -> Iterator[Widget]:
    yield from _para("summary", c.summary, lang)
    yield from _para("mechanism", c.mechanism, lang)
    yield from _para("curve", c.curve, lang)
    yield _heading("confirm", lang)
    for n, check in enumerate(c.confirm, 1):
        yield Prose(Content.assemble((f"{n}. ", "bold"), check.check.pick(lang), "\n",
                                     (f"{label('expect', lang)}: ", "italic $text-muted"),
                                     check.expect.pick(lang)), classes="entry-text")
    yield _heading("fixes", lang)
    for n, fix in enumerate(c.fixes, 1):
        parts: list = [(f"{n}. {one_line(fix.title, lang)}", "bold")]
        if fix.when:
            parts += ["\n", (f"{label('when', lang)}: ", "italic $text-muted"), fix.when.pick(lang)]
        parts += ["\n", fix.how.pick(lang)]
        yield Prose(Content.assemble(*parts), id=f"fix-{n}", classes="entry-text")
        yield from _code(fix.code, lang)
    yield from _bullets("sources", list(c.sources), lang)


def _symptom(s: Any, lang: str) -> Iterator[Widget]:
    phrases = {"zh": s.phrases.zh, "en": s.phrases.en}.get(lang, s.phrases.all())
    yield from _para("description", s.description, lang)
    yield from _bullets("phrases", [", ".join(phrases[:12])], lang)


def _myth(m: Any, lang: str) -> Iterator[Widget]:
    yield from _para("correction", m.correction, lang)
    yield from _para("why", m.why, lang)
    yield from _bullets("sources", list(m.sources), lang)


def _playbook(p: Any, lang: str) -> Iterator[Widget]:
    yield from _para("summary", p.summary, lang)
    yield _heading("steps", lang)
    for n, step in enumerate(p.steps, 1):
        yield Prose(Content.assemble((f"{n}. {one_line(step.title, lang)}", "bold"), "\n",
                                     (f"{label('when', lang)}: ", "italic $text-muted"), step.when.pick(lang),
                                     "\n", step.action.pick(lang)), classes="entry-text")
        yield from _code(step.code, lang)
    yield from _bullets("sources", list(p.sources), lang)


def _term(term: Any, lang: str) -> Iterator[Widget]:
    yield from _para("definition", term.definition, lang)
    if term.aliases:
        aliases = {"zh": term.aliases.zh, "en": term.aliases.en}.get(lang, term.aliases.all())
        yield from _bullets("aliases", [", ".join(aliases)], lang)


_SECTIONS = {"cause": _cause, "symptom": _symptom, "myth": _myth, "playbook": _playbook, "term": _term}

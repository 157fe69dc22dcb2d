"""The knowledge browser: fuzzy search in both languages, results by kind, one entry with its
cross-links, and back along the links followed.

Search is `advisor.engine.search` (ids, titles and aliases in both languages, typos
tolerated), run as the query is typed; an empty query lists every entry. Highlighting a
result shows it; Enter moves to its links; Enter on a link follows it (a fix link scrolls
to that fix). Esc (or b outside the search box) goes back to the entry before, and closes
the browser when there is none.
"""

from __future__ import annotations

from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Header, Input, OptionList

from advisor.model.knowledge import KnowledgeBase
from advisor.tui.i18n import one_line, t
from advisor.tui.links import FIX, KINDS, links, title
from advisor.tui.screens.base import LangScreen
from advisor.tui.widgets.entry_view import EntryView
from advisor.tui.widgets.prose import Prose, hanging
from advisor.tui.widgets.wrapped_options import Item, WrappedOptionList

RESULTS = 40
"""Most search hits listed."""


class KnowledgeScreen(LangScreen):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("b", "back", "Back", show=False),  # typed into the search box when it has focus
        Binding("slash", "focus_search", "Search", key_display="/"),
    ]
    AUTO_FOCUS = "#kb-search"

    def __init__(self, kb: KnowledgeBase, lang: str, start: tuple[str, str] | None = None,
                 **kwargs) -> None:
        super().__init__(lang, **kwargs)
        self.kb = kb
        self.start = start
        self.history: list[tuple[str, str]] = []
        """The entries left by following links, most recent last (what Esc goes back to)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="kb-view"):
            with Vertical(id="kb-left"):
                yield Input(id="kb-search")
                yield WrappedOptionList(id="kb-results")
            with Vertical(id="kb-right"):
                yield EntryView(self.kb, id="kb-entry").data_bind(LangScreen.lang)
                yield Prose(id="kb-links-title")
                yield WrappedOptionList(id="kb-links")
        yield Prose(id="kb-keys")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        if self.start is not None:
            self.show_entry(self.start)
            self._select_result(self.start)
            self.query_one("#kb-links").focus()

    @property
    def shown(self) -> tuple[str, str] | None:
        return self.query_one(EntryView).shown

    def relabel(self) -> None:
        lang = self.lang
        self.query_one("#kb-search", Input).placeholder = t("kb_search_ph", lang)
        self.query_one("#kb-keys", Prose).update(Content.styled(t("kb_keys", lang), "$text-muted"))
        self.query_one("#kb-links-title", Prose).update(Content.styled(t("kb_links", lang), "bold $accent"))
        self._fill_results(self.query_one("#kb-search", Input).value, keep=True)
        self._fill_links()

    # --- attributes down ------------------------------------------------------------------

    def show_entry(self, shown: tuple[str, str]) -> None:
        self.query_one(EntryView).shown = shown
        self.query_one(EntryView).scroll_home(animate=False)
        self._fill_links()

    def _fill_results(self, query: str, keep: bool = False) -> None:
        """Every entry for an empty query, else the search hits; grouped by kind."""
        from advisor.engine.search import search

        query = query.strip()
        best = None
        if query:
            hits = search(self.kb, query, limit=RESULTS)
            found = {kind: [h.id for h in hits if h.kind == kind] for kind in KINDS}
            best = f"{hits[0].kind}:{hits[0].id}" if hits else None
        else:
            found = {kind: list(entries) for kind, entries in self.kb.entry_kinds()}
        items = []
        for kind in KINDS:
            if found.get(kind):
                items.append(Item(Content.styled(t(f"kinds_{kind}", self.lang), "bold $accent"), disabled=True))
                items += [Item(Content(one_line(title(self.kb, kind, entry_id), self.lang)), id=f"{kind}:{entry_id}")
                          for entry_id in found[kind]]
        if not items:
            items = [Item(Content.styled(t("kb_no_match", self.lang, query=query), "italic"), disabled=True)]
        # The best hit is highlighted (and shown), wherever its kind puts it in the list.
        top = next((n for n, item in enumerate(items) if item.id == best), _first_enabled(items))
        results = self.query_one("#kb-results", WrappedOptionList)
        results.set_items(items, None if keep else top)

    def _select_result(self, shown: tuple[str, str]) -> None:
        results = self.query_one("#kb-results", WrappedOptionList)
        key = f"{shown[0]}:{shown[1]}"
        for index in range(results.option_count):
            if results.get_option_at_index(index).id == key:
                results.highlighted = index
                results.scroll_to_highlight()

    def _fill_links(self) -> None:
        box = self.query_one("#kb-links", WrappedOptionList)
        if self.shown is None:
            box.set_items([])
            return
        kind, entry_id = self.shown
        items, group = [], None
        for link in links(self.kb, kind, entry_id):
            if link.group != group:
                group = link.group
                items.append(Item(Content.styled(t(group, self.lang), "bold"), disabled=True))
            items.append(Item(partial(hanging, "→ ", self._link_title(link.kind, link.id)), id=link.key))
        if not items:
            items = [Item(Content.styled(t("kb_no_links", self.lang), "italic $text-muted"), disabled=True)]
        box.set_items(items, _first_enabled(items))

    def _link_title(self, kind: str, target: str) -> str:
        if kind == FIX:
            cause = self.kb.causes[self.shown[1]]
            return f"{target}. {one_line(cause.fixes[int(target) - 1].title, self.lang)}"
        return one_line(title(self.kb, kind, target), self.lang)

    # --- what the user does ---------------------------------------------------------------

    @on(Input.Changed, "#kb-search")
    def _search(self, event: Input.Changed) -> None:
        self._fill_results(event.value)

    @on(Input.Submitted, "#kb-search")
    def _to_results(self) -> None:
        self.query_one("#kb-results").focus()

    @on(OptionList.OptionHighlighted, "#kb-results")
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        shown = _parse(event.option.id)
        if shown is not None and shown != self.shown:
            self.history.clear()  # a new entry from the results: a new trail of links
            self.show_entry(shown)

    @on(OptionList.OptionSelected, "#kb-results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#kb-links").focus()

    @on(OptionList.OptionSelected, "#kb-links")
    def _follow(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = _parse(event.option.id)
        if target is None or self.shown is None:
            return
        if target[0] == FIX:
            self.query_one(EntryView).scroll_to_fix(int(target[1]))
            return
        self.history.append(self.shown)
        self.show_entry(target)

    def action_back(self) -> None:
        if self.history:
            self.show_entry(self.history.pop())
            self.query_one("#kb-links").focus()
        else:
            self.dismiss()

    def action_focus_search(self) -> None:
        self.query_one("#kb-search", Input).focus()


def _parse(option_id: str | None) -> tuple[str, str] | None:
    if not option_id or ":" not in option_id:
        return None
    kind, entry_id = option_id.split(":", 1)
    return kind, entry_id


def _first_enabled(items: list[Item]) -> int | None:
    return next((n for n, item in enumerate(items) if not item.disabled), None)

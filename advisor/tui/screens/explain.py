"""A small modal with one explanation: why a question is asked, how a cause was concluded."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from advisor.model.text import Text
from advisor.tui.i18n import t
from advisor.tui.screens.base import LangModal
from advisor.tui.widgets.prose import Prose


class ExplainScreen(LangModal[None]):
    BINDINGS = [Binding("escape,enter,q,question_mark,w", "close", "Close")]

    def __init__(self, title_key: str, text: Text, lang: str, **kwargs) -> None:
        super().__init__(lang, **kwargs)
        self.title_key, self.text = title_key, text

    def compose(self) -> ComposeResult:
        with Vertical(id="explain-box"):
            yield Static(id="explain-title")
            with VerticalScroll(id="explain-scroll"):
                yield Prose(id="explain-body")
            yield Static(id="explain-hint")

    def relabel(self) -> None:
        lang = self.lang
        self.query_one("#explain-title", Static).update(Content.styled(t(self.title_key, lang), "bold"))
        self.query_one("#explain-body", Prose).update(self.text.pick(lang))
        self.query_one("#explain-hint", Static).update(Content.styled(t("close_hint", lang), "$text-muted"))

    def action_close(self) -> None:
        self.dismiss(None)

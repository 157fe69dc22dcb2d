"""Screens that carry the current language: the app sets `lang`, children bind to it.

Each base declares its own `lang` reactive (a reactive must live on the class children
bind to), relabels its footer bindings when it changes, and `data_bind` passes it down.
"""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen

from advisor.tui.i18n import relabel_bindings

T = TypeVar("T")


class LangScreen(Screen):
    lang: reactive[str] = reactive("en", init=False)

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.set_reactive(LangScreen.lang, lang)
        relabel_bindings(self, lang)

    def watch_lang(self, lang: str) -> None:
        relabel_bindings(self, lang)
        self.refresh_bindings()
        self.relabel()

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        """Set every interface word on this screen in `self.lang` (override)."""


class LangModal(ModalScreen[T]):
    BINDINGS = [
        # A modal cuts the binding chain below it, app bindings included: repeat them.
        Binding("l", "app.cycle_lang", "Language"),
        Binding("f1", "app.help", "Help"),
    ]

    lang: reactive[str] = reactive("en", init=False)

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.set_reactive(LangModal.lang, lang)
        relabel_bindings(self, lang)

    def watch_lang(self, lang: str) -> None:
        relabel_bindings(self, lang)
        self.refresh_bindings()
        self.relabel()

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        """Set every interface word on this screen in `self.lang` (override)."""

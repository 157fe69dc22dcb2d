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


class _Lang:
    """The language behaviour both bases share; each base still declares its own `lang`
    reactive (a reactive must live on the class children bind to)."""

    def _start_lang(self, lang: str) -> None:
        self.set_reactive(type(self).lang, lang)
        relabel_bindings(self, lang)

    def watch_lang(self, lang: str) -> None:
        relabel_bindings(self, lang)
        self.refresh_bindings()
        self.relabel()

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        """Set every interface word on this screen in `self.lang` (override)."""


class LangScreen(_Lang, Screen):
    lang: reactive[str] = reactive("en", init=False)

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self._start_lang(lang)


class LangModal(_Lang, ModalScreen[T]):
    BINDINGS = [
        # A modal cuts the binding chain below it, app bindings included: repeat them.
        Binding("l", "app.cycle_lang", "Language"),
        Binding("f1", "app.help", "Help"),
    ]

    lang: reactive[str] = reactive("en", init=False)

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self._start_lang(lang)

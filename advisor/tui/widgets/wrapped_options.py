"""An OptionList whose prompts wrap Chinese properly (see `prose`), re-wrapped on resize."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from advisor.tui.widgets.prose import wrap

SLACK = 1
"""A cell of slack: a highlighted option reads better when the text does not touch the edge."""


@dataclass(frozen=True)
class Item:
    prompt: Content | Callable[[int], Content]
    """The text, wrapped to the list's width; or a function laying it out for a width."""
    id: str | None = None
    disabled: bool = False

    def layout(self, width: int) -> Content:
        if callable(self.prompt):
            return self.prompt(width)
        return wrap(self.prompt, width) if width > 8 else self.prompt


class WrappedOptionList(OptionList):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._items: list[Item] = []

    def set_items(self, items: list[Item], highlighted: int | None = None) -> None:
        """Replace the options; keep the highlight (or set it to `highlighted`)."""
        keep = self.highlighted if highlighted is None else highlighted
        self._items = list(items)
        self._rebuild(keep)

    def on_resize(self, event: events.Resize) -> None:
        self._rebuild(self.highlighted)

    def _rebuild(self, keep: int | None) -> None:
        # Always leave room for the vertical scrollbar: it appears only once the options are
        # in, and text wrapped for the wider area would then be wrapped again by Textual.
        width = self.content_region.width - self.styles.scrollbar_size_vertical - SLACK
        self.clear_options()
        self.add_options([Option(i.layout(width), id=i.id, disabled=i.disabled) for i in self._items])
        enabled = [n for n, i in enumerate(self._items) if not i.disabled]
        if keep is not None and keep in enabled:
            self.highlighted = keep
        elif enabled:
            self.highlighted = enabled[0]

"""The two questions a practice case asks, as typed modals (STYLE convention 13).

`CausePicker` returns the learner's answer (a cause id or `healthy`, from
`advisor.learn.choices`); `GuidedQuestion` returns an option id (or "unknown") for the next
guided question of the hints. Each returns its value with `dismiss()`, None when cancelled.
"""

from __future__ import annotations

import time
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList

from advisor.learn import choice_title
from advisor.model.knowledge import KnowledgeBase, Question
from advisor.tui.i18n import one_line, t
from advisor.tui.screens.base import LangModal
from advisor.tui.widgets.prose import Prose, hanging
from advisor.tui.widgets.wrapped_options import Item, WrappedOptionList

UNKNOWN = "unknown"
DIGIT_PAUSE = 1.0
"""Seconds within which a second digit extends the number typed ("1", "2" -> 12)."""


class CausePicker(LangModal[str | None]):
    """Every possible answer, numbered; a typed number (one or two digits) or ↑↓ moves the
    highlight, Enter answers. Enter is needed even after a number: an answer is recorded."""

    BINDINGS = [
        *(Binding(str(n), f"digit({n})", show=False) for n in range(10)),
        Binding("escape", "cancel", "Cancel"),
    ]
    AUTO_FOCUS = "#pick-options"

    def __init__(self, kb: KnowledgeBase, choices: list[str], lang: str, **kwargs) -> None:
        super().__init__(lang, **kwargs)
        self.kb, self.choices = kb, choices
        self._typed, self._typed_at = "", 0.0

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box", classes="learn-modal"):
            yield Prose(id="pick-title")
            yield WrappedOptionList(id="pick-options")
            yield Prose(id="pick-hint")

    def relabel(self) -> None:
        lang = self.lang
        self.query_one("#pick-title", Prose).update(Content.styled(t("pick_title", lang), "bold"))
        self.query_one("#pick-hint", Prose).update(Content.styled(t("pick_hint", lang), "$text-muted"))
        width = len(str(len(self.choices)))
        items = [Item(partial(hanging, Content.styled(f"{n:>{width}}. ", "bold $accent"),
                              one_line(choice_title(self.kb, choice), lang)), id=choice)
                 for n, choice in enumerate(self.choices, 1)]
        self.query_one("#pick-options", WrappedOptionList).set_items(items)

    def action_digit(self, digit: int) -> None:
        now = time.monotonic()
        typed = self._typed + str(digit) if now - self._typed_at < DIGIT_PAUSE else str(digit)
        if not 1 <= int(typed) <= len(self.choices):
            typed = str(digit)
        self._typed, self._typed_at = typed, now
        if 1 <= int(typed) <= len(self.choices):
            self.query_one("#pick-options", WrappedOptionList).highlighted = int(typed) - 1

    @on(OptionList.OptionSelected, "#pick-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class GuidedQuestion(LangModal[str | None]):
    """One guided question; 1-9 answer at once ("I don't know" is the last option)."""

    BINDINGS = [
        *(Binding(str(n), f"choose({n})", show=False) for n in range(1, 10)),
        Binding("escape", "cancel", "Cancel"),
    ]
    AUTO_FOCUS = "#guided-options"

    def __init__(self, question: Question, lang: str, **kwargs) -> None:
        super().__init__(lang, **kwargs)
        self.question = question

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.question.options] + [UNKNOWN]

    def compose(self) -> ComposeResult:
        with Vertical(id="guided-box", classes="learn-modal"):
            yield Prose(id="guided-text")
            yield WrappedOptionList(id="guided-options")
            yield Prose(id="guided-hint")

    def relabel(self) -> None:
        lang = self.lang
        self.query_one("#guided-text", Prose).update(Content.styled(self.question.text.pick(lang), "bold"))
        self.query_one("#guided-hint", Prose).update(Content.styled(t("guided_hint", lang), "$text-muted"))
        items = [Item(partial(hanging, Content.styled(f"{n}. ", "bold $accent"), one_line(o.label, lang)),
                      id=o.id) for n, o in enumerate(self.question.options, 1)]
        items.append(Item(Content.assemble((f"{len(items) + 1}. ", "bold $accent"),
                                           (t("dont_know", lang), "italic")), id=UNKNOWN))
        self.query_one("#guided-options", WrappedOptionList).set_items(items)

    def action_choose(self, n: int) -> None:
        if 1 <= n <= len(self.option_ids):
            self.dismiss(self.option_ids[n - 1])

    @on(OptionList.OptionSelected, "#guided-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

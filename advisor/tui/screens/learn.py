"""Learn mode's first screen: the practice cases by level, the score, and what you confuse.

A ✓ marks a case answered right in any session (from the progress file); the panel beside
the list shows the session's score, the all-time record, and which answers the learner has
mixed up (answer -> what was picked instead), all read from `advisor.learn.progress`.
"""

from __future__ import annotations

from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, OptionList

from advisor.model.knowledge import KnowledgeBase
from advisor.tui.i18n import one_line, t
from advisor.tui.practice import Practice
from advisor.tui.screens.base import LangScreen
from advisor.tui.widgets.learn_panels import confusions_content, overall_line, score_line
from advisor.tui.widgets.prose import Prose, hanging
from advisor.tui.widgets.wrapped_options import Item, WrappedOptionList


class CaseListScreen(LangScreen):
    BINDINGS = [
        Binding("k", "app.knowledge", "Knowledge"),
    ]
    AUTO_FOCUS = "#case-list"

    def __init__(self, kb: KnowledgeBase, practice: Practice, lang: str, **kwargs) -> None:
        super().__init__(lang, **kwargs)
        self.kb, self.practice = kb, practice

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="learn-view"):
            yield Prose(id="learn-title")
            yield Prose(id="learn-sub")
            with Horizontal(id="learn-body"):
                yield WrappedOptionList(id="case-list")
                with VerticalScroll(id="learn-side"):
                    yield Prose(id="learn-score")
                    yield Prose(id="learn-confusions")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        if self.practice.progress.recovered:
            self.notify(t("recovered", self.lang), severity="warning", timeout=8)

    def on_screen_resume(self) -> None:
        self.relabel()  # back from a case: new marks, score and confusions

    def relabel(self) -> None:
        lang = self.lang
        self.query_one("#learn-title", Prose).update(Content.styled(t("learn_title", lang), "bold $accent"))
        self.query_one("#learn-sub", Prose).update(Content.styled(t("learn_sub", lang), "$text-muted"))
        progress = self.practice.progress
        score = Content("\n").join([score_line(*self.practice.session_score(), lang),
                                    overall_line(progress, len(self.practice.cases), lang)])
        self.query_one("#learn-score", Prose).update(score)
        self.query_one("#learn-confusions", Prose).update(confusions_content(self.kb, progress, lang))
        self._fill_cases()

    def _fill_cases(self) -> None:
        lang, solved = self.lang, self.practice.solved()
        items, level = [], None
        for n, case in enumerate(self.practice.cases, 1):
            if case.level != level:
                level = case.level
                items.append(Item(Content.styled(t(f"level_{level}", lang), "bold $accent"), disabled=True))
            mark = ("✓ ", "bold $success") if case.id in solved else "  "
            head = Content.assemble(mark, (f"{n:>2}. ", "bold"))
            items.append(Item(partial(hanging, head, one_line(case.title, lang)), id=case.id))
        self.query_one("#case-list", WrappedOptionList).set_items(items)

    def select(self, case_id: str) -> None:
        """Highlight `case_id` in the list (the case the learner last looked at)."""
        options = self.query_one("#case-list", WrappedOptionList)
        for index in range(options.option_count):
            if options.get_option_at_index(index).id == case_id:
                options.highlighted = index

    @on(OptionList.OptionSelected, "#case-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        from advisor.tui.screens.learn_case import CaseScreen

        event.stop()
        index = self.practice.index(event.option.id or "")

        def closed(case_id: str | None) -> None:
            if case_id:
                self.select(case_id)

        self.app.push_screen(CaseScreen(self.kb, self.practice, index, self.lang), closed)

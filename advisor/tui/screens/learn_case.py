"""One practice case: the curve and the story first; hints on request; the learner names the
cause; feedback (right or wrong, the reading, the fix, the myth to avoid) and the next case.

The detected events are drawn on the chart only once the learner asks for hints (or has
answered), so the curve is read before the detectors' verdict is seen. Generating the
curve and running the detectors happens in a worker (the first time for a case it costs
~0.1-0.2 s); asking the guided questions again with the learner's answers does too.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from advisor.learn import Feedback, Hints, choices
from advisor.model.knowledge import KnowledgeBase
from advisor.tui.i18n import t
from advisor.tui.practice import Practice
from advisor.tui.screens.base import LangScreen
from advisor.tui.widgets.learn_panels import events, feedback_content, heading, hints_content, score_line
from advisor.tui.widgets.loss_chart import LossChart
from advisor.tui.widgets.prose import Prose


class CaseScreen(LangScreen):
    BINDINGS = [
        Binding("h", "hints", "Hints"),
        Binding("a", "answer", "Answer"),
        Binding("enter", "answer", "Answer", show=False),
        Binding("n", "next_case", "Next case"),
        Binding("k", "knowledge", "Knowledge"),
        Binding("s", "series", "Series", show=False),
        Binding("escape,b", "back", "Back"),
    ]
    AUTO_FOCUS = "#case-side"

    def __init__(self, kb: KnowledgeBase, practice: Practice, index: int, lang: str, **kwargs) -> None:
        super().__init__(lang, **kwargs)
        self.kb, self.practice = kb, practice
        self._reset(index)

    def _reset(self, index: int) -> None:
        self.index = index
        self.case = self.practice.cases[index]
        self.answers: dict[str, str] = {}
        """The learner's answers to the guided questions (question id -> option id)."""
        self.hints: Hints | None = None
        self.frame = None
        self.revealed = False
        """True once the learner asked for hints: events on the chart, the hints panel shown."""
        self._scroll_hints = False
        """Scroll to the end of the hints when they next arrive (after a guided answer)."""
        self.feedback: Feedback | None = self.practice.answered.get(self.case.id)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="case-view"):
            with Horizontal(id="case-top"):
                yield Prose(id="case-head")
                yield Static(id="case-score")
            with Horizontal(id="case-body"):
                yield LossChart(id="case-chart")
                with VerticalScroll(id="case-side"):
                    yield Prose(id="case-feedback")
                    yield Prose(id="case-story")
                    yield Prose(id="case-hints")
            yield Prose(id="case-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.show_case(self.index)

    # --- attributes down ------------------------------------------------------------------

    def show_case(self, index: int) -> None:
        """Show case `index` of the practice from the start (its curve is computed in a worker)."""
        self._reset(index)
        self.query_one("#case-body").loading = True
        self.query_one("#case-side", VerticalScroll).scroll_home(animate=False)
        self.relabel()
        self._compute(self.case, dict(self.answers), with_frame=True)

    @work(thread=True, exclusive=True, group="case")
    def _compute(self, case, answers: dict[str, str], with_frame: bool) -> None:
        from advisor.learn import frame, hints

        worker = get_current_worker()
        data = frame(case) if with_frame else None
        found = hints(self.kb, case, answers)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._computed, case.id, data, found)

    def _computed(self, case_id: str, data, found: Hints) -> None:
        if case_id != self.case.id:
            return  # the learner moved on while it was computed
        self.hints = found
        if data is not None:
            self.frame = data
            self.query_one("#case-body").loading = False
        self._draw_chart()
        self._show_hints()
        if self._scroll_hints:
            self._scroll_hints = False
            side = self.query_one("#case-side", VerticalScroll)
            self.call_after_refresh(side.scroll_end, animate=False)

    def _draw_chart(self) -> None:
        if self.frame is None:
            return
        shown = events(self.kb, self.hints) if self.hints and (self.revealed or self.feedback) else []
        self.query_one(LossChart).set_run(self.frame, shown)

    def relabel(self) -> None:
        lang, case = self.lang, self.case
        where = " / ".join(  # each language with its own word for the level
            t("case_n", one, n=self.index + 1, total=len(self.practice.cases), level=t(f"level_{case.level}", one))
            for one in (("zh", "en") if lang == "both" else (lang,)))
        self.query_one("#case-head", Prose).update(Content.assemble(
            (where, "$text-muted"), "\n", (case.title.pick(lang), "bold")))
        self.query_one("#case-score", Static).update(score_line(*self.practice.session_score(), lang))
        self.query_one("#case-story", Prose).update(
            Content("\n").join([heading("story", lang), Content(case.story.pick(lang))]))
        self._show_hints()
        self._show_feedback()
        keys = t("case_keys_done" if self.feedback else "case_keys", lang)
        self.query_one("#case-keys", Prose).update(Content.styled(keys, "$text-muted"))

    def _show_hints(self) -> None:
        panel = self.query_one("#case-hints", Prose)
        panel.display = self.revealed and self.hints is not None
        if panel.display:
            panel.update(hints_content(self.kb, self.hints, self.lang))

    def _show_feedback(self) -> None:
        panel = self.query_one("#case-feedback", Prose)
        panel.display = self.feedback is not None
        if self.feedback is not None:
            panel.update(feedback_content(self.kb, self.feedback, self.lang))

    # --- what the learner does ------------------------------------------------------------

    def action_hints(self) -> None:
        """First press: show what the log tells (and the events on the chart). Later presses:
        answer the next guided question, and the hints follow."""
        if not self.revealed:
            self.revealed = True
            self._draw_chart()
            self._show_hints()
            self.call_after_refresh(self._scroll_to_hints)
            return
        question = self.hints.next_question if self.hints else None
        if question is None:
            self._scroll_to_hints()
            return
        from advisor.tui.screens.learn_pick import GuidedQuestion

        def answered(option: str | None) -> None:
            if option is not None:
                self.answers[question.id] = option
                self._scroll_hints = True
                self._compute(self.case, dict(self.answers), with_frame=False)

        self.app.push_screen(GuidedQuestion(question, self.lang), answered)

    def _scroll_to_hints(self) -> None:
        self.query_one("#case-side", VerticalScroll).scroll_to_widget(
            self.query_one("#case-hints"), animate=False, top=True)

    def action_answer(self) -> None:
        if self.feedback is not None:
            self.notify(t("answered_once", self.lang))
            return
        from advisor.tui.screens.learn_pick import CausePicker

        case = self.case

        def picked(choice: str | None) -> None:
            if choice is None or case.id != self.case.id:
                return
            self.feedback = self.practice.answer(case, choice)
            progress = self.practice.progress
            if progress.recovered:
                self.notify(t("recovered", self.lang), severity="warning")
            if not progress.saved:
                self.notify(t("not_saved", self.lang, path=progress.path), severity="warning", timeout=8)
            self._draw_chart()
            self.relabel()
            self.query_one("#case-side", VerticalScroll).scroll_home(animate=False)

        self.app.push_screen(CausePicker(self.kb, choices(self.kb), self.lang), picked)

    def action_next_case(self) -> None:
        if self.index + 1 < len(self.practice.cases):
            self.show_case(self.index + 1)
        else:
            self.notify(t("last_case", self.lang))
            self.dismiss(self.case.id)

    def action_knowledge(self) -> None:
        """The knowledge base, at the answer's entry once the case is answered."""
        answer = self.feedback.answer if self.feedback else None
        self.app.open_knowledge(("cause", answer) if answer in self.kb.causes else None)

    def action_series(self) -> None:
        self.query_one(LossChart).cycle_secondary()

    def action_back(self) -> None:
        self.dismiss(self.case.id)  # the list highlights the case the learner was on

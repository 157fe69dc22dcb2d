"""The guided questions as a modal: numbered options, progress, what was skipped, hypotheses.

One modal stays open for the whole run of questions. It posts what the user did
(`QuestionAnswered`, `BackRequested`, `ResultRequested` from `tui/messages.py`, where the
app can handle them without importing this module) and the app answers by calling `show()`
with the engine's next state, or by dismissing it. STYLE convention 13 would have one
`ModalScreen[Answer]` per question, returning the answer with `dismiss()`; measured here
(textual 8.2.8, 80x24) closing one modal and opening the next cost ~0.5 s of CPU per
answer, mostly the footers of the screens below being rebuilt as each becomes active for
a moment, against well under 0.1 s to update the open one. A stressed user answering
ten questions notices the difference, so messages up / attributes down (convention 10).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, OptionList, ProgressBar

from advisor.engine.facts import describe
from advisor.model.diagnosis import Diagnosis
from advisor.model.knowledge import KnowledgeBase
from advisor.tui.i18n import one_line, t
from advisor.tui.messages import BackRequested, QuestionAnswered, ResultRequested
from advisor.tui.screens.base import LangModal
from advisor.tui.widgets.hypotheses import Hypotheses
from advisor.tui.widgets.prose import Prose, hanging
from advisor.tui.widgets.wrapped_options import Item, WrappedOptionList

UNKNOWN = "unknown"
"""The option id the engine reads as "I don't know"; always offered last."""


@dataclass(frozen=True)
class Step:
    """Everything one question needs on screen, as the app computed it from the engine."""

    diagnosis: Diagnosis
    """Its `next_question` is the question shown."""
    previous: Diagnosis | None = None
    """The diagnosis before the last answer (the hypotheses panel shows the change)."""
    last_answer: tuple[str, str] | None = None
    preselect: str | None = None
    """The option the user picked last time this question was shown (after going back)."""
    progress: tuple[int, int] = (0, 1)
    """(questions passed, most questions left including this one)."""


class QuestionScreen(LangModal[None]):
    BINDINGS = [
        *(Binding(str(n), f"choose({n})", show=False) for n in range(1, 10)),
        Binding("question_mark", "why", "Why?", key_display="?"),
        Binding("b,backspace", "back", "Back"),
        Binding("r", "result_now", "Result"),
    ]
    AUTO_FOCUS = "#options"

    def __init__(self, kb: KnowledgeBase, step: Step, lang: str, **kwargs) -> None:
        super().__init__(lang, **kwargs)
        self.kb = kb
        self._set_step(step)

    def _set_step(self, step: Step) -> None:
        self.step, self.diagnosis = step, step.diagnosis
        self.question = self.kb.questions[step.diagnosis.next_question]

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.question.options] + [UNKNOWN]

    def compose(self) -> ComposeResult:
        with Horizontal(id="question-layout"):
            with Vertical(id="question-pane"):
                yield Prose(id="progress-text")
                yield ProgressBar(show_eta=False, id="progress")
                yield Prose(id="skipped")
                yield Prose(id="question-text")
                yield WrappedOptionList(id="options")
                yield Prose(id="question-hint")
            yield Hypotheses(self.kb, self.diagnosis, self.step.previous, self.step.last_answer,
                             id="hypotheses").data_bind(LangModal.lang)
        yield Footer()

    # --- attributes down: the app calls this for every next question ----------------------

    def show(self, step: Step) -> None:
        self._set_step(step)
        self.query_one(Hypotheses).show(step.diagnosis, step.previous, step.last_answer)
        self.query_one("#options", WrappedOptionList).highlighted = None
        self.relabel()

    def relabel(self) -> None:
        lang = self.lang
        done, left = self.step.progress
        self.query_one(ProgressBar).update(total=done + left, progress=done)
        n, more = done + 1, left - 1
        progress = t("question_n", lang, n=n, more=more) if more > 0 else t("question_last", lang, n=n)
        self.query_one("#progress-text", Prose).update(Content.styled(progress, "$text-muted"))
        skipped = self._skipped()
        self.query_one("#skipped", Prose).update(skipped)
        self.query_one("#skipped").display = bool(skipped)
        self.query_one("#question-text", Prose).update(Content.styled(self.question.text.pick(lang), "bold"))
        self.query_one("#question-hint", Prose).update(Content.styled(t("q_hint", lang), "$text-muted"))
        self._fill_options()

    def _skipped(self) -> Content:
        """Questions on the way here that the log or the description answered."""
        facts = {f.question: f for f in self.diagnosis.facts}
        passed = [facts[s.question] for s in self.diagnosis.trace
                  if s.kind == "skip" and s.question in facts and facts[s.question].source != "answer"]
        if not passed:
            return Content("")
        lines = [Content.styled(t("answered_already", self.lang), "$text-muted")]
        lines += [Content.assemble(("✓ ", "$success"), one_line(describe(self.kb, fact), self.lang))
                  for fact in passed]
        return Content("\n").join(lines)

    def _fill_options(self) -> None:
        options = self.query_one("#options", WrappedOptionList)
        keep = options.highlighted
        if keep is None:
            preselect = self.step.preselect
            keep = self.option_ids.index(preselect) if preselect in self.option_ids else 0
        labels = [(o.id, Content(one_line(o.label, self.lang))) for o in self.question.options]
        labels.append((UNKNOWN, Content.styled(t("dont_know", self.lang), "italic")))
        # numbered rows with a hanging indent: a wrapped label continues under its text
        items = [Item(partial(hanging, Content.styled(f"{n}. ", "bold $accent"), label), id=option_id)
                 for n, (option_id, label) in enumerate(labels, 1)]
        options.set_items(items, keep)

    # --- what the user does: messages up -----------------------------------------------------

    def action_choose(self, n: int) -> None:
        if 1 <= n <= len(self.option_ids):
            self.post_message(QuestionAnswered(self.question.id, self.option_ids[n - 1]))

    @on(OptionList.OptionSelected, "#options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(QuestionAnswered(self.question.id, event.option.id))

    def action_back(self) -> None:
        self.post_message(BackRequested())

    def action_result_now(self) -> None:
        self.post_message(ResultRequested())

    def action_why(self) -> None:
        from advisor.engine.explain import why_asking
        from advisor.tui.screens.explain import ExplainScreen

        text = why_asking(self.kb, self.question.id, self.diagnosis)
        self.app.push_screen(ExplainScreen("why_title", text, self.lang))

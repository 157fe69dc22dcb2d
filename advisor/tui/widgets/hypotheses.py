"""The live hypotheses panel: current top causes and how the last answer moved them."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from advisor.engine.facts import option_label
from advisor.model.diagnosis import Diagnosis
from advisor.model.knowledge import KnowledgeBase
from advisor.tui.i18n import one_line, t
from advisor.tui.widgets.prose import wrap
from advisor.tui.widgets.score import delta, fit, score_bar

TOP = 5


class Hypotheses(Widget):
    """Renders (kb, diagnosis, previous diagnosis, last answer); re-renders on `lang`."""

    lang: reactive[str] = reactive("en")

    def __init__(self, kb: KnowledgeBase, diagnosis: Diagnosis, previous: Diagnosis | None = None,
                 last_answer: tuple[str, str] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.kb, self.diagnosis, self.previous, self.last_answer = kb, diagnosis, previous, last_answer

    def show(self, diagnosis: Diagnosis, previous: Diagnosis | None,
             last_answer: tuple[str, str] | None) -> None:
        self.diagnosis, self.previous, self.last_answer = diagnosis, previous, last_answer
        self.refresh()

    def render(self) -> RenderResult:
        lang, kb = self.lang, self.kb
        lines: list[Content] = [Content.styled(t("hypotheses", lang), "bold $accent")]
        before = {c.id: c.score for c in self.previous.causes} if self.previous else None
        if not self.diagnosis.causes:
            lines.append(Content.styled(t("no_hypotheses", lang), "italic $text-muted"))
        width = max(self.size.width - 2, 12)  # titles stay on one line: the panel must not scroll
        for rank, ranked in enumerate(self.diagnosis.causes[:TOP], 1):
            title = fit(one_line(kb.causes[ranked.id].title, lang), width).rstrip()
            if before is None:
                change: float | None = 0.0  # first question: nothing moved yet
            else:
                change = ranked.score - before[ranked.id] if ranked.id in before else None
            lines.append(Content.assemble((f"{rank} ", "bold"), title))
            lines.append(Content.assemble("  ", score_bar(ranked.score), delta(change, t("new", lang))))
        if self.last_answer is not None and self.previous is not None:
            lines += ["", *self._last_answer_lines(before or {})]
        return Content("\n").join(lines)

    def _last_answer_lines(self, before: dict[str, float]) -> list[Content]:
        lang, kb = self.lang, self.kb
        question_id, option_id = self.last_answer
        question = kb.questions[question_id]
        option = option_label(kb, question_id, option_id)
        answer = f"{one_line(question.text, lang)} → {one_line(option, lang)}"
        now = {c.id: c.score for c in self.diagnosis.causes}
        moves = sorted(((cid, now.get(cid, 0.0) - before.get(cid, 0.0)) for cid in {*now, *before}),
                       key=lambda m: -abs(m[1]))
        width = max(self.size.width - 4, 10)
        out = [wrap(Content.assemble((t("last_answer", lang), "$text-muted"), answer), self.size.width)]
        moved = [(cid, d) for cid, d in moves[:3] if abs(d) >= 0.005]
        if moved:
            out.append(Content.styled(t("moved", lang), "$text-muted"))
        for cid, d in moved:
            title = fit(one_line(kb.causes[cid].title, lang), width).rstrip()
            out.append(Content.assemble(("▲ " if d > 0 else "▼ ", "$success" if d > 0 else "$error"), title))
        return out

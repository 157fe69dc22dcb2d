"""The result: verdict, ranked causes with score bars, and the selected cause in full."""

from __future__ import annotations

from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Footer, Header, OptionList

from advisor.model.diagnosis import Diagnosis
from advisor.model.knowledge import KnowledgeBase
from advisor.render.labels import label
from advisor.render.verdict import verdict_text
from advisor.tui.i18n import one_line, t
from advisor.tui.screens.base import LangScreen
from advisor.tui.widgets.cause_card import CauseCard
from advisor.tui.widgets.prose import Prose
from advisor.tui.widgets.wrapped_options import Item, WrappedOptionList
from advisor.tui.widgets.score import fit, score_bar

class ResultScreen(LangScreen):
    BINDINGS = [
        Binding("w", "how", "How?"),
        Binding("c", "copy", "Copy"),
        Binding("t", "next_tab", "Framework"),
        Binding("e", "app.export", "Export"),
        Binding("b,backspace", "app.change_answer", "Back"),
    ]
    AUTO_FOCUS = "#ranking"

    def __init__(self, kb: KnowledgeBase, diagnosis: Diagnosis, lang: str, **kwargs) -> None:
        super().__init__(lang, **kwargs)
        self.kb, self.diagnosis = kb, diagnosis

    def compose(self) -> ComposeResult:
        yield Header()
        yield Prose(id="verdict")
        if self.diagnosis.causes:
            with Horizontal(id="result-body"):
                yield WrappedOptionList(id="ranking")
                yield CauseCard(self.kb, self.diagnosis, self.diagnosis.causes[0].id,
                                id="card").data_bind(LangScreen.lang)
        yield Footer()

    def relabel(self) -> None:
        lang = self.lang
        verdict = [Content.styled(verdict_text(self.kb, self.diagnosis).pick(lang), "bold")]
        if not self.diagnosis.causes and self.diagnosis.myths:
            myth = self.kb.myths[self.diagnosis.myths[0]]
            colon = "：" if lang == "zh" else ": "
            verdict.append(Content.assemble((f"⚠ {t('myth', lang)}{colon}", "bold $warning"),
                                            myth.claim.pick(lang)))
        self.query_one("#verdict", Prose).update(Content("\n").join(verdict))
        if self.diagnosis.causes:
            self._fill_ranking()

    def _fill_ranking(self) -> None:
        items = [Item(Content.styled(t("ranking", self.lang), "bold $accent"), disabled=True)]
        for rank, ranked in enumerate(self.diagnosis.causes, 1):
            title = one_line(self.kb.causes[ranked.id].title, self.lang)
            items.append(Item(partial(_ranking_row, rank, title, ranked.score), id=ranked.id))
        self.query_one("#ranking", WrappedOptionList).set_items(items)

    # --- what the user does --------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#ranking")
    def _pick(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.query_one(CauseCard).cause_id = event.option.id

    @property
    def cause_id(self) -> str | None:
        cards = self.query(CauseCard)
        return cards.first().cause_id if cards else None

    def action_how(self) -> None:
        from advisor.engine.explain import how_concluded
        from advisor.tui.screens.explain import ExplainScreen

        if self.cause_id:
            text = how_concluded(self.kb, self.diagnosis, self.cause_id)
            self.app.push_screen(ExplainScreen("how_title", text, self.lang))

    def action_next_tab(self) -> None:
        for card in self.query(CauseCard):
            card.next_code_tab()

    def action_copy(self) -> None:
        cards = self.query(CauseCard)
        framework, code = cards.first().code() if cards else (None, "")
        if not code:
            self.notify(t("nothing_to_copy", self.lang), severity="warning")
            return
        self.app.copy_to_clipboard(code)
        self.notify(t("copied", self.lang, framework=label(framework or "", self.lang)))


def _ranking_row(rank: int, title: str, score: float, width: int) -> Content:
    """Two lines: rank and title (cut to one line), then the score bar under the title."""
    return Content.assemble((f"{rank:>2} ", "bold"), fit(title, max(width - 3, 8)).rstrip(), "\n   ",
                            score_bar(score))

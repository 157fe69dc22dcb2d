"""The log view: what was read, the loss curve with the detected events, and the findings."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Header, OptionList

from advisor.model.finding import Finding
from advisor.model.knowledge import KnowledgeBase
from advisor.tui.i18n import t
from advisor.tui.messages import ConsultationRequested, LogsLoaded
from advisor.tui.screens.base import LangScreen
from advisor.tui.widgets.findings_list import FindingsList, numbered
from advisor.tui.widgets.log_summary import LogSummaryView
from advisor.tui.widgets.loss_chart import Event, LossChart
from advisor.tui.widgets.prose import Prose


class LogScreen(LangScreen):
    BINDINGS = [
        Binding("enter", "continue", "Continue", priority=True),
        Binding("s", "series", "Series"),
        Binding("escape,b", "back", "Back"),
    ]

    def __init__(self, kb: KnowledgeBase, lang: str, loaded: LogsLoaded | None = None,
                 **kwargs) -> None:
        super().__init__(lang, **kwargs)
        self.kb = kb
        self.loaded = loaded
        """What the worker read, if it has finished; else the app calls `show_run` later."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="log-view"):
            yield LogSummaryView(id="log-summary").data_bind(LangScreen.lang)
            yield Prose(id="log-error")
            with Horizontal(id="log-body"):
                yield LossChart(id="chart")
                yield FindingsList(id="findings").data_bind(LangScreen.lang)
            yield Prose(id="log-hint")
        yield Footer()

    def on_mount(self) -> None:
        if self.loaded is None:
            self.show_loading()
        else:
            self.show_run(self.loaded.run, self.loaded.findings)

    def relabel(self) -> None:
        self.query_one("#log-hint", Prose).update(Content.styled(t("log_hint", self.lang), "$text-muted"))

    # --- attributes down: the app calls these ---------------------------------------------

    def show_loading(self) -> None:
        self.query_one("#log-body").loading = True

    def show_run(self, run, findings: list[Finding]) -> None:
        self.query_one("#log-body").loading = False
        self.query_one("#log-error", Prose).update("")
        self.query_one(LogSummaryView).summaries = tuple(run.summaries())
        events = []
        for number, finding in numbered(findings):
            if number is not None:
                info = self.kb.findings.get(finding.id)
                events.append(Event(number, finding.step, bool(info and info.healthy)))
        self.query_one(LossChart).set_run(run.frame, events)
        self.query_one(FindingsList).set_findings(self.kb, findings)
        self.query_one(FindingsList).focus()

    def show_error(self, message: str) -> None:
        self.query_one("#log-body").loading = False
        self.query_one("#log-error", Prose).update(Content.styled(f"✗ {message}", "$error"))

    # --- what the user does --------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#findings")
    def _mark_finding(self, event: OptionList.OptionHighlighted) -> None:
        option_id = event.option.id or ""
        number = int(option_id.removeprefix("finding-") or 0) if option_id.startswith("finding-") else 0
        self.query_one(LossChart).highlight = number or None

    def action_series(self) -> None:
        self.query_one(LossChart).cycle_secondary()

    def action_continue(self) -> None:
        self.post_message(ConsultationRequested(None, skip_logs=True))

    def action_back(self) -> None:
        self.dismiss()

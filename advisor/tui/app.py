"""AdvisorApp: screens, global bindings, palette commands, and routing between them.

The app holds the consultation (`advisor.engine.Session`) and forwards to it what the
screens report; every score, question and conclusion comes back from the engine.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import get_current_worker

from advisor.errors import AdvisorError
from advisor.model.text import detect_lang
from advisor.tui.commands import palette_commands
from advisor.tui.i18n import next_lang, relabel_bindings, t
from advisor.tui.messages import (
    BackRequested, ConsultationRequested, LogAdded, LogsFailed, LogsLoaded, LogsProgress,
    QuestionAnswered, ResultRequested,
)
from advisor.tui.screens.start import StartScreen, log_entries

DEMO_LOG = Path(__file__).with_name("data") / "demo_train.log"

class AdvisorApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "advisor"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    """Side panels get narrower below 100 columns (see app.tcss)."""
    BINDINGS = [
        Binding("l", "cycle_lang", "Language"),
        Binding("ctrl+l", "switch_language", "Language", show=False),
        Binding("f1", "help", "Help"),
        # Shown in the footers of the learn screens and the start screen (F2 there: `k` types
        # into its inputs); hidden elsewhere, where the footer is full. Help and palette list it.
        Binding("k", "knowledge", "Knowledge", show=False),
        Binding("f2", "knowledge", "Knowledge", show=False),
    ]

    lang: reactive[str] = reactive("en", init=False)

    def __init__(self, paths: Iterable[str] = (), lang: str = "en", fmt: str | None = None,
                 export_dir: str | os.PathLike[str] | None = None, learn: bool = False,
                 follow_text_lang: bool = False) -> None:
        super().__init__()
        self.follow_text_lang = follow_text_lang
        """No --lang was given: the description's script sets the language (as `ask` does),
        until the user picks one with `l`."""
        self.learn = learn
        """Open on the practice cases (`advisor learn`) instead of the start screen."""
        self._practice = None
        self.set_reactive(AdvisorApp.lang, lang)
        relabel_bindings(self, lang)
        self.fmt, self.export_dir = fmt, Path(export_dir or os.getcwd())
        self.initial_paths = [str(p) for p in paths]
        self.log_paths: list[str] = []
        self.log_errors: dict[str, str] = {}
        """Files that could not be read, with the one-line reason, listed on the start screen."""
        self.log_result: LogsLoaded | None = None
        self._kb = None
        self._session = None
        self.previous = None
        """The diagnosis before the last answer, for "how the last answer moved them"."""
        self.last_answer: tuple[str, str] | None = None
        self.chosen: dict[str, str] = {}
        """Every option the user picked, kept after `back` so the question shows it again."""
        self.finished_early = False

    # --- start-up ------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        if self.learn:
            from advisor.tui.screens.learn import CaseListScreen

            return CaseListScreen(self.kb, self.practice, self.lang)
        return StartScreen(self.lang)

    def on_mount(self) -> None:
        self.sub_title = t("app_title", self.lang)
        self.call_after_refresh(self._load_knowledge)  # after the first screen is drawn
        for path in self.initial_paths:
            self.post_message(LogAdded(path))

    @work(thread=True, group="kb")
    def _load_knowledge(self) -> None:
        from advisor.kb import load_knowledge

        kb = load_knowledge()
        self.call_from_thread(self._knowledge_ready, kb)

    def _knowledge_ready(self, kb) -> None:
        self._kb = self._kb or kb

    @property
    def kb(self):
        """The knowledge base; loaded here if the start-up worker has not finished yet."""
        if self._kb is None:
            from advisor.kb import load_knowledge

            self._kb = load_knowledge()
        return self._kb

    @property
    def practice(self):
        """The learner's practice (cases, session, progress); started the first time it is needed."""
        if self._practice is None:
            from advisor.tui.practice import Practice

            self._practice = Practice(self.kb)
        return self._practice

    @property
    def session(self):
        if self._session is None:
            from advisor.engine.session import Session

            self._session = Session(self.kb)
        return self._session

    # --- language ------------------------------------------------------------------------

    def action_cycle_lang(self) -> None:
        self.follow_text_lang = False
        self.lang = next_lang(self.lang)

    def action_switch_language(self) -> None:
        self.follow_text_lang = False
        self.lang = next_lang(self.lang)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cycle_lang" and isinstance(self.screen, StartScreen):
            return False  # `l` types into the inputs there; Ctrl+L is shown instead
        if action == "cycle_lang" and isinstance(self.focused, Input):
            return False  # a search box has focus: `l` is a letter of the query
        return True

    def watch_lang(self, lang: str) -> None:
        relabel_bindings(self, lang)
        self.sub_title = t("app_title", lang)
        for screen in self.screen_stack:
            screen.lang = lang
        self.screen.refresh_bindings()

    # --- logs ----------------------------------------------------------------------------

    @on(LogAdded)
    def _log_added(self, event: LogAdded) -> None:
        path = os.path.abspath(event.path)
        if not os.path.isfile(path):
            self.notify(t("not_file", self.lang, path=event.path), severity="error")
            return
        self.log_errors.pop(path, None)
        if path not in self.log_paths:
            self.log_paths.append(path)
        self._show_log_entries(reading=True)
        self._log_screen_call("show_loading")
        self._read_logs(tuple(self.log_paths))

    @work(thread=True, exclusive=True, group="logs")
    def _read_logs(self, paths: tuple[str, ...]) -> None:
        from advisor.logs import read_and_detect  # pandas: only paid for when a log is given

        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.post_message(LogsProgress(paths, done, total))

        try:
            run, findings = read_and_detect(paths, self.fmt, progress)
        except AdvisorError as exc:
            if not worker.is_cancelled:
                # the detail (all the format names) would crowd a notification
                self.post_message(LogsFailed(paths, exc.short, shortened=exc.short != str(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(LogsLoaded(paths, run, findings))

    @on(LogsLoaded)
    def _logs_loaded(self, event: LogsLoaded) -> None:
        if list(event.paths) != self.log_paths:
            return  # an older read finishing late
        self.log_result = event
        judgeable = any(summary.judgeable for summary in event.run.summaries())
        self._session = self._new_session(event.findings, logs_read=judgeable)
        self._show_log_entries()
        self._log_screen_call("show_run", event.run, event.findings)

    @on(LogsProgress)
    def _logs_progress(self, event: LogsProgress) -> None:
        if list(event.paths) == self.log_paths and event.total:
            for screen in self.screen_stack:
                if isinstance(screen, StartScreen):
                    screen.read_share = event.done / event.total

    @on(LogsFailed)
    def _logs_failed(self, event: LogsFailed) -> None:
        hint = " " + t("format_hint", self.lang) if event.shortened else ""
        self.notify(event.error + hint, severity="error", timeout=8)
        # The error names the file (read_log's messages start with the path); drop that one
        # and keep reading the others.
        failed = next((p for p in self.log_paths if event.error.startswith(p)), self.log_paths[-1])
        self.log_paths.remove(failed)
        self.log_errors[failed] = event.error
        self._log_screen_call("show_error", event.error)
        previous = self.log_result
        if previous is not None and list(previous.paths) == self.log_paths:
            self._show_log_entries()  # the others were read before: nothing to do again
            self._log_screen_call("show_run", previous.run, previous.findings)
        elif self.log_paths:
            self._show_log_entries(reading=True)
            self._read_logs(tuple(self.log_paths))
        else:
            self.log_result = None
            self._session = self._new_session([], logs_read=False)
            self._show_log_entries()

    def _new_session(self, findings, logs_read: bool = True):
        """The session with these findings, keeping the description and the answers so far."""
        session = self.session
        session.set_findings(findings, logs_read)
        return session

    def _show_log_entries(self, reading: bool = False) -> None:
        read = self.log_result.run.summaries() if self.log_result and not reading else []
        entries = log_entries(self.log_paths, read, self.log_errors)
        for screen in self.screen_stack:
            if isinstance(screen, StartScreen):
                screen.read_share = 0.0
                screen.logs = tuple(entries)

    def _log_screen_call(self, method: str, *args) -> None:
        from advisor.tui.screens.log_view import LogScreen

        for screen in self.screen_stack:
            if isinstance(screen, LogScreen):
                getattr(screen, method)(*args)

    # --- the consultation ----------------------------------------------------------------

    @on(ConsultationRequested)
    def _consult(self, event: ConsultationRequested) -> None:
        if event.text is not None and event.text != self.session.text:
            self.session.describe(event.text)
            if self.follow_text_lang and event.text.strip():
                self.lang = detect_lang(event.text)
        if self.log_paths and not event.skip_logs:
            self.show_logs()
        else:
            self.ask_next()

    def show_logs(self) -> None:
        from advisor.tui.screens.log_view import LogScreen

        current = self.log_result
        if current and list(current.paths) != self.log_paths:
            current = None  # a newer read is running; the screen shows it loading
        self.push_screen(LogScreen(self.kb, self.lang, current))

    def ask_next(self) -> None:
        """The next question (in the open question modal, or a new one), or the result when
        the decision tree reached a leaf."""
        from advisor.tui.progress import progress
        from advisor.tui.screens.question import QuestionScreen, Step

        diagnosis = self.session.diagnosis()
        if diagnosis.next_question is None or self.finished_early:
            self._close_questions()
            self.show_result(diagnosis)
            return
        step = Step(diagnosis, self.previous, self.last_answer,
                    self.chosen.get(diagnosis.next_question), progress(self.kb, diagnosis))
        if isinstance(self.screen, QuestionScreen):
            self.screen.show(step)
        else:
            self.push_screen(QuestionScreen(self.kb, step, self.lang))

    def _close_questions(self) -> None:
        from advisor.tui.screens.question import QuestionScreen

        if isinstance(self.screen, QuestionScreen):
            self.pop_screen()

    @on(QuestionAnswered)
    def _answered(self, event: QuestionAnswered) -> None:
        before = self.session.diagnosis()
        if event.question != before.next_question:
            return  # a second key press that arrived before the screen moved on
        self.session.answer(event.question, event.option)
        self.previous, self.last_answer = before, (event.question, event.option)
        self.chosen[event.question] = event.option
        self.ask_next()

    @on(BackRequested)
    def _back(self) -> None:
        if not self._go_back():
            self._close_questions()  # nothing answered yet: back to the screen below

    @on(ResultRequested)
    def _result_now(self) -> None:
        self.finished_early = True
        self.ask_next()

    def _go_back(self) -> bool:
        """Forget the last explicit answer and ask that question again (diagnosis updates)."""
        before = self.session.diagnosis()
        if self.session.back() is None:
            return False
        self.previous, self.last_answer = before, None
        self.ask_next()
        return True

    def show_result(self, diagnosis) -> None:
        from advisor.tui.screens.result import ResultScreen

        self.push_screen(ResultScreen(self.kb, diagnosis, self.lang))

    def action_change_answer(self) -> None:
        """From the result: back to the last question, its answer still highlighted."""
        from advisor.tui.screens.result import ResultScreen

        if isinstance(self.screen, ResultScreen):
            self.pop_screen()
        if self.finished_early:
            self.finished_early = False
            self.ask_next()
        else:
            self._go_back()

    # --- app-wide actions (keys and palette) ---------------------------------------------

    def action_help(self) -> None:
        from advisor.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.lang))

    def action_export(self) -> None:
        from advisor.tui.report import export_report, markdown_report

        logs = self.log_result.run.summaries() if self.log_result else []
        content = markdown_report(self.kb, self.session.diagnosis(), self.lang, self.session.text, logs)
        try:
            path = export_report(self.export_dir, content)
        except OSError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(t("exported", self.lang, path=path), timeout=6)

    def action_why(self, screen: Screen | None = None) -> None:
        from advisor.tui.screens.question import QuestionScreen

        screen = screen or self.screen
        if isinstance(screen, QuestionScreen):
            screen.action_why()
        else:
            self.notify(t("not_now", self.lang), severity="warning")

    def action_how(self, screen: Screen | None = None) -> None:
        from advisor.tui.screens.result import ResultScreen

        screen = screen or self.screen
        if isinstance(screen, ResultScreen):
            screen.action_how()
        else:
            self.notify(t("no_result", self.lang), severity="warning")

    def action_knowledge(self) -> None:
        self.open_knowledge()

    def open_knowledge(self, entry: tuple[str, str] | None = None) -> None:
        """The knowledge browser (at `entry`, a (kind, id), when given)."""
        from advisor.tui.screens.knowledge import KnowledgeScreen

        if isinstance(self.screen, KnowledgeScreen):
            if entry is not None:
                self.screen.show_entry(entry)
            return
        self.push_screen(KnowledgeScreen(self.kb, self.lang, entry))

    def action_learn(self) -> None:
        """The practice cases (from the palette; `advisor learn` opens on them)."""
        from advisor.tui.screens.learn import CaseListScreen

        if not any(isinstance(s, CaseListScreen) for s in self.screen_stack):
            self.push_screen(CaseListScreen(self.kb, self.practice, self.lang))

    def action_demo(self) -> None:
        from advisor.tui.screens.log_view import LogScreen

        self.post_message(LogAdded(str(DEMO_LOG)))
        if not isinstance(self.screen, LogScreen):
            self.call_after_refresh(self.show_logs)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # `screen` is where the palette was opened: the explanations are about that screen.
        yield from palette_commands(self, screen)
        yield from super().get_system_commands(screen)

"""The start screen: describe the problem, add logs (typed path or directory tree), go on."""

from __future__ import annotations

import os
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Button, DirectoryTree, Footer, Header, Input, Label, Static

from advisor.model.finding import LogSummary
from advisor.tui.i18n import t
from advisor.tui.messages import ConsultationRequested, LogAdded
from advisor.tui.screens.base import LangScreen
from advisor.tui.widgets.path_input import PathSuggester
from advisor.tui.widgets.log_summary import steps
from advisor.tui.widgets.prose import Prose


@dataclass(frozen=True)
class LogEntry:
    """One added log as the start screen lists it."""

    path: str
    summary: LogSummary | None = None
    """What was read; None while reading (or when it failed)."""
    error: str = ""
    """The one-line reason it could not be read."""


def log_entries(paths: list[str], read: list[LogSummary], errors: dict[str, str]) -> tuple[LogEntry, ...]:
    """The list the start screen shows: each added path with what was read, then failures."""
    summaries = {s.path: s for s in read}
    return (*(LogEntry(path, summaries.get(path)) for path in paths),
            *(LogEntry(path, error=message) for path, message in errors.items()))


class StartScreen(LangScreen):
    BINDINGS = [
        Binding("ctrl+l", "app.switch_language", "Language"),
        Binding("ctrl+o", "browse", "Browse"),
        Binding("ctrl+g", "continue", "Continue"),
        Binding("f2", "app.knowledge", "Knowledge"),
    ]
    AUTO_FOCUS = "#describe"

    logs: reactive[tuple[LogEntry, ...]] = reactive(tuple, init=False)
    read_share: reactive[float] = reactive(0.0, init=False)
    """How much of the logs being read has been read (0-1), shown next to "reading"."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="start"):
            yield Static(id="start-title")
            yield Prose(id="start-sub")
            yield Label(id="describe-label", classes="field-label")
            yield Input(id="describe")
            yield Label(id="logs-label", classes="field-label")
            with Horizontal(id="path-row"):
                yield Input(id="path", suggester=PathSuggester())
                yield Button(id="add", compact=True)
                yield Button(id="browse", compact=True)
            yield Static(id="log-list")
            with Horizontal(id="start-buttons"):
                yield Button(id="continue", variant="primary", compact=True)
                yield Button(id="questions-only", compact=True)
                yield Button(id="knowledge", compact=True)
        yield Footer()

    def relabel(self) -> None:
        lang = self.lang
        self.query_one("#start-title", Static).update(t("start_title", lang))
        self.query_one("#start-sub", Prose).update(t("start_sub", lang))
        self.query_one("#describe-label", Label).update(t("describe", lang))
        self.query_one("#describe", Input).placeholder = t("describe_ph", lang)
        self.query_one("#logs-label", Label).update(t("logs", lang))
        self.query_one("#path", Input).placeholder = t("path_ph", lang)
        for button_id, key in (("add", "add"), ("browse", "browse"), ("continue", "continue"),
                               ("questions-only", "questions"), ("knowledge", "knowledge_button")):
            self.query_one(f"#{button_id}", Button).label = t(key, lang)
        self._show_logs()

    def watch_logs(self) -> None:
        if self.is_mounted:  # before that, on_mount -> relabel shows them
            self._show_logs()

    def watch_read_share(self) -> None:
        self.watch_logs()

    def _show_logs(self) -> None:
        lang = self.lang
        if not self.logs:
            content = Content.styled(t("no_logs", lang), "italic $text-muted")
        else:
            lines = []
            for entry in self.logs:
                name, summary = os.path.basename(entry.path), entry.summary
                if summary is not None:
                    detail = t("read_ok", lang, format=summary.format, points=f"{summary.points:,}",
                               steps=steps(summary))
                    lines.append(Content.assemble(("✓ ", "$success"), (name, "bold"), f"  {detail}"))
                elif entry.error:
                    lines.append(Content.assemble(("✗ ", "$error"), (name, "bold"), "  ",
                                                  (entry.error, "$error")))
                else:
                    share = f" {self.read_share:.0%}" if 0 < self.read_share < 1 else ""
                    lines.append(Content.assemble(("… ", "$accent"), (name, "bold"),
                                                  ("  " + t("reading", lang) + share, "$text-muted")))
            content = Content("\n").join(lines)
        self.query_one("#log-list", Static).update(content)

    # --- what the user does --------------------------------------------------------------

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#add")
    def _add_typed_path(self) -> None:
        path_input = self.query_one("#path", Input)
        path = os.path.expanduser(path_input.value.strip())
        if not path:
            return
        if os.path.isdir(path):  # a folder: open the tree there instead
            self._open_tree(path)
            return
        if not os.path.isfile(path):  # keep the text and the focus: it is probably a typo
            self.notify(t("not_file", self.lang, path=path), severity="error")
            return
        path_input.value = ""
        self.post_message(LogAdded(path))
        self.query_one("#describe", Input).focus()

    @on(Input.Submitted, "#describe")
    @on(Button.Pressed, "#continue")
    def action_continue(self) -> None:
        self.post_message(ConsultationRequested(self.query_one("#describe", Input).value))

    @on(Button.Pressed, "#questions-only")
    def _questions_only(self) -> None:
        self.post_message(ConsultationRequested(self.query_one("#describe", Input).value,
                                                skip_logs=True))

    @on(Button.Pressed, "#knowledge")
    def _knowledge(self) -> None:
        self.app.action_knowledge()

    @on(Button.Pressed, "#browse")
    def action_browse(self) -> None:
        trees = self.query(DirectoryTree)
        if trees:
            trees.first().remove()
            self.query_one("#path", Input).focus()
        else:
            self._open_tree(".")

    def _open_tree(self, folder: str) -> None:
        for tree in self.query(DirectoryTree):
            tree.remove()
        tree = DirectoryTree(folder, id="tree")
        self.query_one("#start", VerticalScroll).mount(tree, after="#path-row")
        tree.focus()

    @on(DirectoryTree.FileSelected)
    def _tree_file(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        event.control.remove()
        self.post_message(LogAdded(str(event.path)))
        self.query_one("#describe", Input).focus()

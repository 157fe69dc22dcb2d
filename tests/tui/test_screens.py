"""Screen details: the palette commands, help, the directory tree, the chart controls."""

from __future__ import annotations

import shutil

from textual.widgets import DirectoryTree

from advisor.tui.screens.explain import ExplainScreen
from advisor.tui.screens.help import HelpScreen
from advisor.tui.screens.log_view import LogScreen
from advisor.tui.screens.question import QuestionScreen
from advisor.tui.widgets.loss_chart import LossChart
from tests.tui.conftest import drive, screen_text, settle


async def palette(pilot, query: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    await pilot.pause(0.15)  # the palette searches asynchronously
    await pilot.press("enter")
    await pilot.pause()


def test_palette_explains_and_exports(make_app, tmp_path):
    app = make_app()

    async def script(pilot):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Why are you asking this?", "How did you conclude that?", "Switch language",
                "Export report", "Open demo log"} <= set(titles)
        app.screen.query_one("#describe").value = "loss became nan"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await palette(pilot, "why")
        assert isinstance(app.screen, ExplainScreen)
        await pilot.press("escape")
        await pilot.pause()
        await palette(pilot, "export")
        assert (tmp_path / "advisor-report.md").exists()
        await palette(pilot, "switch")
        assert app.lang == "both"

    drive(app, script)


def test_palette_titles_follow_the_language(make_app):
    app = make_app(lang="zh")

    async def script(pilot):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "为什么问这个？" in titles and "导出报告" in titles

    drive(app, script)


def test_help_screen(make_app):
    app = make_app()

    async def script(pilot):
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "cycle the language" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)

    drive(app, script)


def test_pick_a_log_in_the_directory_tree(make_app, demo_log, tmp_path):
    folder = tmp_path / "runs"
    folder.mkdir()
    shutil.copy(demo_log, folder / "train.log")
    app = make_app()

    async def script(pilot):
        app.screen.query_one("#path").value = str(folder)
        await pilot.click("#add")  # a folder opens the tree there
        await pilot.pause(0.3)
        tree = app.screen.query_one(DirectoryTree)
        assert tree.has_focus
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.log_paths == [str(folder / "train.log")]
        assert not app.screen.query(DirectoryTree)
        assert "✓ train.log" in screen_text(app)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen.query(DirectoryTree)

    drive(app, script)


def test_chart_series_and_marked_finding(make_app, demo_log):
    app = make_app([demo_log])

    async def script(pilot):
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LogScreen)
        chart = app.screen.query_one(LossChart)
        assert chart.secondary == "lr"
        await pilot.press("s")
        assert chart.secondary == "grad_norm"
        await pilot.press("s")
        assert chart.secondary is None
        assert chart.highlight == 1  # the first finding is highlighted in the list
        await pilot.press("down")
        await pilot.pause()
        assert chart.highlight == 2

    drive(app, script)

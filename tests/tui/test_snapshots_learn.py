"""SVG snapshots of learn mode's case screen (hints shown) and of the knowledge browser.

Deterministic like `test_snapshots.py`: fixed size, no cursor blink, workers awaited, the
progress file in a fresh temporary directory (tests/tui/conftest.py). Update after an
intended change with `pytest tests/tui/test_snapshots_learn.py --snapshot-update`.
"""

from __future__ import annotations

from textual.widgets import Input

from advisor.tui.app import AdvisorApp
from tests.tui.conftest import settle


async def _case_with_hints(pilot) -> None:
    await settle(pilot)
    pilot.app.screen.select("lr_too_high_peak")
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("h")
    await settle(pilot)


async def _browser_search(pilot) -> None:
    await settle(pilot)
    await pilot.press("f2")
    await pilot.pause()
    search = pilot.app.screen.query_one("#kb-search", Input)
    search.cursor_blink = False
    search.value = "梯度裁剪"
    await settle(pilot)


def test_case_screen_with_hints(snap_compare, tmp_path):
    app = AdvisorApp(lang="en", export_dir=tmp_path, learn=True)
    assert snap_compare(app, terminal_size=(100, 32), run_before=_case_with_hints)


def test_knowledge_browser_zh(snap_compare, tmp_path):
    app = AdvisorApp(lang="zh", export_dir=tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_browser_search)

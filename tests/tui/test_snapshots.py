"""SVG snapshots (pytest-textual-snapshot) of the screens a user sees first, zh and en, 80x24.

Deterministic: fixed size, no cursor blink, workers awaited before the shot, no
notifications on screen. Update after an intended change with
`pytest tests/tui/test_snapshots.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from advisor.tui.app import DEMO_LOG, AdvisorApp
from tests.tui.conftest import settle

SIZE = (80, 24)
TEXT = {"en": "loss became nan with fp16", "zh": "fp16 训练 loss 变成 nan"}


def _app(lang: str, tmp_path, logs=()) -> AdvisorApp:
    return AdvisorApp(logs, lang=lang, export_dir=tmp_path)


async def _steady(pilot) -> None:
    await settle(pilot)
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False


def _to_question(lang: str):
    async def run_before(pilot) -> None:
        await _steady(pilot)
        pilot.app.screen.query_one("#describe").value = TEXT[lang]
        await pilot.press("enter")
        await pilot.pause()

    return run_before


def _to_result(lang: str):
    async def run_before(pilot) -> None:
        await _to_question(lang)(pilot)
        for key in ("2", "1", "1", "1", "1", "1", "1", "1", "1"):
            if type(pilot.app.screen).__name__ != "QuestionScreen":
                break
            await pilot.press(key)
            await pilot.pause()
        assert type(pilot.app.screen).__name__ == "ResultScreen"

    return run_before


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_start_screen(snap_compare, tmp_path, lang):
    app = _app(lang, tmp_path, [str(DEMO_LOG)])
    assert snap_compare(app, terminal_size=SIZE, run_before=_steady)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_question_screen(snap_compare, tmp_path, lang):
    assert snap_compare(_app(lang, tmp_path), terminal_size=SIZE, run_before=_to_question(lang))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_result_screen(snap_compare, tmp_path, lang):
    assert snap_compare(_app(lang, tmp_path), terminal_size=SIZE, run_before=_to_result(lang))

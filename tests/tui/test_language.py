"""`l` (Ctrl+L while typing) cycles zh -> en -> both live, everywhere; Chinese aligns."""

from __future__ import annotations

from rich.cells import cell_len

from advisor.tui.screens.question import QuestionScreen
from advisor.tui.screens.result import ResultScreen
from tests.tui.conftest import drive, screen_text


def test_cycle_language_on_every_screen(make_app, kb):
    app = make_app(lang="en")

    async def script(pilot):
        assert "Why did my training loss suddenly go up?" in screen_text(app)
        await pilot.press("l")  # typed into the focused description box, not a language switch
        assert app.lang == "en" and app.screen.query_one("#describe").value == "l"
        app.screen.query_one("#describe").value = "loss became nan with fp16"
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.lang == "both"
        text = screen_text(app)
        assert "训练损失为什么突然上升？" in text and "Why did my training loss" in text
        assert "语言/Language" in text  # the footer follows too
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.lang == "zh" and "Why did my" not in screen_text(app)

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        question = app.screen.question
        assert question.text.zh in screen_text(app) and "当前假设" in screen_text(app)
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "en"
        text = screen_text(app)
        assert question.text.en in text and "Current hypotheses" in text and "Language" in text

        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        top = kb.causes[app.screen.diagnosis.causes[0].id].title
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "both"
        assert "最可能的原因" in screen_text(app) and "Most likely cause" in screen_text(app)
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "zh"
        assert "最可能的原因" in screen_text(app) and top.zh[:6] in screen_text(app)
        assert top.en[:12] not in screen_text(app)
        # the screen below (the start screen) followed as well
        assert app.screen_stack[0].lang == "zh"

    drive(app, script)


def _border_columns(text: str, char: str = "│") -> set[int]:
    """Cell columns of the last `char` on each line that has one."""
    columns = set()
    for line in text.splitlines():
        index = line.rfind(char)
        if index >= 0:
            columns.add(cell_len(line[:index]))
    return columns


def test_chinese_lines_align_at_80x24(make_app):
    """Every row of the question modal ends its frame in the same cell column in Chinese:
    a wide character counted as one cell would push the right border out of line."""
    app = make_app(lang="zh")

    async def script(pilot):
        app.screen.query_one("#describe").value = "fp16 训练 loss 变成 nan"
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "当前假设" in text
        assert _border_columns(text) == {78}
        for line in text.splitlines():
            assert cell_len(line) == 80

    drive(app, script, size=(80, 24))

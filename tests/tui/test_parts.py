"""The TUI's pure parts: line breaking, padding, path completion, report, progress, demo log."""

from __future__ import annotations

import asyncio
import importlib.util
from pathlib import Path

import pytest
from rich.cells import cell_len

from advisor.engine.session import Session
from advisor.tui.i18n import ACTIONS, UI, next_lang, t
from advisor.tui.progress import progress
from advisor.tui.report import export_report, markdown_report
from advisor.tui.screens.log_view import LogScreen
from advisor.tui.screens.start import StartScreen
from advisor.tui.widgets.findings_list import numbered
from advisor.tui.widgets.path_input import PathSuggester
from advisor.tui.widgets.prose import NO_LINE_START, wrap
from advisor.tui.widgets.score import fit
from tests.tui.conftest import drive, screen_text, settle

ZH = ("某个（或连续几个）批次里混入了异常样本：乱码、base64/二进制串、同一个 n-gram 成百上千次重复、"
      "重复文档、空样本、超长序列、错误标签或 NaN/Inf 特征。")


@pytest.mark.parametrize("width", [12, 20, 33, 40])
def test_wrap_breaks_chinese_anywhere_but_before_closing_punctuation(width):
    lines = wrap(ZH, width).plain.split("\n")
    assert "".join(lines).replace(" ", "") == ZH.replace(" ", "")
    assert all(cell_len(line) <= width for line in lines)
    assert not any(line[:1] in NO_LINE_START for line in lines[1:])
    # Chinese fills the lines: no line ends early just because a space came along
    assert all(cell_len(line) >= width - 8 for line in lines[:-1])


def test_wrap_keeps_english_words_whole():
    lines = wrap("Lower the peak learning rate by 3x and add warmup", 16).plain.split("\n")
    assert lines == ["Lower the peak", "learning rate by", "3x and add", "warmup"]


def test_fit_pads_and_cuts_in_cells():
    assert cell_len(fit("学习率过高", 6)) == 6 and fit("学习率过高", 6).endswith("…")
    assert fit("lr", 5) == "lr   "
    assert cell_len(fit("梯度爆炸", 9)) == 9


def test_path_completion(tmp_path):
    (tmp_path / "train_run1.log").write_text("x")
    (tmp_path / "checkpoints").mkdir()
    suggest = PathSuggester()
    assert asyncio.run(suggest.get_suggestion(f"{tmp_path}/tra")) == f"{tmp_path}/train_run1.log"
    assert asyncio.run(suggest.get_suggestion(f"{tmp_path}/che")) == f"{tmp_path}/checkpoints/"
    assert asyncio.run(suggest.get_suggestion(f"{tmp_path}/nothing")) is None


def test_export_never_overwrites(tmp_path):
    existing = tmp_path / "advisor-report.md"
    existing.write_text("mine", encoding="utf-8")
    first = export_report(tmp_path, "one")
    second = export_report(tmp_path, "two")
    assert (first.name, second.name) == ("advisor-report-2.md", "advisor-report-3.md")
    assert existing.read_text(encoding="utf-8") == "mine"
    assert first.read_text(encoding="utf-8") == "one"


def test_markdown_report_in_chinese(kb):
    session = Session(kb, "fp16 训练 loss 变成 nan")
    report = markdown_report(kb, session.diagnosis(), "zh", session.text)
    top = kb.causes[session.diagnosis().causes[0].id]
    assert report.startswith("# 训练损失排查报告")
    assert f"### 1. {top.title.zh}" in report
    assert "```python" in report and "## 推理过程" in report
    both = markdown_report(kb, session.diagnosis(), "both", session.text)
    assert "训练损失排查报告 / Training loss troubleshooting report" in both


def test_progress_counts_passed_questions(kb):
    session = Session(kb)
    done, left = progress(kb, session.diagnosis())
    assert done == 0 and left >= 3
    question = session.diagnosis().next_question
    session.answer(question, kb.questions[question].options[0].id)
    done2, left2 = progress(kb, session.diagnosis())
    assert done2 == 1 and left2 < left + 1


def test_labels_are_bilingual():
    assert all(zh and en for zh, en in [*UI.values(), *ACTIONS.values()])
    assert [next_lang(x) for x in ("zh", "en", "both")] == ["en", "both", "zh"]
    assert t("read_ok", "both", format="csv", points=3, steps="1–3").count("csv") == 2


def test_findings_are_numbered_like_the_chart(kb):
    from advisor.model.finding import Finding

    items = numbered([Finding("val_rises"), Finding("nan_loss", step=9), Finding("divergence", step=3)])
    assert [n for n, _ in items] == [None, 1, 2]


def test_demo_log_is_what_make_demo_writes():
    path = Path(__file__).resolve().parents[2] / "advisor" / "tui" / "data" / "make_demo.py"
    spec = importlib.util.spec_from_file_location("make_demo", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = path.with_name("demo_train.log").read_text(encoding="utf-8")
    assert committed == "\n".join(module.lines()) + "\n"
    assert 400 <= committed.count(" | loss ") <= 600


def test_unreadable_log_is_reported_and_the_others_kept(make_app, demo_log, tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("nothing numeric here\njust words\n", encoding="utf-8")
    app = make_app([demo_log])

    async def script(pilot):
        screen = app.screen
        assert isinstance(screen, StartScreen)
        screen.query_one("#path").value = str(junk)
        await pilot.click("#add")
        await settle(pilot)
        text = screen_text(app)
        assert "✗ notes.txt" in text and "✓ demo_train.log" in text
        assert app.log_paths == [demo_log]
        screen.query_one("#path").value = str(tmp_path / "missing.log")
        await pilot.click("#add")
        await pilot.pause()
        assert app.log_paths == [demo_log]
        assert screen.query_one("#path").value.endswith("missing.log")  # kept to fix the typo

    drive(app, script)


def test_log_view_columns_align_in_chinese(make_app, demo_log):
    """The summary table pads by cells: values start under their Chinese headers."""
    app = make_app([demo_log], lang="zh")

    async def script(pilot):
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LogScreen)
        lines = screen_text(app).splitlines()
        header = next(line for line in lines if "格式" in line)
        row = next(line for line in lines if "print_loop" in line)
        assert cell_len(header[:header.index("格式")]) == cell_len(row[:row.index("print_loop")])
        assert cell_len(header[:header.index("数据点")]) == cell_len(row[:row.index("455")])

    drive(app, script)


def test_start_language_follows_the_locale(monkeypatch):
    from advisor.model.text import locale_lang as _locale_lang

    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    assert _locale_lang() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert _locale_lang() == "zh"
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert _locale_lang() == "en"


def test_loading_label_is_not_shadowed_by_the_learn_heading():
    from advisor.tui.i18n import t

    assert t("reading", "en") == "reading…"
    assert t("expert_reading", "en") == "What an expert reads in this curve"


def test_start_screen_shows_how_much_of_the_logs_is_read(make_app, tmp_path):
    from advisor.tui.messages import LogsProgress

    app = make_app([])

    async def script(pilot):
        app.log_paths.append(str(tmp_path / "big.log"))
        app._show_log_entries(reading=True)
        app.post_message(LogsProgress(tuple(app.log_paths), 1, 4))
        await pilot.pause()
        assert "big.log  reading… 25%" in screen_text(app)
        app.post_message(LogsProgress(("other.log",), 3, 4))  # a read that was replaced
        await pilot.pause()
        assert "reading… 25%" in screen_text(app)

    drive(app, script)


@pytest.mark.parametrize("lo, hi, labels", [
    (50, 20000, ["5k", "10k", "15k", "20k"]),
    (1, 455, ["100", "200", "300", "400"]),
    (10, 10_000_000, ["2M", "4M", "6M", "8M", "10M"]),
    (0, 1, ["0", "0.2", "0.4", "0.6", "0.8", "1"]),
    (7, 7, ["7"]),
])
def test_step_axis_has_round_ticks(lo, hi, labels):
    from advisor.tui.widgets.loss_chart import step_label, step_ticks

    assert [step_label(t) for t in step_ticks(lo, hi)] == labels


def test_cause_picker_keeps_the_highlight_in_view_at_80x24(make_app):
    from advisor.tui.widgets.wrapped_options import WrappedOptionList

    app = make_app([], learn=True)

    async def script(pilot):
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        options = app.screen.query_one("#pick-options", WrappedOptionList)
        for _ in range(12):
            await pilot.press("down")
        await settle(pilot)
        box = options.parent
        assert options.region.bottom <= box.content_region.bottom  # the list is not clipped
        assert "13." in screen_text(app)  # the highlighted option is on screen

    drive(app, script, size=(80, 24))


def test_a_chinese_description_switches_the_language_unless_one_was_chosen(tmp_path):
    from advisor.tui.app import AdvisorApp

    for follow, expected in ((True, "zh"), (False, "en")):
        app = AdvisorApp([], lang="en", export_dir=tmp_path, follow_text_lang=follow)

        async def script(pilot, app=app):
            app.screen.query_one("#describe").value = "验证集loss一直在涨"
            await pilot.press("enter")
            await settle(pilot)
            assert app.lang == expected

        drive(app, script)


def test_questions_answered_by_the_description_are_not_counted(kb):
    session = Session(kb)
    session.describe("loss went nan with fp16")  # answers the behaviour and the precision
    done, _ = progress(kb, session.diagnosis())
    assert done == 0  # the user has answered nothing yet: this is their first question

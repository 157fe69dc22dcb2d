"""Learn mode through the keyboard: a case answered right and one answered wrong (feedback and
the progress file), the hints and guided questions, and the language switching live."""

from __future__ import annotations

import json

from advisor.learn import choices, hints
from advisor.tui.screens.learn import CaseListScreen
from advisor.tui.screens.learn_case import CaseScreen
from advisor.tui.screens.learn_pick import CausePicker, GuidedQuestion
from advisor.tui.widgets.loss_chart import LossChart
from tests.tui.conftest import drive, screen_text, settle


async def open_case(pilot, case_id: str) -> CaseScreen:
    """From the case list: highlight `case_id` and press Enter; waits for its curve."""
    assert isinstance(pilot.app.screen, CaseListScreen)
    pilot.app.screen.select(case_id)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CaseScreen) and screen.case.id == case_id
    return screen


async def name_cause(pilot, kb, choice: str) -> None:
    """`a`, the choice's number typed (1 or 2 digits), Enter."""
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CausePicker)
    await pilot.press(*str(choices(kb).index(choice) + 1), "enter")
    await pilot.pause()


def side(screen: CaseScreen, panel: str) -> str:
    """The unwrapped text of one panel of the case screen (#case-feedback, #case-hints ...)."""
    return screen.query_one(f"#case-{panel}").plain


def saved(folder) -> dict:
    return json.loads((folder / "learn_progress.json").read_text(encoding="utf-8"))


def test_case_answered_right(make_app, kb, learn_data):
    app = make_app(learn=True)
    case = kb.cases["lr_too_high_peak"]

    async def script(pilot):
        text = screen_text(app)
        assert "Practice: read the curve, name the cause" in text and "This session: 0/0 right" in text
        screen = await open_case(pilot, case.id)
        chart = screen.query_one(LossChart)
        assert chart._frame is not None and len(chart._frame) > 50  # noqa: SLF001 - the drawn data
        assert chart._events == []  # noqa: SLF001 - the curve is read before the detectors speak
        assert side(screen, "story").endswith(case.story.en)
        assert not screen.query_one("#case-feedback").display

        await name_cause(pilot, kb, "lr_too_high")
        assert app.screen is screen
        feedback = side(screen, "feedback")
        assert feedback.startswith("✓ Right: " + kb.causes["lr_too_high"].title.en)
        assert case.reading.en in feedback and case.fix.en in feedback
        assert kb.myths[case.myth].claim.en in feedback and kb.myths[case.myth].correction.en in feedback
        assert len(chart._events) == 3  # noqa: SLF001 - the events appear with the feedback
        assert "This session: 1/1 right" in screen_text(app)

        data = saved(learn_data)
        assert data["cases"][case.id] == {"tries": 1, "right": 1, "last": "lr_too_high"}
        assert data["sessions"][-1]["right"] == 1 and data["sessions"][-1]["total"] == 1
        assert data["confusion"] == {"lr_too_high": {"lr_too_high": 1}}

        await pilot.press("a")  # a case is answered once per session
        await pilot.pause()
        assert app.screen is screen and saved(learn_data)["sessions"][-1]["total"] == 1

        await pilot.press("n")
        await settle(pilot)
        following = [c.id for c in app.practice.cases]
        assert screen.case.id == following[following.index(case.id) + 1]
        assert not screen.query_one("#case-feedback").display and chart._events == []  # noqa: SLF001

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseListScreen)
        rows = {o.id: o.prompt.plain for o in app.screen.query_one("#case-list").options}
        assert rows[case.id].startswith("✓") and not rows[following[0]].startswith("✓")

    drive(app, script)


def test_case_answered_wrong(make_app, kb, learn_data):
    app = make_app(learn=True)
    case = kb.cases["small_data_overfit"]

    async def script(pilot):
        screen = await open_case(pilot, case.id)
        await name_cause(pilot, kb, "lr_too_high")
        feedback = side(screen, "feedback")
        assert feedback.startswith("✗ Not quite. You picked: " + kb.causes["lr_too_high"].title.en)
        assert "The answer: " + kb.causes[case.answer].title.en in feedback
        assert case.reading.en in feedback and case.fix.en in feedback
        assert kb.myths[case.myth].claim.en in feedback
        assert "This session: 0/1 right" in screen_text(app)

        data = saved(learn_data)
        assert data["confusion"] == {case.answer: {"lr_too_high": 1}}
        assert data["cases"][case.id]["right"] == 0

        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, CaseListScreen)
        confusions = app.screen.query_one("#learn-confusions").plain
        assert kb.causes[case.answer].title.en in confusions
        assert kb.causes["lr_too_high"].title.en in confusions and "×1" in confusions
        assert app.screen.query_one("#case-list").highlighted_option.id == case.id

    drive(app, script)


def test_hints_and_guided_questions(make_app, kb):
    app = make_app(learn=True)
    case = kb.cases["lr_too_high_peak"]
    first = hints(kb, case)

    async def script(pilot):
        screen = await open_case(pilot, case.id)
        assert not screen.query_one("#case-hints").display
        await pilot.press("h")
        await pilot.pause()
        chart = screen.query_one(LossChart)
        assert [e.number for e in chart._events] == [1, 2, 3]  # noqa: SLF001
        shown = side(screen, "hints")
        assert all(fact.text.en in shown for fact in first.facts) and first.facts
        assert first.next_question.text.en in shown and "press h again" in shown

        await pilot.press("h")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, GuidedQuestion) and modal.question.id == first.next_question.id
        await pilot.press("1")
        await settle(pilot)
        assert app.screen is screen and screen.answers == {modal.question.id: modal.option_ids[0]}
        after = hints(kb, case, screen.answers)
        shown = side(screen, "hints")
        assert "Your answers" in shown and first.next_question.options[0].label.en in shown
        assert after.next_question is not None and after.next_question.id != first.next_question.id
        assert after.next_question.text.en in shown

        await pilot.press("h", "escape")  # the next question, cancelled: nothing recorded
        await pilot.pause()
        assert app.screen is screen and len(screen.answers) == 1

    drive(app, script)


def test_language_switches_live_in_learn_mode(make_app, kb):
    app = make_app(lang="zh", learn=True)
    case = kb.cases["healthy_blip"]

    async def script(pilot):
        assert "练习：读懂曲线，说出原因" in screen_text(app) and "你容易混淆的" in screen_text(app)
        screen = await open_case(pilot, case.id)
        assert side(screen, "story").endswith(case.story.zh) and "提示" in screen_text(app)
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "en" and side(screen, "story").endswith(case.story.en)
        assert case.title.en in side(screen, "head") and "Hints" in screen_text(app)

        await pilot.press("a")
        await pilot.pause()
        picker = app.screen
        await pilot.press("l")  # in the picker too: both languages
        await pilot.pause()
        healthy = picker.query_one("#pick-options").get_option_at_index(0).prompt.plain
        assert "健康：无需处理" in healthy and "Healthy: no action needed" in healthy
        await pilot.press("1", "enter")
        await pilot.pause()
        feedback = side(screen, "feedback")
        assert case.reading.zh in feedback and case.reading.en in feedback  # "both"
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "zh" and case.reading.en not in side(screen, "feedback")
        assert app.screen_stack[0].lang == "zh"  # the list below followed

    drive(app, script)

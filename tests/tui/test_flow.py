"""The whole consultation through the keyboard: text + log -> skipped questions -> answers ->
result -> go back and change an answer -> export (twice, never overwriting)."""

from __future__ import annotations

from advisor.tui.messages import LogsLoaded
from advisor.tui.widgets.findings_list import FindingsList
from advisor.tui.screens.log_view import LogScreen
from advisor.tui.screens.question import QuestionScreen
from advisor.tui.screens.result import ResultScreen
from advisor.tui.screens.start import StartScreen
from tests.tui.conftest import drive, screen_text, settle

DESCRIPTION = "bf16 run, loss went nan"


async def describe(pilot, text: str) -> None:
    """Put `text` in the description box (typing it key by key costs ~60 ms a key)."""
    pilot.app.screen.query_one("#describe").value = text
    await pilot.pause()


async def answer_until_result(pilot, key: str = "1", limit: int = 20) -> list[str]:
    """Answer every question with `key`; returns the question ids in the order asked."""
    asked = []
    for _ in range(limit):
        screen = pilot.app.screen
        if not isinstance(screen, QuestionScreen):
            break
        asked.append(screen.question.id)
        await pilot.press(key)
        await pilot.pause()
    assert isinstance(pilot.app.screen, ResultScreen), "the questions never reached a result"
    return asked


def test_full_flow(make_app, demo_log, tmp_path, kb):
    app = make_app([demo_log])
    loaded: list[LogsLoaded] = []

    def hook(message) -> None:
        if isinstance(message, LogsLoaded):
            loaded.append(message)

    async def script(pilot):
        # Start: the log given on the command line is read in the background and listed.
        assert isinstance(app.screen, StartScreen)
        assert "demo_train.log" in screen_text(app) and "455 points" in screen_text(app)
        assert loaded and loaded[-1].findings, "the worker should have posted LogsLoaded"

        await pilot.press(*DESCRIPTION)
        await pilot.press("enter")
        await settle(pilot)

        # Log view: what was read, the chart, the findings beside it.
        assert isinstance(app.screen, LogScreen)
        text = screen_text(app)
        assert "print_loop" in text and "10–4,550" in text
        listed = " ".join(" ".join(o.prompt.plain.split())
                          for o in app.screen.query_one(FindingsList).options)
        for finding in loaded[-1].findings:
            assert kb.findings[finding.id].title.en in listed

        await pilot.press("enter")
        await pilot.pause()

        # Back from the first question (nothing answered yet): the log view again.
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen) and app.session.answers == {}
        await pilot.press("enter")
        await pilot.pause()

        # Questions: what the log and the description answered is skipped and shown as such.
        assert isinstance(app.screen, QuestionScreen)
        facts = {f.question: f.source for f in app.screen.diagnosis.facts}
        auto = {q for q, source in facts.items() if source in ("log", "text")}
        assert {"loss_behavior", "precision"} <= auto
        diagnosis = app.screen.diagnosis
        passed = {s.question for s in diagnosis.trace if s.kind == "skip"}
        sources = {facts[q] for q in passed if q in auto}
        assert sources, "the first question shown should come after a skipped one"
        text = " ".join(screen_text(app).split())
        assert "Already answered by your log or text (skipped)" in text
        assert ("log" not in sources) or "Answered from your log" in text
        assert ("text" not in sources) or "From your description" in text
        assert "Question " in text and "more" in text  # the progress line

        asked = await answer_until_result(pilot)
        assert asked and not set(asked) & auto, "a question the log/text answered was asked"
        first_result = app.screen.diagnosis
        # the top cause is named (its title's head: a long title wraps on an 80-column screen)
        assert kb.causes[first_result.causes[0].id].title.en.split(" (")[0] in screen_text(app)

        # Back from the result: the last question again, its answer highlighted; change it.
        last = asked[-1]
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.question.id == last
        assert app.screen.query_one("#options").highlighted == 0  # the "1" given before
        await pilot.press("2")
        await pilot.pause()
        await answer_until_result(pilot)
        second = app.screen.diagnosis
        options = [o.id for o in kb.questions[last].options]
        assert app.session.answers[last] == options[1]
        assert {(f.question, f.option) for f in second.facts} != \
               {(f.question, f.option) for f in first_result.facts}

        # Export: a new file each time, never the same name twice.
        await pilot.press("e")
        await pilot.pause()
        first_report = tmp_path / "advisor-report.md"
        content = first_report.read_text(encoding="utf-8")
        assert content.startswith("# Training loss troubleshooting report")
        assert kb.causes[second.causes[0].id].title.en in content
        assert DESCRIPTION in content and "demo_train.log" in content
        await pilot.press("e")
        await pilot.pause()
        assert (tmp_path / "advisor-report-2.md").exists()
        assert first_report.read_text(encoding="utf-8") == content

    drive(app, script, message_hook=hook)


def test_questions_only_explanations_and_copy(make_app, kb):
    """No log: Enter on the description goes straight to the questions. `?` explains the
    question, `r` shows the result so far, `w` explains the top cause, `c` copies the code
    of the visible tab, `t` switches framework, and `b` returns to the pending question."""
    app = make_app()

    async def script(pilot):
        await describe(pilot, "loss spiked to nan with fp16")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        question = app.screen.question
        assert question.id not in ("loss_behavior", "precision")  # the text answered those
        await pilot.press("question_mark")
        await pilot.pause()
        assert question.why.en.split(".")[0][:40] in " ".join(screen_text(app).split())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)

        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        await pilot.press("w")
        await pilot.pause()
        assert "How did you conclude that?" in screen_text(app) and "= score" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()

        card = app.screen.query_one("#card")
        framework, code = card.code()
        await pilot.press("c")
        assert code and app.clipboard == code
        await pilot.press("t")
        await pilot.pause()
        assert card.code()[0] != framework

        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.question.id == question.id

    drive(app, script)

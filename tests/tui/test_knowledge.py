"""The knowledge browser: reachable from the start screen, the learn list and the palette;
fuzzy search in Chinese and English; cross-links followed and retraced."""

from __future__ import annotations

from advisor.tui.links import links
from advisor.tui.screens.knowledge import KnowledgeScreen
from advisor.tui.screens.learn import CaseListScreen
from advisor.tui.screens.start import StartScreen
from advisor.tui.widgets.entry_view import EntryView
from tests.tui.conftest import drive, screen_text


async def search(pilot, query: str) -> list[str]:
    """Put `query` in the search box; the result ids (kind:id) in the order listed."""
    pilot.app.screen.query_one("#kb-search").value = query
    await pilot.pause()
    return [o.id for o in pilot.app.screen.query_one("#kb-results").options if o.id]


def entry_text(screen: KnowledgeScreen) -> str:
    return "\n".join(p.plain for p in screen.query_one(EntryView).query("Prose"))


def test_search_in_both_languages(make_app, kb):
    app = make_app()

    async def script(pilot):
        assert isinstance(app.screen, StartScreen) and "Knowledge" in screen_text(app)
        await pilot.press("f2")  # `k` would be typed into the description box here
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, KnowledgeScreen) and screen.query_one("#kb-search").has_focus

        found = await search(pilot, "梯度裁剪")
        assert "term:gradient_clipping" in found and "myth:clipping_hides_bugs" in found
        assert screen.shown == ("term", "gradient_clipping")  # the best hit is shown at once
        assert kb.terms["gradient_clipping"].definition.en in entry_text(screen)

        found = await search(pilot, "warmup")
        assert {"term:warmup", "cause:warmup_too_short", "myth:warmup_only_for_huge_models"} <= set(found)
        kinds = [item.split(":")[0] for item in found]
        assert kinds == sorted(kinds, key=("cause", "symptom", "myth", "playbook", "term").index)
        assert screen.shown == ("term", "warmup")

        await search(pilot, "warmpu")  # a typo still finds it
        assert screen.shown == ("term", "warmup")
        await pilot.press("l")  # a letter of the query, not a language switch
        await pilot.pause()
        typed = screen.query_one("#kb-search").value  # (the cursor stays where it was)
        assert app.lang == "en" and sorted(typed) == sorted("warmpul")

        assert await search(pilot, "zzqxj") == []
        assert "Nothing matches" in screen_text(app)

    drive(app, script)


def test_follow_links_and_back(make_app, kb):
    app = make_app(learn=True)
    cause = kb.causes["warmup_too_short"]

    async def script(pilot):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Browse knowledge" in titles and "Practice cases" in titles
        assert isinstance(app.screen, CaseListScreen)
        await pilot.press("k")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, KnowledgeScreen)

        await search(pilot, "Warmup missing or too short")
        assert screen.shown == ("cause", cause.id)
        await pilot.press("enter", "enter")  # to the results, then to the entry's links
        await pilot.pause()
        box = screen.query_one("#kb-links")
        assert box.has_focus
        listed = [o.id for o in box.options if o.id]
        assert listed == [link.key for link in links(kb, "cause", cause.id)]
        assert f"symptom:{cause.symptoms[0]}" == listed[0] and "fix:1" in listed
        assert {f"cause:{r}" for r in cause.related} <= set(listed)
        assert {f"term:{t}" for t in cause.terms} <= set(listed)

        await pilot.press("enter")  # cause -> its first symptom
        await pilot.pause()
        symptom = kb.symptoms[cause.symptoms[0]]
        assert screen.shown == ("symptom", symptom.id) and screen.history == [("cause", cause.id)]
        assert symptom.description.en in entry_text(screen)
        assert f"cause:{cause.id}" in [o.id for o in box.options]  # and the way back through links

        await pilot.press("escape")  # back to the cause
        await pilot.pause()
        assert screen.shown == ("cause", cause.id) and screen.history == []
        assert cause.summary.en in entry_text(screen)

        fix = [o.id for o in box.options].index("fix:2")
        box.highlighted = fix
        await pilot.press("enter")  # a fix link scrolls to that fix
        await pilot.pause()
        assert screen.shown == ("cause", cause.id) and screen.query_one(EntryView).scroll_y > 0

        await pilot.press("escape")  # nothing left to go back to: the browser closes
        await pilot.pause()
        assert isinstance(app.screen, CaseListScreen)

    drive(app, script)

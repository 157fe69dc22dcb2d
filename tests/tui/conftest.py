"""Helpers for driving the TUI with Textual's pilot (no pytest-asyncio: plain asyncio.run)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from advisor.tui.app import DEMO_LOG, AdvisorApp

SIZE = (100, 32)


def screen_text(app: AdvisorApp) -> str:
    """What the terminal shows right now, one line per row.

    Reads the compositor's strips (Textual has no public "screen as text"); that is exactly
    what a user sees, wide characters included.
    """
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())  # noqa: SLF001


async def settle(pilot) -> None:
    """Wait for the workers (knowledge base, log reading) and the screen updates after them."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def drive(app: AdvisorApp, script: Callable[..., Awaitable[None]], size=SIZE, **run_kwargs) -> None:
    """Run `script(pilot)` against `app` in a headless terminal of `size`."""

    async def main() -> None:
        async with app.run_test(size=size, **run_kwargs) as pilot:
            await settle(pilot)
            await script(pilot)

    asyncio.run(main())


@pytest.fixture(autouse=True)
def learn_data(tmp_path_factory, monkeypatch) -> Path:
    """Learn-mode progress goes to a fresh temporary directory, never the user's data dir."""
    from advisor.learn import progress

    folder = tmp_path_factory.mktemp("advisor-data")
    monkeypatch.setenv(progress.ENV_DIR, str(folder))
    monkeypatch.setattr(progress, "_session_id", None)
    return folder


@pytest.fixture
def demo_log() -> str:
    return str(DEMO_LOG)


@pytest.fixture
def make_app(tmp_path: Path):
    def make(paths=(), lang: str = "en", learn: bool = False) -> AdvisorApp:
        return AdvisorApp(paths, lang=lang, export_dir=tmp_path, learn=learn)

    return make

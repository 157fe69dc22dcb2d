"""The Textual TUI: `run()` is the single entry the CLI calls.

Textual and the screens are imported inside `run()`, so `import advisor.tui` costs
nothing for commands that never open the TUI.
"""

from __future__ import annotations

from collections.abc import Sequence

from advisor.model.text import locale_lang

__all__ = ["run"]


def run(paths: Sequence[str] = (), lang: str | None = None, fmt: str | None = None,
        demo: bool = False, learn: bool = False) -> int:
    """Open the TUI on `paths` (and the bundled demo log when `demo`); returns an exit status.

    `lang` is "zh", "en" or "both"; None follows the locale. `learn` opens on the practice
    cases (`advisor learn`), from which the knowledge browser is reachable too.
    """
    from advisor.tui.app import DEMO_LOG, AdvisorApp  # Textual: only when the TUI opens

    paths = [*paths, str(DEMO_LOG)] if demo else list(paths)
    app = AdvisorApp(paths, lang=lang or locale_lang(), fmt=fmt, learn=learn,
                     follow_text_lang=lang is None)
    result = app.run()
    return result if isinstance(result, int) else 0

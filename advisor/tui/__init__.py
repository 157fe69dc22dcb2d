"""The Textual TUI: `run()` is the single entry the CLI calls.

Textual and the screens are imported inside `run()`, so `import advisor.tui` costs
nothing for commands that never open the TUI.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

__all__ = ["run"]


def run(paths: Sequence[str] = (), lang: str | None = None, fmt: str | None = None,
        demo: bool = False) -> int:
    """Open the TUI on `paths` (and the bundled demo log when `demo`); returns an exit status.

    `lang` is "zh", "en" or "both"; None follows the locale.
    """
    from advisor.tui.app import DEMO_LOG, AdvisorApp  # Textual: only when the TUI opens

    paths = [*paths, str(DEMO_LOG)] if demo else list(paths)
    app = AdvisorApp(paths, lang=lang or _locale_lang(), fmt=fmt)
    result = app.run()
    return result if isinstance(result, int) else 0


def _locale_lang() -> str:
    """"zh" for a Chinese locale, else "en".

    The same rule as `advisor.cli.lang.locale_lang`, repeated because the TUI may not import
    `advisor.cli` (STYLE import table); it can go once that function moves below both.
    """
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"

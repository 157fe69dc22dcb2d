"""Path completion for the log input: the rest of the first matching directory entry."""

from __future__ import annotations

import os

from textual.suggester import Suggester


class PathSuggester(Suggester):
    """Suggests the first entry of the typed directory that starts with the typed name;
    directories end in "/" so accepting one (→ or End) lets you keep descending."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, prefix = os.path.split(expanded)
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:
            return None
        hidden = prefix.startswith(".")
        for name in names:
            if name.startswith(prefix) and name != prefix and (hidden or not name.startswith(".")):
                full = os.path.join(folder, name)
                rest = name[len(prefix):] + ("/" if os.path.isdir(full) else "")
                return value + rest
        return None

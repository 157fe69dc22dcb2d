"""Fix code of one cause in tabs, one per framework (the user's first), syntax highlighted."""

from __future__ import annotations

from pygments.lexers.python import PythonLexer  # not by name: that lookup scans plugins (~70 ms)
from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.containers import HorizontalScroll
from textual.widget import Widget
from textual.widgets import Static, TabbedContent, TabPane

from advisor.model.knowledge import FRAMEWORKS, Cause
from advisor.render.labels import label
from advisor.tui.i18n import one_line


def framework_order(first: str | None) -> list[str]:
    """The canonical frameworks with the user's one first."""
    order = [first] if first in FRAMEWORKS else []
    return order + [fw for fw in FRAMEWORKS if fw not in order]


def snippets(cause: Cause, lang: str) -> dict[str, str]:
    """framework -> the code of every fix that has some, each under a comment naming the fix."""
    out: dict[str, list[str]] = {}
    for n, fix in enumerate(cause.fixes, 1):
        for fw, code in (fix.code.items() if fix.code else []):
            out.setdefault(fw, []).append(f"# {n}. {one_line(fix.title, lang)}\n{code.rstrip()}\n")
    return {fw: "\n".join(parts) for fw, parts in out.items()}


class CodeTabs(Widget):
    """A TabbedContent of the snippets; `code()` is what `c` copies (the active tab's code)."""

    def __init__(self, cause: Cause, lang: str, first: str | None, active: str | None = None,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self._code = snippets(cause, lang)
        self._order = [fw for fw in framework_order(first) if fw in self._code]
        self._initial = f"code-{active}" if active in self._code else ""
        self._lang = lang

    def compose(self) -> ComposeResult:
        with TabbedContent(initial=self._initial):
            for fw in self._order:
                with TabPane(label(fw, self._lang), id=f"code-{fw}"):
                    with HorizontalScroll(classes="code-scroll"):
                        yield Static(Syntax(self._code[fw], PythonLexer(), theme="ansi_dark",
                                            background_color="default", word_wrap=False),
                                     classes="code")

    @property
    def has_code(self) -> bool:
        return bool(self._order)

    @property
    def framework(self) -> str | None:
        """The framework of the active tab."""
        active = self.query_one(TabbedContent).active
        return active.removeprefix("code-") if active else None

    def next_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        if self._order:
            index = self._order.index(self.framework) if self.framework in self._order else -1
            tabs.active = f"code-{self._order[(index + 1) % len(self._order)]}"

    def code(self) -> str:
        return self._code.get(self.framework or "", "")

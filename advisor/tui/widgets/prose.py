"""`Prose`, a Static-like widget that breaks Chinese lines properly, and its wrap helpers.

Textual (like rich) wraps only at spaces; the line-breaking rule for Chinese lives in
`advisor.render.paragraph` and is shared with the terminal output.
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from advisor.render.paragraph import NO_LINE_START, break_offsets

__all__ = ["NO_LINE_START", "Prose", "hanging", "wrap"]


def wrap(content: Content | str, width: int) -> Content:
    """`content` with newlines inserted so no line is wider than `width` cells."""
    content = content if isinstance(content, Content) else Content(content)
    lines: list[Content] = []
    for line in content.split("\n"):
        pieces = line.divide(break_offsets(line.plain, width)) if line.plain else [line]
        lines += [piece.rstrip() for piece in pieces]
    return Content("\n").join(lines)


def hanging(head: Content | str, body: Content | str, width: int) -> Content:
    """`head` then `body` wrapped beside it: continuation lines indented under the body,
    for numbered and bulleted rows ("12. a title that needs\n    two lines")."""
    head = head if isinstance(head, Content) else Content(head)
    indent = head.cell_length
    lines = wrap(body, max(width - indent, 8)).split("\n")
    return Content("\n").join([head + lines[0], *(Content(" " * indent) + line for line in lines[1:])])


class Prose(Widget):
    """Wrapped text (a `Content` or str) that breaks Chinese lines properly; `update()` it."""

    DEFAULT_CSS = "Prose { height: auto; }"  # reusable on its own, like Static

    def __init__(self, content: Content | str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._content = content if isinstance(content, Content) else Content(content)

    def update(self, content: Content | str) -> None:
        self._content = content if isinstance(content, Content) else Content(content)
        self.refresh(layout=True)

    @property
    def plain(self) -> str:
        return self._content.plain

    def render(self) -> RenderResult:
        return wrap(self._content, self.size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self._content.plain:
            return 0
        return len(wrap(self._content, width).plain.split("\n"))

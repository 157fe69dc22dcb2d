"""Line breaking that suits Chinese, and `Prose`, a Static-like widget that uses it.

Textual (like rich) wraps only at spaces. Chinese has no spaces between words, so a
sentence with one embedded Latin term ("同一个 n-gram 成百上千次重复、……") is treated as
a few giant "words": a line ends early at the space and leaves half the row empty. The
rule here is the usual one for CJK: a line may break between any two wide characters
(and at spaces), but never before closing punctuation such as "，" "。" "）" nor after
an opening one such as "（" "“". Widths are terminal cells, so wide characters count two.
"""

from __future__ import annotations

from rich.cells import get_character_cell_size
from textual.app import RenderResult
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

NO_LINE_START = frozenset("，。、；：！？）」』》】〕,.;:!?)]}%…")
NO_LINE_END = frozenset("（「『《【〔([{“‘")


def _can_break_before(text: str, i: int) -> bool:
    prev, ch = text[i - 1], text[i]
    if ch == " ":
        return False  # break after the space, not before it
    if prev == " ":
        return True
    if ch in NO_LINE_START or prev in NO_LINE_END:
        return False
    return get_character_cell_size(prev) == 2 or get_character_cell_size(ch) == 2


def break_offsets(text: str, width: int) -> list[int]:
    """Where to cut one line of `text` (no newlines) so each piece fits in `width` cells."""
    width = max(width, 2)
    offsets: list[int] = []
    start, n = 0, len(text)
    while True:
        cells, last_ok, i = 0, None, start
        while i < n:
            size = get_character_cell_size(text[i])
            if i > start and _can_break_before(text, i):
                last_ok = i
            if cells + size > width and text[i] != " ":  # spaces may hang past the edge
                break
            cells += size
            i += 1
        if i >= n:
            return offsets
        cut = last_ok if last_ok is not None else max(i, start + 1)
        offsets.append(cut)
        start = cut


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

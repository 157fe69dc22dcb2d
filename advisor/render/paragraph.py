"""Line breaking that suits Chinese, for the terminal output and the TUI alike.

rich (and Textual) wrap only at spaces. Chinese has no spaces between words, so a sentence
with one embedded Latin term ("在 Ampere 及更新的 GPU 上，把混合精度改为 bf16：……") is treated
as a few giant "words": a line ends early at a space and leaves half the row empty. The rule
here is the usual one for CJK: a line may break between any two wide characters (and at
spaces), but never before closing punctuation such as "，" "。" "）" nor after an opening one
such as "（" "“". Widths are terminal cells, so wide characters count two.

`Paragraph` is the rich renderable that applies the rule at whatever width it is given.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

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


class Paragraph:
    """A rich renderable: `text` (a str with a style, or a rich `Text`) wrapped by the rule above."""

    def __init__(self, text: str | Text = "", style: str = "") -> None:
        self.text = text if isinstance(text, Text) else Text(text, style=style)

    def lines(self, width: int) -> list[Text]:
        out: list[Text] = []
        for line in self.text.split("\n", allow_blank=True):
            pieces = line.divide(break_offsets(line.plain, width)) if line.plain else [line]
            for piece in pieces:
                piece.rstrip()
                out.append(piece)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.lines(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain.split("\n")
        widest = max(cell_len(line) for line in plain)
        # the narrowest it can go: its longest piece that has no break opportunity inside
        unbreakable = max((cell_len(piece.plain) for piece in Paragraph(self.text).lines(1)), default=0)
        return Measurement(min(unbreakable, widest), widest)

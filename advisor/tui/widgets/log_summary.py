"""What was read from each log: file, format, points, step range, segments, and notes."""

from __future__ import annotations

import os

from rich.cells import cell_len
from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from advisor.model.finding import LogSummary
from advisor.tui.i18n import columns, t
from advisor.tui.widgets.score import fit


def steps(summary: LogSummary) -> str:
    if summary.first_step is None:
        return "-"
    return f"{summary.first_step:,}–{summary.last_step:,}"


class LogSummaryView(Widget):
    """A small cell-aligned table; the file column shrinks first on narrow terminals."""

    lang: reactive[str] = reactive("en", layout=True)
    summaries: reactive[tuple[LogSummary, ...]] = reactive(tuple, layout=True)

    def render(self) -> RenderResult:
        lang = self.lang
        header = columns("log_cols", lang)
        rows = [[os.path.basename(s.path), s.format, f"{s.points:,}", steps(s), str(s.segments)]
                for s in self.summaries]
        widths = [max([cell_len(h), *(cell_len(r[i]) for r in rows)]) for i, h in enumerate(header)]
        room = self.size.width - sum(widths[1:]) - 2 * (len(widths) - 1)
        widths[0] = max(8, min(widths[0], room))

        def line(cells: list[str]) -> str:
            return "  ".join(fit(c, w) for c, w in zip(cells, widths)).rstrip()

        out = [Content.styled(t("log_title", lang), "bold $accent"),
               Content.styled(line(header), "bold"), *(Content(line(r)) for r in rows)]
        out += [Content.styled(f"· {note.pick(self.lang)}", "$text-muted")
                for s in self.summaries for note in s.notes]
        return Content("\n").join(out)

"""Score bars and cell-exact padding shared by the hypotheses panel, ranking and cause card.

Widths are measured in terminal cells (`rich.cells`), so a Chinese title (two cells per
character) lines up with an English one.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.content import Content


def score_bar(score: float, width: int = 10) -> Content:
    """█████░░░░░ in the theme's success colour, followed by the score."""
    filled = max(0, min(width, round(score * width)))
    return Content.assemble(("█" * filled, "$success"), ("░" * (width - filled), "$text-muted"),
                            f" {score:.2f}")


def fit(text: str, width: int) -> str:
    """`text` cut (with …) or padded to exactly `width` cells."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, max(width - 1, 0)) + "…"


def delta(change: float | None, new: str = "new") -> Content:
    """How the last answer moved a score: ▲ +0.12, ▼ −0.05, `new` (just entered), or nothing."""
    if change is None:
        return Content.assemble((f"  {new}", "$accent"))
    if abs(change) < 0.005:
        return Content("")
    if change > 0:
        return Content.assemble((f" ▲{change:+.2f}", "$success"))
    return Content.assemble((f" ▼{change:+.2f}", "$error"))

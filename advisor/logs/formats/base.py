"""The shape every registry entry has, and small sniffing helpers.

A format module with a single format *is* its entry (module-level `NAME`, `DESCRIPTION`,
`sniff`, `parse`); a module holding several close formats exposes `ENTRIES`, a list of
`Format` objects with the same four attributes. `parse(source)` yields `Chunk`s of rows
(see `advisor.logs.frame`) and may also yield `Text`s: bilingual notes for the user.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from advisor.logs.frame import Chunk
    from advisor.logs.source import Source
    from advisor.model.text import Text

Output = Iterator[Union["Chunk", "Text"]]


@dataclass(frozen=True)
class Format:
    """One registry entry (duck-type compatible with a single-format module)."""

    NAME: str
    DESCRIPTION: str
    sniff: Callable[[list[str]], float]
    parse: Callable[["Source"], Output]


def count(head: Iterable[str], pattern: re.Pattern[str]) -> int:
    """How many head lines the pattern finds."""
    return sum(1 for line in head if pattern.search(line))


def fires(head: list[str], pattern: re.Pattern[str], score: float, at_least: int = 1) -> float:
    """`score` when the pattern matches at least `at_least` head lines, else 0."""
    hits = 0
    for line in head:
        if pattern.search(line):
            hits += 1
            if hits >= at_least:
                return score
    return 0.0

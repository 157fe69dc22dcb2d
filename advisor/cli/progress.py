"""A transient progress bar on stderr while big logs are read (terminals only).

Why: a multi-gigabyte log takes tens of seconds to read; without feedback the command looks
hung. The bar appears only on a terminal and only for inputs of `MIN_BYTES` or more (small
logs finish before a bar would be readable), and it erases itself, so stdout stays exactly
what a script would capture. rich is imported only when a bar is really shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

MIN_BYTES = 16 << 20
LABELS = {"reading": ("正在读取日志", "reading logs"),
          "detecting": ("正在查找事件", "looking for events")}


class ReadingBar:
    """`bar(done, total)` is an `advisor.logs.Progress` callback."""

    def __init__(self, stream: TextIO, lang: str) -> None:
        self.stream, self.zh = stream, lang == "zh"
        self.bar: Any = None
        self.task: Any = None

    def label(self, key: str) -> str:
        return LABELS[key][0 if self.zh else 1]

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < MIN_BYTES:
                return
            self._start(total)
        self.bar.update(self.task, completed=done,
                        description=self.label("reading" if done < total else "detecting"))

    def _start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                            TimeRemainingColumn(), console=Console(file=self.stream),
                            transient=True)
        self.bar.start()
        self.task = self.bar.add_task(self.label("reading"), total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@contextmanager
def reading_bar(stream: TextIO, lang: str) -> Iterator[ReadingBar | None]:
    """A `ReadingBar` on a terminal, else None (no callback, no cost)."""
    if not getattr(stream, "isatty", lambda: False)():
        yield None
        return
    bar = ReadingBar(stream, lang)
    try:
        yield bar
    finally:
        bar.close()

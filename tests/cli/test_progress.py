"""The reading bar: only on a terminal, only for big inputs, erased when done."""

from __future__ import annotations

import io

from advisor.cli.progress import MIN_BYTES, ReadingBar, reading_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_when_stderr_is_not_a_terminal():
    with reading_bar(io.StringIO(), "en") as bar:
        assert bar is None


def test_small_inputs_show_nothing():
    stream = Terminal()
    with reading_bar(stream, "en") as bar:
        bar(10, MIN_BYTES - 1)
    assert stream.getvalue() == ""


def test_big_inputs_show_a_bar_in_the_user_language():
    for lang, label in (("en", "reading logs"), ("zh", "正在读取日志")):
        stream = Terminal()
        bar = ReadingBar(stream, lang)
        bar(MIN_BYTES, 4 * MIN_BYTES)
        bar.bar.refresh()
        assert label in stream.getvalue()
        bar(4 * MIN_BYTES, 4 * MIN_BYTES)
        assert bar.label("detecting") in bar.bar.tasks[0].description
        bar.close()

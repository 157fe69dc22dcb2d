"""The loss curve (with validation loss and a right-axis series) and the detected events.

Drawn with textual-plotext (a maintained plotext wrapper that follows the Textual theme).
Events are numbered vertical lines; the same numbers label the findings list beside the
chart, so the chart itself carries no Chinese text (plotext measures text in characters,
not terminal cells). Colours come from the app theme's variables, never literals.
"""

from __future__ import annotations

import math

from dataclasses import dataclass

import numpy as np
from textual.color import Color
from textual.reactive import reactive
from textual_plotext import PlotextPlot

MAX_POINTS = 600
"""Beyond this many rows per series the curve is reduced bucket by bucket to the maximum,
so spikes survive any amount of downsampling."""
SERIES = ("lr", "grad_norm", None)
"""What the right axis shows, in the order `s` cycles through them."""


@dataclass(frozen=True)
class Event:
    number: int
    step: int
    healthy: bool


class LossChart(PlotextPlot):
    """Loss vs step; `set_run` gives it data, `secondary` and `highlight` are reactive."""

    secondary: reactive[str | None] = reactive("lr", init=False)
    highlight: reactive[int | None] = reactive(None, init=False)
    """Event number drawn emphasised (the finding selected in the list)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._frame = None
        self._events: list[Event] = []

    def on_mount(self) -> None:
        # The series colours come from theme variables: draw again when the theme changes.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.replot())

    def set_run(self, frame, events: list[Event]) -> None:
        self._frame, self._events = frame, events
        available = [s for s in SERIES if s is None or self._has(s)]
        if self.secondary not in available:
            self.secondary = available[0]
        self.replot()

    def cycle_secondary(self) -> None:
        available = [s for s in SERIES if s is None or self._has(s)]
        index = available.index(self.secondary) if self.secondary in available else -1
        self.secondary = available[(index + 1) % len(available)]

    def watch_secondary(self) -> None:
        self.replot()

    def watch_highlight(self) -> None:
        self.replot()

    def _has(self, column: str) -> bool:
        frame = self._frame
        return frame is not None and column in frame and bool(frame[column].notna().any())

    def replot(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        frame = self._frame
        if frame is None or frame.empty:
            self.refresh()
            return
        x_all = self._x(frame)
        loss = frame["loss"].to_numpy(dtype=float)
        x, y = _reduce(x_all, loss)
        if len(x):
            plt.plot(x, y, label="loss", color=self._rgb("primary"), marker="braille")
            if np.nanmax(y) / max(np.nanmin(y), 1e-12) > 100:  # a blow-up would flatten the rest
                plt.yscale("log")
        if self._has("val_loss"):
            vx, vy = _reduce(x_all, frame["val_loss"].to_numpy(dtype=float))
            plt.plot(vx, vy, label="val_loss", color=self._rgb("secondary"), marker="dot")
        nonfinite = frame["loss_nonfinite"].to_numpy(dtype=bool) if "loss_nonfinite" in frame else None
        if nonfinite is not None and nonfinite.any() and len(y):
            top = float(np.nanmax(y))
            plt.scatter(x_all[nonfinite].tolist(), [top] * int(nonfinite.sum()), marker="x",
                        color=self._rgb("error"), label="nan/inf")
        if self.secondary and self._has(self.secondary):
            sx, sy = _reduce(x_all, frame[self.secondary].to_numpy(dtype=float))
            plt.plot(sx, sy, label=self.secondary, yside="right", color=self._rgb("accent"),
                     marker="braille")
        for event in self._events:
            emphasised = event.number == self.highlight
            role = "error" if emphasised else "success" if event.healthy else "warning"
            colour = self._rgb(role)
            plt.vline(event.step, color=colour)
            if len(y):
                plt.text(str(event.number), x=event.step, y=float(np.nanmax(y)), color=colour,
                         alignment="center")
        if len(x_all):
            ticks = step_ticks(float(np.nanmin(x_all)), float(np.nanmax(x_all)))
            plt.xticks(ticks, [step_label(t) for t in ticks])
        plt.xlabel("step")
        self.refresh()

    def _x(self, frame) -> np.ndarray:
        """Steps, or the row number when a restart makes steps repeat (several segments)."""
        steps = frame["step"].to_numpy(dtype=float)
        if "segment" in frame and frame["segment"].nunique() > 1:
            return np.arange(len(frame), dtype=float)
        return steps

    def _rgb(self, variable: str) -> tuple[int, int, int]:
        value = self.app.theme_variables.get(variable) or self.app.theme_variables["foreground"]
        return Color.parse(value).rgb


def step_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round step values for the x axis (1, 2 or 5 times a power of ten apart): plotext's
    own ticks are evenly spaced floats such as 5037.5, which no step ever is."""
    span = hi - lo
    if span <= 0:
        return [lo]
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    size = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(lo / size) * size
    return [first + i * size for i in range(int((hi - first) / size + 1e-9) + 1)]


def step_label(step: float) -> str:
    """2000000 -> "2M", 20000 -> "20k", 1500 -> "1.5k", 300 -> "300"."""
    for size, unit in ((1e6, "M"), (1e3, "k")):
        if abs(step) >= size:
            return f"{step / size:g}{unit}"
    return f"{step:g}"


def _reduce(x: np.ndarray, y: np.ndarray) -> tuple[list[float], list[float]]:
    """Finite points only; at most MAX_POINTS, keeping each bucket's maximum (the spikes)."""
    keep = np.isfinite(y)
    x, y = x[keep], y[keep]
    if len(y) > MAX_POINTS:
        edges = np.linspace(0, len(y), MAX_POINTS + 1, dtype=int)
        peaks = [lo + int(np.argmax(y[lo:hi])) for lo, hi in zip(edges[:-1], edges[1:]) if hi > lo]
        x, y = x[peaks], y[peaks]
    return x.tolist(), y.tolist()

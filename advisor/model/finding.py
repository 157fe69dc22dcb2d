"""What a detector saw in a log: the interface between `advisor.logs` and `advisor.engine`."""

from __future__ import annotations

from typing import Annotated

import msgspec

from advisor.model.text import Text

Confidence = Annotated[float, msgspec.Meta(ge=0.0, le=1.0)]


class Finding(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One detected event or pattern in a training run.

    Detectors stay numeric: the sentence shown to the user comes from the bilingual
    template for `id` in `knowledge/findings.yaml`, filled with `values`.
    """

    id: str
    """Finding kind, e.g. "nan_loss", "spike_recovers", "val_rises" (see findings.yaml)."""
    step: int | None = None
    """First step where it shows (None for run-level patterns without a clear start)."""
    end_step: int | None = None
    """Last step of the event, when it has an extent."""
    magnitude: float = 0.0
    """Size on the detector's own scale (e.g. spike height in robust deviations)."""
    confidence: Confidence = 1.0
    """How sure the detector is that the pattern is real and not noise."""
    values: dict[str, float | int | str] = {}
    """Numbers for the message template (e.g. {"peak": 8.3, "baseline": 2.1})."""


JUDGE_POINTS = 8
"""With fewer loss points than this a log cannot show a spike from noise, nor that a run is
healthy (the spike detectors need as many)."""


class LogSummary(msgspec.Struct, frozen=True):
    """What was read from one log file, for the user to check the advisor read it right."""

    path: str
    format: str
    points: int
    first_step: int | None
    last_step: int | None
    segments: int
    notes: list[Text] = []
    """Remarks on how the log was read (steps, smoothing, restarts), in both languages."""

    @property
    def judgeable(self) -> bool:
        return self.points >= JUDGE_POINTS

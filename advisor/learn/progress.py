"""The learner's progress: a small JSON file in the user's data directory.

Where: `$ADVISOR_DATA_DIR/learn_progress.json` when that variable is set, otherwise
`platformdirs.user_data_path("advisor")/learn_progress.json` (e.g.
`~/.local/share/advisor/` on Linux, `%LOCALAPPDATA%\\advisor\\` on Windows): never inside the
project. Every function takes `path`, a directory, to put the file elsewhere (tests).

What (version 1):

    {"version": 1,
     "sessions": [{"id": "20240611T015207-4711", "date": "2024-06-11",
                   "right": 3, "total": 4,
                   "answers": [{"case": "...", "picked": "...", "answer": "...", "correct": true}]}],
     "confusion": {"lr_too_high": {"lr_too_high": 2, "warmup_too_short": 1}},
     "cases": {"lr_too_high_peak": {"tries": 3, "right": 2, "last": "lr_too_high"}}}

`confusion[answer][picked]` counts what the learner picked for cases whose answer is
`answer` (the diagonal is the right picks); `Progress.confusions()` lists the mistakes.

A file that cannot be read as this shape is never fatal: it is moved aside to
`learn_progress.json.bak` and a fresh record starts. A directory that cannot be written only
costs the record (`Progress.saved` is False); the practice goes on.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

FILE_NAME = "learn_progress.json"
ENV_DIR = "ADVISOR_DATA_DIR"
VERSION = 1

_session_id: str | None = None
"""The session this process is recording into (created by the first `record`)."""


@dataclass
class Session:
    id: str
    date: str
    right: int = 0
    total: int = 0
    answers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass
class Progress:
    path: Path
    sessions: list[Session] = field(default_factory=list)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    """answer -> picked -> count."""
    cases: dict[str, dict[str, Any]] = field(default_factory=dict)
    """case id -> {"tries", "right", "last"}."""
    recovered: bool = False
    """True when the file was unreadable and was moved to .bak on load."""
    saved: bool = True
    """False when the last write failed (unwritable directory)."""

    @property
    def right(self) -> int:
        return sum(s.right for s in self.sessions)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sessions)

    def session(self, session_id: str | None = None) -> Session | None:
        """The session with this id (default: the one this process records into), if any."""
        wanted = session_id or _session_id
        return next((s for s in self.sessions if s.id == wanted), None)

    def confusions(self) -> list[tuple[str, str, int]]:
        """(answer, picked instead, count) for every wrong pick, most frequent first."""
        out = [(answer, picked, n) for answer, row in self.confusion.items()
               for picked, n in row.items() if picked != answer and n > 0]
        return sorted(out, key=lambda t: (-t[2], t[0], t[1]))

    def solved(self) -> set[str]:
        """Case ids answered right at least once."""
        return {case for case, c in self.cases.items() if c.get("right", 0) > 0}

    def to_json(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "sessions": [{"id": s.id, "date": s.date, "right": s.right, "total": s.total,
                          "answers": s.answers} for s in self.sessions],
            "confusion": self.confusion,
            "cases": self.cases,
        }


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The directory holding the progress file: `path`, else $ADVISOR_DATA_DIR, else the
    platform's user data directory for "advisor"."""
    if path is not None:
        return Path(path)
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("advisor", appauthor=False)


def progress_file(path: str | os.PathLike[str] | None = None) -> Path:
    return data_dir(path) / FILE_NAME


def load(path: str | os.PathLike[str] | None = None) -> Progress:
    """The recorded progress (empty when there is none); never raises on a damaged file."""
    file = progress_file(path)
    try:
        raw = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Progress(file)
    except (OSError, UnicodeDecodeError):
        return _recover(file)
    try:
        return _parse(file, json.loads(raw))
    except (ValueError, TypeError, KeyError, AttributeError):
        return _recover(file)


def start_session(path: str | os.PathLike[str] | None = None) -> str:
    """Begin a new session (e.g. when the learn screen opens); later `record`s go into it."""
    global _session_id
    now = datetime.now()
    _session_id = f"{now:%Y%m%dT%H%M%S}-{os.getpid()}-{now.microsecond:06d}"
    return _session_id


def record(case_id: str, picked: str, correct: bool, *, answer: str | None = None,
           path: str | os.PathLike[str] | None = None) -> Progress:
    """Count one answer in the current session and in the confusion table, and save.

    `answer` is the case's expected answer (the confusion table's row); without it the
    picked answer stands for it when right, and the case id when wrong.
    """
    progress = load(path)
    if _session_id is None:
        start_session()
    session = progress.session()
    if session is None:
        session = Session(id=str(_session_id), date=datetime.now().date().isoformat())
        progress.sessions.append(session)
    row = answer or (picked if correct else case_id)
    session.total += 1
    session.right += bool(correct)
    session.answers.append({"case": case_id, "picked": picked, "answer": row, "correct": bool(correct)})
    counts = progress.confusion.setdefault(row, {})
    counts[picked] = counts.get(picked, 0) + 1
    case = progress.cases.setdefault(case_id, {"tries": 0, "right": 0, "last": None})
    case["tries"] += 1
    case["right"] += bool(correct)
    case["last"] = picked
    progress.saved = _save(progress)
    return progress


def reset(path: str | os.PathLike[str] | None = None) -> bool:
    """Forget all progress (`advisor learn --reset`). True if there was a file to remove."""
    global _session_id
    _session_id = None
    file = progress_file(path)
    try:
        file.unlink()
    except FileNotFoundError:
        return False
    return True


def _parse(file: Path, data: Any) -> Progress:
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise ValueError("not a version-1 progress record")
    sessions = []
    for s in data.get("sessions", []):
        sessions.append(Session(id=str(s["id"]), date=str(s["date"]), right=_count(s["right"]),
                                total=_count(s["total"]), answers=list(s.get("answers", []))))
    confusion = {str(a): {str(p): _count(n) for p, n in row.items()}
                 for a, row in dict(data.get("confusion", {})).items()}
    cases = {}
    for case_id, c in dict(data.get("cases", {})).items():
        cases[str(case_id)] = {"tries": _count(c["tries"]), "right": _count(c["right"]),
                               "last": c.get("last")}
    return Progress(file, sessions, confusion, cases)


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"not a count: {value!r}")
    return value


def _recover(file: Path) -> Progress:
    """Move the unreadable file to .bak (replacing an older one) and start fresh."""
    try:
        os.replace(file, file.with_name(file.name + ".bak"))
    except OSError:
        pass
    return Progress(file, recovered=True)


def _save(progress: Progress) -> bool:
    file = progress.path
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        temporary = file.with_name(f"{file.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(progress.to_json(), ensure_ascii=False, indent=1),
                             encoding="utf-8")
        os.replace(temporary, file)  # atomic: a crash mid-write never leaves half a file
    except OSError:
        return False
    return True


__all__ = ["ENV_DIR", "FILE_NAME", "Progress", "Session", "data_dir", "load", "progress_file",
           "record", "reset", "start_session"]

"""The progress file: saved in a data directory, robust to damage, reset on demand."""

from __future__ import annotations

import json
from pathlib import Path

from advisor.learn import progress


def test_empty_when_nothing_recorded(tmp_path):
    p = progress.load(tmp_path)
    assert p.sessions == [] and p.confusion == {} and p.total == 0 and not p.recovered
    assert p.path == tmp_path / progress.FILE_NAME


def test_record_saves_score_and_confusion(tmp_path):
    progress.start_session()
    progress.record("lr_too_high_peak", "lr_too_high", True, answer="lr_too_high", path=tmp_path)
    progress.record("postln_no_warmup", "lr_too_high", False, answer="warmup_too_short", path=tmp_path)
    p = progress.record("postln_no_warmup", "warmup_too_short", True, answer="warmup_too_short",
                        path=tmp_path)
    assert p.saved
    again = progress.load(tmp_path)
    assert len(again.sessions) == 1
    session = again.sessions[0]
    assert (session.right, session.total) == (2, 3) and abs(session.score - 2 / 3) < 1e-9
    assert session.date and session.answers[1] == {
        "case": "postln_no_warmup", "picked": "lr_too_high", "answer": "warmup_too_short",
        "correct": False}
    assert again.confusion == {"lr_too_high": {"lr_too_high": 1},
                               "warmup_too_short": {"lr_too_high": 1, "warmup_too_short": 1}}
    assert again.confusions() == [("warmup_too_short", "lr_too_high", 1)]
    assert again.cases["postln_no_warmup"] == {"tries": 2, "right": 1, "last": "warmup_too_short"}
    assert again.solved() == {"lr_too_high_peak", "postln_no_warmup"}
    data = json.loads((tmp_path / progress.FILE_NAME).read_text(encoding="utf-8"))
    assert data["version"] == 1


def test_a_new_session_is_scored_on_its_own(tmp_path):
    progress.start_session()
    progress.record("a", "x", False, answer="y", path=tmp_path)
    progress.start_session()
    p = progress.record("b", "y", True, answer="y", path=tmp_path)
    assert [(s.right, s.total) for s in p.sessions] == [(0, 1), (1, 1)]
    assert p.session().total == 1 and (p.right, p.total) == (1, 2)


def test_corrupt_file_starts_fresh_and_keeps_a_backup(tmp_path):
    file = tmp_path / progress.FILE_NAME
    file.write_text("{not json", encoding="utf-8")
    p = progress.load(tmp_path)
    assert p.recovered and p.total == 0
    assert (tmp_path / (progress.FILE_NAME + ".bak")).read_text(encoding="utf-8") == "{not json"
    p = progress.record("a", "x", True, path=tmp_path)
    assert p.saved and progress.load(tmp_path).total == 1


def test_wrong_shape_is_corrupt_too(tmp_path):
    for content in ('[1, 2]', '{"version": 1, "sessions": [{"id": 1}]}',
                    '{"version": 1, "confusion": {"a": {"b": -3}}}', '{"version": 99}'):
        (tmp_path / progress.FILE_NAME).write_text(content, encoding="utf-8")
        assert progress.load(tmp_path).recovered, content


def test_undecodable_bytes_are_corrupt(tmp_path):
    (tmp_path / progress.FILE_NAME).write_bytes(b"\xff\xfe\x00garbage")
    assert progress.load(tmp_path).recovered


def test_reset_forgets_everything(tmp_path):
    progress.record("a", "x", True, path=tmp_path)
    assert progress.reset(tmp_path) is True
    assert progress.load(tmp_path).total == 0
    assert progress.reset(tmp_path) is False  # nothing left to remove


def test_environment_variable_chooses_the_directory(tmp_path, monkeypatch):
    monkeypatch.setenv(progress.ENV_DIR, str(tmp_path / "elsewhere"))
    p = progress.record("a", "x", True)
    assert p.path == tmp_path / "elsewhere" / progress.FILE_NAME and p.path.is_file()


def test_default_is_the_user_data_directory_outside_the_project(monkeypatch):
    from platformdirs import user_data_path

    monkeypatch.delenv(progress.ENV_DIR, raising=False)
    where = progress.progress_file()
    assert where.parent == user_data_path("advisor", appauthor=False)
    project = Path(__file__).resolve().parents[2]
    assert project not in where.resolve().parents


def test_unwritable_directory_costs_only_the_record(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("x", encoding="utf-8")
    p = progress.record("a", "x", True, path=blocker / "sub")  # parent is a file: cannot mkdir
    assert p.saved is False and p.total == 1

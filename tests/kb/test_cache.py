"""The msgpack cache of the validated knowledge base: used when fresh, rebuilt when not."""

from __future__ import annotations

import os
import shutil

from advisor import kb as kb_module
from tests.conftest import DATA


def load(root):
    return kb_module._cached.__wrapped__(root)


def test_cache_is_written_reused_and_invalidated(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("ADVISOR_NO_CACHE", raising=False)
    root = tmp_path / "kb"
    shutil.copytree(DATA / "kb_minimal", root)
    first = load(root)
    files = list((tmp_path / "cache" / "advisor").glob("kb-*.msgpack"))
    assert len(files) == 1
    assert load(root) == first  # read back from the cache

    symptoms = root / "symptoms.yaml"
    symptoms.write_text(symptoms.read_text().replace("Divergence}", "Divergence!}"))
    os.utime(symptoms, ns=(10**18, 10**18))
    changed = load(root)
    assert changed.symptoms["divergence"].title.en == "Divergence!"
    assert len(list((tmp_path / "cache" / "advisor").glob("kb-*.msgpack"))) == 1  # stale one removed


def test_damaged_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "kb"
    shutil.copytree(DATA / "kb_minimal", root)
    first = load(root)
    for file in (tmp_path / "cache" / "advisor").glob("kb-*.msgpack"):
        file.write_bytes(b"not msgpack")
    assert load(root) == first


def test_unwritable_cache_directory_only_costs_speed(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file, so mkdir fails
    root = tmp_path / "kb"
    shutil.copytree(DATA / "kb_minimal", root)
    assert "lr_too_high" in load(root).causes

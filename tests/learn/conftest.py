"""Fixtures for the `advisor learn` tests: progress never touches the real data directory."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path_factory, monkeypatch):
    """Every test records progress into its own temporary directory, never the user's."""
    from advisor.learn import progress

    folder = tmp_path_factory.mktemp("advisor-data")
    monkeypatch.setenv(progress.ENV_DIR, str(folder))
    monkeypatch.setattr(progress, "_session_id", None)
    return folder

"""Shared fixtures: the real knowledge base, the CLI in-process, and the installed command."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@dataclass
class Result:
    exit_status: int
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def kb():
    from advisor.kb import load_knowledge

    return load_knowledge()


@pytest.fixture
def run_cli():
    """Run `advisor ARGS` in-process and capture what it prints."""
    from advisor.cli import main
    from advisor.cli.output import IO

    def run(*args: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        code = main(list(args), IO(stdout=out, stderr=err, stdin=io.StringIO()))
        return Result(code, out.getvalue(), err.getvalue())

    return run


def installed_advisor() -> str:
    """The `advisor` console script next to this interpreter (the installed package)."""
    candidate = Path(sys.executable).parent / "advisor"
    found = str(candidate) if candidate.exists() else shutil.which("advisor")
    if not found:
        pytest.fail("the `advisor` command is not installed: run `pip install .` first")
    return found


@pytest.fixture
def run_installed(tmp_path):
    """Run the installed `advisor` command as a subprocess, from a neutral directory."""

    def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: float = 60) -> Result:
        environment = {**os.environ, "LANG": "C.UTF-8", **(env or {})}
        proc = subprocess.run([installed_advisor(), *args], capture_output=True, text=True,
                              cwd=cwd or tmp_path, env=environment, timeout=timeout,
                              stdin=subprocess.DEVNULL)
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return run

"""The wheel ships the knowledge base and the layers keep their import rules."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_contains_every_knowledge_file(tmp_path):
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path),
                    str(ROOT)], check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("advisor-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"advisor/knowledge/{p.relative_to(ROOT / 'knowledge').as_posix()}"
                for p in (ROOT / "knowledge").rglob("*.yaml")}
    assert expected and expected <= names


def test_import_contracts_hold():
    proc = subprocess.run([str(Path(sys.executable).parent / "lint-imports")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr

"""Where `knowledge/` is: the copy installed inside the package first, the source checkout second.

A wheel carries the YAML as `advisor/knowledge/` (hatch force-include); a source checkout or
an editable install has it at the repository root, beside the `advisor/` package.
"""

from __future__ import annotations

from pathlib import Path


def knowledge_dir() -> Path:
    """The directory holding the knowledge base YAML files."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "knowledge"
    if (installed / "causes").is_dir():
        return installed
    return package.parent / "knowledge"


def display_path(path: Path) -> str:
    """A path as the user should see it in an error: relative to the cwd when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)

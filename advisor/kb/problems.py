"""Knowledge-base problems: raised at the first one, or collected for `advisor kb check`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from advisor.errors import KnowledgeError
from advisor.kb.files import display_path
from advisor.kb.yaml_source import PathPart, line_of


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass
class Problems:
    """Where problems go: `collect=False` raises KnowledgeError at the first one."""

    collect: bool = False
    items: list[Problem] = field(default_factory=list)

    def add(self, path: Path, message: str, at: list[PathPart] | None = None,
            line: int | None = None) -> None:
        """Record a problem in `path`, at a known `line` or at the YAML node `at`."""
        if line is None and at is not None:
            line = line_of(path, at)
        problem = Problem(display_path(path), line, message)
        if not self.collect:
            raise KnowledgeError(str(problem))
        self.items.append(problem)

    def __bool__(self) -> bool:
        return bool(self.items)

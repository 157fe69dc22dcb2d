"""Safe YAML reading, and mapping a path inside a document back to its line.

Documents are parsed once, fast, with the C safe loader. Only when something is wrong do we
parse the file again as a node tree to find the line of the offending key, so the common
path pays nothing for line tracking and every reported line is one the YAML reader saw.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from advisor.errors import KnowledgeError
from advisor.kb.files import display_path

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathPart = str | int


class YamlFileError(KnowledgeError):
    """A file that cannot be read or parsed, with the line where the parser stopped."""

    def __init__(self, path: Path, line: int | None, reason: str) -> None:
        where = f"{display_path(path)}:{line}" if line else display_path(path)
        super().__init__(f"{where}: {reason}")
        self.path, self.line, self.reason = path, line, reason


def load_yaml(path: Path) -> Any:
    """Parse one file with the safe loader; a syntax error becomes `file:line: message`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlFileError(path, None, f"cannot read: {exc}") from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlFileError(path, mark.line + 1 if mark else None,
                            f"YAML syntax error: {problem}") from None


def line_of(path: Path, parts: list[PathPart]) -> int | None:
    """1-based line of the node at `parts` (keys and list indices), or of its nearest parent."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for part in parts:
        child = _child(node, part)
        if child is None:
            break
        node, line = child
    return line


def _child(node: yaml.Node | None, part: PathPart) -> tuple[yaml.Node, int] | None:
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item = node.value[part]
        return item, item.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == part:
                return value, key.start_mark.line + 1
    return None

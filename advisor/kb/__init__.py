"""The only door to `knowledge/`: load (cached) and lint the knowledge base."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from advisor.kb.files import knowledge_dir
from advisor.kb.loader import load_knowledge as _load
from advisor.kb.problems import Problem, Problems
from advisor.model.knowledge import KnowledgeBase

__all__ = ["KnowledgeBase", "Problem", "Problems", "knowledge_dir", "load_knowledge"]


def load_knowledge(root: Path | None = None) -> KnowledgeBase:
    """The knowledge base at `root` (default: the shipped one); raises at the first problem."""
    return _cached(root or knowledge_dir())


@lru_cache(maxsize=4)
def _cached(root: Path) -> KnowledgeBase:
    return _load(root)

"""Plain data types shared by every layer: no I/O, no behaviour beyond small helpers."""

from advisor.model.finding import Finding
from advisor.model.knowledge import (
    FRAMEWORKS, Cause, Check, Code, FindingInfo, Fix, KnowledgeBase, Myth, Option, Playbook,
    PlaybookStep, Question, SeedItem, Symptom, Term, Tree, TreeNode,
)
from advisor.model.text import LANGS, Lang, Phrases, Text, detect_lang, has_han

__all__ = [
    "FRAMEWORKS", "LANGS", "Cause", "Check", "Code", "Finding", "Fix", "KnowledgeBase", "Lang", "Myth",
    "FindingInfo", "Option", "Question", "Tree", "TreeNode",
    "Phrases", "Playbook", "PlaybookStep", "SeedItem", "Symptom", "Term", "Text",
    "detect_lang", "has_han",
]

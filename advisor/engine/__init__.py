"""Reasoning: free text, answers and log findings -> a ranked, explained diagnosis.

The engine receives a KnowledgeBase and never loads one, and knows nothing of any UI.
"""

from advisor.engine.consult import diagnose
from advisor.engine.explain import how_concluded, why_asking
from advisor.engine.query import Query, understand
from advisor.engine.session import Session

__all__ = ["Query", "Session", "diagnose", "how_concluded", "understand", "why_asking"]

"""Walk the decision tree over the known facts: where it stops is the next question."""

from __future__ import annotations

import msgspec

from advisor.engine.facts import describe
from advisor.model.diagnosis import Fact, TraceStep
from advisor.model.knowledge import KnowledgeBase, TreeNode
from advisor.model.text import Text


class Walk(msgspec.Struct, frozen=True):
    trace: list[TraceStep]
    next_question: str | None
    """The first unanswered question on the path, or None when a leaf was reached."""
    leaf: TreeNode | None
    node: str | None
    """The node that asks `next_question`."""


def walk(kb: KnowledgeBase, facts: dict[str, Fact]) -> Walk:
    if kb.tree is None:
        return Walk([], None, None, None)
    nodes = {n.id: n for n in kb.tree.nodes}
    node, trace, seen = nodes[kb.tree.start], [], set()
    while node.ask:
        if node.id in seen:  # kb check forbids cycles; never loop on a broken tree
            break
        seen.add(node.id)
        fact = facts.get(node.ask)
        if fact is None:
            return Walk(trace, node.ask, None, node.id)
        trace.append(TraceStep("skip", _passed(kb, fact), node=node.id, question=node.ask))
        node = nodes[node.next.get(fact.option, node.next.get("default", ""))]
    trace.append(TraceStep("conclude", _leaf_text(kb, node), node=node.id))
    return Walk(trace, None, node, None)


def _passed(kb: KnowledgeBase, fact: Fact) -> Text:
    said = describe(kb, fact)
    if fact.source == "answer":
        return said
    return Text(zh=f"跳过已回答的问题 — {said.zh}", en=f"Skipped, already answered — {said.en}")


def _leaf_text(kb: KnowledgeBase, leaf: TreeNode) -> Text:
    titles = [kb.causes[c].title for c in leaf.conclude if c in kb.causes]
    return Text(zh="决策树的路径指向：" + "、".join(t.zh for t in titles),
                en="The decision path points to: " + ", ".join(t.en for t in titles))

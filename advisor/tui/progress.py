"""How far along the guided questions are, read off the diagnosis trace and the tree's shape.

No reasoning happens here: the engine already decided which node asks the next question
(its trace lists the nodes it passed); this only counts the questions behind that node and
the longest chain of questions that can still follow it, for the progress bar.
"""

from __future__ import annotations

from advisor.model.diagnosis import Diagnosis
from advisor.model.knowledge import KnowledgeBase, TreeNode


def progress(kb: KnowledgeBase, diagnosis: Diagnosis) -> tuple[int, int]:
    """(questions the user answered on the path, most questions left including the current one).

    Questions the log or the description answered are passed over without counting: the
    user sees "Question 2" after answering one, not "Question 4"."""
    passed = [step for step in diagnosis.trace if step.kind == "skip"]
    by_user = {f.question for f in diagnosis.facts if f.source == "answer"}
    answered = sum(1 for step in passed if step.question in by_user)
    if kb.tree is None or diagnosis.next_question is None:
        return answered, 0
    nodes = {n.id: n for n in kb.tree.nodes}
    candidates = [kb.tree.start]
    if passed:
        last = nodes.get(passed[-1].node or "")
        candidates = list(last.next.values()) if last else []
    current = next((c for c in candidates if c in nodes and nodes[c].ask == diagnosis.next_question),
                   None)
    if current is None:  # a tree that changed under us; still show something sensible
        return answered, 1
    return answered, _depth(nodes, current, {})


def _depth(nodes: dict[str, TreeNode], node_id: str, memo: dict[str, int]) -> int:
    """Questions on the longest path from `node_id` to a leaf (the tree is acyclic: kb check)."""
    if node_id not in memo:
        node = nodes[node_id]
        memo[node_id] = 0  # guards a broken (cyclic) tree against endless recursion
        if node.ask:
            memo[node_id] = 1 + max((_depth(nodes, child, memo) for child in set(node.next.values())
                                     if child in nodes), default=0)
    return memo[node_id]

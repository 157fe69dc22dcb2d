"""`advisor kb check`: every problem in the knowledge base, not just the first.

The loader already reports schema errors and unknown references in collect mode; the rules
here need the whole knowledge base: contract coverage, bilingual parity, unused symptoms,
seed coverage, and the guard that nothing recommends raising the learning rate against a
spike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec

from advisor.kb.loader import LIST_FILES, load_knowledge
from advisor.kb.problems import Problems
from advisor.kb.yaml_source import YamlFileError, load_yaml
from advisor.model.knowledge import Fix, KnowledgeBase
from advisor.model.text import Text, has_han

CONTRACT_CAUSES = (
    "lr_too_high", "warmup_too_short", "lr_schedule_misconfigured", "resume_state_lost",
    "exploding_gradients", "bad_data_batch", "preprocessing_error", "data_order", "fp16_overflow",
    "numerical_instability", "loss_function_mismatch", "poor_initialization",
    "architecture_instability", "optimizer_misconfigured", "batch_size_mismatch",
    "over_regularization", "overfitting", "distributed_desync", "batchnorm_issue",
    "training_loop_bug", "finetune_instability", "data_distribution_shift", "framework_bug",
    "planned_phase_switch", "logging_artifact",
)

# A sentence that tells the reader to raise the learning rate. Descriptions ("a higher rate
# overshoots") are fine; imperatives are what the guard is after.
_RAISE_LR = re.compile(
    r"\b(?:increas\w*|rais\w*|boost\w*|bump\w*(?: up)?|doubl\w*|scal\w* up)\s+(?:\w+\s+){0,3}?"
    r"(?:learning[- ]rates?|lrs?)\b"
    r"|\b(?:use|try|set|pick|choose|switch to)\s+(?:a\s+|the\s+)?(?:higher|larger|bigger)\s+"
    r"(?:peak\s+)?(?:learning[- ]rates?|lrs?)\b"
    r"|(?:增大|提高|调高|增加|加大|提升|调大|放大)[^，。；、,;\n]{0,6}学习率"
    r"|学习率(?:调高|调大|增大|提高|加大|翻倍)",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|never|don't|do not|instead of|rather than|avoid|wrong|myth|no)\b"
    r"|不要|别|切勿|而不是|不应|不能|不是|勿|错误|避免|误区|反而|并非|无法",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|[。！？；\n]")


def check(root: Path) -> Problems:
    """Every problem under `root`, collected."""
    problems = Problems(collect=True)
    kb = load_knowledge(root, problems)
    for rule in (_contract, _unused_symptoms, _tree, _bilingual, _raise_lr_guard):
        rule(kb, root, problems)
    return problems


def _contract(kb: KnowledgeBase, root: Path, problems: Problems) -> None:
    for cause_id in CONTRACT_CAUSES:
        if cause_id not in kb.causes:
            problems.add(root / "causes" / f"{cause_id}.yaml", "contract cause missing")


def _unused_symptoms(kb: KnowledgeBase, root: Path, problems: Problems) -> None:
    used = {s for cause in kb.causes.values() for s in cause.symptoms}
    for index, symptom_id in enumerate(kb.symptoms):
        if symptom_id not in used:
            problems.add(root / "symptoms.yaml", f"symptom '{symptom_id}' is not produced by any cause",
                         [index, "id"])


def _bilingual(kb: KnowledgeBase, root: Path, problems: Problems) -> None:
    """Chinese fields hold Chinese, English fields hold English, and neither is a stub."""
    for path, parts, text in _texts(kb, root):
        if has_han(text.en):
            problems.add(path, f"{_dotted(parts)}.en contains Chinese characters", parts + ["en"])
        if len(text.zh) > 12 and not has_han(text.zh) and text.zh != text.en:  # names stay names
            problems.add(path, f"{_dotted(parts)}.zh is not Chinese", parts + ["zh"])
        elif len(text.en) >= 160 and len(text.zh) < 0.18 * len(text.en):
            problems.add(path, f"{_dotted(parts)}.zh is much shorter than .en "
                               f"({len(text.zh)} vs {len(text.en)} characters): translate it fully",
                         parts + ["zh"])


def _raise_lr_guard(kb: KnowledgeBase, root: Path, problems: Problems) -> None:
    for path, parts, text in _texts(kb, root, skip_claims=True):
        for lang in ("zh", "en"):
            for sentence in _SENTENCE.split(getattr(text, lang)):
                if _RAISE_LR.search(sentence) and not _NEGATION.search(sentence):
                    problems.add(path, f"{_dotted(parts)}.{lang} recommends raising the learning rate "
                                       f"(only a plateau-only fix may): {sentence.strip()[:80]!r}",
                                 parts + [lang])


def _texts(kb: KnowledgeBase, root: Path, skip_claims: bool = False
           ) -> Iterator[tuple[Path, list[Any], Text]]:
    """(file, YAML path, text) for every bilingual text in the knowledge base."""
    for cause in kb.causes.values():
        yield from _walk(cause, root / "causes" / f"{cause.id}.yaml", [], skip_claims)
    for attr, name, _ in LIST_FILES:
        ids = _raw_ids(root / name)
        for entry in getattr(kb, attr).values():
            if entry.id in ids:
                yield from _walk(entry, root / name, [ids.index(entry.id)], skip_claims)


def _raw_ids(path: Path) -> list[Any]:
    """Entry ids in file order, so problems point at the right list item."""
    try:
        raw = load_yaml(path)
    except YamlFileError:
        return []  # already reported by the loader
    return [item.get("id") if isinstance(item, dict) else None for item in raw or []]


def _walk(value: Any, path: Path, parts: list[Any], skip_claims: bool) -> Iterator:
    if isinstance(value, Text):
        yield path, parts, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, path, parts + [index], skip_claims)
    elif isinstance(value, msgspec.Struct):
        if skip_claims and isinstance(value, Fix) and value.only_for == ["plateau"]:
            return  # a plateau-only fix may say "raise the learning rate"
        for name in value.__struct_fields__:
            if skip_claims and name == "claim":
                continue  # a myth states the wrong belief on purpose
            yield from _walk(getattr(value, name), path, parts + [name], skip_claims)


def _dotted(parts: list[Any]) -> str:
    """A field path for messages; a list file's leading entry index is left to the line."""
    if parts and isinstance(parts[0], int):
        parts = parts[1:]
    return ".".join(str(p) for p in parts) or "entry"


def _tree(kb: KnowledgeBase, root: Path, problems: Problems) -> None:
    """Every node reachable, no cycles, every option of an asked question handled."""
    tree, path = kb.tree, root / "tree.yaml"
    if tree is None:
        return
    nodes = {n.id: (i, n) for i, n in enumerate(tree.nodes)}
    for i, node in enumerate(tree.nodes):
        if bool(node.ask) == bool(node.conclude):
            problems.add(path, f"node '{node.id}' must either ask a question or conclude", ["nodes", i])
        question = kb.questions.get(node.ask or "")
        if question and "default" not in node.next:
            missing = [o.id for o in question.options if o.id not in node.next]
            if missing:
                problems.add(path, f"node '{node.id}' does not handle option(s) {', '.join(missing)} "
                                   f"of '{question.id}' (add them or a `default`)", ["nodes", i, "next"])
    reached = _walk_tree(tree.start, nodes, path, problems)
    for node_id, (i, _) in nodes.items():
        if node_id not in reached:
            problems.add(path, f"node '{node_id}' is unreachable from '{tree.start}'", ["nodes", i])


def _walk_tree(start: str, nodes: dict, path: Path, problems: Problems) -> set[str]:
    """Depth-first walk that reports the first back edge of every cycle."""
    reached: set[str] = set()
    on_path: list[str] = []

    def visit(node_id: str) -> None:
        if node_id in on_path:
            cycle = " -> ".join([*on_path[on_path.index(node_id):], node_id])
            problems.add(path, f"cycle in the decision tree: {cycle}", ["nodes", nodes[on_path[-1]][0]])
            return
        if node_id in reached or node_id not in nodes:
            return
        reached.add(node_id)
        on_path.append(node_id)
        for target in dict.fromkeys(nodes[node_id][1].next.values()):
            visit(target)
        on_path.pop()

    visit(start)
    return reached

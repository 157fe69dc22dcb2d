"""YAML files -> validated, cross-referenced `KnowledgeBase`.

Each entry is converted on its own so that, in collect mode, one broken entry does not
hide the problems of the next (msgspec stops at the first error in a value).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import msgspec

from advisor.errors import KnowledgeError
from advisor.kb.problems import Problems
from advisor.kb.yaml_source import PathPart, YamlFileError, load_yaml
from advisor.model.knowledge import (
    CaseStudy, Cause, FindingInfo, KnowledgeBase, Myth, Playbook, Question, SeedItem, Symptom, Synonym, Term, Tree,
)

# (attribute of KnowledgeBase, file name, entry type) for the files holding lists of entries.
LIST_FILES: tuple[tuple[str, str, type], ...] = (
    ("symptoms", "symptoms.yaml", Symptom),
    ("myths", "myths.yaml", Myth),
    ("terms", "glossary.yaml", Term),
    ("playbooks", "playbooks.yaml", Playbook),
    ("seed", "seed_map.yaml", SeedItem),
    ("questions", "questions.yaml", Question),
    ("findings", "findings.yaml", FindingInfo),
    ("lexicon", "lexicon.yaml", Synonym),
    ("cases", "case_studies.yaml", CaseStudy),
)
TREE_FILE = "tree.yaml"

_AT = re.compile(r" - at `\$(?P<path>[^`]*)`$")
_PART = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
_UNKNOWN = re.compile(r"unknown field `([^`]+)`")


def load_knowledge(root: Path, problems: Problems | None = None) -> KnowledgeBase:
    """Load every file under `root`; problems raise unless `problems` collects them."""
    problems = problems if problems is not None else Problems()
    if not root.is_dir():
        raise KnowledgeError(f"{root}: knowledge directory not found")
    causes = _load_causes(root / "causes", problems)
    lists = {attr: _load_list(root / name, kind, problems) for attr, name, kind in LIST_FILES}
    tree = _load_tree(root / TREE_FILE, problems)
    kb = KnowledgeBase(causes={c.id: c for c, _, _ in causes}, tree=tree[0][0] if tree else None,
                       **{attr: {e.id: e for e, _, _ in entries} for attr, entries in lists.items()})
    where = {"causes": causes, **lists, "tree": tree}
    _check_references(kb, where, problems)
    return kb


Located = tuple[Any, Path, list[PathPart]]
"""An entry with the file and YAML path it came from, for precise messages."""


def _load_causes(folder: Path, problems: Problems) -> list[Located]:
    found: list[Located] = []
    if not folder.is_dir():
        problems.add(folder, "directory missing")
        return found
    for path in sorted(folder.glob("*.yaml")):
        data = _read(path, problems)
        if data is _UNREADABLE:
            continue
        cause = _convert(data, Cause, path, [], problems)
        if cause is None:
            continue
        if cause.id != path.stem:
            problems.add(path, f"id '{cause.id}' does not match the file name '{path.stem}'", ["id"])
        found.append((cause, path, []))
    return found


def _load_list(path: Path, kind: type, problems: Problems) -> list[Located]:
    if not path.is_file():
        problems.add(path, "file missing")
        return []
    data = _read(path, problems)
    if data is _UNREADABLE:
        return []
    if not isinstance(data, list):
        problems.add(path, f"expected a list of {kind.__name__.lower()} entries", [])
        return []
    found: list[Located] = []
    seen: set[str] = set()
    for index, item in enumerate(data):
        entry = _convert(item, kind, path, [index], problems)
        if entry is None:
            continue
        if entry.id in seen:
            problems.add(path, f"duplicate id '{entry.id}'", [index, "id"])
            continue
        seen.add(entry.id)
        found.append((entry, path, [index]))
    return found


_UNREADABLE = object()
"""What `_read` returns for a file whose problem is already reported."""


def _load_tree(path: Path, problems: Problems) -> list[Located]:
    if not path.is_file():
        problems.add(path, "file missing")
        return []
    data = _read(path, problems)
    tree = None if data is _UNREADABLE else _convert(data, Tree, path, [], problems)
    return [(tree, path, [])] if tree is not None else []


def _read(path: Path, problems: Problems) -> Any:
    try:
        return load_yaml(path)
    except YamlFileError as exc:
        problems.add(exc.path, exc.reason, line=exc.line)
        return _UNREADABLE


_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])")


def _tidy(data: Any) -> Any:
    """Drop the spaces YAML folding puts between two Chinese characters at a line break."""
    if isinstance(data, dict):
        return {k: (_CJK_GAP.sub("", v) if k == "zh" and isinstance(v, str) else _tidy(v))
                for k, v in data.items()}
    if isinstance(data, list):
        return [_tidy(v) for v in data]
    return data


def _convert(data: Any, kind: type, path: Path, base: list[PathPart], problems: Problems) -> Any:
    try:
        return msgspec.convert(_tidy(data), kind)
    except msgspec.ValidationError as exc:
        message, parts = _explain(str(exc))
        problems.add(path, message, base + parts)
        return None


def _explain(error: str) -> tuple[str, list[PathPart]]:
    """msgspec's "Expected `str`, got `int` - at `$.title.zh`" -> ("title.zh: expected ...", parts)."""
    match = _AT.search(error)
    text = error[: match.start()] if match else error
    parts: list[PathPart] = []
    if match:
        for key, index in _PART.findall(match.group("path")):
            parts.append(key if key else int(index))
    unknown = _UNKNOWN.search(text)
    if unknown:
        parts.append(unknown.group(1))
    dotted = ".".join(str(p) for p in parts)
    text = text[0].lower() + text[1:]
    return (f"{dotted}: {text}" if dotted else text), parts


def _check_references(kb: KnowledgeBase, where: dict[str, list[Located]], problems: Problems) -> None:
    """Every id an entry mentions must exist, with the kind the field expects."""
    fix_refs = {f"{c.id}.{f.id}" for c in kb.causes.values() for f in c.fixes}
    nodes = {n.id for n in kb.tree.nodes} if kb.tree else set()
    targets = {
        "symptom": kb.symptoms.keys(), "cause": kb.causes.keys(), "term": kb.terms.keys(),
        "question": kb.questions.keys(), "node": nodes, "myth": kb.myths.keys(),
        "finding": kb.findings.keys(), "cause or healthy": kb.causes.keys() | {"healthy"},
        "term or cause": kb.terms.keys() | kb.causes.keys(),
        "cause, cause.fix, myth or playbook":
            kb.causes.keys() | fix_refs | kb.myths.keys() | kb.playbooks.keys(),
    }
    for attr, entries in where.items():
        for entry, path, base in entries:
            for field, kind, refs in _references(attr, entry, kb):
                known = targets.get(kind)
                if known is None:  # the options of one question
                    question = kb.questions.get(kind.split(" ", 1)[1])
                    if question is None:
                        continue  # the unknown question itself is reported
                    known = {o.id for o in question.options} | {"unknown"}
                for index, ref in refs:
                    if ref not in known and ref != "default":
                        problems.add(path, f"{'.'.join(map(str, field))}: {_unknown(kind, ref)}",
                                     base + field + [index])


def _unknown(kind: str, ref: str) -> str:
    if kind.startswith("options "):
        return f"'{ref}' is not an option of question '{kind.split(' ', 1)[1]}'"
    return f"unknown {kind} id '{ref}'"


def _references(attr: str, entry: Any, kb: KnowledgeBase):
    """(field path, target kind, [(key, id)]) for each group of references in an entry.

    A target kind "options QUESTION" means the option ids of that question.
    """
    def each(ids) -> list[tuple[Any, str]]:
        return list(enumerate(ids)) if isinstance(ids, list) else [(k, k) for k in ids]

    if attr == "causes":
        yield ["symptoms"], "symptom", each(entry.symptoms)
        yield ["related"], "cause", each(entry.related)
        yield ["terms"], "term", each(entry.terms)
        for i, fix in enumerate(entry.fixes):
            yield ["fixes", i, "only_for"], "symptom", each(fix.only_for)
    elif attr in ("myths", "playbooks"):
        yield ["causes"], "cause", each(entry.causes)
    elif attr == "terms":
        yield ["see"], "term or cause", each(entry.see)
    elif attr == "seed":
        yield ["maps_to"], "cause, cause.fix, myth or playbook", each(entry.maps_to)
    elif attr == "questions":
        for i, option in enumerate(entry.options):
            yield ["options", i, "weights"], "cause", each(option.weights)
            yield ["options", i, "symptoms"], "symptom", each(option.symptoms)
        yield ["negation"], f"options {entry.id}", each(entry.negation)
        yield ["negation"], f"options {entry.id}", [(k, v) for k, v in entry.negation.items()]
    elif attr == "findings":
        yield ["answers"], "question", each(entry.answers)
        for question, option in entry.answers.items():
            yield ["answers"], f"options {question}", [(question, option)]
        yield ["weights"], "cause", each(entry.weights)
    elif attr == "cases":
        yield ["answer"], "cause or healthy", [("answer", entry.answer)]
        yield ["accept"], "cause", each(entry.accept)
        yield ["myth"], "myth", [("myth", entry.myth)] if entry.myth else []
        yield ["finding"], "finding", [("finding", entry.finding)] if entry.finding else []
    elif attr == "tree":
        yield ["start"], "node", [("start", entry.start)]
        for i, node in enumerate(entry.nodes):
            if node.ask:
                yield ["nodes", i, "ask"], "question", [("ask", node.ask)]
                yield ["nodes", i, "next"], f"options {node.ask}", each(node.next)
            yield ["nodes", i, "next"], "node", [(k, v) for k, v in node.next.items()]
            yield ["nodes", i, "conclude"], "cause", each(node.conclude)

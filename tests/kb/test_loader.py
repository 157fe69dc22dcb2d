"""The loader's error messages on broken knowledge: file, line, what is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from advisor.errors import KnowledgeError
from advisor.kb.lint import check
from advisor.kb.loader import load_knowledge
from tests.conftest import DATA

BROKEN = DATA / "kb_broken"

# defect folder -> (file:line the message must start with, fragment it must contain)
EXPECTED = {
    "syntax_error": ("symptoms.yaml:4", "YAML syntax error"),
    "missing_zh": ("glossary.yaml:3", "definition: object missing required field `zh`"),
    "unknown_symptom_ref": ("causes/lr_too_high.yaml:13", "unknown symptom id 'loss_goes_brrr'"),
    "unknown_field": ("myths.yaml:5", "unknown field `reasoning`"),
    "duplicate_id": ("symptoms.yaml:5", "duplicate id 'divergence'"),
    "id_filename_mismatch": ("causes/lr_too_high.yaml:1", "does not match the file name"),
    "wrong_type": ("causes/lr_too_high.yaml:18", "fixes.0.id: expected `str`, got `int`"),
    "tree_unknown_option": ("tree.yaml:5", "nodes.0.next: 'explodes' is not an option of question 'loss_behavior'"),
    "unknown_seed_target": ("seed_map.yaml:5", "unknown cause, cause.fix, myth or playbook id 'lr_too_high.lower_lr'"),
}


def broken_kb(tmp_path: Path, defect: str) -> Path:
    """The minimal valid knowledge base with the defect's files laid over it."""
    root = tmp_path / "kb"
    shutil.copytree(DATA / "kb_minimal", root)
    shutil.copytree(BROKEN / defect, root, dirs_exist_ok=True)
    return root


def test_minimal_fixture_is_valid():
    kb = load_knowledge(DATA / "kb_minimal")
    assert list(kb.causes) == ["lr_too_high"]
    assert kb.causes["lr_too_high"].fixes[0].code.pytorch.startswith("optimizer")


def test_every_defect_folder_has_an_expectation():
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted([*EXPECTED, "raise_lr_advice", "tree_cycle"])


@pytest.mark.parametrize("defect", sorted(EXPECTED))
def test_broken_file_gives_file_line_and_reason(tmp_path, defect):
    where, fragment = EXPECTED[defect]
    root = broken_kb(tmp_path, defect)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    message = str(caught.value)
    path, line = where.rsplit(":", 1)
    assert message.startswith(f"{root / path}:{line}: ") or message.startswith(f"{path}:{line}: ")
    assert fragment in message
    assert "\n" not in message


@pytest.mark.parametrize("defect", sorted(EXPECTED))
def test_check_collects_the_same_problem(tmp_path, defect):
    where, fragment = EXPECTED[defect]
    problems = check(broken_kb(tmp_path, defect))
    assert any(fragment in p.message and p.file.endswith(where.rsplit(":", 1)[0])
               and p.line == int(where.rsplit(":", 1)[1]) for p in problems.items), problems.items


def test_check_keeps_going_after_the_first_problem(tmp_path):
    root = broken_kb(tmp_path, "unknown_field")
    shutil.copytree(BROKEN / "missing_zh", root, dirs_exist_ok=True)
    messages = [p.message for p in check(root).items]
    assert any("reasoning" in m for m in messages)
    assert any("missing required field `zh`" in m for m in messages)


def test_yaml_is_loaded_safely(tmp_path):
    root = broken_kb(tmp_path, "unknown_field")
    (root / "myths.yaml").write_text("- !!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    assert "myths.yaml:1" in str(caught.value)

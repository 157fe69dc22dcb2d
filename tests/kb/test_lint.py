"""Whole-knowledge-base rules of `advisor kb check`."""

from __future__ import annotations

import pytest

from advisor.kb.lint import _NEGATION, _RAISE_LR, check
from tests.kb.test_loader import broken_kb


def recommends_raising(sentence: str) -> bool:
    return bool(_RAISE_LR.search(sentence)) and not _NEGATION.search(sentence)


@pytest.mark.parametrize("sentence", [
    "If it still spikes, increase the learning rate to escape the bad region.",
    "Try a higher learning rate.",
    "Raise the peak LR by 2x.",
    "可以适当增大学习率来加快收敛",
    "把学习率调高一些",
    "提高学习率",
])
def test_guard_flags_advice_to_raise_the_rate(sentence):
    assert recommends_raising(sentence)


@pytest.mark.parametrize("sentence", [
    "Lower the peak learning rate by 3x.",
    "Do not increase the learning rate: it makes the overshoot worse.",
    "不要增大学习率，应当降低它",
    "降低学习率而不是提高学习率",
    "A learning rate that is too high overshoots.",
    "学习率过高会导致发散",
])
def test_guard_lets_corrections_and_descriptions_pass(sentence):
    assert not recommends_raising(sentence)


def test_guard_reports_file_line_field(tmp_path):
    problems = check(broken_kb(tmp_path, "raise_lr_advice"))
    hits = [p for p in problems.items if "recommends raising" in p.message]
    assert len(hits) == 1
    assert hits[0].file.endswith("causes/lr_too_high.yaml") and hits[0].line == 20
    assert hits[0].message.startswith("fixes.0.how.en")


def test_guard_allows_plateau_only_fix(tmp_path):
    root = broken_kb(tmp_path, "raise_lr_advice")
    path = root / "causes" / "lr_too_high.yaml"
    path.write_text(path.read_text().replace("    code:", "    only_for: [plateau]\n    code:"))
    (root / "symptoms.yaml").write_text((root / "symptoms.yaml").read_text() + """\
- id: plateau
  title: {zh: 停滞, en: Plateau}
  description: {zh: 损失不再下降。, en: The loss stops falling.}
  phrases: {zh: [loss 不降了], en: [loss stuck]}
""")
    messages = [p.message for p in check(root).items]
    assert not any("recommends raising" in m for m in messages), messages


def test_minimal_kb_reports_only_missing_contract_causes(tmp_path):
    problems = check(broken_kb(tmp_path, "raise_lr_advice").parent / "kb")
    others = [p for p in problems.items
              if "contract cause missing" not in p.message and "recommends raising" not in p.message]
    assert others == []


def test_untranslated_chinese_field_is_flagged(tmp_path):
    root = broken_kb(tmp_path, "duplicate_id")
    (root / "symptoms.yaml").write_text("""\
- id: divergence
  title: {zh: 发散, en: Divergence}
  description: {zh: The loss keeps on growing., en: The loss keeps growing without bound.}
  phrases: {zh: [loss 爆了], en: [loss exploded]}
""")
    messages = [str(p) for p in check(root).items]
    assert any("symptoms.yaml:3: description.zh is not Chinese" in m for m in messages), messages


def test_unused_symptom_is_flagged(tmp_path):
    root = broken_kb(tmp_path, "duplicate_id")
    (root / "symptoms.yaml").write_text("""\
- id: divergence
  title: {zh: 发散, en: Divergence}
  description: {zh: 损失不断变大。, en: The loss keeps growing.}
  phrases: {zh: [loss 爆了], en: [loss exploded]}
- id: oscillation
  title: {zh: 震荡, en: Oscillation}
  description: {zh: 损失上下剧烈波动。, en: The loss swings up and down.}
  phrases: {zh: [loss 来回跳], en: [loss bouncing around]}
""")
    messages = [str(p) for p in check(root).items]
    assert any("symptoms.yaml:5: symptom 'oscillation' is not produced by any cause" in m
               for m in messages), messages


def test_tree_cycle_and_unreachable_node_are_reported(tmp_path):
    messages = [str(p) for p in check(broken_kb(tmp_path, "tree_cycle")).items]
    assert any("tree.yaml:6: cycle in the decision tree: behavior -> again -> behavior" in m
               for m in messages), messages
    assert any("tree.yaml:11: node 'orphan' is unreachable from 'behavior'" in m for m in messages)


def test_tree_node_must_handle_every_option(tmp_path):
    root = broken_kb(tmp_path, "tree_cycle")
    (root / "tree.yaml").write_text("""\
start: behavior
nodes:
  - id: behavior
    ask: loss_behavior
    next: {diverges: end_lr}
  - id: end_lr
    conclude: [lr_too_high]
""")
    messages = [str(p) for p in check(root).items]
    assert any("tree.yaml:5: node 'behavior' does not handle option(s) other" in m for m in messages)

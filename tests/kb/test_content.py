"""The shipped knowledge base: complete, bilingual, mapped to the seed, never raising the LR."""

from __future__ import annotations

import re
import unicodedata

from advisor.kb import knowledge_dir
from advisor.kb.lint import CONTRACT_CAUSES, check
from advisor.model.knowledge import FRAMEWORKS
from tests.conftest import DATA


def test_shipped_knowledge_base_is_clean():
    problems = check(knowledge_dir())
    assert problems.items == []


def test_every_contract_cause_is_complete(kb):
    assert set(CONTRACT_CAUSES) <= set(kb.causes)
    for cause in kb.causes.values():
        assert len(cause.fixes) >= 3, cause.id
        assert len(cause.confirm) >= 2, cause.id
        assert len(cause.sources) >= 2, cause.id
        assert cause.mechanism.zh and cause.curve.en


def test_fixes_carry_code_for_all_three_frameworks(kb):
    with_code = [f for c in kb.causes.values() for f in c.fixes if f.code]
    assert len(with_code) >= 60
    complete = [f for f in with_code if all(getattr(f.code, fw) for fw in FRAMEWORKS)]
    assert len(complete) / len(with_code) > 0.8


def test_snippets_are_valid_python(kb):
    for cause in kb.causes.values():
        for fix in cause.fixes:
            for framework, code in (fix.code.items() if fix.code else []):
                compile(code, f"{cause.id}.{fix.id}.{framework}", "exec")


FRAMEWORK_MODULES = {"torch", "keras", "tf", "paddle"}


def test_snippets_import_the_framework_modules_they_use(kb):
    """A snippet may assume the user's objects (model, loader ...), but not a framework import:
    copied into a fresh file it must not fail with NameError: name 'torch' is not defined."""
    import ast

    for cause in kb.causes.values():
        for fix in cause.fixes:
            for framework, code in (fix.code.items() if fix.code else []):
                tree = ast.parse(code)
                bound = {(a.asname or a.name).split(".")[0] for n in ast.walk(tree)
                         if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
                used = {n.id for n in ast.walk(tree)
                        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
                assert not (used & FRAMEWORK_MODULES) - bound, f"{cause.id}.{fix.id}.{framework}"


def test_counts_meet_the_brief(kb):
    assert len(kb.myths) >= 6
    assert len(kb.terms) >= 40
    assert len(kb.symptoms) >= 15
    assert all(len(s.phrases.zh) >= 10 and len(s.phrases.en) >= 10 for s in kb.symptoms.values())


def test_the_seed_article_error_is_a_myth_with_correction(kb):
    myth = kb.myths["raise_lr_against_instability"]
    assert "lr_too_high" in myth.causes
    assert re.search(r"lower", myth.correction.en, re.I)
    assert "降低" in myth.correction.zh
    item = kb.seed["seed_raise_lr"]
    assert "raise_lr_against_instability" in item.maps_to


def test_seed_quotes_are_verbatim_and_cover_every_listed_cause(kb):
    # NFKC folds full-width punctuation, which the article and the KB use differently.
    article = unicodedata.normalize("NFKC", (DATA / "seed_article.txt").read_text(encoding="utf-8"))
    for item in kb.seed.values():
        assert unicodedata.normalize("NFKC", item.quote) in article, item.id
    for heading, seed_id in ARTICLE_ITEMS.items():
        assert heading in article, heading
        assert kb.seed[seed_id].maps_to, seed_id


# The article's eight numbered causes and five "common solutions" -> the seed item covering each.
ARTICLE_ITEMS = {
    "学习率设置不当": "seed_learning_rate", "数据预处理问题": "seed_preprocessing",
    "模型结构或初始化问题": "seed_structure_init", "正则化过度": "seed_over_regularization",
    "优化算法选择不当": "seed_optimizer_choice", "批量大小不适宜": "seed_batch_size",
    "模型过拟合": "seed_overfitting", "损失函数不适用": "seed_loss_function",
    "增加学习率": "seed_raise_lr", "改变dropout率": "seed_dropout", "增加数据集": "seed_more_data",
    "重新选择模型/算法": "seed_change_model", "调整超参数": "seed_tune_hyperparameters",
}


def test_large_run_recovery_playbook_escalates(kb):
    playbook = kb.playbooks["large_run_spike_recovery"]
    text = " ".join(s.action.en + s.title.en for s in playbook.steps).lower()
    for step in ("skip", "rewind", "bf16", "clip"):
        assert step in text, step


def test_adam_epsilon_advice_is_conditional(kb):
    fixes = {f.id: f for f in kb.causes["optimizer_misconfigured"].fixes}
    eps = [f for f in fixes.values() if "eps" in f.id]
    assert len(eps) >= 2 and all(f.when for f in eps)

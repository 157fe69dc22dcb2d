"""The command line, in-process and as the installed `advisor` command."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def test_kb_list_json_covers_every_kind(run_cli, kb):
    result = run_cli("kb", "list", "--json")
    assert result.exit_status == 0 and result.stderr == ""
    entries = json.loads(result.stdout)
    kinds = {e["kind"] for e in entries}
    assert {"cause", "symptom", "myth", "term"} <= kinds
    assert len([e for e in entries if e["kind"] == "cause"]) == len(kb.causes)
    assert all(set(e) == {"id", "kind", "title"} and set(e["title"]) == {"zh", "en"} for e in entries)


def test_kb_show_renders_a_cause_in_chinese(run_cli):
    result = run_cli("kb", "show", "lr_too_high", "--lang", "zh", "--framework", "paddle")
    assert result.exit_status == 0
    assert "学习率" in result.stdout and "PaddlePaddle" in result.stdout
    assert "paddle.optimizer" in result.stdout and "torch.optim" not in result.stdout


def test_kb_show_kind_prefix_and_json(run_cli):
    result = run_cli("kb", "show", "term:overfitting", "--json")
    data = json.loads(result.stdout)
    assert data["kind"] == "term" and data["id"] == "overfitting"


def test_kb_show_unknown_id_suggests(run_cli):
    result = run_cli("kb", "show", "lr_to_high")
    assert result.exit_status == 2
    assert result.stderr.count("\n") == 1 and "lr_too_high" in result.stderr


def test_kb_check_on_a_broken_directory_lists_problems(run_cli, tmp_path):
    from tests.kb.test_loader import broken_kb

    root = broken_kb(tmp_path, "unknown_symptom_ref")
    result = run_cli("kb", "check", "--path", str(root))
    assert result.exit_status == 2
    assert "unknown symptom id 'loss_goes_brrr'" in result.stdout
    assert "contract cause missing" in result.stdout


def test_ask_json_contract(run_cli):
    result = run_cli("ask", "loss突然变成nan了，用的fp16", "--json", "--top", "4")
    assert result.exit_status == 0
    data = json.loads(result.stdout)
    assert data["lang"] == "zh" and data["verdict"] == "problem"
    assert 1 <= len(data["causes"]) <= 4
    top = data["causes"][0]
    assert top["id"] == "fp16_overflow" and 0 <= top["score"] <= 1
    assert set(top["title"]) == {"zh", "en"} and top["evidence"] and top["fixes"]
    scores = [c["score"] for c in data["causes"]]
    assert scores == sorted(scores, reverse=True)
    assert isinstance(data["findings"], list) and data["answers"]
    assert data["next_question"]["why"]["en"]


def test_ask_answers_and_language(run_cli):
    result = run_cli("ask", "loss went nan", "--answer", "precision=bf16", "--lang", "en")
    assert result.exit_status == 0
    assert "Most likely cause" in result.stdout or "Two causes are about equally likely" in result.stdout


@pytest.mark.parametrize("args", [
    ("ask", "x", "--answer", "precision"),
    ("ask", "x", "--answer", "precision=fp8"),
    ("ask", "loss nan", "--top", "0"),
    ("kb", "show"),
    ("nonsense",),
])
def test_bad_usage_is_one_line_exit_2(run_cli, args):
    result = run_cli(*args)
    assert result.exit_status == 2
    assert result.stderr.startswith("advisor: error: ") and result.stderr.count("\n") == 1


def test_empty_query_explains_what_to_write(run_cli):
    result = run_cli("ask", "")
    assert result.exit_status == 2
    assert "advisor ask" in result.stdout and "NaN" in result.stdout


def test_installed_command_answers(run_installed):
    result = run_installed("ask", "val loss going up while train loss goes down", "--json")
    assert result.exit_status == 0, result.stderr
    assert json.loads(result.stdout)["causes"][0]["id"] == "overfitting"
    assert run_installed("kb", "check").exit_status == 0
    assert run_installed("--version").stdout.startswith("advisor ")


def test_python_dash_m_works():
    proc = subprocess.run([sys.executable, "-m", "advisor", "kb", "list", "--kind", "myth"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "raise_lr_against_instability" in proc.stdout


def test_ask_does_not_import_textual_or_pandas():
    """Import hygiene, checked at run time (a static graph cannot see deferred imports)."""
    script = (
        "import sys; from advisor.cli import main; from advisor.cli.output import IO; import io;"
        "code = main(['ask', 'loss went nan, fp16', '--json'], IO(stdout=io.StringIO(), stderr=io.StringIO()));"
        "print(code, 'textual' in sys.modules, 'pandas' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.stdout.split() == ["0", "False", "False"], proc.stderr


@pytest.mark.parametrize(("query", "term"), [
    ("学习率预热", "warmup"), ("grad clip", "gradient_clipping"), ("lr", "learning_rate"),
    ("warmpu", "warmup"), ("损失缩放", "loss_scaling"), ("BF16", "bf16"),
])
def test_glossary_finds_terms_in_either_language(run_cli, query, term):
    result = run_cli("glossary", query, "--json")
    assert result.exit_status == 0, result.stderr
    assert json.loads(result.stdout)["id"] == term


def test_glossary_language_follows_the_query(run_cli):
    assert "定义" in run_cli("glossary", "梯度裁剪").stdout
    assert "Definition" in run_cli("glossary", "gradient clipping").stdout


def test_glossary_unknown_term_is_exit_2_with_suggestions(run_cli):
    result = run_cli("glossary", "qwertyzzz")
    assert result.exit_status == 2 and "closest" in result.stderr


def test_learn_list_and_reset(run_cli, tmp_path, monkeypatch, kb):
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path))
    from advisor.learn import progress

    listing = run_cli("learn", "--list", "--lang", "en")
    assert listing.exit_status == 0
    lines = listing.stdout.splitlines()
    assert len(lines) == len(kb.cases) >= 20 and not any(line.startswith("✓") for line in lines)
    first = lines[0].split()[0]
    progress.record(first, kb.cases[first].answer, True, answer=kb.cases[first].answer)
    assert run_cli("learn", "--list").stdout.splitlines()[0].startswith("✓")
    assert run_cli("learn", "--reset").stdout.strip() == "learning progress reset"
    assert not run_cli("learn", "--list").stdout.splitlines()[0].startswith("✓")


def test_interactive_commands_refuse_without_a_terminal(run_cli):
    for args in ([], ["tui"], ["demo"], ["learn"]):
        result = run_cli(*args)
        assert result.exit_status == 2 and "needs a terminal" in result.stderr


def test_a_near_tie_names_both_causes(kb):
    import msgspec

    from advisor.engine import diagnose
    from advisor.render.verdict import TOO_CLOSE, verdict_text

    diagnosis = diagnose(kb, "loss went nan")
    first, second = diagnosis.causes[:2]
    tied = msgspec.structs.replace(diagnosis, causes=[first, msgspec.structs.replace(
        second, score=first.score - TOO_CLOSE / 2), *diagnosis.causes[2:]])
    text = verdict_text(kb, tied).en
    assert kb.causes[first.id].title.en in text and kb.causes[second.id].title.en in text
    clear = msgspec.structs.replace(diagnosis, causes=[first, msgspec.structs.replace(
        second, score=first.score - 2 * TOO_CLOSE), *diagnosis.causes[2:]])
    assert verdict_text(kb, clear).en.startswith("Most likely cause")

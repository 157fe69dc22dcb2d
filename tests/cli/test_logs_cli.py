"""`advisor diagnose`, `advisor ask --log` and `advisor formats`, on real-format logs."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from tests.conftest import DATA

SAMPLES = DATA / "logs" / "samples"
CASES = DATA / "logs" / "cases"


def test_diagnose_reports_what_was_read_and_found(run_cli):
    result = run_cli("diagnose", str(SAMPLES / "hf_trainer_stdout.log"), "--json")
    assert result.exit_status == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["logs"][0]["format"] == "hf_trainer" and data["logs"][0]["points"] > 50
    found = {(f["id"], f["step"]) for f in data["findings"]}
    assert ("spike_recovers", 370) in found and ("nan_loss", 520) in found
    assert data["verdict"] == "problem" and data["causes"]
    skipped = [t for t in data["trace"] if t["kind"] == "skip"]
    assert any("Answered from your log" in t["text"]["en"] for t in skipped)
    assert all(f["message"]["zh"] and "?" not in f["message"]["en"] for f in data["findings"])


def test_healthy_log_gets_a_healthy_verdict(run_cli):
    result = run_cli("diagnose", str(CASES / "healthy_hf_cosine_blip.log"), "--json")
    data = json.loads(result.stdout)
    assert data["verdict"] == "healthy" and data["causes"] == []
    assert "Nothing in the log needs action" in data["summary"]["en"]


def test_text_output_has_the_findings_table(run_cli):
    result = run_cli("diagnose", str(SAMPLES / "megatron_lm.log"), "--lang", "zh")
    assert result.exit_status == 0
    assert "读取的日志" in result.stdout and "megatron" in result.stdout and "日志发现" in result.stdout


def test_ask_with_log_combines_text_and_log(run_cli):
    result = run_cli("ask", "fp16 训练，loss 突然变成 nan", "--log",
                     str(SAMPLES / "deepspeed_fp16_overflow.log"), "--json")
    data = json.loads(result.stdout)
    assert data["lang"] == "zh" and data["logs"] and data["causes"][0]["id"] == "fp16_overflow"


def test_gz_logs_are_read(run_cli, tmp_path):
    packed = tmp_path / "train.log.gz"
    packed.write_bytes(gzip.compress((SAMPLES / "nanogpt_train.log").read_bytes()))
    result = run_cli("diagnose", str(packed), "--json")
    assert result.exit_status == 0 and json.loads(result.stdout)["logs"][0]["format"] == "nanogpt"


@pytest.mark.parametrize(("content", "fragment"), [
    (None, "no such file"),
    (b"\x00\x01\x02binary\x00" * 100, "binary"),
    (b"", "empty"),
    (b"hello world\nthis is not a training log\n" * 20, "known formats"),
])
def test_bad_logs_are_one_line_exit_2(run_cli, tmp_path, content, fragment):
    path = tmp_path / "train.log"
    if content is not None:
        path.write_bytes(content)
    result = run_cli("diagnose", str(path))
    assert result.exit_status == 2
    assert result.stderr.count("\n") == 1 and fragment in result.stderr.lower()


def test_unknown_format_name_is_usage_error(run_cli):
    result = run_cli("diagnose", str(SAMPLES / "nanogpt_train.log"), "--format", "nope")
    assert result.exit_status == 2 and "megatron" in result.stderr


def test_user_log_is_never_modified(run_cli, tmp_path):
    path = tmp_path / "train.log"
    shutil.copy(SAMPLES / "hf_trainer_stdout.log", path)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    run_cli("diagnose", str(path), "--json")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["train.log"]


def test_formats_lists_the_registry(run_cli):
    result = run_cli("formats")
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert {"hf_trainer", "megatron", "deepspeed", "keras", "paddleocr", "tensorboard"} <= set(names)


def test_installed_diagnose(run_installed):
    result = run_installed("diagnose", str(SAMPLES / "nanogpt_train.log"), "--json")
    assert result.exit_status == 0, result.stderr
    assert json.loads(result.stdout)["verdict"] == "problem"


def test_tensorboard_run_directory_is_read(run_cli):
    result = run_cli("diagnose", str(SAMPLES / "tensorboard_pytorch"), "--json")
    assert result.exit_status == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["logs"][0]["format"] == "tensorboard" and data["findings"]


def test_other_directory_is_a_clear_error(run_cli, tmp_path):
    result = run_cli("diagnose", str(tmp_path))
    assert result.exit_status == 2 and "directory" in result.stderr


def test_truncated_utf16_log_is_not_an_internal_error(run_cli, tmp_path):
    path = tmp_path / "train.log"
    path.write_bytes(b"\xff\xfe" + "step 1 loss 2.5\n".encode("utf-16-le") + b"\x00")
    result = run_cli("diagnose", str(path))
    assert result.exit_status in (0, 2) and "internal error" not in result.stderr

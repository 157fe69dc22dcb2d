"""read_log / read_logs: format choice, error messages, LogData fields and merging."""

from __future__ import annotations

import math

import pytest

from advisor.errors import InputError, UsageError
from advisor.logs import LogRun, format_names, read_log, read_logs
from tests.logs.conftest import SAMPLES


def test_unknown_format_lists_known_formats(write):
    path = write("notes.txt", "Meeting notes\nWe should train a model next week.\n")
    with pytest.raises(InputError) as err:
        read_log(path)
    message = str(err.value)
    assert message.startswith(f"{path}: unknown log format; known formats: ")
    assert message.endswith("(use --format NAME)")
    for name in ("hf_trainer", "megatron", "keras", "print_loop", "tensorboard", "csv"):
        assert name in message
    assert "\n" not in message


def test_unknown_format_name_is_a_usage_error(write):
    with pytest.raises(UsageError, match="unknown log format 'hf'; known formats: .*hf_trainer"):
        read_log(write("a.log", "loss: 1\n"), fmt="hf")


def test_unknown_format_name_checked_before_the_file(tmp_path):
    with pytest.raises(UsageError):
        read_log(tmp_path / "missing.log", fmt="nope")


def test_format_without_numbers_names_the_format(write):
    path = write("a.log", "".join(f"step {i} loss {i}\n" for i in range(5)))
    with pytest.raises(InputError, match=r"read as megatron \(Megatron-LM .*\) but no training numbers"):
        read_log(path, fmt="megatron")


def test_csv_without_loss_column(write):
    with pytest.raises(InputError, match="could not be read as csv"):
        read_log(write("t.csv", "a,b\n1,2\n"), fmt="csv")


def test_log_data_summary():
    data = read_log(SAMPLES / "nanogpt_train.log")
    assert data.format == "nanogpt" and data.path.endswith("nanogpt_train.log")
    assert (data.first_step, data.last_step) == (0, 3180)
    assert data.points == len(data.frame) == 164
    assert data.segments == 2 and len(data.restarts) == 1
    restart = data.restarts[0]
    assert (restart.step_before, restart.step_after) == (3060, 3000)
    assert data.notes[0].en == f"2 segments: the step counter restarted at line {restart.line}"


def test_points_count_printed_nan_but_not_bare_overflow_rows():
    data = read_log(SAMPLES / "megatron_lm.log")
    frame = data.frame
    assert data.points == int((frame["loss"].notna() | frame["val_loss"].notna()
                               | frame["loss_nonfinite"] | frame["val_nonfinite"]).sum())
    assert data.points < len(frame)  # the start-up row with only a loss scale


def test_format_names_is_registry_order():
    names = format_names()
    assert names[0] == "tensorboard" and "hf_trainer" in names


def test_read_logs_merges_train_log_and_eval_csv(write):
    train = write("train.log", "".join(f"step {i} loss {1 + 1 / i:.4f}\n" for i in range(1, 11)))
    evals = write("eval.csv", "step,val_loss\n5,1.9\n10,1.8\n")
    run = read_logs([train, evals])
    assert isinstance(run, LogRun) and [log.format for log in run.logs] == ["print_loop", "csv"]
    frame = run.frame
    assert frame["step"].tolist() == list(range(1, 11))
    assert frame.loc[frame["step"] == 5, "val_loss"].item() == 1.9
    assert frame.loc[frame["step"] == 5, "loss"].item() == pytest.approx(1.2)
    assert math.isnan(frame.loc[frame["step"] == 4, "val_loss"].item())


def test_read_logs_single_path_and_notes():
    run = read_logs(SAMPLES / "llamafactory_trainer_log.jsonl")
    assert len(run.logs) == 1 and run.frame.equals(run.logs[0].frame)
    assert run.logs[0].notes[0].en.startswith("2 segments")


def test_read_logs_needs_a_path():
    with pytest.raises(InputError):
        read_logs([])


def test_restart_note_without_line_numbers():
    from advisor.logs.frame import Restart
    from advisor.logs.reader import _restart_note

    note = _restart_note([Restart(0, 300, 100)])
    assert note.en == "2 segments: the step counter went back at steps 300 -> 100"
    assert note.zh == "2 段：步数在 300 -> 100 处回退"
    assert _restart_note([Restart(12, 9, 1), Restart(40, 9, 2)]).en == \
        "3 segments: the step counter restarted at lines 12, 40"


def test_progress_counts_bytes_up_to_the_total_of_all_files(tmp_path):
    """Big files report progress block by block, never backwards, ending at the total."""
    big = tmp_path / "train.log"
    big.write_text("".join(f"Epoch [1/1], Step [{i}/300000], Loss: {2 + 1 / i:.4f}\n"
                           for i in range(1, 300_001)))
    small = tmp_path / "eval.csv"
    small.write_text("step,val_loss\n100,2.5\n200,2.4\n")
    total = big.stat().st_size + small.stat().st_size
    assert total > 2 * (4 << 20)  # several blocks
    calls = []
    run = read_logs([big, small], progress=lambda done, all_: calls.append((done, all_)))
    assert len(run.logs) == 2
    assert {all_ for _, all_ in calls} == {total}
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[-1] == total and len(set(done)) >= 3


def test_one_giant_line_is_an_unknown_format(tmp_path):
    """A dump without newlines: sniffing looks at the start of the line only, and fails cleanly."""
    path = tmp_path / "dump.log"
    path.write_text("x" * 3_000_000)
    with pytest.raises(InputError, match="unknown log format"):
        read_log(path)


@pytest.mark.parametrize("fmt", ["csv", "wandb_history", "tensorboard", "hf_trainer_state"])
def test_forcing_a_format_on_the_wrong_file_is_a_one_line_input_error(tmp_path, fmt):
    path = tmp_path / "dump.log"
    path.write_text("x" * 300_000)  # longer than the csv module's field limit
    with pytest.raises(InputError) as error:
        read_log(path, fmt)
    assert str(path) in str(error.value) and "\n" not in str(error.value)


def test_a_log_too_short_to_judge_says_so_and_is_not_called_healthy(tmp_path):
    from advisor.engine import diagnose
    from advisor.kb import load_knowledge
    from advisor.logs import read_and_detect

    path = tmp_path / "short.log"
    path.write_text("".join(f"{{'loss': {v}, 'grad_norm': 44.0, 'epoch': {i / 10}}}\n"
                            for i, v in enumerate([3.1, 3.0, 14.4, 12.8, 15.3, 14.0])))
    run, findings = read_and_detect([path])
    (summary,) = run.summaries()
    assert not summary.judgeable and any("too few" in note.en for note in summary.notes)
    verdict = diagnose(load_knowledge(), "", findings=findings, logs_read=summary.judgeable).verdict
    assert verdict != "healthy"

"""Generic tables: column names are mapped to canonical columns; blanks are missing."""

from __future__ import annotations

import math

import pytest

from advisor.logs import read_log


def test_tsv_with_slash_names(write):
    text = "global_step\ttrain/loss\teval/loss\tlearning_rate\tgnorm\n"
    text += "10\t2.5\t\t0.001\t1.5\n20\tnan\t2.9\t0.001\t\n30\t2.1\t\t0.0009\t1.1\n"
    data = read_log(write("metrics.tsv", text))
    f = data.frame
    assert data.format == "csv"
    assert f["step"].tolist() == [10, 20, 30]
    assert f["loss_nonfinite"].tolist() == [False, True, False]
    assert f["val_loss"].isna().tolist() == [True, False, True] and f["val_loss"][1] == 2.9
    assert f["grad_norm"][0] == 1.5 and math.isnan(f["grad_norm"][1])
    assert f["lr"][2] == pytest.approx(0.0009)


def test_csv_without_step_column_numbers_rows(write):
    f = read_log(write("l.csv", "loss,val_loss\n3,\n2,2.5\n1,\n")).frame
    assert f["step"].tolist() == [1, 2, 3]


def test_jsonl_generic_train_and_eval_records(write):
    text = "\n".join([
        '{"step": 1, "train_loss": 2.0, "lr": 0.1}',
        '{"step": 2, "train_loss": NaN}',
        "not json",
        '{"step": 2, "val_loss": 2.2}',
        '{"step": 3, "train_loss": Infinity, "grad_norm": 4.5}',
    ]) + "\n"
    data = read_log(write("log.jsonl", text))
    f = data.frame
    assert data.format == "jsonl"
    assert f["step"].tolist() == [1, 2, 3]
    assert math.isnan(f["loss"][1]) and f["val_loss"][1] == 2.2 and f["loss_nonfinite"][1]
    assert f["loss"][2] == math.inf and f["grad_norm"][2] == 4.5


def test_keras_csvlogger_append_restart(write):
    text = "epoch,loss,val_loss\r\n0,1.0,NA\r\n1,0.8,0.9\r\n0,0.7,NA\r\n1,0.6,0.65\r\n"
    data = read_log(write("training.log.csv", text))
    assert data.format == "keras_csv" and data.segments == 2
    assert not data.frame["loss_nonfinite"].any()

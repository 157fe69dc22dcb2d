"""Every real-format sample is read with the right numbers (values taken from the files)."""

from __future__ import annotations

import functools
import math

import pandas as pd
import pytest

from advisor.logs import LogData, read_log
from tests.logs.conftest import SAMPLES

approx = pytest.approx


@functools.cache
def log(name: str) -> LogData:
    return read_log(SAMPLES / name)


def row(name: str, step: int, segment: int = 0) -> pd.Series:
    f = log(name).frame
    hit = f[(f["step"] == step) & (f["segment"] == segment)]
    assert len(hit) == 1, f"{name}: {len(hit)} rows at step {step} segment {segment}"
    return hit.iloc[0]


def first(name: str) -> pd.Series:
    f = log(name).frame
    return f[f["loss"].notna()].iloc[0]


def nonfinite_steps(name: str) -> list[int]:
    f = log(name).frame
    return f.loc[f["loss_nonfinite"], "step"].tolist()


def test_frame_has_canonical_columns_and_types():
    f = log("megatron_lm.log").frame
    assert list(f.columns) == ["step", "epoch", "loss", "val_loss", "lr", "grad_norm",
                               "loss_scale", "skipped", "segment", "loss_nonfinite",
                               "val_nonfinite"]
    assert f["step"].dtype == "int64" and f["segment"].dtype == "int64"
    assert f["skipped"].dtype == bool and f["loss_nonfinite"].dtype == bool
    assert f["val_nonfinite"].dtype == bool
    assert f["loss"].dtype == "float64"


# --- Hugging Face family --------------------------------------------------------------------

def test_hf_stdout_steps_from_bar_spike_and_fp16_signature():
    name = "hf_trainer_stdout.log"
    assert first(name)["step"] == 10 and first(name)["loss"] == approx(2.345)
    spike = row(name, 370)
    assert spike["loss"] == approx(4.8127) and spike["grad_norm"] == approx(38.46921157836914)
    sig = row(name, 520)
    assert sig["loss"] == 0.0 and math.isnan(sig["grad_norm"]) and sig["loss_nonfinite"]
    assert not row(name, 510)["loss_nonfinite"]
    assert nonfinite_steps(name) == list(range(520, 601, 10))
    assert row(name, 200)["val_loss"] == approx(1.6633288860321045)
    assert row(name, 400)["val_loss"] == approx(1.4125847816467285)
    assert row(name, 600)["val_nonfinite"] and math.isnan(row(name, 600)["val_loss"])
    assert log(name).frame["val_nonfinite"].sum() == 1
    assert len(log(name).frame) == 60


def test_hf_trainer_state_json():
    name = "hf_trainer_state.json"
    assert row(name, 250)["loss"] == approx(3.9981)
    assert row(name, 250)["grad_norm"] == approx(57.23651123046875)
    nan_row = row(name, 275)
    assert math.isnan(nan_row["grad_norm"]) and nan_row["loss"] == approx(0.8589)
    assert not nan_row["loss_nonfinite"]
    assert row(name, 100)["val_loss"] == approx(1.0421981811523438)
    assert row(name, 400)["val_loss"] == approx(1.2394421100616455)
    assert log(name).last_step == 400  # the train_runtime summary entry is not a row


def test_llamafactory_jsonl_resume_repeats_steps():
    name = "llamafactory_trainer_log.jsonl"
    assert row(name, 135)["loss"] == approx(2.4417)
    assert row(name, 50)["val_loss"] == approx(1.2017)
    assert log(name).segments == 2
    assert row(name, 155, segment=1)["loss"] == approx(0.8125)
    assert row(name, 155, segment=0)["loss"] == approx(0.87)


# --- Keras -----------------------------------------------------------------------------------

def test_keras2_pasted_epochs_and_evaluate_ignored():
    name = "keras2_fit.log"
    f = log(name).frame
    assert len(f) == 30
    assert row(name, 3 * 1563)["loss"] == approx(1.0950)
    assert row(name, 3 * 1563)["val_loss"] == approx(1.4931)
    assert row(name, 3 * 1563)["epoch"] == approx(3.0)
    assert 1.9874 not in f["loss"].tolist()  # the final evaluate() line


def test_keras2_raw_tty_inf_after_terminate_on_nan():
    name = "keras2_fit_raw_tty.log"
    assert row(name, 234)["val_loss"] == approx(0.7856)
    assert row(name, 11 * 234 + 3)["loss"] == approx(44.4110)
    last = row(name, 11 * 234 + 4)
    assert last["loss"] == math.inf and last["loss_nonfinite"]
    assert nonfinite_steps(name) == [11 * 234 + 4]


def test_keras3_pasted_and_raw():
    assert row("keras3_fit.log", 1875)["loss"] == approx(0.4695)
    assert row("keras3_fit.log", 1875)["val_loss"] == approx(0.4231)
    assert len(log("keras3_fit.log").frame) == 12
    raw = "keras3_fit_raw.log"
    assert row(raw, 10 * 625)["val_loss"] == approx(9621.5)
    assert row(raw, 10 * 625)["loss"] == approx(3.2580)
    assert nonfinite_steps(raw)[0] == 10 * 625 + 1
    assert math.isnan(row(raw, 12 * 625)["val_loss"]) and row(raw, 12 * 625)["val_nonfinite"]


def test_keras_csvlogger_na_is_missing_not_nan():
    name = "keras_csvlogger.csv"
    r0 = row(name, 0)
    assert r0["loss"] == approx(0.5787634253501892) and math.isnan(r0["val_loss"])
    assert row(name, 1)["val_loss"] == approx(0.5921094417572021)
    assert row(name, 0)["lr"] == approx(0.0010000000474974513)
    assert not log(name).frame["loss_nonfinite"].any()


# --- Lightning -------------------------------------------------------------------------------

def test_lightning_metrics_csv_sparse_rows():
    name = "lightning_metrics.csv"
    assert row(name, 349)["loss"] == approx(5.913)
    assert row(name, 249)["val_loss"] == approx(0.8123405575752258)
    assert row(name, 49)["lr"] == approx(0.0009940874595551403)
    assert nonfinite_steps(name) == [949, 999]
    assert row(name, 999)["val_nonfinite"] and not row(name, 249)["val_nonfinite"]


def test_lightning_progress_bar_same_steps_as_csv():
    name = "lightning_progress.log"
    assert row(name, 349)["loss"] == approx(5.91)
    assert row(name, 249)["val_loss"] == approx(0.812)
    assert math.isnan(row(name, 250)["val_loss"])  # stale postfix value is not re-recorded
    assert nonfinite_steps(name) == [949, 999]


# --- Paddle ----------------------------------------------------------------------------------

def test_paddleocr_nanxxx():
    name = "paddleocr_train.log"
    assert first(name)["loss"] == approx(4.247050) and first(name)["lr"] == approx(0.000996)
    assert 180 in nonfinite_steps(name)
    assert math.isnan(row(name, 180)["loss"])


def test_paddlenlp_trainer_and_script():
    assert row("paddlenlp_trainer.log", 420)["loss"] == approx(6.71402645)
    assert row("paddlenlp_trainer.log", 200)["val_loss"] == approx(1.4138120412826538)
    r = row("paddlenlp_script.log", 10)
    assert r["loss"] == approx(0.06126) and r["epoch"] == 2


def test_paddle_hapi_eval_after_epoch():
    r = row("paddle_hapi_fit.log", 469)
    assert r["loss"] == approx(0.4290) and r["val_loss"] == approx(0.2796)


def test_paddledetection_huge_start_then_nan():
    name = "paddledetection_train.log"
    assert row(name, 0)["loss"] == approx(5331.523438)
    assert nonfinite_steps(name)[0] == 5 * 200 + 100


def test_paddleclas_and_paddleseg():
    assert row("paddleclas_train.log", 50)["loss"] == approx(0.76938)
    assert row("paddleclas_train.log", 50)["lr"] == approx(0.01)
    assert row("paddleclas_train.log", 300)["val_loss"] == approx(0.96554)
    assert row("paddleseg_train.log", 20)["loss"] == approx(2.2145)
    assert nonfinite_steps("paddleseg_train.log")[0] == 880


# --- large-model stacks ----------------------------------------------------------------------

def test_megatron_spike_overflow_nan_signature_and_restart():
    name = "megatron_lm.log"
    startup = row(name, 10)
    assert startup["skipped"] and math.isnan(startup["loss"]) and not startup["loss_nonfinite"]
    assert startup["loss_scale"] == 4194304.0
    spike = row(name, 700)
    assert spike["loss"] == approx(5.118402) and spike["grad_norm"] == approx(51.772)
    assert row(name, 880)["skipped"] and row(name, 880)["loss_scale"] == 65536.0
    nan = row(name, 1310)
    assert nan["loss_nonfinite"] and math.isnan(nan["loss"]) and nan["loss_scale"] == 4.0
    assert row(name, 1320)["loss_scale"] == 1.0
    assert row(name, 500)["val_loss"] == approx(3.512044)
    assert row(name, 1000)["val_loss"] == approx(2.917316)
    assert log(name).segments == 2
    assert row(name, 1010, segment=1)["loss"] == approx(2.837357)
    assert "restarted" in log(name).notes[0].en


def test_deepspeed_overflow_storm_with_hf_dicts():
    name = "deepspeed_fp16_overflow.log"
    hysteresis = row(name, 1)
    assert hysteresis["skipped"] and hysteresis["loss_scale"] == 65536.0
    assert row(name, 2)["loss_scale"] == 32768.0
    assert row(name, 10)["loss"] == approx(2.418023303211327)
    assert row(name, 210)["loss"] == approx(3.2871)
    assert row(name, 382)["loss_scale"] == 1.0 and row(name, 382)["skipped"]
    assert log(name).frame["skipped"].sum() == 18  # 18 OVERFLOW! lines, one skipped step each


def test_fairseq_simple_json_legacy():
    name = "fairseq_train.log"
    assert row(name, 2500)["loss"] == approx(8.912) and row(name, 2500)["grad_norm"] == approx(47.31)
    assert row(name, 2401)["skipped"] and row(name, 2401)["loss_scale"] == 8.0
    assert [row(name, k)["loss_scale"] for k in (1, 2, 3)] == [64.0, 32.0, 16.0]  # one step each
    assert row(name, 3000)["val_loss"] == approx(5.902)
    js = "fairseq_json.log"
    assert row(js, 250)["loss"] == approx(9.521)
    assert row(js, 2250)["val_loss"] == approx(6.142)
    assert nonfinite_steps(js) == [8500, 8750, 9000]
    assert row(js, 9000)["val_nonfinite"]
    legacy = "fairseq_legacy.log"
    assert row(legacy, 250)["loss_scale"] == 2.0
    assert row(legacy, 3251)["skipped"] and row(legacy, 3251)["loss_scale"] == 1.0
    assert row(legacy, 2000)["val_loss"] == approx(8.11425)


def test_fairseq_epoch_summary_does_not_override_interval_loss():
    f = log("fairseq_train.log").frame
    assert row("fairseq_train.log", 1000)["loss"] != approx(10.234)
    assert len(f[f["step"] == 1000]) == 1


def test_nanogpt_spike_nan_and_resume():
    name = "nanogpt_train.log"
    assert row(name, 1740)["loss"] == approx(7.9318)
    assert row(name, 0)["val_loss"] == approx(11.0003)
    assert row(name, 3020)["loss_nonfinite"]
    assert log(name).segments == 2
    assert row(name, 3020, segment=1)["loss"] == approx(3.4417)


def test_torchtune_spike_and_tensor_grad_norm():
    r = row("torchtune_log_1718023311.txt", 77)
    assert r["loss"] == approx(3.610825, rel=1e-6) and r["grad_norm"] == approx(31.6512)


# --- vision stacks ---------------------------------------------------------------------------

def test_mmengine_text_and_scalars():
    name = "mmengine_train.log"
    assert row(name, 1000 + 450)["loss"] == approx(4.2093)
    assert row(name, 1000 + 450)["grad_norm"] == approx(61.3481)
    assert nonfinite_steps(name)[0] == 2000 + 600
    scalars = "mmengine_scalars.json"
    assert row(scalars, 1300)["grad_norm"] == approx(187.5504150390625)
    assert log(scalars).segments == 1  # validation records (step = epoch) are not a restart


def test_mmcv_text_and_json():
    assert nonfinite_steps("mmcv_train.log")[:2] == [150, 900]
    assert row("mmcv_train.log", 50)["loss"] == approx(1.6069)
    r = row("mmcv_log.json", 7000 + 3500)
    assert r["loss"] == approx(2.61045) and r["grad_norm"] == approx(84.13357)


def test_ultralytics_v8_and_11():
    v8 = "yolov8_results.csv"
    assert row(v8, 1)["loss"] == approx(2.4129 + 3.4717 + 2.4303)
    assert row(v8, 1)["val_loss"] == approx(2.5124 + 3.4082 + 2.3802)
    assert nonfinite_steps(v8) == [28, 29]
    v11 = "yolo11_results.csv"
    assert row(v11, 1)["loss"] == approx(2.42338 + 3.44006 + 2.43197)
    assert row(v11, 1)["lr"] == approx(0.0002178)


def test_timm_text_and_summary():
    name = "timm_train.log"
    assert first(name)["loss"] == approx(6.77)
    assert row(name, 1250)["loss"] == approx(5.14)  # duplicated line: first one kept
    assert row(name, 1250)["val_loss"] == approx(5.902)
    assert nonfinite_steps(name)[0] == 4 * 1251 + 750
    assert row("timm_summary.csv", 23)["loss"] == approx(3.912741, rel=1e-5)
    assert row("timm_summary.csv", 23)["val_loss"] == approx(4.871802, rel=1e-5)


def test_fastai_two_tables_two_segments():
    name = "fastai_fine_tune.log"
    assert log(name).segments == 2
    assert row(name, 0)["loss"] == approx(0.918273)
    assert row(name, 3, segment=1)["val_loss"] == approx(0.270118)


def test_metriclogger_inf_grad_norm():
    name = "torch_metriclogger.log"
    r = row(name, 1504 + 700)
    assert r["grad_norm"] == math.inf and r["loss"] == approx(1.0316)
    assert log(name).frame["val_loss"].dropna().tolist() == [approx(1.2), approx(1.1)]


# --- pytorch examples and print loops ---------------------------------------------------------

def test_pytorch_examples():
    mnist = "pytorch_mnist_example.log"
    assert row(mnist, 0)["loss"] == approx(3.171955)
    assert row(mnist, 54144)["val_loss"] == approx(0.0512)
    assert nonfinite_steps(mnist)[0] == 3 * 60000 + 36096
    assert row(mnist, 3 * 60000 + 54144)["val_nonfinite"]  # "Test set: Average loss: nan"
    imagenet = "pytorch_imagenet_example.log"
    assert row(imagenet, 500)["loss"] == approx(5.7622)
    assert row(imagenet, 5000)["val_loss"] == approx(3.02)
    assert row(imagenet, 7506)["skipped"] and row(imagenet, 7506)["loss_scale"] == 32768.0


def test_yunjey_tutorial_second_run_is_a_segment():
    name = "pytorch_tutorial_style.log"
    assert row(name, 100)["loss"] == approx(1.6702)
    assert row(name, 3 * 600 + 100)["loss_nonfinite"]
    assert log(name).segments == 2
    assert row(name, 100, segment=1)["loss"] == approx(1.5215)


def test_tqdm_loop_spike_and_epoch_summary():
    name = "pytorch_tqdm_loop.log"
    assert row(name, 4 * 391 + 182)["loss"] == approx(7.8121)
    assert row(name, 391)["val_loss"] == approx(1.2120)
    assert row(name, 391)["lr"] == approx(0.1)


def test_chinese_gbk_print_loop():
    name = "plain_chinese_gbk.log"
    r = row(name, 1)
    assert (r["loss"], r["val_loss"], r["lr"]) == (approx(0.6182), approx(0.7435), approx(0.00095))
    assert log(name).frame["val_loss"].iloc[-1] == approx(0.4069)
    assert len(log(name).frame) == 30


def test_apex_overflow_cascade_and_underflow():
    name = "apex_amp_overflow.log"
    # four overflow messages before any progress line: four consecutive skipped steps
    assert [row(name, k)["loss_scale"] for k in (1, 2, 3, 4)] == [32768.0, 16384.0, 8192.0, 4096.0]
    assert row(name, 4)["skipped"]
    assert row(name, 1300)["loss_nonfinite"]
    assert row(name, 1501)["loss_scale"] == approx(2.5516019074809773e-203)
    assert row(name, 50)["loss"] == approx(1.5980)
    assert row(name, 500 + 50)["loss"] == approx(0.8982)  # iterations restart every epoch


def test_tf_estimator_duplicates_and_eval():
    name = "tf_estimator.log"
    assert row(name, 1300)["loss"] == approx(5.9410780)
    assert row(name, 1000)["val_loss"] == approx(0.145)
    assert log(name).segments == 2  # the TF-slim run appended after the Estimator run


# --- exports ---------------------------------------------------------------------------------

def test_tensorboard_event_file_matches_tbparse_table():
    events = "tensorboard_pytorch/events.out.tfevents.1717400000.gpu-node-01.2231.0"
    assert row(events, 330)["loss"] == approx(3.874, rel=1e-6)
    assert row(events, 330)["grad_norm"] == approx(41.25)
    assert row(events, 300)["val_loss"] == approx(0.7412, rel=1e-6)
    assert nonfinite_steps(events)[0] == 560
    a = log(events).frame
    b = log("tensorboard_tbparse_scalars.csv").frame
    pd.testing.assert_frame_equal(a.drop(columns="val_loss"), b.drop(columns="val_loss"),
                                  check_exact=False, rtol=1e-6)


def test_wandb_history_prefers_trainer_step():
    name = "wandb_history_api.csv"
    assert row(name, 770)["loss"] == approx(2.9412)
    assert row(name, 200)["val_loss"] == approx(1.2213)


def test_wandb_panel_main_column_runs_as_segments():
    name = "wandb_panel_export.csv"
    data = log(name)
    assert data.segments == 2
    assert row(name, 1450)["loss"] == approx(1.124459, rel=1e-5)  # not the __MAX value
    assert row(name, 2100, segment=1)["loss_nonfinite"]
    assert any("__MAX" in n.en for n in data.notes)


def test_mmcv_iter_based_runner(write):
    lines = [f"2021-08-18 19:35:46,760 - mmseg - INFO - Iter [{i}/80000]\tlr: 1.0e-02, eta: 1:00:00, "
             f"time: 0.7, data_time: 0.02, memory: 8104, decode.loss_seg: 0.5, loss: {1 / i:.4f}"
             for i in range(50, 300, 50)]
    data = read_log(write("iter.log", "\n".join(lines) + "\n"))
    assert data.format == "mmcv"
    assert data.frame["step"].tolist() == [50, 100, 150, 200, 250]
    assert data.frame["loss"].iloc[0] == approx(0.02)

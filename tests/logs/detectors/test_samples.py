"""The detectors on the real-format samples (what each file contains: ../shared/logformats
README, section 16, checked against the numbers the reader gives)."""

from __future__ import annotations

import functools

import pytest

from advisor.logs import detect, read_log
from advisor.model.finding import Finding
from tests.logs.conftest import SAMPLES
from tests.logs.detectors.synth import ids, only


@functools.cache
def found(name: str) -> tuple[Finding, ...]:
    return tuple(detect(read_log(SAMPLES / name).frame))


def first(name: str, finding_id: str) -> Finding:
    hits = [f for f in found(name) if f.id == finding_id]
    assert hits, f"{name}: no {finding_id} in {found(name)}"
    return hits[0]


def test_hf_stdout_spike_at_370_then_the_fp16_nan_signature_from_520():
    spike = first("hf_trainer_stdout.log", "spike_recovers")
    assert spike.step == 370 and spike.values["peak"] == pytest.approx(4.8127)
    assert spike.values["grad_norm_spike"] == 1 and spike.end_step <= 400
    assert first("hf_trainer_stdout.log", "grad_norm_leads").step == 370
    nan = only(list(found("hf_trainer_stdout.log")), "nan_loss")
    assert (nan.step, nan.values["first_train_step"], nan.values["count"]) == (520, 520, 9)


def test_megatron_startup_calibration_spike_scale_collapse_nan_and_clean_restart():
    calib = first("megatron_lm.log", "loss_scale_calibration")
    assert (calib.step, calib.end_step, calib.values["after"]) == (10, 20, 131072.0)
    spike = first("megatron_lm.log", "spike_recovers")
    assert spike.step == 700 and spike.values["grad_norm_spike"] == 1
    drops = first("megatron_lm.log", "loss_scale_drops")
    assert (drops.step, drops.end_step, drops.values["after"]) == (1300, 1320, 1.0)
    assert first("megatron_lm.log", "nan_loss").step == 1310
    # the restart from the iteration-1000 checkpoint continues at the checkpoint's level
    assert "spike_after_resume" not in ids(found("megatron_lm.log"))
    # one overflow at 880 is ordinary dynamic loss scaling
    assert drops.values["count"] == 3


def test_nanogpt_spike_nan_and_clean_resume():
    assert first("nanogpt_train.log", "spike_recovers").step == 1740
    assert first("nanogpt_train.log", "nan_loss").step == 3020
    assert "spike_after_resume" not in ids(found("nanogpt_train.log"))


@pytest.mark.parametrize("name, step", [("keras2_fit.log", 12504), ("keras_csvlogger.csv", 17),
                                        ("hf_trainer_state.json", 200), ("keras3_fit.log", 11250),
                                        ("paddle_hapi_fit.log", 3752), ("yolo11_results.csv", 36)])
def test_overfitting_samples_show_val_rises_from_the_best_eval(name, step):
    f = first(name, "val_rises")
    assert f.step == step and f.values["train_change"] < 0


def test_deepspeed_calibration_spike_divergence_and_overflow_cascade():
    name = "deepspeed_fp16_overflow.log"
    assert first(name, "loss_scale_calibration").values["count"] == 6
    assert first(name, "spike_recovers").step == 210
    assert first(name, "divergence").step == 360
    drops = first(name, "loss_scale_drops")
    assert (drops.step, drops.end_step, drops.values["baseline"], drops.values["after"]) == (373, 382, 1024.0, 1.0)


def test_apex_scale_underflow_and_nan():
    drops = first("apex_amp_overflow.log", "loss_scale_drops")
    assert drops.step == 1251 and drops.values["after"] < 1e-100
    assert first("apex_amp_overflow.log", "nan_loss").step == 1300


def test_fairseq_gnorm_spike_with_a_small_loss_jump_and_one_ordinary_overflow():
    name = "fairseq_train.log"
    assert first(name, "spike_recovers").step == 2500
    assert first(name, "grad_norm_leads").step == 2500
    assert "loss_scale_drops" not in ids(found(name)) and "val_rises" not in ids(found(name))


@pytest.mark.parametrize("name, step", [("pytorch_tutorial_style.log", 1300), ("keras3_fit_raw.log", 5965),
                                        ("fairseq_json.log", 7000), ("keras2_fit_raw_tty.log", 2574)])
def test_divergence_onsets(name, step):
    f = first(name, "divergence")
    assert f.step == step and f.values["into_nan"] == 1


def test_second_run_appended_to_the_same_file_is_not_a_resume():
    assert "spike_after_resume" not in ids(found("pytorch_tutorial_style.log"))
    assert "spike_after_resume" not in ids(found("wandb_panel_export.csv"))


@pytest.mark.parametrize("name, step", [("paddlenlp_trainer.log", 420), ("pytorch_tqdm_loop.log", 1746),
                                        ("lightning_metrics.csv", 349), ("mmengine_scalars.json", 1300),
                                        ("tf_estimator.log", 1300), ("wandb_history_api.csv", 770)])
def test_spikes_that_recover(name, step):
    assert first(name, "spike_recovers").step == step


def test_intermittent_nan_is_not_an_early_blowup():
    nan = first("mmcv_train.log", "nan_loss")
    assert nan.step == 150 and nan.values["persistent"] == 0
    assert "early_blowup" not in ids(found("mmcv_train.log"))

"""Each detector fires on its own pattern, at the right step, and on nothing else nearby."""

from __future__ import annotations

import numpy as np
import pytest

from tests.logs.detectors.synth import cosine_lr, decay, frame, ids, only, problems, run


def test_nan_loss_first_step_and_count():
    loss = decay(300)
    loss[200:] = np.nan
    f = only(run(frame(loss)), "nan_loss")
    assert (f.step, f.end_step, f.values["count"], f.values["persistent"]) == (201, 300, 100, 1)
    assert f.confidence == 1.0


def test_nan_signature_value_is_not_a_loss():
    """HF prints `loss 0.0` with its NaN signature: the 0.0 must not look like a drop or spike."""
    loss = decay(300)
    flags = np.zeros(300, bool)
    loss[250:], flags[250:] = 0.0, True
    found = run(frame(loss, nonfinite=flags))
    assert ids(found) == {"nan_loss"} and only(found, "nan_loss").step == 251


def test_isolated_nan_is_not_persistent_and_not_a_blowup():
    loss = decay(300)
    loss[10] = np.nan
    found = run(frame(loss))
    assert only(found, "nan_loss").values["persistent"] == 0
    assert "early_blowup" not in ids(found)


def test_spike_that_recovers():
    loss = decay(400, seed=1)
    loss[250] *= 3.0
    loss[251] *= 1.6
    f = only(run(frame(loss)), "spike_recovers")
    assert f.step == 251 and 252 <= f.end_step <= 256
    assert f.values["ratio"] == pytest.approx(3.0, rel=0.15)
    assert f.confidence >= 0.7


def test_spike_that_does_not_recover():
    loss = decay(400, seed=2)
    loss[250:] *= 2.2
    found = run(frame(loss))
    f = only(found, "spike_no_recovery")
    assert f.step == 251 and f.values["after"] == pytest.approx(2.2 * loss[250] / 2.2, rel=0.15)
    assert not {"divergence", "spike_recovers"} & ids(found)


def test_small_one_point_blip_is_healthy():
    loss = decay(400, seed=3)
    loss[250] *= 1.4
    found = run(frame(loss))
    assert problems(found) == []
    assert only(found, "harmless_blip").step == 251


def test_smoothed_small_jump_counts_when_the_gradient_norm_confirms_it():
    """Megatron-style interval means flatten a spike to ~1.4x; a 50x grad-norm spike with it
    makes it a spike (and says the gradients moved first)."""
    loss = decay(300, noise=0.01, seed=4)
    grad = np.exp(np.random.default_rng(4).normal(0, 0.1, 300))
    loss[200] *= 1.45
    grad[200] *= 50
    found = run(frame(loss, grad=grad))
    assert only(found, "spike_recovers").values["grad_norm_spike"] == 1
    assert only(found, "grad_norm_leads").step == 201


def test_grad_norm_leads_by_one_point():
    loss = decay(300, seed=5)
    grad = np.exp(np.random.default_rng(5).normal(0, 0.1, 300))
    grad[180] *= 30
    loss[181] *= 3
    f = only(run(frame(loss, grad=grad)), "grad_norm_leads")
    assert (f.step, f.values["loss_step"], f.values["lead"]) == (181, 182, 1)


def test_grad_norm_spike_without_loss_rise_is_not_reported():
    loss = decay(300, seed=6)
    grad = np.exp(np.random.default_rng(6).normal(0, 0.1, 300))
    grad[180] *= 30
    assert "grad_norm_leads" not in ids(run(frame(loss, grad=grad)))


def test_divergence_into_nan():
    loss = decay(400, seed=7)
    loss[300:] = loss[300] * 1.3 ** np.arange(100)
    loss[loss > 1e3] = np.nan
    found = run(frame(loss))
    f = only(found, "divergence")
    assert 299 <= f.step <= 303 and f.values["into_nan"] == 1
    assert "nan_loss" in ids(found) and "spike_no_recovery" not in ids(found)


def test_early_blowup_from_a_divergence_in_the_first_steps():
    loss = decay(500, seed=8)
    loss[10:] = loss[10] * 1.5 ** np.arange(490)
    loss[loss > 1e4] = np.nan
    f = only(run(frame(loss)), "early_blowup")
    assert f.step <= 13 and f.values["ratio"] <= 3 and f.values["source"] == "divergence"


def test_no_early_blowup_for_trouble_late_in_the_run():
    loss = decay(500, seed=9)
    loss[400:] = loss[400] * 1.5 ** np.arange(100)
    loss[loss > 1e4] = np.nan
    assert "early_blowup" not in ids(run(frame(loss)))


def test_steady_rise():
    rng = np.random.default_rng(10)
    loss = np.concatenate([decay(100, 2.0, 0.5, 15, seed=10), np.linspace(0.5, 0.9, 300)])
    loss[100:] *= np.exp(rng.normal(0, 0.02, 300))
    f = only(run(frame(loss)), "steady_rise")
    assert 80 <= f.step <= 130 and f.values["after"] == pytest.approx(0.88, rel=0.1)


def test_plateau_when_the_loss_never_decreases():
    loss = 2.3026 * np.exp(np.random.default_rng(11).normal(0, 0.01, 300))
    f = only(run(frame(loss)), "plateau")
    assert f.step == 1 and f.confidence >= 0.6 and f.values["kind"] == "never_decreased"


def test_converged_run_flattening_at_the_end_is_not_a_plateau():
    loss = decay(600, 3.0, 1.0, 40, seed=12)  # flat for the last 80% of the run
    assert problems(run(frame(loss, lr=cosine_lr(600)))) == []


def test_resumed_segment_that_is_flat_is_not_a_plateau():
    loss = decay(400, seed=13)
    step = np.concatenate([np.arange(1, 301), np.arange(201, 301)])
    both = np.concatenate([loss[:300], loss[200:300]])
    assert problems(run(frame(both, step))) == []


def test_oscillation():
    rng = np.random.default_rng(14)
    loss = np.concatenate([decay(100, 2.5, 1.4, 20, seed=14), 1.4 * np.exp(rng.normal(0, 0.6, 400))])
    found = run(frame(loss))
    f = only(found, "oscillation")
    assert f.step <= 160 and f.values["ratio"] >= 0.3
    assert not {"spike_recovers", "harmless_blip"} & ids(found)


def test_periodic_spikes_on_epoch_boundaries():
    loss = decay(800, 2.0, 0.6, 150, seed=15)
    step = np.arange(1, 801) * 10
    epoch = (step - 1) // 1000
    for i in range(100, 800, 100):
        loss[i] *= 2.0
    f = only(run(frame(loss, step, epoch=epoch)), "periodic_spikes")
    assert f.values["count"] >= 5 and f.values["period"] == 1000 and f.values["epoch_aligned"] == 1
    assert f.values["aligned"] == ""


def test_periodic_spikes_without_epochs():
    loss = decay(600, 2.0, 0.6, 100, seed=16)
    for i in range(50, 600, 75):
        loss[i] *= 2.5
    f = only(run(frame(loss)), "periodic_spikes")
    assert f.values["period"] == 75 and f.values["epoch_aligned"] == 0


def test_val_rises_while_train_falls():
    n = 500
    loss = decay(n, 2.0, 0.1, 100, seed=17)
    val = np.full(n, np.nan)
    at = np.arange(49, n, 50)
    val[at] = [1.5, 1.1, 0.9, 0.85, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4]
    f = only(run(frame(loss, val=val)), "val_rises")
    assert f.step == 200 and f.values["baseline"] == 0.85 and f.values["after"] == 1.4


def test_val_noise_at_the_end_is_not_overfitting():
    n = 500
    loss = decay(n, 2.0, 0.5, 100, seed=18)
    val = np.full(n, np.nan)
    at = np.arange(49, n, 50)
    val[at] = [1.5, 1.1, 0.9, 0.8, 0.75, 0.73, 0.72, 0.74, 0.73, 0.75]
    assert "val_rises" not in ids(run(frame(loss, val=val)))


def test_val_rises_is_not_reported_when_training_rises_too():
    n = 500
    loss = np.concatenate([decay(200, 2.0, 0.5, 40, seed=19), np.linspace(0.5, 1.5, 300)])
    val = np.full(n, np.nan)
    at = np.arange(49, n, 50)
    val[at] = [1.5, 1.1, 0.9, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0]
    assert "val_rises" not in ids(run(frame(loss, val=val)))


def _fp16(n: int, start_skips: int, late: list[int], per_step: int = 1):
    scale = np.full(n, 65536.0)
    skipped = np.zeros(n, bool)
    s = 65536.0
    for i in range(n):
        if i < start_skips or i in late:
            s = max(1.0, s / 2 ** per_step)
            skipped[i] = True
        scale[i] = s
    return scale, skipped


def test_loss_scale_calibration_is_healthy():
    scale, skipped = _fp16(1000, 5, [])
    found = run(frame(decay(1000), scale=scale, skipped=skipped))
    f = only(found, "loss_scale_calibration")
    assert (f.step, f.end_step, f.values["count"], f.values["after"]) == (1, 5, 5, 2048.0)
    assert problems(found) == []


def test_isolated_overflow_mid_run_is_normal_dynamic_scaling():
    scale, skipped = _fp16(1000, 5, [400, 800])
    assert problems(run(frame(decay(1000), scale=scale, skipped=skipped))) == []


def test_loss_scale_cascade_to_one():
    scale, skipped = _fp16(1000, 5, list(range(900, 912)))
    found = run(frame(decay(1000), scale=scale, skipped=skipped))
    f = only(found, "loss_scale_drops")
    assert f.step == 901 and f.end_step == 912 and f.values["after"] == 1.0
    assert f.values["baseline"] == 2048.0 and f.values["count"] == 12
    assert "loss_scale_calibration" in ids(found)


def test_overflow_from_start_to_end_is_not_calibration():
    scale, skipped = _fp16(200, 0, list(range(0, 200, 4)))
    found = run(frame(decay(200), scale=scale, skipped=skipped))
    assert "loss_scale_drops" in ids(found) and "loss_scale_calibration" not in ids(found)


def test_spike_after_resume():
    loss = decay(600, 3.0, 1.0, 60, seed=20)
    step = np.concatenate([np.arange(1, 401), np.arange(301, 501)])
    resumed = loss[300:500].copy() * (1 + 1.2 * np.exp(-np.arange(200) / 30))
    f = only(run(frame(np.concatenate([loss[:400], resumed]), step)), "spike_after_resume")
    assert f.step == 301 and f.values["ratio"] >= 1.8 and f.values["baseline"] == pytest.approx(1.0, rel=0.1)


def test_clean_resume_after_a_crash_is_not_a_spike():
    """Compared with the loss at the checkpoint step, not with the blown-up end before the crash."""
    loss = decay(600, 3.0, 1.0, 60, seed=21)
    first = loss[:420].copy()
    first[400:] = np.nan  # the run died in NaN after the checkpoint at 300
    step = np.concatenate([np.arange(1, 421), np.arange(301, 501)])
    found = run(frame(np.concatenate([first, loss[300:500]]), step))
    assert "spike_after_resume" not in ids(found) and "nan_loss" in ids(found)


def test_second_fresh_run_in_the_same_file_is_not_a_resume_spike():
    a, b = decay(300, seed=22), decay(300, seed=23)
    step = np.concatenate([np.arange(1, 301), np.arange(1, 301)])
    assert problems(run(frame(np.concatenate([a, b]), step))) == []


def test_warmup_end_spike():
    n = 600
    lr = cosine_lr(n, 1e-3, 100)
    loss = decay(n, 3.0, 1.0, 40, seed=24)
    loss[110:] = loss[110] * 1.2 ** np.arange(n - 110)
    loss[loss > 1e3] = np.nan
    f = only(run(frame(loss, lr=lr)), "warmup_end_spike")
    assert f.end_step == 100 and 108 <= f.step <= 115 and f.values["peak_lr"] == pytest.approx(1e-3)


def test_healthy_warmup_end_is_quiet():
    n = 600
    assert problems(run(frame(decay(n, seed=25), lr=cosine_lr(n, 1e-3, 100)))) == []


def test_lr_jump_mid_run():
    n = 600
    lr = cosine_lr(n, 1e-4, 30)
    lr[400:] = 1e-3
    f = only(run(frame(decay(n, seed=26), lr=lr)), "lr_jump")
    assert f.step == 401 and f.values["after"] == 1e-3 and f.values["ratio"] > 3
    assert f.values["at_resume"] == 0


@pytest.mark.parametrize("name", ["linear_warmup_from_zero", "step_decay", "warm_restarts", "exponential_warmup"])
def test_planned_schedules_are_not_lr_jumps(name):
    n = 600
    i = np.arange(n, dtype=np.float64)
    lr = {
        "linear_warmup_from_zero": cosine_lr(n, 1e-3, 100) - 1e-3 / 100,
        "step_decay": np.where(i < 200, 0.1, np.where(i < 400, 0.01, 0.001)),
        "warm_restarts": 1e-3 * (0.02 + 0.98 * 0.5 * (1 + np.cos(np.pi * (i % 200) / 200))),
        "exponential_warmup": np.minimum(1e-3, 1e-7 * 1.2 ** i),
    }[name]
    assert "lr_jump" not in ids(run(frame(decay(n, seed=27), lr=lr)))


def test_lr_jump_at_a_resume_that_reset_the_schedule():
    n = 400
    lr = cosine_lr(n, 1e-3, 20)
    loss = decay(n, seed=28)
    step = np.concatenate([np.arange(1, 381), np.arange(351, 401)])
    lr_resumed = np.full(50, 1e-3)  # the scheduler restarted at its peak
    f = only(run(frame(np.concatenate([loss[:380], loss[350:400]]), step,
                       lr=np.concatenate([lr[:380], lr_resumed]))), "lr_jump")
    assert f.step == 351 and f.values["at_resume"] == 1


def test_steep_first_steps_of_a_converging_run_are_not_flagged():
    """The first logged points fall by 10x: nothing there is a spike, a blow-up or a plateau."""
    for seed in range(5):
        loss = decay(200, 50.0, 2.0, 3, noise=0.05, seed=seed)
        assert problems(run(frame(loss, lr=cosine_lr(200, 1e-3, 5)))) == []


def test_short_epoch_level_log_is_handled():
    loss = decay(12, 1.5, 0.3, 4, seed=29)
    val = loss * 1.1
    assert problems(run(frame(loss, np.arange(12), val=val))) == []


def test_empty_and_tiny_frames():
    assert run(frame([])) == []
    assert run(frame([1.0])) == []
    assert ids(run(frame([1.0, np.nan]))) == {"nan_loss"}


def test_counter_that_restarts_every_epoch_is_not_a_pile_of_plateaus():
    """A generic table whose step restarts each epoch has one segment per epoch; each epoch's
    slice is flat-ish, yet the run learns. Many segments also must not make detect() slow."""
    n_epochs, per = 3000, 20
    i = np.arange(n_epochs * per, dtype=np.float64)
    loss = (1 + 2 * np.exp(-i / 12000)) * np.exp(np.random.default_rng(30).normal(0, 0.03, len(i)))
    step = np.tile(np.arange(per), n_epochs)
    found = run(frame(loss, step, lr=np.full(len(i), 1e-3), epoch=np.repeat(np.arange(n_epochs), per)))
    assert problems(found) == []

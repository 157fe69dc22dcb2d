"""Number tokens: every NaN/Inf spelling is a real value; NA and blanks are missing."""

from __future__ import annotations

import math

import pytest

from advisor.logs.formats._common import EpochClock, canonical, integer, num, overflow


@pytest.mark.parametrize("token", ["nan", "NaN", "NAN", "nanxxx", "nan.0", "-nan", "[nan]",
                                   "tensor(nan, device='cuda:0')", "1.#QNAN", "-1.#IND"])
def test_nan_spellings(token):
    assert math.isnan(num(token))


@pytest.mark.parametrize(("token", "value"), [
    ("inf", math.inf), ("-inf", -math.inf), ("Infinity", math.inf), ("-Infinity", -math.inf),
    ("infxxx", math.inf), ("1.#INF", math.inf), ("-1.#INF", -math.inf),
    ("7.334521E-01", 0.7334521), ("1.0000e-02", 0.01), ("2.8e-05", 2.8e-05), ("-3", -3.0),
    ("0.000500", 0.0005), ("15.34%", 15.34), ("tensor(0.3005)", 0.3005), ("[0.25]", 0.25),
    ("1.5,", 1.5), (".5", 0.5),
])
def test_values(token, value):
    assert num(token) == pytest.approx(value)


@pytest.mark.parametrize("token", [None, "", "NA", "N/A", "None", "null", "#na#", "-", "abc", "loss"])
def test_missing(token):
    assert num(token) is None


def test_integer():
    assert integer("3,750") == 3750 and integer("  10 ") == 10 and integer("x") is None


def test_canonical_names():
    assert canonical("train/loss") == "loss" and canonical("Loss") == "loss"
    assert canonical("eval_loss") == canonical("valid/loss") == canonical("验证损失") == "val_loss"
    assert canonical("learning_rate") == canonical("lr-AdamW") == canonical("学习率") == "lr"
    assert canonical("gnorm") == "grad_norm" and canonical("_step") == "step"
    assert canonical("loss_cls") is None and canonical("accuracy") is None


@pytest.mark.parametrize(("line", "scale"), [
    ("Gradient overflow.  Skipping step, loss scaler 0 reducing loss scale to 32768.0", 32768.0),
    ("Gradient overflow.  Skipping step, loss scaler reducing loss scale to 8.2e-202", 8.2e-202),
    ("[deepspeed] OVERFLOW! Rank 0 Skipping step. Attempted loss scale: 65536, reducing to 32768", 32768),
    ("[deepscale] OVERFLOW! Rank 0 Skipping step. Attempted loss scale: 134217728.0, reducing to 67108864.0", 67108864.0),
    ("[deepspeed] OVERFLOW! Rank 0 Skipping step. Attempted loss scale: 65536, but hysteresis is 2. Reducing hysteresis to 1", 65536),
    ("NOTE: gradient overflow detected, ignoring gradient, setting loss scale to: 64.0", 64.0),
    ("NOTE: overflow detected, setting loss scale to: 64.0", 64.0),
    ("AMP: overflow detected, setting scale to to 64.0", 64.0),
    ("| WARNING: overflow detected, setting loss scale to: 1.0", 1.0),
])
def test_overflow_messages(line, scale):
    assert overflow(line) == (pytest.approx(scale),)


def test_bf16_overflow_has_no_scale_and_plain_lines_are_not_overflows():
    assert overflow("[deepspeed] OVERFLOW! Rank 0 Skipping step.") == (None,)
    assert overflow("epoch 1 loss 0.5") is None
    assert overflow("the overflow of the river") is None


def test_epoch_clock_per_epoch_and_global_iterations():
    per_epoch = EpochClock()
    assert [per_epoch.step(e, i) for e, i in [(1, 50), (1, 100), (2, 50), (2, 100), (3, 50)]] \
        == [50, 100, 150, 200, 250]
    global_iters = EpochClock()
    assert [global_iters.step(e, i) for e, i in [(1, 50), (1, 100), (2, 150), (2, 200)]] \
        == [50, 100, 150, 200]
    known = EpochClock(first_epoch=1)
    assert known.step(3, 10, 600) == 1210
    back = EpochClock()
    assert [back.step(e, i) for e, i in [(1, 10), (2, 10), (1, 10)]] == [10, 20, 10]

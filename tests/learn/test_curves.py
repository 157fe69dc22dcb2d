"""The curve generators: canonical frames, deterministic, documented, every model used."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from advisor.learn import curves
from advisor.learn.curves import CURVES, generate
from advisor.logs.frame import COLUMNS, empty_frame


def _cases(kb):
    return list(kb.cases.values())


def _assert_canonical(frame: pd.DataFrame, where: str) -> None:
    reference = empty_frame()
    assert tuple(frame.columns) == COLUMNS, where
    assert list(frame.dtypes) == list(reference.dtypes), where
    assert frame.index.equals(pd.RangeIndex(len(frame))), where
    assert len(frame) > 0, where


@pytest.mark.parametrize("model", sorted(CURVES))
def test_every_model_makes_a_canonical_frame_with_its_defaults(model):
    frame = CURVES[model](2000, np.random.default_rng(0))
    _assert_canonical(frame, model)
    finite = frame["loss"].dropna()
    assert (finite > 0).all(), model
    # printed NaN rows are flagged; everything else that is NaN was simply not logged
    assert not (frame["loss_nonfinite"] & frame["loss"].notna()).any(), model


def test_every_case_frame_is_canonical(kb):
    for case in _cases(kb):
        _assert_canonical(generate(case), case.id)


def test_same_case_same_frame(kb):
    case = kb.cases["pretrain_bad_batches"]
    pd.testing.assert_frame_equal(generate(case), generate(case))


def test_another_seed_draws_another_curve(kb):
    case = kb.cases["healthy_gpt_small"]
    other = msgspec_replace_seed(case, case.curve.seed + 1)
    assert not generate(case)["loss"].equals(generate(other)["loss"])


def msgspec_replace_seed(case, seed):
    import msgspec

    return msgspec.structs.replace(case, curve=msgspec.structs.replace(case.curve, seed=seed))


def test_every_model_is_used_by_some_case(kb):
    used = {case.curve.model for case in _cases(kb)}
    assert set(CURVES) <= used, sorted(set(CURVES) - used)


def test_every_case_names_a_known_model(kb):
    for case in _cases(kb):
        assert case.curve.model in CURVES, case.id


def test_every_model_documents_what_it_models():
    for name, model in CURVES.items():
        assert model.__doc__ and len(model.__doc__) > 150, name
    assert "loss = floor" in curves.__doc__


def test_a_misspelt_parameter_is_an_error():
    with pytest.raises(TypeError, match="no parameter"):
        CURVES["healthy"](1000, np.random.default_rng(0), sigmaa=0.1)


def test_an_unknown_model_is_an_error(kb):
    case = kb.cases["healthy_gpt_small"]
    import msgspec

    broken = msgspec.structs.replace(case, curve=msgspec.structs.replace(case.curve, model="no_such_model"))
    with pytest.raises(KeyError, match="no_such_model"):
        generate(broken)


def test_frames_carry_what_their_failure_shows(kb):
    """The frames use the canonical columns the way the parsers do."""
    resume = generate(kb.cases["resume_weights_only"])
    assert set(resume["segment"]) == {0, 1}
    assert resume["step"].diff().min() < 0  # the step counter goes back at the resume

    fp16 = generate(kb.cases["fp16_t5_overflow"])
    assert fp16["skipped"].sum() >= 10
    assert fp16["loss_scale"].min() < 1 and fp16["loss_scale"].max() >= 2048
    assert fp16["loss_nonfinite"].any()

    healthy_fp16 = generate(kb.cases["healthy_fp16_calibration"])
    first = healthy_fp16[healthy_fp16["skipped"]]["step"]
    assert list(first.iloc[:5]) == [1, 2, 3, 4, 5]

    epochs = generate(kb.cases["unshuffled_epochs"])
    assert epochs["epoch"].notna().all()

    overfit = generate(kb.cases["small_data_overfit"])
    assert overfit["val_loss"].notna().sum() >= 50

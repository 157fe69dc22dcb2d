"""Normal noise on a healthy run gives no alarm: generated curves, generated logs, real samples."""

from __future__ import annotations

import numpy as np
import pytest

from advisor.logs import detect, read_log
from benchmarks import gen_logs
from tests.logs.conftest import SAMPLES
from tests.logs.detectors.synth import frame, healthy, ids, problems, run

SEEDS = range(50)


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_healthy_curve_gives_no_alarm(seed):
    df, _ = healthy(seed)
    assert problems(run(df)) == []


def test_the_blip_in_healthy_curves_is_seen_as_harmless():
    """Most planted 1.2-1.45x blips are reported, always as `harmless_blip`, never as spikes."""
    seen = 0
    for seed in SEEDS:
        df, blip_step = healthy(seed)
        seen += any(f.id == "harmless_blip" and f.step == blip_step for f in run(df))
    assert seen >= len(SEEDS) // 2


HEALTHY_MODELS = [make for make in gen_logs.CASES if make.__name__.startswith("healthy_")]


@pytest.mark.parametrize("make", HEALTHY_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("seed", [101, 202, 303])
def test_generated_healthy_logs_in_real_formats(make, seed, tmp_path):
    """Written in the real format and read back by the parser, as a user's log would be."""
    case = make(np.random.default_rng([seed, 7]))
    path = tmp_path / case.name
    path.write_text(gen_logs.WRITERS[case.format](case), encoding="utf-8")
    assert problems(detect(read_log(path).frame)) == []


@pytest.mark.parametrize("name", ["paddlenlp_script.log", "paddleclas_train.log",
                                  "pytorch_imagenet_example.log", "fairseq_legacy.log"])
def test_samples_without_anomalies_give_no_alarm(name):
    assert problems(detect(read_log(SAMPLES / name).frame)) == []


def test_noisy_small_batch_run_is_quiet():
    """20% per-point noise (tiny batches, raw per-step loss) is still just noise."""
    rng = np.random.default_rng(5)
    i = np.arange(2000, dtype=np.float64)
    loss = (0.4 + 2.0 * np.exp(-i / 300)) * np.exp(rng.normal(0, 0.2, 2000))
    assert not {"spike_recovers", "spike_no_recovery", "divergence", "periodic_spikes",
                "steady_rise", "plateau"} & ids(run(frame(loss)))

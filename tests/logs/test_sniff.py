"""Sniffing picks the right registry entry for every sample, without --format."""

from __future__ import annotations

import pytest

from advisor.logs import FORMATS, format_names, read_log
from advisor.logs.formats import get, sniff
from advisor.logs.source import Source
from tests.logs.conftest import SAMPLES

EXPECTED = {
    "apex_amp_overflow.log": "apex_amp",
    "deepspeed_fp16_overflow.log": "deepspeed",
    "fairseq_json.log": "fairseq",
    "fairseq_legacy.log": "fairseq",
    "fairseq_train.log": "fairseq",
    "fastai_fine_tune.log": "fastai",
    "hf_trainer_state.json": "hf_trainer_state",
    "hf_trainer_stdout.log": "hf_trainer",
    "keras2_fit.log": "keras",
    "keras2_fit_raw_tty.log": "keras",
    "keras3_fit.log": "keras",
    "keras3_fit_raw.log": "keras",
    "keras_csvlogger.csv": "keras_csv",
    "lightning_metrics.csv": "lightning_csv",
    "lightning_progress.log": "lightning_progress",
    "llamafactory_trainer_log.jsonl": "llamafactory",
    "megatron_lm.log": "megatron",
    "mmcv_log.json": "mmcv_json",
    "mmcv_train.log": "mmcv",
    "mmengine_scalars.json": "mmengine_scalars",
    "mmengine_train.log": "mmengine",
    "nanogpt_train.log": "nanogpt",
    "paddle_hapi_fit.log": "paddle_hapi",
    "paddleclas_train.log": "paddleclas",
    "paddledetection_train.log": "paddledetection",
    "paddlenlp_script.log": "paddlenlp",
    "paddlenlp_trainer.log": "paddlenlp",
    "paddleocr_train.log": "paddleocr",
    "paddleseg_train.log": "paddleseg",
    "plain_chinese_gbk.log": "print_loop",
    "pytorch_imagenet_example.log": "pytorch_imagenet",
    "pytorch_mnist_example.log": "pytorch_mnist",
    "pytorch_tqdm_loop.log": "print_loop",
    "pytorch_tutorial_style.log": "print_loop",
    "tensorboard_pytorch/events.out.tfevents.1717400000.gpu-node-01.2231.0": "tensorboard",
    "tensorboard_tbparse_scalars.csv": "tensorboard_csv",
    "tf_estimator.log": "tf_estimator",
    "timm_summary.csv": "timm_summary",
    "timm_train.log": "timm",
    "torch_metriclogger.log": "metriclogger",
    "torchtune_log_1718023311.txt": "torchtune",
    "wandb_history_api.csv": "wandb_history",
    "wandb_panel_export.csv": "wandb_panel",
    "yolo11_results.csv": "ultralytics",
    "yolov8_results.csv": "ultralytics",
}


def test_every_sample_is_listed():
    files = {p.relative_to(SAMPLES).as_posix() for p in SAMPLES.rglob("*") if p.is_file()}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sniff_picks_the_format(name):
    assert read_log(SAMPLES / name).format == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if "tfevents" not in n))
def test_forcing_the_sniffed_format_gives_the_same_frame(name):
    auto = read_log(SAMPLES / name)
    forced = read_log(SAMPLES / name, fmt=EXPECTED[name])
    assert auto.frame.equals(forced.frame)


def test_registry_is_consistent():
    names = format_names()
    assert len(names) == len(set(names)) == len(FORMATS)
    for entry in FORMATS:
        assert entry.NAME and entry.DESCRIPTION and "\n" not in entry.DESCRIPTION
        assert get(entry.NAME) is entry
    # generic catch-alls come last so that ties go to specific formats
    assert names[-1] == "print_loop" and names.index("csv") > names.index("keras_csv")


def test_sniff_returns_none_for_prose():
    assert sniff(["Dear diary,", "today nothing was trained."]) is None


def test_a_plain_line_with_a_loss_is_a_print_loop(write):
    path = write("run.log", "starting\n" + "".join(f"it {i} loss {1 / i:.4f}\n" for i in range(1, 9)))
    assert sniff(Source(path).head()).NAME == "print_loop"


def test_long_preamble_is_looked_past(write):
    preamble = "".join(f"  arg_{i} ........ {i}\n" for i in range(1200))
    line = (" iteration       {0}/    1000 | consumed samples:        {1} | learning rate: "
            "1.000000E-04 | global batch size:   512 | lm loss: 3.5E+00 | loss scale: 1.0 |\n")
    path = write("m.log", preamble + "".join(line.format(i, i * 512) for i in range(10, 60, 10)))
    data = read_log(path)
    assert data.format == "megatron" and data.frame["step"].tolist() == [10, 20, 30, 40, 50]


def test_descriptions_are_single_printable_lines():
    for entry in FORMATS:
        assert entry.DESCRIPTION.isprintable(), entry.NAME

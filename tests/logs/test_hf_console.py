"""Console captures as users paste them (HF Trainer, Lightning, Keras, Ultralytics): shapes seen in real issues."""

from __future__ import annotations

from advisor.logs import read_log


def _read(tmp_path, text: str):
    path = tmp_path / "train.log"
    path.write_text(text, encoding="utf-8")
    return read_log(path)


def test_dicts_glued_to_the_bar_line_are_sniffed_and_read(tmp_path):
    lines = [f"  {i}%|▏         | {500 * i}/22184 [01:40<1:12:54,  4.96it/s]"
             f"{{'loss': {2.5 - 0.1 * i:.4f}, 'learning_rate': 1.9e-05, 'epoch': {0.05 * i:.2f}}}"
             for i in range(1, 11)]
    data = _read(tmp_path, "\n".join(lines) + "\n")
    assert data.format == "hf_trainer"
    assert data.frame["step"].tolist()[:3] == [500, 1000, 1500]
    assert data.frame["loss"].tolist()[0] == 2.4


def test_quoted_values_and_labelled_bars_of_newer_transformers(tmp_path):
    text = (
        "Tokenizing train dataset: 100%|██████████| 2276/2276 [00:00<00:00, 2811.64 examples/s]\n"
        "{'loss': '1.363', 'grad_norm': '1.094', 'learning_rate': '5e-05', 'epoch': '1'}\n"
        "{'eval_loss': '1.17', 'eval_runtime': '8.043', 'epoch': '1'}\n"
        " 37%|███▋      | 1272/3414 [12:39<23:44,  1.50it/s]"
        "{'loss': '1.178', 'grad_norm': '1.109', 'learning_rate': '5e-05', 'epoch': '2'}\n"
        "{'loss': '1.145', 'grad_norm': '1.289', 'learning_rate': '5e-05', 'epoch': '3'}\n"
    )
    frame = _read(tmp_path, text).frame
    assert frame["loss"].dropna().tolist() == [1.363, 1.178, 1.145]  # none merged away
    assert frame["val_loss"].dropna().tolist() == [1.17]
    assert 2276 not in frame["step"].tolist()  # the tokenizer's bar is not the training bar
    assert frame["step"].is_monotonic_increasing


def test_a_record_after_a_stale_bar_gets_its_own_step(tmp_path):
    text = (
        "  5%|▌         | 50/1000 [01:52<03:41,  4.29it/s]\n"
        "{'loss': 1.8639, 'learning_rate': 2.5e-05, 'epoch': 0.31}\n"
        " 10%|█         | 100/1000 [02:18<38:19,  2.55s/it]\n"
        "{'loss': 0.4662, 'learning_rate': 5e-05, 'epoch': 0.63}\n"
        "{'loss': 0.1884, 'learning_rate': 4.7e-05, 'epoch': 0.94}\n"
    )
    frame = _read(tmp_path, text).frame
    assert frame["step"].tolist() == [50, 100, 150]
    assert frame["loss"].tolist() == [1.8639, 0.4662, 0.1884]


def test_lightning_bars_keep_the_last_drawing_of_each_batch_and_allow_indent_and_cut_offs(tmp_path):
    bar = "    Epoch 0:  {p}%|▌         | {n}/18 [00:08<02:29,  8.77s/it{post}]"
    text = "\n".join([
        bar.format(p=6, n=1, post=""),
        bar.format(p=6, n=1, post=", loss=10.473, v_num=193315"),
        bar.format(p=11, n=2, post=", loss=10.473, v_num=193315"),  # drawn before batch 2's loss
        bar.format(p=11, n=2, post=", loss=10.224, v_num=193315"),
        bar.format(p=17, n=3, post=", loss=10.047, v_num=193315"),
        # a checkpoint message printed into the bar's line cuts it off before the "]"
        "Epoch 0:  22%|▌         | 4/18 [00:09<02:29,  8.77s/it, loss=nan, v_num=Epoch 0, "
        "global step 51: 'val_accuracy' reached 0.5",
    ]) + "\n"
    data = _read(tmp_path, text)
    assert data.format == "lightning_progress"
    assert data.frame["loss"].tolist()[:3] == [10.473, 10.224, 10.047]
    assert data.frame["loss_nonfinite"].tolist()[-1]


def test_ultralytics_console_epochs_with_a_nan_loss(tmp_path):
    header = "      Epoch    GPU_mem   box_loss   cls_loss   dfl_loss  Instances       Size"
    row = "     {e}/55      9.03G     {box}      {cls}      3.308         22        640: {p}%|███| {n}/954 [11:41<00:00,  1.36it/s]"
    lines = []
    for e, box, cls in ((1, "0.1321", "8.032"), (2, "0.1295", "7.585"), (3, "nan", "nan")):
        lines += [header, row.format(e=e, box=box, cls=cls, p=50, n=477),
                  row.format(e=e, box=box, cls=cls, p=100, n=954),
                  "                 Class     Images  Instances      Box(P          R      mAP50  mAP50-95): 100%",
                  "                   all       1049       1164      0.764      0.776      0.739      0.526"]
    data = _read(tmp_path, "\n".join(lines) + "\n")
    assert data.format == "ultralytics_console"
    frame = data.frame
    assert frame["step"].tolist() == [477, 954, 1431, 1908, 2385, 2862]
    assert round(frame["loss"].tolist()[1], 4) == round(0.1321 + 8.032 + 3.308, 4)
    assert frame["loss_nonfinite"].tolist()[-2:] == [True, True]


def test_keras3_updates_glued_on_one_line_are_each_read(tmp_path):
    text = ("Epoch 1/10\n"
            "  22/1875 ━━━━━━━━━━━━━━━━━━━━ 4s 2ms/step - accuracy: 0.1137 - loss: 1.35e+29 - precision: 0.1"
            "  46/1875 ━━━━━━━━━━━━━━━━━━━━ 4s 2ms/step - accuracy: 0.1142 - loss: nan - precision: 0.1033"
            "  1875/1875 ━━━━━━━━━━━━━━━━━━━━ 5s 2ms/step - accuracy: 0.1012 - loss: nan - val_loss: nan\n")
    frame = _read(tmp_path, text).frame
    assert frame["step"].tolist() == [22, 46, 1875]
    assert frame["loss"].tolist()[0] == 1.35e29 and frame["loss_nonfinite"].tolist() == [False, True, True]


def test_a_step_key_in_the_dicts_gives_the_steps(tmp_path):
    text = "".join(f"{{'loss': {11 - k / 10:.4f}, 'grad_norm': 2.5, 'learning_rate': 1e-06, "
                   f"'epoch': {k / 100:.2f}, 'step': {100 * k}}}\n" for k in range(1, 31))
    frame = _read(tmp_path, text).frame
    assert frame["step"].tolist()[:3] == [100, 200, 300] and frame["step"].iloc[-1] == 3000


def test_deepspeed_run_whose_script_prints_its_own_loss(tmp_path):
    lines = ["fp16=True"]
    for epoch in (1, 2):
        for i in range(200, 2200, 200):
            lines.append(f"[{epoch}, {i:5d}] loss: {2.2 - epoch * 0.2 - i / 20000:.3f}")
        lines += ["[2024-09-23 10:11:54,722] [INFO] [fused_optimizer.py:463:_update_scale] Increasing "
                  "dynamic loss scale from 32768 to 65536",
                  "[2024-09-23 10:11:54,729] [INFO] [fused_optimizer.py:455:_update_scale] Reducing "
                  "dynamic loss scale from 65536 to 32768.0",
                  "[2024-09-23 10:11:54,730] [INFO] [logging.py:96:log_dist] [Rank 0] Overflow detected. "
                  "Skipping step. Attempted loss scale: 65536, reducing to 32768.0"]
    data = _read(tmp_path, "\n".join(lines) + "\n")
    assert data.format == "deepspeed" and data.points == 20
    assert any("print lines" in note.en for note in data.notes)


def test_only_healthy_findings_in_a_short_log_is_not_a_problem(kb):
    from advisor.engine import diagnose
    from advisor.model.finding import Finding

    calibration = Finding("loss_scale_calibration", 1, 6, 6.0, 0.8, {"count": 6})
    assert diagnose(kb, "", findings=[calibration], logs_read=False).verdict != "problem"

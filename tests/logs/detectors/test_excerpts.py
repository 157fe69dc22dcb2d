"""Pasted excerpts: the tail of a run, not its start, read and judged as such."""

from __future__ import annotations

from advisor.logs import detect, read_log

_BAR = " 14%|█▍        | {step}/2724 [13:58:09<86:18:35, 132.44s/it]"
_OVERFLOW = ("[2023-06-07 22:16:00,018] [INFO] [loss_scaler.py:181:update_scale] [deepspeed] "
             "OVERFLOW! Rank 0 Skipping step. Attempted loss scale: {old}, reducing to {new}")


def test_overflows_in_the_tail_of_a_run_are_a_collapse_not_calibration(tmp_path):
    # as DeepSpeed + HF print it: the bar of the last finished step, then the overflow of the
    # step being computed; the step-380 record comes between the bar and the next overflow
    lines, scale = [], 64
    for step in range(378, 383):
        if step == 380:
            lines += [_BAR.format(step=step), "{'loss': 2.0491, 'learning_rate': 1.96e-4, 'epoch': 0.28}"]
        lines.append(_BAR.format(step=step) + _OVERFLOW.format(old=scale, new=scale // 2))
        scale //= 2
    path = tmp_path / "tail.log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = {f.id: f for f in detect(read_log(path).frame)}
    assert "loss_scale_calibration" not in found
    drop = found["loss_scale_drops"]
    assert drop.values["baseline"] == 64 and drop.values["after"] == 2 and drop.values["count"] == 5


def test_megatron_deepspeed_nan_shows_only_as_a_missing_loss_and_nan_grad_norm(tmp_path):
    line = (" iteration {it:8d}/  250000 | consumed samples: {s:12d} | elapsed time per iteration "
            "(ms): 4247.9 | learning rate: 2.999E-04 | global batch size:     8 | {loss}loss scale: "
            "1.0 | grad norm: {gn} | number of skipped iterations:   0 | number of nan iterations:   0 |")
    lines = [line.format(it=it, s=8 * it, loss=f"lm loss: {2.5 - it / 1e4:.6E} | ", gn="0.412")
             for it in range(5400, 5426)]
    lines += [line.format(it=it, s=8 * it, loss="", gn="nan") for it in range(5426, 5429)]
    path = tmp_path / "megatron.log"
    path.write_text("\n".join(lines) + "\n")
    nan = next(f for f in detect(read_log(path).frame) if f.id == "nan_loss")
    assert nan.step == 5426


def test_validation_only_nan_is_not_a_training_blow_up(tmp_path):
    rows = ["epoch,train/box_loss,train/cls_loss,train/dfl_loss,val/box_loss,val/cls_loss,val/dfl_loss"]
    rows += [f"{e},{1.5 - e / 20:.3f},{2.5 - e / 10:.3f},{1.4 - e / 30:.3f},nan,nan,nan" for e in range(1, 11)]
    path = tmp_path / "results.csv"
    path.write_text("\n".join(rows) + "\n")
    found = {f.id: f for f in detect(read_log(path).frame)}
    assert found["nan_loss"].values["train_count"] == 0 and found["nan_loss"].values["val_count"] == 10
    assert "early_blowup" not in found


def test_nan_before_any_update_points_away_from_the_learning_rate(tmp_path, kb):
    from advisor.engine import diagnose

    lines = ["Epoch: [0] [  0/200] learning_rate: 0.000000 loss: nan"]
    lines += [f"Epoch: [0] [{i:3d}/200] learning_rate: {i * 1e-5:.6f} loss: nan" for i in range(20, 200, 20)]
    path = tmp_path / "ppyolo.log"
    path.write_text("\n".join(lines) + "\n")
    findings = detect(read_log(path).frame)
    assert {"nan_loss", "nan_at_start"} <= {f.id for f in findings}
    assert "early_blowup" not in {f.id for f in findings}
    top = [c.id for c in diagnose(kb, "", findings=findings, logs_read=True).causes[:3]]
    assert "lr_too_high" not in top and "warmup_too_short" not in top


def test_an_absurd_loss_in_the_first_iterations_is_an_early_blow_up_even_if_it_came_back(tmp_path):
    line = ("2020-07-31 22:40:50,985 - mmdet - INFO - Epoch [{e}][{i}/1749]\tlr: {lr:.3e}, eta: 2:36:29, "
            "time: 1.807, data_time: 0.047, memory: 5280, loss_rpn_cls: 0.1, loss: {loss:.4f}")
    losses = [59307.9, 21082.4, 310.2] + [0.8 - 0.01 * k for k in range(30)]
    lines = [line.format(e=1 + k // 34, i=50 * (1 + k % 34), lr=min(0.02, 4e-5 * 50 * (k + 1)), loss=v)
             for k, v in enumerate(losses)]
    path = tmp_path / "mmdet.log"
    path.write_text("\n".join(lines) + "\n")
    blowup = next(f for f in detect(read_log(path).frame) if f.id == "early_blowup")
    assert blowup.values["source"] == "huge_start" and blowup.step == 50


def test_start_up_calibration_from_two_to_the_32_in_a_short_log(tmp_path):
    lines, scale = [], 2 ** 32
    for _ in range(6):
        lines.append(f"[deepspeed] OVERFLOW! Rank 0 Skipping step. Attempted loss scale: {scale}, reducing to {scale // 2}")
        scale //= 2
    lines += [f"[Rank 0] step={s}, skipped=6, lr=[0.0001], mom=[(0.9, 0.999)]" for s in range(10, 60, 10)]
    path = tmp_path / "ds.log"
    path.write_text("\n".join(lines) + "\n")
    found = {f.id: f for f in detect(read_log(path).frame)}
    assert found["loss_scale_calibration"].values["count"] == 6
    assert "loss_scale_drops" not in found


def test_a_smooth_fine_tuning_descent_is_not_a_huge_start(tmp_path):
    import json

    history = [{"step": 25 * k, "loss": round(0.3 * 0.93 ** k, 6), "learning_rate": 1e-5, "epoch": k / 20}
               for k in range(1, 201)]
    path = tmp_path / "trainer_state.json"
    path.write_text(json.dumps({"log_history": history, "global_step": 5000}))
    assert "early_blowup" not in {f.id for f in detect(read_log(path).frame)}


def test_a_stepped_warmup_off_a_tiny_initial_lr_is_not_a_jump(tmp_path):
    lines = []
    for epoch, lr in ((0, "1.000e-05"), (1, "1.001e-02"), (2, "2.001e-02"), (3, "2.001e-02")):
        for it in (0, 50):
            lines.append(f"Train: {epoch} [  {it:2d}/73 ( 70%)]  Loss: {6.8 - epoch - it / 100:.2f} (6.83)  "
                         f"Time: 0.313s,  817.68/s  (0.331s,  773.50/s)  LR: {lr}  Data: 0.016 (0.033)")
    path = tmp_path / "timm.log"
    path.write_text("\n".join(lines) + "\n")
    assert "lr_jump" not in {f.id for f in detect(read_log(path).frame)}


def test_several_epoch_only_records_per_epoch_keep_their_own_steps(tmp_path):
    lines = [f"[2025/07/22 00:22:10] ppocr INFO: epoch: [{1 + k // 4}/10], lr: {0.000024 + 0.000018 * k:.6f}, "
             f"acc: 0.1, loss: {38.9 - k:.6f}, eta: 4:30:02" for k in range(24)]
    path = tmp_path / "ppocr.log"
    path.write_text("\n".join(lines) + "\n")
    data = read_log(path)
    assert len(data.frame) == 24 and data.frame["step"].is_monotonic_increasing
    assert "lr_jump" not in {f.id for f in detect(data.frame)}

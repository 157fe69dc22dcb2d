"""Print loops as users write them: Chinese tutorials (full-width punctuation, 训练次数, 测试集), quoted values."""

from __future__ import annotations

from advisor.logs import read_log


def test_full_width_colons_step_word_and_test_set_lines(tmp_path):
    lines = []
    for epoch in (1, 2):
        lines.append(f"-------第 {epoch} 轮训练开始------")
        for k in range(1, 4):
            step = (epoch - 1) * 300 + 100 * k
            lines.append(f"训练次数：{step}, Loss：{2.0 - step / 1000:.4f}")
        lines.append(f"整体测试集上的Loss: {260 - 30 * epoch:.2f}")
        lines.append(f"整体测试集上的正确率: 0.{38 + 10 * epoch}")
    path = tmp_path / "train.log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame = read_log(path).frame
    assert frame["step"].tolist() == [100, 200, 300, 400, 500, 600]
    assert frame["loss"].tolist()[:2] == [1.9, 1.8]
    # the whole-test-set totals are validation values on the last training step, not spikes
    assert frame.set_index("step")["val_loss"].dropna().to_dict() == {300: 230.0, 600: 200.0}


def test_quoted_loss_values_of_legacy_paddledetection(tmp_path):
    lines = [f"2022-03-09 15:20:28,459-INFO: iter: {i}, lr: 0.000083, 'loss': '{v}', eta: 0:02:34, "
             "batch_cost: 0.00039 sec, ips: 5168.58164 images/sec" for i, v in ((0, "24.061707"), (20, "nan"), (40, "nan"))]
    path = tmp_path / "ppdet.log"
    path.write_text("\n".join(lines) + "\n")
    frame = read_log(path).frame
    assert frame["step"].tolist() == [0, 20, 40]
    assert frame["loss"].tolist()[0] == 24.061707 and frame["loss_nonfinite"].tolist() == [False, True, True]

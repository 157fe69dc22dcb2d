"""The block-at-a-time fast paths give exactly the frame the line parsers give.

Each generated log mixes the regular lines a fast path handles with the irregular ones it
must hand back (eval lines, a missing Megatron loss, overflow messages, NaN, restarts);
small blocks make some blocks fast and others slow within one file.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from advisor.logs import read_log
from advisor.logs import source as source_module
from advisor.logs.formats import fastpath, hf_trainer, megatron


def _compare(path, monkeypatch, disable, used):
    monkeypatch.setattr(source_module, "BLOCK_BYTES", 4096)
    calls = {"fast": 0}
    original = getattr(*used)

    def counting(*args, **kwargs):
        result = original(*args, **kwargs)
        calls["fast"] += result is not None
        return result

    monkeypatch.setattr(*used, counting)
    fast = read_log(path)
    assert calls["fast"] > 0, "the fast path was never taken"
    monkeypatch.setattr(*disable)
    slow = read_log(path)
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    return fast


def test_hf_dict_blocks(write, monkeypatch):
    lines = []
    for i in range(1, 400):
        loss = "nan" if i == 300 else ("0.0" if i > 380 else f"{2 + math.sin(i):.4f}")
        gn = "nan" if i > 380 else repr(1.0 + i / 1000)
        lines.append(f"{{'loss': {loss}, 'grad_norm': {gn}, 'learning_rate': {1e-5 * i!r}, "
                     f"'epoch': {i / 400:.2f}}}")
        if i % 50 == 0:
            lines.append(f"{{'eval_loss': {1.5 + i / 1000!r}, 'eval_runtime': 3.1, 'epoch': {i / 400:.2f}}}")
    path = write("hf.log", "\n".join(lines) + "\n")
    data = _compare(path, monkeypatch, (hf_trainer, "_fast_block", lambda *a: None),
                    (hf_trainer, "_fast_block"))
    f = data.frame
    assert f["step"].tolist() == list(range(1, 400))
    assert f.loc[f["step"] == 50, "val_loss"].item() == pytest.approx(1.55)
    assert f.loc[f["step"] == 300, "loss_nonfinite"].item()
    assert f.loc[f["step"] > 380, "loss_nonfinite"].all() and (f.loc[f["step"] > 380, "loss"] == 0).all()


def _megatron_line(it, loss=True, skipped=0, nan=0):
    lm = f" lm loss: {3 + 1 / it:.6E} |" if loss else ""
    gn = f" grad norm: {0.5 + it / 1e4:.3f} |" if loss else ""
    return (f" [2025-03-04 10:12:32] iteration {it:8d}/  500000 | consumed samples: {it * 512:12d} | "
            f"elapsed time per iteration (ms): 1486.9 | learning rate: {it * 1e-7:.6E} | "
            f"global batch size:   512 |{lm} loss scale: 65536.0 |{gn} "
            f"number of skipped iterations: {skipped:3d} | number of nan iterations: {nan:3d} |")


def test_megatron_blocks(write, monkeypatch):
    lines = []
    for it in range(10, 2010, 10):
        lines.append(_megatron_line(it, loss=it not in (700, 710), skipped=10 if it in (700, 710) else 0,
                                    nan=10 if it == 710 else 0))
        if it % 500 == 0:
            lines += ["-" * 40, f" validation loss at iteration {it} | lm loss value: {2 + it / 1e4:.6E} |",
                      "-" * 40]
        if it == 1500:
            lines.append(" successfully loaded checkpoint from /ckpt at iteration 1000")
            lines += [_megatron_line(j) for j in range(1010, 1100, 10)]
    path = write("megatron.log", "\n".join(lines) + "\n")
    data = _compare(path, monkeypatch, (megatron.Template, "block", lambda *a: None),
                    (megatron.Template, "block"))
    f = data.frame
    assert data.segments == 2
    assert f.loc[(f["step"] == 710) & (f["segment"] == 0), "loss_nonfinite"].item()
    assert not f.loc[(f["step"] == 700) & (f["segment"] == 0), "loss_nonfinite"].item()
    assert f.loc[(f["step"] == 1000) & (f["segment"] == 0), "val_loss"].item() == pytest.approx(2.1)
    assert data.restarts[0].line == lines.index(" successfully loaded checkpoint from /ckpt at iteration 1000") + 2


def test_print_loop_blocks(write, monkeypatch):
    lines = []
    for epoch in range(1, 4):
        for step in range(1, 301):
            loss = "nan" if (epoch, step) == (3, 200) else f"{1 / (epoch * step) + 0.1:.4f}"
            lines.append(f"Epoch [{epoch}/3], Step [{step}/300], Loss: {loss}, LR: {0.001 / epoch:.6f}")
            if step == 150:
                lines.append("Gradient overflow.  Skipping step, loss scaler 0 reducing loss scale to 512.0")
        lines.append(f"Epoch {epoch} done. Validation loss: {0.5 / epoch:.4f}")
    lines += [f"Epoch [1/3], Step [{s}/300], Loss: 0.9000, LR: 0.001000" for s in range(1, 40)]
    path = write("loop.log", "\n".join(lines) + "\n")
    data = _compare(path, monkeypatch, (fastpath.LineTemplate, "learn", classmethod(lambda *a: None)),
                    (fastpath.LineTemplate, "block"))
    f = data.frame
    assert data.segments == 2
    assert f.loc[(f["step"] == 300) & (f["segment"] == 0), "val_loss"].item() == pytest.approx(0.5)
    assert f.loc[(f["step"] == 151) & (f["segment"] == 0), "skipped"].item()
    assert f.loc[(f["step"] == 800) & (f["segment"] == 0), "loss_nonfinite"].item()


@pytest.mark.parametrize("fmt", [
    "epoch {e} iter {s:5d}/ 300 | loss {loss} | lr {lr}",          # padded, '|' separators
    "[train] epoch={e} step={s} loss={loss} lr={lr}",                  # key=value
    "Epoch: {e}, Batch: {s}, Global Step: {g}, Loss: {loss}",          # explicit global step
])
def test_print_loop_shapes(write, monkeypatch, fmt):
    lines = []
    for e in range(1, 3):
        for s in range(1, 301):
            loss = "inf" if (e, s) == (2, 100) else f"{5 / (s + 10 * e):.5f}"
            lines.append(fmt.format(e=e, s=s, g=(e - 1) * 300 + s, loss=loss, lr=f"{1e-3 / e:.2e}"))
    path = write("shape.log", "\n".join(lines) + "\n")
    data = _compare(path, monkeypatch, (fastpath.LineTemplate, "learn", classmethod(lambda *a: None)),
                    (fastpath.LineTemplate, "block"))
    f = data.frame
    assert f["step"].tolist() == list(range(1, 601)) and data.segments == 1
    assert f.loc[f["step"] == 400, "loss"].item() == math.inf

"""Bad and awkward input: every unreadable case is a one-line InputError; encodings,
compression, terminal control codes and rank prefixes are handled before parsing."""

from __future__ import annotations

import gzip
import math
import os

import pytest

from advisor.errors import InputError
from advisor.logs import read_log
from advisor.logs import source as source_module
from advisor.logs.source import Source, clean

LOOP = "".join(f"epoch 1 step {i} loss {2.0 - i / 100:.4f} lr 1.0e-04\n" for i in range(1, 31))


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"nope\.log: no such file$"):
        read_log(tmp_path / "nope.log")


def test_directory(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_log(tmp_path)


@pytest.mark.parametrize("content", [b"", b"   \n\r\n\t\n"])
def test_empty_file(write, content):
    with pytest.raises(InputError, match="empty"):
        read_log(write("empty.log", content))


def test_binary_file(write):
    with pytest.raises(InputError, match="binary"):
        read_log(write("model.bin", bytes(range(256)) * 40))


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(write):
    path = write("locked.log", LOOP)
    path.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        read_log(path)


def test_message_is_one_line(tmp_path):
    with pytest.raises(InputError) as err:
        read_log(tmp_path / "missing.log")
    assert "\n" not in str(err.value) and str(tmp_path) in str(err.value)


def test_gzip(write):
    plain = read_log(write("a.log", LOOP)).frame
    zipped = read_log(write("a.log.gz", gzip.compress(LOOP.encode()))).frame
    assert zipped.equals(plain) and len(plain) == 30


def test_corrupt_gzip(write):
    with pytest.raises(InputError, match="cannot be read"):
        read_log(write("bad.log.gz", b"\x1f\x8b\x08\x00garbage" * 10))


def test_utf8_bom_csv_header(write):
    data = read_log(write("m.csv", "\ufeffstep,loss,val_loss\n1,2.5,\n2,2.4,2.6\n"))
    assert data.format == "csv"
    assert data.frame["step"].tolist() == [1, 2] and data.frame["val_loss"].iloc[1] == 2.6


def test_gbk_chinese_loop(write):
    text = "".join(f"第{i}轮 | 训练损失: {1 / i:.4f} | 验证损失: {2 / i:.4f} | 学习率: 0.001\r\n"
                   for i in range(1, 6))
    data = read_log(write("zh.log", text, "gbk"))
    assert data.frame["loss"].tolist() == pytest.approx([1, 0.5, 1 / 3, 0.25, 0.2], abs=1e-4)
    assert data.frame["val_loss"].iloc[0] == pytest.approx(2.0)


def test_utf16_with_bom(write):
    data = read_log(write("ps.log", "\ufeff" + LOOP, "utf-16-le"))
    assert len(data.frame) == 30 and data.frame["loss"].iloc[0] == pytest.approx(1.99)


def test_latin1_last_resort(write):
    text = LOOP.encode() + "note: caf\xe9 \xff\xfe\n".encode("latin-1")
    assert len(read_log(write("l1.log", text)).frame) == 30


def test_ansi_colours_and_backspaces(write):
    text = "".join(f"\x1b[1m\x1b[32mepoch 1 step {i}\x1b[0m loss \x1b[31m{i}.5\x1b[0m\b\b\n"
                   for i in range(1, 6))
    assert read_log(write("c.log", text)).frame["loss"].tolist() == [1.5, 2.5, 3.5, 4.5, 5.5]


def test_carriage_return_bars_keep_glued_messages(write):
    bars = "".join(f"  {i}%|#| {i}/100 [00:01<00:02, 3.0it/s]\r" for i in range(1, 4))
    text = bars + "Gradient overflow.  Skipping step, loss scaler 0 reducing loss scale to 1024.0\r\n"
    text += LOOP
    frame = read_log(write("r.log", text)).frame
    assert frame["skipped"].sum() == 1 and frame.loc[frame["skipped"], "loss_scale"].item() == 1024.0
    assert clean("a\rb\r\nc\n") == "a\nb\nc\n"


def test_nan_inf_spellings_and_scientific_notation(write):
    values = ["nan", "NaN", "inf", "-inf", "1.#INF", "1.#QNAN", "nanxxx", "nan.0", "3.5E-01", "2e+00"]
    text = "".join(f"step {i} loss: {v}\n" for i, v in enumerate(values, 1))
    frame = read_log(write("n.log", text)).frame
    loss = frame["loss"].tolist()
    assert all(math.isnan(v) for v in (loss[0], loss[1], loss[5], loss[6], loss[7]))
    assert loss[2] == math.inf and loss[3] == -math.inf and loss[4] == math.inf
    assert loss[8:] == [0.35, 2.0]
    assert frame["loss_nonfinite"].tolist() == [True] * 8 + [False] * 2


def test_restart_repeating_steps_makes_segments(write):
    run = "".join(f"step {i} loss {3 - i / 10:.2f}\n" for i in range(1, 11))
    again = "".join(f"step {i} loss {2 - i / 10:.2f}\n" for i in range(5, 11))
    data = read_log(write("twice.log", run + "resumed\n" + again + run))
    assert data.segments == 3
    assert data.frame.groupby("segment")["step"].first().tolist() == [1, 5, 1]
    assert data.notes[0].en.startswith("3 segments: the step counter restarted at lines 12, 18")


def test_rank_prefixes_stripped_and_other_ranks_dropped(write):
    lines = []
    for i in range(1, 6):
        lines.append(f"[default0]:step {i} loss {i}.0")
        lines.append(f"[default1]:step {i} loss {i}.9")
    frame = read_log(write("ranks.log", "\n".join(lines) + "\n")).frame
    assert frame["loss"].tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert clean("[1,0]<stdout>:loss 1\n[1,1]<stdout>:loss 2\n") == "loss 1\n"


def test_streams_in_blocks(write, monkeypatch):
    text = LOOP * 40 + "".join(f"epoch 2 step {i} loss 0.5\r\n" for i in range(1, 200))
    path = write("big.log", text)
    whole = read_log(path).frame
    monkeypatch.setattr(source_module, "BLOCK_BYTES", 997)  # odd size: splits lines and \r\n
    blocks = list(Source(path).blocks())
    assert len(blocks) > 10 and all(b.endswith("\n") for b in blocks)
    assert "".join(blocks) == clean(text)
    assert read_log(path).frame.equals(whole)


def test_never_writes(write):
    path = write("ro.log", LOOP)
    before = (path.stat().st_mtime_ns, path.read_bytes())
    read_log(path)
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["ro.log"]


@pytest.mark.parametrize("block, lines", [("", 0), ("a\n", 1), ("a\nb", 2), ("a\n\nb\n", 3),
                                          ("损失\n2\n", 2), ("损失\n2", 2)])
def test_line_count_ascii_and_not(block, lines):
    assert source_module.line_count(block) == lines


def test_a_log_pasted_as_a_markdown_quote_is_read_as_the_log(tmp_path):
    lines = [f"> 2023-03-22 09:30:39 iter {it}: loss {4.0 - it / 1e4:.4f}, time 1099.34ms, mfu 15.34%\n>"
             for it in range(2900, 3000, 10)]
    path = tmp_path / "pasted.log"
    path.write_text("\n".join(lines) + "\n")
    data = read_log(path)
    assert data.format == "nanogpt" and data.frame["step"].tolist()[0] == 2900


def test_a_quote_mark_in_an_ordinary_log_is_kept():
    text = "step 1 loss 2.0\n> a note\nstep 2 loss 1.9\nstep 3 loss 1.8\n"
    assert not source_module.is_quoted(text)
    assert source_module.clean(text, quoted=False) == text

"""TensorBoard event files (`events.out.tfevents.*`), read without TensorFlow.

Why a built-in reader: the file is a TFRecord stream (`uint64 length | uint32 crc | data |
uint32 crc`) of `Event` protobufs, and scalars need only a handful of protobuf fields
(`Event.step` = 2, `Event.summary` = 5, `Summary.value` = 1, `Value.tag` = 1,
`Value.simple_value` = 2, `Value.tensor` = 8 with `dtype`/`float_val`/`double_val`/
`tensor_content`). Decoding them here (~100 lines, stdlib only) means a user needs no
`tensorboard` install; scalars written by PyTorch/tensorboardX (`simple_value`) and by
TF2/Keras (`tensor` scalars) are both read. Values are float32 as stored. Events are
streamed record by record; the values are then laid out one row per step (sorted by step,
as TensorBoard itself shows them).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

import numpy as np

from advisor.errors import InputError
from advisor.logs.formats.base import Output
from advisor.logs.formats.wandb import tag_column
from advisor.logs.frame import FLOAT_COLUMNS
from advisor.logs.source import Source
from advisor.model.text import Text

NAME = "tensorboard"
DESCRIPTION = "TensorBoard event file (events.out.tfevents.*; scalars)"
_FLOAT, _DOUBLE, _HALF = 1, 2, 19


def sniff(head: list[str]) -> float:
    return 0.0  # binary: chosen from the file name / first record by the reader


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, pos
        shift += 7


def _fields(buf: bytes) -> Iterator[tuple[int, int, object]]:
    """(field number, wire type, value) for each field of a protobuf message."""
    pos, end = 0, len(buf)
    while pos < end:
        key, pos = _varint(buf, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            size, pos = _varint(buf, pos)
            value, pos = buf[pos:pos + size], pos + size
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        yield field, wire, value


def _tensor_scalar(buf: bytes) -> float | None:
    dtype, content, floats, doubles = _FLOAT, b"", [], []
    for field, wire, value in _fields(buf):
        if field == 1 and wire == 0:
            dtype = int(value)  # type: ignore[arg-type]
        elif field == 4:
            content = value  # type: ignore[assignment]
        elif field == 5:
            floats.append(value)
        elif field == 6:
            doubles.append(value)
    if floats:
        raw = b"".join(floats)  # type: ignore[arg-type]
        return struct.unpack("<f", raw[:4])[0] if len(raw) >= 4 else None
    if doubles:
        raw = b"".join(doubles)  # type: ignore[arg-type]
        return struct.unpack("<d", raw[:8])[0] if len(raw) >= 8 else None
    if content:
        fmt = {_FLOAT: "<f", _DOUBLE: "<d", _HALF: "<e"}.get(dtype)
        if fmt and len(content) == struct.calcsize(fmt):
            return struct.unpack(fmt, content)[0]
    return None


def scalars(data: bytes) -> Iterator[tuple[int, str, float]]:
    """(step, tag, value) of the scalar summaries in one serialized `Event`."""
    step, summary = 0, None
    for field, _, value in _fields(data):
        if field == 2:
            step = int(value)  # type: ignore[arg-type]
            step = step - (1 << 64) if step >= 1 << 63 else step
        elif field == 5:
            summary = value
    if summary is None:
        return
    for field, _, value in _fields(summary):  # type: ignore[arg-type]
        if field != 1:
            continue
        tag, number = "", None
        for f, wire, v in _fields(value):  # type: ignore[arg-type]
            if f == 1:
                tag = v.decode("utf-8", "replace")  # type: ignore[union-attr]
            elif f == 2 and wire == 5:
                number = struct.unpack("<f", v)[0]  # type: ignore[arg-type]
            elif f == 8:
                number = _tensor_scalar(v)  # type: ignore[arg-type]
        if tag and number is not None:
            yield step, tag, number


def records(stream, limit: int) -> Iterator[bytes]:
    """The records' payloads; a record claiming more than `limit` bytes means the file is
    not a TFRecord stream at all (reading that much would only exhaust memory)."""
    while True:
        header = stream.read(12)
        if not header:
            return
        if len(header) < 12:
            raise ValueError("truncated record header")
        (length,) = struct.unpack("<Q", header[:8])
        if length > limit:
            raise ValueError("a record longer than the file")
        data = stream.read(length)
        if len(data) < length or len(stream.read(4)) < 4:
            return  # a file still being written ends with a partial record
        yield data


def parse(source: Source) -> Output:
    by_step: dict[int, dict[str, float]] = {}
    tags: set[str] = set()
    try:
        # a .gz event file can hold more than its own size; an uncompressed one cannot
        limit = 1 << 30 if source.gzipped else source.path.stat().st_size
        with source.open_binary() as stream:
            for data in records(stream, limit):
                for step, tag, value in scalars(data):
                    col = tag_column(tag)
                    tags.add(tag)
                    if col is not None and col != "step":
                        by_step.setdefault(step, {}).setdefault(col, value)
    except (ValueError, IndexError, struct.error) as exc:
        raise InputError(f"{source.path}: not a readable TensorBoard event file ({exc}); "
                         f'for exotic event files install the extra: pip install "advisor[tensorboard]"'
                         ) from None
    steps = sorted(by_step)
    chunk = {"step": np.asarray(steps, np.int64), "line": np.zeros(len(steps), np.int64)}
    for col in FLOAT_COLUMNS:
        if any(col in by_step[s] for s in steps):
            chunk[col] = np.asarray([by_step[s].get(col, np.nan) for s in steps], np.float64)
    for col, flag in (("loss", "loss_nonfinite"), ("val_loss", "val_nonfinite")):
        if col in chunk:
            present = np.asarray([col in by_step[s] for s in steps], bool)
            chunk[flag] = ~np.isfinite(chunk[col]) & present
    yield chunk
    if tags:
        names = ", ".join(sorted(tags))
        yield Text(zh=f"TensorBoard 标签：{names}", en=f"TensorBoard tags: {names}")

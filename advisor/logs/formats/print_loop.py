"""Hand-written print loops and tqdm postfix lines, in English or Chinese; apex amp messages.

There is no standard, so the parser looks for progress markers and named numbers:
`epoch 3`, `Epoch [1/5]`, `step 100`, `Step [100/600]`, `iter 50`, `global step 7`, a tqdm
count `| 182/391 [`, `第3轮`, `第120步`; and `loss: 0.23`, `Loss=0.2`, `train_loss 0.2`,
`val_loss`, `训练损失: 0.61`, `验证损失`, `lr`, `learning rate`, `学习率`, `grad_norm`.
The step is the global step when printed (`训练次数` counts too), else `(epoch - 1) * iters +
iter` (iterations that restart every epoch are made global with `EpochClock`), else the
epoch (or, when several lines share an epoch and no iteration is printed, the order of
those lines), else the order of the lines. A line with only an epoch, or with no marker at
all, after iteration lines is a summary: its values land on the last step. Quoted keys and
values (`'loss': '24.06'`) are read; full-width punctuation was made ASCII by the source. Lines starting with Test/Val/Eval (or keys
such as `val_loss`, `验证损失`) give `val_loss`. fp16 overflow messages (apex, fairseq,
DeepSpeed wordings) mark the next step skipped.

Speed: `fastpath.py` learns the shape of the dominant data line and parses whole blocks
with the pandas C parser; the lines that do not fit that shape (and blocks it cannot split)
are parsed here line by line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from advisor.logs.formats._common import NUM, EpochClock, SkippedSteps, num, overflow
from advisor.logs.formats.base import Format, Output
from advisor.logs.frame import Chunk, Rows
from advisor.logs.source import Source, line_count

_GSTEP = re.compile(r"(?i)\b(?:global[ _]step|num_updates|total[ _]steps?)\s*[:=]?\s*(\d+)")
_EPOCH = re.compile(r"(?i)\bepoch(?:s)?\s*[:=]?\s*\[?\s*(\d+)(?:\s*/\s*(\d+))?|第\s*(\d+)\s*(?:/\s*(\d+)\s*)?轮|轮(?:次)?\s*[:：]\s*(\d+)")
_ITER = re.compile(r"(?i)\b(?:step|iter(?:ation)?|batch)\s*[:=]?\s*\[?\s*(\d+)(?:\s*/\s*(\d+))?|第\s*(\d+)\s*(?:/\s*(\d+)\s*)?(?:步|次迭代)|(?:步|迭代|训练次数)(?:数)?\s*[:：]\s*(\d+)")
_TQDM = re.compile(r"\|\s*(\d+)/(\d+) \[")
# quotes allowed around key and value: legacy PaddleDetection prints "'loss': '24.06'"
_LOSS = re.compile(r"(?<![A-Za-z])(?:loss|Loss|LOSS)(?!\w)['\"]?\s*[:=]?\s*['\"]?(" + NUM + r")")
_ZH_LOSS = re.compile(r"((?:训练|验证|测试)?(?:集)?损失)\s*[:：=]?\s*(" + NUM + r")")
_PREFIX = re.compile(r"([A-Za-z]+)[ _/]?$")
_PLAIN = ("", "train", "training", "训练", "损失")
_LR = re.compile(r"(?i)(?:\b(?:lr|learning[ _]rate)|学习率)\s*[:=：]?\s*(" + NUM + r")")
_GRAD = re.compile(r"(?i)\b(?:grad(?:ient)?[ _]?norm|gnorm)\s*[:=]?\s*(" + NUM + r")")
_VAL_WORDS = ("val", "valid", "eval", "test", "dev", "验证", "测试")
_VAL_LINE = re.compile(r"(?i)^\s*(?:test|val(?:id(?:ation)?)?|eval(?:uation)?|验证|测试)")
_SNIFF_LOSS = re.compile(r"(?i)(?:loss|损失)['\"]?\s*[:=：]?\s*['\"]?" + NUM)
_SNIFF_APEX = re.compile(r"Gradient overflow\.\s+Skipping step, loss scaler|Selected optimization level O\d")


@dataclass
class Fields:
    """What one line says, plus where each number used sits (for the fast path's template)."""

    epoch: int | None = None
    epoch_total: int | None = None
    it: int | None = None
    it_total: int | None = None
    gstep: int | None = None
    loss: float | None = None
    val_loss: float | None = None
    lr: float | None = None
    grad_norm: float | None = None
    spans: dict[int, str] = field(default_factory=dict)


def _first(m: re.Match[str], *groups: int) -> tuple[str | None, int]:
    for g in groups:
        if m.group(g) is not None:
            return m.group(g), m.start(g)
    return None, -1


def extract(line: str) -> Fields | None:
    """The fields of one line, or None when it has no loss at all."""
    low = line.lower()
    zh = "损失" in line
    if "loss" not in low and not zh:
        return None
    f = Fields()
    val_line = bool(_VAL_LINE.match(line))
    found: dict[str, tuple[bool, str, int]] = {}
    hits = [(m.start(), m.start(1), m.group(1)) for m in _LOSS.finditer(line)]
    if zh:
        hits += [(m.start(), m.start(2), m.group(2), m.group(1)) for m in _ZH_LOSS.finditer(line)]
    for hit in hits:
        if len(hit) == 4:
            key = hit[3]
        else:
            before = line[max(0, hit[0] - 16):hit[0]]
            p = _PREFIX.search(before)
            key = p.group(1).lower() if p else ""
            key = key or next((w for w in ("验证", "测试") if w in before), "")  # 测试集上的Loss
        target = "val_loss" if val_line or any(w in key for w in _VAL_WORDS) else "loss"
        plain = key in _PLAIN
        if target not in found or (plain and not found[target][0]):
            found[target] = (plain, hit[2], hit[1])
    if not found:
        return None
    for target, (_, raw, pos) in found.items():
        setattr(f, target, num(raw))
        f.spans[pos] = target
    if "lr" in low or "learning" in low or "学习率" in line:
        m = _LR.search(line)
        if m:
            f.lr, f.spans[m.start(1)] = num(m.group(1)), "lr"
    if "norm" in low:
        m = _GRAD.search(line)
        if m:
            f.grad_norm, f.spans[m.start(1)] = num(m.group(1)), "grad_norm"
    m = _GSTEP.search(line) if ("step" in low or "updates" in low) else None
    if m:
        f.gstep, f.spans[m.start(1)] = int(m.group(1)), "gstep"
    m = _EPOCH.search(line) if ("epoch" in low or "轮" in line) else None
    if m:
        raw, pos = _first(m, 1, 3, 5)
        f.epoch, f.spans[pos] = int(raw), "epoch"  # type: ignore[arg-type]
        raw, pos = _first(m, 2, 4)
        if raw is not None:
            f.epoch_total, f.spans[pos] = int(raw), "epoch_total"
    scan = line[:m.start()] + " " * (m.end() - m.start()) + line[m.end():] if m else line
    m = _TQDM.search(scan) if "|" in scan else None
    if m is None and any(w in low for w in ("step", "iter", "batch", "步", "迭代", "训练次数")):
        m = _ITER.search(scan)
    if m and f.gstep is None:
        raw, pos = _first(m, 1, 3, 5) if m.re is _ITER else (m.group(1), m.start(1))
        f.it, f.spans[pos] = int(raw), "it"  # type: ignore[arg-type]
        raw, pos = _first(m, 2, 4) if m.re is _ITER else (m.group(2), m.start(2))
        if raw is not None:
            f.it_total, f.spans[pos] = int(raw), "it_total"
    return f


class Stepper:
    """Turns the progress markers of successive lines into global steps."""

    def __init__(self) -> None:
        self.clock = EpochClock()
        self.skips = SkippedSteps()
        self.last = 0
        self.seen_iters = False
        self.ordinal = 0
        self.by_record = False
        """Lines carry only an epoch, several per epoch (PaddleOCR without iterations): the
        step is then the record's order, or the records of one epoch would merge into one."""
        self.epoch: int | None = None

    def epoch_step(self, epoch: int, training: bool = True) -> int:
        """The step of a record that carries only an epoch (no iteration lines seen).

        Only a second *training* record of an epoch switches to record order (an epoch's
        validation line belongs to its training line's step); an epoch lower than the last
        one is a restart, so the step goes back with it."""
        if self.epoch is not None and epoch < self.epoch:
            self.by_record = False
        if not training and epoch == self.epoch:
            return self.last
        if self.by_record or (epoch == self.epoch and training):
            self.by_record = True
            self.last += 1
        else:
            self.last = epoch
        self.epoch = epoch
        return self.last

    def step(self, f: Fields) -> int:
        if f.gstep is not None:
            self.seen_iters = True
            self.last = f.gstep
        elif f.it is not None:
            self.seen_iters = True
            self.last = self.clock.step(f.epoch, f.it, f.it_total) if f.epoch is not None else f.it
        elif f.epoch is not None:
            if not self.seen_iters:
                self.epoch_step(f.epoch, training=f.loss is not None)
        elif not self.seen_iters:
            self.ordinal += 1
            self.last = self.ordinal
        # else: no marker after iteration lines (an evaluation summary): the last step
        return self.last


def parse_lines(lines, rows: Rows, stepper: Stepper, first_line: int) -> None:
    for lineno, line in enumerate(lines, first_line):
        f = extract(line)
        if f is None:
            event = overflow(line)
            if event is not None:
                rows.add(stepper.skips.at(stepper.last), lineno, loss_scale=event[0], skipped=True)
            continue
        step = stepper.step(f)
        epoch = f.epoch if f.epoch is not None else None
        if epoch is not None and f.it is not None and f.it_total:
            epoch = epoch - (stepper.clock.first or 0) + f.it / f.it_total
        rows.add(step, lineno, epoch=epoch, loss=f.loss, val_loss=f.val_loss, lr=f.lr,
                 grad_norm=f.grad_norm)


def parse(source: Source) -> Output:
    from advisor.logs.formats.fastpath import LineTemplate

    rows, stepper = Rows(), Stepper()
    template: LineTemplate | None = None
    lineno = 0
    for block in source.blocks():
        n_lines = line_count(block)
        if template is None:
            template = LineTemplate.learn(block[:1 << 18].split("\n"), extract)
        before = stepper.last
        fast = template.block(block, lineno + 1, stepper) if template is not None else None
        if fast is None:
            parse_lines(block.split("\n")[:n_lines], rows, stepper, lineno + 1)
            yield rows.chunk()
        else:
            yield _fill_in(fast, block, lineno + 1, n_lines, stepper, before)
        lineno += n_lines


def _fill_in(fast, block: str, first: int, n_lines: int, stepper: Stepper,
             before: int) -> Chunk:
    """Add the rows of the lines the template did not fit, in line order."""
    chunk, odd = fast
    odd = odd[odd < n_lines]
    if not len(odd):
        return chunk
    lines = block.split("\n")
    t_lines, t_steps = chunk["line"], chunk["step"]
    extra = Rows()
    after = stepper.last
    gap = -2  # the template row an odd line follows; consecutive odd lines share the state
    for i in odd:
        text = lines[i]
        low = text.lower()
        if "loss" not in low and "损失" not in text and "verflow" not in low:
            continue
        k = int(np.searchsorted(t_lines, first + i)) - 1
        if k != gap:
            stepper.last = int(t_steps[k]) if k >= 0 else before
            gap = k
        parse_lines([text], extra, stepper, first + i)
        if k == len(t_steps) - 1:
            after = stepper.last
    stepper.last = after
    if not len(extra):
        return chunk
    more = extra.chunk()
    merged = {}
    order = np.argsort(np.concatenate([t_lines, more["line"]]), kind="stable")
    for name in set(chunk) | set(more):
        a = chunk.get(name)
        b = more.get(name)
        if a is None:
            a = np.full(len(t_lines), False if b.dtype == bool else np.nan, b.dtype)
        if b is None:
            b = np.full(len(more["line"]), False if a.dtype == bool else np.nan, a.dtype)
        merged[name] = np.concatenate([a, b])[order]
    return merged


def sniff(head: list[str]) -> float:
    hits = sum(1 for line in head if _SNIFF_LOSS.search(line))
    return 0.3 if hits >= 2 or (hits and len(head) < 3) else 0.0


NAME = "print_loop"
DESCRIPTION = "plain print()/tqdm training loops (epoch/step/iter N ... loss: x), English or Chinese"

ENTRIES = [
    Format("apex_amp", "NVIDIA apex amp run (Gradient overflow. Skipping step ... loss scale to X) with printed losses",
           lambda head: 0.6 if any(_SNIFF_APEX.search(h) for h in head) else 0.0, parse),
    Format(NAME, DESCRIPTION, sniff, parse),
]

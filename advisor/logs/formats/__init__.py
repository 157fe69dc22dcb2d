"""The ordered registry of log formats: the single source for sniffing, `--format` and `advisor formats`.

Order matters only for ties: specific formats come first, generic catch-alls
(`print_loop`, `csv`, `jsonl`) last, and their sniff scores stay low so that any
specific format that fires wins. Each entry has `NAME`, `DESCRIPTION`, `sniff(head)` and
`parse(source)` (see `base.py`).
"""

from __future__ import annotations

from advisor.errors import UsageError
from advisor.logs.formats import (
    deepspeed,
    fairseq,
    hf_state,
    hf_trainer,
    keras,
    lightning,
    megatron,
    misc,
    mmlab,
    nanogpt,
    paddle,
    paddle_cv,
    print_loop,
    pytorch_examples,
    tabular,
    tensorboard,
    ultralytics,
    wandb,
)
from advisor.logs.formats.base import Format

_GROUPS = (
    tensorboard, hf_state, megatron, deepspeed, hf_trainer, keras, lightning, paddle, paddle_cv,
    fairseq, nanogpt, mmlab, pytorch_examples, misc, ultralytics, wandb, tabular, print_loop,
)


def _entries() -> list[Format]:
    out: list[Format] = []
    for module in _GROUPS:
        entries = getattr(module, "ENTRIES", None)
        out.extend(entries if entries is not None else [module])  # type: ignore[list-item]
    return out


FORMATS: list[Format] = _entries()
_BY_NAME = {f.NAME: f for f in FORMATS}
assert len(_BY_NAME) == len(FORMATS), "duplicate format NAME"


def names() -> list[str]:
    """Every format name, in registry order."""
    return [f.NAME for f in FORMATS]


def get(name: str) -> Format:
    """The entry called `name`; an unknown name is a usage error listing the known ones."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UsageError(
            f"unknown log format {name!r}; known formats: {', '.join(names())}") from None


def scores(head: list[str]) -> list[tuple[float, Format]]:
    """Every entry that fires on these head lines, best first (registry order breaks ties)."""
    scored = [(f.sniff(head), i, f) for i, f in enumerate(FORMATS)]
    scored = [s for s in scored if s[0] > 0]
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [(s, f) for s, _, f in scored]


def sniff(head: list[str]) -> Format | None:
    """The best entry for these head lines, or None when nothing fires."""
    ranked = scores(head)
    return ranked[0][1] if ranked else None


__all__ = ["FORMATS", "Format", "get", "names", "scores", "sniff"]

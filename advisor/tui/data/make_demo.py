"""Write `demo_train.log`: the bundled example run `advisor demo` opens.

A plain PyTorch print loop of a 350M decoder pre-training (AdamW, peak LR 6e-4, 200
warm-up steps, no gradient clipping, bf16), logged every 10 steps, evaluated every 500:

* steps 10-1,830: the usual fast fall from ~10.9 towards ~3.5;
* step 1,840: a spike to ~7 with the gradient norm jumping one log line earlier, that
  recovers within ~60 steps (the classic "bad batch / too-high LR" blip);
* from step 4,200: the gradient norm creeps up, the loss turns and climbs, then NaN at
  step 4,520 and the run stops.

Deterministic (fixed seed): run `python advisor/tui/data/make_demo.py` to rewrite the file
byte for byte; the tests check that the committed file matches.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from pathlib import Path

TOTAL_STEPS, WARMUP, PEAK_LR, MIN_LR = 6000, 200, 6e-4, 6e-5
EVERY, EVAL_EVERY, NAN_STEP, LAST_STEP = 10, 500, 4520, 4550
SPIKE_STEP, DIVERGE_STEP = 1840, 4200
HEADER = """\
torch 2.3.1+cu121 | cuda 12.1 | 8x NVIDIA A100-SXM4-80GB | world_size 8
model: decoder-only transformer, 24 layers, d_model 1024, 16 heads, 354.9M parameters
data: 12.0B tokens, seq_len 1024, global batch 128 sequences (131,072 tokens/step)
optimizer: AdamW(lr=6e-4, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.1)
schedule: linear warmup 200 steps, cosine decay to 6e-5 at step 6000
precision: bf16 autocast | grad clipping: none | grad accumulation: 1
resuming: no (fresh start), seed 1234
"""


def lr_at(step: int) -> float:
    if step < WARMUP:
        return PEAK_LR * step / WARMUP
    progress = (step - WARMUP) / (TOTAL_STEPS - WARMUP)
    return MIN_LR + 0.5 * (PEAK_LR - MIN_LR) * (1 + math.cos(math.pi * progress))


def lines() -> list[str]:
    rng = random.Random(20240611)
    clock = datetime(2024, 6, 11, 1, 52, 7)
    out = HEADER.splitlines()
    for step in range(EVERY, LAST_STEP + 1, EVERY):
        clock += timedelta(seconds=EVERY * 0.412 + rng.uniform(-0.2, 0.2))
        stamp = clock.strftime("%Y-%m-%d %H:%M:%S")
        base = 2.95 + 7.95 * math.exp(-step / 330) + 0.6 * math.exp(-step / 2500)
        loss = base * (1 + rng.gauss(0, 0.012))
        grad = (0.35 + 3.5 * math.exp(-step / 250)) * (1 + abs(rng.gauss(0, 0.12)))
        if SPIKE_STEP - EVERY == step:
            grad = 8.31
        if SPIKE_STEP <= step < SPIKE_STEP + 70:
            loss += 3.4 * math.exp(-(step - SPIKE_STEP) / 18)
            grad = max(grad, 6.9 * math.exp(-(step - SPIKE_STEP) / 25))
        if step >= DIVERGE_STEP:
            t = (step - DIVERGE_STEP) / (NAN_STEP - DIVERGE_STEP)
            loss += 4.6 * t ** 2.2
            grad *= 1 + 18 * t ** 2
        tokens = 131_072 / (0.412 + rng.uniform(-0.01, 0.01)) / 1000
        if step >= NAN_STEP:
            out.append(f"[{stamp}] step {step:>5}/{TOTAL_STEPS} | loss nan | lr {lr_at(step):.2e} "
                       f"| grad_norm nan | tokens/s {tokens:.0f}k")
            continue
        out.append(f"[{stamp}] step {step:>5}/{TOTAL_STEPS} | loss {loss:.4f} | lr {lr_at(step):.2e} "
                   f"| grad_norm {grad:.3f} | tokens/s {tokens:.0f}k")
        if step % EVAL_EVERY == 0:
            val = base * 1.03 + (1.1 * ((step - DIVERGE_STEP) / 300) ** 2 if step > DIVERGE_STEP else 0)
            out.append(f"[{stamp}] eval step {step:>5} | val_loss {val:.4f} | val_ppl {math.exp(val):.1f}")
    out.append(f"[{stamp}] loss is nan for 4 consecutive log steps; stopping "
               "(last good checkpoint: step 4000)")
    return out


def main() -> Path:
    path = Path(__file__).with_name("demo_train.log")
    path.write_text("\n".join(lines()) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(main())

"""Speed and memory of reading + detecting (`read_log` then `detect`) on million-line logs.

For three formats (Hugging Face stdout dicts, Megatron-LM iteration lines, a plain print
loop) this writes a 1,000,000-line log into a temporary directory together with a CSV of
the same numbers, then measures in this run:

* the best wall time of `pandas.read_csv` on the CSV (the baseline),
* the best wall times of `read_log` and of `detect` on its frame; the ratio is their
  sum over the baseline,
* two floors that put the ratio in proportion, because a log carries 2-6.5x the bytes of
  the CSV: the time to merely read the log file's bytes (`read bytes`, as a ratio to the
  baseline), and the ratio per megabyte (`per MB`: our seconds per log MB over read_csv's
  seconds per CSV MB),
* the peak resident memory of a fresh child process that imports advisor and reads the
  log and runs the detectors once (`VmHWM`, else `ru_maxrss`), next to the same figure
  for a child that only imports it (the interpreter + pandas floor).

Usage: python benchmarks/speed_logs.py [--lines N] [--repeat R] [--keep DIR]
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from advisor.logs import detect, read_log  # noqa: E402


def _series(n: int, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    step = np.arange(1, n + 1)
    loss = 2.0 + 3.0 * np.exp(-step / (n / 5)) + rng.normal(0, 0.05, n)
    return {"step": step, "loss": np.round(loss, 4), "lr": 1e-4 * (1 - step / (n + 1)),
            "grad_norm": np.round(np.abs(rng.normal(1.0, 0.2, n)), 6),
            "epoch": np.round(step / (n / 3), 2)}


def write_hf(path: Path, n: int) -> pd.DataFrame:
    s = _series(n)
    with open(path, "w") as fh:
        for i in range(n):
            fh.write("{'loss': %.4f, 'grad_norm': %r, 'learning_rate': %r, 'epoch': %.2f}\n"
                     % (s["loss"][i], float(s["grad_norm"][i]), float(s["lr"][i]), s["epoch"][i]))
    return pd.DataFrame({k: s[k] for k in ("step", "loss", "grad_norm", "lr", "epoch")})


def write_megatron(path: Path, n: int) -> pd.DataFrame:
    s = _series(n)
    it = s["step"] * 10
    with open(path, "w") as fh:
        for i in range(n):
            fh.write(" [2025-03-04 10:12:32] iteration %8d/%8d | consumed samples: %12d | "
                     "elapsed time per iteration (ms): 1486.9 | throughput per GPU (TFLOP/s/GPU): "
                     "186.4 | learning rate: %.6E | global batch size:   512 | lm loss: %.6E | "
                     "loss scale: 131072.0 | grad norm: %.3f | number of skipped iterations:   0 | "
                     "number of nan iterations:   0 |\n"
                     % (it[i], 10 * n, it[i] * 512, s["lr"][i], s["loss"][i], s["grad_norm"][i]))
    return pd.DataFrame({"step": it, "lr": s["lr"], "loss": s["loss"], "loss_scale": 131072.0,
                         "grad_norm": np.round(s["grad_norm"], 3), "skipped": 0, "nan": 0})


def write_print(path: Path, n: int) -> pd.DataFrame:
    s = _series(n)
    per = 5000
    epoch = (s["step"] - 1) // per + 1
    inner = (s["step"] - 1) % per + 1
    total = (n + per - 1) // per
    with open(path, "w") as fh:
        for i in range(n):
            fh.write("Epoch [%d/%d], Step [%d/%d], Loss: %.4f, LR: %.6f\n"
                     % (epoch[i], total, inner[i], per, s["loss"][i], s["lr"][i]))
    return pd.DataFrame({"epoch": epoch, "step": inner, "loss": s["loss"], "lr": np.round(s["lr"], 6)})


FORMATS = {"hf_trainer": write_hf, "megatron": write_megatron, "print_loop": write_print}

_CHILD = """
import resource, sys
sys.path.insert(0, {root!r})
import pandas, numpy
from advisor.logs import detect, read_log
if {path!r}:
    data = read_log({path!r})
    assert len(data.frame) > 0
    detect(data.frame)
try:  # VmHWM: the peak of this process alone (ru_maxrss also counts the parent's pages
    # at fork time on Linux, which would charge the benchmark's own memory to the reader)
    with open("/proc/self/status") as fh:
        print(next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")))
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def child_peak_kib(path: str) -> int:
    out = subprocess.run([sys.executable, "-c", _CHILD.format(root=str(ROOT), path=path)],
                         check=True, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1])


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)  # the least disturbed run: this 2-core VM is noisy (as timeit does)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="write the files here and keep them")
    args = parser.parse_args(argv)
    tmp = tempfile.TemporaryDirectory() if args.keep is None else None
    where = Path(tmp.name) if tmp else args.keep
    where.mkdir(parents=True, exist_ok=True)
    floor = child_peak_kib("")
    print(f"{args.lines:,} lines per log; best of {args.repeat} runs; "
          f"child floor (python + pandas + advisor.logs imported): {floor / 1024:.0f} MiB")
    print(f"{'format':<11} {'log MB':>7} {'csv MB':>7} {'read_csv s':>10} {'read_log s':>10} "
          f"{'+detect s':>9} {'ratio':>6} {'read bytes':>10} {'per MB':>6} {'rows':>9} "
          f"{'peak MiB':>9}")
    for name, write in FORMATS.items():
        log, csv = where / f"{name}.log", where / f"{name}.csv"
        write(log, args.lines).to_csv(csv, index=False)
        base = timed(lambda: pd.read_csv(csv), args.repeat)
        frames = [None]  # only the last run's frame is kept: earlier ones would pile up

        def read() -> None:
            frames[0] = None
            frames[0] = read_log(log).frame

        ours = timed(read, args.repeat)
        rows = len(frames[0])
        detecting = timed(lambda: detect(frames[0]), args.repeat)
        raw = timed(lambda: log.read_bytes(), args.repeat)
        peak = child_peak_kib(str(log))
        total = ours + detecting
        log_mb, csv_mb = log.stat().st_size / 1e6, csv.stat().st_size / 1e6
        print(f"{name:<11} {log_mb:7.0f} {csv_mb:7.0f} {base:10.3f} {ours:10.3f} "
              f"{detecting:9.3f} {total / base:6.2f} {raw / base:10.2f} "
              f"{(total / log_mb) / (base / csv_mb):6.2f} {rows:9,} {peak / 1024:9.0f}")
        frames.clear()
        if tmp is None:
            continue
        os.remove(log)
        os.remove(csv)
    if tmp:
        tmp.cleanup()
    print(f"(resource limit check: ru_maxrss of this process "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

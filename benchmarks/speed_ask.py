"""Wall time of `advisor ask` against `python -c "import yaml"`, measured in the same run.

Usage: python benchmarks/speed_ask.py [--runs N]
Prints the median of N cold process starts for each command and their ratio. The first
`advisor ask` warms the knowledge-base cache, as any user's first run does; it is not timed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

QUERIES = ["loss突然变成nan了，用的fp16", "val loss going up while train loss goes down",
           "loss spikes every epoch with 8 gpus"]


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    advisor = shutil.which("advisor") or str(Path(sys.executable).parent / "advisor")
    baseline = median_seconds([sys.executable, "-c", "import yaml"], args.runs)
    print(f"baseline  python -c 'import yaml'      {baseline * 1000:7.1f} ms")
    for query in QUERIES:
        command = [advisor, "ask", query, "--json"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # warm the KB cache
        took = median_seconds(command, args.runs)
        print(f"advisor ask {query[:28]!r:32} {took * 1000:7.1f} ms   ratio {took / baseline:4.1f}x")
    text = [advisor, "ask", QUERIES[0]]
    took = median_seconds(text, args.runs)
    print(f"advisor ask (terminal text output)      {took * 1000:7.1f} ms   ratio {took / baseline:4.1f}x")


if __name__ == "__main__":
    main()

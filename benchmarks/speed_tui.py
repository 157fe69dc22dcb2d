"""Time to the TUI's first screen, against a minimal Textual app measured in the same run.

Each command runs in a detached tmux session (100x32); the screen is captured every 5 ms
until the expected text shows. Prints medians and the ratio to the baseline.
Usage: python benchmarks/speed_tui.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HELLO = """
from textual.app import App
from textual.widgets import Static
class Hello(App):
    def compose(self):
        yield Static("baseline ready")
Hello().run()
"""


def first_screen(command: str, needle: str, timeout: float = 30.0) -> float:
    name = f"advisor-bench-{uuid.uuid4().hex[:8]}"
    start = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "100", "-y", "32", command],
                   check=True, env={"TERM": "xterm-256color", "LANG": "en_US.UTF-8",
                                    "PATH": "/usr/bin:/bin", "HOME": str(Path.home())})
    try:
        while time.perf_counter() - start < timeout:
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", name],
                                    capture_output=True, text=True).stdout
            if needle in screen:
                return time.perf_counter() - start
            time.sleep(0.005)
        raise RuntimeError(f"{command!r}: never showed {needle!r}")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed for this benchmark")
    advisor = shutil.which("advisor") or str(Path(sys.executable).parent / "advisor")
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(HELLO)
    runs = {
        "baseline: minimal Textual app": (f"{sys.executable} {script.name}", "baseline ready"),
        "advisor (start screen)": (advisor, "Why did my training loss"),
        "advisor demo (log read, detected)": (f"{advisor} demo", "455 points"),
    }
    medians = {}
    for label, (command, needle) in runs.items():
        medians[label] = statistics.median(first_screen(command, needle) for _ in range(args.runs))
    base = medians["baseline: minimal Textual app"]
    for label, took in medians.items():
        print(f"{label:<36} {took * 1000:7.0f} ms   ratio {took / base:4.2f}x")


if __name__ == "__main__":
    main()

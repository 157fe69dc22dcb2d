"""End to end in a real terminal: tmux runs the TUI on the bundled demo log; keys go in with
send-keys, the screen comes back with capture-pane, until a diagnosis is on screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid

import pytest

from tests.conftest import installed_advisor

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")
WIDTH, HEIGHT = 100, 32


class Pane:
    """One detached tmux session that this test started (and kills, by its own name)."""

    def __init__(self, command: str, cwd: str) -> None:
        self.name = f"advisor-e2e-{uuid.uuid4().hex[:8]}"
        env = {**os.environ, "TERM": "xterm-256color", "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8"}
        env.pop("TMUX", None)  # also works when the tests themselves run inside tmux
        subprocess.run([TMUX, "new-session", "-d", "-s", self.name, "-x", str(WIDTH), "-y", str(HEIGHT),
                        command], check=True, cwd=cwd, env=env)

    def text(self) -> str:
        done = subprocess.run([TMUX, "capture-pane", "-p", "-t", self.name],
                              capture_output=True, text=True, check=False)
        return done.stdout

    def send(self, *keys: str) -> None:
        subprocess.run([TMUX, "send-keys", "-t", self.name, *keys], check=True)

    def wait_for(self, *needles: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.text()
            if all(n in text for n in needles):
                return text
            time.sleep(0.1)
        raise AssertionError(f"never saw {needles!r} on screen; last screen:\n{text}")

    def wait_for_change(self, before: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while self.text() == before and time.monotonic() < deadline:
            time.sleep(0.05)

    def close(self) -> None:
        subprocess.run([TMUX, "kill-session", "-t", self.name], check=False, capture_output=True)


def test_demo_to_a_result_in_tmux(tmp_path, kb):
    # The installed command, as a user types it; the language follows the locale (en_US).
    command = f"{installed_advisor()} demo"
    pane = Pane(command, cwd=str(tmp_path))
    try:
        pane.wait_for("Why did my training loss", "455 points")  # the demo log was read
        pane.send("Enter")
        pane.wait_for("What was read", "print_loop")
        pane.send("Enter")
        pane.wait_for("Current hypotheses")
        for _ in range(15):  # answer "1" until the decision tree reaches a result
            before = pane.text()
            if "Most likely cause" in before:
                break
            pane.send("1")
            pane.wait_for_change(before)
        screen = pane.wait_for("Most likely cause")
        titles = [c.title.en for c in kb.causes.values()]
        assert any(title[:20] in screen for title in titles), screen
        pane.send("C-q")
    finally:
        pane.close()

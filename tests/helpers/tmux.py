"""A real terminal for the tests: one tmux session on a server socket of its own, typed at with send-keys
and read with capture-pane. The `terminal` fixture (tests/conftest.py) hands a test one and kills it after.
"""

from __future__ import annotations

import subprocess
import time

import pytest

WIDTH, HEIGHT = 120, 36
TIMEOUT = 30.0  # seconds to wait for one expected screen; generous for a loaded CI machine


class Terminal:
    """One tmux session on a private server socket, driven with send-keys and read with capture-pane."""

    def __init__(self, socket: str, env: dict[str, str]) -> None:
        self.socket = socket
        self.env = env
        self.session = "digiworkshop"

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", self.socket, *args], env=self.env, capture_output=True, text=True,
                              check=check, timeout=20)

    def start(self, command: list[str]) -> None:
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", self.session, "-x", str(WIDTH), "-y", str(HEIGHT),
                  *command)
        self.tmux("set-option", "-t", self.session, "remain-on-exit", "on", check=False)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session, check=False).stdout

    def keys(self, *keys: str) -> None:
        """Named keys (tmux names: Enter, F3, NPage, C-e)."""
        self.tmux("send-keys", "-t", self.session, *keys)

    def type(self, text: str) -> None:
        """Literal text, Danish letters included."""
        self.tmux("send-keys", "-t", self.session, "-l", text)

    def wait_for(self, *texts: str, timeout: float = TIMEOUT) -> str:
        """Poll the screen until every text is on it; fail with the last screen otherwise."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            if self.dead():
                break
            time.sleep(0.1)
        pytest.fail(f"the screen never showed {texts!r}; it showed:\n{screen}")

    def wait_until_gone(self, text: str, timeout: float = TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text not in self.screen():
                return
            time.sleep(0.1)
        pytest.fail(f"{text!r} stayed on the screen:\n{self.screen()}")

    def dead(self) -> bool:
        result = self.tmux("display-message", "-p", "-t", self.session, "#{pane_dead}", check=False)
        return result.returncode != 0 or result.stdout.strip() == "1"

    def exit_status(self, timeout: float = TIMEOUT) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = self.tmux("display-message", "-p", "-t", self.session, "#{pane_dead} #{pane_dead_status}",
                               check=False)
            dead, _, status = result.stdout.strip().partition(" ")
            if dead == "1":
                return int(status or 0)
            time.sleep(0.1)
        pytest.fail(f"the app did not quit:\n{self.screen()}")

    def kill(self) -> None:
        """End the server and wait until it is gone, so nothing of it is left for the next test."""
        self.tmux("kill-server", check=False)
        deadline = time.monotonic() + TIMEOUT
        while self.tmux("list-sessions", check=False).returncode == 0 and time.monotonic() < deadline:
            time.sleep(0.05)

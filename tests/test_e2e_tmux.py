"""End to end in a real terminal: the installed app inside tmux, typed at like a person, read off the screen.

Runs ``digiworkshop demo`` in a detached tmux session (its own server socket), types Danish text into
steps 0 and 1, walks every step, shows presentation mode, exports the report and quits; then checks
what the screen showed and what the store holds. Without tmux the test is skipped locally but fails
on CI (CI=true), where ``.ci/run`` installs tmux.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from digiworkshop.guide import load_guide
from digiworkshop.store import Store

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


@pytest.fixture
def terminal(tmp_path: Path):  # noqa: ANN201
    if shutil.which("tmux") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("tmux is missing on CI (.ci/run should have installed it)")
        pytest.skip("tmux is not installed")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "xterm-256color",
        "DIGIWORKSHOP_DB": str(tmp_path / "e2e.db"),
        "DIGIWORKSHOP_EXPORTS": str(tmp_path / "eksport"),
        "DIGIWORKSHOP_CONFIG": str(tmp_path / "keys.toml"),
        "XDG_CONFIG_HOME": str(tmp_path / "home" / ".config"),
        "XDG_DATA_HOME": str(tmp_path / "home" / ".local" / "share"),
    }
    (tmp_path / "home").mkdir(exist_ok=True)
    # A socket of its own per test: a server still shutting down from the test before never answers.
    term = Terminal(f"digiworkshop-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}", env)
    yield term
    term.kill()


def test_walk_the_demo_workshop_in_tmux(terminal: Terminal, tmp_path: Path) -> None:
    app = Path(sys.executable).with_name("digiworkshop")
    assert app.is_file(), f"the installed command is missing: {app}"
    guide = load_guide()
    terminal.start([str(app), "demo"])

    # Step 0 opens with the cursor at the end of the title, nothing selected (a stray key must not replace
    # it): typing adds to the title; Ctrl+U clears a field before its new text (with a moment between: text
    # sent by tmux in the same instant as Ctrl+U did not arrive here, not investigated). Enter stores the
    # field and moves on; each store shows on the screen, which is when the next field has the cursor.
    # The demo has open actions from its plan: the app offers to review them first; not now.
    terminal.wait_for("har 5 åbne handlinger", "Gennemgå dem nu? (J/N)")
    terminal.keys("n")
    terminal.wait_until_gone("Gennemgå dem nu?")
    terminal.wait_for("Temadag: Joblog i jobcentret · 0 Workshop", "Titel")
    terminal.type(" på Ærø")
    terminal.keys("Enter")
    terminal.wait_for("Temadag: Joblog i jobcentret på Ærø · 0 Workshop")
    terminal.keys("C-u")
    time.sleep(0.3)
    terminal.type("27/11-2026")
    terminal.keys("Enter")
    terminal.wait_for("fredag den 27. november 2026")
    terminal.keys("C-u")
    time.sleep(0.3)
    terminal.type("Mødelokale Øst, Æbeløgade 1")
    terminal.keys("Enter")
    terminal.wait_for("Mødelokale Øst, Æbeløgade 1")

    # Step 1 with F3: the cursor is in the purpose statement; type in front of the demo's text.
    terminal.keys("F3")
    terminal.wait_for("· 1 Formidling af formål")
    terminal.type("Vigtigt for Ærø og Æbelø: ")
    terminal.keys("Enter")
    terminal.wait_for("Vigtigt for Ærø og Æbelø:")

    # Every step, one PageDown at a time; the top bar names it and the step shows its heading.
    for step in guide.steps[2:]:
        terminal.keys("NPage")
        terminal.wait_for(f"· {step.label}", step.heading)
    # And straight back to any step with its F-key.
    terminal.keys("F8")
    terminal.wait_for(f"· {guide.steps[6].label}")

    # Presentation mode on step 1: no footer, the typed text large on the screen; F12 again restores.
    terminal.keys("F3")
    terminal.wait_for("· 1 Formidling af formål")
    terminal.keys("F12")
    terminal.wait_until_gone("PgDn")
    screen = terminal.wait_for("Vigtigt for Ærø og Æbelø:", "Borgere", "1 Formidling af formål")
    assert "Eksportér" not in screen and "Prøvehandlinger" not in screen  # no footer, no step list
    terminal.keys("F12")
    terminal.wait_for("PgDn", "Eksportér")

    # Export the Word report with Ctrl+E and Enter in the folder field.
    terminal.keys("C-e")
    terminal.wait_for("Eksportér uddelingsark", "Mappe", "/eksport")  # a long path shows its end
    terminal.keys("Enter")
    terminal.wait_for("Eksport færdig")
    [report] = (tmp_path / "eksport").glob("*-rapport.docx")  # the report among the default handouts

    terminal.keys("C-q")
    assert terminal.exit_status() == 0

    store = Store(str(tmp_path / "e2e.db"))
    try:
        [summary] = store.list_workshops()
        workshop = store.get_workshop(summary.id)
        assert workshop.title == "Temadag: Joblog i jobcentret på Ærø"
        assert workshop.date.isoformat() == "2026-11-27"
        assert workshop.place == "Mødelokale Øst, Æbeløgade 1"
        assert store.get_purpose(summary.id).statement.startswith("Vigtigt for Ærø og Æbelø: ")
    finally:
        store.close()
    from docx import Document

    document = Document(report)
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Vigtigt for Ærø og Æbelø" in text + cells and "Mødelokale Øst, Æbeløgade 1" in text + cells

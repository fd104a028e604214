"""Stored text never drives the terminal: a hostile workshop, opened the way an attacker would hope.

Every free-text field of the demo workshop is filled with escape sequences (OSC 0 sets the window
title, OSC 52 writes the clipboard, CSI 2J clears the screen, and their one-byte C1 forms) beside
ordinary Danish text, and the file is imported as another laptop's export would be. Then:

- the installed app runs in a real terminal (tmux, with the clipboard and title options on, so a
  leaked sequence would have an effect) and every screen is opened; the pane's title and tmux's paste
  buffers stay as they were, the raw bytes the app wrote hold none of the sequences, and the visible
  form (␛]0;PWNED␇) is on the screen, so the data was shown;
- every command-line command that prints stored text (list, list --json, import and its uid-conflict
  error, export, demo --load-only) runs as a real subprocess and writes no ESC or C1 from the data.

Without tmux the terminal test is skipped locally but fails on CI (CI=true).
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from digiworkshop.demo import demo_document
from digiworkshop.exchange import dumps, import_document
from digiworkshop.store import Store
from digiworkshop.text import visible

from helpers.tmux import HEIGHT, WIDTH, Terminal

APP = Path(sys.executable).with_name("digiworkshop")
CLIPBOARD_MARK = "terminal-safety-clipboard-7f3a"
CLIPBOARD_B64 = base64.b64encode(CLIPBOARD_MARK.encode()).decode()
TITLE_PAYLOAD = "\x1b]0;PWNED\x07"
PAYLOADS = (
    TITLE_PAYLOAD,
    f"\x1b]52;c;{CLIPBOARD_B64}\x07",
    "\x1b[2J",
    "\x9b2J",
    "\x9d0;PWNED\x9c",
    "\x1b]2;PWNED\x1b\\",
)
# Keys whose values are chosen from a list (kinds, perspectives, statuses, phases, topics), identify a
# record (uid) or are dates: they stay valid, so the import is accepted and every screen has content.
KEEP = {"format", "uid", "kind", "perspective", "status", "phase", "category", "topic", "question", "date",
        "deadline", "deadline_text", "archetype"}


def hostile_document() -> dict[str, Any]:
    """The demo workshop with an escape sequence in every free-text value, beside Danish text."""
    document = demo_document()
    payloads = itertools.cycle(PAYLOADS)

    def poison(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: poison(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [poison(v, key) for v in value]
        if isinstance(value, str) and key not in KEEP and value:
            return f"{value[:24]} {next(payloads)} Ærø"
        return value

    document = poison(document)
    document["workshop"]["title"] = f"Temadag {TITLE_PAYLOAD} på Ærø \x9b2J"
    document["workshop"]["uid"] = "hostile-0001"
    return document


def raw_leaks(data: bytes | str) -> list[str]:
    """The sequences from the data found raw in output a terminal would read."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    found = [name for name, pattern in (
        ("OSC 0 title", "\x1b]0;PWNED"), ("OSC 2 title", "\x1b]2;PWNED"), ("OSC 52 clipboard", "\x1b]52;"),
        ("CSI 2J clear", "\x1b[2J"),
    ) if pattern in text]
    if re.search("[\x80-\x9f]", text):
        found.append("C1 control")
    return found


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.db"
    store = Store(str(path))
    try:
        import_document(store, hostile_document())
    finally:
        store.close()
    return path


def _environment(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "home").mkdir(exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "xterm-256color",
        "DIGIWORKSHOP_EXPORTS": str(tmp_path / "eksport"),
        "DIGIWORKSHOP_CONFIG": str(tmp_path / "keys.toml"),
        "XDG_CONFIG_HOME": str(tmp_path / "home" / ".config"),
        "XDG_DATA_HOME": str(tmp_path / "home" / ".local" / "share"),
    }


@pytest.fixture
def terminal(tmp_path: Path):  # noqa: ANN201
    if shutil.which("tmux") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("tmux is missing on CI (.ci/run should have installed it)")
        pytest.skip("tmux is not installed")
    term = Terminal(f"digiworkshop-safety-{os.getpid()}-{uuid.uuid4().hex[:8]}", _environment(tmp_path))
    yield term
    term.kill()


def test_a_hostile_workshop_never_drives_the_terminal(terminal: Terminal, hostile_db: Path, tmp_path: Path) -> None:
    assert APP.is_file(), f"the installed command is missing: {APP}"
    log = tmp_path / "pane.raw"
    # The shell waits for a line before it becomes the app, so the pipe is in place for its first byte.
    terminal.tmux("-f", "/dev/null", "new-session", "-d", "-s", terminal.session, "-x", str(WIDTH), "-y",
                  str(HEIGHT), "sh", "-c", 'read _ && exec "$@"', "sh", str(APP), "--db", str(hostile_db))
    for option in (("set-clipboard", "on"), ("allow-rename", "on"), ("set-titles", "on"),
                   ("allow-passthrough", "off")):
        terminal.tmux("set-option", "-g", *option, check=False)
    terminal.tmux("set-option", "-g", "allow-set-title", "on", check=False)  # tmux ≥ 3.3
    terminal.tmux("set-option", "-t", terminal.session, "remain-on-exit", "on", check=False)
    terminal.tmux("select-pane", "-t", terminal.session, "-T", "safe-title")
    terminal.tmux("pipe-pane", "-t", terminal.session, f"cat >> {log}")
    title_before = terminal.tmux("display-message", "-p", "-t", terminal.session, "#{pane_title}").stdout
    terminal.keys("Enter")

    shown_title = visible("Temadag \x1b]0;PWNED\x07 på Ærø")
    seen: list[str] = []  # every screen, for the visible forms

    def look(*texts: str) -> None:
        seen.append(terminal.wait_for(*texts))

    look("Workshops", shown_title)  # the list
    terminal.keys("Enter")
    look("åbne handlinger", "Gennemgå dem nu?")  # the review offer names the workshop
    terminal.keys("j")
    look("Opfølgning ved mødets start")  # the review: subjects, actions, owners, history
    terminal.keys("Down", "Down")
    look("Opfølgning ved mødets start")
    terminal.keys("Escape")
    for key, heading in (("F2", "0 Workshop"), ("F3", "1 Formidling af formål"), ("F4", "2 Nedsæt arbejdsgruppen"),
                         ("F5", "3 Ønske om tilbud"), ("F6", "4a"), ("F7", "4b"), ("F8", "4c"), ("F9", "5 Evaluering"),
                         ("F10", "Prøvehandlinger")):
        terminal.keys(key)
        look(f"· {heading}")
        if key in ("F2", "F3", "F6", "F7", "F8", "F10"):  # presentation mode of several steps
            terminal.keys("F12")
            terminal.wait_until_gone("PgDn")
            seen.append(terminal.screen())
            terminal.keys("F12")
            terminal.wait_for("PgDn")
    terminal.keys("C-e")
    look("Eksportér uddelingsark")
    terminal.keys("Escape")
    terminal.wait_until_gone("Eksportér uddelingsark")
    terminal.keys("F1")
    look("Hjælp ·")
    terminal.keys("Escape")
    terminal.wait_until_gone("Hjælp ·")
    terminal.keys("C-p")
    look("Skriv en kommando")
    terminal.type("Temadag")
    time.sleep(0.3)
    seen.append(terminal.screen())
    terminal.keys("Escape")
    terminal.wait_until_gone("Skriv en kommando")
    terminal.keys("C-q")
    assert terminal.exit_status() == 0

    # The data was shown: its escape sequences as visible symbols, on the screens that show them.
    screens = "\n".join(seen)
    assert "␛]0;PWNED␇" in screens
    assert "␛[2J" in screens and "‹9B›2J" in screens
    # Nothing obeyed: the pane's title, tmux's paste buffers and the raw output.
    title_after = terminal.tmux("display-message", "-p", "-t", terminal.session, "#{pane_title}").stdout
    assert title_after == title_before
    assert "PWNED" not in title_after
    assert terminal.tmux("list-buffers", check=False).stdout == ""
    assert raw_leaks(log.read_bytes()) == []


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """The installed command as a user runs it; raw bytes, as a terminal would receive them."""
    return subprocess.run([str(APP), *args], env=env, capture_output=True, timeout=60)


def test_no_command_line_output_carries_escape_sequences(hostile_db: Path, tmp_path: Path) -> None:
    env = _environment(tmp_path)
    db = ["--db", str(hostile_db)]
    hostile_file = tmp_path / "hostile.json"
    hostile_file.write_text(dumps(hostile_document()), encoding="utf-8")
    # A uid is any text to the importer: one with escape sequences, imported twice, is quoted by the error.
    hostile_uid = tmp_path / "hostile-uid.json"
    document = hostile_document()
    document["workshop"]["uid"] = f"uid {TITLE_PAYLOAD} \x9b2J"
    hostile_uid.write_text(dumps(document), encoding="utf-8")
    results = {
        "list": run_cli(*db, "list", env=env),
        "list --json": run_cli(*db, "list", "--json", env=env),
        # The same uid is in the store already: the error names the workshop.
        "import (uid conflict)": run_cli(*db, "import", str(hostile_file), env=env),
        "import --replace": run_cli(*db, "import", "--replace", str(hostile_file), env=env),
        "import into a new file": run_cli("--db", str(tmp_path / "other.db"), "import", str(hostile_file), env=env),
        "import (hostile uid)": run_cli(*db, "import", str(hostile_uid), env=env),
        "import (hostile uid, conflict)": run_cli(*db, "import", str(hostile_uid), env=env),
        "demo --load-only": run_cli(*db, "demo", "--load-only", env=env),
    }
    [workshop] = [w for w in json.loads(results["list --json"].stdout) if w["uid"] == "hostile-0001"]
    results["export"] = run_cli(*db, "export", str(workshop["id"]), "--out", str(tmp_path / "ud"), env=env)
    results["backup (error)"] = run_cli(*db, "backup", str(tmp_path / "no" / "such" / "folder" / "x.db"), env=env)

    for name, result in results.items():
        for stream in (result.stdout, result.stderr):
            assert raw_leaks(stream) == [], f"{name}: {stream!r}"
            assert b"\x1b" not in stream, f"{name}: {stream!r}"

    assert results["import (uid conflict)"].returncode != 0
    assert results["import (hostile uid, conflict)"].returncode != 0
    assert "uid ␛]0;PWNED␇ ‹9B›2J already exists" in results["import (hostile uid, conflict)"].stderr.decode()
    assert results["import into a new file"].returncode == 0
    assert "␛]0;PWNED␇" in results["import into a new file"].stdout.decode()
    assert "␛]0;PWNED␇" in results["list"].stdout.decode()
    # The JSON stays exact: the stored title comes back as it was typed, escape sequences and all.
    assert workshop["title"] == hostile_document()["workshop"]["title"]

"""`digiworkshop serve ID` as a user runs it: a real subprocess, its first line the join address, real
HTTP to it, SIGTERM and Ctrl+C ending it cleanly, one English line for what goes wrong."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from digiworkshop.store import Store
from helpers import cli_env


def _workshop(db: Path) -> int:
    store = Store(str(db))
    workshop = store.create_workshop(title="Serveret")
    store.close()
    return workshop.id


def _serve(db: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "digiworkshop", "serve", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", env=cli_env(db))


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serve_prints_the_join_address_first_and_stops_cleanly(tmp_path: Path, stop: signal.Signals) -> None:
    db = tmp_path / "serve.db"
    wid = _workshop(db)
    process = _serve(db, str(wid), "--host", "127.0.0.1", "--port", "0")
    try:
        address = process.stdout.readline().strip()
        code_line = process.stdout.readline().strip()
        room = Store(str(db)).get_room(wid)
        assert address.startswith("http://127.0.0.1:") and address.endswith(f"/j/{room.token}")
        assert code_line == f"Kode: {room.code[:3]} {room.code[3:]}"
        with urllib.request.urlopen(address, timeout=10) as response:
            assert response.status == 200 and "Serveret" not in response.read().decode()  # no workshop title leaks
        process.send_signal(stop)
        assert process.wait(20) == 0
        assert process.stderr.read() == ""
    finally:
        process.kill()
        process.wait()


def test_serve_says_in_one_line_when_the_workshop_does_not_exist(tmp_path: Path) -> None:
    db = tmp_path / "serve.db"
    _workshop(db)
    process = _serve(db, "99", "--host", "127.0.0.1", "--port", "0")
    out, err = process.communicate(timeout=30)
    assert process.returncode == 1 and out == ""
    assert err == "digiworkshop: error: there is no workshop with id 99\n"


def test_serve_says_in_one_line_when_the_port_is_taken(tmp_path: Path) -> None:
    db = tmp_path / "serve.db"
    wid = _workshop(db)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = _serve(db, str(wid), "--host", "127.0.0.1", "--port", str(port))
        out, err = process.communicate(timeout=30)
    assert process.returncode == 1 and out == ""
    assert err == f"digiworkshop: error: port {port} is in use\n"

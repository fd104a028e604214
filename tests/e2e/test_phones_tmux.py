"""Phones in a real terminal: Ctrl+Y reaches the app through tmux, the QR code is drawn as half blocks,
the server answers over HTTP while the app runs, and Ctrl+Q leaves nothing listening."""

from __future__ import annotations

import socket
import sys
import urllib.request
from pathlib import Path

from digiworkshop.screens.widgets.qr import qr_matrix, read_qr_text

from helpers.tmux import Terminal


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_ctrl_y_in_tmux_shows_a_readable_code_and_ctrl_q_closes_the_room(terminal: Terminal) -> None:
    app = Path(sys.executable).with_name("digiworkshop")
    port = _free_port()
    terminal.env.update(DIGIWORKSHOP_ROOM_HOST="127.0.0.1", DIGIWORKSHOP_ROOM_PORT=str(port))
    terminal.start([str(app), "demo"])
    terminal.wait_for("Gennemgå dem nu? (J/N)")
    terminal.keys("n")
    terminal.wait_until_gone("Gennemgå dem nu?")
    terminal.keys("F6")
    terminal.wait_for("4a Potentialer og barrierer")
    terminal.keys("C-y")
    screen = terminal.wait_for("Kode: ", f"http://127.0.0.1:{port}/j/")
    lines = screen.split("\n")
    address = next(line for line in lines if f"http://127.0.0.1:{port}/j/" in line)
    join_url = address[address.index("http://"):].split()[0]
    expected = qr_matrix(join_url)
    # Find the top-left finder pattern (its top edge and the row under it: "█▀▀▀▀▀█", module row 4 from
    # column 4, inside the quiet zone) and read the whole symbol back from the terminal's own cells.
    finder = "█▀▀▀▀▀█"
    row = next(i for i, line in enumerate(lines) if finder in line)
    column = lines[row].index(finder) - 4
    body = [line[column:column + len(expected)].ljust(len(expected))
            for line in lines[row - 2:row - 2 + (len(expected) + 1) // 2]]
    assert read_qr_text(body)[:len(expected)] == expected
    with urllib.request.urlopen(join_url, timeout=10) as response:
        assert response.status == 200
    terminal.keys("Escape")
    terminal.wait_until_gone("Kode: ")
    terminal.wait_for("Telefoner: ")
    terminal.keys("C-q")
    assert terminal.exit_status() == 0
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        pass
    else:
        raise AssertionError(f"something still listens on port {port} after Ctrl+Q")

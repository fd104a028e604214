"""The participant server in a process of its own, started and stopped by the app, telling it over a pipe.

Measured with bench/bench_room.py (60 phones posting): with the server in a thread of the app, the
facilitator's own Enter → painted had a median of 80–110 ms while the phones posted, because the server's
threads hold the interpreter lock the screen needs; with the same server in a process of its own it was
10 ms, as with no phones at all. So the app runs `digiworkshop serve ID --pipe` as a child process:

- the child prints JSON lines on its stdout: first {"join_url", "base_url", "code", "port", "fell_back"}
  (or {"error": [danish, english]} and exits), then {"changed": kind} after every write a phone made (kinds
  that come together are told once) and {"phones": n} when the number of phones seen changes;
- the child stops when its stdin closes (the app stopped it, or the app died, even by SIGKILL) or on
  SIGTERM; the store's URL reaches it in the environment (DIGIWORKSHOP_DB), never on a command line.

`ServerProcess` is the app's side, with the properties of RoomServer the app shows; `serve_piped` is the
child's. Nothing here imports Textual.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import IO

from .server import START_TIMEOUT, STOP_TIMEOUT, RoomError

PHONES_EVERY = 1.0  # seconds between two looks at the number of phones seen (sent only when it changed)


class ServerProcess:
    """`digiworkshop serve --pipe` as a child process: RoomServer's start/stop and what the app shows."""

    def __init__(self, db_url: str, workshop_id: int, *, host: str = "0.0.0.0", port: int | None = None,
                 on_change: Callable[[str], None] | None = None) -> None:
        """`port` None: the default port, or any free one when that is taken (`fell_back` then says so)."""
        self.db_url = db_url
        self.workshop_id = workshop_id
        self.host = host
        self.requested_port = port
        self.on_change = on_change
        self.join_url = self.base_url = self.code = ""
        self.port = 0
        self.fell_back = False
        self.phones = 0  # phones seen in the last few minutes, as the child last said
        self._process: subprocess.Popen[str] | None = None
        self._first: queue.SimpleQueue[dict | None] = queue.SimpleQueue()
        self._errors: list[str] = []  # the child's last lines on stderr (for a failed start)
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        """True between a successful start() and stop() (and while the child lives)."""
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start the child and wait until it listens; RoomError (Danish and English) when it cannot."""
        with self._lock:
            if self._process is not None:
                return
            from ..paths import DB_ENV

            command = [sys.executable, "-m", "digiworkshop", "serve", str(self.workshop_id), "--host", self.host,
                       "--pipe"]
            if self.requested_port is not None:
                command += ["--port", str(self.requested_port)]
            env = {**os.environ, DB_ENV: self.db_url, "PYTHONUNBUFFERED": "1"}
            # A session of its own: Ctrl+C in the terminal is the app's key, never a signal to the server.
            process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       env=env, text=True, encoding="utf-8", start_new_session=True)
            self._process = process
            _running.add(self)
            threading.Thread(target=self._read, args=(process.stdout,), name=f"room-{self.workshop_id}-pipe",
                             daemon=True).start()
            threading.Thread(target=self._drain, args=(process.stderr,), name=f"room-{self.workshop_id}-err",
                             daemon=True).start()
            try:
                first = self._first.get(timeout=START_TIMEOUT)
            except queue.Empty:
                first = None
            if first is None or "error" in first:
                self._end(process)
                self._process = None
                if first is not None:
                    danish, english = first["error"]
                    raise RoomError(danish, english)
                detail = f": {self._errors[-1]}" if self._errors else ""
                raise RoomError("Serveren til telefonerne kunne ikke starte.", f"the room server did not start{detail}")
            self.join_url, self.base_url, self.code = first["join_url"], first["base_url"], first["code"]
            self.port, self.fell_back = first["port"], first["fell_back"]

    def _read(self, stdout: IO[str]) -> None:
        """The pipe's reader thread: the first line answers start(), the rest are changes and counts."""
        started = False
        for line in stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if not started:
                started = True
                self._first.put(message)
            elif "changed" in message:
                try:
                    if self.on_change is not None:
                        self.on_change(str(message["changed"]))
                except Exception:  # noqa: BLE001 - the app's callback must not end the notices
                    pass
            elif "phones" in message:
                self.phones = int(message["phones"])
        if not started:
            self._first.put(None)  # the child ended before it listened

    def _drain(self, stderr: IO[str]) -> None:
        for line in stderr:  # read, so a chatty child never blocks on a full pipe; never shown on the app's terminal
            self._errors = [*self._errors[-4:], line.strip()]

    def stop(self) -> None:
        """Stop the child (phones are told the room closed) and wait until it has ended; idempotent."""
        with self._lock:
            process, self._process = self._process, None
            if process is not None:
                self._end(process)
            _running.discard(self)

    @staticmethod
    def _end(process: subprocess.Popen) -> None:
        try:
            process.stdin.close()  # the child stops when its stdin closes
        except OSError:
            pass
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT)


_running: weakref.WeakSet[ServerProcess] = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    for server in list(_running):
        server.stop()


@contextlib.contextmanager
def stop_on_signals() -> Iterator[threading.Event]:
    """An event set by SIGINT or SIGTERM while the block runs (the handlers before it are put back)."""
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def serve_piped(db_url: str, workshop_id: int, *, host: str, port: int, fallback: bool,
                out: IO[str] = sys.stdout, inp: IO[str] = sys.stdin) -> int:
    """The child's side (`digiworkshop serve ID --pipe`): serve until stdin closes or SIGTERM, telling the
    parent on `out` as the module docstring says. Returns the exit status."""
    from .server import RoomServer

    lock = threading.Lock()

    def say(message: dict) -> None:
        with lock:
            out.write(json.dumps(message) + "\n")
            out.flush()

    server = RoomServer(db_url, workshop_id, host=host, port=port, fallback=fallback,
                        on_change=lambda kind: say({"changed": kind}))
    try:
        server.start()
    except RoomError as exc:
        say({"error": [exc.danish, exc.english]})
        return 1
    with stop_on_signals() as stop:
        try:
            say({"join_url": server.join_url, "base_url": server.base_url, "code": server.code,
                 "port": server.port, "fell_back": server.fell_back})
            threading.Thread(target=lambda: (inp.read(), stop.set()), name="room-stdin", daemon=True).start()
            seen = 0
            while not stop.wait(PHONES_EVERY):
                if (phones := server.phones) != seen:
                    seen = phones
                    say({"phones": phones})
        except (BrokenPipeError, OSError):  # the app is gone
            pass
        finally:
            server.stop()
    return 0

"""The participant server: the phone page served by uvicorn in a thread and event loop of its own.

The app (or `digiworkshop serve`) makes a `RoomServer`, calls `start()` and shows `join_url` and `code`.
Every store call of a request runs in a worker thread (the store is blocking), so the facilitator's
typing never waits on a phone and one slow write never stalls the other phones. After each write a
phone made, `on_change(kind)` is called from the server's notifier thread (kinds that arrive together
are told once); the app turns it into `call_from_thread`. Nothing here imports Textual, and nothing imports this module at the app's start.
"""

from __future__ import annotations

import atexit
import errno
import logging
import queue
import socket
import threading
import time
import weakref
from collections.abc import Callable

from .limits import Limits

DEFAULT_PORT = 8765  # the port the app tries first (a phone that joined before finds it again)
START_TIMEOUT = 15.0  # seconds to wait for the server to listen
STOP_TIMEOUT = 10.0


class RoomError(Exception):
    """The room could not be opened for phones: a Danish message for the UI, an English one for the CLI."""

    def __init__(self, danish: str, english: str) -> None:
        super().__init__(english)
        self.danish = danish
        self.english = english


def lan_address() -> str:
    """The laptop's address on the room's network (the interface of its default route), or loopback.

    Connecting a UDP socket sends nothing; it only asks the kernel which local address it would use."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 1))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        # SO_REUSEADDR lets a restarted server take its port back from connections still in TIME_WAIT;
        # a port another program listens on is still refused (EADDRINUSE).
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except BaseException:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _quiet_logs() -> None:
    """Uvicorn's log records go nowhere (not to Python's last-resort handler on stderr either)."""
    logger = logging.getLogger("uvicorn")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
    logger.propagate = False


class RoomServer:
    """The workshop's door for phones, served from a thread of its own until `stop()`."""

    def __init__(self, db_url: str, workshop_id: int, *, host: str = "0.0.0.0", port: int = 0,
                 on_change: Callable[[str], None] | None = None, fallback: bool = False,
                 limits: Limits | None = None) -> None:
        """`port` 0 takes any free port. With `fallback`, a taken `port` falls back to a free one
        (`fell_back` then says so) instead of raising RoomError. `limits` are the request limits (the
        defaults are the room's; a load benchmark on loopback lifts the per-address ones)."""
        self.db_url = db_url
        self.workshop_id = workshop_id
        self.host = host
        self.requested_port = port
        self.on_change = on_change
        self.fallback = fallback
        self.limits = limits or Limits()
        self.fell_back = False
        self._port = 0
        self._code = ""
        self._token = ""
        self._thread: threading.Thread | None = None
        self._server = None  # uvicorn.Server
        self._room = None  # app.PhoneRoom
        self._store = None
        self._lock = threading.Lock()
        self._error: BaseException | None = None
        self._changes: queue.SimpleQueue[str | None] = queue.SimpleQueue()

    # --- what the facilitator shows -------------------------------------------------------------

    @property
    def port(self) -> int:
        """The port the server listens on (0 before start)."""
        return self._port

    @property
    def address(self) -> str:
        """The host phones reach: the LAN address when bound to every interface, else the bound host."""
        host = self.host
        if host in ("", "0.0.0.0", "::"):
            host = lan_address()
        elif host == "localhost":
            host = "127.0.0.1"
        return f"[{host}]" if ":" in host else host

    @property
    def base_url(self) -> str:
        """Where the room code is typed: "http://<address>:<port>/"."""
        return f"http://{self.address}:{self._port}/"

    @property
    def join_url(self) -> str:
        """The address in the QR code: "http://<address>:<port>/j/<token>"."""
        return f"{self.base_url}j/{self._token}"

    @property
    def code(self) -> str:
        """The room's 6-digit code."""
        return self._code

    @property
    def phones(self) -> int:
        """Phones seen in the last few minutes."""
        return self._room.phones_seen() if self._room is not None else 0

    @property
    def running(self) -> bool:
        """True between a successful start() and stop()."""
        return self._thread is not None and self._thread.is_alive()

    # --- start and stop ------------------------------------------------------------------------

    def start(self) -> None:
        """Open the room in the store and listen; returns once phones can connect. RoomError when the
        workshop does not exist, the store cannot be opened or the port is taken."""
        with self._lock:
            if self.running:
                return
            self._start()

    def _start(self) -> None:
        import uvicorn

        from ..db import DatabaseError
        from ..store import NotFound, Store
        from .app import PhoneRoom

        try:
            store = Store(self.db_url)
        except DatabaseError as exc:
            raise RoomError(exc.danish, exc.english) from None
        try:
            room = store.open_room(self.workshop_id)
        except NotFound:
            store.close()
            raise RoomError("Workshoppen findes ikke.", f"there is no workshop with id {self.workshop_id}") from None
        except DatabaseError as exc:
            store.close()
            raise RoomError(exc.danish, exc.english) from None
        try:
            sock = self._listen()
        except BaseException:
            store.close()
            raise
        self._store, self._token, self._code = store, room.token, room.code
        self._port = sock.getsockname()[1]
        self._room = PhoneRoom(store, self.workshop_id, limits=self.limits, on_change=self._changed)
        _quiet_logs()
        config = uvicorn.Config(
            # log_config=None: uvicorn must not print to the terminal Textual draws on (a hostile phone's
            # malformed request would otherwise write a warning over the facilitator's screen).
            self._room.asgi, log_config=None, log_level="warning", access_log=False, lifespan="on",
            # An open event stream must not hold up stop(): the streams end themselves, this is the bound.
            timeout_graceful_shutdown=3, timeout_keep_alive=20,
            # Headers of a request are small; uvicorn's own limit keeps a hostile phone from sending megabytes.
            h11_max_incomplete_event_size=16 * 1024,
        )
        server = uvicorn.Server(config)
        self._server = server
        self._error = None
        thread = threading.Thread(target=self._serve, args=(server, sock), name=f"room-{self.workshop_id}",
                                  daemon=True)
        self._thread = thread
        thread.start()
        self._changes = queue.SimpleQueue()
        threading.Thread(target=self._notify, args=(self._changes,), name=f"room-{self.workshop_id}-notify",
                         daemon=True).start()
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self._cleanup()
                detail = f": {self._error}" if self._error else ""
                raise RoomError("Serveren til telefonerne kunne ikke starte.", f"the room server did not start{detail}")
            time.sleep(0.01)
        _running.add(self)

    def _listen(self) -> socket.socket:
        try:
            return _bind(self.host, self.requested_port)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE and self.fallback and self.requested_port:
                self.fell_back = True
                return _bind(self.host, 0)
            if exc.errno == errno.EADDRINUSE:
                raise RoomError(f"Port {self.requested_port} er optaget af et andet program.",
                                f"port {self.requested_port} is in use") from None
            raise RoomError(f"Adressen {self.host} kan ikke bruges: {exc.strerror}.",
                            f"cannot listen on {self.host}:{self.requested_port}: {exc.strerror}") from None

    def _serve(self, server, sock: socket.socket) -> None:  # noqa: ANN001
        try:
            server.run(sockets=[sock])
        except BaseException as exc:  # noqa: BLE001 - reported by start() / seen as not running
            self._error = exc
        finally:
            sock.close()

    def stop(self) -> None:
        """Stop listening and end every phone's connection (they are told the room closed); returns once
        stopped. Safe to call twice, or when start() failed."""
        with self._lock:
            if self._room is not None:
                self._room.close()  # event streams say "closed" and end
            if self._server is not None:
                self._server.should_exit = True
            if self._thread is not None:
                self._thread.join(STOP_TIMEOUT)
                if self._thread.is_alive() and self._server is not None:
                    self._server.force_exit = True
                    self._thread.join(STOP_TIMEOUT)
            self._cleanup()

    def _cleanup(self) -> None:
        self._changes.put(None)  # ends the notifier once it is done with what it holds (not waited for)
        if self._server is not None:
            self._server.should_exit = True
        self._thread = None
        self._server = None
        self._room = None
        if self._store is not None:
            self._store.close()
            self._store = None
        _running.discard(self)

    def _changed(self, kind: str) -> None:
        """A phone's write was stored: hand it to the notifier thread and return at once (the phone's
        answer never waits for the app, and stop() never waits for an app that is busy stopping us)."""
        if self.on_change is not None:
            self._changes.put(kind)

    def _notify(self, changes: queue.SimpleQueue) -> None:
        """The notifier thread: calls on_change once per kind of what arrived since the last call (sixty
        phones posting at once make one repaint, not sixty), until stop() sends None."""
        while True:
            kinds = [changes.get()]
            while not changes.empty():
                kinds.append(changes.get())
            for kind in dict.fromkeys(kinds):
                if kind is None:
                    return
                try:
                    if self.on_change is not None:
                        self.on_change(kind)
                except Exception:  # noqa: BLE001 - the app's callback must not end the notifications
                    pass

    def __enter__(self) -> RoomServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# Servers still running when the interpreter exits are stopped, so the port is released and phones are
# told the room closed.
_running: weakref.WeakSet[RoomServer] = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    for server in list(_running):
        server.stop()

"""The workshop screen's handle on the participant server: started in a worker thread, stopped for sure.

The server (digiworkshop.room.server.RoomServer) runs in its own thread with its own event loop and
reports every write a phone made through `on_change`, called in that thread. Here that becomes a message
posted to the workshop screen: Textual's `post_message` is thread-safe and does not wait for the UI, so
a phone's "sent" never waits on a repaint (`call_from_thread` would hold the server thread until the
screen had re-read the grid).

A `PhoneRoom` is used once: made when the facilitator turns phones on, stopped when they are turned off,
the workshop is left or the app quits. `stop` may come before `start` has finished (Esc pressed while
the server was still starting): the server is then stopped as soon as it is up, never left running.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from digiworkshop.room.server import RoomServer

HOST_ENV = "DIGIWORKSHOP_ROOM_HOST"  # e.g. 127.0.0.1 in tests; default: every interface (phones on the Wi-Fi)
PORT_ENV = "DIGIWORKSHOP_ROOM_PORT"  # default: the server's (8765, or a free one when it is taken)
DEFAULT_HOST = "0.0.0.0"


class PhonesChanged(Message):
    """A phone stored something (kind: note, answer, vote, withdraw): the open step re-reads."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind


def room_host() -> str:
    """The address the participant server listens on."""
    return os.environ.get(HOST_ENV, "").strip() or DEFAULT_HOST


def room_port() -> int:
    """The port asked for (0: the server's default); a bad value in the environment is ignored."""
    try:
        return max(0, int(os.environ.get(PORT_ENV, "0")))
    except ValueError:
        return 0


class PhoneRoom:
    """One run of the participant server for one workshop."""

    def __init__(self, db_url: str, workshop_id: int, on_change: Callable[[str], object]) -> None:
        self.db_url = db_url
        self.workshop_id = workshop_id
        self._on_change = on_change
        self._lock = threading.Lock()
        self._server: RoomServer | None = None
        self._stopped = False

    @property
    def server(self) -> RoomServer | None:
        """The running server, or None (still starting, or stopped)."""
        return self._server

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> RoomServer | None:
        """Start the server (blocks until it listens: call from a worker thread). None if `stop` came first;
        RoomError (Danish message) when it cannot listen."""
        from digiworkshop.room.server import DEFAULT_PORT, RoomServer

        # The same port as last time, so a phone that joined before finds the room again; when another
        # program has it, any free port (the panel says so). A port from the environment is taken as given.
        port = room_port()
        server = RoomServer(self.db_url, self.workshop_id, host=room_host(), port=port or DEFAULT_PORT,
                            fallback=not port, on_change=self._changed)
        server.start()
        with self._lock:
            stopped = self._stopped
            if not stopped:
                self._server = server
        if stopped:  # turned off or left while it was starting
            server.stop()
            return None
        return server

    def _changed(self, kind: str) -> None:
        # In the server's thread: never let the UI's state (an app already closing) break a phone's write.
        if not self._stopped:
            try:
                self._on_change(kind)
            except Exception:  # noqa: BLE001 - the phone's text is stored; the screen re-reads on the next one
                pass

    def stop(self) -> None:
        """Stop the server and wait until it has stopped (idempotent; any thread)."""
        with self._lock:
            self._stopped = True
            server, self._server = self._server, None
        if server is not None:
            server.stop()

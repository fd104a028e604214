"""Phones on the workshop screen: the participant server started in a worker thread and stopped for sure.

The server runs as a child process (digiworkshop.room.child.ServerProcess: `digiworkshop serve --pipe`),
which reports every write a phone made through `on_change`, called in the thread that reads its pipe. (In
a thread of the app, RoomServer, it held the interpreter lock the screen needs: the facilitator's Enter
took 80–110 ms to paint while sixty phones posted instead of 10 ms, bench/bench_room.py; THREAD_ENV
still runs it there, for that comparison.) Here `on_change` becomes a message
posted to the workshop screen: Textual's `post_message` is thread-safe and does not wait for the UI, so
a phone's "sent" never waits on a repaint (`call_from_thread` would hold the server thread until the
screen had re-read the grid).

A `PhoneRoom` is used once: made when the facilitator turns phones on, stopped when they are turned off,
the workshop is left or the app quits. `stop` may come before `start` has finished (Esc pressed while
the server was still starting): the server is then stopped as soon as it is up, never left running.
`PhonesOnScreen` is the workshop screen's part: Ctrl+Y, the panel, and the re-read after a phone wrote.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from .widgets.topbar import TopBar

if TYPE_CHECKING:
    from digiworkshop.room.child import ServerProcess
    from digiworkshop.room.server import RoomServer

HOST_ENV = "DIGIWORKSHOP_ROOM_HOST"  # e.g. 127.0.0.1 in tests; default: every interface (phones on the Wi-Fi)
PORT_ENV = "DIGIWORKSHOP_ROOM_PORT"  # default: the server's (8765, or a free one when it is taken)
DEFAULT_HOST = "0.0.0.0"
# Set (to anything): the server runs in a thread of the app instead of a child process (bench_room.py
# compares the two; the child is the default because the thread slowed the facilitator's typing).
THREAD_ENV = "DIGIWORKSHOP_ROOM_THREAD"
# Seconds between two re-reads after phones wrote: a note shows within a fifth of a second, and a
# room of phones costs the facilitator's screen at most five re-reads a second (bench/bench_room.py).
REREAD_GAP = 0.2


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
        self._server: RoomServer | ServerProcess | None = None
        self._stopped = False

    @property
    def server(self) -> RoomServer | ServerProcess | None:
        """The running server, or None (still starting, or stopped)."""
        return self._server

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> RoomServer | ServerProcess | None:
        """Start the server (blocks until it listens: call from a worker thread). None if `stop` came first;
        RoomError (Danish message) when it cannot listen."""
        from digiworkshop.room.server import DEFAULT_PORT, RoomServer

        # The same port as last time, so a phone that joined before finds the room again; when another
        # program has it, any free port (the panel says so). A port from the environment is taken as given.
        port = room_port()
        server: RoomServer | ServerProcess
        if os.environ.get(THREAD_ENV):
            server = RoomServer(self.db_url, self.workshop_id, host=room_host(), port=port or DEFAULT_PORT,
                                fallback=not port, on_change=self._changed)
        else:
            from digiworkshop.room.child import ServerProcess

            server = ServerProcess(self.db_url, self.workshop_id, host=room_host(), port=port or None,
                                   on_change=self._changed)
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


class PhonesOnScreen:
    """Mixin for the workshop screen (which has `workshop_id`, `presenting`, `view` and
    `refresh_presentation`): phones on and off, the panel, and the open step re-read after a phone wrote."""

    phones: PhoneRoom | None = None  # the participant server, while phones are on
    _phones_pending = False  # a re-read after a phone's write is already on its way
    _phones_read_at = 0.0  # time.monotonic() of the last re-read

    def watch_phones(self) -> None:
        """Phones come and go without writing anything: the top bar's count is read now and then."""
        self.set_interval(5.0, self._phones_seen)  # type: ignore[attr-defined]

    def action_phones(self) -> None:
        """Ctrl+Y: turn phones on (the server starts in a worker, then the panel with the QR code opens);
        when they are on already, open the panel again (where Ctrl+Y turns them off)."""
        if self.phones is None:
            self.phones = PhoneRoom(self.app.store.url, self.workshop_id, self._phone_wrote)  # type: ignore[attr-defined]
            self.notify("Tænder for telefonerne …", timeout=2)  # type: ignore[attr-defined]
            self._start_phones(self.phones)
        elif self.phones.running:
            self.show_phone_panel()

    def _phone_wrote(self, kind: str) -> None:
        # Called in the server's thread: post_message is thread-safe and does not wait for the screen.
        self.post_message(PhonesChanged(kind))  # type: ignore[attr-defined]

    @work(thread=True, exit_on_error=False, group="phones")
    def _start_phones(self, phones: PhoneRoom) -> None:
        app = self.app  # type: ignore[attr-defined]
        try:
            server = phones.start()
        except Exception as exc:  # noqa: BLE001 - told in Danish; the workshop goes on without phones
            app.call_from_thread(self._phones_failed, phones, exc)
            return
        if server is None:
            return
        try:
            app.call_from_thread(self._phones_started, phones)
        except RuntimeError:  # the app closed while the server started: nobody is left to stop it
            phones.stop()

    def _phones_failed(self, phones: PhoneRoom, exc: BaseException) -> None:
        from .messages import report_error

        if self.phones is phones:
            self.phones = None
        report_error(self, exc)  # type: ignore[arg-type]
        self.show_phones_state()

    def _phones_started(self, phones: PhoneRoom) -> None:
        if self.phones is not phones or not self.is_attached:  # type: ignore[attr-defined]
            phones.stop()
            return
        self.show_phones_state()
        self.show_phone_panel()

    def show_phone_panel(self) -> None:
        """The panel with the QR code, the code and the room's choices (large in presentation mode)."""
        from .dialogs.phones import PhonePanel

        if self.phones is None or not self.phones.running:
            return

        def closed(answer: str | None) -> None:
            if answer == "off":
                self.stop_phones(wait=False)
                self.notify("Telefonerne er slukket.", timeout=3)  # type: ignore[attr-defined]

        panel = PhonePanel(self.phones, large=self.presenting, on_room_change=self.room_changed)  # type: ignore[attr-defined]
        self.app.push_screen(panel, closed)  # type: ignore[attr-defined]

    def stop_phones(self, *, wait: bool = True) -> None:
        """Stop the participant server (leaving, quitting, turning off). `wait=False` stops it in a worker
        thread so the screen does not wait for the last phone connections to close."""
        phones, self.phones = self.phones, None
        if phones is None:
            return
        if wait:
            phones.stop()
        else:
            self.app.run_worker(phones.stop, thread=True, group="phones-stop", exit_on_error=False)  # type: ignore[attr-defined]
        if self.is_attached:  # type: ignore[attr-defined]
            self.show_phones_state()

    def shut_down(self) -> None:
        """The app quits: the server stops before the app's last frame."""
        self.stop_phones()

    def on_unmount(self) -> None:
        self.stop_phones()  # however the screen goes, the server goes with it

    def _phones_seen(self) -> None:
        if self.phones is not None:
            self.show_phones_state()

    def show_phones_state(self) -> None:
        """The top bar's "Telefoner: N" while phones are on."""
        server = self.phones.server if self.phones is not None else None
        for bar in self.query(TopBar):  # type: ignore[attr-defined]  # none while the screen is taken down
            bar.show_phones(server.phones if server is not None else None)

    def on_phones_changed(self, _event: PhonesChanged) -> None:
        # Sixty phones write ~30 times a second: at most one re-read every REREAD_GAP seconds, never one
        # queued behind another. The first note after a quiet spell is re-read at once (leading edge);
        # the notes that come while one is pending are all found by it (trailing edge).
        if self._phones_pending:
            return
        self._phones_pending = True
        wait = self._phones_read_at + REREAD_GAP - time.monotonic()
        if wait > 0:
            self.set_timer(wait, self.room_changed)  # type: ignore[attr-defined]
        else:
            self.call_after_refresh(self.room_changed)  # type: ignore[attr-defined]

    def room_changed(self) -> None:
        """Something phones (or the panel) changed: the open step, the projector and the dialogs re-read."""
        self._phones_pending = False
        self._phones_read_at = time.monotonic()
        if not self.is_attached:  # type: ignore[attr-defined]
            return
        if (view := self.view) is not None:  # type: ignore[attr-defined]
            view.room_changed()
        self.refresh_presentation()  # type: ignore[attr-defined]
        self.show_phones_state()
        from .dialogs.phones import PhonePanel, PhoneQueue

        for screen in self.app.screen_stack:  # type: ignore[attr-defined]
            if isinstance(screen, PhonePanel):
                screen.refresh_room()
            elif isinstance(screen, PhoneQueue):
                screen.refresh_queue()

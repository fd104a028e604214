"""Phones in the room: the panel with the QR code and the room's choices, and the queue of texts from phones.

Both dialogs read what they show from the store (the room's choices, the queue, how many texts are
hidden) and from the running server (address, code, phones seen); the workshop screen re-reads them when
a phone writes. Every text from a phone is shown through `stored()`: as sent, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..messages import report_error
from ..safe_text import stored
from ..widgets.notes import cell_title
from ..widgets.qr import QRCode
from .forms import TextPrompt

if TYPE_CHECKING:
    from digiworkshop.models import PhonePost

    from ..phones import PhoneRoom

T = TypeVar("T")
INFO_WIDTH = 64  # the text beside the code: its longest line is the hide choice
INFO_MIN = 40  # beside a large code in presentation mode
FRAME = 6  # the dialog's border and padding, and a column to spare
CELL_KEYS = 6  # 1–6 take a note in in that cell of the grid (reading order, as in 4a)


def spaced_code(code: str) -> str:
    """A six-digit room code as it is read aloud and typed: "123 456"."""
    return f"{code[:3]} {code[3:]}" if len(code) == 6 else code


def _guarded(node, call: Callable[[], T]) -> tuple[bool, T | None]:  # noqa: ANN001
    """Run one store call; a failure is one Danish notice (nothing half-written: one transaction)."""
    try:
        return True, call()
    except Exception as exc:  # noqa: BLE001 - shown in Danish, never a traceback
        report_error(node, exc)
        return False, None


class PhonePanel(ModalScreen[str | None]):
    """Telefoner i rummet: the QR code of the join address, the code, the phones, and the room's choices.

    Esc closes the panel and phones stay connected; Ctrl+Y (the key that opened it) turns phones off:
    the panel is then dismissed with "off" for the workshop screen to stop the server.
    """

    DEFAULT_CSS = """
    PhonePanel #phones-dialog { width: auto; max-width: 100%; height: auto; max-height: 100%;
                                border: thick $primary; border-title-style: bold; background: $surface;
                                padding: 0 1; overflow: hidden hidden; }
    PhonePanel #phones-body { height: auto; width: auto; }
    PhonePanel #phones-info { width: 64; height: auto; padding: 0 0 0 2; }
    PhonePanel .phones-code { text-style: bold; }
    """

    BINDINGS = [
        Binding("k", "toggle_queue", "Kø / direkte", id="phones.queue"),
        Binding("s", "toggle_hide", "Skjul til afsløring", id="phones.hide"),
        Binding("a", "reveal", "Afslør", id="phones.reveal"),
        Binding("o", "open_queue", "Fra telefoner", id="phones.open_queue"),
        Binding("ctrl+y", "turn_off", "Sluk telefonerne", id="phones.off", priority=True),
        Binding("escape", "close", "Luk", id="phones.close"),
    ]

    def __init__(self, room: PhoneRoom, *, large: bool = False,
                 on_room_change: Callable[[], object] | None = None) -> None:
        """`large`: presentation mode (the code as large as the screen allows); `on_room_change` is called
        after the facilitator changed what the steps show (revealed hidden texts, took in from the queue)."""
        super().__init__(classes="-large" if large else "")
        self.room = room
        self.workshop_id = room.workshop_id
        self.large = large
        self._on_room_change = on_room_change or (lambda: None)

    def compose(self) -> ComposeResult:
        with Vertical(id="phones-dialog"):
            with Horizontal(id="phones-body"):
                yield QRCode(id="phones-qr", max_scale=1 if not self.large else 8)
                with Vertical(id="phones-info"):
                    yield Static(id="phones-join")
                    yield Static(id="phones-code", classes="phones-code")
                    yield Static(id="phones-count")
                    yield Static(id="phones-choices")
                    yield Static(id="phones-keys", classes="dialog-hint")

    def on_mount(self) -> None:
        # The title sits in the border: at 80×24 every row is the code's (21 rows at scale 1).
        self.query_one("#phones-dialog").border_title = "Telefoner i rummet"
        width, height = self.app.size
        server = self.room.server
        # In presentation mode the code takes what the screen leaves beside a 44-column text, for the back
        # of the room; otherwise one column and half a row per module (41 × 21 for a join address).
        room = (width - INFO_MIN - FRAME, height - 4) if self.large else None
        qr = self.query_one(QRCode)
        qr.show(server.join_url if server is not None else "", room=room)
        info = self.query_one("#phones-info")
        # At 80×24 the text wraps in what is left beside the code (~33 columns); it still fits.
        info.styles.width = max(24, min(INFO_WIDTH, width - FRAME - qr.size_in_cells[0]))
        self.refresh_room()
        self.set_interval(2.0, self.refresh_room)  # "phones seen" changes without any write

    def refresh_room(self) -> None:
        """Re-read the room: choices, hidden and queued counts, phones seen (also when a phone wrote)."""
        server, store = self.room.server, self.app.store  # type: ignore[attr-defined]
        if server is None:
            return
        try:
            room = store.get_room(self.workshop_id)
            hidden = store.hidden_count(self.workshop_id)
            queued = len(store.queued_posts(self.workshop_id))
        except Exception:  # noqa: BLE001 - a busy database: the next refresh tries again
            return
        join = Text()
        join.append("Scan koden med telefonens kamera – eller åbn\n")
        join.append(server.base_url, style="bold")
        join.append("\nog skriv koden:")
        self.query_one("#phones-join", Static).update(join)
        self.query_one("#phones-code", Static).update(Text(f"Kode: {spaced_code(server.code)}"))
        count = Text()
        count.append(f"Adresse: {server.join_url}\n", style="dim")
        if getattr(server, "fell_back", False):
            count.append("Den faste port var optaget af et andet program; telefonerne bruger en anden.\n",
                         style="italic")
        phones = server.phones
        count.append(f"Telefoner: {phones}")
        self.query_one("#phones-count", Static).update(count)
        queue = bool(room.queue) if room is not None else False
        hide = bool(room.hide) if room is not None else False
        choices = Text()
        choices.append("\nK  Noter fra telefoner: ")
        choices.append("direkte i gitteret", style="bold reverse" if not queue else "dim")
        choices.append("  /  ")
        choices.append("via kø", style="bold reverse" if queue else "dim")
        choices.append(f"\nS  [{'x' if hide else ' '}] Skjul telefonernes noter på skærmen, til de afsløres")
        choices.append(f"\nA  Afslør ({hidden})", style="" if hidden else "dim")
        choices.append(f"\nO  Fra telefoner ({queued})", style="" if queued else "dim")
        self.query_one("#phones-choices", Static).update(choices)
        self.query_one("#phones-keys", Static).update(
            "Esc: luk (telefonerne forbliver tilsluttet) · Ctrl+Y: sluk telefonerne")

    def action_toggle_queue(self) -> None:
        room = self.app.store.get_room(self.workshop_id)  # type: ignore[attr-defined]
        if room is not None and _guarded(self, lambda: self.app.store.update_room(  # type: ignore[attr-defined]
                self.workshop_id, queue=not room.queue))[0]:
            self.refresh_room()

    def action_toggle_hide(self) -> None:
        room = self.app.store.get_room(self.workshop_id)  # type: ignore[attr-defined]
        if room is not None and _guarded(self, lambda: self.app.store.update_room(  # type: ignore[attr-defined]
                self.workshop_id, hide=not room.hide))[0]:
            self.refresh_room()

    def action_reveal(self) -> None:
        ok, count = _guarded(self, lambda: self.app.store.reveal(self.workshop_id))  # type: ignore[attr-defined]
        if not ok:
            return
        self.notify(f"Afsløret: {count}" if count else "Der er intet skjult.", timeout=3)
        self.refresh_room()
        self._on_room_change()

    def action_open_queue(self) -> None:
        self.app.push_screen(PhoneQueue(self.workshop_id, on_room_change=self._queue_changed))

    def _queue_changed(self) -> None:
        self.refresh_room()
        self._on_room_change()

    def action_turn_off(self) -> None:
        self.dismiss("off")

    def action_close(self) -> None:
        self.dismiss(None)


def post_place(guide, post: PhonePost) -> str:  # noqa: ANN001
    """Where a queued text goes: its cell of the grid, or its quadrant of the evaluation window."""
    if post.target == "note":
        return cell_title(guide, post.perspective, post.kind)
    texts = {q.key: q.text for q in guide.evaluation_questions}
    return texts.get(post.question, post.question)


class PhoneQueue(ModalScreen[None]):
    """Fra telefoner (N): the texts phones sent while the room queues, oldest first, to take in or drop."""

    DEFAULT_CSS = """
    PhoneQueue .dialog { width: 100; }
    PhoneQueue OptionList { height: auto; max-height: 20; }
    """

    BINDINGS = [
        Binding("enter", "take_in", "Tag ind", id="phone_queue.take_in"),
        Binding("e", "edit", "Ret og tag ind", id="phone_queue.edit"),
        *(Binding(str(i), f"take_in_cell({i - 1})", f"Tag ind i felt {i}", show=False,
                  id=f"phone_queue.cell{i}") for i in range(1, CELL_KEYS + 1)),
        Binding("delete,d", "drop", "Drop", id="phone_queue.drop"),
        Binding("escape", "close", "Luk", id="phone_queue.close"),
    ]

    def __init__(self, workshop_id: int, *, on_room_change: Callable[[], object] | None = None) -> None:
        super().__init__()
        self.workshop_id = workshop_id
        self._on_room_change = on_room_change or (lambda: None)
        self._posts: list[PhonePost] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Fra telefoner", id="queue-title", classes="dialog-title")
            yield OptionList(id="queue-list")
            yield Static("Enter: tag ind · E: ret først · 1–6: tag ind i felt 1–6 (4a) · D/Delete: drop · "
                         "Esc: luk", classes="dialog-hint")

    def on_mount(self) -> None:
        self.refresh_queue()
        self.query_one(OptionList).focus()

    def refresh_queue(self) -> None:
        """Re-read the queue (on open, after each take-in or drop, and when a phone sent another text)."""
        try:
            posts = self.app.store.queued_posts(self.workshop_id)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - a busy database: the next change tries again
            return
        self._posts = posts
        guide = self.app.guide  # type: ignore[attr-defined]
        options = []
        for post in posts:
            label = Text()
            label.append(f"{post_place(guide, post)}: ", style="dim")
            label.append_text(stored(post.text))
            if post.name:
                label.append_text(stored(f" — {post.name}", style="dim italic"))
            options.append(Option(label, id=str(post.id)))
        lst = self.query_one(OptionList)
        highlighted = lst.highlighted
        lst.set_options(options or [Option(Text("Køen er tom.", style="italic"), disabled=True)])
        if options:
            lst.highlighted = min(highlighted or 0, len(options) - 1)
        self.query_one("#queue-title", Static).update(f"Fra telefoner ({len(posts)})")

    def _current(self) -> PhonePost | None:
        index = self.query_one(OptionList).highlighted
        return self._posts[index] if self._posts and index is not None and index < len(self._posts) else None

    def _done(self) -> None:
        self._on_room_change()
        self.refresh_queue()
        if not self._posts:
            self.dismiss(None)  # all taken care of: back to typing

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter in the list: the list's own binding selects, which takes the text in
        self.action_take_in()

    def action_take_in(self) -> None:
        if (post := self._current()) is not None:
            self._accept(post.id)

    def action_take_in_cell(self, cell: int) -> None:
        from digiworkshop.rules.brainstorm import CELLS

        post = self._current()
        if post is None:
            return
        if post.target != "note":
            self.notify("Et svar til evalueringen har intet felt i gitteret.", severity="warning", timeout=3)
            return
        perspective, kind = CELLS[cell]
        self._accept(post.id, perspective=perspective, kind=kind)

    def _accept(self, post_id: int, **changes: str) -> None:
        if _guarded(self, lambda: self.app.store.accept_post(post_id, **changes))[0]:  # type: ignore[attr-defined]
            self._done()

    @work
    async def action_edit(self) -> None:
        """Correct the text before it is taken in (Esc in the prompt: it stays in the queue)."""
        post = self._current()
        if post is None:
            return
        text = await self.app.push_screen_wait(TextPrompt("Ret teksten fra telefonen", label=post_place(
            self.app.guide, post), value=post.text))  # type: ignore[attr-defined]
        if text is not None:
            self._accept(post.id, text=text)

    def action_drop(self) -> None:
        if (post := self._current()) is not None:
            if _guarded(self, lambda: self.app.store.drop_post(post.id))[0]:  # type: ignore[attr-defined]
                self._done()

    def action_close(self) -> None:
        self.dismiss(None)


def queue_size(app, workshop_id: int) -> int:  # noqa: ANN001
    """How many texts from phones wait for the facilitator (0 when it cannot be read now)."""
    try:
        return len(app.store.queued_posts(workshop_id))
    except Exception:  # noqa: BLE001 - a busy database: shown at the next change
        return 0


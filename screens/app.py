"""The Textual App: wires the store, the guide, themes, keymap and time box; behaviour lives in the screens."""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen

from digiworkshop.domain import WorkshopSummary
from digiworkshop.timebox import TimeBox

from . import themes
from .commands import CommandScreen
from .help import HelpScreen
from .keymap import app_bindings, keys_path, read_keymap
from .safe_text import ControlFilter, visible
from .textual_internals import BothCaseKeys, DanishCommandPalette
from .widgets.timebox import TimeBoxDigits, TimeBoxLabel
from .workshop_list import WorkshopListScreen

if TYPE_CHECKING:  # the store (SQLAlchemy, SQLModel) and the guide (pydantic) load after the first paint
    from digiworkshop.guide import Guide
    from digiworkshop.store import Store

TICK_SECONDS = 0.5


class DigiWorkshopApp(BothCaseKeys, App):
    """digiworkshop: the Trin for trin guide in the room."""

    CSS_PATH = "app.tcss"
    TITLE = "digiworkshop"
    ENABLE_COMMAND_PALETTE = True
    # The palette's commands come from each screen (Danish names); Textual's English system commands are left out.
    COMMANDS = set()
    BINDINGS = [
        Binding("ctrl+q", "quit", "Afslut", id="app.quit", show=False, priority=True),
        Binding("ctrl+p", "command_palette", "Kommandoer", id="app.palette", show=False, priority=True),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(
        self,
        store: Store | None = None,
        *,
        database: str | None = None,
        guide: Guide | None = None,
        open_workshop_id: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        """With a `store`, the app uses it. Without one, the app paints the workshop list first and opens
        the store named by `database` (a file or URL; None: DIGIWORKSHOP_DB or the default file) and
        loads the guide in the background; a failure ends the app with `start_error` set."""
        super().__init__()
        self._store = store
        self._database = database
        self._store_opened = asyncio.Event()
        self._guide = guide
        if store is not None:
            self._store_opened.set()
            if guide is None:
                self._guide = self.guide
        self.start_error: BaseException | None = None
        self._open_workshop_id = open_workshop_id
        self.timebox = TimeBox(clock)
        # What day it is for the app (the review is offered once per meeting day); a test passes another day.
        self.today = today
        self.user_keymap: dict[str, str] = {}
        for theme in themes.THEMES:
            self.register_theme(theme)
        self.theme = themes.LIGHT
        self._control_filter = ControlFilter()

    def get_line_filters(self) -> list[LineFilter]:
        """Textual's filters, then the one that keeps control characters from the terminal (screens/safe_text.py)."""
        return [*super().get_line_filters(), self._control_filter]

    def format_title(self, title: str, sub_title: str):  # noqa: ANN201 - Textual's Content
        """Textual's Header (the review screen's) shows the workshop's title as stored: visible."""
        return super().format_title(visible(title), visible(sub_title))

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """A notification, its control characters made visible: messages quote stored text (a deleted note,
        an undone change, an error naming a record), and every notification of every screen passes here.
        Markup is off unless a caller asks for it: a theme called «[red]x» is shown as typed."""
        super().notify(visible(message), title=visible(title), severity=severity, timeout=timeout, markup=markup)

    def push_screen(self, screen, callback=None, wait_for_dismiss=False, **kwargs):  # noqa: ANN001, ANN003, ANN201
        """Textual's push_screen, except that a dialog never opens on top of the same dialog: keys typed
        faster than a dialog appears (a sentence typed into a table by mistake: its `e`, its `a`) would
        each open another. The second one is not pushed; whoever waits for its answer gets None (no)."""
        if isinstance(screen, ModalScreen) and type(self.screen) is type(screen):
            answered = asyncio.get_running_loop().create_future()
            answered.set_result(None)
            return answered
        return super().push_screen(screen, callback, wait_for_dismiss=wait_for_dismiss, **kwargs)

    def get_default_screen(self) -> WorkshopListScreen:
        # The list is the bottom of the stack itself, not pushed onto an empty default screen: one
        # screen less to build and paint before the first frame the user sees.
        return WorkshopListScreen()

    def on_mount(self) -> None:
        self.load_keymap()
        self.set_interval(TICK_SECONDS, self.tick_timebox)
        if self._store is None:
            # The list is on screen before the store is imported. Not at once after the first refresh:
            # the store's imports hold the GIL for most of a second, and the thread that writes the first
            # frame to a real terminal would wait for them (bench/bench_startup_tmux.py).
            self.call_after_refresh(self.set_timer, 0.05, self._open_store)
        else:
            self._store_ready()

    # --- the store ----------------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        """The open store (screens that need it before it is open await `wait_for_store`)."""
        if self._store is None:
            raise RuntimeError("the store is not open yet")
        return self._store

    async def wait_for_store(self) -> Store:
        """The store, once it is open (at once, unless the app has only just started)."""
        await self._store_opened.wait()
        return self.store

    @property
    def guide(self) -> Guide:
        """The Trin for trin guide's texts (loaded at start-up behind the first screen)."""
        if self._guide is None:
            from digiworkshop.guide import load_guide

            self._guide = load_guide()
        return self._guide

    def phase_name(self, key: str) -> str:
        """A phase's Danish name; before the guide has loaded, read cheaply from its data file."""
        if self._guide is not None:
            return self._guide.phase_name(key)
        from digiworkshop.quick_list import read_phase_names

        return read_phase_names().get(key, "")

    @work(thread=True, exit_on_error=False, group="store")
    def _open_store(self) -> None:
        """Load the guide, open (or migrate) the store and import the workshop screen, off the UI thread."""
        try:
            from digiworkshop.guide import load_guide
            from digiworkshop.store import Store

            guide = load_guide()
            store = Store(self._database)
            # The workshop screen and its steps, so the first Enter on a workshop does not pay for them.
            from .steps.registry import view_for
            from .workshop import WorkshopScreen  # noqa: F401

            for step in guide.steps:
                view_for(step.key)
            # What is loaded by now lives as long as the app. Python's full garbage collection scans every
            # object there is, ~70 ms with all this loaded, and would fall due in the middle of opening a
            # workshop or storing a note. Collect once now, while the room looks at the list, and leave
            # what is left out of all later collections (bench/bench_open.py).
            gc.collect()
            gc.freeze()
        except BaseException as exc:  # noqa: BLE001 - told on the command line after the app has ended
            self.call_from_thread(self._start_failed, exc)
            return
        self.call_from_thread(self._store_arrived, guide, store)

    def _start_failed(self, exc: BaseException) -> None:
        self.start_error = exc
        self.exit(return_code=1)

    def _store_arrived(self, guide: Guide, store: Store) -> None:
        self._guide = guide
        self._store = store
        self._store_ready()
        for screen in self.screen_stack:  # the list may be under a prompt opened meanwhile
            if isinstance(screen, WorkshopListScreen):
                screen.refresh_list()

    def _store_ready(self) -> None:
        self._store_opened.set()
        if self.store.backup_path:
            self.notify(f"Databasen er opdateret. En kopi af den gamle fil ligger her: {self.store.backup_path}",
                        markup=False, timeout=10)
        if self._open_workshop_id is not None:
            self.open_workshop(self._open_workshop_id)

    def workshop_list(self) -> list[WorkshopSummary] | None:
        """The workshop list: from the store, or read cheaply while it opens (None: not yet known)."""
        if self._store is not None:
            return self._store.list_workshops()
        from digiworkshop.paths import database_url
        from digiworkshop.quick_list import read_workshop_list

        return read_workshop_list(database_url(self._database))

    # --- keys ---------------------------------------------------------------------------------------

    def load_keymap(self) -> None:
        """Apply keys.toml; problems are told in Danish and the default keys stay."""
        path = keys_path()
        result = read_keymap(path, app_bindings())
        self.user_keymap = result.keymap
        self.set_keymap(result.keymap)
        if result.problems:
            self.notify("\n".join(result.problems), title="Tastefilen", severity="warning", markup=False,
                        timeout=15)

    def action_help(self) -> None:
        """Show the keys of the current screen (F1 / ?)."""
        screen = self.screen
        if not isinstance(screen, CommandScreen):
            return
        self.push_screen(HelpScreen(screen.help_title(), screen.commands(), keys_path()))

    def action_help_quit(self) -> None:
        self.notify("Tryk Ctrl+Q for at afslutte.", timeout=4)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(DanishCommandPalette(placeholder="Skriv en kommando, fx «næste trin» …",
                                            id="--command-palette"))

    def get_key_display(self, binding: Binding) -> str:
        """Keys as Danish users read them (F1, ^E, PgDn, Esc); the footer's short form."""
        from .commands import key_display

        return binding.key_display or key_display(binding.key, short=True)

    # --- themes -------------------------------------------------------------------------------------

    def action_cycle_theme(self) -> None:
        """Light → dark → projector → light."""
        self.theme = themes.next_theme(self.theme)
        self.notify(f"Tema: {themes.NAMES.get(self.theme, self.theme)}", timeout=2)

    # --- time box -----------------------------------------------------------------------------------

    def start_timebox(self, seconds: float, label: str) -> None:
        """Start the room's countdown (0 seconds stops it)."""
        if seconds <= 0:
            self.timebox.stop()
            self.notify("Tidsrammen er stoppet.", timeout=3)
        else:
            self.timebox.start(seconds, label)
            self.notify(Text(f"Tidsramme startet: {self.timebox.display()} ({label})").plain, markup=False,
                        timeout=3)
        self.show_timebox()

    def toggle_timebox(self) -> None:
        """Pause or resume the countdown."""
        if self.timebox.state == "idle":
            self.notify("Der kører ingen tidsramme. Start en med Ctrl+T.", timeout=3)
            return
        self.timebox.toggle_pause()
        self.show_timebox()

    def tick_timebox(self) -> None:
        """Called twice a second: re-draw the countdown; at zero, tell the room once (capture goes on)."""
        if self.timebox.check_expiry():
            self.bell()
            self.notify(f"Tiden er gået for {self.timebox.label}. I kan skrive videre.", title="Tidsramme",
                        severity="warning", markup=False, timeout=10)
        if self.timebox.state != "idle":
            self.show_timebox()

    def show_timebox(self) -> None:
        """Re-draw every countdown on the current screen."""
        for widget in self.screen.query("TimeBoxLabel, TimeBoxDigits"):
            if isinstance(widget, (TimeBoxLabel, TimeBoxDigits)):
                widget.show_box(self.timebox)

    # --- workshops ----------------------------------------------------------------------------------

    def open_workshop(self, workshop_id: int, step_index: int | None = None) -> None:
        """Show a workshop at a step (None: where it was left; the store must be open). When actions from earlier meetings are still
        open, the review of them is offered first, over the screen the workshop was opened from: the
        question is there at once, and the workshop is built once, behind the review if it is taken."""
        from .review import ReviewOffer, ReviewScreen, review_offered, review_question
        from .workshop import WorkshopScreen

        today = self.today()
        question = review_question(self.screen, workshop_id, today)
        if question is None:
            self.push_screen(WorkshopScreen(workshop_id, step_index))
            return

        def answered(review: bool | None) -> None:
            if review is None:
                return  # Esc on the offer: the workshop is not opened after all
            review_offered(self, workshop_id, today)  # answered: not offered again today
            self.push_screen(WorkshopScreen(workshop_id, step_index))
            if review:
                self.push_screen(ReviewScreen(workshop_id, today=today))

        self.push_screen(ReviewOffer(question), answered)

    async def action_quit(self) -> None:
        """Store what is typed in the open step before leaving."""
        from .widgets.fields import save_drafts

        for screen in self.screen_stack:
            if isinstance(screen, CommandScreen):
                screen.flush()
            save_drafts(screen)  # also a capture line on a screen of its own (a trial's evaluation window)
        self.exit()

"""The one-line bar at the top: the workshop's title and step (as typed, no markup), whether phones are on,
and the time box."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from ..safe_text import stored
from .timebox import TimeBoxLabel


class TopBar(Horizontal):
    """Replaces Textual's Header: shorter, and with room for the countdown on the right."""

    _phones_shown: int | None = None  # the count "Telefoner: N" shows

    def compose(self) -> ComposeResult:
        yield Static("", id="topbar-title")
        yield Static("", id="topbar-phones")
        yield TimeBoxLabel("", id="topbar-timer")

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._retitle)
        self.watch(self.app, "sub_title", self._retitle)
        self.query_one(TimeBoxLabel).show_box(self.app.timebox)

    def _retitle(self, _value: str = "") -> None:
        text = stored(self.app.title, style="bold")  # the workshop's title, as stored
        if self.app.sub_title:
            text.append(" · ")
            text.append(stored(self.app.sub_title))
        self.query_one("#topbar-title", Static).update(text)

    def show_phones(self, phones: int | None) -> None:
        """"Telefoner: 3" while phones are on (None: off, nothing shown)."""
        label = self.query_one("#topbar-phones", Static)
        label.display = phones is not None
        # Asked after every burst of phones' notes: an update re-lays out the screen, so only a new count.
        if phones is not None and phones != self._phones_shown:
            self._phones_shown = phones
            label.update(f"Telefoner: {phones}")

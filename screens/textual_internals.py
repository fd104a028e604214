"""Every place the app leans on a Textual (or rich) internal, with the reason beside it.

Moving to the next Textual major is a change here: each name below is private (leading underscore, a
private module, or an undocumented hook) and may change without notice. The rest of screens/ uses only
what this module exports. tests/test_architecture.py holds that no other module reaches in.
"""

from __future__ import annotations

from rich._wrap import divide_line  # noqa: F401 - re-exported for widgets/notes.py
from rich.align import Align
from rich.text import Text
from textual import events
from textual.command import CommandList, CommandPalette
from textual.widgets import Footer
from textual.widgets._select import SelectOverlay
from textual.widgets.option_list import Option
from textual.widgets._footer import FooterKey  # noqa: F401 - re-exported for widgets/footer.py

__all__ = ["BothCaseKeys", "DanishCommandPalette", "FooterKey", "KeepWrappedLines", "TextAreaKeys", "divide_line",
           "mark_footer_bindings_ready"]

# divide_line: rich's own line breaking (what Textual wraps by). widgets/notes.py counts a note's wrapped
# lines with it, for the few notes that are not all one-cell characters, so the count matches Textual's.

# FooterKey: the footer's key widget (textual.widgets._footer). widgets/footer.py starts each bound key
# as compact as the footer is, instead of letting it be restyled twice per key per rebuild.


def mark_footer_bindings_ready(footer: Footer) -> None:
    """Footer.bindings_changed sets `_bindings_ready` before it recomposes; QuietFooter overrides
    bindings_changed (to rebuild only when the keys on show change) and must set it the same way, or
    Footer.compose draws nothing."""
    footer._bindings_ready = True  # type: ignore[attr-defined]


class KeepWrappedLines:
    """Mixin for an OptionList that keeps its wrapped lines while its width stays the same.

    Wrapping every note of a brainstorm cell costs ~0.1 ms a note. OptionList wraps them all again on
    every Resize (`_on_resize` clears `_line_cache`), and a cell gets one after its first paint even though
    its width has not changed (the scroll bar's column is reserved: `scrollbar-gutter: stable`). Here
    `_update_lines` notes the width the lines were built for, and a Resize to the same width is ignored.
    """

    _wrapped_at: int | None = None  # the width the notes' line breaks were computed for

    def _update_lines(self) -> None:
        building = not self._line_cache.lines  # type: ignore[attr-defined]
        super()._update_lines()  # type: ignore[misc]
        if building and self._line_cache.lines:  # type: ignore[attr-defined]
            self._wrapped_at = self.scrollable_content_region.width  # type: ignore[attr-defined]

    def _on_resize(self, event: events.Resize) -> None:
        if self._line_cache.lines and self._wrapped_at == self.scrollable_content_region.width:  # type: ignore[attr-defined]
            event.prevent_default()  # OptionList's handler would throw the line breaks away


class TextAreaKeys:
    """Mixin for a TextArea that stores on Enter and on leaving (FieldArea).

    TextArea inserts a newline on Enter in its private `_on_key`, before any binding is looked at, and
    does its own blur work in `_on_blur`; the only way to make Enter submit is to override `_on_key`. The
    subclass says what Enter and leaving mean in `enter_pressed` and `left`.
    """

    def enter_pressed(self) -> None:
        """Enter in the area (the subclass posts its Submitted)."""

    def left(self) -> None:
        """The area lost the focus (the subclass posts its Submitted)."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.prevent_default()
            event.stop()
            self.enter_pressed()
            return
        await super()._on_key(event)  # type: ignore[misc]

    def _on_blur(self, event: events.Blur) -> None:
        # Not passed on to TextArea's own blur handling: that is how FieldArea has always behaved.
        self.left()


# SelectOverlay (textual.widgets._select): the open list of a Select binds Esc with the English footer
# text "Dismiss menu". Its class BINDINGS are merged when the class is made, so the Danish text is set
# here once (this module is imported before any screen is shown) and merged again.
SelectOverlay.BINDINGS = [("escape", "dismiss", "Luk listen")]
SelectOverlay._merged_bindings = SelectOverlay._merge_bindings()  # type: ignore[attr-defined]


class DanishCommandPalette(CommandPalette):
    """Textual's command palette, with its one English line ("No matches found") in Danish.

    `_start_no_matches_countdown`, `_no_matches_timer`, `_list_visible` and `_NO_MATCHES` are the
    palette's private names (textual/command.py); the body below is Textual's own with the text changed.
    """

    NO_MATCHES = "Ingen kommandoer passer"

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def _show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(self.NO_MATCHES, style="not bold")), disabled=True,
                           id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, _show_no_matches)


def lowercase_twin(key: str) -> str | None:
    """The lower-case letter key an upper-case one stands for ("N" or "shift+n" → "n"), else None."""
    if len(key) == 1 and "A" <= key <= "Z":
        return key.lower()
    if key.startswith("shift+") and len(key) == 7 and "a" <= key[-1] <= "z":
        return key[-1]
    return None


class BothCaseKeys:
    """Mixin for the App: a letter key works in both cases (the UI shows keys in capitals, and Caps Lock
    must not silence the app).

    Textual looks a key up in `App._check_bindings`, once for priority bindings (before the focused widget
    sees the key) and once for the rest (after it let the key through). Here a capital letter that no
    binding claims is looked up again as its lower-case letter. One place for every binding, the user's
    keymap included, and the footer does not show each key twice. A text field still types the capital:
    Input stops a printable key before the non-priority lookup, and no priority binding is a plain letter.
    """

    async def _check_bindings(self, key: str, priority: bool = False) -> bool:
        if await super()._check_bindings(key, priority):  # type: ignore[misc]
            return True
        twin = lowercase_twin(key)
        return twin is not None and await super()._check_bindings(twin, priority)  # type: ignore[misc]

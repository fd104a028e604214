"""Stored text on its way to the screen: shown with its control characters visible, never obeyed.

Text from the store, an imported file or a phone may hold ESC, CSI, OSC or C1 controls that a terminal
would obey (set its title, write the clipboard with OSC 52, clear the screen); Textual passes them on.
Every widget that shows such text builds it with `stored()` (or runs the string through `visible()`),
which shows them as symbols (␛, ␇, ‹9B›). Behind that, `ControlFilter` is the last line: it removes
any control character still left in what a widget paints (text being edited in an Input or TextArea,
or a place that was missed), so nothing from the data can reach the terminal as a command.
Standard library, rich and Textual's public API only: the first screen imports this module.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.color import Color
from textual.filter import LineFilter

from digiworkshop.text import one_line, visible

__all__ = ["ControlFilter", "one_line", "stored", "visible"]


def stored(text: str | None, style: str = "") -> Text:
    """Text from the store as a widget shows it: control characters visible, never parsed as markup."""
    return Text(visible(text), style=style)


# What the filter removes: every C0 control, DEL and the C1 controls. Rich measures each of them as
# zero cells wide, so removing them leaves every line exactly as wide as Textual laid it out.
_REMOVE = dict.fromkeys([*range(0x20), 0x7F, *range(0x80, 0xA0)])


class ControlFilter(LineFilter):
    """Removes control characters from every painted line (the app's last line of defence).

    Input and TextArea paint the text being edited as it is, and stored text loaded into one for editing
    must stay exact (the facilitator edits the real text; a field left unchanged is not written back),
    so there the controls are removed on the way to the terminal instead of being shown as symbols.
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """The segments without control characters (the same list when there are none: the common case)."""
        for segment in segments:
            if not segment.text.isprintable():
                break
        else:
            return segments
        cleaned = []
        for segment in segments:
            text = segment.text
            if not text.isprintable():
                text = text.translate(_REMOVE)
                if not text:
                    continue
                segment = Segment(text, segment.style, segment.control)
            cleaned.append(segment)
        return cleaned

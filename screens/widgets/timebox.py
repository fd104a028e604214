"""The time box on screen: a one-line label in the top bar and large digits in presentation mode."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Digits, Static

from digiworkshop.timebox import IDLE, PAUSED, TimeBox


def _state_classes(widget: Static | Digits, box: TimeBox) -> None:
    widget.display = box.state != IDLE
    widget.set_class(box.state == PAUSED, "-paused")
    widget.set_class(box.expired, "-expired")


class TimeBoxLabel(Static):
    """``Tid 09:58`` beside the title; ``Pause``, and ``Tiden er gået +00:12`` at zero (never hides the capture)."""

    def show_box(self, box: TimeBox) -> None:
        """Re-draw from the time box's current state."""
        _state_classes(self, box)
        if box.state == IDLE:
            return
        if box.expired:
            prefix = "Tiden er gået "
        elif box.state == PAUSED:
            prefix = "Pause "
        else:
            prefix = "Tid "
        self.update(Text(f" {prefix}{box.display()} "))


class TimeBoxDigits(Digits):
    """The countdown in large digits for the room (presentation mode)."""

    def show_box(self, box: TimeBox) -> None:
        """Re-draw from the time box's current state."""
        _state_classes(self, box)
        if box.state != IDLE:
            self.update(box.display())

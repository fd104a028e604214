"""A keyboard picker: choose one of a few labelled values from a list (Enter), or Esc to keep."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from digiworkshop.text import has_controls

from ..safe_text import stored


class ChoicePicker(ModalScreen[str | None]):
    """Pick one value; the current one is highlighted. Dismisses with the value's key, or None."""

    DEFAULT_CSS = """
    ChoicePicker OptionList { height: auto; max-height: 20; }
    """

    BINDINGS = [Binding("escape", "cancel", "Fortryd", id="picker.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, Text | str]], current: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(stored(self.title_text), classes="dialog-title")
            yield OptionList(*(Option(shown_label(label), id=key) for key, label in self.choices), id="picker")
            yield Static("Enter: vælg · Esc: fortryd", classes="dialog-hint")

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        keys = [key for key, _ in self.choices]
        picker.highlighted = keys.index(self.current) if self.current in keys else 0
        picker.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def shown_label(label: Text | str) -> Text:
    """A choice as the list shows it: choices name stored things (trials, notes), so control characters
    are made visible; a styled label that holds any is shown plain rather than with its spans misplaced."""
    if isinstance(label, str):
        return stored(label)
    return label if not has_controls(label.plain) else stored(label.plain, style=str(label.style))

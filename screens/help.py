"""The help screen (F1 or ?): the keys of the screen it was opened on, read from the live bindings."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from .commands import PaletteCommand
from .safe_text import stored


def keys_table(commands: list[PaletteCommand]) -> Table:
    """The commands as a two-column table grouped by where they apply (key, Danish description)."""
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column("Tast", no_wrap=True, style="bold", ratio=None)
    table.add_column("Gør", ratio=1)
    section = None
    for command in commands:
        if command.section != section:
            if section is not None:
                table.add_row("", "")
            section = command.section
            table.add_row(Text(section, style="bold underline"), "")
        table.add_row(Text(command.keys), Text(command.name, style="" if command.enabled else "dim"))
    return table


class HelpScreen(ModalScreen[None]):
    """Hjælp: every key of the current screen with its Danish description, and where to remap them."""

    HELP_SECTION = "Hjælp"
    BINDINGS = [Binding("escape,f1,q", "close", "Luk hjælpen", id="help.close")]

    def __init__(self, title: str, commands: list[PaletteCommand], keys_file: Path) -> None:
        super().__init__()
        self.title_text = title
        self.commands = commands
        self.keys_file = keys_file

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help-dialog"):
            yield Static(stored(f"Hjælp · {self.title_text}"), classes="dialog-title")  # the workshop's title
            with VerticalScroll(id="help-keys"):
                yield Static(keys_table(self.commands), id="help-table")
                footnote = Text()
                footnote.append("\nAlle handlinger findes også i kommandopaletten (Ctrl+P): skriv en del af navnet.\n")
                footnote.append("Taster kan ændres i ")
                footnote.append(str(self.keys_file), style="bold")
                footnote.append(" (se README).")
                yield Static(footnote, classes="hint")
            yield Static("Esc, F1 eller Q: luk", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#help-keys").focus()

    def action_close(self) -> None:
        self.dismiss(None)

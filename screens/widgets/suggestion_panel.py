"""4b's proposals, one at a time: likely duplicates to merge and groups to gather under a theme.

The panel shows the proposal the step gives it (`show`): what kind it is, its notes (stored text through
visible(), never markup), their cell, and where it is in the list ("Forslag 2 af 7"). Its keys post
KeyActs (accept, reject, drop a note, rename, next, previous, across perspectives, close) that the step
runs: the panel never writes to the store and never decides what comes next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from digiworkshop.text import count_da

from ..safe_text import visible
from .acts import PostsActs
from .notes import NotePrompt, cell_title

if TYPE_CHECKING:
    from digiworkshop.models import Note
    from digiworkshop.rules.suggest import Suggestion

DUPLICATE_TITLE = "Siger det samme – læg sammen"
THEME_TITLE = "Hører sammen – tema: "
NO_SUGGESTIONS = "Ingen forslag – noterne ligner ikke hinanden nok"
KEEP_MARK = "● bliver: "


class SuggestionNotes(PostsActs, OptionList):
    """The notes of the proposal shown; its keys act on the proposal (X on the highlighted note)."""

    BINDINGS = [
        Binding("enter", "act('accept_suggestion')", "Godtag", id="suggest.accept"),
        Binding("n,delete", "act('reject_suggestion')", "Afvis", id="suggest.reject"),
        Binding("x", "act('drop_from_suggestion')", "Tag noten ud", id="suggest.drop"),
        Binding("r", "act('rename_suggestion')", "Omdøb", id="suggest.rename"),
        Binding("right", "act('step_suggestion', 1)", "Næste forslag", id="suggest.next"),
        Binding("left", "act('step_suggestion', -1)", "Forrige forslag", show=False, id="suggest.previous"),
        Binding("p", "act('toggle_across')", "På tværs", id="suggest.across",
                tooltip="Forslag på tværs af perspektiver (til/fra)"),
        Binding("escape", "act('close_suggestions')", "Luk forslag", id="suggest.close"),
    ]

    def highlighted_note(self) -> int | None:
        """The highlighted note's id (None on an empty list)."""
        if self.highlighted is None or not self.option_count:
            return None
        ident = self.get_option_at_index(self.highlighted).id or ""
        return int(ident[1:]) if ident.startswith("n") else None


class SuggestionPanel(Vertical):
    """The proposal being looked at, above the board. Hidden until the step opens it."""

    DEFAULT_CSS = """
    SuggestionPanel { display: none; height: auto; max-height: 50%; border: round $accent; padding: 0 1; }
    SuggestionPanel.-open { display: block; }
    SuggestionPanel #sug-title { height: auto; }
    SuggestionPanel #sug-notes { height: auto; max-height: 12; border: none; padding: 0; }
    SuggestionPanel #sug-keys { height: auto; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="sug-title")
        yield SuggestionNotes(id="sug-notes")
        yield Static(id="sug-keys")

    def show_waiting(self, across: bool) -> None:
        """Open, saying that the proposals are being computed."""
        self.add_class("-open")
        self.border_title = "Forslag"
        self.query_one("#sug-title", Static).update(Text("Finder forslag …", style="bold"))
        self.query_one(SuggestionNotes).clear_options()
        self._keys(across, empty=True)

    def show(self, suggestion: Suggestion | None, place: int, total: int, notes: dict[int, Note], guide,  # noqa: ANN001
             *, across: bool) -> None:
        """Show proposal `place` (from 1) of `total`, or that there is none; the cursor goes to its first
        note (or stays on the note it was on, when that note is still in it)."""
        self.add_class("-open")
        title = self.query_one("#sug-title", Static)
        board = self.query_one(SuggestionNotes)
        if suggestion is None:
            self.border_title = "Forslag"
            title.update(Text(NO_SUGGESTIONS, style="bold"))
            board.clear_options()
            self._keys(across, empty=True)
            return
        self.border_title = "Forslag"
        line = Text(f"Forslag {place} af {total} · ", style="bold")
        if suggestion.kind == "duplicate":
            line.append(DUPLICATE_TITLE, style="bold")
        else:
            line.append(THEME_TITLE, style="bold")
            line.append(visible(suggestion.name), style="bold reverse")
        cells = sorted({(notes[i].perspective, notes[i].kind) for i in suggestion.note_ids if i in notes})
        line.append("\n")
        line.append(" + ".join(cell_title(guide, p, k) for p, k in cells), style="dim")
        line.append(f" · {count_da(len(suggestion.note_ids), 'note', 'noter')}", style="dim")
        title.update(line)
        keep = board.highlighted_note()
        options = []
        for note_id in suggestion.note_ids:
            note = notes.get(note_id)
            if note is None:
                continue
            mark = ("bold ansi_green", KEEP_MARK) if suggestion.kind == "duplicate" and note_id == suggestion.keep_id \
                else ("", "• ")
            options.append(Option(NotePrompt.assemble((mark[1], mark[0]), visible(note.text), strip_control_codes=False),
                                  id=f"n{note_id}"))
        board.set_options(options)
        ids = [o.id for o in options]
        board.highlighted = ids.index(f"n{keep}") if f"n{keep}" in ids else 0
        self._keys(across, empty=False, duplicate=suggestion.kind == "duplicate")

    def close(self) -> None:
        """Hide the panel (the board is what the facilitator sees again)."""
        self.remove_class("-open")

    def _keys(self, across: bool, *, empty: bool, duplicate: bool = False) -> None:
        switch = f"P på tværs af perspektiver: {'til' if across else 'fra'}"
        if empty:
            hint = f"{switch} · Esc luk"
        else:
            accept = "Enter læg sammen" if duplicate else "Enter opret tema"
            hint = f"{accept} · N/Delete afvis · X tag noten ud · R omdøb · →/← næste/forrige · {switch} · Esc luk"
        self.query_one("#sug-keys", Static).update(Text(hint))

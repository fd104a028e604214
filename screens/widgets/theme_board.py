"""The theme board of 4b: every note, grouped by cell and theme (or ranked by votes), in one virtualised
list. Its keys post KeyActs (group, merge, vote, mark central …) that the step runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.widgets.option_list import Option

from digiworkshop.rules.brainstorm import CELLS
from digiworkshop.rules.systematisation import rank
from digiworkshop.text import count_da

from ..safe_text import one_line, visible
from .notes import NotePrompt, cell_title
from .record_list import RecordList

if TYPE_CHECKING:
    from digiworkshop.models import Note, Theme

CENTRAL = "★"
MERGE_TARGET_WIDTH = 30  # characters of the merge target's text on the status line


def vote_tally(per_participant: int, participants: int, given: int, selected: int, ranking: bool,
               merge_into: str | None = None) -> Text:
    """The line above the board: the votes the room has and has given, how many notes are selected and,
    when `m` would merge them (`merge_into`: the highlighted note's text), which note they go into."""
    tally = Text(f"Stemmer: {per_participant} pr. deltager")
    if participants:
        tally.append(f" × {participants} = {per_participant * participants}")
    tally.append(f" · givet {given}")
    if selected:
        tally.append(f" · valgt {selected}", style="bold")
        if merge_into is not None:
            # Said before `m` is pressed, so the facilitator sees which note stays.
            tally.append(" · M lægger dem sammen i ")
            tally.append(f"«{visible(one_line(merge_into, MERGE_TARGET_WIDTH))}»", style="bold")
    tally.append(" · rangeret" if ranking else "", style="bold")
    return tally


class ThemeBoard(RecordList):
    """The notes and themes of 4b (option ids "n<note>", "t<theme>", "h<cell>" for a cell's heading);
    keys act on the highlighted line or the selected notes."""

    BINDINGS = [
        Binding("space", "act('toggle_select')", "Vælg", id="systematisation.select"),
        Binding("t", "act('new_theme')", "Nyt tema/del", id="systematisation.theme"),
        Binding("a", "act('add_to_theme')", "Læg i tema", id="systematisation.add"),
        Binding("n", "act('rename')", "Omdøb", id="systematisation.rename"),
        Binding("u", "act('ungroup')", "Opløs/tag ud", id="systematisation.ungroup"),
        Binding("m", "act('merge')", "Læg sammen", id="systematisation.merge"),
        Binding("v", "act('ask_votes')", "Stemmer", id="systematisation.votes"),
        Binding("plus", "act('bump', 1)", "+1", show=False, id="systematisation.plus"),
        Binding("minus", "act('bump', -1)", "-1", show=False, id="systematisation.minus"),
        Binding("c", "act('toggle_central')", "Central", id="systematisation.central"),
        Binding("o", "act('toggle_order')", "Rangering", id="systematisation.order"),
        Binding("slash,f", "act('focus_filter')", "Filtrér", id="systematisation.filter"),
        Binding("p", "act('ask_votes_per_participant')", "Stemmer pr. deltager", show=False, id="systematisation.per_participant"),
    ]

    def show(self, notes: list[Note], themes: list[Theme], history: dict[int, list[str]], *, needle: str,
             selected: list[int], ranking: bool) -> None:
        """Redraw the board (notes matching `needle` only), keeping the highlighted line where it can."""
        keep = self.highlighted_id()
        options = (self._ranked(notes, themes, needle, selected) if ranking
                   else self._grouped(notes, themes, needle, history, selected))
        if not self.show_records(options, keep) and options:
            self.highlighted = next((i for i, o in enumerate(options) if not o.disabled), None)
        self.border_title = Text(f"{count_da(len(notes), 'note', 'noter')} · {count_da(len(themes), 'tema', 'temaer')}")

    def current(self) -> tuple[str, int] | None:
        """("n", note id) or ("t", theme id) for the highlighted line; None on a heading or an empty board."""
        ident = self.highlighted_id() or ""
        if ident[:1] in ("n", "t"):
            return ident[0], int(ident[1:])
        return None

    def _note_line(self, note: Note, indent: str, history: dict[int, list[str]], selected: list[int]) -> NotePrompt:
        # A NotePrompt, as in the brainstorm's cells: the board measures every note's wrapped height
        # before it is painted, and a rich Text would first be converted and then fully wrapped.
        parts: list[str | tuple[str, str]] = [indent, ("✓ " if note.id in selected else "  ", "bold ansi_green")]
        if note.central:
            parts.append((f"{CENTRAL} ", "bold ansi_yellow"))
        if note.votes:
            parts.append((f"[{note.votes}] ", "bold"))
        parts.append(visible(note.text))
        for older in history.get(note.id, []):
            parts += [(f"\n{indent}    ↳ også: ", "dim"), (visible(older), "dim italic")]
        return NotePrompt.assemble(*parts, strip_control_codes=False)

    def _grouped(self, notes: list[Note], themes: list[Theme], needle: str, history: dict[int, list[str]],
                 selected: list[int]) -> list[Option]:
        def hit(note: Note) -> bool:
            return not needle or needle in note.text.casefold() or any(
                needle in h.casefold() for h in history.get(note.id, []))

        members: dict[int, list[Note]] = {}
        for note in notes:
            if note.theme_id is not None:
                members.setdefault(note.theme_id, []).append(note)
        guide = self.app.guide  # type: ignore[attr-defined]
        options: list[Option] = []
        for i, (perspective, kind) in enumerate(CELLS):
            cell_themes = [t for t in themes if (t.perspective, t.kind) == (perspective, kind)]
            loose = [n for n in notes if n.theme_id is None and (n.perspective, n.kind) == (perspective, kind)]
            lines: list[Option] = []
            for theme in cell_themes:
                inside = members.get(theme.id, [])
                shown = inside if not needle or needle in theme.name.casefold() else [n for n in inside if hit(n)]
                if needle and not shown and needle not in theme.name.casefold():
                    continue
                score = theme.votes + sum(n.votes for n in inside)
                label = Text("▸ ", style="bold")
                if theme.central:
                    label.append(f"{CENTRAL} ", style="bold yellow")
                if score:
                    label.append(f"[{score}] ", style="bold")
                label.append(visible(theme.name), style="bold")
                label.append(f"  ({count_da(len(inside), 'note', 'noter')})", style="dim")
                lines.append(Option(label, id=f"t{theme.id}"))
                lines += [Option(self._note_line(n, "    ", history, selected), id=f"n{n.id}") for n in shown]
            lines += [Option(self._note_line(n, "", history, selected), id=f"n{n.id}") for n in loose if hit(n)]
            if lines or not needle:
                heading = Text(f"{cell_title(guide, perspective, kind)}", style="bold underline")
                options.append(Option(heading, id=f"h{i}", disabled=True))
                options += lines
        return options

    def _ranked(self, notes: list[Note], themes: list[Theme], needle: str, selected: list[int]) -> list[Option]:
        guide = self.app.guide  # type: ignore[attr-defined]
        options = []
        for place, item in enumerate(rank(notes, themes), start=1):
            if needle and needle not in item.title.casefold() and not any(needle in t.casefold() for t in item.note_texts):
                continue
            label = Text(f"{place:>3}. ", style="bold")
            label.append(f"[{item.votes}] ", style="bold")
            if item.central:
                label.append(f"{CENTRAL} ", style="bold yellow")
            if item.note_id in selected:
                label.append("✓ ", style="bold green")
            label.append(visible(item.title), style="bold" if item.theme_id else "")
            label.append(f"  {cell_title(guide, item.perspective, item.kind)}", style="dim")
            ident = f"t{item.theme_id}" if item.theme_id else f"n{item.note_id}"
            options.append(Option(label, id=ident))
        return options

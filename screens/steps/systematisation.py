"""Step 4b, Systematisering og analyse: themes, merged duplicates, dot votes and the central marks.

One virtualised list holds every note, grouped by cell and theme (or ranked by votes). Keys act on the
highlighted line or on the notes selected with Space; a filter narrows the list as you type.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from digiworkshop.rules.brainstorm import CELLS
from digiworkshop.rules.systematisation import rank, votes_given
from digiworkshop.domain import InputError
from digiworkshop.models import Note, Theme

from ..messages import report_error
from ..safe_text import visible
from ..widgets.notes import NotePrompt, cell_title
from ..widgets.acts import KeyAct, PostsActs, run_act
from ..presentation import PresentationBlock, bullet
from .base import StepView

CENTRAL = "★"


class ThemeBoard(PostsActs, OptionList):
    """The notes and themes of 4b; keys act on the highlighted line or the selected notes."""

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


class SystematisationStep(StepView):
    """4b: group, merge, vote, mark the central ones."""

    DEFAULT_CSS = """
    SystematisationStep #sys-info { height: 1; padding: 0 1; }
    SystematisationStep #sys-board { height: 1fr; min-height: 8; border: round $primary 40%; }
    SystematisationStep #sys-board:focus { border: heavy $accent; }
    SystematisationStep #sys-prompt { display: none; }
    SystematisationStep #sys-prompt.-asking { display: block; border: tall $warning; }
    """

    BINDINGS = [Binding("ctrl+z", "undo", "Fortryd", id="systematisation.undo")]

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.selected: list[int] = []  # note ids, in the order they were selected
        self.ranking = False
        self._notes: dict[int, Note] = {}
        self._themes: dict[int, Theme] = {}
        self._version: tuple[int, str] | None = None
        self._ask: Callable[[str], bool] | None = None
        self._loaded: tuple | None = None  # what was last read from the store

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static(id="sys-info")
        yield Input(placeholder="Filtrér: skriv en del af et ord (↓ til listen)", id="sys-filter")
        yield ThemeBoard(id="sys-board")
        yield Input(id="sys-prompt")

    def on_mount(self) -> None:
        self.styles.height = "100%"
        self.styles.min_height = 18
        header = self.query_one(".step-header")
        header.styles.padding, header.styles.margin = (0, 1), (0, 0)
        header.styles.height = 1 if self.app.size.height < 36 else 4
        self.refresh_board()
        self.set_interval(1.0, self.poll)

    def focus_first(self) -> None:
        self.query_one(ThemeBoard).focus()

    # --- showing -------------------------------------------------------------------------------

    def poll(self) -> None:
        """Pick up changes from another laptop on the same store."""
        if self._ask is not None:
            return  # never redraw under a question being answered
        try:
            version = self.store.notes_version(self.workshop_id)
        except Exception:  # noqa: BLE001 - try again at the next poll
            return
        if version != self._version:
            self.refresh_board()

    def refresh_board(self, *, reread: bool = True) -> None:
        """Re-read notes and themes (unless only the filter changed) and redraw the list, keeping the
        highlighted line."""
        board = self.query_one(ThemeBoard)
        keep = None
        if board.highlighted is not None and board.option_count:
            keep = board.get_option_at_index(board.highlighted).id
        if reread or self._loaded is None:
            self._version = self.store.notes_version(self.workshop_id)
            every = self.store.list_notes(self.workshop_id, include_merged=True)
            history: dict[int, list[str]] = {}
            for merged in every:
                if merged.merged_into_id:
                    history.setdefault(merged.merged_into_id, []).append(merged.text)
            workshop = self.store.get_workshop(self.workshop_id)
            participants = len(self.store.list_participants(self.workshop_id))
            self._loaded = ([n for n in every if n.merged_into_id is None], self.store.list_themes(self.workshop_id),
                            history, workshop.votes_per_participant, participants)
        notes, themes, history, per_participant, participants = self._loaded
        self._notes = {n.id: n for n in notes}
        self._themes = {t.id: t for t in themes}
        self.selected = [i for i in self.selected if i in self._notes]
        needle = self.query_one("#sys-filter", Input).value.strip().casefold()
        options = self._ranked(notes, themes, needle) if self.ranking else self._grouped(notes, themes, needle, history)
        board.set_options(options)
        ids = [o.id for o in options]
        if keep in ids:
            board.highlighted = ids.index(keep)
        elif options:
            board.highlighted = next((i for i, o in enumerate(options) if not o.disabled), None)
        info = Text()
        info.append(f"Stemmer: {per_participant} pr. deltager")
        if participants:
            info.append(f" × {participants} = {per_participant * participants}")
        info.append(f" · givet {votes_given(notes, themes)}")
        if self.selected:
            info.append(f" · valgt {len(self.selected)}", style="bold")
        info.append(" · rangeret" if self.ranking else "", style="bold")
        self.query_one("#sys-info", Static).update(info)
        board.border_title = Text(f"{len(notes)} noter · {len(themes)} temaer")

    def _note_line(self, note: Note, indent: str, history: dict[int, list[str]]) -> NotePrompt:
        # A NotePrompt, as in the brainstorm's cells: the board measures every note's wrapped height
        # before it is painted, and a rich Text would first be converted and then fully wrapped.
        parts: list[str | tuple[str, str]] = [indent, ("✓ " if note.id in self.selected else "  ", "bold ansi_green")]
        if note.central:
            parts.append((f"{CENTRAL} ", "bold ansi_yellow"))
        if note.votes:
            parts.append((f"[{note.votes}] ", "bold"))
        parts.append(visible(note.text))
        for older in history.get(note.id, []):
            parts += [(f"\n{indent}    ↳ også: ", "dim"), (visible(older), "dim italic")]
        return NotePrompt.assemble(*parts, strip_control_codes=False)

    def _grouped(self, notes: list[Note], themes: list[Theme], needle: str,
                 history: dict[int, list[str]]) -> list[Option]:
        def hit(note: Note) -> bool:
            return not needle or needle in note.text.casefold() or any(
                needle in h.casefold() for h in history.get(note.id, []))

        members: dict[int, list[Note]] = {}
        for note in notes:
            if note.theme_id is not None:
                members.setdefault(note.theme_id, []).append(note)
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
                label.append(f"  ({len(inside)} noter)", style="dim")
                lines.append(Option(label, id=f"t{theme.id}"))
                lines += [Option(self._note_line(n, "    ", history), id=f"n{n.id}") for n in shown]
            lines += [Option(self._note_line(n, "", history), id=f"n{n.id}") for n in loose if hit(n)]
            if lines or not needle:
                heading = Text(f"{cell_title(self.guide, perspective, kind)}", style="bold underline")
                options.append(Option(heading, id=f"h{i}", disabled=True))
                options += lines
        return options

    def _ranked(self, notes: list[Note], themes: list[Theme], needle: str) -> list[Option]:
        options = []
        for place, item in enumerate(rank(notes, themes), start=1):
            if needle and needle not in item.title.casefold() and not any(needle in t.casefold() for t in item.note_texts):
                continue
            label = Text(f"{place:>3}. ", style="bold")
            label.append(f"[{item.votes}] ", style="bold")
            if item.central:
                label.append(f"{CENTRAL} ", style="bold yellow")
            if item.note_id in self.selected:
                label.append("✓ ", style="bold green")
            label.append(visible(item.title), style="bold" if item.theme_id else "")
            label.append(f"  {cell_title(self.guide, item.perspective, item.kind)}", style="dim")
            ident = f"t{item.theme_id}" if item.theme_id else f"n{item.note_id}"
            options.append(Option(label, id=ident))
        return options

    # --- what is highlighted ---------------------------------------------------------------------

    def _current(self) -> tuple[str, int] | None:
        board = self.query_one(ThemeBoard)
        if board.highlighted is None or not board.option_count:
            return None
        ident = board.get_option_at_index(board.highlighted).id or ""
        if ident[:1] in ("n", "t"):
            return ident[0], int(ident[1:])
        return None

    def _current_theme(self) -> int | None:
        current = self._current()
        if current is None:
            return None
        if current[0] == "t":
            return current[1]
        note = self._notes.get(current[1])
        return note.theme_id if note else None

    def _advance(self) -> None:
        """Highlight the next line that can be chosen (headings are skipped)."""
        board = self.query_one(ThemeBoard)
        if board.highlighted is None:
            return
        for index in range(board.highlighted + 1, board.option_count):
            if not board.get_option_at_index(index).disabled:
                board.highlighted = index
                return

    def _chosen_notes(self) -> list[int]:
        """The selected notes, or else the highlighted note."""
        if self.selected:
            return list(self.selected)
        current = self._current()
        return [current[1]] if current and current[0] == "n" else []

    def _redraw(self, _result: object = None) -> None:
        self.refresh_board()

    # --- asking for a name or a number ------------------------------------------------------------

    def ask(self, question: str, answer: Callable[[str], bool], value: str = "") -> None:
        """Show the prompt input; `answer` gets the typed text and returns True when it was stored."""
        prompt = self.query_one("#sys-prompt", Input)
        prompt.border_title = visible(question)  # may quote a theme's name
        prompt.value = value
        prompt.add_class("-asking")
        self._ask = answer
        prompt.focus()

    @on(Input.Submitted, "#sys-prompt")
    def _answered(self, event: Input.Submitted) -> None:
        event.stop()
        answer, prompt = self._ask, event.input
        if answer is None:
            return
        if event.value.strip() and not answer(event.value):
            return  # refused: the typed text stays for a correction
        self._ask = None
        prompt.value = ""
        prompt.remove_class("-asking")
        self.query_one(ThemeBoard).focus()

    @on(Input.Changed, "#sys-filter")
    def _filter_changed(self, _event: Input.Changed) -> None:
        self.refresh_board(reread=False)  # filtering is a view of what is loaded: no database trip per key

    @on(Input.Submitted, "#sys-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(ThemeBoard).focus()

    def on_key(self, event) -> None:  # noqa: ANN001
        # ↓ from the filter goes to the list (the filter keeps its text).
        if event.key == "down" and self.app.focused is self.query_one("#sys-filter", Input):
            event.stop()
            self.query_one(ThemeBoard).focus()

    # --- actions -------------------------------------------------------------------------------

    # The board's keys, by the operation their KeyAct names.
    BOARD_OPERATIONS = frozenset({"toggle_select", "new_theme", "add_to_theme", "rename", "ungroup", "merge",
                                  "ask_votes", "bump", "toggle_central", "toggle_order", "focus_filter",
                                  "ask_votes_per_participant"})

    @on(KeyAct)
    def _board_key(self, event: KeyAct) -> None:
        run_act(self, event, self.BOARD_OPERATIONS)

    def focus_filter(self) -> None:
        """/ or F on the board: type a filter."""
        self.query_one("#sys-filter", Input).focus()

    def toggle_select(self) -> None:
        current = self._current()
        if current is None or current[0] != "n":
            self.notify("Mellemrum vælger noter (ikke temaer).", timeout=3)
            return
        if current[1] in self.selected:
            self.selected.remove(current[1])
        else:
            self.selected.append(current[1])
        self.refresh_board(reread=False)
        self._advance()  # the next note, so several are chosen with Space, Space, Space

    def new_theme(self) -> None:
        notes = self._chosen_notes()
        if not notes:
            self.notify("Vælg noter med mellemrum (eller stil dig på én) og tryk t.", severity="warning", timeout=4)
            return

        def answer(name: str) -> bool:
            ok = self.write(lambda: self.store.create_theme(self.workshop_id, name=name, note_ids=notes), self._redraw, notice=f"Tema oprettet: {name}")
            if ok:
                self.selected = []
                self.refresh_board()
            return ok

        self.ask(f"Navn på nyt tema ({len(notes)} noter) – Enter", answer)

    def add_to_theme(self) -> None:
        theme_id = self._current_theme()
        notes = [n for n in self.selected if self._notes.get(n) and self._notes[n].theme_id != theme_id]
        if theme_id is None or not notes:
            self.notify("Vælg noter med mellemrum, stil dig på et tema og tryk a.", severity="warning", timeout=4)
            return
        if self.write(lambda: self.store.add_to_theme(theme_id, notes), self._redraw, notice=f"{len(notes)} noter lagt i «{self._themes[theme_id].name}»"):
            self.selected = []
            self.refresh_board()

    def rename(self) -> None:
        theme_id = self._current_theme()
        if theme_id is None:
            self.notify("Stil dig på et tema for at omdøbe det.", severity="warning", timeout=3)
            return
        self.ask("Nyt navn til temaet – Enter",
                 lambda name: self.write(lambda: self.store.rename_theme(theme_id, name), self._redraw), self._themes[theme_id].name)

    def ungroup(self) -> None:
        current = self._current()
        if current is None:
            return
        if current[0] == "t":
            name = self._themes[current[1]].name
            self.write(lambda: self.store.ungroup_theme(current[1]), self._redraw, notice=f"Temaet «{name}» er opløst; noterne er bevaret.")
        elif self._notes[current[1]].theme_id is not None:
            self.write(lambda: self.store.remove_from_theme([current[1]]), self._redraw, notice="Noten er taget ud af temaet.")

    def merge(self) -> None:
        current = self._current()
        others = [n for n in self.selected if current and n != current[1]]
        if current is None or current[0] != "n" or not others:
            self.notify("Vælg dubletten med mellemrum, stil dig på den note der skal blive, og tryk m.",
                        severity="warning", timeout=5)
            return

        def write() -> None:
            # One call: all merged or none, and one Ctrl+Z takes them all back.
            self.store.merge_notes(current[1], others)

        if self.write(write, self._redraw, notice=f"{len(others)} note(r) lagt sammen – Ctrl+Z fortryder."):
            self.selected = []
            self.refresh_board()

    def _vote_target(self) -> dict[str, int] | None:
        current = self._current()
        if current is None:
            return None
        return {"theme_id": current[1]} if current[0] == "t" else {"note_id": current[1]}

    def ask_votes(self) -> None:
        target = self._vote_target()
        if target is None:
            return
        current = self._themes.get(target["theme_id"]) if "theme_id" in target else self._notes.get(target["note_id"])

        def answer(typed: str) -> bool:
            try:
                votes = int(typed.strip())
            except ValueError:
                report_error(self, InputError("Skriv antallet af stemmer som et tal, fx 4.", "votes: a number"))
                return False
            if self.write(lambda: self.store.set_votes(votes=votes, **target), self._redraw):
                if not self.ranking:
                    self._advance()  # on to the next, so the room's tallies go in one after another
                return True
            return False

        self.ask("Stemmer (antal prikker) – Enter", answer, str(current.votes) if current and current.votes else "")

    def bump(self, delta: int) -> None:
        target = self._vote_target()
        if target is None:
            return
        current = self._themes.get(target["theme_id"]) if "theme_id" in target else self._notes.get(target["note_id"])
        self.write(lambda: self.store.set_votes(votes=max(0, current.votes + delta), **target), self._redraw)

    def ask_votes_per_participant(self) -> None:
        def answer(typed: str) -> bool:
            try:
                votes = int(typed.strip())
            except ValueError:
                report_error(self, InputError("Skriv et tal, fx 3.", "a number"))
                return False
            return self.write(lambda: self.store.set_votes_per_participant(self.workshop_id, votes), self._redraw)

        workshop = self.store.get_workshop(self.workshop_id)
        self.ask("Stemmer pr. deltager – Enter", answer, str(workshop.votes_per_participant))

    def toggle_central(self) -> None:
        current = self._current()
        if current is None:
            return
        if current[0] == "t":
            theme = self._themes[current[1]]
            self.write(lambda: self.store.set_central(theme_id=theme.id, central=not theme.central), self._redraw, notice=f"{'Central' if not theme.central else 'Ikke længere central'}: {theme.name}")
        else:
            note = self._notes[current[1]]
            self.write(lambda: self.store.set_central(note_id=note.id, central=not note.central), self._redraw, notice=f"{'Central' if not note.central else 'Ikke længere central'}: {note.text[:60]}")

    def toggle_order(self) -> None:
        self.ranking = not self.ranking
        self.refresh_board(reread=False)

    def action_undo(self) -> None:
        """Undo the latest change to the notes and themes (shared with 4a)."""
        def undone(description: str | None) -> None:
            self.notify(f"Fortrudt – {description}" if description else "Der er intet at fortryde.", markup=False,
                        timeout=4)
            self.refresh_board()

        self.write(lambda: self.store.undo(self.workshop_id), undone, changed=False)

    # --- projector -----------------------------------------------------------------------------

    def presentation_content(self) -> list[PresentationBlock]:
        """The ranking: themes and notes with their votes, the central ones starred."""
        notes = self.store.list_notes(self.workshop_id)
        themes = self.store.list_themes(self.workshop_id)
        lines: list[str] = []
        for place, item in enumerate(rank(notes, themes), start=1):
            star = f"{CENTRAL} " if item.central else ""
            lines += bullet(item.title, f"{place:>3}. [{item.votes}] {star}", "       ")
            lines[-1] += f"  ({cell_title(self.guide, item.perspective, item.kind)})"
            for member in item.note_texts:
                lines += bullet(member, "       • ", "         ")
        return [PresentationBlock("Rangering", tuple(lines), wide=True)]


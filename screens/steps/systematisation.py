"""Step 4b, Systematisering og analyse: themes, merged duplicates, dot votes and the central marks.

One virtualised list holds every note, grouped by cell and theme (or ranked by votes). Keys act on the
highlighted line or on the notes selected with Space; a filter narrows the list as you type.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, OptionList, Static

from digiworkshop.rules.systematisation import note_cells, rank, votes_given
from digiworkshop.domain import InputError
from digiworkshop.text import count_da
from digiworkshop.models import Note, Theme

from ..dialogs.pickers import ChoicePicker
from ..messages import report_error
from ..safe_text import visible
from ..widgets.acts import KeyAct, run_act
from ..widgets.notes import cell_title
from ..widgets.theme_board import CENTRAL, ThemeBoard, vote_tally
from ..presentation import PresentationBlock, bullet
from .base import StepView, WatchesNotes


class SystematisationStep(WatchesNotes, StepView):
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
        self._ask: Callable[[str], bool] | None = None
        self._loaded: tuple | None = None  # what was last read from the store
        self._tally: tuple[int, int, int] = (0, 0, 0)  # votes per participant, participants, votes given

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static(id="sys-info")
        yield Input(placeholder="Filtrér: skriv en del af et ord (↓ til listen)", id="sys-filter")
        yield ThemeBoard(id="sys-board")
        yield Input(id="sys-prompt")

    def on_mount(self) -> None:
        self.fill_window(18)
        self.refresh_board()
        self.set_interval(1.0, self.poll)

    def focus_first(self) -> None:
        self.query_one(ThemeBoard).focus()

    # --- showing -------------------------------------------------------------------------------

    def poll(self) -> None:
        if self._ask is None:  # never redraw under a question being answered
            super().poll()

    def reload(self) -> None:
        """Another laptop changed the notes: re-read them."""
        self.refresh_board()

    def refresh_board(self, *, reread: bool = True) -> None:
        """Re-read notes and themes (unless only the filter changed) and redraw the list, keeping the
        highlighted line."""
        board = self.query_one(ThemeBoard)
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
        board.show(notes, themes, history, needle=self.query_one("#sys-filter", Input).value.strip().casefold(),
                   selected=self.selected, ranking=self.ranking)
        self._tally = (per_participant, participants, votes_given(notes, themes))
        self._show_tally()

    def _show_tally(self) -> None:
        """The status line: votes, the selection and, when `m` would merge, the note it merges into."""
        current = self._current()
        into = None
        if current is not None and current[0] == "n" and any(n != current[1] for n in self.selected):
            into = self._notes[current[1]].text
        self.query_one("#sys-info", Static).update(vote_tally(*self._tally, len(self.selected), self.ranking, into))

    @on(OptionList.OptionHighlighted, "#sys-board")
    def _highlight_moved(self, _event: OptionList.OptionHighlighted) -> None:
        self._show_tally()  # the merge target is the highlighted note: say so as the cursor moves

    # --- what is highlighted ---------------------------------------------------------------------

    def _current(self) -> tuple[str, int] | None:
        return self.query_one(ThemeBoard).current()

    def _current_theme(self) -> int | None:
        current = self._current()
        if current is None:
            return None
        if current[0] == "t":
            return current[1]
        note = self._notes.get(current[1])
        return note.theme_id if note else None

    def _chosen_notes(self) -> list[int]:
        """The selected notes, or else the highlighted note."""
        if self.selected:
            return list(self.selected)
        current = self._current()
        return [current[1]] if current and current[0] == "n" else []

    def _redraw(self, _result: object = None) -> None:
        self.refresh_board()

    def _grouped(self, _result: object = None) -> None:
        """The selected notes went into a theme (or were merged): the selection is spent."""
        self.selected = []
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
        self.refresh_board(reread=False)  # the cursor stays: the next key acts on the note the facilitator sees

    def new_theme(self) -> None:
        notes = self._chosen_notes()
        if not notes:
            self.notify("Vælg noter med mellemrum (eller stil dig på én) og tryk t.", severity="warning", timeout=4)
            return

        cells = note_cells(self._notes[i] for i in notes)
        if len(cells) == 1:
            def answer(name: str) -> bool:
                return self.write(lambda: self.store.create_theme(self.workshop_id, name=name, note_ids=notes),
                                  self._grouped, notice=f"Tema oprettet: {name}")

            self.ask(f"Navn på nyt tema ({count_da(len(notes), 'note', 'noter')}) – Enter", answer)
            return

        # Notes from several cells: the facilitator says which cell the theme belongs to (never a silent choice).
        def named(name: str) -> bool:
            self.ask_cell(name, notes, cells)
            return True

        self.ask(f"Navn på nyt tema ({count_da(len(notes), 'note', 'noter')} fra {len(cells)} forskellige felter – "
                 "du vælger temaets felt bagefter) – Enter", named)

    def ask_cell(self, name: str, notes: list[int], cells: list[tuple[tuple[str, str], int]]) -> None:
        """Which cell (perspective and kind) a theme of notes from several cells belongs to; the cell most of
        them come from is highlighted. Esc closes only this question: no theme, the notes stay selected."""
        choices = [(f"{perspective}:{kind}",
                    f"{cell_title(self.guide, perspective, kind)} ({count_da(count, 'note', 'noter')})")
                   for (perspective, kind), count in cells]

        def chosen(key: str | None) -> None:
            if key is None:
                self.notify("Temaet blev ikke oprettet – noterne er stadig valgt.", timeout=4)
                return
            perspective, kind = key.split(":")
            self.write(lambda: self.store.create_theme(self.workshop_id, name=name, note_ids=notes,
                                                       perspective=perspective, kind=kind),
                       self._grouped, notice=f"Tema oprettet: {name} ({cell_title(self.guide, perspective, kind)})")

        self.app.push_screen(ChoicePicker(
            f"Noterne kommer fra flere felter. Hvilket felt hører temaet «{name}» til?", choices, choices[0][0]),
            chosen)

    def add_to_theme(self) -> None:
        theme_id = self._current_theme()
        notes = [n for n in self.selected if self._notes.get(n) and self._notes[n].theme_id != theme_id]
        if theme_id is None or not notes:
            self.notify("Vælg noter med mellemrum, stil dig på et tema og tryk a.", severity="warning", timeout=4)
            return
        self.write(lambda: self.store.add_to_theme(theme_id, notes), self._grouped,
                   notice=f"{count_da(len(notes), 'note', 'noter')} lagt i «{self._themes[theme_id].name}»")

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

        self.write(write, self._grouped, notice=f"{count_da(len(others), 'note', 'noter')} lagt sammen – Ctrl+Z fortryder.")

    def _target(self) -> tuple[dict[str, int], Note | Theme] | None:
        """The highlighted theme or note as the store's keyword (theme_id= / note_id=) and as read."""
        current = self._current()
        if current is None:
            return None
        if current[0] == "t":
            return {"theme_id": current[1]}, self._themes[current[1]]
        return {"note_id": current[1]}, self._notes[current[1]]

    def ask_number(self, question: str, value: str, refused: str, store: Callable[[int], bool]) -> None:
        """Ask for a whole number; anything else is refused with `refused` and stays for a correction."""
        def answer(typed: str) -> bool:
            try:
                number = int(typed.strip())
            except ValueError:
                report_error(self, InputError(refused, "a number"))
                return False
            return store(number)

        self.ask(question, answer, value)

    def ask_votes(self) -> None:
        if (target := self._target()) is None:
            return
        where, item = target

        def store(votes: int) -> bool:
            # The cursor stays on the item: the next key (c, +) must act on the one just voted for.
            return self.write(lambda: self.store.set_votes(votes=votes, **where), self._redraw)

        self.ask_number("Stemmer (antal prikker) – Enter", str(item.votes) if item.votes else "",
                        "Skriv antallet af stemmer som et tal, fx 4.", store)

    def bump(self, delta: int) -> None:
        if (target := self._target()) is not None:
            where, item = target
            self.write(lambda: self.store.set_votes(votes=max(0, item.votes + delta), **where), self._redraw)

    def ask_votes_per_participant(self) -> None:
        workshop = self.store.get_workshop(self.workshop_id)
        self.ask_number("Stemmer pr. deltager – Enter", str(workshop.votes_per_participant), "Skriv et tal, fx 3.",
                        lambda votes: self.write(lambda: self.store.set_votes_per_participant(self.workshop_id, votes),
                                                 self._redraw))

    def toggle_central(self) -> None:
        if (target := self._target()) is None:
            return
        where, item = target
        name = item.name if "theme_id" in where else item.text[:60]
        self.write(lambda: self.store.set_central(central=not item.central, **where), self._redraw,
                   notice=f"{'Central' if not item.central else 'Ikke længere central'}: {name}")

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


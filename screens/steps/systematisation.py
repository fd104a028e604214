"""Step 4b, Systematisering og analyse: themes, merged duplicates, dot votes and the central marks.

One virtualised list holds every note, grouped by cell and theme (or ranked by votes). Keys act on the
highlighted line or on the notes selected with Space; a filter narrows the list as you type. S (or the
palette's "Foreslå temaer") proposes duplicates to merge and themes to make among the notes not yet in a
theme, one at a time above the board; nothing is written until the facilitator accepts one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from digiworkshop.rules.systematisation import note_cells, rank, votes_given
from digiworkshop.domain import InputError, clean_text
from digiworkshop.text import count_da
from digiworkshop.models import Note, Theme

from ..dialogs.pickers import ChoicePicker
from ..messages import report_error
from ..safe_text import visible
from ..widgets.acts import KeyAct, run_act
from ..widgets.notes import cell_title
from ..widgets.suggestion_panel import SuggestionNotes, SuggestionPanel
from ..widgets.theme_board import CENTRAL, ThemeBoard, vote_tally
from ..presentation import PresentationBlock, bullet
from .base import StepView, WatchesNotes

if TYPE_CHECKING:
    # Imported when the proposals are first asked for, never before: the first screen must not pay for it.
    from digiworkshop.rules.suggest import Suggestion


def _proposal_key(suggestion: Suggestion) -> tuple[str, frozenset[int]]:
    """What a proposal is, as the rules made it: a rejected or accepted one is known again by this."""
    return suggestion.kind, frozenset(suggestion.note_ids)


class SystematisationStep(WatchesNotes, StepView):
    """4b: group, merge, vote, mark the central ones."""

    DEFAULT_CSS = """
    SystematisationStep #sys-info { height: 1; padding: 0 1; }
    SystematisationStep #sys-board { height: 1fr; min-height: 8; border: round $primary 40%; }
    SystematisationStep #sys-board:focus { border: heavy $accent; }
    SystematisationStep #sys-prompt { display: none; }
    SystematisationStep #sys-prompt.-asking { display: block; border: tall $warning; }
    """

    BINDINGS = [
        Binding("ctrl+z", "undo", "Fortryd", id="systematisation.undo"),
        Binding("s", "suggest", "Forslag", id="systematisation.suggest", tooltip="Foreslå temaer"),
    ]

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.selected: list[int] = []  # note ids, in the order they were selected
        self.ranking = False
        self._notes: dict[int, Note] = {}
        self._themes: dict[int, Theme] = {}
        self._ask: Callable[[str], bool] | None = None
        self._loaded: tuple | None = None  # what was last read from the store
        self._tally: tuple[int, int, int] = (0, 0, 0)  # votes per participant, participants, votes given
        self._back_to: Widget | None = None  # where the cursor goes when the inline question is answered
        # The proposals: as last computed (minus those dealt with), which one is shown, the facilitator's
        # edits (by the proposal as computed), and the ones accepted or rejected while this view lives.
        self._proposals: list[tuple[tuple[str, frozenset[int]], Suggestion]] = []
        self._proposal = 0
        self._across = False
        self._edits: dict[tuple[str, frozenset[int]], Suggestion] = {}
        self._dismissed: set[tuple[str, frozenset[int]]] = set()

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static(id="sys-info")
        yield Input(placeholder="Filtrér: skriv en del af et ord (↓ til listen)", id="sys-filter")
        yield SuggestionPanel(id="sys-suggestions")
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

    def ask(self, question: str, answer: Callable[[str], bool], value: str = "", *, back_to: Widget | None = None) -> None:
        """Show the prompt input; `answer` gets the typed text and returns True when it was stored. The
        cursor goes back to `back_to` (the board unless said) when it is answered or declined."""
        self._back_to = back_to
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
        (self._back_to or self.query_one(ThemeBoard)).focus()

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

    # The proposal panel's keys.
    SUGGESTION_OPERATIONS = frozenset({"accept_suggestion", "reject_suggestion", "drop_from_suggestion",
                                       "rename_suggestion", "step_suggestion", "toggle_across", "close_suggestions"})

    @on(KeyAct)
    def _board_key(self, event: KeyAct) -> None:
        run_act(self, event, self.BOARD_OPERATIONS | self.SUGGESTION_OPERATIONS)

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

    def ask_cell(self, name: str, notes: list[int], cells: list[tuple[tuple[str, str], int]],
                 then: Callable[[object], None] | None = None,
                 declined: str = "Temaet blev ikke oprettet – noterne er stadig valgt.") -> None:
        """Which cell (perspective and kind) a theme of notes from several cells belongs to; the cell most of
        them come from is highlighted. Esc closes only this question: no theme, the notes stay selected.
        `then` runs after the theme is made (the selection is spent, unless said otherwise)."""
        choices = [(f"{perspective}:{kind}",
                    f"{cell_title(self.guide, perspective, kind)} ({count_da(count, 'note', 'noter')})")
                   for (perspective, kind), count in cells]

        def chosen(key: str | None) -> None:
            if key is None:
                self.notify(declined, timeout=4)
                return
            perspective, kind = key.split(":")
            self.write(lambda: self.store.create_theme(self.workshop_id, name=name, note_ids=notes,
                                                       perspective=perspective, kind=kind),
                       then or self._grouped, notice=f"Tema oprettet: {name} ({cell_title(self.guide, perspective, kind)})")

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
        if self._panel_open():
            self._compute_proposals()  # the undone notes may be loose again

    # --- proposals -----------------------------------------------------------------------------

    def action_suggest(self) -> None:
        """S: propose duplicates and themes among the loose notes, shown one at a time above the board."""
        panel = self.query_one(SuggestionPanel)
        panel.show_waiting(self._across)
        self.query_one(SuggestionNotes).focus()
        self._compute_proposals()

    def _panel_open(self) -> bool:
        return self.query_one(SuggestionPanel).has_class("-open")

    def _compute_proposals(self) -> None:
        """Recompute over the notes in no theme (the merged ones are not on the board), in a thread."""
        loose = [n for n in self._notes.values() if n.theme_id is None]
        self._proposals_worker(loose, self._across)

    @work(thread=True, exclusive=True, group="suggestions")
    def _proposals_worker(self, notes: list[Note], across: bool) -> None:
        # Imported here: the rules and their stemmer load only when proposals are first asked for.
        from digiworkshop.rules.suggest import suggest

        found = suggest(notes, across_perspectives=across)
        self.app.call_from_thread(self._proposals_found, found, across)

    def _proposals_found(self, found: list[Suggestion], across: bool) -> None:
        if across != self._across or not self._panel_open():
            return  # the switch was flipped (or the panel closed) while this ran: a newer result follows
        shown = self._shown_proposal()
        proposals = []
        for suggestion in found:
            key = _proposal_key(suggestion)
            if key not in self._dismissed:
                proposals.append((key, self._edits.get(key, suggestion)))
        self._proposals = proposals
        keys = [key for key, _ in proposals]
        # The same proposal stays in view when it is still there; else the one now in its place.
        self._proposal = keys.index(shown) if shown in keys else min(self._proposal, max(0, len(proposals) - 1))
        self._show_proposal()

    def _shown_proposal(self) -> tuple[str, frozenset[int]] | None:
        if 0 <= self._proposal < len(self._proposals):
            return self._proposals[self._proposal][0]
        return None

    def _show_proposal(self) -> None:
        panel = self.query_one(SuggestionPanel)
        if not self._proposals:
            panel.show(None, 0, 0, self._notes, self.guide, across=self._across)
            return
        _key, suggestion = self._proposals[self._proposal]
        panel.show(suggestion, self._proposal + 1, len(self._proposals), self._notes, self.guide, across=self._across)

    def _current_proposal(self) -> tuple[tuple[str, frozenset[int]], Suggestion] | None:
        if not self._panel_open() or not self._proposals:
            return None
        return self._proposals[self._proposal]

    def accept_suggestion(self) -> None:
        """Enter: apply the proposal shown (one merge into the note that stays, or one new theme)."""
        if (current := self._current_proposal()) is None:
            return
        key, suggestion = current
        notes = list(suggestion.note_ids)
        if suggestion.kind == "duplicate":
            others = [i for i in notes if i != suggestion.keep_id]
            self.write(lambda: self.store.merge_notes(suggestion.keep_id, others), lambda _r: self._accepted(key),
                       notice=f"{count_da(len(others), 'note', 'noter')} lagt sammen – Ctrl+Z fortryder.")
            return
        cells = note_cells(self._notes[i] for i in notes if i in self._notes)
        if len(cells) > 1:  # across perspectives: the facilitator says which cell the theme belongs to
            self.ask_cell(suggestion.name, notes, cells, then=lambda _r: self._accepted(key),
                          declined="Temaet blev ikke oprettet – forslaget står der endnu.")
            return
        self.write(lambda: self.store.create_theme(self.workshop_id, name=suggestion.name, note_ids=notes),
                   lambda _r: self._accepted(key), notice=f"Tema oprettet: {suggestion.name} – Ctrl+Z fortryder.")

    def _accepted(self, key: tuple[str, frozenset[int]]) -> None:
        """Written: re-read the board and recompute the proposals over what is still loose."""
        self._dismissed.add(key)
        self._proposals = [(k, s) for k, s in self._proposals if k != key]
        self.refresh_board()
        self._show_proposal_or_wait()
        self._compute_proposals()

    def _show_proposal_or_wait(self) -> None:
        self._proposal = min(self._proposal, max(0, len(self._proposals) - 1))
        self._show_proposal()

    def reject_suggestion(self) -> None:
        """N or Delete: not this one (it does not come back while 4b is open); the next one shows."""
        if (current := self._current_proposal()) is None:
            return
        self._dismissed.add(current[0])
        del self._proposals[self._proposal]
        self._show_proposal_or_wait()

    def drop_from_suggestion(self) -> None:
        """X: the highlighted note leaves the proposal (it stays on the board as it is)."""
        if (current := self._current_proposal()) is None:
            return
        from digiworkshop.rules.suggest import without

        key, suggestion = current
        note_id = self.query_one(SuggestionNotes).highlighted_note()
        if note_id is None:
            return
        edited = without(suggestion, note_id)
        if edited is None:
            self.notify("Et forslag har mindst to noter – afvis det med N.", severity="warning", timeout=4)
            return
        self._edits[key] = edited
        self._proposals[self._proposal] = (key, edited)
        self._show_proposal()

    def rename_suggestion(self) -> None:
        """R: another name for the proposed theme (an inline question; Esc closes only that)."""
        if (current := self._current_proposal()) is None:
            return
        key, suggestion = current
        if suggestion.kind == "duplicate":
            self.notify("Dubletter får ikke et navn – de lægges sammen i den note, der bliver.", timeout=4)
            return

        def answer(name: str) -> bool:
            try:
                name = clean_text(name, label="Temaets navn", required=True)
            except InputError as exc:
                report_error(self, exc)
                return False
            renamed = replace(suggestion, name=name)
            self._edits[key] = renamed
            if key in dict(self._proposals):
                self._proposals = [(k, renamed if k == key else s) for k, s in self._proposals]
            self._show_proposal()
            return True

        self.ask("Navn på det foreslåede tema – Enter", answer, suggestion.name, back_to=self.query_one(SuggestionNotes))

    def step_suggestion(self, delta: int) -> None:
        """→ and ←: the next or the previous proposal."""
        if not self._proposals:
            return
        self._proposal = max(0, min(len(self._proposals) - 1, self._proposal + delta))
        self._show_proposal()

    def toggle_across(self) -> None:
        """P: proposals across the three perspectives (or within one again), recomputed."""
        self._across = not self._across
        self.query_one(SuggestionPanel).show_waiting(self._across)
        self._proposals, self._proposal = [], 0
        self._compute_proposals()

    def close_suggestions(self) -> None:
        """Esc: close the proposals (what was rejected stays rejected while 4b is open)."""
        self.query_one(SuggestionPanel).close()
        self.query_one(ThemeBoard).focus()

    # --- projector -----------------------------------------------------------------------------

    def presentation_content(self) -> list[PresentationBlock]:
        """The ranking: themes and notes with their votes, the central ones starred (phones' notes hidden
        until revealed left out)."""
        notes = [n for n in self.store.list_notes(self.workshop_id) if not n.hidden]
        themes = self.store.list_themes(self.workshop_id)
        lines: list[str] = []
        for place, item in enumerate(rank(notes, themes), start=1):
            star = f"{CENTRAL} " if item.central else ""
            lines += bullet(item.title, f"{place:>3}. [{item.votes}] {star}", "       ")
            lines[-1] += f"  ({cell_title(self.guide, item.perspective, item.kind)})"
            for member in item.note_texts:
                lines += bullet(member, "       • ", "         ")
        return [PresentationBlock("Rangering", tuple(lines), wide=True)]


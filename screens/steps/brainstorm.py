"""Step 4a, Potentialer og barrierer: the live brainstorm grid (3 perspectives × potentials/barriers).

The cursor lives in one input under the grid: a note and Enter stores it in the current cell. Shift+arrows
(or a prefix such as "ob:") choose the cell; the cells are virtualised lists, and a new note is appended
to its cell rather than the grid being rebuilt. Another laptop on the same store is picked up by polling
a cheap version query once a second.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from digiworkshop.rules.brainstorm import CELLS, read_capture
from digiworkshop.domain import NOTE_KINDS, PERSPECTIVES
from digiworkshop.models import Note
from digiworkshop.store.brainstorm import NoteLine

from ..messages import report_error
from ..safe_text import visible
from ..presentation import PresentationBlock, bullet
from .base import StepView, WatchesNotes
from ..textual_internals import KeepWrappedLines
from ..widgets.acts import KeyAct, PostsActs, run_act
from ..widgets.fields import DraftInput
from ..widgets.notes import cell_title, note_prompt


# Textual re-lays out the whole screen when a widget's virtual size changes (the input's text grows, a
# cell gains a note). These widgets have a fixed size on screen, so a repaint of the widget itself is
# enough: this cuts a third off Enter → note painted (bench/bench_capture.py).
def repaint_only_virtual_size() -> Reactive:
    """A `virtual_size` that repaints its widget instead of re-laying out the screen."""
    return Reactive(Size(0, 0), layout=False)


class CaptureInput(DraftInput):
    """The one input of the brainstorm: Enter stores a note; Shift+arrows choose the cell. What is typed
    and not yet stored is kept as a draft (DraftInput)."""

    virtual_size = repaint_only_virtual_size()

    BINDINGS = [
        Binding("shift+up", "move_cell(-1, 0)", "Felt op", id="brainstorm.cell_up", show=False),
        Binding("shift+down", "move_cell(1, 0)", "Felt ned", id="brainstorm.cell_down", show=False),
        Binding("shift+left", "move_cell(0, -1)", "Felt venstre", id="brainstorm.cell_left", show=False),
        Binding("shift+right", "move_cell(0, 1)", "Shift+pil: felt", id="brainstorm.cell_right"),
        Binding("down", "to_cell", "Ret/slet noter", id="brainstorm.to_cell"),
        # Enter is handled here rather than through Input.Submitted bubbling up: one hop less per note.
        Binding("enter", "capture", "Gem note", id="brainstorm.capture", show=False),
    ]

    # Enter and Shift+arrows call the step given at construction instead of posting a message: a message
    # takes two hops through the queues (a third of Enter → note painted, bench/bench_capture.py), and
    # Shift+→ then Enter typed fast must store in the new cell, so the move cannot wait in a queue.
    def __init__(self, *, capture: Callable[[Input], None], move_cell: Callable[[int, int], None],
                 **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self._capture = capture
        self._move_cell = move_cell

    def action_capture(self) -> None:
        self._capture(self)

    def action_move_cell(self, rows: int, columns: int) -> None:
        self._move_cell(rows, columns)

    def action_to_cell(self) -> None:
        self.post_message(KeyAct("focus_cell"))


class NoteList(KeepWrappedLines, PostsActs, OptionList):
    """One cell of the grid: its notes, virtualised. Keys act on the highlighted note."""

    virtual_size = repaint_only_virtual_size()

    BINDINGS = [
        Binding("enter,e", "edit", "Ret", id="brainstorm.edit"),
        Binding("delete,x", "delete", "Slet", id="brainstorm.delete"),
        *(Binding(str(i), f"move_note({i - 1})", f"Flyt til felt {i}", show=False, id=f"brainstorm.move{i}")
          for i in range(1, 7)),
        Binding("shift+up", "move_cell(-1, 0)", "Felt op", show=False),
        Binding("shift+down", "move_cell(1, 0)", "Felt ned", show=False),
        Binding("shift+left", "move_cell(0, -1)", "Felt venstre", show=False),
        Binding("shift+right", "move_cell(0, 1)", "Felt højre", show=False),
        Binding("i,tab", "to_input", "Skriv note", id="brainstorm.to_input"),
    ]

    def __init__(self, index: int, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.index = index

    def highlighted_note(self) -> int | None:
        if self.highlighted is None or self.option_count == 0:
            return None
        return int(self.get_option_at_index(self.highlighted).id[1:])

    def action_edit(self) -> None:
        if (note_id := self.highlighted_note()) is not None:
            self.action_act("start_edit", note_id)

    def action_delete(self) -> None:
        if (note_id := self.highlighted_note()) is not None:
            self.action_act("delete_note", note_id)

    def action_move_note(self, cell: int) -> None:
        if (note_id := self.highlighted_note()) is not None:
            self.action_act("move_note", note_id, cell)

    def action_move_cell(self, rows: int, columns: int) -> None:
        self.action_act("move_cell_from_list", rows, columns)

    def action_to_input(self) -> None:
        self.action_act("focus_first")

    def on_focus(self) -> None:
        self.action_act("set_cell", self.index)
        if self.highlighted is None and self.option_count:
            self.highlighted = self.option_count - 1


class BrainstormStep(WatchesNotes, StepView):
    """4a: the 3×2 grid and the capture input."""

    PRESENTATION_GRID = 2  # perspectives as rows, potentials and barriers as columns, on any projector
    DEFAULT_CSS = """
    BrainstormStep #brainstorm-bar { height: 1; }
    BrainstormStep #brainstorm-cell { width: 1fr; text-style: bold; }
    BrainstormStep #brainstorm-phones { width: auto; display: none; background: $warning; color: $text; padding: 0 1; }
    BrainstormStep #brainstorm-phones.-waiting { display: block; }
    BrainstormStep #brainstorm-grid { grid-size: 2 3; grid-rows: 1fr 1fr 1fr; grid-gutter: 0 1; height: 1fr; min-height: 12; }
    BrainstormStep NoteList { height: 1fr; border: round $primary 40%; padding: 0; scrollbar-gutter: stable; }
    BrainstormStep NoteList.-current { border: heavy $accent; }
    BrainstormStep NoteList:focus { border: heavy $warning; }
    BrainstormStep #brainstorm-guide { display: none; height: auto; max-height: 8; padding: 0 1; background: $boost; }
    BrainstormStep #brainstorm-guide.-shown { display: block; }
    BrainstormStep CaptureInput { margin: 0; }
    """

    BINDINGS = [
        Binding("ctrl+z", "undo", "Fortryd", id="brainstorm.undo"),
        Binding("ctrl+g", "guide", "Perspektivet", id="brainstorm.guide"),
        # Ctrl+O: free in 4a (the capture line is an Input, which leaves it alone); O as in "åbn".
        Binding("ctrl+o", "phone_queue", "Fra telefoner", id="brainstorm.phone_queue",
                tooltip="Fra telefoner: noter i kø fra deltagernes telefoner"),
    ]

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.cell = 0
        self.editing: int | None = None
        self._names: dict[int, str] = {}
        self._participants: list[tuple[int, str]] = []
        self._shown: list[list[NoteLine]] = [[] for _ in CELLS]  # what each cell's list shows, in order
        self._queue_shown: int | None = None  # the count "Fra telefoner (N)" shows
        self._ids: set[int] = set()  # the ids of the notes shown
        self._last_id = 0  # the notes up to this id are read; those above are new (see `reload`)
        self._shape: tuple | None = None  # the store's aggregates of the notes read (NotesSince.now)

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="brainstorm-bar"):
            yield Static(id="brainstorm-cell")
            yield Static(id="brainstorm-phones")
        with Grid(id="brainstorm-grid"):
            for i, _cell in enumerate(CELLS):
                yield NoteList(i, id=f"cell-{i}")
        yield Static(id="brainstorm-guide")
        yield CaptureInput(id="brainstorm-input", workshop_id=self.workshop_id, draft_key="brainstorm.note",
                           capture=self.capture, move_cell=self.move_cell)

    def on_mount(self) -> None:
        self.fill_window(20)  # Ctrl+G shows the whole guide text for the current perspective
        self.reload()
        self.set_cell(self.store.get_place(self.workshop_id).brainstorm_cell)  # the cell it was left in
        self.show_queue()
        self.set_interval(1.0, self.poll)

    def focus_first(self) -> None:
        self.query_one(CaptureInput).focus()

    def place(self) -> dict[str, int]:
        return {"brainstorm_cell": self.cell}

    def on_resize(self) -> None:
        self.fit_header()

    # --- showing -------------------------------------------------------------------------------

    def lists(self) -> list[NoteList]:
        return [self.query_one(f"#cell-{i}", NoteList) for i in range(len(CELLS))]

    def reload(self) -> None:
        """Bring every cell up to date with the store (on mount, after the facilitator's own change, and
        when a phone or another laptop wrote).

        When the notes shown are unchanged in the store (the common case: phones and other laptops adding
        notes), only the notes added since are read and appended to their cells, so each cell's highlight
        and scroll stay where the facilitator left them and nothing is wrapped again. Otherwise (an edit, a
        deletion, a move, a reveal, a renamed participant) every note is read, and a cell whose notes are
        no longer those it shows plus new ones at the end is refilled."""
        participants = [(p.id, p.name) for p in self.store.list_participants(self.workshop_id)]
        renamed = participants != self._participants
        self._participants = participants
        self._names = dict(participants)
        since = self.store.note_lines_since(self.workshop_id, self._last_id)
        if renamed or since.before != self._shape:
            since = self.store.note_lines_since(self.workshop_id, 0)
            refill = True
        else:
            refill = False
        self._version, self._shape, self._last_id = since.version, since.now, since.last_id
        by_cell: list[list[NoteLine]] = [[] for _ in CELLS]
        for line in since.lines:
            by_cell[CELLS.index((line.perspective, line.kind))].append(line)
        for index, (option_list, lines) in enumerate(zip(self.lists(), by_cell)):
            shown = self._shown[index]
            if refill and not renamed and lines[:len(shown)] == shown:
                lines = lines[len(shown):]  # the cell is as it was, with notes added at its end
            elif refill:
                highlighted = option_list.highlighted
                option_list.set_options(self._option(line) for line in lines)
                if lines:
                    option_list.highlighted = min(highlighted, len(lines) - 1) if highlighted is not None else None
                self._shown[index] = lines
                self._title(option_list)
                continue
            added = [line for line in lines if line.id not in self._ids]  # not the facilitator's own, shown already
            self._ids.update(line.id for line in lines)
            if added:
                option_list.add_options(self._option(line) for line in added)
                self._shown[index] = [*shown, *added]
                self._title(option_list)
        if refill:
            self._ids = {line.id for lines in self._shown for line in lines}

    def _option(self, line: NoteLine) -> Option:
        return Option(note_prompt(line, self._names), id=f"n{line.id}")

    def _title(self, option_list: NoteList) -> None:
        perspective, kind = CELLS[option_list.index]
        # Number and count first: on a narrow screen the end of the title is cut off.
        option_list.border_title = Text(
            f"{option_list.index + 1} ({option_list.option_count}) {cell_title(self.guide, perspective, kind)}")

    def _adopt(self, before: tuple[int, str], after: tuple[int, str]) -> None:
        """After our own write: skip the re-read unless someone else wrote since we last looked."""
        if before == self._version:
            self._version = after

    def set_cell(self, index: int) -> None:
        """Make a cell the one new notes go to."""
        self.cell = index % len(CELLS)
        for option_list in self.lists():
            option_list.set_class(option_list.index == self.cell, "-current")
        perspective, kind = CELLS[self.cell]
        label = Text()
        label.append(f"Felt {self.cell + 1}: ", style="dim")
        label.append(cell_title(self.guide, perspective, kind))
        self.query_one("#brainstorm-cell", Static).update(label)
        self._show_input_hint()
        guide = self.query_one("#brainstorm-guide", Static)
        if guide.has_class("-shown"):
            guide.update(self._guide_text())

    def _show_input_hint(self) -> None:
        capture = self.query_one(CaptureInput)
        perspective, kind = CELLS[self.cell]
        if self.editing is not None:
            capture.border_title = "Retter noten – Enter gemmer, tom linje annullerer"
            capture.placeholder = "Ret teksten og tryk Enter"
        else:
            capture.border_title = None
            capture.placeholder = (f"Note til {cell_title(self.guide, perspective, kind)} + Enter · "
                                   "fp: fb: pp: pb: op: ob: vælger felt · @navn = hvem")

    def move_cell(self, rows: int, columns: int, *, focus_list: bool = False) -> None:
        """Shift+arrows: the neighbouring cell (rows wrap top/bottom, columns left/right)."""
        row, column = divmod(self.cell, 2)
        self.set_cell(((row + rows) % 3) * 2 + (column + columns) % 2)
        if focus_list:
            self.focus_cell()

    # What the cells' and the capture line's keys may ask for (KeyAct).
    KEY_OPERATIONS = frozenset({"start_edit", "delete_note", "move_note", "move_cell_from_list", "focus_first",
                                "set_cell", "focus_cell"})

    @on(KeyAct)
    def _key_act(self, event: KeyAct) -> None:
        run_act(self, event, self.KEY_OPERATIONS)

    def move_cell_from_list(self, rows: int, columns: int) -> None:
        """Shift+arrows in a cell: the next cell, with the cursor in its list."""
        self.move_cell(rows, columns, focus_list=True)

    def focus_cell(self) -> None:
        self.lists()[self.cell].focus()

    def _guide_text(self) -> Text:
        perspective, kind = CELLS[self.cell]
        p = next(x for x in self.guide.perspectives if x.key == perspective)
        text = Text()
        text.append(" ".join(self.step.intro.split()) + "\n", style="italic")
        text.append(f"{p.name}: ", style="bold")
        text.append(" ".join(p.description.split()))
        text.append("\n")
        text.append(" · ".join(self.step.prompts), style="italic")
        return text

    # --- capture -------------------------------------------------------------------------------

    def capture(self, field: Input) -> None:
        """Enter in the capture input: store the typed note in the current cell (or obey a command)."""
        try:
            capture = read_capture(field.value, self._participants)
        except Exception as exc:  # noqa: BLE001 - the typed text stays in the input
            report_error(self, exc)
            return
        if capture.minutes is not None:  # "tid:15": the room's time box, the same one Ctrl+T starts
            field.value = ""
            self.app.start_timebox(capture.minutes * 60, self.step.label)
            return
        if capture.cell is not None:
            self.set_cell(CELLS.index(capture.cell))
        if self.editing is not None:
            self._finish_edit(capture.text, capture.cell, capture.participant_id)
            return
        if not capture.text:
            self.notify("Skriv noten før du trykker Enter.", severity="warning", timeout=3)
            return
        perspective, kind = CELLS[self.cell]
        self.write(lambda: self.store.add_note(self.workshop_id, perspective=perspective, kind=kind,
                                               text=capture.text, participant_id=capture.participant_id),
                   lambda write: self._captured(field, write), changed=False)

    def _captured(self, field: Input, write) -> None:  # noqa: ANN001
        field.value = ""
        self._append(write.note)
        self._adopt(write.before, write.after)
        if write.before[0] == 0:
            self.post_message(self.Changed())  # the step list's dot: only the first note changes it

    def _append(self, note: Note) -> None:
        index = CELLS.index((note.perspective, note.kind))
        option_list = self.lists()[index]
        line = NoteLine(note.id, note.perspective, note.kind, note.text, note.participant_id, note.hidden)
        option_list.add_option(self._option(line))
        option_list.highlighted = option_list.option_count - 1
        self._shown[index] = [*self._shown[index], line]
        self._ids.add(note.id)
        self._title(option_list)

    def start_edit(self, note_id: int) -> None:
        """Put a note's text in the input to correct it; Enter stores the correction."""
        self.write(lambda: self.store.get_note(note_id), self._edit, changed=False)

    def _edit(self, note: Note) -> None:
        self.editing = note.id
        capture = self.query_one(CaptureInput)
        capture.hold_draft()  # the note's text is no draft; a half-typed note comes back after the edit
        capture.value = note.text
        capture.cursor_position = len(note.text)
        self._show_input_hint()
        capture.focus()

    def _finish_edit(self, text: str, cell: tuple[str, str] | None, participant_id: int | None) -> None:
        note_id, capture = self.editing, self.query_one(CaptureInput)
        if not text:
            self.editing = None
            capture.value = ""
            capture.release_draft()
            self._show_input_hint()
            self.notify("Rettelsen er annulleret.", timeout=3)
            return
        fields: dict[str, object] = {"text": text}
        if cell is not None:
            fields.update(perspective=cell[0], kind=cell[1])
        if participant_id is not None:
            fields["participant_id"] = participant_id
        self.write(lambda: self.store.update_note(note_id, **fields), lambda _: self._edited(capture),  # type: ignore[arg-type]
                   changed=False)

    def _edited(self, capture: CaptureInput) -> None:
        self.editing = None
        capture.value = ""
        capture.release_draft()
        self._show_input_hint()
        self.reload()

    def delete_note(self, note_id: int) -> None:
        """Delete a note (Ctrl+Z brings it back)."""
        def deleted(write) -> None:  # noqa: ANN001
            self.reload()
            self.notify(f"Slettet: {visible(write.note.text[:60])} – Ctrl+Z fortryder.", markup=False, timeout=4)

        self.write(lambda: self.store.delete_note(note_id), deleted)

    def move_note(self, note_id: int, cell: int) -> None:
        """Move a note to cell number `cell` (0-based, reading order)."""
        perspective, kind = CELLS[cell]
        self.write(lambda: self.store.update_note(note_id, perspective=perspective, kind=kind),
                   lambda _: self.reload(), changed=False,
                   notice=f"Flyttet til felt {cell + 1}: {cell_title(self.guide, perspective, kind)}")

    def action_undo(self) -> None:
        self.write(lambda: self.store.undo(self.workshop_id), self._undone, changed=False)

    def _undone(self, description: str | None) -> None:
        if description is None:
            self.notify("Der er intet at fortryde.", timeout=3)
            return
        self.reload()
        self.notify(f"Fortrudt – {description}", markup=False, timeout=4)
        self.post_message(self.Changed())

    def action_guide(self) -> None:
        guide = self.query_one("#brainstorm-guide", Static)
        guide.toggle_class("-shown")
        if guide.has_class("-shown"):
            guide.update(self._guide_text())

    # --- phones ----------------------------------------------------------------------------------

    def room_changed(self) -> None:
        """A phone wrote: new notes appear in their cells, the queue's count is brought up to date."""
        super().room_changed()
        self.show_queue()

    def show_queue(self) -> None:
        """ "Fra telefoner (N) · Ctrl+O" above the grid while texts from phones wait in the queue."""
        from ..dialogs.phones import queue_size

        waiting = queue_size(self.app, self.workshop_id)
        label = self.query_one("#brainstorm-phones", Static)
        label.set_class(waiting > 0, "-waiting")
        if waiting != self._queue_shown:  # asked after every burst of phones' notes: update re-lays out the screen
            self._queue_shown = waiting
            label.update(f"Fra telefoner ({waiting}) · Ctrl+O")

    def action_phone_queue(self) -> None:
        """Open the queue of notes from phones: take each in (as sent, edited, in another cell) or drop it."""
        from ..dialogs.phones import PhoneQueue

        def changed() -> None:
            self.reload()
            self.show_queue()
            self.post_message(self.Changed())

        self.app.push_screen(PhoneQueue(self.workshop_id, on_room_change=changed))

    # --- projector -----------------------------------------------------------------------------

    def presentation_content(self) -> list[PresentationBlock]:
        """The grid's notes per cell, for the projector mode."""
        return grid_blocks(self.guide, self.store.list_notes(self.workshop_id))


def grid_blocks(guide, notes: list[Note]) -> list[PresentationBlock]:  # noqa: ANN001
    """Every cell's heading with its count and its notes as bullets (text as typed, markup off). Notes
    hidden until the facilitator reveals them (a silent brainstorm from phones) are left out."""
    hidden = sum(1 for n in notes if n.hidden)
    notes = [n for n in notes if not n.hidden]
    blocks = []
    for perspective in PERSPECTIVES:
        for kind in NOTE_KINDS:
            cell = [n for n in notes if (n.perspective, n.kind) == (perspective, kind)]
            blocks.append(PresentationBlock(f"{cell_title(guide, perspective, kind)} ({len(cell)})",
                                            tuple(line for note in cell for line in bullet(note.text))))
    if hidden:  # a silent brainstorm: the room sees that its notes have arrived, not what they say
        blocks.append(PresentationBlock(f"Fra telefoner: {hidden} {'note' if hidden == 1 else 'noter'} "
                                        "skjult, til de afsløres", ("Facilitatoren afslører dem samlet.",),
                                        wide=True))
    return blocks


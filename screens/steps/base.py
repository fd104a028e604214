"""The base every step view builds on: the guide's text, fields stored on Enter or when left, room hooks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

from digiworkshop.guide import Step

from ..commands import PaletteCommand, node_commands
from ..dialogs.forms import ConfirmDialog
from ..messages import GuardedWrite
from ..presentation import PresentationBlock
from ..widgets.fields import FieldArea, FieldInput, StepHeader

if TYPE_CHECKING:
    from digiworkshop.guide import Guide
    from digiworkshop.store import Store

T = TypeVar("T")

# The class of a step's inline question (an Input shown to ask for a name or a number, as 4b's theme
# prompt): an empty answer declines it, and Esc in it declines it too.
QUESTION_CLASS = "-asking"


class StepView(GuardedWrite, Vertical):
    """Base of every step: shows the guide's text and stores fields on Enter or when left."""

    class Changed(Message):
        """Something was stored; the step list re-reads which steps hold content."""

    # Esc in an inline question closes the question only; anywhere else Esc is the workshop's (back to
    # the list), which check_action lets through by refusing this one.
    BINDINGS = [Binding("escape", "decline_question", show=False)]

    def __init__(self, *, workshop_id: int, step: Step) -> None:
        super().__init__(classes="step-view")
        self.workshop_id = workshop_id
        self.step = step
        self._saved: dict[str, str] = {}

    @property
    def store(self) -> Store:
        """The app's store: every read and write of a step goes through it."""
        return self.app.store  # type: ignore[attr-defined]

    @property
    def guide(self) -> Guide:
        """The guide's texts (headings, prompts, suggestions)."""
        return self.app.guide  # type: ignore[attr-defined]

    def _open_question(self) -> Input | None:
        focused = self.app.focused
        return next((q for q in self.query(f"Input.{QUESTION_CLASS}") if q is focused), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc is the step's only while an inline question has the cursor."""
        if action == "decline_question":
            return self._open_question() is not None
        return super().check_action(action, parameters)

    async def action_decline_question(self) -> None:
        """Esc in an inline question: answer it with nothing, which is how the step declines it (the
        selection, the filter and the highlighted line stay as they were)."""
        if (question := self._open_question()) is not None:
            question.value = ""
            await question.action_submit()

    def compose_header(self) -> ComposeResult:
        yield StepHeader(self.step)

    def compose(self) -> ComposeResult:
        yield from self.compose_header()

    # --- hooks for the room: help, palette, presentation mode ------------------------------------

    HELP_SECTION = "Trinnet"
    PRESENT_LIVE = False
    """True: presentation mode shows this view itself (its capture stays usable) under the large heading,
    instead of the read-only blocks from ``presentation_content()``."""

    def commands(self) -> list[PaletteCommand]:
        """The step's commands for the palette and the help screen, even when the focus is elsewhere.

        By default the view's ``BINDINGS`` (each needs an ``id`` and a Danish description); override to
        add commands that have no key.
        """
        return node_commands(self)

    def presentation_content(self) -> list[PresentationBlock]:
        """What presentation mode shows under the step's questions, read from the store (not widgets)."""
        return []

    def first_field(self) -> Widget | None:
        """The field the cursor starts in when the step is shown (override to start elsewhere)."""
        for widget in self.query("Input, TextArea, DataTable, Select, Checkbox"):
            if widget.focusable:
                return widget
        return None

    def focus_first(self) -> None:
        """Put the cursor in the step's first field."""
        if (widget := self.first_field()) is not None:
            widget.focus()

    def undo(self, call: Callable[[], tuple[str, int] | None], reselect: Callable[[int], object]) -> None:
        """Ctrl+Z in a step of records: `call` undoes the latest change and says what and to which record
        (None: nothing to undo); `reselect` re-reads and puts the cursor on that record."""
        def undone(result: tuple[str, int] | None) -> None:
            if result is None:
                self.notify("Der er intet at fortryde.", severity="warning")
                return
            description, record_id = result
            reselect(record_id)
            self.notify(f"Fortrudt: {description}", markup=False)

        self.write(call, undone)

    def move(self, call: Callable[[], bool], reselect: Callable[[], object]) -> None:
        """Shift+↑/↓ on a record: `call` moves it (False at either end: a bell); `reselect` re-reads."""
        self.write(call, lambda moved: reselect() if moved else self.app.bell(), changed=False)

    async def confirmed_write(self, question: str, call: Callable[[], T], then: Callable[[T], object], *,
                              changed: bool = True) -> None:
        """Ask first (J/N) for what Ctrl+Z cannot take back; on J run the guarded write. Call from a worker."""
        if await self.app.push_screen_wait(ConfirmDialog(question)):
            self.write(call, then, changed=changed)

    def fill_window(self, min_height: int) -> None:
        """Fill the window instead of scrolling with the step body (a grid, a board, the plan's tables;
        inline style beats app.tcss), under a heading that fits the screen (`fit_header`)."""
        self.styles.height = "100%"
        self.styles.min_height = min_height
        self.fit_header()

    def fit_header(self) -> None:
        """At 80×24 the heading alone; on a taller screen (a projector) the introduction too."""
        header = self.query_one(".step-header")
        header.styles.padding, header.styles.margin = (0, 1), (0, 0)
        header.styles.height = 1 if self.app.size.height < 36 else 4

    def place(self) -> dict[str, int]:
        """Where in the step the facilitator is, for Store.save_place (a step with a grid overrides)."""
        return {}

    # --- storing fields ------------------------------------------------------------------------

    def save_field(self, field: str, value: str) -> str:
        """Store one field; return the value as stored (subclasses implement)."""
        raise NotImplementedError

    def remember(self, field: str, value: str) -> str:
        """Note the value a field holds in the store (so unchanged fields are not written again)."""
        self._saved[field] = value
        return value

    def _store(self, widget: FieldInput | FieldArea, value: str) -> bool:
        if self._saved.get(widget.field) == value:
            widget.remove_class("-invalid")
            return True
        # On an error the typed text stays in the field, marked, for a correction.
        ok = self.write(lambda: self.save_field(widget.field, value), lambda stored: self._stored(widget, value, stored))
        widget.set_class(not ok, "-invalid")
        return ok

    def _stored(self, widget: FieldInput | FieldArea, typed: str, stored: str) -> None:
        self._saved[widget.field] = stored
        if stored != typed:  # the store tidied it (a date read back, spaces trimmed): show what it holds
            if isinstance(widget, FieldArea):
                widget.load_text(stored)
            else:
                widget.value = stored

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        if isinstance(event.input, FieldInput):
            event.stop()
            if self._store(event.input, event.value):
                self.focus_next_field()

    @on(Input.Blurred)
    def _input_blurred(self, event: Input.Blurred) -> None:
        if isinstance(event.input, FieldInput) and event.input.is_attached:
            self._store(event.input, event.value)

    @on(FieldArea.Submitted)
    def _area_submitted(self, event: FieldArea.Submitted) -> None:
        event.stop()
        if self._store(event.area, event.area.text) and not event.leaving:
            self.focus_next_field()

    def focus_next_field(self) -> None:
        """Enter in a field: on to the step's next field, wrapping round inside the step.

        The screen's own focus_next would leave the step after its last field, for the step list: the
        step's keys (bound on the step view) would then do nothing or, where the screen binds the same
        key, the screen's thing, until Shift+Tab brought the cursor back.
        """
        screen = self.screen
        inside = [widget for widget in screen.focus_chain if self in widget.ancestors]
        if screen.focused in inside:
            screen.set_focus(inside[(inside.index(screen.focused) + 1) % len(inside)])
        else:
            screen.focus_next()

    def flush(self) -> None:
        """Store every field whose text differs from what is stored (leaving the step, quitting)."""
        for widget in self.query(FieldInput):
            self._store(widget, widget.value)
        for area in self.query(FieldArea):
            self._store(area, area.text)


class WatchesNotes:
    """Mixin for the steps that show the brainstorm's notes (4a, 4b): another laptop on the same store
    writes notes too, and a cheap version query once a second says when to re-read them (`reload`)."""

    _version: tuple[int, str] | None = None  # the notes' version as last read

    def poll(self) -> None:
        """Re-read only when the notes changed since they were read."""
        try:
            version = self.store.notes_version(self.workshop_id)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - a busy database now is fine; the next poll tries again
            return
        if version != self._version:
            self.reload()  # type: ignore[attr-defined]

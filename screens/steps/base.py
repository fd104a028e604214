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
from ..messages import report_error
from ..presentation import PresentationBlock
from ..widgets.fields import FieldArea, FieldInput, StepHeader

if TYPE_CHECKING:
    from digiworkshop.guide import Guide
    from digiworkshop.store import Store

T = TypeVar("T")

# The class of a step's inline question (an Input shown to ask for a name or a number, as 4b's theme
# prompt): an empty answer declines it, and Esc in it declines it too.
QUESTION_CLASS = "-asking"


class StepView(Vertical):
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

    def write(self, call: Callable[[], T], then: Callable[[T], object] | None = None, *,
              changed: bool = True, notice: str | None = None) -> bool:
        """Run one store call: on failure show the Danish error (what was typed stays where it is; the store
        wrote nothing, one transaction per call) and return False; on success show `notice` (if any), run
        `then` with the result (re-read and reselect), tell the step list something changed, return True."""
        try:
            result = call()
        except Exception as exc:  # noqa: BLE001 - shown in Danish, never a traceback
            report_error(self, exc)
            return False
        if notice:
            self.notify(notice, markup=False, timeout=3)
        if then is not None:
            then(result)
        if changed:
            self.post_message(self.Changed())
        return True

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
        try:
            stored = self.save_field(widget.field, value)
        except Exception as exc:  # noqa: BLE001 - shown in Danish; the typed text stays in the field
            widget.add_class("-invalid")
            report_error(self, exc)
            return False
        widget.remove_class("-invalid")
        self._saved[widget.field] = stored
        if stored != value:
            if isinstance(widget, FieldArea):
                widget.load_text(stored)
            else:
                widget.value = stored
        self.post_message(self.Changed())
        return True

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        if isinstance(event.input, FieldInput):
            event.stop()
            if self._store(event.input, event.value):
                self.screen.focus_next()

    @on(Input.Blurred)
    def _input_blurred(self, event: Input.Blurred) -> None:
        if isinstance(event.input, FieldInput) and event.input.is_attached:
            self._store(event.input, event.value)

    @on(FieldArea.Submitted)
    def _area_submitted(self, event: FieldArea.Submitted) -> None:
        event.stop()
        if self._store(event.area, event.area.text) and not event.leaving:
            self.screen.focus_next()

    def flush(self) -> None:
        """Store every field whose text differs from what is stored (leaving the step, quitting)."""
        for widget in self.query(FieldInput):
            self._store(widget, widget.value)
        for area in self.query(FieldArea):
            self._store(area, area.text)

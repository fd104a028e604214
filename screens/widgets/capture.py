"""A capture line: a label, a draft-keeping input and a hint; Enter posts what was captured.

The line does not store anything: the step handles `CaptureLine.Captured`, and clears the line once the
record is stored (the draft goes with it, see DraftInput). On an error the text stays in the line. Enter
on an empty line only says what to type (`required`): no step sees a blank capture.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static

from .fields import DraftInput


class CaptureLine(Vertical):
    """Label, input and hint for one kind of record (a participant, a member, a wish …); without a label
    the line is the input alone (the heading above it says what it captures)."""

    DEFAULT_CSS = "CaptureLine { height: auto; }"

    class Captured(Message):
        """Enter in the line: `value` is the text as typed (never blank)."""

        def __init__(self, line: CaptureLine, value: str) -> None:
            super().__init__()
            self.line = line
            self.value = value

        @property
        def control(self) -> CaptureLine:
            """The line, so a step tells its lines apart with `@on(CaptureLine.Captured, "#id")`."""
            return self.line

    def __init__(self, label: str | None, *, input_id: str, workshop_id: int, draft_key: str, required: str,
                 placeholder: str = "", hint: str = "", suggester: Suggester | None = None,
                 row_classes: str = "field-row", label_classes: str = "field-label",
                 id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._hint = hint
        self._required = required
        self._row_classes = row_classes
        self.label = Label(label, classes=label_classes) if label is not None else None
        self.input = DraftInput(placeholder=placeholder, id=input_id, suggester=suggester,
                                workshop_id=workshop_id, draft_key=draft_key)

    def compose(self) -> ComposeResult:
        if self.label is None:
            yield self.input
        else:
            with Horizontal(classes=self._row_classes):
                yield self.label
                yield self.input
        if self._hint:
            yield Static(self._hint, classes="hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.notify(self._required, severity="warning")
            return
        self.post_message(self.Captured(self, event.value))

    def clear(self) -> None:
        """Empty the line after its text is stored (which also drops the kept draft)."""
        self.input.value = ""

"""A capture line: a label, a draft-keeping input and a hint; Enter posts what was captured.

The line does not store anything: the step handles `CaptureLine.Captured`, and clears the line once the
record is stored (the draft goes with it, see DraftInput). On an error the text stays in the line.
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
    """Label, input and hint for one kind of record (a participant, a member, a wish …)."""

    DEFAULT_CSS = "CaptureLine { height: auto; }"

    class Captured(Message):
        """Enter in the line: `value` is the text as typed."""

        def __init__(self, line: CaptureLine, value: str) -> None:
            super().__init__()
            self.line = line
            self.value = value

        @property
        def control(self) -> CaptureLine:
            """The line, so a step tells its lines apart with `@on(CaptureLine.Captured, "#id")`."""
            return self.line

    def __init__(self, label: str, *, input_id: str, workshop_id: int, draft_key: str, placeholder: str = "",
                 hint: str = "", suggester: Suggester | None = None, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._label = label
        self._hint = hint
        self.input = DraftInput(placeholder=placeholder, id=input_id, suggester=suggester,
                                workshop_id=workshop_id, draft_key=draft_key)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Label(self._label, classes="field-label")
            yield self.input
        if self._hint:
            yield Static(self._hint, classes="hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Captured(self, event.value))

    def clear(self) -> None:
        """Empty the line after its text is stored (which also drops the kept draft)."""
        self.input.value = ""

"""Shared widgets: text fields that store on Enter or when left, capture lines that keep a draft, and
the step header."""

from __future__ import annotations

import logging
import time

from rich.text import Text
from textual import events
from textual.dom import DOMNode
from textual.message import Message
from textual.widgets import Input, Static, TextArea

from digiworkshop.guide import Step

from ..textual_internals import TextAreaKeys


log = logging.getLogger("digiworkshop")

# How long typing must pause before a capture line's text is kept as a draft: long enough that a
# typist's next key comes first (no write per key), short enough that a killed laptop loses at most
# the last second of typing.
DRAFT_PAUSE = 0.75


class FieldInput(Input):
    """A one-line field bound to a stored value: Enter or leaving the field stores it.

    The value is the stored text itself, control characters and all, so what is edited and stored back
    stays exact; the app's ControlFilter (screens/safe_text.py) keeps those characters from the terminal.
    Focusing it never selects its text: opening a workshop puts the cursor in the title, and one stray
    key would have replaced a selected title.
    """

    def __init__(self, value: str, *, field: str, placeholder: str = "", **kwargs) -> None:  # noqa: ANN003
        kwargs.setdefault("select_on_focus", False)
        super().__init__(value=value, placeholder=placeholder, **kwargs)
        self.field = field


class DraftInput(Input):
    """A capture line (text + Enter makes a note, a wish, a member …) whose typed text is kept as a draft.

    Until the step captures the text, it is kept in the store under the workshop and `draft_key`: after
    typing pauses (DRAFT_PAUSE), when the field is left or removed, and when the workshop screen flushes
    (step change, Esc, Ctrl+Q). It comes back into the field when the field is shown again, also after a
    restart. The draft is deleted when the field is emptied, which is what a step does once it has
    captured the text; a half-typed text never becomes a record by itself. Typing costs no write: only a
    pause, leaving, or emptying a field that has a draft writes.
    """

    def __init__(self, *, workshop_id: int, draft_key: str, **kwargs) -> None:  # noqa: ANN003
        kwargs.setdefault("select_on_focus", False)
        super().__init__(**kwargs)
        self.workshop_id = workshop_id
        self.draft_key = draft_key
        self._kept = ""  # the text the store holds as this line's draft
        self._changed_at = 0.0
        self._pending = False  # a pause check is scheduled
        self._held = False

    def on_mount(self) -> None:
        self.restore_draft()

    def restore_draft(self) -> None:
        """Put the kept draft back into the field (when the field is empty)."""
        try:
            self._kept = self.app.store.get_draft(self.workshop_id, self.draft_key)
        except Exception:  # noqa: BLE001 - a busy database: the field simply starts empty
            log.exception("reading the draft %s failed", self.draft_key)
            return
        if self._kept and not self.value:
            self.value = self._kept
            self.cursor_position = len(self._kept)

    def hold_draft(self) -> None:
        """The field shows something that is not typed for capture (a note being corrected): keep the
        draft as it is until `release_draft`."""
        self.save_draft()
        self._held = True

    def release_draft(self) -> None:
        """Back to capturing: the kept draft comes back into the (empty) field."""
        self._held = False
        if not self.value:
            self.restore_draft()

    def watch_value(self, value: str) -> None:
        if self._held or value == self._kept:
            return
        if not value.strip():
            self.save_draft()  # captured or cleared: the draft goes at once (no write when there was none)
            return
        self._changed_at = time.monotonic()
        if not self._pending:
            self._pending = True
            self.set_timer(DRAFT_PAUSE, self._after_pause)

    def _after_pause(self) -> None:
        self._pending = False
        wait = self._changed_at + DRAFT_PAUSE - time.monotonic()
        if wait > 0.02:  # still typing: look again when the pause could be over
            self._pending = True
            self.set_timer(wait, self._after_pause)
            return
        self.save_draft()

    def save_draft(self) -> None:
        """Keep the field's text as the draft now (nothing is written when it is kept already)."""
        if self._held or not self.is_attached:
            return
        text = self.value if self.value.strip() else ""
        if text == self._kept:
            return
        try:
            self.app.store.save_draft(self.workshop_id, self.draft_key, text)
        except Exception:  # noqa: BLE001 - the text stays in the field; the next pause or Enter tries again
            log.exception("keeping the draft %s failed", self.draft_key)
            return
        self._kept = text

    def on_blur(self, _event: events.Blur) -> None:
        self.save_draft()

    def on_unmount(self) -> None:
        self.save_draft()


def save_drafts(node: DOMNode) -> None:
    """Keep the text of every capture line under node as its draft (leaving a step, Esc, quitting)."""
    for line in node.query(DraftInput):
        line.save_draft()


class FieldArea(TextAreaKeys, TextArea):
    """A multi-line field bound to a stored value, soft-wrapped. Enter stores it and moves on
    (pasted text keeps its line breaks); leaving the field stores it too."""

    class Submitted(Message):
        """The user pressed Enter or left the field."""

        def __init__(self, area: "FieldArea", leaving: bool) -> None:
            super().__init__()
            self.area = area
            self.leaving = leaving

        @property
        def control(self) -> "FieldArea":
            return self.area

    def __init__(self, text: str, *, field: str, placeholder: str = "", **kwargs) -> None:  # noqa: ANN003
        super().__init__(text, soft_wrap=True, tab_behavior="focus", show_line_numbers=False,
                         placeholder=placeholder, **kwargs)
        self.field = field

    def enter_pressed(self) -> None:
        self.post_message(self.Submitted(self, leaving=False))

    def left(self) -> None:
        self.post_message(self.Submitted(self, leaving=True))


class StepHeader(Static):
    """The guide's heading, introduction and prompts for a step (all from data/guide.toml)."""

    def __init__(self, step: Step, **kwargs) -> None:  # noqa: ANN003
        text = Text()
        text.append(step.label, style="bold")
        text.append("\n")
        text.append(step.intro.strip(), style="italic")
        if step.prompts:
            text.append("\n")
            for prompt in step.prompts:
                text.append(f"\n• {prompt}")
        super().__init__(text, classes="step-header", **kwargs)


def literal(text: str) -> Text:
    """Text a user typed, shown exactly as typed (never parsed as markup)."""
    return Text(text)

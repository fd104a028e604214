"""Shared widgets: text fields that store on Enter or when left, and the step header."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Input, Static, TextArea

from digiworkshop.guide import Step


class FieldInput(Input):
    """A one-line field bound to a stored value: Enter or leaving the field stores it.

    The value is the stored text itself, control characters and all, so what is edited and stored back
    stays exact; the app's ControlFilter (screens/safe_text.py) keeps those characters from the terminal.
    """

    def __init__(self, value: str, *, field: str, placeholder: str = "", **kwargs) -> None:  # noqa: ANN003
        super().__init__(value=value, placeholder=placeholder, **kwargs)
        self.field = field


class FieldArea(TextArea):
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

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.prevent_default()
            event.stop()
            self.post_message(self.Submitted(self, leaving=False))
            return
        await super()._on_key(event)

    def _on_blur(self, event: events.Blur) -> None:
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

"""Modal dialogs: a one-line prompt, a participant form, a confirmation, an experience form."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ..safe_text import stored


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text (e.g. a new workshop's title). Enter confirms, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Fortryd", id="prompt.cancel")]

    def __init__(self, title: str, *, label: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # Title and label may name stored things: shown as text, never parsed as markup.
            yield Static(stored(self.title_text), classes="dialog-title")
            yield Label(stored(self.label))
            # The value is stored text loaded for editing: kept exact (ControlFilter, screens/safe_text.py).
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static("Enter: gem · Esc: fortryd", classes="dialog-hint")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            self.notify("Skriv en tekst, eller tryk Esc for at fortryde.", severity="warning")
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ParticipantForm(ModalScreen[dict | None]):
    """Add or edit a participant: name, role, organisation unit. Enter moves on; on the last field it saves."""

    BINDINGS = [Binding("escape", "cancel", "Fortryd", id="participant.cancel")]
    FIELDS = (("name", "Navn"), ("role", "Rolle"), ("unit", "Organisatorisk enhed"))

    def __init__(self, title: str, values: dict[str, str] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.values = values or {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            for key, label in self.FIELDS:
                yield Label(label)
                yield Input(self.values.get(key, ""), id=f"participant-{key}")
            yield Static("Enter: næste felt / gem · Esc: fortryd", classes="dialog-hint")

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id != "participant-unit":
            self.focus_next()
            return
        values = {key: self.query_one(f"#participant-{key}", Input).value for key, _ in self.FIELDS}
        if not values["name"].strip():
            self.notify("Deltageren skal have et navn.", severity="warning")
            self.query_one("#participant-name", Input).focus()
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """Ask before something that cannot be undone. J or Enter: ja; N or Esc: nej."""

    BINDINGS = [
        Binding("j,y", "answer(True)", "Ja", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "Nej", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # Questions quote stored text («title»): its control characters shown, never obeyed.
            yield Static(stored(self.question), classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Ja (J)", variant="error", id="yes")
                yield Button("Nej (N)", variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ExperienceForm(ModalScreen[dict | None]):
    """Add or edit an experience: municipality, contact, solution, what they learned.
    Enter moves on; on the last field it saves."""

    BINDINGS = [Binding("escape", "cancel", "Fortryd", id="experience.cancel")]
    FIELDS = (("municipality", "Kommune"), ("contact", "Kontaktperson"), ("solution", "Løsning"),
              ("learned", "Hvad har de lært?"))

    def __init__(self, title: str, values: dict[str, str], prompt: str) -> None:
        super().__init__()
        self.title_text = title
        self.values = values
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.prompt, classes="dialog-hint")
            for key, label in self.FIELDS:
                yield Label(label)
                yield Input(self.values.get(key, ""), id=f"experience-{key}")
            yield Static("Enter: næste felt / gem · Esc: fortryd", classes="dialog-hint")

    def on_mount(self) -> None:
        # The municipality is usually typed already: start where the text is missing.
        for key, _ in self.FIELDS:
            if not self.values.get(key):
                self.query_one(f"#experience-{key}", Input).focus()
                return

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id != "experience-learned":
            self.focus_next()
            return
        values = {key: self.query_one(f"#experience-{key}", Input).value for key, _ in self.FIELDS}
        if not values["municipality"].strip():
            self.notify("Skriv, hvilken kommune erfaringen kommer fra.", severity="warning")
            self.query_one("#experience-municipality", Input).focus()
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)

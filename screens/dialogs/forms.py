"""Modal dialogs: a one-line prompt (and the time box's minutes asked with it), a participant form, a
confirmation, an experience form."""

from __future__ import annotations

from textual import on
from textual.app import App
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from digiworkshop.domain import InputError
from digiworkshop.timebox import parse_duration

from ..messages import report_error
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


async def ask_duration(app: App, step_label: str) -> float | None:
    """Ask for the time box's minutes for a step (seconds back, 0 stops it; None: Esc). A typo asks again
    with the typed text, rather than losing it. Call from a worker."""
    text = "10"
    while True:
        text = await app.push_screen_wait(
            TextPrompt("Tidsramme", label=f"Minutter til «{step_label}» (0 stopper tidsrammen)", value=text,
                       placeholder="fx 10, 7,5 eller 7:30"))
        if text is None:
            return None
        try:
            return parse_duration(text)
        except InputError as exc:
            report_error(app, exc)


class FieldsForm(ModalScreen[dict | None]):
    """A form of one-line fields (`FIELDS`: key, label): Enter moves on, and on the last field saves,
    unless the first field is empty (`REQUIRED` says so). Esc cancels. Dismisses with {key: text}."""

    FIELDS: tuple[tuple[str, str], ...] = ()
    PREFIX = ""  # the fields' ids are "<PREFIX>-<key>"
    REQUIRED = ""

    def __init__(self, title: str, values: dict[str, str] | None = None, prompt: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.values = values or {}
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            if self.prompt:
                yield Static(self.prompt, classes="dialog-hint")
            for key, label in self.FIELDS:
                yield Label(label)
                yield Input(self.values.get(key, ""), id=f"{self.PREFIX}-{key}")
            yield Static("Enter: næste felt / gem · Esc: fortryd", classes="dialog-hint")

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id != f"{self.PREFIX}-{self.FIELDS[-1][0]}":
            self.focus_next()
            return
        values = {key: self.query_one(f"#{self.PREFIX}-{key}", Input).value for key, _ in self.FIELDS}
        if not values[self.FIELDS[0][0]].strip():
            self.notify(self.REQUIRED, severity="warning")
            self.query_one(f"#{self.PREFIX}-{self.FIELDS[0][0]}", Input).focus()
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ParticipantForm(FieldsForm):
    """Add or edit a participant: name, role, organisation unit."""

    BINDINGS = [Binding("escape", "cancel", "Fortryd", id="participant.cancel")]
    FIELDS = (("name", "Navn"), ("role", "Rolle"), ("unit", "Organisatorisk enhed"))
    PREFIX = "participant"
    REQUIRED = "Deltageren skal have et navn."


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


class ExperienceForm(FieldsForm):
    """Add or edit an experience: municipality, contact, solution, what they learned (the guide's prompt
    above the fields)."""

    BINDINGS = [Binding("escape", "cancel", "Fortryd", id="experience.cancel")]
    FIELDS = (("municipality", "Kommune"), ("contact", "Kontaktperson"), ("solution", "Løsning"),
              ("learned", "Hvad har de lært?"))
    PREFIX = "experience"
    REQUIRED = "Skriv, hvilken kommune erfaringen kommer fra."

    def on_mount(self) -> None:
        # The municipality is usually typed already: start where the text is missing.
        for key, _ in self.FIELDS:
            if not self.values.get(key):
                self.query_one(f"#experience-{key}", Input).focus()
                return

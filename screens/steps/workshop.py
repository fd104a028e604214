"""Step 0, the workshop: its details (title, date, place, …, phase) and its participants."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select, Static

from digiworkshop.domain import format_date_da, format_date_short, parse_date

from ..dialogs.forms import ParticipantForm
from ..presentation import PresentationBlock
from ..safe_text import stored, visible
from ..widgets.capture import CaptureLine
from ..widgets.fields import FieldInput
from ..widgets.record_table import RecordTable, record_keys
from .base import StepView

NAME_FIRST = "Skriv deltagerens navn (og evt. rolle og enhed adskilt af komma)."


class WorkshopStep(StepView):
    """Step 0: the workshop's details and its participants."""

    DEFAULT_CSS = """
    WorkshopStep .field-whole { height: auto; display: none; color: $text-muted; }
    WorkshopStep .field-whole.-shown { display: block; }
    """

    DETAILS = (
        ("title", "Titel"),
        ("date", "Dato"),
        ("place", "Sted"),
        ("organisation", "Organisation"),
        ("facilitator", "Facilitator"),
        ("solution", "Digital løsning i fokus"),
    )

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        workshop = self.store.get_workshop(self.workshop_id)
        for field, label in self.DETAILS:
            with Horizontal(classes="field-row"):
                yield Label(label, classes="field-label")
                if field == "date":
                    value = self.remember("date", format_date_short(workshop.date))
                    yield FieldInput(value, field="date", placeholder="fx 24/11-2026", id="field-date")
                    yield Static(format_date_da(workshop.date, weekday=True), id="date-spoken", classes="field-note")
                else:
                    value = self.remember(field, getattr(workshop, field))
                    yield FieldInput(value, field=field, id=f"field-{field}")
            if field != "date":
                # A text longer than its field (as a temadag's title often is) is shown whole, wrapped, under it.
                yield Static(id=f"whole-{field}", classes="field-whole")
        with Horizontal(classes="field-row"):
            yield Label("Fase", classes="field-label")
            yield Select(
                [(p.name, p.key) for p in self.guide.phases],
                value=self.remember("phase", workshop.phase) or Select.NULL,
                prompt="Vælg fase",
                id="field-phase",
            )
        yield Static("Deltagere", classes="section-title", id="participants-title")
        yield ParticipantTable(id="participants")
        yield CaptureLine("Ny deltager", id="participant-line", input_id="participant-new", placeholder="Navn, rolle, enhed – tryk Enter",
                          workshop_id=self.workshop_id, draft_key="workshop.participant_new", required=NAME_FIRST,
                          hint="I tabellen: Enter retter · Delete fjerner · A tilføjer med formular")

    def on_mount(self) -> None:
        table = self.query_one(ParticipantTable)
        table.add_column("Navn", key="name")
        table.add_column("Rolle", key="role")
        table.add_column("Organisatorisk enhed", key="unit")
        self.refresh_participants()
        self.call_after_refresh(self.show_whole)

    def on_resize(self) -> None:
        self.call_after_refresh(self.show_whole)

    @on(Input.Changed, "FieldInput")
    def _field_typed(self, event: Input.Changed) -> None:
        if isinstance(event.input, FieldInput):
            self.show_whole(event.input.field)

    def show_whole(self, only: str | None = None) -> None:
        """Under each detail's field, its whole text wrapped, when the field is too narrow to show it all."""
        for field, _label in self.DETAILS:
            if field == "date" or only not in (None, field):
                continue
            widget = self.query_one(f"#field-{field}", FieldInput)
            whole = self.query_one(f"#whole-{field}", Static)
            text = visible(widget.value)
            cut = widget.content_size.width > 0 and cell_len(text) >= widget.content_size.width
            whole.set_class(cut, "-shown")
            if cut:  # its text stands under the field's text
                whole.styles.padding = (0, 1, 0, max(1, widget.content_region.x - self.content_region.x))
                whole.update(Text(text))

    def refresh_participants(self, select_id: int | None = None) -> None:
        """Re-read the participants from the store."""
        table = self.query_one(ParticipantTable)
        participants = self.store.list_participants(self.workshop_id)
        table.clear()
        for p in participants:
            table.add_row(stored(p.name), stored(p.role), stored(p.unit), key=str(p.id))
        self.query_one("#participants-title", Static).update(f"Deltagere ({len(participants)})")
        table.select_id(select_id)

    def save_field(self, field: str, value: str) -> str:
        if field == "date":
            date = parse_date(value)
            self.store.update_workshop(self.workshop_id, date=date)
            self.query_one("#date-spoken", Static).update(format_date_da(date, weekday=True))
            return format_date_short(date)
        workshop = self.store.update_workshop(self.workshop_id, **{field: value})
        if field == "title":
            self.app.title = workshop.title
        return getattr(workshop, field)

    def presentation_content(self) -> list[PresentationBlock]:
        workshop = self.store.get_workshop(self.workshop_id)
        details = [
            f"{label}: {value}"
            for label, value in (
                ("Dato", format_date_da(workshop.date, weekday=True) if workshop.date else ""),
                ("Sted", workshop.place), ("Organisation", workshop.organisation),
                ("Facilitator", workshop.facilitator), ("Digital løsning", workshop.solution),
                ("Fase", self.guide.phase_name(workshop.phase) if workshop.phase else ""),
            )
            if value
        ]
        participants = [
            ", ".join(part for part in (p.name, p.role, p.unit) if part)
            for p in self.store.list_participants(self.workshop_id)
        ]
        return [PresentationBlock(workshop.title, tuple(details)),
                PresentationBlock(f"Deltagere ({len(participants)})", tuple(participants))]

    @on(Select.Changed, "#field-phase")
    def _phase_changed(self, event: Select.Changed) -> None:
        phase = "" if event.value is Select.NULL else str(event.value)
        # The Select also reports the stored phase when it is mounted: writing that back would touch the
        # workshop (and every other laptop's brainstorm would re-read its notes) just for opening step 0.
        if phase != self._saved.get("phase"):
            self.write(lambda: self.store.update_workshop(self.workshop_id, phase=phase),
                       lambda workshop: self.remember("phase", workshop.phase))

    @on(CaptureLine.Captured, "#participant-line")
    def _quick_add(self, event: CaptureLine.Captured) -> None:
        parts = [part.strip() for part in event.value.split(",", 2)]
        if not parts[0]:  # ", Leder": a role without a name
            self.notify(NAME_FIRST, severity="warning")
            return
        parts += [""] * (3 - len(parts))
        if self.write(lambda: self.store.add_participant(self.workshop_id, name=parts[0], role=parts[1], unit=parts[2]),
                      lambda participant: self.refresh_participants(select_id=participant.id)):
            event.line.clear()

    def _participant(self, participant_id: int):  # noqa: ANN202
        return next((p for p in self.store.list_participants(self.workshop_id) if p.id == participant_id), None)

    @on(RecordTable.Add, "#participants")
    @work
    async def add_with_form(self) -> None:
        """Add a participant through the form (name, role, unit)."""
        values = await self.app.push_screen_wait(ParticipantForm("Ny deltager"))
        if values is not None:
            self.write(lambda: self.store.add_participant(self.workshop_id, **values),
                       lambda participant: self.refresh_participants(select_id=participant.id))

    @on(RecordTable.Edit, "#participants")
    @work
    async def edit_participant(self, event: RecordTable.Edit) -> None:
        """Correct a participant in the form."""
        if (participant := self._participant(event.record_id)) is None:
            return
        values = await self.app.push_screen_wait(
            ParticipantForm("Ret deltager", {"name": participant.name, "role": participant.role, "unit": participant.unit})
        )
        if values is not None:
            self.write(lambda: self.store.update_participant(participant.id, **values),
                       lambda _: self.refresh_participants(select_id=participant.id), changed=False)

    @on(RecordTable.Remove, "#participants")
    @work
    async def remove_participant(self, event: RecordTable.Remove) -> None:
        """Remove a participant after asking."""
        if (participant := self._participant(event.record_id)) is None:
            return
        await self.confirmed_write(f"Fjern {participant.name} fra deltagerlisten?",
                                   lambda: self.store.delete_participant(participant.id),
                                   lambda _: self.refresh_participants())


class ParticipantTable(RecordTable):
    """The participants of step 0; keys act on the highlighted row."""

    BINDINGS = record_keys("participants", add="Tilføj deltager")

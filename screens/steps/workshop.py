"""Step 0, the workshop: its details (title, date, place, …, phase) and its participants."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label, Select, Static

from digiworkshop.domain import format_date_da, format_date_short, parse_date

from ..dialogs.forms import ConfirmDialog, ParticipantForm
from ..messages import report_error
from ..presentation import PresentationBlock
from ..safe_text import stored
from ..widgets.fields import DraftInput, FieldInput
from .base import StepView


class WorkshopStep(StepView):
    """Step 0: the workshop's details and its participants."""

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
        with Horizontal(classes="field-row"):
            yield Label("Fase", classes="field-label")
            yield Select(
                [(p.name, p.key) for p in self.guide.phases],
                value=self.remember("phase", workshop.phase) or Select.NULL,
                prompt="Vælg fase",
                id="field-phase",
            )
        yield Static("Deltagere", classes="section-title", id="participants-title")
        yield ParticipantTable(id="participants", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="field-row"):
            yield Label("Ny deltager", classes="field-label")
            yield DraftInput(placeholder="Navn, rolle, enhed – tryk Enter", id="participant-new",
                             workshop_id=self.workshop_id, draft_key="workshop.participant_new")
        yield Static(
            "I tabellen: Enter retter · Delete fjerner · A tilføjer med formular",
            classes="hint",
        )

    def on_mount(self) -> None:
        table = self.query_one(ParticipantTable)
        table.add_column("Navn", key="name")
        table.add_column("Rolle", key="role")
        table.add_column("Organisatorisk enhed", key="unit")
        self.refresh_participants()

    def refresh_participants(self, select_id: int | None = None) -> None:
        """Re-read the participants from the store."""
        table = self.query_one(ParticipantTable)
        participants = self.store.list_participants(self.workshop_id)
        table.clear()
        for p in participants:
            table.add_row(stored(p.name), stored(p.role), stored(p.unit), key=str(p.id))
        self.query_one("#participants-title", Static).update(f"Deltagere ({len(participants)})")
        if select_id is not None and str(select_id) in table.rows:
            table.move_cursor(row=table.get_row_index(str(select_id)))

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
        if phase == self._saved.get("phase"):
            return
        try:
            self.remember("phase", self.store.update_workshop(self.workshop_id, phase=phase).phase)
        except Exception as exc:  # noqa: BLE001
            report_error(self, exc)
            return
        self.post_message(self.Changed())

    @on(Input.Submitted, "#participant-new")
    def _quick_add(self, event: Input.Submitted) -> None:
        event.stop()
        parts = [part.strip() for part in event.value.split(",", 2)]
        if not parts[0]:
            self.notify("Skriv deltagerens navn (og evt. rolle og enhed adskilt af komma).", severity="warning")
            return
        parts += [""] * (3 - len(parts))
        try:
            participant = self.store.add_participant(self.workshop_id, name=parts[0], role=parts[1], unit=parts[2])
        except Exception as exc:  # noqa: BLE001 - the text stays in the input
            report_error(self, exc)
            return
        event.input.value = ""
        self.refresh_participants(select_id=participant.id)
        self.post_message(self.Changed())

    async def add_with_form(self) -> None:
        values = await self.app.push_screen_wait(ParticipantForm("Ny deltager"))
        if values is None:
            return
        try:
            participant = self.store.add_participant(self.workshop_id, **values)
        except Exception as exc:  # noqa: BLE001
            report_error(self, exc)
            return
        self.refresh_participants(select_id=participant.id)
        self.post_message(self.Changed())

    async def edit_participant(self, participant_id: int) -> None:
        participant = next(
            (p for p in self.store.list_participants(self.workshop_id) if p.id == participant_id), None
        )
        if participant is None:
            return
        values = await self.app.push_screen_wait(
            ParticipantForm("Ret deltager", {"name": participant.name, "role": participant.role, "unit": participant.unit})
        )
        if values is None:
            return
        try:
            self.store.update_participant(participant_id, **values)
        except Exception as exc:  # noqa: BLE001
            report_error(self, exc)
            return
        self.refresh_participants(select_id=participant_id)

    async def remove_participant(self, participant_id: int) -> None:
        participant = next(
            (p for p in self.store.list_participants(self.workshop_id) if p.id == participant_id), None
        )
        if participant is None:
            return
        if not await self.app.push_screen_wait(ConfirmDialog(f"Fjern {participant.name} fra deltagerlisten?")):
            return
        try:
            self.store.delete_participant(participant_id)
        except Exception as exc:  # noqa: BLE001
            report_error(self, exc)
            return
        self.refresh_participants()
        self.post_message(self.Changed())


class ParticipantTable(DataTable):
    """The participants of step 0; keys act on the highlighted row."""

    BINDINGS = [
        Binding("a,insert", "add", "Tilføj deltager", id="participants.add"),
        Binding("e", "edit", "Ret", id="participants.edit"),
        Binding("delete,x", "remove", "Fjern", id="participants.remove"),
    ]

    def _selected_id(self) -> int | None:
        if self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    def _step(self) -> WorkshopStep:
        return next(a for a in self.ancestors if isinstance(a, WorkshopStep))

    def action_add(self) -> None:
        self.app.run_worker(self._step().add_with_form())

    def action_edit(self) -> None:
        if (pid := self._selected_id()) is not None:
            self.app.run_worker(self._step().edit_participant(pid))

    def action_remove(self) -> None:
        if (pid := self._selected_id()) is not None:
            self.app.run_worker(self._step().remove_participant(pid))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

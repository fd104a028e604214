"""The step views shown inside a workshop: one class per guide step, chosen by the step's key."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Input, Label, Select, Static

from digiworkshop.domain import format_date_da, format_date_short, parse_date
from digiworkshop.guide import Step

from .commands import PaletteCommand, node_commands
from .forms import ConfirmDialog, ParticipantForm
from .messages import report_error
from .safe_text import stored
from .presentation import PresentationBlock
from .widgets import DraftInput, FieldArea, FieldInput, StepHeader


class StepView(Vertical):
    """Base of every step: shows the guide's text and stores fields on Enter or when left."""

    class Changed(Message):
        """Something was stored; the step list re-reads which steps hold content."""

    def __init__(self, *, workshop_id: int, step: Step) -> None:
        super().__init__(classes="step-view")
        self.workshop_id = workshop_id
        self.step = step
        self._saved: dict[str, str] = {}

    @property
    def store(self):  # noqa: ANN201
        return self.app.store

    @property
    def guide(self):  # noqa: ANN201
        return self.app.guide

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


class PurposeStep(StepView):
    """Step 1, Formidling af formål: the statement, its fit, the four audiences and the strategy link."""

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        texts = self.guide.purpose
        purpose = self.store.get_purpose(self.workshop_id)
        yield Label(texts.statement, classes="section-title")
        yield FieldArea(self.remember("statement", purpose.statement), field="statement",
                        placeholder=texts.statement_prompt, id="field-statement", classes="tall")
        yield Label(texts.fit, classes="section-title")
        yield FieldArea(self.remember("fit", purpose.fit), field="fit", placeholder=texts.fit_prompt,
                        id="field-fit")
        yield Label("Hvorfor giver det mening?", classes="section-title")
        for audience in texts.audiences:
            with Horizontal(classes="field-row"):
                yield Label(audience.name, classes="field-label")
                yield FieldArea(self.remember(audience.key, getattr(purpose, audience.key)),
                                field=audience.key, placeholder=audience.prompt, id=f"field-{audience.key}")
        yield Label(texts.strategy, classes="section-title")
        yield FieldArea(self.remember("strategy", purpose.strategy), field="strategy",
                        placeholder=texts.strategy_prompt, id="field-strategy")
        yield Checkbox(texts.no_strategy, value=purpose.no_strategy, id="field-no-strategy")
        yield Static("Enter gemmer og går videre til næste felt.", classes="hint")

    def save_field(self, field: str, value: str) -> str:
        purpose = self.store.update_purpose(self.workshop_id, **{field: value})
        return getattr(purpose, field)

    def presentation_content(self) -> list[PresentationBlock]:
        texts = self.guide.purpose
        purpose = self.store.get_purpose(self.workshop_id)
        strategy = purpose.strategy or (texts.no_strategy if purpose.no_strategy else "")
        return [
            PresentationBlock(texts.statement, (purpose.statement,), wide=True),
            PresentationBlock(texts.fit, (purpose.fit,), wide=True),
            *(PresentationBlock(a.name, (getattr(purpose, a.key),)) for a in texts.audiences),
            PresentationBlock(texts.strategy, (strategy,), wide=True),
        ]

    @on(Checkbox.Changed, "#field-no-strategy")
    def _no_strategy(self, event: Checkbox.Changed) -> None:
        try:
            self.store.update_purpose(self.workshop_id, no_strategy=event.value)
        except Exception as exc:  # noqa: BLE001
            report_error(self, exc)
            return
        self.post_message(self.Changed())


def view_for(step_key: str) -> type[StepView]:
    """The view class that captures a step of the guide."""
    # The step modules build on StepView, so they are imported here, when a step is first shown:
    # importing any one of them first then works too.
    from .step_action_plan import ActionPlanStep
    from .step_brainstorm import BrainstormStep
    from .step_evaluation import EvaluationStep
    from .step_systematisation import SystematisationStep
    from .step_trials import TrialsStep
    from .step_wishes import WishesStep
    from .step_working_group import WorkingGroupStep

    views: dict[str, type[StepView]] = {
        "workshop": WorkshopStep,
        "purpose": PurposeStep,
        "working_group": WorkingGroupStep,
        "wishes": WishesStep,
        "brainstorm": BrainstormStep,
        "systematisation": SystematisationStep,
        "action_plan": ActionPlanStep,
        "evaluation": EvaluationStep,
        "trials": TrialsStep,
    }
    return views[step_key]

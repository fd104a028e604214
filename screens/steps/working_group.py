"""Step 2, Nedsæt arbejdsgruppen: members with role, advantage, contribution and archetype, the
group's composition at a glance, and its task description and communication note."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Input, Label, Select, Static

from digiworkshop.rules.working_group import composition
from digiworkshop.domain import InputError

from ..safe_text import one_line, stored, visible
from ..presentation import PresentationBlock, bullet
from .base import StepView
from ..widgets.capture import CaptureLine
from ..widgets.fields import FieldArea, FieldInput
from ..widgets.record_table import RecordTable, record_keys

MEMBER_FIELDS = ("name", "role", "advantage", "contribution")


class MemberTable(RecordTable):
    """The group's members; keys act on the highlighted member (digits set its archetype)."""

    class Archetype(RecordTable.RecordMessage):
        """Set the highlighted member's archetype by its number in the guide (1–4), or none (0)."""

        def __init__(self, table: RecordTable, record_id: int | None, number: int) -> None:
            super().__init__(table, record_id)
            self.number = number

    BINDINGS = [
        *record_keys("working_group", add="Nyt medlem", move=True),
        *(
            Binding(str(i), f"archetype({i})", f"Arketype {i}", show=False, id=f"working_group.archetype{i}")
            for i in range(1, 5)
        ),
        Binding("0", "archetype(0)", "Ingen arketype", show=False, id="working_group.archetype0"),
    ]

    def action_archetype(self, number: int) -> None:
        self.post_for_selected(self.Archetype, number)


class WorkingGroupStep(StepView):
    """Step 2: who is in the working group, why, and what the group is asked to do."""

    BINDINGS = [Binding("ctrl+z", "undo", "Fortryd", id="working_group.undo")]

    DEFAULT_CSS = """
    WorkingGroupStep #members { height: auto; max-height: 16; margin: 0 1; }
    WorkingGroupStep #composition { margin: 1 1 0 1; padding: 0 1; border: round $primary 60%; height: auto; }
    WorkingGroupStep #not-in-group { padding: 0 1 0 25; color: $text-muted; }
    WorkingGroupStep .member-detail { height: auto; border-left: thick $primary 40%; margin-left: 1; }
    WorkingGroupStep .member-detail FieldArea { height: 4; }
    """

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.member_id: int | None = None

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        texts = self.guide.working_group
        group = self.store.get_working_group(self.workshop_id)
        participants = [p.name for p in self.store.list_participants(self.workshop_id)]
        yield Static("Medlemmer", classes="section-title", id="members-title")
        yield MemberTable(id="members")
        numbered = " · ".join(f"{i} {a.name}" for i, a in enumerate(self.guide.archetypes, start=1))
        yield Static(
            f"I tabellen: Enter/E retter · Delete fjerner · Ctrl+Z fortryder · Shift+↑/↓ flytter · "
            f"arketype: {numbered} · 0 ingen",
            classes="hint",
        )
        yield Static("", id="composition")
        yield CaptureLine("Nyt medlem", id="member-line", input_id="member-new",
                          placeholder="Navn (→ tager en deltager fra listen) – tryk Enter",
                          suggester=SuggestFromList(participants, case_sensitive=False),
                          workshop_id=self.workshop_id, draft_key="working_group.member_new",
                          required="Skriv medlemmets navn og tryk Enter.")
        yield Static("", id="not-in-group")
        yield Static("Valgt medlem", classes="section-title", id="member-title")
        with Horizontal(classes="field-row member-detail"):
            yield Label("Navn", classes="field-label")
            yield FieldInput("", field="member.name", id="member-name",
                             suggester=SuggestFromList(participants, case_sensitive=False))
        with Horizontal(classes="field-row member-detail"):
            yield Label("Rolle", classes="field-label")
            yield FieldInput("", field="member.role", id="member-role",
                             placeholder=f"Fx {', '.join(r.name for r in self.guide.roles)} (→ fuldfører)",
                             suggester=SuggestFromList([r.name for r in self.guide.roles], case_sensitive=False))
        with Horizontal(classes="field-row member-detail"):
            yield Label("Fordel", classes="field-label")
            yield FieldArea("", field="member.advantage", placeholder=texts.member_advantage, id="member-advantage")
        with Horizontal(classes="field-row member-detail"):
            yield Label("Bidrag", classes="field-label")
            yield FieldArea("", field="member.contribution", placeholder=texts.member_contribution,
                            id="member-contribution")
        with Horizontal(classes="field-row member-detail"):
            yield Label("Arketype", classes="field-label")
            yield Select(
                [(f"{a.name} ({a.description})", a.key) for a in self.guide.archetypes],
                prompt="Ingen arketype", allow_blank=True, id="member-archetype",
            )
        yield Label("Opgavebeskrivelse", classes="section-title")
        yield FieldArea(self.remember("task", group.task), field="task", placeholder=texts.task_prompt,
                        id="field-task", classes="tall")
        yield Label("Kommunikation til kollegerne", classes="section-title")
        yield FieldArea(self.remember("communication", group.communication), field="communication",
                        placeholder=texts.communication_prompt, id="field-communication")
        yield Static("Enter gemmer og går videre til næste felt.", classes="hint")

    def on_mount(self) -> None:
        self._columns()
        self.refresh_members()

    def _detail_width(self) -> int:
        # The step list (32), the name, role and archetype columns (~60) and padding take the rest.
        return max(20, self.app.size.width - 32 - 60 - 10)

    def _columns(self) -> None:
        """(Re)build the table's columns; the last one fits the terminal so nothing scrolls sideways."""
        table = self.query_one(MemberTable)
        table.clear(columns=True)
        self.detail_width = self._detail_width()
        table.add_column("Navn", key="name")
        table.add_column("Rolle", key="role")
        table.add_column("Arketype", key="archetype")
        table.add_column("Fordel · bidrag", key="detail", width=self.detail_width)

    def on_resize(self) -> None:
        if self.is_mounted and self._detail_width() != getattr(self, "detail_width", None):
            self._columns()
            self.refresh_members()

    def focus_first(self) -> None:
        """Start in "Nyt medlem": forming the group begins by naming its members."""
        self.query_one("#member-new", Input).focus()


    # --- reading the store --------------------------------------------------------------------

    def refresh_members(self, select_id: int | None = None) -> None:
        """Re-read the members and redraw the table, the composition and the selected member."""
        if not self.is_attached:
            return  # a field stored while the step was being left: nothing left to redraw
        members = self.store.list_group_members(self.workshop_id)
        names = {a.key: a.name for a in self.guide.archetypes}
        table = self.query_one(MemberTable)
        keep = select_id if select_id is not None else self.member_id
        table.clear()
        for m in members:
            detail = " · ".join(part for part in (m.advantage, m.contribution) if part.strip())
            table.add_row(
                stored(m.name), stored(m.role), Text(names.get(m.archetype, "–")),
                stored(one_line(detail, self.detail_width)), key=str(m.id),
            )
        self.query_one("#members-title", Static).update(f"Medlemmer ({len(members)})")
        table.select_id(keep)
        chosen = table.selected_id()
        if chosen != self.member_id:
            self.load_member(chosen)
        elif chosen is not None:
            # Same member: leave the fields alone (one may hold text not stored yet), update the title.
            self._show_title(self.store.get_group_member(chosen).name)
        self.query_one("#composition", Static).update(self._composition_text(members))
        linked = {m.participant_id for m in members}
        taken = {" ".join(m.name.casefold().split()) for m in members}
        missing = [p.name for p in self.store.list_participants(self.workshop_id)
                   if p.id not in linked and " ".join(p.name.casefold().split()) not in taken]
        self.query_one("#not-in-group", Static).update(
            stored("Deltagere, der ikke er med endnu: " + ", ".join(missing)) if missing else Text("")
        )

    def load_member(self, member_id: int | None) -> None:
        """Show one member in the detail fields (or empty, disabled fields when there is none)."""
        member = self.store.get_group_member(member_id) if member_id is not None else None
        self.member_id = member.id if member else None
        self._show_title(member.name if member else None)
        for field in MEMBER_FIELDS:
            widget = self.query_one(f"#member-{field}")
            value = getattr(member, field) if member else ""
            self.remember(f"member.{field}", value)
            widget.remove_class("-invalid")
            if isinstance(widget, FieldArea):
                if widget.text != value:
                    widget.load_text(value)
            else:
                widget.value = value
            widget.disabled = member is None
        select = self.query_one("#member-archetype", Select)
        with select.prevent(Select.Changed):
            select.value = member.archetype if member and member.archetype else Select.NULL
        select.disabled = member is None

    def _show_title(self, name: str | None) -> None:
        self.query_one("#member-title", Static).update(stored(f"Valgt medlem: {name if name else '–'}"))

    def _composition_text(self, members) -> Text:  # noqa: ANN001
        result = composition(members, self.guide)
        text = Text()
        text.append("Sammensætning: ", style="bold")
        text.append(f"{result.members} medlem{'mer' if result.members != 1 else ''}\n")
        text.append("Arketyper: ", style="bold")
        for i, (name, count) in enumerate(result.archetypes):
            if i:
                text.append(" · ")
            text.append(f"{name} {count}", style="dim" if count == 0 else "")
        text.append("\nRoller: ", style="bold")
        text.append(visible(" · ".join(f"{name} {count}" for name, count in result.roles)) or "–")  # typed roles
        if result.hints:
            for hint in result.hints:
                text.append("\n! ", style="bold yellow")
                text.append(visible(hint.text))
        else:
            text.append("\n✓ Gruppen følger guidens råd om sammensætningen.", style="green")
        return text

    # --- writing ------------------------------------------------------------------------------

    def save_field(self, field: str, value: str) -> str:
        if field.startswith("member."):
            if self.member_id is None:
                raise InputError("Vælg først et medlem i tabellen.", "no member selected")
            key = field.removeprefix("member.")
            member = self.store.update_group_member(self.member_id, **{key: value})
            self.call_after_refresh(self.refresh_members)
            return getattr(member, key)
        group = self.store.update_working_group(self.workshop_id, **{field: value})
        return getattr(group, field)

    @on(CaptureLine.Captured, "#member-line")
    def _add_member(self, event: CaptureLine.Captured) -> None:
        added: list = []
        if self.write(lambda: self.store.add_group_member(self.workshop_id, name=event.value.strip()),
                      lambda member: (added.append(member), self.refresh_members(select_id=member.id))):
            event.line.clear()
            # The name is given; the role comes next (already filled in when a participant was picked).
            self.query_one("#member-advantage" if added[0].role else "#member-role").focus()

    @on(DataTable.RowHighlighted, "#members")
    def _member_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        # Read the cursor, not the event: a redraw of the table posts highlights that are stale by now.
        table = self.query_one(MemberTable)
        chosen = table.selected_id()
        if chosen == self.member_id:
            return
        if not self._flush_member_fields():
            table.select_id(self.member_id)  # a field could not be stored: keep it on screen for correction
            return
        self.load_member(chosen)

    def _flush_member_fields(self) -> bool:
        ok = True
        if self.member_id is None:
            return ok
        for field in MEMBER_FIELDS:
            widget = self.query_one(f"#member-{field}")
            value = widget.text if isinstance(widget, FieldArea) else widget.value
            ok = self._store(widget, value) and ok
        return ok

    @on(RecordTable.Add, "#members")
    def _to_capture(self) -> None:
        self.query_one("#member-new", Input).focus()

    @on(RecordTable.Edit, "#members")
    def _to_fields(self) -> None:
        self.query_one("#member-name", Input).focus()

    @on(Select.Changed, "#member-archetype")
    def _archetype_chosen(self, event: Select.Changed) -> None:
        if self.member_id is None:
            return
        archetype = "" if event.value is Select.NULL else str(event.value)
        if self._write_member(self.member_id, archetype=archetype):
            # The last field of a member: go on to the next new member.
            self.query_one("#member-new", Input).focus()

    @on(MemberTable.Archetype)
    def _archetype_key(self, event: MemberTable.Archetype) -> None:
        archetypes = self.guide.archetypes
        self._write_member(event.record_id, archetype=archetypes[event.number - 1].key if event.number else "")

    def _write_member(self, member_id: int, **values: str) -> bool:
        return self.write(lambda: self.store.update_group_member(member_id, **values),
                          lambda _: self.refresh_members(select_id=member_id))

    @on(RecordTable.Move, "#members")
    def _move_member(self, event: RecordTable.Move) -> None:
        """Move a member up or down in the list (the order the handouts use); a bell at either end."""
        self.move(lambda: self.store.move_group_member(event.record_id, event.step),
                  lambda: self.refresh_members(select_id=event.record_id))

    @on(RecordTable.Remove, "#members")
    def _remove_member(self, event: RecordTable.Remove) -> None:
        """Remove a member at once; Ctrl+Z brings them back (the notice says so)."""
        removed: list[str] = []

        def remove() -> None:
            removed.append(self.store.get_group_member(event.record_id).name)
            self.store.delete_group_member(event.record_id)

        if self.write(remove, lambda _: self.refresh_members()):
            self.notify(f"Fjernet fra arbejdsgruppen: {visible(removed[0])} – Ctrl+Z fortryder", markup=False)

    def action_undo(self) -> None:
        """Bring back the member removed last."""
        self.undo(lambda: self.store.undo_working_group(self.workshop_id),
                  lambda member_id: self.refresh_members(select_id=member_id))

    # --- projector ----------------------------------------------------------------------------

    def presentation_content(self) -> list[PresentationBlock]:
        """The group in brief for a projector: members with role and archetype, the advice, the task."""
        members = self.store.list_group_members(self.workshop_id)
        names = {a.key: a.name for a in self.guide.archetypes}
        lines: list[str] = []
        for m in members:
            details = ", ".join(part for part in (m.role, names.get(m.archetype, "")) if part)
            lines += bullet(f"{m.name} – {details}" if details else m.name)
        lines += [f"! {hint.text}" for hint in composition(members, self.guide).hints]
        group = self.store.get_working_group(self.workshop_id)
        return [PresentationBlock(f"Arbejdsgruppen ({len(members)})", tuple(lines)),
                PresentationBlock("Opgave", tuple(group.task.splitlines())),
                PresentationBlock("Kommunikation", tuple(group.communication.splitlines()))]


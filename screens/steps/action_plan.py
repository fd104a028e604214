"""Step 4c, Handlingsplan: the seed's two tables (barriers, potentials) grouped by perspective, with an
editor for the highlighted row, Danish deadlines read back at once, status, and the follow-up view."""

from __future__ import annotations

import datetime as dt

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Input, Label, Static

from digiworkshop.rules.action_plan import follow_up_order, is_overdue
from digiworkshop.deadlines import parse_deadline
from digiworkshop.domain import ACTION_STATUSES, PERSPECTIVES, format_date_da, format_date_short
from digiworkshop.models import Action

from ..safe_text import stored, visible
from ..presentation import PresentationBlock, bullet
from .base import StepView
from ..widgets.fields import FieldInput
from ..widgets.record_table import RecordTable


def today() -> dt.date:
    """The date deadlines are read against (a function so the follow-up view and the parser agree)."""
    return dt.date.today()


class PlanTable(RecordTable):
    """A table of the plan (row keys "a<id>", perspective headings between); keys act on the highlighted
    action and are posted to the step."""

    class Status(RecordTable.RecordMessage):
        """Give the highlighted action the next status."""

    class FollowUp(RecordTable.RecordMessage):
        """Switch between the plan and the follow-up list."""

    class Shown(RecordTable.RecordMessage):
        """The user's cursor is on an action (or a heading: None); the editor below shows it."""

    BINDINGS = [
        Binding("enter", "edit", "Udfyld", id="action_plan.edit"),
        Binding("s", "status", "Status", id="action_plan.status"),
        Binding("o", "follow_up", "Opfølgning", id="action_plan.follow_up"),
        Binding("delete", "remove", "Slet række", show=False, id="action_plan.delete"),
    ]

    def selected_id(self) -> int | None:
        """The highlighted action's id (None on a perspective heading)."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value or ""
        return int(key[1:]) if key.startswith("a") else None

    def action_status(self) -> None:
        self.post_for_selected(self.Status)

    def action_follow_up(self) -> None:
        self.post_message(self.FollowUp(self, None))

    class Resized(RecordTable.RecordMessage):
        """The table got a new width: the step shares it out between the columns again."""

    def on_focus(self) -> None:
        self.post_message(self.Shown(self, self.selected_id()))

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(self.Resized(self, None))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Only the user's own cursor moves bind the editor (a redraw moves the cursor too).
        if self.has_focus:
            self.post_message(self.Shown(self, self.selected_id()))


class ActionPlanStep(StepView):
    """4c: the plan's rows from the central barriers and potentials, filled in the room."""

    DEFAULT_CSS = """
    ActionPlanStep PlanTable { height: 1fr; min-height: 4; }
    ActionPlanStep .plan-title { height: 1; text-style: bold; padding: 0 1; }
    ActionPlanStep #plan-follow-up-box { display: none; height: 1fr; }
    ActionPlanStep.-follow-up #plan-follow-up-box { display: block; }
    ActionPlanStep.-follow-up #plan-tables { display: none; }
    ActionPlanStep #plan-tables { height: 1fr; }
    ActionPlanStep #plan-editor { height: auto; background: $boost; }
    ActionPlanStep #plan-editor .field-row { height: 1; }
    ActionPlanStep #plan-editor Label { width: 20; padding: 0 1; }
    ActionPlanStep #plan-editor Input { border: none; height: 1; padding: 0 1; width: 1fr; }
    ActionPlanStep #plan-editor Input:focus { background: $accent 30%; }
    ActionPlanStep #plan-subject { height: auto; max-height: 8; padding: 0 1; }
    ActionPlanStep #deadline-spoken { height: 1; padding: 0 1 0 21; color: $text-muted; }
    ActionPlanStep #deadline-spoken.-bad { color: $error; }
    /* A short window (80×24): the highlighted row whole while the tables have the focus, the editor's
       fields only while one of them has it (with the subject on one line), so both tables keep rows in
       sight; the two together pushed the potentials below the window's edge. */
    ActionPlanStep.-short #plan-editor .field-row, ActionPlanStep.-short #deadline-spoken { display: none; }
    ActionPlanStep.-short.-editing #plan-editor .field-row,
    ActionPlanStep.-short.-editing #deadline-spoken { display: block; }
    ActionPlanStep.-short.-editing #plan-subject { max-height: 1; }
    """

    SHORT = 30  # below this window height the editor's fields show only while one is being filled in

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.current: int | None = None
        self._actions: dict[int, Action] = {}
        self._widths: tuple[int, ...] = ()

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        columns = self.guide.action_plan
        with Vertical(id="plan-tables"):
            yield PlanTable(id="plan-barriere")
            yield PlanTable(id="plan-potentiale")
        with Vertical(id="plan-follow-up-box"):
            yield Static("Opfølgning – overskredne først", classes="plan-title")
            yield PlanTable(id="plan-follow-up")
        with Vertical(id="plan-editor"):
            yield Static(id="plan-subject")
            with Horizontal(classes="field-row"):
                yield Label(columns.barrier_columns[1], id="how-label")
                yield FieldInput("", field="how", id="field-how")
            with Horizontal(classes="field-row"):
                yield Label(columns.barrier_columns[2])
                yield FieldInput("", field="owner", id="field-owner", placeholder="Deltager, gruppe eller fritekst")
            with Horizontal(classes="field-row"):
                yield Label(columns.barrier_columns[3])
                yield FieldInput("", field="deadline", id="field-deadline",
                                 placeholder="fx fredag, næste uge, uge 12, 1/3, ultimo marts, om 14 dage")
            yield Static(id="deadline-spoken")

    def on_resize(self) -> None:
        self.set_class(self.app.size.height < self.SHORT, "-short")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # (CSS :focus-within would restyle only the focused field's own row, not its siblings.)
        self.set_class(event.widget in self.query("#plan-editor FieldInput"), "-editing")

    def on_mount(self) -> None:
        self.fill_window(20)
        self.set_class(self.app.size.height < self.SHORT, "-short")
        follow_up = self.query_one("#plan-follow-up", PlanTable)
        for key, name in (("status", "Status"), ("deadline", "Deadline"), ("subject", "Emne"),
                          ("owner", "Hvem er ansvarlig")):
            follow_up.add_column(name, key=key)
        self.write(lambda: self.store.sync_central_actions(self.workshop_id), changed=False)
        self.refresh_plan()
        self._set_suggestions()
        if self.current is None and self._actions:
            self.show_action(next(iter(self._actions)))

    def focus_first(self) -> None:
        self.query_one("#plan-barriere", PlanTable).focus()

    # --- showing -------------------------------------------------------------------------------

    def _status_name(self, key: str) -> str:
        return next((s.name for s in self.guide.action_statuses if s.key == key), key)

    def _deadline_cell(self, action: Action) -> Text:
        if action.deadline is not None:
            style = "bold red" if is_overdue(action, today()) else ""
            return Text(format_date_short(action.deadline), style=style)
        return stored(action.deadline_text, style="italic")

    def _column_widths(self, width: int) -> tuple[int, ...]:
        """Share a table's width out: deadline and status as wide as their content (a date whole), the
        owner as wide as its content up to a cap, and the rest split between subject and how."""
        names = self.guide.action_plan.barrier_columns
        table = self.query_one("#plan-barriere", PlanTable)
        actions = list(self._actions.values())
        statuses = [s.name for s in self.guide.action_statuses]
        deadline = min(16, max([cell_len(names[3]), *(self._deadline_cell(a).cell_len for a in actions)]))
        status = max(cell_len(name) for name in [*statuses, "Status"])
        owner = min(20, max([8, *(cell_len(visible(a.owner)) for a in actions)]))
        # Each column has the cell padding on both sides; the stable scroll bar gutter is not ours.
        rest = width - table.styles.scrollbar_size_vertical - 5 * 2 * table.cell_padding - deadline - status
        if rest - owner < 2 * 12:  # narrow: the owner gives way before the texts become unreadable
            owner = max(8, rest - 2 * 12)
        text = max(2 * 4, rest - owner)
        return (text - text // 2, text // 2, owner, deadline, status)

    def _fit_columns(self) -> bool:
        """Give both plan tables the columns the current width calls for; True if they were rebuilt."""
        # Before the first layout the table has no width: a typical one, fitted again once it is sized.
        widths = self._column_widths(self.query_one("#plan-barriere", PlanTable).size.width or 120)
        if widths == self._widths:
            return False
        self._widths = widths
        columns = self.guide.action_plan
        for kind, names in (("barriere", columns.barrier_columns), ("potentiale", columns.potential_columns)):
            table = self.query_one(f"#plan-{kind}", PlanTable)
            table.clear(columns=True)
            for key, name, width in zip(("subject", "how", "owner", "deadline", "status"),
                                        (*names[:4], "Status"), widths):
                table.add_column(name, key=key, width=width)
        return True

    @on(PlanTable.Resized)
    def _resized(self) -> None:
        if self._fit_columns():
            self.refresh_plan()

    def refresh_plan(self, select: int | None = None) -> None:
        """Re-read the plan and redraw the tables, keeping the cursor on the same action."""
        actions = self.store.list_actions(self.workshop_id)
        self._actions = {a.id: a for a in actions}
        self._fit_columns()
        select = select if select is not None else self.current
        for kind in ("barriere", "potentiale"):
            table = self.query_one(f"#plan-{kind}", PlanTable)
            table.clear()
            for perspective in PERSPECTIVES:
                rows = [a for a in actions if a.kind == kind and a.perspective == perspective]
                if not rows:
                    continue
                name = next(p.name for p in self.guide.perspectives if p.key == perspective)
                table.add_row(Text(name, style="bold underline"), "", "", "", "", key=f"h-{perspective}")
                for a in rows:
                    table.add_row(stored(a.subject), stored(a.how), stored(a.owner), self._deadline_cell(a),
                                  Text(self._status_name(a.status)), key=f"a{a.id}")
            if not actions:
                table.add_row(Text("Markér centrale noter i 4b (tast c) – de kommer med her.", style="dim"),
                              "", "", "", "", key="h-empty")
        follow_up = self.query_one("#plan-follow-up", PlanTable)
        follow_up.clear()
        for a in follow_up_order(actions, today()):
            follow_up.add_row(self._follow_up_status(a), self._deadline_cell(a), stored(a.subject), stored(a.owner),
                              key=f"a{a.id}")
        if select is None and actions:
            select = actions[0].id  # start on the first row to fill, not on a heading
        if select is not None:
            for table in self.query(PlanTable):
                if f"a{select}" in table.rows:
                    table.move_cursor(row=table.get_row_index(f"a{select}"))

    def _follow_up_status(self, action: Action) -> Text:
        overdue = is_overdue(action, today())
        return Text(("OVERSKREDET · " if overdue else "") + self._status_name(action.status),
                    style="bold red" if overdue else "")

    def _update_row(self, action: Action) -> None:
        """Show a changed action in place (no rebuild: the cursor and the editor stay where they are)."""
        self._actions[action.id] = action
        cells = {"subject": stored(action.subject), "how": stored(action.how), "owner": stored(action.owner),
                 "deadline": self._deadline_cell(action)}
        for table in self.query(PlanTable):
            if f"a{action.id}" not in table.rows:
                continue
            for column, value in cells.items():
                if column in table.columns:
                    table.update_cell(f"a{action.id}", column, value)
            status = self._follow_up_status(action) if table.id == "plan-follow-up" else Text(
                self._status_name(action.status))
            table.update_cell(f"a{action.id}", "status", status)
        if action.id == self.current:
            self._show_detail(action)

    def _show_detail(self, action: Action) -> None:
        """The highlighted row whole under the tables (the columns cut long texts): subject, how, owner,
        deadline and status, wrapped to the width there is."""
        names = self.guide.action_plan.barrier_columns if action.kind == "barriere" else \
            self.guide.action_plan.potential_columns
        detail = Text()
        detail.append(f"{names[0]}: ", style="dim")
        detail.append(visible(action.subject), style="bold")
        for name, value in ((names[1], stored(action.how)), (names[2], stored(action.owner)),
                            (names[3], self._deadline_cell(action)),
                            ("Status", Text(self._status_name(action.status)))):
            detail.append(f"\n{name}: ", style="dim")
            detail.append_text(value if value.plain else Text("–", style="dim"))
        self.query_one("#plan-subject", Static).update(detail)

    def _set_suggestions(self) -> None:
        owners = self.store.owner_suggestions(self.workshop_id)
        self.query_one("#field-owner", FieldInput).suggester = SuggestFromList(owners, case_sensitive=False)

    def show_action(self, action_id: int | None) -> None:
        """Bind the editor to an action (storing what was typed for the previous one first)."""
        if action_id == self.current:
            return
        for widget in self.query(FieldInput):
            if self.current is not None and self.current in self._actions:
                self._store(widget, widget.value)
        self.current = action_id
        action = self._actions.get(action_id) if action_id is not None else None
        subject = self.query_one("#plan-subject", Static)
        how_label = self.query_one("#how-label", Label)
        columns = self.guide.action_plan
        if action is None:
            subject.update(Text("Vælg en række i tabellen (Enter udfylder).", style="dim"))
            values = {"how": "", "owner": "", "deadline": ""}
        else:
            self._show_detail(action)
            how_label.update(columns.barrier_columns[1] if action.kind == "barriere" else columns.potential_columns[1])
            values = {"how": action.how, "owner": action.owner, "deadline": action.deadline_text}
        for field, value in values.items():
            widget = self.query_one(f"#field-{field}", FieldInput)
            widget.value = self.remember(field, value)
            widget.disabled = action is None
            widget.remove_class("-invalid")
        self._speak(values["deadline"], action.deadline if action else None)

    def _speak(self, typed: str, stored: dt.date | None = None) -> None:
        """Say the deadline back in Danish right away, so a wrong guess is caught in the room."""
        spoken = self.query_one("#deadline-spoken", Static)
        spoken.remove_class("-bad")
        if not typed.strip():
            spoken.update("")
            return
        try:
            deadline = parse_deadline(typed, today=today())
        except Exception as exc:  # noqa: BLE001 - shown in place, nothing stored yet
            spoken.add_class("-bad")
            spoken.update(Text(visible(getattr(exc, "danish", str(exc)))))
            return
        if deadline.date is None:
            spoken.update(Text("→ ingen dato: gemmes som tekst", style="italic"))
        else:
            spoken.update(Text(f"→ {format_date_da(deadline.date, weekday=True)}", style="bold"))

    @on(Input.Changed, "#field-deadline")
    def _deadline_typed(self, event: Input.Changed) -> None:
        self._speak(event.value)

    # --- storing -------------------------------------------------------------------------------

    def save_field(self, field: str, value: str) -> str:
        if self.current is None or self.query_one(f"#field-{field}", FieldInput).value != value:
            # A late "left the field" from the previous row: the editor already shows another action.
            return value
        if field == "deadline":
            action = self.store.update_action(self.current, deadline_text=value, today=today())
            stored = action.deadline_text
        else:
            action = self.store.update_action(self.current, **{field: value})
            stored = getattr(action, field)
        self._update_row(action)
        if field == "owner":
            self._set_suggestions()
            if self._fit_columns():  # a longer or shorter owner moves the column borders
                self.refresh_plan()
        return stored

    @on(Input.Submitted, "#field-deadline")
    def _deadline_submitted(self, event: Input.Submitted) -> None:
        # The last field of a row: store it and go back to the table, on the next row to fill.
        event.stop()
        event.prevent_default()
        if not self._store(event.input, event.value):
            return
        table = next((t for t in self.query(PlanTable) if f"a{self.current}" in t.rows and t.display), None)
        if table is None:
            return
        table.focus()
        index = table.get_row_index(f"a{self.current}")
        for row in range(index + 1, table.row_count):
            key = table.coordinate_to_cell_key((row, 0)).row_key.value or ""
            if key.startswith("a"):
                table.move_cursor(row=row)
                break

    @on(PlanTable.Shown)
    def _shown(self, event: PlanTable.Shown) -> None:
        self.show_action(event.record_id)

    @on(PlanTable.Edit)
    def edit(self, event: PlanTable.Edit) -> None:
        """Enter on a row: fill its how, owner and deadline."""
        self.show_action(event.record_id)
        self.query_one("#field-how", FieldInput).focus()

    @on(PlanTable.Status)
    def cycle_status(self, event: PlanTable.Status) -> None:
        """S: the next status (ikke startet → i gang → færdig → opgivet → ikke startet)."""
        action = self._actions[event.record_id]
        status = ACTION_STATUSES[(ACTION_STATUSES.index(action.status) + 1) % len(ACTION_STATUSES)]

        def updated(action: Action) -> None:
            self._update_row(action)
            self.notify(f"Status: {self._status_name(status)}", timeout=2)

        self.write(lambda: self.store.update_action(action.id, status=status), updated, changed=False)

    @on(PlanTable.Remove)
    def delete(self, event: PlanTable.Remove) -> None:
        """Delete: remove an action row."""
        def deleted(_: object) -> None:
            self.current = None
            self.refresh_plan()

        self.write(lambda: self.store.delete_action(event.record_id), deleted)

    @on(PlanTable.FollowUp)
    def toggle_follow_up(self) -> None:
        self.refresh_plan()  # the follow-up order may have changed with new deadlines and statuses
        self.toggle_class("-follow-up")
        target = "#plan-follow-up" if self.has_class("-follow-up") else "#plan-barriere"
        self.query_one(target, PlanTable).focus()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()

    # --- projector -----------------------------------------------------------------------------

    def presentation_content(self) -> list[PresentationBlock]:
        """The plan: barriers then potentials, by perspective, each with how, owner and deadline."""
        columns = self.guide.action_plan
        actions = self.store.list_actions(self.workshop_id)
        blocks = []
        for kind, names in (("barriere", columns.barrier_columns), ("potentiale", columns.potential_columns)):
            lines: list[str] = []
            for perspective in PERSPECTIVES:
                rows = [a for a in actions if a.kind == kind and a.perspective == perspective]
                if rows:
                    lines.append(next(p.name for p in self.guide.perspectives if p.key == perspective))
                for a in rows:
                    deadline = format_date_da(a.deadline) if a.deadline else a.deadline_text
                    lines += bullet(a.subject)
                    for name, value in ((names[1], a.how), (names[2], a.owner), (names[3], deadline)):
                        lines += bullet(value, f"  {name}: ", "    ")
            blocks.append(PresentationBlock(names[0], tuple(lines)))
        return blocks


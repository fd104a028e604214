"""A table of stored records: one row per record, keyed by its id; its keys post messages to the step.

The table never calls its step: it knows which record is highlighted and posts Add, Edit, Remove or
Move; the step handles them with `@on(...)` (as Textual's own widgets do), so a table can be reused and
driven on its own.
"""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable


def record_keys(scope: str, *, add: str | None = None, remove: str = "Fjern", move: bool = False) -> list[Binding]:
    """The keys every record table shares, in the footer's order: A/Insert adds (named `add`), E edits,
    Delete/X removes (named `remove`), Shift+↑/↓ move; their ids ("scope.add" …) are what keys.toml remaps."""
    keys = [Binding("a,insert", "add", add, id=f"{scope}.add")] if add else []
    keys += [Binding("e", "edit", "Ret", id=f"{scope}.edit"),
             Binding("delete,x", "remove", remove, id=f"{scope}.remove")]
    if move:
        keys += [Binding("shift+up", "move(-1)", "Flyt op", id=f"{scope}.move_up"),
                 Binding("shift+down", "move(1)", "Flyt ned", id=f"{scope}.move_down")]
    return keys


class RecordTable(DataTable):
    """A DataTable whose row keys are record ids; Enter (or E) edits, and the subclass's BINDINGS map keys
    to the actions add, edit, remove and move(±1)."""

    class RecordMessage(Message):
        """Base of the table's messages: which table, and which record (None for Add)."""

        def __init__(self, table: RecordTable, record_id: int | None) -> None:
            super().__init__()
            self.table = table
            self.record_id = record_id

        @property
        def control(self) -> RecordTable:
            """The table, so a step can tell two tables apart with `@on(..., "#id")`."""
            return self.table

    class Add(RecordMessage):
        """Add a record (the step decides how: a form, or the focus to a capture line)."""

    class Edit(RecordMessage):
        """Edit the highlighted record."""

    class Remove(RecordMessage):
        """Remove the highlighted record."""

    class Move(RecordMessage):
        """Move the highlighted record up (-1) or down (+1)."""

        def __init__(self, table: RecordTable, record_id: int | None, step: int) -> None:
            super().__init__(table, record_id)
            self.step = step

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)

    def selected_id(self) -> int | None:
        """The highlighted record's id, or None for an empty table."""
        if self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    def select_id(self, record_id: int | None) -> bool:
        """Put the cursor on a record's row; False when the table has no such row."""
        if record_id is None or str(record_id) not in self.rows:
            return False
        self.move_cursor(row=self.get_row_index(str(record_id)))
        return True

    def post_for_selected(self, message: type[RecordMessage], *args: object) -> None:
        """Post a message about the highlighted record (nothing when the table is empty)."""
        if (record_id := self.selected_id()) is not None:
            self.post_message(message(self, record_id, *args))

    def action_add(self) -> None:
        self.post_message(self.Add(self, None))

    def action_edit(self) -> None:
        self.post_for_selected(self.Edit)

    def action_remove(self) -> None:
        self.post_for_selected(self.Remove)

    def action_move(self, step: int) -> None:
        self.post_for_selected(self.Move, step)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # DataTable's own Enter selects: here it means "edit this record"
        self.action_edit()

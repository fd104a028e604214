"""Whole-workshop reads and writes for JSON export/import: every table, generically, in one go.

Rows are exported in table order (parents before children) and in id order; a row's "ref" is its
1-based index in its table's list, and a foreign key `x_id` is written as `x_ref`. Import writes
everything in one transaction and maps refs back to the new ids, so export → import → export is
identical without database ids ever leaving the store.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, delete, insert, update
from sqlmodel import SQLModel, select

from ..domain import InputError
from ..models import (
    Action, ActionFollowUp, EvaluationEntry, EvaluationRound, Experience, GroupMember, Note, Participant,
    Purpose, Theme, TrialAction, TrialAnswer, TrialCycle, TrialLogEntry, Wish, WorkingGroup, Workshop,
)
from ..text import visible
from .base import StoreBase, fetch

# Parents before children. UndoEntry is session history, not workshop content: not exported.
TABLES: tuple[type[SQLModel], ...] = (
    Participant, Purpose, WorkingGroup, GroupMember, Wish, Experience, Theme, Note, Action,
    TrialAction, TrialCycle, TrialAnswer, TrialLogEntry, EvaluationRound, EvaluationEntry, ActionFollowUp,
)
WORKSHOP_FIELDS = ("uid", "title", "date", "place", "organisation", "facilitator", "solution", "phase",
                   "votes_per_participant", "created_at")


def foreign_keys(model: type[SQLModel]) -> dict[str, type[SQLModel]]:
    """The model's foreign-key columns other than workshop_id, mapped to the model they point at."""
    by_table = {m.__tablename__: m for m in (*TABLES, Workshop)}
    result = {}
    for column in model.__table__.columns:
        for fk in column.foreign_keys:
            if column.name != "workshop_id":
                result[column.name] = by_table[fk.column.table.name]
    return result


def _owner_column(model: type[SQLModel]) -> tuple[str, type[SQLModel]] | None:
    """How a table without workshop_id hangs on its workshop: (column, parent model)."""
    if "workshop_id" in model.__table__.columns:
        return None
    for column, parent in foreign_keys(model).items():
        if not model.__table__.columns[column].nullable:
            return column, parent
    raise TypeError(f"{model.__name__} has no owner column")


class TransferMixin(StoreBase):
    """Read or write a whole workshop."""

    def export_rows(self, workshop_id: int) -> tuple[Workshop, dict[type[SQLModel], list[SQLModel]]]:
        """The workshop and every row belonging to it, table by table, in id order."""
        rows: dict[type[SQLModel], list[SQLModel]] = {}
        with self._read() as s:
            workshop = fetch(s, Workshop, workshop_id, "workshop")
            for model in TABLES:
                owner = _owner_column(model)
                pk = model.__table__.primary_key.columns.values()[0]
                if owner is None:
                    query = select(model).where(model.workshop_id == workshop_id)
                else:
                    column, parent = owner
                    parent_ids = [r.id for r in rows[parent]]
                    query = select(model).where(getattr(model, column).in_(parent_ids))
                rows[model] = list(s.exec(query.order_by(pk)).all())
        return workshop, rows

    def import_workshop(self, values: dict[str, Any], *, replace: bool = False) -> Workshop:
        """Write a whole workshop as prepared by exchange.parse_document, in one transaction.

        values = {"workshop": {field: value}, "tables": {Model: [row values with "ref" and "*_ref"]}}.
        A workshop with the same uid is replaced only when asked; otherwise nothing is written.

        The write lock is held only for the inserts themselves: every row is built before the
        transaction begins, and each table goes in as one bulk insert (executemany), ids coming back
        in the rows' order (RETURNING ... sort_by_parameter_order) only for tables another row points
        at. A big import used to hold SQLite's lock for most of a minute, and the room's captures on
        other laptops failed with "database is locked".
        """
        workshop_values = dict(values["workshop"])
        plan = _bulk_plan(values["tables"])
        workshop_table = Workshop.__table__
        with self._write() as s:
            conn = s.connection()
            existing = conn.execute(
                select(Workshop.id).where(Workshop.uid == workshop_values["uid"])
            ).scalar_one_or_none()
            if existing is not None:
                if not replace:
                    raise InputError(
                        f"Workshoppen findes allerede (id {existing}).",
                        f"a workshop with uid {visible(workshop_values['uid'])} already exists (id {existing}); "
                        "use --replace to overwrite it",
                    )
                # Its rows go with it (ON DELETE CASCADE), as they did through the ORM.
                conn.execute(delete(workshop_table).where(workshop_table.c.id == existing))
            workshop_id = conn.execute(
                insert(workshop_table).returning(workshop_table.c.id), [workshop_values]
            ).scalar_one()
            new_ids: dict[type[SQLModel], dict[int, int]] = {}
            for step in plan:
                rows = step.rows
                if step.has_workshop_id:
                    for data in rows:
                        data["workshop_id"] = workshop_id
                for data, links in step.links:
                    for column, parent, ref in links:
                        data[column] = new_ids[parent][ref]
                if not rows:
                    new_ids[step.model] = {}
                    continue
                table = step.model.__table__
                conn.execute(insert(table), rows)
                if step.wants_ids:
                    # Ids are handed out in insert order (SQLite's rowid, PostgreSQL's sequence, in
                    # this one transaction), and every row of this table under the new workshop is one
                    # just inserted: reading them back in id order pairs them with the rows. (RETURNING
                    # with a guaranteed order makes SQLite insert row by row: ten times slower.)
                    ids = conn.execute(
                        select(table.c.id).where(_belongs_to(step.model, workshop_id)).order_by(table.c.id)
                    ).scalars().all()
                    if len(ids) != len(rows):
                        raise RuntimeError(f"{table.name}: inserted {len(rows)} rows, read back {len(ids)}")
                    new_ids[step.model] = dict(zip(step.refs, ids))
                if step.self_links:
                    ids = new_ids[step.model]
                    for column in step.self_links:
                        updates = [{"row_id": ids[ref], "target": ids[target]}
                                   for ref, target in step.self_links[column]]
                        conn.execute(
                            update(table).where(table.c.id == bindparam("row_id"))
                            .values({column: bindparam("target")}),
                            updates,
                        )
        return Workshop(id=workshop_id, **workshop_values)


def _belongs_to(model: type[SQLModel], workshop_id: int):  # noqa: ANN202 - an SQL condition
    """The SQL condition for a table's rows that belong to the workshop (through its owner chain)."""
    owner = _owner_column(model)
    if owner is None:
        return model.__table__.c.workshop_id == workshop_id
    column, parent = owner
    parent_table = parent.__table__
    return model.__table__.c[column].in_(select(parent_table.c.id).where(_belongs_to(parent, workshop_id)))


class _BulkStep:
    """One table's rows, built before the write transaction; only the new ids are left to fill in."""

    def __init__(self, model: type[SQLModel], rows: list[dict[str, Any]], wants_ids: bool) -> None:
        self.model = model
        self.has_workshop_id = "workshop_id" in model.__table__.columns
        self.wants_ids = wants_ids and "id" in model.__table__.columns
        self.refs = [row["ref"] for row in rows]
        self.rows: list[dict[str, Any]] = []
        # Rows with links to parent tables: (row, [(column, parent model, parent ref)]).
        self.links: list[tuple[dict[str, Any], list[tuple[str, type[SQLModel], int]]]] = []
        # Links within the table (a note merged into a later note): {column: [(row ref, target ref)]},
        # set by an update once every row of the table has its id.
        self.self_links: dict[str, list[tuple[int, int]]] = {}
        fks = [(column, parent, column[:-3] + "_ref") for column, parent in foreign_keys(model).items()]
        for row in rows:
            data = {k: v for k, v in row.items() if k != "ref" and not k.endswith("_ref")}
            links = []
            for column, parent, key in fks:
                data[column] = None
                ref = row.get(key)
                if ref is None:
                    continue
                if parent is model:
                    self.self_links.setdefault(column, []).append((row["ref"], ref))
                else:
                    links.append((column, parent, ref))
            self.rows.append(data)
            if links:
                self.links.append((data, links))


def _bulk_plan(tables: dict[type[SQLModel], list[dict[str, Any]]]) -> list[_BulkStep]:
    """The tables in insert order, each with its rows built; ids are fetched only where needed."""
    pointed_at = {parent for model in TABLES for parent in foreign_keys(model).values()}
    return [_BulkStep(model, tables.get(model, []), model in pointed_at) for model in TABLES]

"""Whole-workshop reads and writes for JSON export/import: every table, generically, in one go.

Rows are exported in table order (parents before children) and in id order; a row's "ref" is its
1-based index in its table's list, and a foreign key `x_id` is written as `x_ref`. Import writes
everything in one transaction and maps refs back to the new ids, so export → import → export is
identical without database ids ever leaving the store.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import SQLModel, select

from ..domain import InputError
from ..models import (
    Action, ActionFollowUp, EvaluationEntry, EvaluationRound, Experience, GroupMember, Note, Participant,
    Purpose, Theme, TrialAction, TrialAnswer, TrialCycle, TrialLogEntry, Wish, WorkingGroup, Workshop,
)
from .base import StoreBase

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
            workshop = s.get(Workshop, workshop_id)
            if workshop is None:
                from .base import NotFound

                raise NotFound("workshop", workshop_id)
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
        """
        workshop_values = dict(values["workshop"])
        with self._write() as s:
            existing = s.exec(select(Workshop).where(Workshop.uid == workshop_values["uid"])).first()
            if existing is not None:
                if not replace:
                    raise InputError(
                        f"Workshoppen findes allerede (id {existing.id}).",
                        f"a workshop with uid {workshop_values['uid']} already exists (id {existing.id}); "
                        "use --replace to overwrite it",
                    )
                s.delete(existing)
                s.flush()
            workshop = Workshop(**workshop_values)
            s.add(workshop)
            s.flush()
            new_ids: dict[type[SQLModel], dict[int, int]] = {}
            for model in TABLES:
                fks = foreign_keys(model)
                new_ids[model] = {}
                deferred: list[tuple[SQLModel, str, int]] = []  # self-references, set once all rows exist
                for row in values["tables"].get(model, []):
                    data = {k: v for k, v in row.items() if k != "ref" and not k.endswith("_ref")}
                    if "workshop_id" in model.__table__.columns:
                        data["workshop_id"] = workshop.id
                    self_refs = {}
                    for column, parent in fks.items():
                        ref = row.get(column[:-3] + "_ref")
                        if ref is not None and parent is model:
                            self_refs[column] = ref
                            ref = None
                        data[column] = None if ref is None else new_ids[parent][ref]
                    instance = model(**data)
                    s.add(instance)
                    s.flush()
                    if "id" in model.__table__.columns:
                        new_ids[model][row["ref"]] = instance.id
                    deferred += [(instance, column, ref) for column, ref in self_refs.items()]
                for instance, column, ref in deferred:
                    setattr(instance, column, new_ids[model][ref])
                    s.add(instance)
                s.flush()
        return workshop

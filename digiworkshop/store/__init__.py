"""The store: the only place that opens database sessions and writes SQL. One session per operation.

`Store` is one class, assembled from one mixin per step of the guide, each in a module named as the
step is everywhere else (rules/, the screens, the handouts): workshop (0, and the list of workshops),
purpose (1), working_group (2), wishes (3), brainstorm (4a), systematisation (4b), action_plan (4c),
evaluation (5), trials (Bilag 2); beside them drafts (the laptop's working state), room (phones), transfer (a whole
workshop in or out), undo (the undo log) and base (sessions, errors and the helpers they share). The one read elsewhere is `digiworkshop.quick_list`: the workshop
list at start-up, before this package (and SQLAlchemy) is imported.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlmodel import select

from ..db import DatabaseError
from ..domain import InputError
from ..paths import redact_url
from .action_plan import ActionPlanMixin
from .base import NotFound, StoreBase, WorkshopSummary
from .drafts import DraftsMixin
from .evaluation import EvaluationMixin
from .purpose import PURPOSE_TEXT_FIELDS, PurposeMixin
from .room import RoomMixin
from .systematisation import SystematisationMixin
from .transfer import TransferMixin
from .trials import TrialsMixin
from .wishes import WishesMixin
from .working_group import WorkingGroupMixin
from .workshop import PARTICIPANT_TEXT_FIELDS, PHASES, WORKSHOP_TEXT_FIELDS, WorkshopMixin


class Store(
    WorkshopMixin, PurposeMixin, WorkingGroupMixin, WishesMixin, SystematisationMixin, ActionPlanMixin,
    EvaluationMixin, TrialsMixin, TransferMixin, DraftsMixin, RoomMixin, StoreBase,
):
    """Every read and write of workshop data. Methods take keyword arguments and return plain models."""

    def steps_with_content(self, workshop_id: int) -> set[str]:
        """The guide steps (by key) that hold something for this workshop.

        Each area's `_content_*` says, as SQL conditions, what counts for its steps; they are asked in
        one query (the step list re-reads its dots after every step change).
        """
        checks: dict[str, ColumnElement[bool]] = {}
        for name in dir(type(self)):
            if name.startswith("_content_"):
                checks.update(getattr(self, name)(workshop_id))
        with self._read() as s:
            found = s.exec(select(*(condition.label(key) for key, condition in checks.items()))).one()
        return {key for key, yes in zip(checks, found) if yes}


def open_store(db: str | None = None) -> Store:
    """Open (and migrate) the store named by --db, DIGIWORKSHOP_DB or the default file."""
    return Store(db)


__all__ = [
    "PARTICIPANT_TEXT_FIELDS", "PHASES", "PURPOSE_TEXT_FIELDS", "WORKSHOP_TEXT_FIELDS", "DatabaseError",
    "InputError", "NotFound", "Store", "WorkshopSummary", "open_store", "redact_url",
]

"""Step 0, the workshop: its details and participants, and the list of workshops."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, func, or_
from sqlmodel import select

from ..domain import InputError, check_date_range, clean_text
from ..models import Participant, Purpose, Workshop
from .base import ContentChecks, StoreBase, WorkshopSummary, fetch, next_position, text_values

WORKSHOP_TEXT_FIELDS = {
    "title": "Titel",
    "place": "Sted",
    "organisation": "Organisation",
    "facilitator": "Facilitator",
    "solution": "Digital løsning",
}
PARTICIPANT_TEXT_FIELDS = {"name": "Navn", "role": "Rolle", "unit": "Organisatorisk enhed"}
PHASES = ("", "ide", "forberedelse", "anskaffelse", "implementering")


class WorkshopMixin(StoreBase):
    """Reads and writes of step 0."""

    # --- workshops -------------------------------------------------------------------------

    def list_workshops(self) -> list[WorkshopSummary]:
        """Workshops, the most recently changed first, with their participant counts."""
        with self._read() as s:
            counts = (
                select(Participant.workshop_id, func.count().label("n"))
                .group_by(Participant.workshop_id)
                .subquery()
            )
            rows = s.exec(
                select(Workshop, func.coalesce(counts.c.n, 0))
                .outerjoin(counts, counts.c.workshop_id == Workshop.id)
                .order_by(Workshop.updated_at.desc(), Workshop.id.desc())
            ).all()
            return [
                WorkshopSummary(w.id, w.uid, w.title, w.date, w.organisation, w.phase, n, w.updated_at)
                for w, n in rows
            ]

    def get_workshop(self, workshop_id: int) -> Workshop:
        """One workshop, or NotFound."""
        with self._read() as s:
            return fetch(s, Workshop, workshop_id, "workshop")

    def find_workshop_by_uid(self, uid: str) -> Workshop | None:
        """The workshop with this stable uid, if any."""
        with self._read() as s:
            return s.exec(select(Workshop).where(Workshop.uid == uid)).first()

    def create_workshop(self, *, title: str, **fields: object) -> Workshop:
        """A new workshop with an empty purpose; title is required."""
        values = self._workshop_values({"title": title, **fields})
        if not values.get("title"):
            raise InputError("Titlen må ikke være tom.", "the title must not be empty")
        with self._write() as s:
            workshop = Workshop(**values)
            s.add(workshop)
            s.flush()
            s.add(Purpose(workshop_id=workshop.id))
        return workshop

    def update_workshop(self, workshop_id: int, **fields: object) -> Workshop:
        """Change some of a workshop's details (title, date, place, organisation, facilitator, solution, phase)."""
        values = self._workshop_values(fields)
        if "title" in values and not values["title"]:
            raise InputError("Titlen må ikke være tom.", "the title must not be empty")
        with self._write() as s:
            workshop = self._touch(s, workshop_id)
            for key, value in values.items():
                setattr(workshop, key, value)
        return workshop

    def delete_workshop(self, workshop_id: int) -> None:
        """Delete a workshop and everything in it."""
        with self._write() as s:
            s.delete(fetch(s, Workshop, workshop_id, "workshop"))

    @staticmethod
    def _workshop_values(fields: dict[str, object]) -> dict[str, object]:
        values: dict[str, object] = {}
        for key, value in fields.items():
            if key in WORKSHOP_TEXT_FIELDS:
                values[key] = clean_text(value, label=WORKSHOP_TEXT_FIELDS[key])  # type: ignore[arg-type]
            elif key == "date":
                if value is not None and not isinstance(value, dt.date):
                    raise TypeError("date must be a datetime.date or None")
                values[key] = check_date_range(value, label="Workshoppens dato")
            elif key == "phase":
                if value not in PHASES:
                    raise InputError(f"Ukendt fase: {value}", f"unknown phase {value!r}")
                values[key] = value
            elif key in ("uid", "created_at"):
                values[key] = value  # only set by import, which keeps a workshop's identity
            else:
                raise TypeError(f"unknown workshop field {key!r}")
        return values

    # --- participants ----------------------------------------------------------------------

    def list_participants(self, workshop_id: int) -> list[Participant]:
        """The workshop's participants in the order they were added."""
        return self._all(select(Participant).where(Participant.workshop_id == workshop_id)
                         .order_by(Participant.position, Participant.id))

    def add_participant(self, workshop_id: int, *, name: str, role: str = "", unit: str = "") -> Participant:
        """Add a participant at the end of the list; the name is required."""
        values = self._participant_values({"name": name, "role": role, "unit": unit})
        with self._write() as s:
            self._touch(s, workshop_id)
            position = next_position(s, Participant.position, Participant.workshop_id == workshop_id)
            participant = Participant(workshop_id=workshop_id, position=position, **values)
            s.add(participant)
        return participant

    def update_participant(self, participant_id: int, **fields: str) -> Participant:
        """Change a participant's name, role or unit."""
        values = self._participant_values(fields)
        with self._write() as s:
            participant = fetch(s, Participant, participant_id, "participant")
            for key, value in values.items():
                setattr(participant, key, value)
            s.add(participant)
            self._touch(s, participant.workshop_id)
        return participant

    def delete_participant(self, participant_id: int) -> None:
        """Remove a participant."""
        with self._write() as s:
            participant = fetch(s, Participant, participant_id, "participant")
            self._touch(s, participant.workshop_id)
            s.delete(participant)

    @staticmethod
    def _participant_values(fields: dict[str, str]) -> dict[str, str]:
        return text_values(fields, PARTICIPANT_TEXT_FIELDS, "participant", required=("name",))

    # --- overview --------------------------------------------------------------------------

    def _content_workshop(self, workshop_id: int) -> ContentChecks:
        # The title alone does not count: every workshop has one.
        details = or_(*(getattr(Workshop, f) != "" for f in ("place", "organisation", "facilitator", "solution", "phase")),
                      Workshop.date.is_not(None))
        return {"workshop": or_(exists().where(Workshop.id == workshop_id, details),
                                exists().where(Participant.workshop_id == workshop_id))}

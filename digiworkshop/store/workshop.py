"""Workshops (step 0), their participants, and the purpose (step 1)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, func, or_
from sqlmodel import select

from ..domain import InputError, check_date_range, clean_text
from ..models import Participant, Purpose, Workshop, utcnow
from .base import ContentChecks, NotFound, StoreBase, WorkshopSummary

WORKSHOP_TEXT_FIELDS = {
    "title": "Titel",
    "place": "Sted",
    "organisation": "Organisation",
    "facilitator": "Facilitator",
    "solution": "Digital løsning",
}
PURPOSE_TEXT_FIELDS = {
    "statement": "Formål",
    "fit": "Sammenhæng med øvrige prioriteringer",
    "borgere": "Borgere",
    "medarbejdere": "Medarbejdere",
    "ledelse": "Ledelse",
    "politikere": "Politikere",
    "strategy": "Digitaliseringsstrategi",
}
PARTICIPANT_TEXT_FIELDS = {"name": "Navn", "role": "Rolle", "unit": "Organisatorisk enhed"}
PHASES = ("", "ide", "forberedelse", "anskaffelse", "implementering")


class WorkshopMixin(StoreBase):
    """Reads and writes of steps 0 and 1."""

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
            workshop = s.get(Workshop, workshop_id)
            if workshop is None:
                raise NotFound("workshop", workshop_id)
            return workshop

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
            workshop = s.get(Workshop, workshop_id)
            if workshop is None:
                raise NotFound("workshop", workshop_id)
            for key, value in values.items():
                setattr(workshop, key, value)
            workshop.updated_at = utcnow()
            s.add(workshop)
        return workshop

    def delete_workshop(self, workshop_id: int) -> None:
        """Delete a workshop and everything in it."""
        with self._write() as s:
            workshop = s.get(Workshop, workshop_id)
            if workshop is None:
                raise NotFound("workshop", workshop_id)
            s.delete(workshop)

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
        with self._read() as s:
            return list(
                s.exec(
                    select(Participant)
                    .where(Participant.workshop_id == workshop_id)
                    .order_by(Participant.position, Participant.id)
                ).all()
            )

    def add_participant(self, workshop_id: int, *, name: str, role: str = "", unit: str = "") -> Participant:
        """Add a participant at the end of the list; the name is required."""
        values = self._participant_values({"name": name, "role": role, "unit": unit})
        with self._write() as s:
            self._touch(s, workshop_id)
            last = s.exec(
                select(func.max(Participant.position)).where(Participant.workshop_id == workshop_id)
            ).one()
            participant = Participant(workshop_id=workshop_id, position=(last or 0) + 1, **values)
            s.add(participant)
        return participant

    def update_participant(self, participant_id: int, **fields: str) -> Participant:
        """Change a participant's name, role or unit."""
        values = self._participant_values(fields)
        with self._write() as s:
            participant = s.get(Participant, participant_id)
            if participant is None:
                raise NotFound("participant", participant_id)
            for key, value in values.items():
                setattr(participant, key, value)
            s.add(participant)
            self._touch(s, participant.workshop_id)
        return participant

    def delete_participant(self, participant_id: int) -> None:
        """Remove a participant."""
        with self._write() as s:
            participant = s.get(Participant, participant_id)
            if participant is None:
                raise NotFound("participant", participant_id)
            self._touch(s, participant.workshop_id)
            s.delete(participant)

    @staticmethod
    def _participant_values(fields: dict[str, str]) -> dict[str, str]:
        values = {}
        for key, value in fields.items():
            if key not in PARTICIPANT_TEXT_FIELDS:
                raise TypeError(f"unknown participant field {key!r}")
            values[key] = clean_text(value, label=PARTICIPANT_TEXT_FIELDS[key], required=key == "name")
        return values

    # --- purpose ---------------------------------------------------------------------------

    def get_purpose(self, workshop_id: int) -> Purpose:
        """Step 1's answers (empty ones for a workshop that has none yet)."""
        with self._read() as s:
            purpose = s.get(Purpose, workshop_id)
            if purpose is None:
                if s.get(Workshop, workshop_id) is None:
                    raise NotFound("workshop", workshop_id)
                purpose = Purpose(workshop_id=workshop_id)
            return purpose

    def update_purpose(self, workshop_id: int, **fields: object) -> Purpose:
        """Change some of step 1's answers."""
        values: dict[str, object] = {}
        for key, value in fields.items():
            if key in PURPOSE_TEXT_FIELDS:
                values[key] = clean_text(value, label=PURPOSE_TEXT_FIELDS[key])  # type: ignore[arg-type]
            elif key == "no_strategy":
                values[key] = bool(value)
            else:
                raise TypeError(f"unknown purpose field {key!r}")
        with self._write() as s:
            self._touch(s, workshop_id)
            purpose = s.get(Purpose, workshop_id) or Purpose(workshop_id=workshop_id)
            for key, value in values.items():
                setattr(purpose, key, value)
            s.add(purpose)
        return purpose

    # --- overview --------------------------------------------------------------------------

    def _content_workshop(self, workshop_id: int) -> ContentChecks:
        # The title alone does not count: every workshop has one.
        details = or_(*(getattr(Workshop, f) != "" for f in ("place", "organisation", "facilitator", "solution", "phase")),
                      Workshop.date.is_not(None))
        answered = or_(*(getattr(Purpose, f) != "" for f in PURPOSE_TEXT_FIELDS), Purpose.no_strategy.is_(True))
        return {
            "workshop": or_(exists().where(Workshop.id == workshop_id, details),
                            exists().where(Participant.workshop_id == workshop_id)),
            "purpose": exists().where(Purpose.workshop_id == workshop_id, answered),
        }

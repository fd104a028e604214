"""The store: the only place that opens database sessions and writes SQL. One session per operation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session, select

from .db import DatabaseError, ensure_schema, make_engine
from .domain import InputError, clean_text
from .models import Participant, Purpose, Workshop, utcnow
from .paths import database_url, redact_url

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


class NotFound(LookupError):
    """An id that does not exist in the store."""

    def __init__(self, what: str, ident: object) -> None:
        super().__init__(f"{what} {ident} does not exist")
        self.danish = f"{_DANISH_WHAT.get(what, what)} {ident} findes ikke."
        self.english = f"{what} {ident} does not exist"


_DANISH_WHAT = {"workshop": "Workshop", "participant": "Deltager"}


@dataclass(frozen=True)
class WorkshopSummary:
    """A row of the workshop list."""

    id: int
    uid: str
    title: str
    date: dt.date | None
    organisation: str
    phase: str
    participants: int
    updated_at: dt.datetime


def _translate_write_error(exc: SQLAlchemyError) -> DatabaseError:
    """A database failure on write, said plainly (the UI keeps the typed text for a retry)."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "readonly" in text or "read-only" in text:
        return DatabaseError(
            "Databasen er skrivebeskyttet, så teksten blev ikke gemt. Den står stadig i feltet.",
            "the database is read-only; nothing was saved",
        )
    if "disk" in text and "full" in text or "no space" in text:
        return DatabaseError(
            "Disken er fuld, så teksten blev ikke gemt. Den står stadig i feltet – frigør plads og tryk Enter igen.",
            "the disk is full; nothing was saved",
        )
    if "locked" in text or "busy" in text:
        return DatabaseError(
            "Databasen er optaget af et andet program. Teksten står stadig i feltet – prøv igen.",
            "the database is locked by another process; nothing was saved",
        )
    return DatabaseError(
        "Der opstod en fejl i databasen, så teksten blev ikke gemt. Den står stadig i feltet.",
        f"database error: {type(exc).__name__}",
    )


class Store:
    """Every read and write of workshop data. Methods take keyword arguments and return plain models."""

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = database_url(url)
        self.engine = make_engine(self.url)
        self.backup_path: str | None = None
        if migrate:
            self.backup_path = ensure_schema(self.engine)
        self._writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")

    @property
    def display_url(self) -> str:
        """The database location with any password hidden."""
        return redact_url(self.url)

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One committed transaction; a failure rolls back everything and raises DatabaseError."""
        try:
            with Session(self._writer, expire_on_commit=False) as session:
                yield session
                session.commit()
        except (InputError, NotFound):
            raise
        except OperationalError as exc:
            raise _translate_write_error(exc) from None
        except SQLAlchemyError as exc:
            raise _translate_write_error(exc) from None

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
                values[key] = value
            elif key == "phase":
                if value not in PHASES:
                    raise InputError(f"Ukendt fase: {value}", f"unknown phase {value!r}")
                values[key] = value
            elif key in ("uid", "created_at"):
                values[key] = value  # only set by import, which keeps a workshop's identity
            else:
                raise TypeError(f"unknown workshop field {key!r}")
        return values

    def _touch(self, s: Session, workshop_id: int) -> None:
        workshop = s.get(Workshop, workshop_id)
        if workshop is None:
            raise NotFound("workshop", workshop_id)
        workshop.updated_at = utcnow()
        s.add(workshop)

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

    # --- import ----------------------------------------------------------------------------

    def import_workshop(self, values: dict, *, replace: bool = False) -> Workshop:
        """Write a whole workshop (as checked by exchange.parse_document) in one transaction."""
        workshop_values = self._workshop_values(values["workshop"])
        participants = [self._participant_values(p) for p in values["participants"]]
        purpose_values = {k: clean_text(v, label=PURPOSE_TEXT_FIELDS[k]) for k, v in values["purpose"].items()
                          if k in PURPOSE_TEXT_FIELDS}
        purpose_values["no_strategy"] = bool(values["purpose"].get("no_strategy"))
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
            for position, participant in enumerate(participants, start=1):
                s.add(Participant(workshop_id=workshop.id, position=position, **participant))
            s.add(Purpose(workshop_id=workshop.id, **purpose_values))
        return workshop

    # --- overview --------------------------------------------------------------------------

    def steps_with_content(self, workshop_id: int) -> set[str]:
        """The guide steps (by key) that hold something for this workshop."""
        workshop = self.get_workshop(workshop_id)
        keys: set[str] = set()
        if any(getattr(workshop, f) for f in ("place", "organisation", "facilitator", "solution", "phase")) or (
            workshop.date or self.list_participants(workshop_id)
        ):
            keys.add("workshop")
        purpose = self.get_purpose(workshop_id)
        if any(getattr(purpose, f) for f in PURPOSE_TEXT_FIELDS) or purpose.no_strategy:
            keys.add("purpose")
        return keys


def open_store(db: str | None = None) -> Store:
    """Open (and migrate) the store named by --db, DIGIWORKSHOP_DB or the default file."""
    return Store(db)


__all__ = ["DatabaseError", "InputError", "NotFound", "Store", "WorkshopSummary", "open_store", "redact_url"]

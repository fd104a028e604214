"""The store's foundation: engine, one session per operation, the errors it raises, and the small
helpers every step's module shares (a row or NotFound, the next position, cleaned text fields, a move)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session, SQLModel, select
from sqlmodel.sql.expression import SelectOfScalar

from ..db import DatabaseError, ensure_schema, make_engine
from ..domain import InputError, WorkshopSummary, clean_text
from ..text import one_line
from ..models import Workshop, utcnow
from ..paths import database_url, redact_url
from .undo import last_undo

Row = TypeVar("Row", bound=SQLModel)


class NotFound(LookupError):
    """An id that does not exist in the store."""

    def __init__(self, what: str, ident: object) -> None:
        super().__init__(f"{what} {ident} does not exist")
        self.danish = f"{_DANISH_WHAT.get(what, what)} {ident} findes ikke."
        self.english = f"{what} {ident} does not exist"


# What a `_content_*` method of an area returns: for each of its guide steps (by key), the SQL condition
# that is true when the workshop holds something there (Store.steps_with_content asks them all at once).
ContentChecks = dict[str, ColumnElement[bool]]

# How NotFound names a thing in Danish ("Evalueringsrunden 9 findes ikke.").
_DANISH_WHAT = {
    "workshop": "Workshop", "participant": "Deltager", "evaluation round": "Evalueringsrunden",
    "evaluation entry": "Svaret", "action": "Handlingen", "trial": "Prøvehandlingen", "trial cycle": "Cyklussen",
    "trial log entry": "Erfaringen", "note": "Noten", "theme": "Temaet",
}
# How `gone` names a row that existed and was removed ("Ønsket findes ikke længere (nr. 4).").
_DANISH_GONE = {
    "note": "Noten", "theme": "Temaet", "action": "Handlingen", "participant": "Deltageren", "wish": "Ønsket",
    "group member": "Medlemmet", "experience": "Erfaringen",
}
# What `gone` adds in brackets: a row another laptop may have deleted, or a row named by its number.
ELSEWHERE = "måske slettet på en anden computer"
NUMBERED = "nr. {ident}"


def gone(what: str, ident: object, detail: str) -> NotFound:
    """NotFound for a row that is no longer there, said as such in Danish; `detail` (ELSEWHERE,
    NUMBERED) is said in brackets, with {ident} filled in."""
    error = NotFound(what, ident)
    error.danish = f"{_DANISH_GONE.get(what, what)} findes ikke længere ({detail.format(ident=ident)})."
    return error


def fetch(s: Session, model: type[Row], ident: int | None, what: str, *, detail: str | None = None,
          live: bool = False) -> Row:
    """The row of `model` with this id, or NotFound naming `what` (said with `gone(detail)` when a
    detail is given). With `live`, a softly deleted row (deleted_at set) counts as not found."""
    row = s.get(model, ident) if ident is not None else None
    if row is None or (live and row.deleted_at is not None):  # type: ignore[attr-defined]
        raise gone(what, ident, detail) if detail is not None else NotFound(what, ident)
    return row


def next_position(s: Session, column: Any, *where: Any) -> int:
    """One past the largest `column` (a position) among the rows `where` selects (1 when there are none)."""
    return (s.exec(select(func.max(column)).where(*where)).one() or 0) + 1


def text_values(fields: Mapping[str, object], labels: Mapping[str, str], what: str, *,
                required: Sequence[str] = ()) -> dict[str, str]:
    """The text fields cleaned (domain.clean_text, with their Danish labels); an unknown field is a
    programming error (TypeError naming `what`), a missing required one an InputError."""
    values = {}
    for key, value in fields.items():
        if key not in labels:
            raise TypeError(f"unknown {what} field {key!r}")
        values[key] = clean_text(value, label=labels[key], required=key in required)  # type: ignore[arg-type]
    return values


short = one_line  # what an undo entry or a message names: text on one line, cut with "…"


def check_step(step: int) -> None:
    """A move goes one place up (-1) or down (+1)."""
    if step not in (-1, 1):
        raise ValueError("step must be -1 or 1")


def swap(rows: list[Row], ident: int, step: int) -> bool:
    """Swap the row with this id and its neighbour `step` away, in the list; False (nothing changes)
    when it is already first or last."""
    index = next(i for i, row in enumerate(rows) if row.id == ident)  # type: ignore[attr-defined]
    if not 0 <= index + step < len(rows):
        return False
    rows[index], rows[index + step] = rows[index + step], rows[index]
    return True


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
    sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if "locked" in text or "busy" in text or sqlstate == "55P03" or "lock timeout" in text:
        return DatabaseError(
            "Databasen er optaget af et andet program. Teksten står stadig i feltet – prøv igen.",
            "the database is locked by another process; nothing was saved",
        )
    return DatabaseError(
        "Der opstod en fejl i databasen, så teksten blev ikke gemt. Den står stadig i feltet.",
        f"database error: {type(exc).__name__}",
    )


class StoreBase:
    """Engine and sessions; the area mixins in this package add the reads and writes."""

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

    def _touch(self, s: Session, workshop_id: int) -> Workshop:
        """Mark the workshop as changed now (the workshop list shows the latest first)."""
        workshop = fetch(s, Workshop, workshop_id, "workshop")
        workshop.updated_at = utcnow()
        s.add(workshop)
        return workshop

    def _all(self, query: SelectOfScalar[Row]) -> list[Row]:
        """Every row a query selects, read in one session."""
        with self._read() as s:
            return list(s.exec(query).all())

    def _workshop_row(self, model: type[Row], workshop_id: int) -> Row:
        """A step's one row per workshop (Purpose, WorkingGroup): empty when none is stored yet."""
        with self._read() as s:
            row = s.get(model, workshop_id)
            if row is None:
                fetch(s, Workshop, workshop_id, "workshop")
                row = model(workshop_id=workshop_id)
            return row

    def _update_workshop_row(self, model: type[Row], workshop_id: int, values: Mapping[str, object]) -> Row:
        """Change some fields of a step's one row per workshop (made when it is first written)."""
        with self._write() as s:
            self._touch(s, workshop_id)
            row = s.get(model, workshop_id) or model(workshop_id=workshop_id)
            for key, value in values.items():
                setattr(row, key, value)
            s.add(row)
        return row

    def _last_undo(self, workshop_id: int, scope: str) -> str | None:
        """What Ctrl+Z in a scope would undo (Danish), or None."""
        with self._read() as s:
            entry = last_undo(s, workshop_id, scope)
            return entry.description if entry else None

"""The store's foundation: engine, one session per operation, and the errors it raises."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import ColumnElement
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session

from ..db import DatabaseError, ensure_schema, make_engine
from ..domain import InputError, WorkshopSummary
from ..models import Workshop, utcnow
from ..paths import database_url, redact_url


class NotFound(LookupError):
    """An id that does not exist in the store."""

    def __init__(self, what: str, ident: object) -> None:
        super().__init__(f"{what} {ident} does not exist")
        self.danish = f"{_DANISH_WHAT.get(what, what)} {ident} findes ikke."
        self.english = f"{what} {ident} does not exist"


# What a `_content_*` method of an area returns: for each of its guide steps (by key), the SQL condition
# that is true when the workshop holds something there (Store.steps_with_content asks them all at once).
ContentChecks = dict[str, ColumnElement[bool]]

_DANISH_WHAT = {"workshop": "Workshop", "participant": "Deltager"}


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

    def _touch(self, s: Session, workshop_id: int) -> None:
        """Mark the workshop as changed now (the workshop list shows the latest first)."""
        workshop = s.get(Workshop, workshop_id)
        if workshop is None:
            raise NotFound("workshop", workshop_id)
        workshop.updated_at = utcnow()
        s.add(workshop)

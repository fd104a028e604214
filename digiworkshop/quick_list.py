"""The workshop list read straight from the SQLite file with the standard library, and the phase names
straight from the guide's data file.

The first screen shows this list before SQLAlchemy, SQLModel, pydantic and the models are imported
(they cost most of a second), while the store and the guide load in the background and then take over. Only what can
be read cheaply and safely is read here: an SQLite file whose schema is at this version's head. A
PostgreSQL store, an older or newer schema (a migration is due, or must be refused) or any read error
returns None, and the list waits for the store.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .domain import WorkshopSummary
from .migrations import HEAD

_SQLITE_PREFIX = "sqlite:///"

# The same rows, in the same order, as Store.list_workshops (a test keeps the two equal).
_LIST_SQL = """
SELECT w.id, w.uid, w.title, w.date, w.organisation, w.phase, COALESCE(c.n, 0), w.updated_at
FROM workshop AS w
LEFT OUTER JOIN (SELECT workshop_id, count(*) AS n FROM participant GROUP BY workshop_id) AS c
    ON c.workshop_id = w.id
ORDER BY w.updated_at DESC, w.id DESC
"""


def sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///path` URL (as paths.database_url writes it), else None."""
    if not url.startswith(_SQLITE_PREFIX) or "?" in url:
        return None
    path = url[len(_SQLITE_PREFIX):]
    return Path(path) if path and path != ":memory:" else None


def read_workshop_list(url: str) -> list[WorkshopSummary] | None:
    """The workshop list, or None when it cannot be read cheaply (then the store's list is awaited)."""
    path = sqlite_file(url)
    if path is None:
        return None
    if not path.exists():
        return []  # a first start: the store creates the file, and it holds no workshop yet
    try:
        # Read-only: this never creates, locks for writing or changes the file.
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
    except sqlite3.Error:
        return None
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        if revision != [(HEAD,)]:
            return None
        return [
            WorkshopSummary(
                id=row[0], uid=row[1], title=row[2], date=dt.date.fromisoformat(row[3]) if row[3] else None,
                organisation=row[4], phase=row[5], participants=row[6],
                updated_at=_utc(dt.datetime.fromisoformat(row[7])),
            )
            for row in connection.execute(_LIST_SQL)
        ]
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        connection.close()


def _utc(moment: dt.datetime) -> dt.datetime:
    """Stored times are UTC; SQLite keeps them without the zone (the store adds it back the same way)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


@lru_cache(maxsize=1)
def read_phase_names() -> dict[str, str]:
    """Phase key → Danish name from data/guide.toml, unvalidated ({} if it cannot be read: the guide
    proper, loaded a moment later, reports what is wrong)."""
    try:
        raw = tomllib.loads(resources.files("digiworkshop.data").joinpath("guide.toml").read_text("utf-8"))
        return {str(p["key"]): str(p["name"]) for p in raw.get("phases", ())}
    except (OSError, ValueError, TypeError, KeyError):
        return {}

"""Database tables of the workshop domain (SQLModel); the schema itself comes from Alembic migrations."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Text
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    """Aware UTC timestamp (naive datetimes fail at commit, see DESIGN.md)."""
    return dt.datetime.now(dt.timezone.utc)


def text_field() -> str:
    """A free-text column: unbounded TEXT in every dialect; length is checked in domain.clean_text."""
    return Field(default="", sa_type=Text)


def new_uid() -> str:
    """Stable identity of a workshop across databases (JSON export/import, demo)."""
    return uuid.uuid4().hex


class Workshop(SQLModel, table=True):
    """Step 0: the temadag or meeting itself."""

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, max_length=64, unique=True, index=True)
    title: str = text_field()
    date: dt.date | None = None
    place: str = text_field()
    organisation: str = text_field()
    facilitator: str = text_field()
    solution: str = text_field()
    phase: str = Field(default="", max_length=32)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class Participant(SQLModel, table=True):
    """A person taking part in the workshop."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", index=True)
    position: int = 0
    name: str = text_field()
    role: str = text_field()
    unit: str = text_field()


class Purpose(SQLModel, table=True):
    """Step 1, Formidling af formål: one per workshop."""

    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", primary_key=True)
    statement: str = text_field()
    fit: str = text_field()
    borgere: str = text_field()
    medarbejdere: str = text_field()
    ledelse: str = text_field()
    politikere: str = text_field()
    strategy: str = text_field()
    no_strategy: bool = False

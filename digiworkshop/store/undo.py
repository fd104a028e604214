"""The undo log every step shares: one stack per workshop and scope, kept in the database (UndoEntry),
written in the same transaction as the change it undoes, so undo survives a restart."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, select

from ..models import UndoEntry

UNDO_KEEP = 100  # entries kept per workshop and scope (the issues ask for at least 20)


def push_undo(s: Session, workshop_id: int, scope: str, description: str, payload: dict[str, Any]) -> None:
    """Record how to undo a change made in this session's transaction; drop the oldest beyond UNDO_KEEP."""
    s.add(UndoEntry(workshop_id=workshop_id, scope=scope, description=description, payload=json.dumps(payload)))
    s.flush()
    old = s.exec(
        select(UndoEntry.id).where(UndoEntry.workshop_id == workshop_id, UndoEntry.scope == scope)
        .order_by(UndoEntry.id.desc()).offset(UNDO_KEEP)
    ).all()
    for entry_id in old:
        s.delete(s.get(UndoEntry, entry_id))


def last_undo(s: Session, workshop_id: int, scope: str) -> UndoEntry | None:
    """The latest undo entry of a scope (left on its stack)."""
    return s.exec(
        select(UndoEntry).where(UndoEntry.workshop_id == workshop_id, UndoEntry.scope == scope)
        .order_by(UndoEntry.id.desc())
    ).first()


def pop_undo(s: Session, workshop_id: int, scope: str) -> UndoEntry | None:
    """Take the latest undo entry of a scope off its stack (within the caller's transaction)."""
    entry = last_undo(s, workshop_id, scope)
    if entry is not None:
        s.delete(entry)
    return entry

"""Step 4: brainstorm notes (4a), themes and votes (4b), and the action plan (4c)."""

from __future__ import annotations

from .base import StoreBase


class BrainstormMixin(StoreBase):
    """Reads and writes of this step (capture comes with its issue)."""

    def _content_brainstorm(self, workshop_id: int) -> set[str]:
        from sqlmodel import select

        from ..models import Action, Note, Theme

        keys = set()
        with self._read() as s:
            live = (Note.workshop_id == workshop_id, Note.deleted_at.is_(None))
            if s.exec(select(Note.id).where(*live)).first() is not None:
                keys.add("brainstorm")
            if s.exec(select(Theme.id).where(Theme.workshop_id == workshop_id)).first() is not None or s.exec(
                select(Note.id).where(*live, (Note.votes > 0) | Note.central)
            ).first() is not None:
                keys.add("systematisation")
            if s.exec(select(Action.id).where(Action.workshop_id == workshop_id)).first() is not None:
                keys.add("action_plan")
        return keys

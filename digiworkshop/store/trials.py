"""Prøvehandlinger (Bilag 2): trial actions run as Plan–Do–Study–Act cycles."""

from __future__ import annotations

from .base import StoreBase


class TrialsMixin(StoreBase):
    """Reads and writes of this step (capture comes with its issue)."""

    def _content_trials(self, workshop_id: int) -> set[str]:
        from sqlmodel import select

        from ..models import TrialAction

        with self._read() as s:
            found = s.exec(select(TrialAction.id).where(TrialAction.workshop_id == workshop_id)).first()
        return {"trials"} if found is not None else set()

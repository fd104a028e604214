"""Step 3, Ønske om tilbud: wishes and requirements, and experiences from other municipalities."""

from __future__ import annotations

from .base import StoreBase


class WishesMixin(StoreBase):
    """Reads and writes of this step (capture comes with its issue)."""

    def _content_wishes(self, workshop_id: int) -> set[str]:
        from sqlmodel import select

        from ..models import Experience, Wish

        with self._read() as s:
            wish = s.exec(select(Wish.id).where(Wish.workshop_id == workshop_id, Wish.deleted_at.is_(None))).first()
            experience = s.exec(select(Experience.id).where(Experience.workshop_id == workshop_id)).first()
        return {"wishes"} if wish is not None or experience is not None else set()

"""Step 5, Evalueringsvindue: dated rounds of the four quadrants, and follow-up of actions."""

from __future__ import annotations

from .base import StoreBase


class EvaluationMixin(StoreBase):
    """Reads and writes of this step (capture comes with its issue)."""

    def _content_evaluation(self, workshop_id: int) -> set[str]:
        from sqlmodel import select

        from ..models import EvaluationRound

        with self._read() as s:
            found = s.exec(select(EvaluationRound.id).where(EvaluationRound.workshop_id == workshop_id)).first()
        return {"evaluation"} if found is not None else set()

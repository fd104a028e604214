"""Drafts and the last place: what the facilitator was in the middle of in a workshop.

A draft is the text of a capture line that has not been captured with Enter yet (a half-typed note,
wish or member). It is kept per workshop and capture line, so it comes back after a step change, a
restart or a killed process, and it never becomes a note, wish or member by itself. The place is the
step (and the brainstorm cell, the evaluation quadrant) the workshop reopens at. Neither touches the
workshop's `updated_at` nor the JSON export: they are the laptop's working state, not the room's content.
"""

from __future__ import annotations

from sqlmodel import delete, select

from ..models import Draft, WorkshopPlace, utcnow
from .base import StoreBase

# Longest key a capture line may use (the column's width).
DRAFT_KEY_MAX = 64


class DraftsMixin(StoreBase):
    """Drafts of capture lines and the last place in a workshop."""

    def get_draft(self, workshop_id: int, key: str) -> str:
        """The draft kept for a capture line ("" when there is none)."""
        with self._read() as s:
            draft = s.get(Draft, (workshop_id, key))
            return draft.text if draft is not None else ""

    def list_drafts(self, workshop_id: int) -> dict[str, str]:
        """Every draft of a workshop, by capture line key."""
        with self._read() as s:
            return {d.key: d.text for d in s.exec(select(Draft).where(Draft.workshop_id == workshop_id))}

    def save_draft(self, workshop_id: int, key: str, text: str) -> None:
        """Keep what is typed in a capture line; empty (or blank) text deletes the draft."""
        if len(key) > DRAFT_KEY_MAX:
            raise ValueError(f"draft key longer than {DRAFT_KEY_MAX} characters: {key!r}")
        with self._write() as s:
            if not text.strip():
                s.exec(delete(Draft).where(Draft.workshop_id == workshop_id, Draft.key == key))
                return
            draft = s.get(Draft, (workshop_id, key))
            if draft is None:
                draft = Draft(workshop_id=workshop_id, key=key)
            draft.text = text
            draft.updated_at = utcnow()
            s.add(draft)

    def get_place(self, workshop_id: int) -> WorkshopPlace:
        """Where the workshop was left (step "" when it has never been opened here)."""
        with self._read() as s:
            place = s.get(WorkshopPlace, workshop_id)
            return place if place is not None else WorkshopPlace(workshop_id=workshop_id)

    def save_place(self, workshop_id: int, *, step: str | None = None, brainstorm_cell: int | None = None,
                   evaluation_quadrant: int | None = None) -> None:
        """Remember where the facilitator is; only the parts given change."""
        with self._write() as s:
            place = s.get(WorkshopPlace, workshop_id) or WorkshopPlace(workshop_id=workshop_id)
            if step is not None:
                place.step = step[:32]
            if brainstorm_cell is not None:
                place.brainstorm_cell = brainstorm_cell
            if evaluation_quadrant is not None:
                place.evaluation_quadrant = evaluation_quadrant
            s.add(place)

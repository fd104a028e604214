"""Step 3, Ønske om tilbud: wishes and requirements, and experiences from other municipalities.

Every change to a wish (add, edit, move, delete) leaves an UndoEntry with scope "wishes", so Ctrl+Z
works across restarts; deletion is soft (Wish.deleted_at) so it can be undone.
"""

from __future__ import annotations

import json

from sqlalchemy import exists, or_
from sqlmodel import Session, select

from ..domain import WISH_CATEGORIES, WISH_KINDS, WISH_TOPICS, InputError, clean_text
from ..models import Experience, Wish, utcnow
from .base import NUMBERED, ContentChecks, StoreBase, check_step, fetch, next_position, short, swap, text_values
from .undo import pop_undo, push_undo

UNDO_SCOPE = "wishes"
EXPERIENCE_TEXT_FIELDS = {
    "municipality": "Kommune", "contact": "Kontaktperson", "solution": "Løsning", "learned": "Erfaringer",
}
_CHOICES = {"kind": WISH_KINDS, "category": WISH_CATEGORIES, "topic": WISH_TOPICS}
_CHOICE_LABELS = {"kind": "ønske eller krav", "category": "kategori", "topic": "emne"}


def _ordered(wishes: list[Wish]) -> list[Wish]:
    """Topic in the guide's order, then kind (ønske before krav), then the group's own order."""
    return sorted(wishes, key=lambda w: (
        WISH_TOPICS.index(w.topic) if w.topic in WISH_TOPICS else len(WISH_TOPICS),
        WISH_KINDS.index(w.kind) if w.kind in WISH_KINDS else len(WISH_KINDS),
        w.position, w.id,
    ))


class WishesMixin(StoreBase):
    """Reads and writes of step 3."""

    # --- wishes -------------------------------------------------------------------------------

    def list_wishes(self, workshop_id: int) -> list[Wish]:
        """The wishes not deleted, grouped by topic (guide order), then kind, then their order."""
        with self._read() as s:
            return _ordered(list(s.exec(
                select(Wish).where(Wish.workshop_id == workshop_id, Wish.deleted_at.is_(None))
            ).all()))

    def get_wish(self, wish_id: int) -> Wish:
        """One wish (also a deleted one), or NotFound."""
        with self._read() as s:
            return fetch(s, Wish, wish_id, "wish", detail=NUMBERED)

    def last_wish(self, workshop_id: int) -> Wish | None:
        """The wish added last (its kind, category and topic are the next one's defaults)."""
        with self._read() as s:
            return s.exec(select(Wish).where(Wish.workshop_id == workshop_id).order_by(Wish.id.desc())).first()

    def add_wish(self, workshop_id: int, *, text: str, kind: str = "onske", category: str = "faglig",
                 topic: str = "maalgrupper") -> Wish:
        """Add a wish or requirement at the end of its topic; the text is required."""
        values = self._wish_values({"text": text, "kind": kind, "category": category, "topic": topic})
        with self._write() as s:
            self._touch(s, workshop_id)
            wish = Wish(workshop_id=workshop_id, position=next_position(s, Wish.position, Wish.workshop_id == workshop_id),
                        **values)
            s.add(wish)
            s.flush()
            push_undo(s, workshop_id, UNDO_SCOPE, f"Tilføjet: {short(wish.text, 60)}", {"op": "remove", "id": wish.id})
        return wish

    def update_wish(self, wish_id: int, **fields: str) -> Wish:
        """Change a wish's text, kind, category or topic (undoable); a new topic or kind puts it last there."""
        values = self._wish_values(fields)
        with self._write() as s:
            wish = self._live_wish(s, wish_id)
            old = {key: getattr(wish, key) for key in values if getattr(wish, key) != values[key]}
            if not old:
                return wish
            self._touch(s, wish.workshop_id)
            if "topic" in old or "kind" in old:
                # A wish that changes group goes last in its new group, where the room expects it.
                old["position"] = wish.position
                wish.position = next_position(s, Wish.position, Wish.workshop_id == wish.workshop_id)
            for key, value in values.items():
                setattr(wish, key, value)
            s.add(wish)
            push_undo(s, wish.workshop_id, UNDO_SCOPE, f"Rettet: {short(wish.text, 60)}",
                      {"op": "set", "id": wish.id, "fields": old})
        return wish

    def move_wish(self, wish_id: int, step: int) -> bool:
        """Move a wish up (step -1) or down (+1) among the wishes of its topic and kind.

        Returns False when it is already first or last there (nothing changes)."""
        check_step(step)
        with self._write() as s:
            wish = self._live_wish(s, wish_id)
            group = _ordered(list(s.exec(select(Wish).where(
                Wish.workshop_id == wish.workshop_id, Wish.deleted_at.is_(None),
                Wish.topic == wish.topic, Wish.kind == wish.kind,
            )).all()))
            before = {str(w.id): w.position for w in group}
            if not swap(group, wish.id, step):
                return False
            # Give the group its own positions back in the new order; ties (or gaps) cannot make a
            # move a no-op that way, and wishes in other groups keep theirs.
            positions = sorted(before.values())
            if len(set(positions)) < len(positions):
                positions = [max(positions) + 1 + i for i in range(len(group))]
            for w, position in zip(group, positions):
                w.position = position
                s.add(w)
            self._touch(s, wish.workshop_id)
            push_undo(s, wish.workshop_id, UNDO_SCOPE, f"Flyttet: {short(wish.text, 60)}",
                      {"op": "positions", "id": wish.id, "positions": before})
        return True

    def delete_wish(self, wish_id: int) -> Wish:
        """Delete a wish (softly, so undo_wishes() brings it back where it was)."""
        with self._write() as s:
            wish = self._live_wish(s, wish_id)
            wish.deleted_at = utcnow()
            s.add(wish)
            self._touch(s, wish.workshop_id)
            push_undo(s, wish.workshop_id, UNDO_SCOPE, f"Slettet: {short(wish.text, 60)}",
                      {"op": "restore", "id": wish.id})
        return wish

    def last_wishes_undo(self, workshop_id: int) -> str | None:
        """What Ctrl+Z in step 3 would undo (Danish), or None."""
        return self._last_undo(workshop_id, UNDO_SCOPE)

    def undo_wishes(self, workshop_id: int) -> tuple[str, int | None] | None:
        """Undo the latest change to the wishes: (what was undone, the wish to show), or None if
        there is nothing to undo."""
        with self._write() as s:
            entry = pop_undo(s, workshop_id, UNDO_SCOPE)
            if entry is None:
                return None
            payload = json.loads(entry.payload)
            wish = s.get(Wish, payload.get("id"))
            if wish is None or wish.workshop_id != workshop_id:
                return entry.description, None  # the row is gone (e.g. the workshop was re-imported)
            op = payload["op"]
            if op == "restore":
                wish.deleted_at = None
            elif op == "remove":
                wish.deleted_at = utcnow()
            elif op == "set":
                for key, value in payload["fields"].items():
                    setattr(wish, key, value)
            elif op == "positions":
                for ident, position in payload["positions"].items():
                    other = s.get(Wish, int(ident))
                    if other is not None and other.workshop_id == workshop_id:
                        other.position = position
                        s.add(other)
            s.add(wish)
            self._touch(s, workshop_id)
            return entry.description, (wish.id if wish.deleted_at is None else None)

    # --- experiences from other municipalities --------------------------------------------------

    def list_experiences(self, workshop_id: int) -> list[Experience]:
        """Experiences from other municipalities in the order they were added."""
        return self._all(select(Experience).where(Experience.workshop_id == workshop_id)
                         .order_by(Experience.position, Experience.id))

    def add_experience(self, workshop_id: int, *, municipality: str, contact: str = "", solution: str = "",
                       learned: str = "") -> Experience:
        """Add an experience; the municipality is required."""
        values = self._experience_values(
            {"municipality": municipality, "contact": contact, "solution": solution, "learned": learned}
        )
        with self._write() as s:
            self._touch(s, workshop_id)
            position = next_position(s, Experience.position, Experience.workshop_id == workshop_id)
            experience = Experience(workshop_id=workshop_id, position=position, **values)
            s.add(experience)
        return experience

    def update_experience(self, experience_id: int, **fields: str) -> Experience:
        """Change an experience's municipality, contact, solution or what they learned."""
        values = self._experience_values(fields)
        with self._write() as s:
            experience = fetch(s, Experience, experience_id, "experience", detail=NUMBERED)
            for key, value in values.items():
                setattr(experience, key, value)
            s.add(experience)
            self._touch(s, experience.workshop_id)
        return experience

    def delete_experience(self, experience_id: int) -> None:
        """Remove an experience."""
        with self._write() as s:
            experience = fetch(s, Experience, experience_id, "experience", detail=NUMBERED)
            self._touch(s, experience.workshop_id)
            s.delete(experience)

    # --- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _live_wish(s: Session, wish_id: int) -> Wish:
        return fetch(s, Wish, wish_id, "wish", detail=NUMBERED, live=True)

    @staticmethod
    def _wish_values(fields: dict[str, str]) -> dict[str, str]:
        values = {}
        for key, value in fields.items():
            if key == "text":
                values[key] = clean_text(value, label="Teksten", required=True)
            elif key in _CHOICES:
                if value not in _CHOICES[key]:
                    raise InputError(f"Ukendt {_CHOICE_LABELS[key]}: {value}", f"unknown wish {key} {value!r}")
                values[key] = value
            else:
                raise TypeError(f"unknown wish field {key!r}")
        return values

    @staticmethod
    def _experience_values(fields: dict[str, str]) -> dict[str, str]:
        return text_values(fields, EXPERIENCE_TEXT_FIELDS, "experience", required=("municipality",))

    # --- overview -----------------------------------------------------------------------------

    def _content_wishes(self, workshop_id: int) -> ContentChecks:
        return {"wishes": or_(exists().where(Wish.workshop_id == workshop_id, Wish.deleted_at.is_(None)),
                              exists().where(Experience.workshop_id == workshop_id))}

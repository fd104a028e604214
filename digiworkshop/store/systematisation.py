"""Step 4b, Systematisering og analyse: themes, merged notes, dot votes and the central ones.

A merge is a note change the room may regret: it is undone with the brainstorm's Ctrl+Z (scope
"brainstorm"), so this mixin builds on the brainstorm's and adds the merge to its undo.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import exists, or_
from sqlmodel import Session, select

from ..domain import PERSPECTIVES, InputError, clean_text
from ..models import Note, Theme, Workshop, utcnow
from .base import ELSEWHERE, ContentChecks, fetch, next_position
from .brainstorm import UNDO_SCOPE, BrainstormMixin, _short
from .undo import push_undo


class SystematisationMixin(BrainstormMixin):
    """Reads and writes of step 4b."""

    def list_themes(self, workshop_id: int) -> list[Theme]:
        """The workshop's themes in the order they were made."""
        return self._all(select(Theme).where(Theme.workshop_id == workshop_id).order_by(Theme.position, Theme.id))

    def create_theme(self, workshop_id: int, *, name: str, note_ids: Iterable[int], perspective: str | None = None,
                     kind: str | None = None) -> Theme:
        """A new theme holding these notes (taken out of any theme they were in: that is how a theme is
        split). The theme's cell is the perspective and kind given (the facilitator's choice when the notes
        come from several cells); without them the notes must be all potentials or all barriers, and the
        perspective is the one most of them have."""
        name = clean_text(name, label="Temaets navn", required=True)
        ids = list(dict.fromkeys(note_ids))
        if not ids:
            raise InputError("Vælg mindst én note til temaet (mellemrum vælger).", "select at least one note")
        with self._write() as s:
            notes = [self._live_note(s, i) for i in ids]
            kinds = {n.kind for n in notes}
            if kind is None and len(kinds) > 1:
                raise InputError("Et tema samler enten potentialer eller barrierer – ikke begge dele.",
                                 "a theme holds either potentials or barriers")
            if kind is not None and kind not in kinds:
                raise InputError("Temaet skal høre til et felt, som en af dets noter kommer fra.",
                                 "the theme's kind must be one of its notes' kinds")
            if perspective is not None and perspective not in PERSPECTIVES:
                raise InputError("Ukendt perspektiv.", f"unknown perspective {perspective!r}")
            if perspective is None:
                perspectives = [n.perspective for n in notes]
                perspective = max(PERSPECTIVES, key=lambda p: (perspectives.count(p), p == perspectives[0]))
            theme = Theme(workshop_id=workshop_id, position=next_position(s, Theme.position, Theme.workshop_id == workshop_id),
                          perspective=perspective,
                          kind=kind or notes[0].kind, name=name)
            s.add(theme)
            s.flush()
            old_themes = {n.theme_id for n in notes if n.theme_id}
            # Kept for undo: where each note was, and the themes this one may empty (a split).
            before = {"op": "theme_create", "theme": theme.id, "notes": [[n.id, n.theme_id] for n in notes],
                      "themes": [_theme_fields(t) for t in (s.get(Theme, i) for i in sorted(old_themes)) if t]}
            for note in notes:
                note.theme_id = theme.id
                note.updated_at = utcnow()
                s.add(note)
            s.flush()
            self._drop_empty_themes(s, old_themes)
            push_undo(s, workshop_id, UNDO_SCOPE, f"Tema oprettet: {_short(name)}", before)
            self._touch(s, workshop_id)
        return theme

    def add_to_theme(self, theme_id: int, note_ids: Iterable[int]) -> Theme:
        """Put notes into an existing theme (they leave the theme they were in)."""
        with self._write() as s:
            theme = self._theme(s, theme_id)
            old_themes = set()
            for note_id in note_ids:
                note = self._live_note(s, note_id)
                if note.kind != theme.kind:
                    raise InputError("Et tema samler enten potentialer eller barrierer – ikke begge dele.",
                                     "a theme holds either potentials or barriers")
                if note.theme_id and note.theme_id != theme_id:
                    old_themes.add(note.theme_id)
                note.theme_id = theme_id
                note.updated_at = utcnow()
                s.add(note)
            s.flush()
            self._drop_empty_themes(s, old_themes)
            self._touch(s, theme.workshop_id)
        return theme

    def rename_theme(self, theme_id: int, name: str) -> Theme:
        """Give a theme a new name."""
        name = clean_text(name, label="Temaets navn", required=True)
        with self._write() as s:
            theme = self._theme(s, theme_id)
            theme.name = name
            s.add(theme)
            self._touch(s, theme.workshop_id)
        return theme

    def remove_from_theme(self, note_ids: Iterable[int]) -> None:
        """Take notes out of their theme (an emptied theme disappears; the notes stay)."""
        with self._write() as s:
            old_themes = set()
            for note_id in note_ids:
                note = self._live_note(s, note_id)
                if note.theme_id:
                    old_themes.add(note.theme_id)
                note.theme_id = None
                note.updated_at = utcnow()
                s.add(note)
                workshop_id = note.workshop_id
            s.flush()
            self._drop_empty_themes(s, old_themes)
            if old_themes:
                self._touch(s, workshop_id)

    def ungroup_theme(self, theme_id: int) -> None:
        """Dissolve a theme: its notes stay, ungrouped."""
        with self._write() as s:
            theme = self._theme(s, theme_id)
            for note in s.exec(select(Note).where(Note.theme_id == theme_id)).all():
                note.theme_id = None
                note.updated_at = utcnow()
                s.add(note)
            s.flush()
            s.delete(theme)
            self._touch(s, theme.workshop_id)

    def merge_notes(self, keep_id: int, other_id: int | Iterable[int]) -> Note:
        """Notes that say the same become one: each other note is folded into `keep` (its text stays in
        the history, its votes are added). Several notes are merged in one transaction (all or none,
        e.g. when another laptop deleted one of them a moment before) and undone with one Ctrl+Z."""
        other_ids = list(dict.fromkeys([other_id] if isinstance(other_id, int) else other_id))
        if not other_ids or keep_id in other_ids:
            raise InputError("Vælg to forskellige noter at lægge sammen.", "choose two different notes")
        with self._write() as s:
            keep = self._live_note(s, keep_id)
            others = [self._live_note(s, i) for i in other_ids]
            if keep.merged_into_id is not None or any(o.merged_into_id is not None for o in others):
                raise InputError("Noten er allerede lagt sammen med en anden.", "note already merged")
            now = utcnow()
            undo: list[dict[str, object]] = []
            for other in others:
                other.merged_into_id = keep.id
                keep.votes += other.votes
                other.updated_at = now
                s.add(other)
                # Notes merged earlier into `other` now belong to `keep`'s history too (undo puts them back).
                earlier = list(s.exec(select(Note).where(Note.merged_into_id == other.id)).all())
                for note in earlier:
                    note.merged_into_id = keep.id
                    s.add(note)
                undo.append({"note": other.id, "votes": other.votes, "earlier": [n.id for n in earlier]})
            keep.updated_at = now
            s.add(keep)
            description = (f"Lagt sammen: {_short(others[0].text)}" if len(others) == 1
                           else f"Lagt sammen: {len(others)} noter i {_short(keep.text)}")
            push_undo(s, keep.workshop_id, UNDO_SCOPE, description,
                      {"op": "merge_many", "into": keep.id, "merged": undo})
            self._touch(s, keep.workshop_id)
        return keep

    @classmethod
    def _undo_note_change(cls, s: Session, payload: dict[str, Any]) -> None:
        """The brainstorm's undo, with the merges added (one merge of several notes, or an older single
        merge kept in a restarted laptop's history)."""
        if payload["op"] == "merge_many":
            cls._undo_merge_many(s, payload)
        elif payload["op"] == "theme_create":
            cls._undo_theme_create(s, payload)
        elif payload["op"] == "merge" and (note := s.get(Note, payload["note"])) is not None:
            note.merged_into_id = None
            into = s.get(Note, payload["into"])
            if into is not None:
                into.votes = max(0, into.votes - payload.get("votes", 0))
                into.updated_at = utcnow()
                s.add(into)
            note.updated_at = utcnow()
            s.add(note)
        else:
            super()._undo_note_change(s, payload)

    @staticmethod
    def _undo_merge_many(s: Session, payload: dict) -> None:
        """Take every note of one merge back out of the note it was folded into, with its votes and
        the notes that had been merged into it before."""
        into = s.get(Note, payload["into"])
        now = utcnow()
        for item in payload["merged"]:
            note = s.get(Note, item["note"])
            if note is None:
                continue
            note.merged_into_id = None
            note.updated_at = now
            s.add(note)
            for earlier_id in item.get("earlier", []):
                earlier = s.get(Note, earlier_id)
                if earlier is not None and into is not None and earlier.merged_into_id == into.id:
                    earlier.merged_into_id = note.id
                    s.add(earlier)
            if into is not None:
                into.votes = max(0, into.votes - item.get("votes", 0))
        if into is not None:
            into.updated_at = now
            s.add(into)

    @staticmethod
    def _undo_theme_create(s: Session, payload: dict) -> None:
        """Put the notes of a new theme back where they were (a theme the split emptied comes back with
        its id, name and marks) and remove the new theme when nothing else was added to it since."""
        for fields in payload["themes"]:
            if s.get(Theme, fields["id"]) is None:
                s.add(Theme(**fields))
        s.flush()
        now = utcnow()
        for note_id, old_theme in payload["notes"]:
            note = s.get(Note, note_id)
            if note is not None and note.theme_id == payload["theme"]:
                note.theme_id = old_theme if old_theme is None or s.get(Theme, old_theme) is not None else None
                note.updated_at = now
                s.add(note)
        s.flush()
        theme = s.get(Theme, payload["theme"])
        if theme is not None and s.exec(select(Note.id).where(Note.theme_id == theme.id)).first() is None:
            s.delete(theme)

    def merged_into(self, note_id: int) -> list[Note]:
        """The notes folded into this one (its history), oldest first."""
        return self._all(select(Note).where(Note.merged_into_id == note_id, Note.deleted_at.is_(None))
                         .order_by(Note.id))

    def set_votes(self, *, note_id: int | None = None, theme_id: int | None = None, votes: int) -> None:
        """The room's dot-vote tally for a note or a theme (a whole number, 0 or more)."""
        if not isinstance(votes, int) or isinstance(votes, bool) or votes < 0 or votes > 9999:
            raise InputError("Stemmer skal være et helt tal fra 0 og opefter.", "votes must be a whole number ≥ 0")
        with self._write() as s:
            target = self._theme(s, theme_id) if theme_id is not None else self._live_note(s, note_id)  # type: ignore[arg-type]
            target.votes = votes
            s.add(target)
            self._after_mark(s, target)

    def set_central(self, *, note_id: int | None = None, theme_id: int | None = None, central: bool) -> None:
        """Mark (or unmark) a note or theme as one of the central ("centrale og gennemgående")."""
        with self._write() as s:
            target = self._theme(s, theme_id) if theme_id is not None else self._live_note(s, note_id)  # type: ignore[arg-type]
            target.central = bool(central)
            s.add(target)
            self._after_mark(s, target)

    def set_votes_per_participant(self, workshop_id: int, votes: int) -> Workshop:
        """How many dots each participant may place (0–99)."""
        if not isinstance(votes, int) or not 0 <= votes <= 99:
            raise InputError("Stemmer pr. deltager skal være et tal fra 0 til 99.", "votes per participant: 0–99")
        with self._write() as s:
            workshop = self._touch(s, workshop_id)
            workshop.votes_per_participant = votes
        return workshop

    def _after_mark(self, s: Session, target: Note | Theme) -> None:
        if isinstance(target, Note):
            target.updated_at = utcnow()
        self._touch(s, target.workshop_id)

    @staticmethod
    def _theme(s: Session, theme_id: int) -> Theme:
        return fetch(s, Theme, theme_id, "theme", detail=ELSEWHERE)

    @staticmethod
    def _drop_empty_themes(s: Session, theme_ids: set[int]) -> None:
        for theme_id in theme_ids:
            if s.exec(select(Note.id).where(Note.theme_id == theme_id, Note.deleted_at.is_(None))).first() is None:
                theme = s.get(Theme, theme_id)
                if theme is not None and not theme.central:
                    s.delete(theme)

    # --- step list -----------------------------------------------------------------------------

    def _content_systematisation(self, workshop_id: int) -> ContentChecks:
        live = (Note.workshop_id == workshop_id, Note.deleted_at.is_(None))
        return {"systematisation": or_(exists().where(Theme.workshop_id == workshop_id),
                                       exists().where(*live, (Note.votes > 0) | Note.central))}


def _theme_fields(theme: Theme) -> dict[str, Any]:
    """A theme's stored columns, to put it back as it was."""
    return {"id": theme.id, "workshop_id": theme.workshop_id, "position": theme.position, "name": theme.name,
            "perspective": theme.perspective, "kind": theme.kind, "votes": theme.votes, "central": theme.central}

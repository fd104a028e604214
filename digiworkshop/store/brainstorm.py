"""Step 4a, Potentialer og barrierer: the brainstorm's notes in the 3×2 grid, and the undo of note changes.

Every note change that a facilitator may regret (add, edit, move, delete, and the merges of step 4b)
writes an `UndoEntry` (scope "brainstorm") in the same transaction, so undo survives a restart.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import case, exists, func
from sqlmodel import Session, select

from ..domain import NOTE_KINDS, PERSPECTIVES, InputError, clean_text
from ..models import Note, Participant, UndoEntry, Workshop, utcnow
from .base import ELSEWHERE, ContentChecks, NotFound, StoreBase, fetch, gone, short
from .undo import pop_undo, push_undo

UNDO_SCOPE = "brainstorm"
CELL_NAMES = {"fagligt": "Fagligt", "personligt": "Personligt/individuelt", "organisatorisk": "Organisatorisk",
              "potentiale": "Potentialer", "barriere": "Barrierer"}

NotesVersion = str


@dataclass(frozen=True)
class NoteWrite:
    """A stored note and how the workshop's notes looked before and after the write.

    `before` lets a screen that polls `notes_version` tell its own write from someone else's: when
    `before` is the version it last showed, `after` is safe to adopt without re-reading every note.
    """

    note: Note
    before: NotesVersion
    after: NotesVersion


class NoteLine(NamedTuple):
    """What the brainstorm grid shows of a note: its cell, its text and who said it."""

    id: int
    perspective: str
    kind: str
    text: str
    participant_id: int | None
    hidden: bool = False  # from a phone in a silent brainstorm: not on the projector until revealed


class NotesSince(NamedTuple):
    """What `note_lines_since` found: the notes added after the ones a screen shows, and whether the ones it
    shows are still as they were (`before` then equals the `now` of the screen's last read)."""

    version: NotesVersion
    before: tuple  # (count, hidden, latest change) of the live notes up to the id asked about
    now: tuple  # the same of every live note: compare the next read's `before` with it
    last_id: int  # the highest id of a live note (0: none)
    lines: list[NoteLine]  # the live notes after the id asked about, in the grid's order


def check_cell(perspective: str, kind: str) -> None:
    """A cell of the grid: a known perspective and kind (InputError otherwise)."""
    if perspective not in PERSPECTIVES:
        raise InputError(f"Ukendt perspektiv: {perspective}", f"unknown perspective {perspective!r}")
    if kind not in NOTE_KINDS:
        raise InputError(f"Ukendt type: {kind}", f"unknown note kind {kind!r}")


def _cell_name(perspective: str, kind: str) -> str:
    return f"{CELL_NAMES[perspective]} · {CELL_NAMES[kind]}"


def _short(text: str) -> str:
    return short(text, 40)


def _stamp(value: dt.datetime | None) -> str:
    # The database hands back naive UTC; a value set in this process is aware: compare them as one.
    return value.replace(tzinfo=None).isoformat() if value else ""


def _notes_version(s: Session, workshop_id: int) -> NotesVersion:
    # Every write of step 4 touches the workshop's updated_at in the same transaction, so that row is
    # a change counter costing one primary-key lookup (no scan of thousands of notes every second).
    return _stamp(s.exec(select(Workshop.updated_at).where(Workshop.id == workshop_id)).one_or_none())


def _bump(s: Session, workshop_id: int) -> tuple[NotesVersion, NotesVersion]:
    """Touch the workshop (the change counter) and return its version before and after."""
    workshop = s.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound("workshop", workshop_id)
    before = _stamp(workshop.updated_at)
    workshop.updated_at = utcnow()
    s.add(workshop)
    return before, _stamp(workshop.updated_at)


class BrainstormMixin(StoreBase):
    """Reads and writes of step 4a: the notes, and undo of every note change."""

    def notes_version(self, workshop_id: int) -> NotesVersion:
        """A cheap fingerprint of the workshop's notes, themes and plan (the workshop's last change): a
        screen polls it and re-reads the notes only when it changes (another laptop on the same store
        wrote). One primary-key lookup."""
        with self._read() as s:
            return _notes_version(s, workshop_id)

    def list_notes(self, workshop_id: int, *, include_merged: bool = False) -> list[Note]:
        """The workshop's notes in the order they were captured (deleted ones left out; notes merged into
        another left out unless asked for)."""
        with self._read() as s:
            query = select(Note).where(Note.workshop_id == workshop_id, Note.deleted_at.is_(None))
            if not include_merged:
                query = query.where(Note.merged_into_id.is_(None))
            return list(s.exec(query.order_by(Note.position, Note.id)).all())

    def list_note_lines(self, workshop_id: int) -> list[NoteLine]:
        """The notes of `list_notes` (merged ones left out), only what the grid shows of each: for 2,000
        notes this is a fifth of the time of building the full models."""
        with self._read() as s:
            rows = s.exec(select(Note.id, Note.perspective, Note.kind, Note.text, Note.participant_id, Note.hidden)
                          .where(Note.workshop_id == workshop_id, Note.deleted_at.is_(None),
                                 Note.merged_into_id.is_(None))
                          .order_by(Note.position, Note.id)).all()
        return [NoteLine(*row) for row in rows]

    def note_lines_since(self, workshop_id: int, after_id: int) -> NotesSince:
        """The notes with an id above `after_id` (what the grid shows of them), with two cheap aggregates
        that tell whether anything else changed: a screen that shows the notes up to `after_id` appends the
        new ones when `before` equals the `now` of its last read, and re-reads them all otherwise (a note
        edited, moved, deleted, merged or revealed changes the count, the hidden count or the latest
        `updated_at`). With a thousand notes this costs a tenth of `list_note_lines`."""
        live = (Note.workshop_id == workshop_id, Note.deleted_at.is_(None), Note.merged_into_id.is_(None))
        shape = select(func.count(), func.coalesce(func.sum(case((Note.hidden, 1), else_=0)), 0),
                       func.max(Note.updated_at), func.coalesce(func.max(Note.id), 0))
        with self._read() as s:
            version = _notes_version(s, workshop_id)
            before = tuple(s.exec(shape.where(*live, Note.id <= after_id)).one())
            now = tuple(s.exec(shape.where(*live)).one())
            rows = s.exec(select(Note.id, Note.perspective, Note.kind, Note.text, Note.participant_id, Note.hidden)
                          .where(*live, Note.id > after_id).order_by(Note.position, Note.id)).all()
        return NotesSince(version, before[:3], now[:3], now[3], [NoteLine(*row) for row in rows])

    def get_note(self, note_id: int) -> Note:
        """One note (also a deleted or merged one), or NotFound."""
        with self._read() as s:
            return fetch(s, Note, note_id, "note", detail=ELSEWHERE)

    def add_note(self, workshop_id: int, *, perspective: str, kind: str, text: str,
                 participant_id: int | None = None) -> NoteWrite:
        """Store a brainstorm note in a cell of the grid (one small transaction: the note and its undo)."""
        check_cell(perspective, kind)
        text = clean_text(text, label="Noten", required=True)
        with self._write() as s:
            before, after = _bump(s, workshop_id)
            if participant_id is not None:
                self._check_participant(s, workshop_id, participant_id)
            note = Note(workshop_id=workshop_id, perspective=perspective, kind=kind, text=text,
                        participant_id=participant_id)
            s.add(note)
            s.flush()
            push_undo(s, workshop_id, UNDO_SCOPE, f"Tilføjet: {_short(text)}", {"op": "add", "note": note.id})
        return NoteWrite(note, before, after)

    def update_note(self, note_id: int, *, text: str | None = None, perspective: str | None = None,
                    kind: str | None = None, participant_id: int | None | bool = False) -> NoteWrite:
        """Edit a note's text, move it to another cell, or change who said it (participant_id=None
        clears it; False leaves it). Text edits and moves can be undone."""
        with self._write() as s:
            note = self._live_note(s, note_id)
            before, after = _bump(s, note.workshop_id)
            undo: dict[str, object] = {"op": "update", "note": note.id}
            what = []
            if text is not None:
                text = clean_text(text, label="Noten", required=True)
                if text != note.text:
                    undo["text"] = note.text
                    what.append("Rettet")
                    note.text = text
            if perspective is not None or kind is not None:
                new_perspective, new_kind = perspective or note.perspective, kind or note.kind
                check_cell(new_perspective, new_kind)
                if (new_perspective, new_kind) != (note.perspective, note.kind):
                    undo.update(perspective=note.perspective, kind=note.kind)
                    what.append(f"Flyttet til {_cell_name(new_perspective, new_kind)}")
                    note.perspective, note.kind = new_perspective, new_kind
            if participant_id is not False:
                if participant_id is not None:
                    self._check_participant(s, note.workshop_id, participant_id)  # type: ignore[arg-type]
                note.participant_id = participant_id  # type: ignore[assignment]
            note.updated_at = utcnow()
            s.add(note)
            if what:
                push_undo(s, note.workshop_id, UNDO_SCOPE, f"{' og '.join(what)}: {_short(note.text)}", undo)
        return NoteWrite(note, before, after)

    def delete_note(self, note_id: int) -> NoteWrite:
        """Delete a note (softly: Ctrl+Z brings it back, also after a restart)."""
        with self._write() as s:
            note = self._live_note(s, note_id)
            before, after = _bump(s, note.workshop_id)
            note.deleted_at = note.updated_at = utcnow()
            s.add(note)
            push_undo(s, note.workshop_id, UNDO_SCOPE, f"Slettet: {_short(note.text)}", {"op": "delete", "note": note.id})
        return NoteWrite(note, before, after)

    def undo_history(self, workshop_id: int, scope: str = UNDO_SCOPE) -> list[UndoEntry]:
        """The undoable changes, the latest first."""
        return self._all(select(UndoEntry).where(UndoEntry.workshop_id == workshop_id, UndoEntry.scope == scope)
                         .order_by(UndoEntry.id.desc()))

    def undo(self, workshop_id: int, scope: str = UNDO_SCOPE) -> str | None:
        """Undo the latest change of the scope; returns its Danish description (None: nothing to undo)."""
        with self._write() as s:
            entry = pop_undo(s, workshop_id, scope)
            if entry is None:
                return None
            self._undo_note_change(s, json.loads(entry.payload))
            self._touch(s, workshop_id)
            return entry.description

    @staticmethod
    def _undo_note_change(s: Session, payload: dict[str, Any]) -> None:
        """Put a note back as it was before an add, a delete or an edit (step 4b adds the merges)."""
        note = s.get(Note, payload["note"]) if "note" in payload else None
        if note is None:
            return
        op = payload["op"]
        if op == "add":
            note.deleted_at = utcnow()
        elif op == "delete":
            note.deleted_at = None
        elif op == "update":
            if "text" in payload:
                note.text = payload["text"]
            if "perspective" in payload:
                note.perspective, note.kind = payload["perspective"], payload["kind"]
        note.updated_at = utcnow()
        s.add(note)

    @staticmethod
    def _live_note(s: Session, note_id: int) -> Note:
        return fetch(s, Note, note_id, "note", detail=ELSEWHERE, live=True)

    @staticmethod
    def _check_participant(s: Session, workshop_id: int, participant_id: int) -> None:
        participant = s.get(Participant, participant_id)
        if participant is None or participant.workshop_id != workshop_id:
            raise gone("participant", participant_id, ELSEWHERE)

    # --- step list -----------------------------------------------------------------------------

    def _content_brainstorm(self, workshop_id: int) -> ContentChecks:
        return {"brainstorm": exists().where(Note.workshop_id == workshop_id, Note.deleted_at.is_(None))}

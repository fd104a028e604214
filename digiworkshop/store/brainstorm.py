"""Step 4: brainstorm notes (4a), themes, merges and votes (4b), and the action plan (4c).

Every note change that a facilitator may regret (add, edit, move, delete, merge) writes an
`UndoEntry` (scope "brainstorm") in the same transaction, so undo survives a restart.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import exists, func, or_
from sqlmodel import Session, select

from ..deadlines import parse_deadline
from ..domain import ACTION_STATUSES, NOTE_KINDS, PERSPECTIVES, InputError, check_date_range, clean_text
from ..models import Action, Note, Participant, Theme, UndoEntry, Workshop, utcnow
from .undo import push_undo
from .base import ContentChecks, NotFound, StoreBase

UNDO_SCOPE = "brainstorm"
_CELL_NAMES = {"fagligt": "Fagligt", "personligt": "Personligt/individuelt", "organisatorisk": "Organisatorisk",
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


_DANISH_NAMES = {"note": "Noten", "theme": "Temaet", "action": "Handlingen", "participant": "Deltageren"}


def _not_found(what: str, ident: object) -> NotFound:
    error = NotFound(what, ident)
    error.danish = f"{_DANISH_NAMES.get(what, what)} findes ikke længere (måske slettet på en anden computer)."
    return error


def _short(text: str, width: int = 40) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def _check_cell(perspective: str, kind: str) -> None:
    if perspective not in PERSPECTIVES:
        raise InputError(f"Ukendt perspektiv: {perspective}", f"unknown perspective {perspective!r}")
    if kind not in NOTE_KINDS:
        raise InputError(f"Ukendt type: {kind}", f"unknown note kind {kind!r}")


def _cell_name(perspective: str, kind: str) -> str:
    return f"{_CELL_NAMES[perspective]} · {_CELL_NAMES[kind]}"


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
    """Reads and writes of step 4 (4a brainstorm, 4b systematisation, 4c action plan)."""

    # --- 4a: notes -----------------------------------------------------------------------------

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
            rows = s.exec(select(Note.id, Note.perspective, Note.kind, Note.text, Note.participant_id)
                          .where(Note.workshop_id == workshop_id, Note.deleted_at.is_(None),
                                 Note.merged_into_id.is_(None))
                          .order_by(Note.position, Note.id)).all()
        return [NoteLine(*row) for row in rows]

    def get_note(self, note_id: int) -> Note:
        """One note (also a deleted or merged one), or NotFound."""
        with self._read() as s:
            note = s.get(Note, note_id)
            if note is None:
                raise _not_found("note", note_id)
            return note

    def add_note(self, workshop_id: int, *, perspective: str, kind: str, text: str,
                 participant_id: int | None = None) -> NoteWrite:
        """Store a brainstorm note in a cell of the grid (one small transaction: the note and its undo)."""
        _check_cell(perspective, kind)
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
                _check_cell(new_perspective, new_kind)
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
        with self._read() as s:
            return list(s.exec(
                select(UndoEntry).where(UndoEntry.workshop_id == workshop_id, UndoEntry.scope == scope)
                .order_by(UndoEntry.id.desc())
            ).all())

    def undo(self, workshop_id: int, scope: str = UNDO_SCOPE) -> str | None:
        """Undo the latest change of the scope; returns its Danish description (None: nothing to undo)."""
        with self._write() as s:
            entry = s.exec(
                select(UndoEntry).where(UndoEntry.workshop_id == workshop_id, UndoEntry.scope == scope)
                .order_by(UndoEntry.id.desc())
            ).first()
            if entry is None:
                return None
            payload = json.loads(entry.payload)
            note = s.get(Note, payload["note"]) if "note" in payload else None
            if payload["op"] == "merge_many":
                self._undo_merge_many(s, payload)
            elif note is not None:
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
                elif op == "merge":
                    note.merged_into_id = None
                    into = s.get(Note, payload["into"])
                    if into is not None:
                        into.votes = max(0, into.votes - payload.get("votes", 0))
                        into.updated_at = utcnow()
                        s.add(into)
                note.updated_at = utcnow()
                s.add(note)
            s.delete(entry)
            self._touch(s, workshop_id)
            return entry.description


    @staticmethod
    def _live_note(s: Session, note_id: int) -> Note:
        note = s.get(Note, note_id)
        if note is None or note.deleted_at is not None:
            raise _not_found("note", note_id)
        return note

    @staticmethod
    def _check_participant(s: Session, workshop_id: int, participant_id: int) -> None:
        participant = s.get(Participant, participant_id)
        if participant is None or participant.workshop_id != workshop_id:
            raise _not_found("participant", participant_id)

    # --- 4b: themes, merges, votes, central ----------------------------------------------------

    def list_themes(self, workshop_id: int) -> list[Theme]:
        """The workshop's themes in the order they were made."""
        with self._read() as s:
            return list(s.exec(
                select(Theme).where(Theme.workshop_id == workshop_id).order_by(Theme.position, Theme.id)
            ).all())

    def create_theme(self, workshop_id: int, *, name: str, note_ids: Iterable[int]) -> Theme:
        """A new theme holding these notes (taken out of any theme they were in: that is how a theme is
        split). All notes must be potentials, or all barriers; the theme's perspective is the one most
        of its notes have."""
        name = clean_text(name, label="Temaets navn", required=True)
        ids = list(dict.fromkeys(note_ids))
        if not ids:
            raise InputError("Vælg mindst én note til temaet (mellemrum vælger).", "select at least one note")
        with self._write() as s:
            notes = [self._live_note(s, i) for i in ids]
            kinds = {n.kind for n in notes}
            if len(kinds) > 1:
                raise InputError("Et tema samler enten potentialer eller barrierer – ikke begge dele.",
                                 "a theme holds either potentials or barriers")
            perspectives = [n.perspective for n in notes]
            perspective = max(PERSPECTIVES, key=lambda p: (perspectives.count(p), p == perspectives[0]))
            last = s.exec(select(func.max(Theme.position)).where(Theme.workshop_id == workshop_id)).one()
            theme = Theme(workshop_id=workshop_id, position=(last or 0) + 1, perspective=perspective,
                          kind=notes[0].kind, name=name)
            s.add(theme)
            s.flush()
            old_themes = {n.theme_id for n in notes if n.theme_id}
            for note in notes:
                note.theme_id = theme.id
                note.updated_at = utcnow()
                s.add(note)
            s.flush()
            self._drop_empty_themes(s, old_themes)
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

    def merged_into(self, note_id: int) -> list[Note]:
        """The notes folded into this one (its history), oldest first."""
        with self._read() as s:
            return list(s.exec(
                select(Note).where(Note.merged_into_id == note_id, Note.deleted_at.is_(None)).order_by(Note.id)
            ).all())

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
            workshop = s.get(Workshop, workshop_id)
            if workshop is None:
                raise NotFound("workshop", workshop_id)
            workshop.votes_per_participant = votes
            workshop.updated_at = utcnow()
            s.add(workshop)
        return workshop

    def _after_mark(self, s: Session, target: Note | Theme) -> None:
        if isinstance(target, Note):
            target.updated_at = utcnow()
        self._touch(s, target.workshop_id)

    @staticmethod
    def _theme(s: Session, theme_id: int) -> Theme:
        theme = s.get(Theme, theme_id)
        if theme is None:
            raise _not_found("theme", theme_id)
        return theme

    @staticmethod
    def _drop_empty_themes(s: Session, theme_ids: set[int]) -> None:
        for theme_id in theme_ids:
            if s.exec(select(Note.id).where(Note.theme_id == theme_id, Note.deleted_at.is_(None))).first() is None:
                theme = s.get(Theme, theme_id)
                if theme is not None and not theme.central:
                    s.delete(theme)

    # --- 4c: the action plan -------------------------------------------------------------------

    def list_actions(self, workshop_id: int) -> list[Action]:
        """The action plan's rows: barriers before potentials, then by perspective, then as made."""
        with self._read() as s:
            actions = list(s.exec(select(Action).where(Action.workshop_id == workshop_id)).all())
        return sorted(actions, key=lambda a: (
            a.kind != "barriere", PERSPECTIVES.index(a.perspective) if a.perspective in PERSPECTIVES else 9,
            a.position, a.id))

    def sync_central_actions(self, workshop_id: int) -> list[Action]:
        """Make sure every central note and theme has a row in the plan (ready to fill), and drop rows
        that are still empty when their note or theme is no longer central. Returns list_actions."""
        with self._write() as s:
            notes = s.exec(select(Note).where(Note.workshop_id == workshop_id, Note.central,
                                              Note.deleted_at.is_(None), Note.merged_into_id.is_(None))).all()
            themes = s.exec(select(Theme).where(Theme.workshop_id == workshop_id, Theme.central)).all()
            actions = s.exec(select(Action).where(Action.workshop_id == workshop_id)).all()
            have_notes = {a.note_id for a in actions if a.note_id}
            have_themes = {a.theme_id for a in actions if a.theme_id}
            central_notes, central_themes = {n.id for n in notes}, {t.id for t in themes}
            changed = False
            for action in actions:
                linked = action.note_id in central_notes if action.note_id else (
                    action.theme_id in central_themes if action.theme_id else True)
                if not linked and not (action.how or action.owner or action.deadline_text):
                    s.delete(action)
                    changed = True
            position = max((a.position for a in actions), default=0)
            for theme in themes:
                if theme.id not in have_themes:
                    position += 1
                    s.add(Action(workshop_id=workshop_id, position=position, perspective=theme.perspective,
                                 kind=theme.kind, subject=theme.name, theme_id=theme.id))
                    changed = True
            for note in notes:
                if note.id not in have_notes:
                    position += 1
                    s.add(Action(workshop_id=workshop_id, position=position, perspective=note.perspective,
                                 kind=note.kind, subject=note.text, note_id=note.id))
                    changed = True
            if changed:
                self._touch(s, workshop_id)
        return self.list_actions(workshop_id)

    def add_action(self, workshop_id: int, *, perspective: str, kind: str, subject: str) -> Action:
        """A row of the plan not tied to a note (a barrier or potential worded directly in the plan)."""
        _check_cell(perspective, kind)
        subject = clean_text(subject, label=_CELL_NAMES[kind], required=True)
        with self._write() as s:
            self._touch(s, workshop_id)
            last = s.exec(select(func.max(Action.position)).where(Action.workshop_id == workshop_id)).one()
            action = Action(workshop_id=workshop_id, position=(last or 0) + 1, perspective=perspective, kind=kind,
                            subject=subject)
            s.add(action)
        return action

    def update_action(self, action_id: int, *, subject: str | None = None, how: str | None = None,
                      owner: str | None = None, deadline_text: str | None = None, deadline: dt.date | None | bool = False,
                      status: str | None = None, today: dt.date | None = None) -> Action:
        """Change a row of the plan. `deadline_text` is read the Danish way (deadlines.parse_deadline,
        against `today`) and stored with the date it names; `deadline` sets a date directly."""
        values: dict[str, object] = {}
        if subject is not None:
            values["subject"] = clean_text(subject, label="Emnet", required=True)
        if how is not None:
            values["how"] = clean_text(how, label="Hvordan")
        if owner is not None:
            values["owner"] = clean_text(owner, label="Hvem er ansvarlig")
        if deadline_text is not None:
            parsed = parse_deadline(clean_text(deadline_text, label="Deadline"), today=today or dt.date.today())
            values["deadline"], values["deadline_text"] = parsed.date, parsed.text
        if deadline is not False:
            if deadline is not None and not isinstance(deadline, dt.date):
                raise TypeError("deadline must be a datetime.date or None")
            values["deadline"] = check_date_range(deadline, label="Deadline")
        if status is not None:
            if status not in ACTION_STATUSES:
                raise InputError(f"Ukendt status: {status}", f"unknown status {status!r}")
            values["status"] = status
        with self._write() as s:
            action = s.get(Action, action_id)
            if action is None:
                raise _not_found("action", action_id)
            for key, value in values.items():
                setattr(action, key, value)
            action.updated_at = utcnow()
            s.add(action)
            self._touch(s, action.workshop_id)
        return action

    def delete_action(self, action_id: int) -> None:
        """Remove a row of the plan."""
        with self._write() as s:
            action = s.get(Action, action_id)
            if action is None:
                raise _not_found("action", action_id)
            self._touch(s, action.workshop_id)
            s.delete(action)

    def owner_suggestions(self, workshop_id: int) -> list[str]:
        """Owners to complete from: this workshop's participants, then owners used before (any workshop)."""
        with self._read() as s:
            names = s.exec(select(Participant.name).where(Participant.workshop_id == workshop_id)
                           .order_by(Participant.position, Participant.id)).all()
            owners = s.exec(select(Action.owner).where(Action.owner != "")
                            .group_by(Action.owner).order_by(func.max(Action.updated_at).desc())).all()
        return list(dict.fromkeys([*names, *owners]))

    # --- step list -----------------------------------------------------------------------------

    def _content_brainstorm(self, workshop_id: int) -> ContentChecks:
        live = (Note.workshop_id == workshop_id, Note.deleted_at.is_(None))
        return {
            "brainstorm": exists().where(*live),
            "systematisation": or_(exists().where(Theme.workshop_id == workshop_id),
                                   exists().where(*live, (Note.votes > 0) | Note.central)),
            "action_plan": exists().where(Action.workshop_id == workshop_id),
        }

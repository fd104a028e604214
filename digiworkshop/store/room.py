"""Phones in the room: the workshop's door (token and code), what phones send, the queue, the votes.

Everything a phone does goes through here, in the same transactions as the keyboard's writes, so a
note is stored before a phone is told "sent" and SQLite and PostgreSQL both work. A phone is a random
id (the participant server's cookie); each text and vote carries a key the phone chose, so a retry of
the same request is answered with what was stored the first time and never stores twice.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from ..db import DatabaseError
from ..domain import EVALUATION_QUESTIONS, InputError, clean_text
from ..models import (EvaluationEntry, EvaluationRound, Note, Participant, PhonePost, PhoneVote, Room, Theme,
                      Workshop, utcnow)
from ..rules.brainstorm import match_participant
from .base import NotFound, fetch, next_position
from .brainstorm import UNDO_SCOPE, BrainstormMixin, _bump, _short, check_cell
from .undo import push_undo

PHONE_TEXT_MAX = 1_000  # characters in one text from a phone
PHONE_NAME_MAX = 80
KEY_MAX = 64
CODE_DIGITS = 6

QUEUED, STORED, DROPPED, WITHDRAWN = "queued", "stored", "dropped", "withdrawn"


@dataclass(frozen=True)
class PostView:
    """A text a phone sent, as the phone's own list shows it."""

    id: int
    key: str
    target: str  # note | answer
    perspective: str
    kind: str
    question: str
    text: str
    status: str  # queued | stored | dropped | withdrawn
    shown: bool  # in the grid and visible on the projector: too late to take back
    can_withdraw: bool


def new_token() -> str:
    """The secret in the join address: 144 random bits, URL-safe."""
    return secrets.token_urlsafe(18)


def new_code() -> str:
    """The short room code for typing on a phone (the server limits how fast codes may be tried)."""
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def _check_phone_key(phone: str, key: str) -> None:
    for label, value in (("telefonens id", phone), ("nøglen", key)):
        if not isinstance(value, str) or not value or len(value) > KEY_MAX or not value.isprintable():
            raise InputError(f"Ugyldig {label}.", f"invalid phone {label}: must be 1–{KEY_MAX} printable characters")


def _phone_text(text: str, label: str) -> str:
    if isinstance(text, str) and len(text) > PHONE_TEXT_MAX:
        raise InputError(f"{label} er for lang ({len(text)} tegn; højst {PHONE_TEXT_MAX}).",
                         f"text too long ({len(text)} characters, at most {PHONE_TEXT_MAX})")
    return clean_text(text, label=label, required=True)


class RoomMixin(BrainstormMixin):
    """The room's door and everything phones write."""

    # --- the door ----------------------------------------------------------------------------

    def open_room(self, workshop_id: int) -> Room:
        """The workshop's room, made with a new token and code the first time (kept after that, so a
        phone that joined keeps working after a restart)."""
        found = self.get_room(workshop_id)
        if found is not None:
            return found
        for _ in range(20):  # a code already in use by another workshop: draw again
            try:
                with self._write() as s:
                    fetch(s, Workshop, workshop_id, "workshop")
                    if s.get(Room, workshop_id) is None:
                        s.add(Room(workshop_id=workshop_id, token=new_token(), code=self._free_code(s)))
                return self.get_room(workshop_id)  # type: ignore[return-value]
            except DatabaseError:
                found = self.get_room(workshop_id)
                if found is not None:  # another laptop opened it at the same moment
                    return found
        raise DatabaseError("Rummet kunne ikke åbnes for telefoner. Prøv igen.", "could not create the room")

    @staticmethod
    def _free_code(s: Session) -> str:
        taken = set(s.exec(select(Room.code)).all())
        code = new_code()
        while code in taken:
            code = new_code()
        return code

    def get_room(self, workshop_id: int) -> Room | None:
        """The workshop's room, or None if participation was never turned on."""
        with self._read() as s:
            return s.get(Room, workshop_id)

    def room_by_token(self, token: str) -> Room | None:
        """The room whose join address carries this token, or None."""
        if not isinstance(token, str) or not token or len(token) > KEY_MAX:
            return None
        with self._read() as s:
            room = s.exec(select(Room).where(Room.token == token)).one_or_none()
        # Compared again in constant time: the index lookup found it, this keeps timing flat for near misses.
        return room if room is not None and secrets.compare_digest(room.token, token) else None

    def room_by_code(self, code: str) -> Room | None:
        """The room with this short code (spaces ignored), or None."""
        code = "".join(str(code).split())
        if not code.isdigit() or len(code) != CODE_DIGITS:
            return None
        with self._read() as s:
            return s.exec(select(Room).where(Room.code == code)).one_or_none()

    def update_room(self, workshop_id: int, *, queue: bool | None = None, hide: bool | None = None) -> Room:
        """The facilitator's choices: phone texts through a queue or straight in; hidden until revealed."""
        with self._write() as s:
            room = fetch(s, Room, workshop_id, "room")
            if queue is not None:
                room.queue = bool(queue)
            if hide is not None:
                room.hide = bool(hide)
            s.add(room)
            self._touch(s, workshop_id)
        return room

    def renew_room(self, workshop_id: int) -> Room:
        """A new token and code: phones that joined before must join again (a code that got out)."""
        with self._write() as s:
            room = fetch(s, Room, workshop_id, "room")
            room.token, room.code = new_token(), self._free_code(s)
            s.add(room)
        return room

    # --- texts from phones -------------------------------------------------------------------

    def phone_note(self, workshop_id: int, *, phone: str, key: str, perspective: str, kind: str, text: str,
                   name: str = "") -> PostView:
        """A brainstorm note from a phone: stored in its cell (hidden if the room hides phone texts) or
        queued for the facilitator, by the room's choice. The same key again returns the first answer."""
        _check_phone_key(phone, key)
        check_cell(perspective, kind)
        return self._phone_post(workshop_id, phone=phone, key=key, text=_phone_text(text, "Noten"), name=name,
                                values={"target": "note", "perspective": perspective, "kind": kind})

    def phone_answer(self, workshop_id: int, *, phone: str, key: str, round_id: int, question: str, text: str,
                     name: str = "") -> PostView:
        """An answer in a quadrant of an evaluation round of this workshop, from a phone (as phone_note)."""
        _check_phone_key(phone, key)
        if question not in EVALUATION_QUESTIONS:
            raise InputError(f"Ukendt felt: {question}", f"unknown evaluation question {question!r}")
        return self._phone_post(workshop_id, phone=phone, key=key, text=_phone_text(text, "Svaret"), name=name,
                                values={"target": "answer", "round_id": round_id, "question": question})

    def _phone_post(self, workshop_id: int, *, phone: str, key: str, text: str, name: str,
                    values: dict[str, object]) -> PostView:
        name = clean_text(name, label="Navnet")[:PHONE_NAME_MAX].strip()
        earlier = self._post_by_key(workshop_id, phone, key)
        if earlier is not None:
            return earlier
        try:
            with self._write() as s:
                room = fetch(s, Room, workshop_id, "room")
                if values.get("round_id") is not None:
                    found = s.get(EvaluationRound, values["round_id"])
                    if found is None or found.workshop_id != workshop_id:
                        raise NotFound("evaluation round", values["round_id"])
                post = PhonePost(workshop_id=workshop_id, phone=phone, key=key, text=text, name=name,
                                 participant_id=self._participant_named(s, workshop_id, name), **values)
                s.add(post)
                s.flush()
                if not room.queue:
                    self._take_in(s, post, hidden=room.hide)
                else:
                    self._touch(s, workshop_id)
        except DatabaseError:
            earlier = self._post_by_key(workshop_id, phone, key)
            if earlier is not None:  # the same key from a retry that raced the first request
                return earlier
            raise
        return self._post_by_key(workshop_id, phone, key)  # type: ignore[return-value]

    @staticmethod
    def _participant_named(s: Session, workshop_id: int, name: str) -> int | None:
        if not name:
            return None
        people = [(p.id, p.name) for p in s.exec(select(Participant).where(Participant.workshop_id == workshop_id))]
        whole = [pid for pid, full in people if full.casefold() == name.casefold()]
        return whole[0] if whole else match_participant(name, people) if len(name) >= 3 else None

    def _take_in(self, s: Session, post: PhonePost, *, hidden: bool, text: str | None = None,
                 undoable: bool = False) -> None:
        """Make the note or the evaluation entry of a post (status stored), in the caller's transaction.

        Only the facilitator's own act (taking a text in from the queue) goes on the undo log: Ctrl+Z on
        the laptop must not remove a note a phone sent meanwhile."""
        text = post.text if text is None else text
        if post.target == "note":
            _bump(s, post.workshop_id)
            note = Note(workshop_id=post.workshop_id, perspective=post.perspective, kind=post.kind, text=text,
                        participant_id=post.participant_id, hidden=hidden)
            s.add(note)
            s.flush()
            if undoable:
                push_undo(s, post.workshop_id, UNDO_SCOPE, f"Taget ind fra telefon: {_short(text)}",
                          {"op": "add", "note": note.id})
            post.note_id = note.id
        else:
            found = s.get(EvaluationRound, post.round_id) if post.round_id is not None else None
            if found is None:
                raise NotFound("evaluation round", post.round_id)
            entry = EvaluationEntry(round_id=found.id, question=post.question, text=text, hidden=hidden,
                                    position=next_position(s, EvaluationEntry.position, EvaluationEntry.round_id == found.id))
            s.add(entry)
            s.flush()
            post.entry_id = entry.id
            self._touch(s, post.workshop_id)
        post.status = STORED
        s.add(post)

    def _post_by_key(self, workshop_id: int, phone: str, key: str) -> PostView | None:
        with self._read() as s:
            post = s.exec(select(PhonePost).where(PhonePost.workshop_id == workshop_id, PhonePost.phone == phone,
                                                  PhonePost.key == key)).one_or_none()
            return None if post is None else self._view(s, post)

    @staticmethod
    def _view(s: Session, post: PhonePost) -> PostView:
        shown = False
        if post.status == STORED:
            target = s.get(Note, post.note_id) if post.target == "note" else s.get(EvaluationEntry, post.entry_id)
            shown = target is not None and target.deleted_at is None and not target.hidden
        can_withdraw = post.status == QUEUED or (post.status == STORED and not shown)
        return PostView(id=post.id, key=post.key, target=post.target, perspective=post.perspective, kind=post.kind,  # type: ignore[arg-type]
                        question=post.question, text=post.text, status=post.status, shown=shown,
                        can_withdraw=can_withdraw)

    def phone_posts(self, workshop_id: int, phone: str) -> list[PostView]:
        """What this phone sent to this workshop, oldest first, with where each text is now."""
        with self._read() as s:
            posts = s.exec(select(PhonePost).where(PhonePost.workshop_id == workshop_id, PhonePost.phone == phone)
                           .order_by(PhonePost.id)).all()
            return [self._view(s, p) for p in posts]

    def withdraw_phone_post(self, workshop_id: int, phone: str, post_id: int) -> PostView:
        """The phone takes a text back: allowed while it waits in the queue or is hidden from the projector
        (InputError once the facilitator has shown it)."""
        with self._write() as s:
            post = s.get(PhonePost, post_id)
            if post is None or post.workshop_id != workshop_id or post.phone != phone:
                raise NotFound("phone post", post_id)
            view = self._view(s, post)
            if not view.can_withdraw:
                raise InputError("Teksten er allerede vist for rummet og kan ikke trækkes tilbage.",
                                 "the text is already shown and cannot be withdrawn")
            if post.status == STORED:
                target = s.get(Note, post.note_id) if post.target == "note" else s.get(EvaluationEntry, post.entry_id)
                if target is not None:
                    target.deleted_at = utcnow()
                    s.add(target)
                if post.target == "note":
                    _bump(s, workshop_id)
            post.status = WITHDRAWN
            s.add(post)
            self._touch(s, workshop_id)
        return self._post_by_key(workshop_id, phone, post.key)  # type: ignore[return-value]

    # --- the facilitator's side ------------------------------------------------------------

    def queued_posts(self, workshop_id: int) -> list[PhonePost]:
        """Texts from phones waiting for the facilitator ("Fra telefoner"), oldest first."""
        return self._all(select(PhonePost).where(PhonePost.workshop_id == workshop_id, PhonePost.status == QUEUED)
                         .order_by(PhonePost.id))

    def accept_post(self, post_id: int, *, text: str | None = None, perspective: str | None = None,
                    kind: str | None = None) -> PhonePost:
        """Take a queued text into the grid or the quadrant, as sent or edited (and for a note, in another
        cell if the facilitator moves it). It is shown at once: the facilitator has read it."""
        if text is not None:
            text = clean_text(text, label="Teksten", required=True)
        with self._write() as s:
            post = fetch(s, PhonePost, post_id, "phone post")
            if post.status != QUEUED:
                raise InputError("Teksten er ikke længere i køen.", "the text is no longer queued")
            if post.target == "note" and (perspective or kind):
                check_cell(perspective or post.perspective, kind or post.kind)
                post.perspective, post.kind = perspective or post.perspective, kind or post.kind
            self._take_in(s, post, hidden=False, text=text, undoable=True)
        return post

    def drop_post(self, post_id: int) -> PhonePost:
        """Drop a queued text (the phone sees it was not taken in)."""
        with self._write() as s:
            post = fetch(s, PhonePost, post_id, "phone post")
            if post.status != QUEUED:
                raise InputError("Teksten er ikke længere i køen.", "the text is no longer queued")
            post.status = DROPPED
            s.add(post)
            self._touch(s, post.workshop_id)
        return post

    def hidden_count(self, workshop_id: int) -> int:
        """How many live notes and evaluation answers of the workshop are hidden from the projector."""
        with self._read() as s:
            notes = s.exec(select(func.count()).select_from(Note).where(
                Note.workshop_id == workshop_id, Note.hidden, Note.deleted_at.is_(None))).one()
            answers = s.exec(select(func.count()).select_from(EvaluationEntry).join(EvaluationRound).where(
                EvaluationRound.workshop_id == workshop_id, EvaluationEntry.hidden,
                EvaluationEntry.deleted_at.is_(None))).one()
        return int(notes) + int(answers)

    def reveal(self, workshop_id: int) -> int:
        """Show every hidden note and answer of the workshop on the projector; how many were revealed."""
        with self._write() as s:
            count = 0
            for note in s.exec(select(Note).where(Note.workshop_id == workshop_id, Note.hidden,
                                                     Note.deleted_at.is_(None))):
                note.hidden = False
                s.add(note)
                count += 1
            rounds = select(EvaluationRound.id).where(EvaluationRound.workshop_id == workshop_id)
            for entry in s.exec(select(EvaluationEntry).where(EvaluationEntry.round_id.in_(rounds),  # type: ignore[union-attr]
                                                              EvaluationEntry.hidden,
                                                              EvaluationEntry.deleted_at.is_(None))):
                entry.hidden = False
                s.add(entry)
                count += 1
            if count:
                _bump(s, workshop_id)
        return count

    # --- dot votes from phones -----------------------------------------------------------------

    def phone_votes(self, workshop_id: int, phone: str) -> dict[tuple[str, int], int]:
        """This phone's dots: {("note", id) or ("theme", id): dots}."""
        with self._read() as s:
            rows = s.exec(select(PhoneVote.note_id, PhoneVote.theme_id).where(
                PhoneVote.workshop_id == workshop_id, PhoneVote.phone == phone)).all()
        out: dict[tuple[str, int], int] = {}
        for note_id, theme_id in rows:
            target = ("note", note_id) if note_id is not None else ("theme", theme_id)
            out[target] = out.get(target, 0) + 1
        return out

    def phone_vote(self, workshop_id: int, *, phone: str, key: str, note_id: int | None = None,
                   theme_id: int | None = None) -> int:
        """Spend one of this phone's dots on a note or a theme of the workshop (the note's or theme's votes
        go up by one in the same transaction). Returns the dots the phone has left. The same key again
        spends nothing more. InputError when the phone has no dots left."""
        _check_phone_key(phone, key)
        if (note_id is None) == (theme_id is None):
            raise InputError("Vælg én note eller ét tema.", "vote for exactly one note or theme")
        try:
            with self._write() as s:
                workshop = fetch(s, Workshop, workshop_id, "workshop")
                fetch(s, Room, workshop_id, "room")
                mine = select(func.count()).select_from(PhoneVote).where(
                    PhoneVote.workshop_id == workshop_id, PhoneVote.phone == phone)
                if s.exec(select(PhoneVote.id).where(PhoneVote.workshop_id == workshop_id, PhoneVote.phone == phone,
                                                     PhoneVote.key == key)).first() is not None:
                    return max(0, workshop.votes_per_participant - s.exec(mine).one())
                spent = s.exec(mine).one()
                if spent >= workshop.votes_per_participant:
                    raise InputError(f"Du har brugt alle dine {workshop.votes_per_participant} stemmer.",
                                     "no votes left")
                target = self._vote_target(s, workshop_id, note_id, theme_id)
                target.votes += 1
                s.add(target)
                s.add(PhoneVote(workshop_id=workshop_id, phone=phone, key=key, note_id=note_id, theme_id=theme_id))
                _bump(s, workshop_id)
                return workshop.votes_per_participant - spent - 1
        except DatabaseError:
            with self._read() as s:  # a retry that raced the first request: answer as the first did
                if s.exec(select(PhoneVote.id).where(PhoneVote.workshop_id == workshop_id, PhoneVote.phone == phone,
                                                     PhoneVote.key == key)).first() is None:
                    raise
            return self._votes_left(workshop_id, phone)

    def phone_unvote(self, workshop_id: int, *, phone: str, note_id: int | None = None,
                     theme_id: int | None = None) -> int:
        """Take back one of this phone's dots from a note or theme; the dots left (no-op if it had none there)."""
        with self._write() as s:
            vote = s.exec(select(PhoneVote).where(
                PhoneVote.workshop_id == workshop_id, PhoneVote.phone == phone,
                PhoneVote.note_id == note_id if note_id is not None else PhoneVote.theme_id == theme_id)
                .order_by(PhoneVote.id.desc())).first()  # type: ignore[union-attr]
            if vote is not None:
                target = s.get(Note, vote.note_id) if vote.note_id is not None else s.get(Theme, vote.theme_id)
                if target is not None:
                    target.votes = max(0, target.votes - 1)
                    s.add(target)
                s.delete(vote)
                _bump(s, workshop_id)
        return self._votes_left(workshop_id, phone)

    def _votes_left(self, workshop_id: int, phone: str) -> int:
        with self._read() as s:
            budget = fetch(s, Workshop, workshop_id, "workshop").votes_per_participant
            spent = s.exec(select(func.count()).select_from(PhoneVote).where(
                PhoneVote.workshop_id == workshop_id, PhoneVote.phone == phone)).one()
        return max(0, budget - spent)

    @staticmethod
    def _vote_target(s: Session, workshop_id: int, note_id: int | None, theme_id: int | None) -> Note | Theme:
        if note_id is not None:
            note = s.get(Note, note_id)
            if note is None or note.workshop_id != workshop_id or note.deleted_at or note.merged_into_id or note.hidden:
                raise NotFound("note", note_id)
            return note
        theme = s.get(Theme, theme_id)
        if theme is None or theme.workshop_id != workshop_id:
            raise NotFound("theme", theme_id)
        return theme

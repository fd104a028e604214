"""Database tables of the workshop domain (SQLModel); the schema itself comes from Alembic migrations."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    """Aware UTC timestamp (naive datetimes fail at commit, see DESIGN.md)."""
    return dt.datetime.now(dt.timezone.utc)


def text_field() -> str:
    """A free-text column: unbounded TEXT in every dialect; length is checked in domain.clean_text."""
    return Field(default="", sa_type=Text)


def new_uid() -> str:
    """Stable identity of a workshop across databases (JSON export/import, demo)."""
    return uuid.uuid4().hex


class Workshop(SQLModel, table=True):
    """Step 0: the temadag or meeting itself."""

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, max_length=64, unique=True, index=True)
    title: str = text_field()
    date: dt.date | None = None
    place: str = text_field()
    organisation: str = text_field()
    facilitator: str = text_field()
    solution: str = text_field()
    phase: str = Field(default="", max_length=32)
    votes_per_participant: int = Field(default=3, ge=0, le=99)  # dot voting in step 4b
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class Participant(SQLModel, table=True):
    """A person taking part in the workshop."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", index=True)
    position: int = 0
    name: str = text_field()
    role: str = text_field()
    unit: str = text_field()


class Purpose(SQLModel, table=True):
    """Step 1, Formidling af formål: one per workshop."""

    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", primary_key=True)
    statement: str = text_field()
    fit: str = text_field()
    borgere: str = text_field()
    medarbejdere: str = text_field()
    ledelse: str = text_field()
    politikere: str = text_field()
    strategy: str = text_field()
    no_strategy: bool = False


# --- Step 2: Nedsæt arbejdsgruppen -------------------------------------------------------------


class WorkingGroup(SQLModel, table=True):
    """Step 2: the group's task description and how colleagues are kept informed (one per workshop)."""

    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", primary_key=True)
    task: str = text_field()
    communication: str = text_field()


class GroupMember(SQLModel, table=True):
    """A member of the working group (often, not always, one of the participants)."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", index=True)
    participant_id: int | None = Field(default=None, foreign_key="participant.id", ondelete="SET NULL")
    position: int = 0
    name: str = text_field()
    role: str = text_field()
    advantage: str = text_field()
    contribution: str = text_field()
    archetype: str = Field(default="", max_length=32)  # guide archetype key or ""


# --- Step 3: Ønske om tilbud -------------------------------------------------------------------


class Wish(SQLModel, table=True):
    """A wish or requirement for the tender, on one of the guide's six topics."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", index=True)
    position: int = 0
    text: str = text_field()
    kind: str = Field(default="onske", max_length=32)  # onske | krav
    category: str = Field(default="faglig", max_length=32)  # faglig | teknisk | brugervenlighed
    topic: str = Field(default="maalgrupper", max_length=32)  # guide wish-topic key
    deleted_at: dt.datetime | None = None  # soft delete, so a deletion can be undone


class Experience(SQLModel, table=True):
    """Experience gathered from another municipality ("erfaringer fra andre kommuner")."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", index=True)
    position: int = 0
    municipality: str = text_field()
    contact: str = text_field()
    solution: str = text_field()
    learned: str = text_field()


# --- Step 4: Potentialer og barrierer ----------------------------------------------------------


class Theme(SQLModel, table=True):
    """4b: a group of brainstorm notes from one cell (perspective × kind)."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", index=True)
    position: int = 0
    perspective: str = Field(default="fagligt", max_length=32)
    kind: str = Field(default="barriere", max_length=32)
    name: str = text_field()
    votes: int = 0
    central: bool = False  # "centrale og gennemgående"


class Note(SQLModel, table=True):
    """4a: one brainstorm note, a potentiale or a barriere from one perspective."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", index=True)
    position: int = 0
    perspective: str = Field(default="fagligt", max_length=32)  # fagligt | personligt | organisatorisk
    kind: str = Field(default="barriere", max_length=32)  # potentiale | barriere
    text: str = text_field()
    participant_id: int | None = Field(default=None, foreign_key="participant.id", ondelete="SET NULL")
    theme_id: int | None = Field(default=None, foreign_key="theme.id", ondelete="SET NULL", index=True)
    merged_into_id: int | None = Field(default=None, foreign_key="note.id", ondelete="SET NULL")
    votes: int = 0
    central: bool = False
    deleted_at: dt.datetime | None = None  # soft delete, so a deletion can be undone
    hidden: bool = False  # sent from a phone in a silent brainstorm: not on the projector until revealed
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow, index=True)


class Action(SQLModel, table=True):
    """4c: a row of the action plan for a central barrier (afbødes/løses) or potential (støttes)."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", index=True)
    position: int = 0
    perspective: str = Field(default="fagligt", max_length=32)
    kind: str = Field(default="barriere", max_length=32)
    subject: str = text_field()  # the central barrier or potential, as worded in the plan
    note_id: int | None = Field(default=None, foreign_key="note.id", ondelete="SET NULL")
    theme_id: int | None = Field(default=None, foreign_key="theme.id", ondelete="SET NULL")
    how: str = text_field()
    owner: str = text_field()
    deadline: dt.date | None = None
    deadline_text: str = text_field()  # as typed; kept alone when it is no date ("efter sommerferien")
    status: str = Field(default="ikke_startet", max_length=32)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class UndoEntry(SQLModel, table=True):
    """One undoable change (edit, move, delete …) of a step's capture, kept across restarts."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", index=True)
    scope: str = Field(default="", max_length=32)  # which step's undo stack, e.g. "brainstorm", "wishes"
    description: str = text_field()  # Danish, shown to the user: "Slettet: …"
    payload: str = text_field()  # JSON describing how to undo
    created_at: dt.datetime = Field(default_factory=utcnow)


# --- Prøvehandlinger (Bilag 2) and Step 5: Evalueringsvindue -----------------------------------


class TrialAction(SQLModel, table=True):
    """A prøvehandling, run as Planlæg → Udfør → Evaluer → Tilpas cycles."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", index=True)
    position: int = 0
    title: str = text_field()
    note_id: int | None = Field(default=None, foreign_key="note.id", ondelete="SET NULL")
    theme_id: int | None = Field(default=None, foreign_key="theme.id", ondelete="SET NULL")
    created_at: dt.datetime = Field(default_factory=utcnow)


class TrialCycle(SQLModel, table=True):
    """One turn of the learning circle; cycle 2 starts from cycle 1's Tilpas."""

    id: int | None = Field(default=None, primary_key=True)
    trial_id: int = Field(foreign_key="trialaction.id", ondelete="CASCADE", index=True)
    number: int = 1
    phase: str = Field(default="plan", max_length=32)  # plan | do | study | act: where the cycle is
    started_on: dt.date | None = None


class TrialAnswer(SQLModel, table=True):
    """The answer to one of the guide's questions in one phase of a cycle."""

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="trialcycle.id", ondelete="CASCADE", index=True)
    phase: str = Field(max_length=32)
    question: str = Field(max_length=64)
    text: str = text_field()


class TrialLogEntry(SQLModel, table=True):
    """Udfør: a dated experience noted while the trial runs ("løbende erfaringer")."""

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="trialcycle.id", ondelete="CASCADE", index=True)
    date: dt.date
    text: str = text_field()


class EvaluationRound(SQLModel, table=True):
    """Step 5: a dated evaluation window, about the whole workshop or one prøvehandling (cycle)."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", index=True)
    position: int = 0
    date: dt.date | None = None
    title: str = text_field()
    trial_id: int | None = Field(default=None, foreign_key="trialaction.id", ondelete="SET NULL")
    cycle_id: int | None = Field(default=None, foreign_key="trialcycle.id", ondelete="SET NULL")


class EvaluationEntry(SQLModel, table=True):
    """One answer in a quadrant of the evaluation window."""

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="evaluationround.id", ondelete="CASCADE", index=True)
    position: int = 0
    question: str = Field(max_length=32)  # gik_godt | hvorfor_godt | gaa_bedre | anderledes
    text: str = text_field()
    deleted_at: dt.datetime | None = None
    hidden: bool = False  # sent from a phone while answers are hidden: not on the projector until revealed
    created_at: dt.datetime = Field(default_factory=utcnow)


class ActionFollowUp(SQLModel, table=True):
    """A dated follow-up on an action: its status then and a remark (the review at each meeting)."""

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", ondelete="CASCADE", index=True)
    round_id: int | None = Field(default=None, foreign_key="evaluationround.id", ondelete="SET NULL")
    date: dt.date
    status: str = Field(max_length=32)
    remark: str = text_field()
    created_at: dt.datetime = Field(default_factory=utcnow)


# --- What the facilitator was in the middle of: drafts and the last place ------------------------


class Draft(SQLModel, table=True):
    """Text typed in a capture line but not yet captured with Enter, kept so nothing typed is lost.

    One per workshop and capture line (a stable key such as "brainstorm.note"); deleted when the text is
    captured or emptied. Not part of the JSON export: it is the laptop's working state, not content.
    """

    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", primary_key=True)
    key: str = Field(max_length=64, primary_key=True)
    text: str = text_field()
    updated_at: dt.datetime = Field(default_factory=utcnow)


class WorkshopPlace(SQLModel, table=True):
    """Where the facilitator was in a workshop: the step, the brainstorm cell, the evaluation quadrant."""

    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", primary_key=True)
    step: str = Field(default="", max_length=32)  # guide step key
    brainstorm_cell: int = 0  # 0–5, reading order of the 3×2 grid
    evaluation_quadrant: int = 0  # 0–3


# --- Phones in the room ---------------------------------------------------------------------------


class Room(SQLModel, table=True):
    """A workshop's door for phones: the join token, the short room code and the facilitator's choices.

    Made the first time participation is turned on and kept, so a phone that joined keeps working after
    the app is restarted. Not part of the JSON export: it is the room's key, not content.
    """

    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", primary_key=True)
    token: str = Field(max_length=64, unique=True, index=True)  # in the join address; unguessable
    code: str = Field(max_length=16, unique=True, index=True)  # short, for typing; rate-limited by the server
    queue: bool = False  # phone texts wait in "Fra telefoner" until the facilitator takes them in
    hide: bool = False  # phone texts are hidden on the projector until the facilitator reveals them
    created_at: dt.datetime = Field(default_factory=utcnow)


class PhonePost(SQLModel, table=True):
    """One text sent from a phone: a brainstorm note (4a) or an evaluation answer (5).

    The phone's own key makes a retry a no-op; the row is also the phone's list of what it sent and the
    facilitator's queue. `status`: queued (waits for the facilitator), stored (a note or an entry was
    made), dropped (by the facilitator), withdrawn (by the phone).
    """

    __table_args__ = (UniqueConstraint("workshop_id", "phone", "key", name="uq_phonepost_key"),)

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", index=True)
    phone: str = Field(max_length=64)  # the phone's random id (a cookie)
    key: str = Field(max_length=64)  # chosen by the phone for this text
    target: str = Field(max_length=16)  # note | answer
    perspective: str = Field(default="", max_length=32)  # note: the cell
    kind: str = Field(default="", max_length=32)
    round_id: int | None = Field(default=None, foreign_key="evaluationround.id", ondelete="SET NULL")
    question: str = Field(default="", max_length=32)  # answer: the quadrant
    text: str = text_field()
    name: str = text_field()  # as the participant typed it ("" = anonymous)
    participant_id: int | None = Field(default=None, foreign_key="participant.id", ondelete="SET NULL")
    status: str = Field(default="queued", max_length=16)
    note_id: int | None = Field(default=None, foreign_key="note.id", ondelete="SET NULL")
    entry_id: int | None = Field(default=None, foreign_key="evaluationentry.id", ondelete="SET NULL")
    created_at: dt.datetime = Field(default_factory=utcnow)


class PhoneVote(SQLModel, table=True):
    """One dot a phone spent in 4b on a note or a theme (the note's or theme's `votes` counts it too)."""

    __table_args__ = (UniqueConstraint("workshop_id", "phone", "key", name="uq_phonevote_key"),)

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", index=True)
    phone: str = Field(max_length=64)
    key: str = Field(max_length=64)
    note_id: int | None = Field(default=None, foreign_key="note.id", ondelete="CASCADE")
    theme_id: int | None = Field(default=None, foreign_key="theme.id", ondelete="CASCADE")
    created_at: dt.datetime = Field(default_factory=utcnow)

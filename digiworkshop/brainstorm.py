"""Pure rules of step 4: reading a typed note (cell prefix, who said it), ranking by dot votes, and the
order of the follow-up view. No database, no UI."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .domain import NOTE_KINDS, PERSPECTIVES, InputError

# The six cells of the grid in reading order: row by perspective, potentials left, barriers right.
CELLS: tuple[tuple[str, str], ...] = tuple((p, k) for p in PERSPECTIVES for k in NOTE_KINDS)
# A two-letter prefix names a cell: perspective letter (f, p, o) + kind letter (p, b): "ob: tekst".
CELL_PREFIXES: dict[str, tuple[str, str]] = {f"{p[0]}{k[0]}": (p, k) for p, k in CELLS}
_PREFIX = re.compile(r"^\s*([a-zæøå]{2}):\s*", re.IGNORECASE)
_TIME = re.compile(r"^\s*tid:\s*(\d{1,3})\s*$", re.IGNORECASE)
_WHO = re.compile(r"^\s*@(\S+)\s*")


@dataclass(frozen=True)
class Capture:
    """What a line typed in the capture input means."""

    text: str
    cell: tuple[str, str] | None = None  # a prefix named another cell
    participant_id: int | None = None
    minutes: int | None = None  # "tid:15" sets the time box instead of adding a note


def read_capture(line: str, participants: Sequence[tuple[int, str]] = ()) -> Capture:
    """Read a typed line: an optional cell prefix ("fb:"), an optional speaker ("@Mette"), the note.

    `participants` are (id, name); "@me" matches the first whose name (or a word of it) starts with
    "me", case-insensitively. An unknown name is refused (InputError) so the text stays in the input.
    "tid:15" is the time-box command (15 minutes).
    """
    if m := _TIME.match(line):
        minutes = int(m[1])
        if not 1 <= minutes <= 240:
            raise InputError("Tidsrammen skal være fra 1 til 240 minutter.", "time box: 1–240 minutes")
        return Capture(text="", minutes=minutes)
    rest, cell, participant_id = line, None, None
    if (m := _PREFIX.match(rest)) and m[1].lower() in CELL_PREFIXES:
        cell = CELL_PREFIXES[m[1].lower()]
        rest = rest[m.end():]
    if m := _WHO.match(rest):
        participant_id = match_participant(m[1], participants)
        if participant_id is None:
            raise InputError(f"Ingen deltager hedder «{m[1]}». Ret navnet eller fjern @.",
                             f"no participant called {m[1]!r}")
        rest = rest[m.end():]
    return Capture(text=rest.strip(), cell=cell, participant_id=participant_id)


def match_participant(prefix: str, participants: Sequence[tuple[int, str]]) -> int | None:
    """The participant whose full name or one of its words starts with `prefix` (first match wins)."""
    wanted = prefix.casefold()
    for pid, name in participants:
        folded = name.casefold()
        if folded.startswith(wanted) or any(word.startswith(wanted) for word in folded.split()):
            return pid
    return None


@dataclass
class Ranked:
    """A line of the ranking: a theme (with its notes) or an ungrouped note."""

    kind: str  # potentiale | barriere
    perspective: str
    title: str
    votes: int  # the theme's own tally plus its notes', or the note's
    central: bool
    theme_id: int | None = None
    note_id: int | None = None
    note_texts: list[str] = field(default_factory=list)


def rank(notes: Iterable, themes: Iterable) -> list[Ranked]:
    """Themes and ungrouped notes, most votes first (ties: barriers first, then grid order, then as made).

    Takes objects with the Note / Theme fields (id, perspective, kind, text/name, votes, central,
    theme_id); a theme's score is its own tally plus its notes' tallies.
    """
    by_theme: dict[int, list] = {}
    items: list[Ranked] = []
    for note in notes:
        if note.theme_id is not None:
            by_theme.setdefault(note.theme_id, []).append(note)
        else:
            items.append(Ranked(note.kind, note.perspective, note.text, note.votes, note.central, note_id=note.id))
    for theme in themes:
        members = by_theme.get(theme.id, [])
        items.append(Ranked(theme.kind, theme.perspective, theme.name, theme.votes + sum(n.votes for n in members),
                            theme.central, theme_id=theme.id, note_texts=[n.text for n in members]))
    order = {cell: i for i, cell in enumerate(CELLS)}
    return sorted(items, key=lambda r: (-r.votes, r.kind != "barriere", order.get((r.perspective, r.kind), 9)))


def votes_given(notes: Iterable, themes: Iterable) -> int:
    """All dots placed in the room (notes and themes)."""
    return sum(n.votes for n in notes) + sum(t.votes for t in themes)


OPEN_STATUSES = ("ikke_startet", "i_gang")


def is_overdue(action, today: dt.date) -> bool:  # noqa: ANN001
    """An open action (not finished or given up) whose deadline has passed."""
    return action.deadline is not None and action.deadline < today and action.status in OPEN_STATUSES


def follow_up_order(actions: Iterable, today: dt.date) -> list:
    """Actions for the follow-up view: overdue first (oldest deadline first), then open ones by deadline
    (undated last), then finished and given-up ones."""
    def key(a):  # noqa: ANN001, ANN202
        if is_overdue(a, today):
            group = 0
        elif a.status in OPEN_STATUSES:
            group = 1
        else:
            group = 2
        return group, a.deadline is None, a.deadline or dt.date.max, a.id or 0

    return sorted(actions, key=key)

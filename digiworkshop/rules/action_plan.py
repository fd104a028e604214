"""Pure rules of step 4c, Handlingsplan: which actions are still open or overdue, the orders in which
the plan's follow-up view and a later meeting's review go through them, and the people an owner names
(no database, no UI)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Protocol

OPEN_STATUSES = ("ikke_startet", "i_gang")  # færdig and opgivet need no more follow-up


class _Dated(Protocol):
    status: str
    deadline: dt.date | None
    position: int
    id: int | None


def is_open(action: _Dated) -> bool:
    """An action still to follow up on (not færdig, not opgivet)."""
    return action.status in OPEN_STATUSES


def is_overdue(action: _Dated, today: dt.date) -> bool:
    """An open action whose deadline has passed."""
    return is_open(action) and action.deadline is not None and action.deadline < today


def review_order(actions: Iterable[_Dated], today: dt.date) -> list:
    """Open actions in the order a meeting reviews them: overdue first, then by deadline, none last."""

    def key(a: _Dated) -> tuple:
        return (
            0 if is_overdue(a, today) else 1,
            a.deadline is None,
            a.deadline or dt.date.max,
            a.position,
            a.id or 0,
        )

    return sorted((a for a in actions if is_open(a)), key=key)


def follow_up_order(actions: Iterable[_Dated], today: dt.date) -> list:
    """Actions for the follow-up view: overdue first (oldest deadline first), then open ones by deadline
    (undated last), then finished and given-up ones."""
    def key(a: _Dated) -> tuple:
        if is_overdue(a, today):
            group = 0
        elif a.status in OPEN_STATUSES:
            group = 1
        else:
            group = 2
        return group, a.deadline is None, a.deadline or dt.date.max, a.id or 0

    return sorted(actions, key=key)


# Between the people of an owner typed as one text: "og", a comma, "&", "/" or "+" (spaces around
# "og" required, so "Bogholderi" or "Jørgen" are never cut). Text in parentheses is never split.
_OWNER_SEPARATOR = re.compile(r"\s+og\s+|\s*[,&+]\s*", re.IGNORECASE)
_SLASH = re.compile(r"\s*/\s*")
_PARENTHESES = re.compile(r"\([^()]*\)")


def split_owners(owner: str) -> list[str]:
    """The people an owner typed as one text names: "Michael og Lone", "Michael, Lone",
    "Michael & Lone" and "Michael/Lone" are two; "Michael Holm (superbruger)" and a unit such as
    "IT/Digitalisering" are one. Spacing is
    tidied, empty parts dropped, a person named twice counted once (first spelling kept)."""
    # Protect separators inside parentheses by splitting only the text between them.
    pieces, start = [], 0
    current = ""
    for m in _PARENTHESES.finditer(owner):
        parts = _OWNER_SEPARATOR.split(owner[start:m.start()])
        current += parts[0]
        if len(parts) > 1:
            pieces.append(current)
            pieces.extend(parts[1:-1])
            current = parts[-1]
        current += m.group()
        start = m.end()
    parts = _OWNER_SEPARATOR.split(owner[start:])
    current += parts[0]
    pieces.append(current)
    pieces.extend(parts[1:])
    people: dict[str, str] = {}
    for piece in (person for piece in pieces for person in _split_slash(piece)):
        name = " ".join(piece.split())
        if name:
            people.setdefault(name.casefold(), name)
    return list(people.values())


def _split_slash(piece: str) -> list[str]:
    """A "/" between two names ("Michael/Lone") parts two people; one beside an abbreviation or a
    word in lower case ("IT/Digitalisering", "HR/løn", "Team Ledige/IT") is part of a unit's name."""
    if "(" in piece or "/" not in piece:
        return [piece]
    parts = _SLASH.split(piece)

    def name_like(word: str) -> bool:
        return len(word) >= 2 and word[0].isupper() and not word.isupper()

    if all(part.split() and name_like(part.split()[0]) and name_like(part.split()[-1]) for part in parts):
        return parts
    return [piece]


def match_owner(person: str, participants: Sequence[str]) -> str | None:
    """The participant an owner's person is (their name as the participant list has it): the same
    full name, case and spacing aside, or a first name that only one participant has. A note in
    parentheses is left out of the comparison ("Michael Holm (superbruger)" is Michael Holm)."""
    wanted = " ".join(_PARENTHESES.sub(" ", person).split()).casefold()
    if not wanted:
        return None
    for name in participants:
        if " ".join(name.split()).casefold() == wanted:
            return name
    if " " not in wanted:
        firsts = [name for name in participants if name.split() and name.split()[0].casefold() == wanted]
        if len(firsts) == 1:
            return firsts[0]
    return None

"""Pure rules of step 4c, Handlingsplan: which actions are still open or overdue, and the orders in which
the plan's follow-up view and a later meeting's review go through them (no database, no UI)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
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

"""Pure rules of following up on actions and running trial cycles (no database, no UI)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from .domain import TRIAL_PHASES

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


def furthest_phase(current: str, visited: str) -> str:
    """The phase a cycle is in after someone looked at `visited`: the furthest one reached."""
    return max(current, visited, key=TRIAL_PHASES.index)


# Which Tilpas answer adjusts which Planlæg answer when the next cycle starts.
CARRY_INTO_PLAN = {"anderledes": "hvordan", "redskaber": "redskaber"}


def carry_forward(plan: dict[str, str], act: dict[str, str], number: int) -> dict[str, str]:
    """The next cycle's Planlæg answers: the previous plan, with what Tilpas decided added where it
    changes the plan (act.anderledes into plan.hvordan, act.redskaber into plan.redskaber), marked so
    the room sees what to rewrite. `number` is the cycle the Tilpas answers come from."""
    result = {question: text for question, text in plan.items() if text}
    for act_question, plan_question in CARRY_INTO_PLAN.items():
        adjustment = act.get(act_question, "").strip()
        if adjustment:
            before = result.get(plan_question, "")
            note = f"Tilpasset efter cyklus {number}: {adjustment}"
            result[plan_question] = f"{before}\n{note}" if before else note
    return result

"""Pure rules of the trial actions (Prøvehandlinger, Bilag 2): how far a cycle has come, and what the
next cycle's Planlæg starts from (no database, no UI)."""

from __future__ import annotations

from ..domain import TRIAL_PHASES


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

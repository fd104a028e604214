"""4c's plan tables share the terminal's width, and the highlighted row can be read whole (issue #17).

The demo workshop's plan at 80×24, 120×36 and 160×45: the row with the longest subject and how is
highlighted; its whole subject, how and owner must be on screen, and where there is room (120 and 160
columns) its deadline must stand whole in the table, not cut to "26/".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from digiworkshop.demo import load_demo
from digiworkshop.domain import format_date_short
from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.steps.action_plan import ActionPlanStep, PlanTable
from digiworkshop.store import Store
from tests.helpers import screen_text


def _region_text(app: DigiWorkshopApp, region) -> str:  # noqa: ANN001 - a textual Region
    """What the terminal shows inside one widget's region."""
    lines = screen_text(app).splitlines()[region.y:region.bottom]
    return "\n".join(line[region.x:region.right] for line in lines)


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (160, 45)], ids=["80x24", "120x36", "160x45"])
async def test_the_highlighted_row_can_be_read_whole(size: tuple[int, int], tmp_path: Path) -> None:
    store = Store(str(tmp_path / "plan.db"))
    workshop = load_demo(store)
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    app.animation_level = "none"
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("n")  # not the review of open actions now
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        plan = app.screen.query_one(ActionPlanStep)
        table = plan.query_one("#plan-barriere", PlanTable)
        await pilot.press("down")  # from the first row to the one with the longest texts
        await pilot.pause(0.2)
        action = plan._actions[table.selected_id()]
        assert action.subject == "Borgerne ved ikke, hvad registreringerne bruges til"
        # The step's part of the screen (the step list beside it would break a wrapped line).
        flat = " ".join(_region_text(app, plan.region).split())
        for text in (action.subject, action.how, action.owner):
            assert " ".join(text.split()) in flat, f"{text!r} is not on screen at {size}"
        if size[0] >= 120:
            assert format_date_short(action.deadline) in _region_text(app, table.region)
        if size[0] >= 160:
            # The columns use the width there is: the subject column is wider than it was (28).
            assert plan._widths[0] > 28, plan._widths

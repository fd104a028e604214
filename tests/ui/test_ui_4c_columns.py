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


def _rows_in_sight(app: DigiWorkshopApp, table: PlanTable, height: int) -> int:
    """How many of a table's lines (its header included) are inside the window, above the footer."""
    region = table.region
    return max(0, min(region.bottom, height - 1) - max(region.y, 1)) if table.display else 0


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (160, 45)], ids=["80x24", "120x36", "160x45"])
async def test_both_tables_stay_in_sight(size: tuple[int, int], tmp_path: Path) -> None:
    """The highlighted row's detail and the editor never push the potentials' table out of the window
    (at 80×24 it was below the edge): browsing, both tables show their heading and rows beside the row
    read whole; filling a row in, both tables still show rows and the field being filled is in sight."""
    store = Store(str(tmp_path / "plan.db"))
    workshop = load_demo(store)
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    app.animation_level = "none"
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("n", "f8", "down")  # not the review now; 4c; the row with the longest texts
        await pilot.pause(0.2)
        plan = app.screen.query_one(ActionPlanStep)
        barriers = plan.query_one("#plan-barriere", PlanTable)
        potentials = plan.query_one("#plan-potentiale", PlanTable)
        for table in (barriers, potentials):
            assert _rows_in_sight(app, table, size[1]) >= 4, f"{table.id} has too few rows in sight at {size}"
        assert "Potentialer" in _region_text(app, potentials.region)
        action = plan._actions[barriers.selected_id()]
        flat = " ".join(_region_text(app, plan.region).split())
        assert " ".join(action.how.split()) in flat  # the highlighted row is still read whole
        await pilot.press("enter")  # fill the row in
        await pilot.pause(0.2)
        how = plan.query_one("#field-how")
        assert app.focused is how and how.region.bottom <= size[1] - 1 and how.region.height >= 1
        for table in (barriers, potentials):
            assert _rows_in_sight(app, table, size[1]) >= 3, f"{table.id} left the window while editing at {size}"
        await pilot.press("enter", "enter", "enter")  # how, owner, deadline: back in the table
        await pilot.pause(0.2)
        assert isinstance(app.focused, PlanTable)
        assert _rows_in_sight(app, potentials, size[1]) >= 4

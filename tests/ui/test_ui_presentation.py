"""Presentation mode shows each step's content as separate boxes: a topic per box, and an answer typed
over several paragraphs stays in its own box (it used to be split into a spurious box of its own)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from digiworkshop.demo import load_demo

from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.store import Store

SIZE = (160, 45)


def boxes(app) -> dict[str, str]:  # noqa: ANN001
    """The projector's boxes as the room sees them: title → body text."""
    found = {}
    for block in app.screen.query(".presentation-block"):
        title = block.query_one(".presentation-block-title", Static).render().plain
        found[title] = block.query_one(".presentation-block-body", Static).render().plain
    return found


async def test_an_answer_with_a_blank_line_stays_in_its_box(store: Store) -> None:
    w = store.create_workshop(title="Præsentation")
    store.update_working_group(w.id, task="Første afsnit om rammerne.\n\nAndet afsnit om tidsplanen.")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f4", "f12")
        await pilot.pause()
        shown = boxes(app)
        assert "Andet afsnit om tidsplanen." not in shown  # no box titled by the second paragraph
        assert "Første afsnit om rammerne." in shown["Opgave"]
        assert "Andet afsnit om tidsplanen." in shown["Opgave"]


async def test_each_wish_topic_is_a_box_of_its_own(store: Store) -> None:
    w = store.create_workshop(title="Præsentation")
    store.add_wish(w.id, text="Login med MitID", kind="krav", category="teknisk", topic="integration")
    store.add_wish(w.id, text="Kurser for superbrugere", topic="onboarding")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f5", "f12")
        await pilot.pause()
        shown = boxes(app)
        integration = next(body for title, body in shown.items() if title.startswith("Integration"))
        onboarding = next(body for title, body in shown.items() if title.startswith("Onboarding"))
        assert "Login med MitID" in integration and "Kurser for superbrugere" not in integration
        assert "Kurser for superbrugere" in onboarding and "Login med MitID" not in onboarding
        assert len([title for title in shown if "–" in title]) == 6  # the six topics, one box each


def _block_regions(app) -> dict[str, object]:  # noqa: ANN001
    """Each projector box's place on the screen, by the start of its title (count left off)."""
    regions = {}
    for block in app.screen.query(".presentation-block"):
        title = block.query_one(".presentation-block-title", Static).render().plain
        regions[title.rsplit(" (", 1)[0]] = block.region
    return regions


GRID_SIZES = [(80, 24), (120, 36), (160, 45), (200, 50)]


@pytest.mark.parametrize("size", GRID_SIZES, ids=[f"{w}x{h}" for w, h in GRID_SIZES])
async def test_the_brainstorm_grid_keeps_its_shape_on_the_projector(size: tuple[int, int], tmp_path: Path) -> None:
    """At every width the projector shows the template's grid: a perspective per row, its potentials on
    the left and its barriers on the right (at 160 columns and more there were three boxes a row, so
    Fagligt · Barrierer stood beside Personligt · Potentialer; at 80 one a row)."""
    store = Store(str(tmp_path / "grid.db"))
    workshop = load_demo(store)
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("n", "f6", "f12")  # not the review now; 4a; present
        await pilot.pause(0.2)
        regions = _block_regions(app)
        rows = [(regions[f"{p} · Potentialer"], regions[f"{p} · Barrierer"])
                for p in ("Fagligt", "Personligt/individuelt", "Organisatorisk")]
        for potentials, barriers in rows:
            assert potentials.y == barriers.y and potentials.x < barriers.x, regions
            assert potentials.width >= 30, regions  # two readable columns, even at 80
        assert [p.y for p, _ in rows] == sorted(p.y for p, _ in rows) and len({p.y for p, _ in rows}) == 3
        assert len({p.x for p, _ in rows}) == 1 and len({b.x for _, b in rows}) == 1


@pytest.mark.parametrize("size", GRID_SIZES, ids=[f"{w}x{h}" for w, h in GRID_SIZES])
async def test_the_evaluation_quadrants_stay_two_by_two_on_the_projector(size: tuple[int, int], store: Store) -> None:
    """The evaluation's four questions are the template's 2×2 at every width: 1 and 2 side by side,
    3 and 4 under them."""
    workshop = store.create_workshop(title="Evaluering")
    store.create_round(workshop.id, title="Runde 1")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("f9", "f12")
        await pilot.pause(0.2)
        regions = _block_regions(app)
        q = [regions[question.text] for question in app.guide.evaluation_questions]
        assert q[0].y == q[1].y < q[2].y == q[3].y, regions
        assert q[0].x == q[2].x < q[1].x == q[3].x, regions

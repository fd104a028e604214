"""Presentation mode shows each step's content as separate boxes: a topic per box, and an answer typed
over several paragraphs stays in its own box (it used to be split into a spurious box of its own)."""

from __future__ import annotations

from textual.widgets import Static

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

"""The review of open actions is offered once per meeting day per workshop: a restart in the middle of a
meeting does not ask again, the next meeting day does. The day offered is kept in the laptop's settings
file (each test has its own, see conftest's isolated_home)."""

from __future__ import annotations

import datetime as dt
import json

from digiworkshop.paths import settings_path
from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.review import ReviewOffer, ReviewScreen
from digiworkshop.screens.workshop import WorkshopScreen
from digiworkshop.screens.workshop_list import WorkshopListScreen
from digiworkshop.store import Store

SIZE = (120, 36)
MEETING = dt.date(2026, 11, 30)


def _workshop_with_an_open_action(store: Store, title: str) -> int:
    workshop = store.create_workshop(title=title)
    store.add_action(workshop.id, perspective="fagligt", kind="barriere", subject="For lidt tid")
    return workshop.id


async def _open(store: Store, workshop_id: int, day: dt.date, size: tuple[int, int] = SIZE) -> bool:
    """Start the app on the workshop on day; True when the review was offered (answered N)."""
    app = DigiWorkshopApp(store, open_workshop_id=workshop_id, today=lambda: day)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        offered = isinstance(app.screen, ReviewOffer)
        if offered:
            await pilot.press("n")
            await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        await pilot.press("ctrl+q")
    return offered


async def test_the_review_is_offered_once_per_meeting_day(store: Store) -> None:
    wid = _workshop_with_an_open_action(store, "Opfølgning")
    assert await _open(store, wid, MEETING)
    # A restart minutes later, the same day: straight into the workshop.
    assert not await _open(store, wid, MEETING, size=(80, 24))
    assert not await _open(store, wid, MEETING, size=(160, 45))
    # The next meeting day asks again (the action is still open).
    assert await _open(store, wid, MEETING + dt.timedelta(days=7))
    assert not await _open(store, wid, MEETING + dt.timedelta(days=7))
    data = json.loads(settings_path().read_text(encoding="utf-8"))
    assert data["review_offered"] == {store.get_workshop(wid).uid: "2026-12-07"}


async def test_each_workshop_is_offered_its_own_review_and_esc_does_not_count(store: Store) -> None:
    first = _workshop_with_an_open_action(store, "Første")
    second = _workshop_with_an_open_action(store, "Anden")
    assert await _open(store, first, MEETING)
    assert await _open(store, second, MEETING)  # another workshop: offered, though the first was today
    third = _workshop_with_an_open_action(store, "Tredje")
    app = DigiWorkshopApp(store, today=lambda: MEETING)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_workshop(third)
        await pilot.pause()
        assert isinstance(app.screen, ReviewOffer)
        await pilot.press("escape")  # not opened after all: the offer has not been answered
        await pilot.pause()
        assert isinstance(app.screen, WorkshopListScreen)
        app.open_workshop(third)
        await pilot.pause()
        assert isinstance(app.screen, ReviewOffer)
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.today == MEETING  # the review dates its follow-ups on the app's day
    assert not await _open(store, third, MEETING)

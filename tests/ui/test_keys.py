"""Keys that must do what the facilitator expects: Esc closes only the question it is in, a letter key
works in both cases (the UI shows them in capitals; Caps Lock must not silence the app), and a dialog
never opens on top of the same dialog."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.dialogs.forms import ConfirmDialog, ParticipantForm, TextPrompt
from digiworkshop.screens.workshop import WorkshopScreen
from digiworkshop.screens.workshop_list import WorkshopListScreen
from digiworkshop.store import Store

SIZE = (120, 36)


async def test_esc_in_4bs_theme_prompt_closes_the_prompt_only(store: Store) -> None:
    workshop = store.create_workshop(title="Tema")
    for text in ("Mangler tid", "Mangler udstyr", "Usikkerhed"):
        store.add_note(workshop.id, perspective="organisatorisk", kind="barriere", text=text)
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f7")  # 4b
        await pilot.pause()
        view = app.screen.query_one("SystematisationStep")
        await pilot.press("space", "down", "space")  # Space stays on its note
        await pilot.pause()
        chosen = list(view.selected)
        assert len(chosen) == 2
        await pilot.press("t")
        await pilot.pause()
        prompt = app.screen.query_one("#sys-prompt", Input)
        assert app.focused is prompt
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)  # not thrown out to the list
        assert app.screen.query_one("SystematisationStep") is view
        assert view.selected == chosen  # the selection is kept
        assert not prompt.has_class("-asking") and app.focused is not prompt
        assert store.list_themes(workshop.id) == []
        await pilot.press("escape")  # with no question open, Esc still goes back to the list
        await pilot.pause()
        assert isinstance(app.screen, WorkshopListScreen)


async def test_capital_letters_work_as_keys_and_are_typed_in_fields(store: Store) -> None:
    store.create_workshop(title="Slet mig")
    app = DigiWorkshopApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("N")  # the list shows N: Caps Lock or Shift
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("N", "y", "t")  # in a text field the capital is typed, not a command
        await pilot.pause()
        assert app.screen.query_one(Input).value == "Nyt"
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("J")  # "Ja (J)"
        await pilot.pause()
        assert store.list_workshops() == []


async def test_a_step_key_in_capitals_and_no_dialog_on_top_of_itself(store: Store) -> None:
    workshop = store.create_workshop(title="Deltagere")
    store.add_participant(workshop.id, name="Kit Åberg")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#participants").focus()
        await pilot.pause()
        await pilot.press("A")  # the participants table's "add", in capitals
        await pilot.pause()
        assert isinstance(app.screen, ParticipantForm)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        app.screen.query_one("#participants").focus()
        await pilot.pause()
        # A sentence typed into the table by mistake, faster than a form appears: each `a` asks for one.
        for _ in range(3):
            app.post_message(events.Key("a", "a"))
        await pilot.pause()
        assert sum(isinstance(s, ParticipantForm) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)


async def test_the_review_offer_is_not_declined_by_a_double_enter_and_esc_cancels_the_open(store: Store) -> None:
    workshop = store.create_workshop(title="Opfølgning")
    store.add_action(workshop.id, perspective="fagligt", kind="barriere", subject="For lidt tid")
    app = DigiWorkshopApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter")  # a double press on the list
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # the offer is still there, not declined unseen
        await pilot.press("escape")  # changed my mind: do not open
        await pilot.pause()
        assert isinstance(app.screen, WorkshopListScreen)
        assert not any(isinstance(s, WorkshopScreen) for s in app.screen_stack)
        await pilot.press("enter")
        await pilot.pause(0.4)  # the offer has been seen: Enter now answers it (the focused Nej)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)

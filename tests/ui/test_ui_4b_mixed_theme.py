"""4b: a theme made of notes from different cells is never silently given one of them. The name question
says the notes come from several fields; then the facilitator picks the theme's cell (perspective, and
kind when they differ) with the keyboard, the most common one highlighted. Esc closes only that question."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList

from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.dialogs.pickers import ChoicePicker
from digiworkshop.screens.steps.systematisation import SystematisationStep
from digiworkshop.screens.widgets.theme_board import ThemeBoard
from digiworkshop.screens.workshop import WorkshopScreen
from digiworkshop.store import Store

SIZES = [(120, 36), (80, 24), (160, 45)]


def workshop_with_notes(store: Store) -> tuple[int, dict[str, int]]:
    workshop = store.create_workshop(title="Blandede felter")
    cells = {"fb": ("fagligt", "barriere", "For lidt tid til samtalen"),
             "ob1": ("organisatorisk", "barriere", "Ingen fælles skabeloner"),
             "ob2": ("organisatorisk", "barriere", "Skiftende sagsbehandlere"),
             "fp": ("fagligt", "potentiale", "Borgeren forbereder sig hjemme")}
    ids = {key: store.add_note(workshop.id, perspective=p, kind=k, text=t).note.id
           for key, (p, k, t) in cells.items()}
    return workshop.id, ids


async def select(pilot, board: ThemeBoard, note_ids: list[int]) -> None:  # noqa: ANN001
    for note_id in note_ids:
        board.highlighted = [o.id for o in board._options].index(f"n{note_id}")
        await pilot.press("space")
    await pilot.pause()


async def open_4b(app, pilot) -> tuple[SystematisationStep, ThemeBoard]:  # noqa: ANN001
    await pilot.pause()
    await pilot.press("f7")
    await pilot.pause()
    view = app.screen.query_one(SystematisationStep)
    return view, view.query_one(ThemeBoard)


async def type_name(pilot, name: str) -> None:  # noqa: ANN001
    for ch in name:
        await pilot.press("space" if ch == " " else ch)
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_theme_from_several_perspectives_asks_which_one(store: Store, size: tuple[int, int]) -> None:
    workshop_id, ids = workshop_with_notes(store)
    app = DigiWorkshopApp(store, open_workshop_id=workshop_id)
    async with app.run_test(size=size) as pilot:
        view, board = await open_4b(app, pilot)
        # The Fagligt note first: the old rule gave a tie to the first note; here two of three are Organisatorisk.
        await select(pilot, board, [ids["fb"], ids["ob1"], ids["ob2"]])
        await pilot.press("t")
        await pilot.pause()
        prompt = app.screen.query_one("#sys-prompt", Input)
        assert "2 forskellige felter" in str(prompt.border_title)
        await type_name(pilot, "Tid og skabeloner")
        # Asked, not decided: the cells the notes come from, the most common highlighted.
        assert isinstance(app.screen, ChoicePicker)
        assert "flere felter" in app.screen.title_text
        picker = app.screen.query_one(OptionList)
        assert [picker.get_option_at_index(i).id for i in range(picker.option_count)] == [
            "organisatorisk:barriere", "fagligt:barriere"]
        assert picker.highlighted == 0
        assert "Organisatorisk · Barrierer (2 noter)" in str(picker.get_option_at_index(0).prompt)
        assert store.list_themes(workshop_id) == []  # nothing stored before the answer
        await pilot.press("down", "enter")  # the facilitator's choice: Fagligt
        await pilot.pause()
        [theme] = store.list_themes(workshop_id)
        assert (theme.name, theme.perspective, theme.kind) == ("Tid og skabeloner", "fagligt", "barriere")
        assert {n.id for n in store.list_notes(workshop_id) if n.theme_id == theme.id} == {
            ids["fb"], ids["ob1"], ids["ob2"]}
        assert isinstance(app.screen, WorkshopScreen) and view.selected == []


async def test_esc_on_the_cell_question_closes_only_it_and_kinds_can_differ(store: Store) -> None:
    workshop_id, ids = workshop_with_notes(store)
    app = DigiWorkshopApp(store, open_workshop_id=workshop_id)
    async with app.run_test(size=(120, 36)) as pilot:
        view, board = await open_4b(app, pilot)
        await select(pilot, board, [ids["fp"], ids["fb"]])  # a potential and a barrier
        await pilot.press("t")
        await pilot.pause()
        await type_name(pilot, "Forberedelse")
        assert isinstance(app.screen, ChoicePicker)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)  # not thrown out to the list
        assert store.list_themes(workshop_id) == []
        assert view.selected == [ids["fp"], ids["fb"]]  # the selection is kept for another try
        assert app.focused is board
        await pilot.press("t")
        await pilot.pause()
        await type_name(pilot, "Forberedelse")
        picker = app.screen.query_one(OptionList)
        assert picker.get_option_at_index(picker.highlighted).id == "fagligt:potentiale"  # a tie: the first chosen
        await pilot.press("enter")
        await pilot.pause()
        [theme] = store.list_themes(workshop_id)
        assert (theme.perspective, theme.kind) == ("fagligt", "potentiale")


async def test_notes_of_one_cell_make_a_theme_without_a_second_question(store: Store) -> None:
    workshop_id, ids = workshop_with_notes(store)
    app = DigiWorkshopApp(store, open_workshop_id=workshop_id)
    async with app.run_test(size=(120, 36)) as pilot:
        view, board = await open_4b(app, pilot)
        await select(pilot, board, [ids["ob1"], ids["ob2"]])
        await pilot.press("t")
        await pilot.pause()
        await type_name(pilot, "Skabeloner")
        assert isinstance(app.screen, WorkshopScreen)
        [theme] = store.list_themes(workshop_id)
        assert (theme.perspective, theme.kind) == ("organisatorisk", "barriere")

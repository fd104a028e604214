"""4b's proposals from the keyboard: S shows likely duplicates and themes among the loose notes, one at
a time above the board; Enter applies one (one merge, or one theme, each undone whole with Ctrl+Z), N
rejects it for as long as 4b is open, X drops a note from it, R renames the theme, P groups across the
perspectives. Nothing is written before Enter, and stored text is shown, never obeyed."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Input, Static

from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.dialogs.pickers import ChoicePicker
from digiworkshop.screens.steps.systematisation import SystematisationStep
from digiworkshop.screens.widgets.suggestion_panel import SuggestionNotes, SuggestionPanel
from digiworkshop.store import Store

DUPLICATES = ["Formålet er uklart", "formaalet er uklart", "Uklart formål!"]
COMPETENCES = ["Mangler kompetencer og viden om det virtuelle arbejdsrum", "manglende kompetencer ift det digitale",
               "mangler komp. til virtuelle møder"]
ALONE = "Borgeren får ejerskab over egen jobsøgning"


def board_of(store: Store, texts: list[str], perspective: str = "fagligt") -> tuple[int, list[int]]:
    workshop = store.create_workshop(title="Forslag")
    ids = [store.add_note(workshop.id, perspective=perspective, kind="barriere", text=t).note.id for t in texts]
    return workshop.id, ids


async def open_suggestions(app, pilot) -> SystematisationStep:  # noqa: ANN001
    await pilot.pause()
    await pilot.press("f7")
    await pilot.pause()
    await pilot.press("s")
    await settle(app, pilot)
    return app.screen.query_one(SystematisationStep)


async def settle(app, pilot) -> None:  # noqa: ANN001
    await app.workers.wait_for_complete()
    await pilot.pause()


def panel_text(app) -> str:  # noqa: ANN001
    """What the panel says: its heading and its notes, as plain text."""
    title = str(app.screen.query_one("#sug-title", Static).render())
    notes = app.screen.query_one(SuggestionNotes)
    return "\n".join([title, *(str(notes.get_option_at_index(i).prompt) for i in range(notes.option_count))])


def live_texts(store: Store, workshop_id: int) -> set[str]:
    return {n.text for n in store.list_notes(workshop_id)}


async def test_accepting_a_duplicate_merges_it_and_one_ctrl_z_undoes_it(store: Store) -> None:
    workshop_id, ids = board_of(store, [*DUPLICATES, ALONE])
    app = DigiWorkshopApp(store, open_workshop_id=workshop_id)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_suggestions(app, pilot)
        text = panel_text(app)
        assert "Forslag 1 af 1 · Siger det samme – læg sammen" in text
        assert "Fagligt · Barrierer · 3 noter" in text
        assert "● bliver: Formålet er uklart" in text and "formaalet er uklart" in text
        assert len(store.list_notes(workshop_id)) == 4  # shown, not applied
        await pilot.press("enter")
        await settle(app, pilot)
        assert live_texts(store, workshop_id) == {"Formålet er uklart", ALONE}
        assert "Ingen forslag – noterne ligner ikke hinanden nok" in panel_text(app)
        await pilot.press("ctrl+z")  # one undo takes the whole merge back
        await settle(app, pilot)
        assert live_texts(store, workshop_id) == {*DUPLICATES, ALONE}
        # Accepted once: it does not come back while 4b is open.
        assert "Ingen forslag" in panel_text(app)


async def test_accepting_a_renamed_theme_makes_it_and_ctrl_z_takes_it_away(store: Store) -> None:
    workshop_id, ids = board_of(store, [*COMPETENCES, ALONE])
    app = DigiWorkshopApp(store, open_workshop_id=workshop_id)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_suggestions(app, pilot)
        assert "Forslag 1 af 2 · Siger det samme" in panel_text(app)
        await pilot.press("right")
        assert "Forslag 2 af 2 · Hører sammen – tema: Kompetencer" in panel_text(app)
        await pilot.press("r")  # rename: the inline question, with the proposed name to edit
        prompt = app.screen.query_one("#sys-prompt", Input)
        assert app.focused is prompt and prompt.value == "Kompetencer"
        await pilot.press("escape")  # Esc closes only the question
        await pilot.pause()
        assert app.screen.query_one(SuggestionPanel).has_class("-open")
        assert isinstance(app.focused, SuggestionNotes)
        await pilot.press("r", "ctrl+u", *"IT-kompetencer", "enter")
        await pilot.pause()
        assert "tema: IT-kompetencer" in panel_text(app)
        assert store.list_themes(workshop_id) == []  # renamed in the proposal only
        await pilot.press("enter")
        await settle(app, pilot)
        [theme] = store.list_themes(workshop_id)
        assert theme.name == "IT-kompetencer"
        assert {n.id for n in store.list_notes(workshop_id) if n.theme_id == theme.id} == set(ids[:3])
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert store.list_themes(workshop_id) == []
        assert all(n.theme_id is None for n in store.list_notes(workshop_id))


async def test_rejecting_writes_nothing_and_the_proposal_stays_away(store: Store) -> None:
    workshop_id, _ids = board_of(store, [*DUPLICATES, *COMPETENCES])
    app = DigiWorkshopApp(store, open_workshop_id=workshop_id)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_suggestions(app, pilot)
        first = panel_text(app)
        total = int(re.search(r"Forslag 1 af (\d+)", first).group(1))
        assert total >= 2 and "Siger det samme" in first and "Formålet er uklart" in first
        await pilot.press("n")
        await pilot.pause()
        after = panel_text(app)
        assert f"Forslag 1 af {total - 1}" in after and "Formålet er uklart" not in after
        second = after
        await pilot.press("escape")  # closed, then asked again: the rejected one stays rejected
        await pilot.pause()
        assert not app.screen.query_one(SuggestionPanel).has_class("-open")
        await pilot.press("s")
        await settle(app, pilot)
        assert panel_text(app) == second
        for _ in range(total - 1):
            await pilot.press("delete")  # Delete rejects too
            await pilot.pause()
        assert "Ingen forslag" in panel_text(app)
        assert len(store.list_notes(workshop_id)) == 6 and store.list_themes(workshop_id) == []


async def test_a_dropped_note_stays_out_of_the_accepted_proposal(store: Store) -> None:
    workshop_id, ids = board_of(store, [*DUPLICATES, ALONE])
    app = DigiWorkshopApp(store, open_workshop_id=workshop_id)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_suggestions(app, pilot)
        await pilot.press("down", "down", "x")  # the third note: "Uklart formål!"
        await pilot.pause()
        text = panel_text(app)
        assert "2 noter" in text and "Uklart formål!" not in text
        await pilot.press("x")  # two left: a proposal needs two, so it says so and keeps both
        await pilot.pause()
        assert "2 noter" in panel_text(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert live_texts(store, workshop_id) == {"Formålet er uklart", "Uklart formål!", ALONE}


async def test_across_perspectives_is_a_switch_and_asks_for_the_themes_cell(store: Store) -> None:
    workshop = store.create_workshop(title="På tværs")
    a = store.add_note(workshop.id, perspective="fagligt", kind="barriere", text=COMPETENCES[0]).note.id
    b = store.add_note(workshop.id, perspective="organisatorisk", kind="barriere", text=COMPETENCES[1]).note.id
    c = store.add_note(workshop.id, perspective="organisatorisk", kind="barriere", text=ALONE).note.id
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_suggestions(app, pilot)
        text = panel_text(app)
        assert "Ingen forslag – noterne ligner ikke hinanden nok" in text
        assert "P på tværs af perspektiver: fra" in str(app.screen.query_one("#sug-keys", Static).render())
        await pilot.press("p")
        await settle(app, pilot)
        text = panel_text(app)
        assert "Forslag 1 af 1 · Hører sammen – tema: Kompetencer" in text
        assert "Fagligt · Barrierer + Organisatorisk · Barrierer" in text
        assert "P på tværs af perspektiver: til" in str(app.screen.query_one("#sug-keys", Static).render())
        await pilot.press("enter")  # notes from two cells: the facilitator picks the theme's cell
        await pilot.pause()
        assert isinstance(app.screen, ChoicePicker)
        await pilot.press("enter")
        await settle(app, pilot)
        [theme] = store.list_themes(workshop.id)
        assert {n.id for n in store.list_notes(workshop.id) if n.theme_id == theme.id} == {a, b}
        assert c not in {n.id for n in store.list_notes(workshop.id) if n.theme_id}
        await pilot.press("p")  # and back: within one perspective again
        await settle(app, pilot)
        assert "P på tværs af perspektiver: fra" in str(app.screen.query_one("#sug-keys", Static).render())


@pytest.mark.parametrize("hostile", ["[bold red]Formålet[/] er uklart\x1b]0;pwn\x07", "Formålet er uklart \x1b[2J[link=x]"])
async def test_stored_text_in_a_proposal_is_shown_not_obeyed(store: Store, hostile: str) -> None:
    workshop_id, _ids = board_of(store, [hostile, "formaalet er uklart", ALONE])
    app = DigiWorkshopApp(store, open_workshop_id=workshop_id)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_suggestions(app, pilot)
        text = panel_text(app)
        assert "Siger det samme" in text
        assert "␛" in text and "\x1b" not in text  # the escape shown as a symbol, not sent to the terminal
        assert ("[bold red]Formålet[/]" in text) or ("[link=x]" in text)  # markup shown as typed

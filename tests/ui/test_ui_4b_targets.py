"""Step 4b driven through the real app: every key acts on the item the facilitator sees highlighted.

After `v 7 Enter` the cursor stays on the item voted for (so the next `c` marks it), Space selects the
highlighted note without moving on, and the status line says which note `m` will merge the selection into.
"""

from __future__ import annotations

from textual.widgets import Static

from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.steps.systematisation import SystematisationStep
from digiworkshop.screens.widgets.theme_board import ThemeBoard
from digiworkshop.store import Store

SIZE = (120, 36)
# The note the merge goes into: long, and with an escape sequence that must be shown, never obeyed.
TARGET = "Borgerne \x1b[2J forstår ikke brevene fra jobcentret og ringer derfor hele tiden"


def workshop_with_notes(store: Store) -> tuple[int, list[int]]:
    """A workshop with four loose notes in the first cell (Fagligt · Potentialer)."""
    workshop = store.create_workshop(title="Temadag om breve")
    texts = ["Første note", "Anden note", TARGET, "Fjerde note"]
    ids = [store.add_note(workshop.id, perspective="fagligt", kind="potentiale", text=t).note.id for t in texts]
    return workshop.id, ids


async def open_4b(pilot) -> tuple[SystematisationStep, ThemeBoard]:  # noqa: ANN001
    """From the workshop's first step to 4b (F7), with the board focused."""
    await pilot.pause()
    await pilot.press("f7")
    await pilot.pause()
    view = pilot.app.screen.query_one(SystematisationStep)
    board = view.query_one(ThemeBoard)
    assert pilot.app.focused is board
    return view, board


def highlight(board: ThemeBoard, ident: str) -> None:
    board.highlighted = [o.id for o in board._options].index(ident)


def status(view: SystematisationStep) -> str:
    return view.query_one("#sys-info", Static).render().plain


async def test_votes_keep_the_cursor_on_the_item_so_c_marks_it(store: Store) -> None:
    workshop_id, ids = workshop_with_notes(store)
    app = DigiWorkshopApp(store, open_workshop_id=workshop_id)
    async with app.run_test(size=SIZE) as pilot:
        view, board = await open_4b(pilot)
        highlight(board, f"n{ids[1]}")
        await pilot.press("v", "7", "enter")
        await pilot.pause()
        voted = {n.id: n.votes for n in store.list_notes(workshop_id)}
        assert voted[ids[1]] == 7
        assert board.current() == ("n", ids[1])  # still on the note whose votes became 7
        await pilot.press("c")  # so the next key marks that note, not the one below it
        await pilot.pause()
        central = [n.id for n in store.list_notes(workshop_id) if n.central]
        assert central == [ids[1]]


async def test_space_selects_the_highlighted_note_and_stays_on_it(store: Store) -> None:
    workshop_id, ids = workshop_with_notes(store)
    app = DigiWorkshopApp(store, open_workshop_id=workshop_id)
    async with app.run_test(size=SIZE) as pilot:
        view, board = await open_4b(pilot)
        highlight(board, f"n{ids[0]}")
        await pilot.press("space")
        await pilot.pause()
        assert view.selected == [ids[0]]
        assert board.current() == ("n", ids[0])
        assert str(board.get_option(f"n{ids[0]}").prompt).lstrip().startswith("✓ Første note")
        await pilot.press("space")  # a second Space on the same line takes the choice back
        await pilot.pause()
        assert view.selected == []
        assert board.current() == ("n", ids[0])


async def test_the_status_line_names_the_note_m_merges_into(store: Store) -> None:
    workshop_id, ids = workshop_with_notes(store)
    app = DigiWorkshopApp(store, open_workshop_id=workshop_id)
    async with app.run_test(size=SIZE) as pilot:
        view, board = await open_4b(pilot)
        assert "lægger dem sammen" not in status(view)  # nothing selected: nothing to say about m
        highlight(board, f"n{ids[0]}")
        await pilot.press("space", "down", "space")  # select the first two notes
        await pilot.pause()
        assert view.selected == [ids[0], ids[1]]
        await pilot.press("down")  # onto the long note: the one that stays
        await pilot.pause()
        assert board.current() == ("n", ids[2])
        line = status(view)
        assert "valgt 2 · M lægger dem sammen i «Borgerne ␛[2J forstår ikke br…»" in line
        assert "\x1b" not in line  # the escape is shown as ␛, never sent to the terminal
        # Moving the cursor moves the target the line names.
        await pilot.press("down")
        await pilot.pause()
        assert "sammen i «Fjerde note»" in status(view)
        await pilot.press("up", "m")
        await pilot.pause()
        kept = {n.id: n for n in store.list_notes(workshop_id)}
        assert sorted(kept) == [ids[2], ids[3]]
        assert [n.id for n in store.merged_into(ids[2])] == [ids[0], ids[1]]
        assert board.current() == ("n", ids[2])
        assert "lægger dem sammen" not in status(view)  # the selection is spent


async def test_the_status_line_names_the_highlighted_note_though_it_is_selected_too(store: Store) -> None:
    workshop_id, ids = workshop_with_notes(store)
    app = DigiWorkshopApp(store, open_workshop_id=workshop_id)
    async with app.run_test(size=SIZE) as pilot:
        view, board = await open_4b(pilot)
        highlight(board, f"n{ids[3]}")
        await pilot.press("space")
        await pilot.pause()
        assert "lægger dem sammen" not in status(view)  # only the target itself is selected: m has nothing
        await pilot.press("up", "space")
        await pilot.pause()
        assert "valgt 2 · M lægger dem sammen i «Borgerne ␛[2J" in status(view)
        await pilot.press("m")
        await pilot.pause()
        assert [n.id for n in store.merged_into(ids[2])] == [ids[3]]

"""Step 4 driven through the real app: a full brainstorm, systematisation and action plan, live refresh
between two laptops on one store, and bad input."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich._wrap import divide_line
from textual.content import Content
from textual.widgets import DataTable, Input, Static

from digiworkshop.rules.brainstorm import CELLS
from digiworkshop.domain import format_date_da
from digiworkshop.deadlines import parse_deadline
from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.presentation import blocks_plain
from digiworkshop.screens.dialogs.forms import ConfirmDialog
from digiworkshop.screens.steps.action_plan import ActionPlanStep
from digiworkshop.screens.steps.brainstorm import BrainstormStep, CaptureInput, NoteList
from digiworkshop.screens.widgets.notes import NotePrompt, note_prompt, wrapped_lines
from digiworkshop.screens.steps.systematisation import SystematisationStep
from digiworkshop.screens.widgets.theme_board import ThemeBoard
from digiworkshop.store import Store

SIZE = (120, 40)


async def type_text(pilot, text: str) -> None:  # noqa: ANN001
    """Type like a person: one key per character (Danish letters included)."""
    for ch in text:
        await pilot.press({" ": "space", ":": "colon", "@": "at", "/": "slash"}.get(ch, ch))


async def note(pilot, text: str, *, typed: bool = True) -> None:  # noqa: ANN001
    """Capture a note: typed key by key, or (to keep the suite quick) pasted into the focused input."""
    if typed:
        await type_text(pilot, text)
    else:
        pilot.app.focused.insert_text_at_cursor(text)
    await pilot.press("enter")


def cell_counts(store: Store, workshop_id: int) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for n in store.list_notes(workshop_id):
        counts[(n.perspective, n.kind)] = counts.get((n.perspective, n.kind), 0) + 1
    return counts


def messages(app) -> list[str]:  # noqa: ANN001
    return [n.message for n in app._notifications]


async def test_a_whole_brainstorm_systematisation_and_plan(db_path) -> None:
    store = Store(str(db_path))
    workshop = store.create_workshop(title="Temadag om Joblog")
    mette = store.add_participant(workshop.id, name="Mette Ølgaard", role="Medarbejder")
    store.add_participant(workshop.id, name="Kit Åberg", role="Leder")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        view = app.screen.query_one(BrainstormStep)
        assert isinstance(app.focused, CaptureInput)

        # Cell 1 (Fagligt · Potentialer) is where the cursor starts; 11 notes, one per Enter.
        for i in range(11):
            await note(pilot, f"fp {i}", typed=i < 1)
        # Shift+→: Fagligt · Barrierer; one of them said by Mette.
        await pilot.press("shift+right")
        await note(pilot, "@mette Frygt for skriftlighed")
        for i in range(10):
            await note(pilot, f"fb {i}", typed=i < 1)
        # A prefix picks the cell for the note and stays there.
        await note(pilot, "pp: pp 0")
        for i in range(1, 11):
            await note(pilot, f"pp {i}", typed=i < 1)
        await pilot.press("shift+right")  # Personligt · Barrierer
        for i in range(11):
            await note(pilot, f"pb {i}", typed=i < 1)
        await pilot.press("shift+down", "shift+left")  # Organisatorisk · Potentialer
        for i in range(11):
            await note(pilot, f"op {i}", typed=i < 1)
        await note(pilot, "ob: Uklart formål")
        await note(pilot, "Uklart formål med løsningen")  # a duplicate, merged in 4b
        for i in range(9):
            await note(pilot, f"ob {i}", typed=i < 1)
        await pilot.pause()
        counts = cell_counts(store, workshop.id)
        assert sum(counts.values()) == 66 and set(counts.values()) == {11}
        titles = [str(lst.border_title) for lst in view.query(NoteList)]
        assert titles[0] == "1 (11) Fagligt · Potentialer" and titles[5] == "6 (11) Organisatorisk · Barrierer"
        said = next(n for n in store.list_notes(workshop.id) if n.text == "Frygt for skriftlighed")
        assert said.participant_id == mette.id
        assert "Mette Ølgaard" in str(view.query_one("#cell-1", NoteList).get_option("n%d" % said.id).prompt)

        # Edit: ↓ to the cell's list, ↑ to a note, e puts it in the input; Enter stores the correction.
        await pilot.press("down")
        assert app.focused is view.query_one("#cell-5", NoteList)
        await pilot.press("up", "e")
        assert app.focused.value == "ob 7"
        await pilot.press("ctrl+u")
        await note(pilot, "ob 7 rettet")
        assert "ob 7 rettet" in [n.text for n in store.list_notes(workshop.id)]
        # Delete and undo; move to another cell with its number.
        view.query_one("#cell-0", NoteList).focus()
        await pilot.press("home", "x")
        assert "fp 0" not in [n.text for n in store.list_notes(workshop.id)]
        await pilot.press("ctrl+z")
        assert "fp 0" in [n.text for n in store.list_notes(workshop.id)]
        await pilot.press("end", "4")
        moved = next(n for n in store.list_notes(workshop.id) if n.text == "fp 10")
        assert (moved.perspective, moved.kind) == ("personligt", "barriere")
        await pilot.press("ctrl+z")
        moved = next(n for n in store.list_notes(workshop.id) if n.text == "fp 10")
        assert (moved.perspective, moved.kind) == ("fagligt", "potentiale")

        # The guide's description of the perspective is one key away.
        await pilot.press("i", "ctrl+g")
        guide = view.query_one("#brainstorm-guide", Static)
        assert "organisatoriske og ledelsesmæssige" in guide.render().plain  # the current cell's row

        # The time box: "tid:15" starts the room's countdown; at zero the room is told, and capture carries on.
        await note(pilot, "tid:15")
        await pilot.pause()
        assert app.timebox.state == "running" and 14 * 60 < app.timebox.remaining <= 15 * 60
        assert "Tid 1" in app.screen.query_one("#topbar-timer").render().plain  # 15:00 or 14:59
        app.start_timebox(0.3, view.step.label)
        await pilot.pause(1.2)
        assert any("Tiden er gået" in m for m in messages(app))
        await note(pilot, "ob efter tiden")
        assert "ob efter tiden" in [n.text for n in store.list_notes(workshop.id)]
        assert "Uklart formål" in blocks_plain(view.presentation_content())

        # --- 4b: filter, group, merge, vote, mark central ---------------------------------------
        await pilot.press("f7")
        await pilot.pause()
        sys_view = app.screen.query_one(SystematisationStep)
        board = sys_view.query_one(ThemeBoard)
        assert app.focused is board
        await pilot.press("slash")
        await type_text(pilot, "uklart")
        await pilot.press("down")
        assert [o.id for o in board._options if not o.disabled] == [
            f"n{n.id}" for n in store.list_notes(workshop.id) if "Uklart" in n.text]
        # Merge: select the duplicate with Space, go to the note that stays, m.
        await pilot.press("home")
        while board.get_option_at_index(board.highlighted).disabled:
            await pilot.press("down")
        await pilot.press("down", "space", "home", "m")
        await pilot.pause()
        [kept] = [n for n in store.list_notes(workshop.id) if "Uklart" in n.text]
        assert kept.text == "Uklart formål"
        assert [n.text for n in store.merged_into(kept.id)] == ["Uklart formål med løsningen"]
        assert "også: Uklart formål med løsningen" in "\n".join(str(o.prompt) for o in board._options)
        # Clear the filter; group three barriers into a theme.
        sys_view.query_one("#sys-filter", Input).value = ""
        await pilot.pause()
        sys_view.query_one("#sys-filter", Input).value = "pb"
        await pilot.pause()
        board.focus()
        await pilot.press("home", "space", "down", "space", "down", "space", "t")  # Space stays on its note
        await type_text(pilot, "Utryghed ved forandring")
        await pilot.press("enter")
        await pilot.pause()
        [theme] = store.list_themes(workshop.id)
        assert theme.name == "Utryghed ved forandring" and theme.perspective == "personligt"
        assert sorted(n.text for n in store.list_notes(workshop.id) if n.theme_id == theme.id) == [
            "pb 0", "pb 1", "pb 2"]
        # Add one more to the theme, rename it.
        await pilot.press("end", "space")
        board.highlighted = [o.id for o in board._options].index(f"t{theme.id}")
        await pilot.press("a", "n", "ctrl+u")
        await type_text(pilot, "Utryghed")
        await pilot.press("enter")
        await pilot.pause()
        [theme] = store.list_themes(workshop.id)
        assert theme.name == "Utryghed"
        assert len([n for n in store.list_notes(workshop.id) if n.theme_id == theme.id]) == 4
        # Votes: a key and a number; + adds one. The theme is central.
        board.highlighted = [o.id for o in board._options].index(f"t{theme.id}")
        await pilot.press("v", "7", "enter")
        await pilot.pause()
        board.highlighted = [o.id for o in board._options].index(f"t{theme.id}")
        await pilot.press("plus", "c")
        await pilot.pause()
        [theme] = store.list_themes(workshop.id)
        assert (theme.votes, theme.central) == (8, True)
        sys_view.query_one("#sys-filter", Input).value = ""
        await pilot.pause()
        board.focus()
        board.highlighted = [o.id for o in board._options].index(f"n{kept.id}")
        await pilot.press("v", "5", "enter")
        await pilot.pause()
        board.highlighted = [o.id for o in board._options].index(f"n{kept.id}")
        await pilot.press("c")
        fp = next(n for n in store.list_notes(workshop.id) if n.text == "fp 3")
        board.highlighted = [o.id for o in board._options].index(f"n{fp.id}")
        await pilot.press("v", "2", "enter")
        board.highlighted = [o.id for o in board._options].index(f"n{fp.id}")
        await pilot.press("c")
        await pilot.pause()
        # The ranking: most votes first.
        await pilot.press("o")
        await pilot.pause()
        ranked = [str(o.prompt) for o in board._options]
        assert ranked[0].startswith("  1. [8] ★ Utryghed")
        assert ranked[1].startswith("  2. [5] ★ Uklart formål")
        assert ranked[2].startswith("  3. [2] ★ fp 3")
        assert "Utryghed" in blocks_plain(sys_view.presentation_content())

        # --- 4c: the central ones are rows ready to fill -----------------------------------------
        await pilot.press("f8")
        await pilot.pause()
        plan = app.screen.query_one(ActionPlanStep)
        barriers = plan.query_one("#plan-barriere", DataTable)
        potentials = plan.query_one("#plan-potentiale", DataTable)
        assert [str(barriers.get_row_at(i)[0]) for i in range(barriers.row_count)] == [
            "Personligt/individuelt", "Utryghed", "Organisatorisk", "Uklart formål"]
        assert [str(potentials.get_row_at(i)[0]) for i in range(potentials.row_count)] == ["Fagligt", "fp 3"]
        assert app.focused is barriers
        await pilot.press("enter")  # the cursor starts on the first row to fill
        app.focused.insert_text_at_cursor("Sidemandsoplæring i teamet")
        await pilot.press("enter")
        app.focused.insert_text_at_cursor("Jobcenterchef og arbejdsgruppen")
        await pilot.press("enter")
        await type_text(pilot, "næste fredag")
        await pilot.pause()
        expected = parse_deadline("næste fredag", today=dt.date.today()).date
        assert plan.query_one("#deadline-spoken", Static).render().plain == \
            f"→ {format_date_da(expected, weekday=True)}"
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is barriers  # back in the table, on the next row to fill
        await pilot.press("enter")
        app.focused.insert_text_at_cursor("Formålet fortælles på personalemødet")
        await pilot.press("enter")
        await type_text(pilot, "Kit")  # completed from the participants
        await pilot.press("right", "enter")
        app.focused.insert_text_at_cursor("efter sommerferien")
        await pilot.press("enter")
        await pilot.press("s")  # status: i gang
        potentials.focus()
        await pilot.press("down", "enter")
        app.focused.insert_text_at_cursor("Del gode erfaringer")
        await pilot.press("enter")
        await type_text(pilot, "Jobc")  # completed from earlier owners
        await pilot.press("right", "enter")
        await type_text(pilot, "uge 12")
        await pilot.press("enter")
        await pilot.pause()
        assert "Uklart formål" in blocks_plain(plan.presentation_content())
        # The follow-up view: o.
        await pilot.press("o")
        await pilot.pause()
        follow_up = plan.query_one("#plan-follow-up", DataTable)
        assert follow_up.row_count == 3
        await pilot.press("ctrl+q")
    store.close()

    reopened = Store(str(db_path))
    actions = {a.subject: a for a in reopened.list_actions(workshop.id)}
    assert set(actions) == {"Utryghed", "Uklart formål", "fp 3"}
    first = actions["Utryghed"]
    assert (first.how, first.owner, first.deadline_text, first.deadline) == (
        "Sidemandsoplæring i teamet", "Jobcenterchef og arbejdsgruppen", "næste fredag", expected)
    second = actions["Uklart formål"]
    assert (second.how, second.owner, second.deadline, second.deadline_text, second.status) == (
        "Formålet fortælles på personalemødet", "Kit Åberg", None, "efter sommerferien", "i_gang")
    third = actions["fp 3"]
    assert (third.kind, third.owner, third.deadline_text) == ("potentiale", "Jobcenterchef og arbejdsgruppen", "uge 12")
    assert third.deadline is not None and third.deadline.isocalendar().week == 12
    assert len(reopened.list_notes(workshop.id)) == 66  # 67 captured, one merged
    # Undo survives the restart: the last changes were the theme and the merge (4b) and the note typed after
    # the time ran out.
    app = DigiWorkshopApp(reopened, open_workshop_id=workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # the plan's open actions: review them? not now
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("ctrl+z")  # the theme: its first three notes leave it (the one added later stays)
        await pilot.pause()
        assert any("Fortrudt – Tema oprettet: Utryghed ved forandring" in m for m in messages(app))
        assert len([n for n in reopened.list_notes(workshop.id) if n.theme_id is not None]) == 1
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "Uklart formål med løsningen" in [n.text for n in reopened.list_notes(workshop.id)]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "ob efter tiden" not in [n.text for n in reopened.list_notes(workshop.id)]
        assert any("Fortrudt – Tilføjet: ob efter tiden" in m for m in messages(app))
        view = app.screen.query_one(BrainstormStep)
        assert str(view.query_one("#cell-5", NoteList).border_title) == "6 (11) Organisatorisk · Barrierer"
    reopened.close()


async def test_two_laptops_on_one_store_see_each_others_notes(db_path) -> None:
    first_store, second_store = Store(str(db_path)), Store(str(db_path))
    workshop = first_store.create_workshop(title="To computere")
    first, second = (DigiWorkshopApp(s, open_workshop_id=workshop.id) for s in (first_store, second_store))
    async with first.run_test(size=SIZE) as one, second.run_test(size=SIZE) as two:
        for pilot in (one, two):
            await pilot.pause()
            await pilot.press("f6")
            await pilot.pause()
        await note(one, "Fra den første computer")
        await two.press("shift+right")
        await note(two, "Fra den anden computer")
        await asyncio.sleep(1.6)  # each polls once a second; no key pressed on either
        await one.pause()
        await two.pause()
        for app in (first, second):
            view = app.screen.query_one(BrainstormStep)
            assert [str(o.prompt) for o in view.query_one("#cell-0", NoteList)._options] == ["Fra den første computer"]
            assert [str(o.prompt) for o in view.query_one("#cell-1", NoteList)._options] == ["Fra den anden computer"]
    first_store.close()
    second_store.close()


async def test_bad_notes_keep_the_typed_text_and_say_why(store: Store) -> None:
    workshop = store.create_workshop(title="Fejl")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        capture = app.screen.query_one(CaptureInput)
        await pilot.press("enter")
        assert any("Skriv noten" in m for m in messages(app))
        capture.value = "x" * 25_000
        await pilot.press("enter")
        assert capture.value == "x" * 25_000 and any("for lang" in m for m in messages(app))
        capture.value = "@ukendt siger noget"
        await pilot.press("enter")
        assert capture.value == "@ukendt siger noget" and any("Ingen deltager" in m for m in messages(app))
        assert store.list_notes(workshop.id) == []
        # At 80×24 all six cells and the input are on screen.
        view = app.screen.query_one(BrainstormStep)
        for cell in view.query(NoteList):
            assert cell.region.height >= 3 and cell.region.bottom <= capture.region.y
        assert capture.region.bottom <= 23


async def test_a_wrong_deadline_is_refused_in_place(store: Store) -> None:
    workshop = store.create_workshop(title="Deadline")
    action = store.add_action(workshop.id, perspective="fagligt", kind="barriere", subject="For lidt tid")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")  # the open action: review it? not now
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("enter", "enter", "enter")
        await type_text(pilot, "31/2")
        await pilot.pause()
        plan = app.screen.query_one(ActionPlanStep)
        assert "findes ikke" in plan.query_one("#deadline-spoken", Static).render().plain
        await pilot.press("enter")
        assert app.focused.id == "field-deadline" and app.focused.value == "31/2"
        assert store.list_actions(workshop.id)[0].deadline_text == ""
    assert action.id


async def test_a_long_note_and_a_full_cell_stay_readable_while_typing(store: Store) -> None:
    """The capture input and the cells are redrawn without re-laying out the screen on each note; the
    end of a long note being typed and the newest note of an overflowing cell must still be on screen."""
    workshop = store.create_workshop(title="Lange noter")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        capture = app.screen.query_one(CaptureInput)
        capture.insert_text_at_cursor("Borgerne skal kunne logge ind med MitID fra egen telefon " * 3)
        await type_text(pilot, "ellers SLUT")
        await pilot.pause()
        shown = "".join(capture.render_line(y).text for y in range(capture.size.height))
        assert "SLUT" in shown, shown
        await pilot.press("enter")
        for i in range(25):  # far more notes than the cell has lines at 80×24
            await note(pilot, f"note nummer {i}", typed=False)
        await pilot.pause()
        cell = app.screen.query_one("#cell-0", NoteList)
        assert cell.option_count == 26
        visible = "".join(cell.render_line(y).text for y in range(cell.size.height))
        assert "note nummer 24" in visible, visible
        assert cell.max_scroll_y > 0 and cell.scroll_y == cell.max_scroll_y


async def test_a_full_grid_opens_with_every_note_wrapped_in_its_cell_and_takes_a_note_at_once(store: Store) -> None:
    """Opening 4a with many notes: each cell holds its notes, wrapped for the cell's width (also after the
    terminal is resized), and a note typed straight after F6 lands at the end of its cell and shows."""
    workshop = store.create_workshop(title="Fuld væg")
    said = store.add_participant(workshop.id, name="Åse Ørbæk").id
    words = "Borgerne får overblik og ejerskab over egen jobsøgning når samtalen bliver kortere".split()
    for i in range(180):
        perspective, kind = CELLS[i % len(CELLS)]
        store.add_note(workshop.id, perspective=perspective, kind=kind, text=" ".join(words[: 2 + i % 11]) + f" {i}",
                       participant_id=said if i % 4 == 0 else None)
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)

    def check_cells() -> None:
        view = app.screen.query_one(BrainstormStep)
        by_cell: dict[int, list[str]] = {}
        for n in store.list_notes(workshop.id):
            by_cell.setdefault(CELLS.index((n.perspective, n.kind)), []).append(f"n{n.id}")
        for i, cell in enumerate(view.query(NoteList)):
            assert [o.id for o in cell.options] == by_cell.get(i, [])
            width = cell.scrollable_content_region.width
            wrapped = sum(Content(str(o.prompt)).get_height(cell.styles, width) for o in cell.options)
            assert cell.virtual_size.height == len(cell._lines) == wrapped

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await note(pilot, "Lige efter åbningen")
        await pilot.pause()
        check_cells()
        first = app.screen.query_one("#cell-0", NoteList)
        assert str(first.options[-1].prompt) == "Lige efter åbningen"
        shown = "".join(first.render_line(y).text for y in range(first.size.height))
        assert "Lige efter åbningen" in shown, shown
        await pilot.resize_terminal(100, 30)  # narrower cells: every note wrapped again
        await pilot.pause()
        check_cells()


# Words as a room types them: Danish letters, a wide character, runs of spaces, a word longer than a cell.
NOTE_TEXT = st.lists(st.sampled_from(["Borgerne", "ærgrelse", "øko", "på", "—", "MitID", "日本", "a", " ", "  ",
                                      "x" * 45, "\n", "\t", "-", "\xa0", "Ωжé", "–", "“citat”", "…", "€",
                                      "\u200b", "e\u0301"]), max_size=30).map("".join)


def test_a_note_is_shown_without_control_codes_and_otherwise_as_typed() -> None:
    """Notes keep control characters as typed; the cell shows them as symbols and never sends them to the
    terminal (digiworkshop.text.visible)."""
    from digiworkshop.store.brainstorm import NoteLine

    def shown(text: str, participant: int | None = None) -> str:
        line = NoteLine(id=1, perspective="fagligt", kind="potentiale", text=text, participant_id=participant)
        return str(note_prompt(line, {7: "Kim"}))

    assert shown("Borgerne [b]mangler[/b] MitID\n– og tid") == "Borgerne [b]mangler[/b] MitID\n– og tid"
    assert shown("Rød\x08 alarm\x07\r") == "Rød␈ alarm␇␍"  # what Textual's Content would silently remove
    assert shown("Titel \x1b]0;PWNED\x07 \x9b2J") == "Titel ␛]0;PWNED␇ ‹9B›2J"  # what it would pass on
    assert shown("Bip\x07", participant=7) == "Bip␇ — Kim"
    said = note_prompt(NoteLine(id=1, perspective="fagligt", kind="potentiale", text="\rBip\x07", participant_id=7),
                       {7: "Kim"})
    [span] = said.spans  # who said it, dimmed: still exactly the name beside the visible codes
    assert str(said)[span.start:span.end] == " — Kim"


@settings(max_examples=500, deadline=None)
@given(line=NOTE_TEXT.map(lambda text: text.replace("\n", " ")), width=st.integers(min_value=1, max_value=60),
       fold=st.booleans())
def test_the_quick_line_count_is_richs_wrapping(line: str, width: int, fold: bool) -> None:
    """wrapped_lines counts the breaks rich's divide_line would list, for every width and text."""
    assert wrapped_lines(line, width, fold) == len(divide_line(line, width, fold=fold)) + 1


@settings(max_examples=300, deadline=None)
@given(text=NOTE_TEXT, width=st.integers(min_value=1, max_value=60),
       rules=st.sampled_from([{}, {"text_overflow": "ellipsis"}, {"text_wrap": "nowrap"}, {"line_pad": 1}]))
def test_a_note_counts_its_lines_as_textual_wraps_them(text: str, width: int, rules: dict) -> None:
    """The cells lay out 2,000 notes by NotePrompt's quick line count; it must be the lines painted."""
    try:
        expected = Content(text).get_height(rules, width)
    except ValueError:  # Textual cannot wrap into no width at all; nor can a note
        with pytest.raises(ValueError):
            NotePrompt(text).get_height(rules, width)
        return
    assert NotePrompt(text).get_height(rules, width) == expected

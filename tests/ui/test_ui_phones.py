"""Phones in the room, in the facilitator's app: the panel with the QR code, phones' notes arriving in the
grid while the facilitator types, the queue, hidden notes and answers, and the server stopped on leaving.

The real app (Pilot) on a real store; the real participant server on loopback (DIGIWORKSHOP_ROOM_HOST),
spoken to over real HTTP with urllib.
"""

from __future__ import annotations

import asyncio
import socket
import urllib.error
import urllib.request

import pytest
from textual.widgets import Input, OptionList, Static

from digiworkshop.rules.brainstorm import CELLS
from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.dialogs.phones import PhonePanel, PhoneQueue
from digiworkshop.screens.phones import HOST_ENV, PORT_ENV
from digiworkshop.screens.steps.brainstorm import NoteList
from digiworkshop.screens.widgets.qr import QRCode, fitting_scale, qr_matrix, qr_text, read_qr_text
from digiworkshop.screens.workshop import WorkshopScreen
from digiworkshop.store import Store
from helpers import screen_text
from helpers.phones import Phone, notes_for, start_phones

SIZE = (120, 36)
BRAINSTORM, EVALUATION = "f6", "f9"
QR_CHARS = set("▀▄█")


def boxes(app: DigiWorkshopApp) -> dict[str, str]:
    """The projector's boxes as the room sees them: title → body text."""
    found = {}
    for block in app.screen.query(".presentation-block"):
        title = block.query_one(".presentation-block-title", Static).render().plain
        found[title] = block.query_one(".presentation-block-body", Static).render().plain
    return found


def cell_texts(app: DigiWorkshopApp, cell: int) -> list[str]:
    lst = app.screen.query_one(f"#cell-{cell}", NoteList)
    return [str(lst.get_option_at_index(i).prompt) for i in range(lst.option_count)]


async def wait_for(pilot, condition, seconds: float = 5.0) -> None:  # noqa: ANN001
    """Let the app run (no key pressed) until `condition()` holds."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()


# --- the QR code ----------------------------------------------------------------------------------

def test_the_drawn_code_reads_back_as_the_symbol_with_its_quiet_zone() -> None:
    url = "http://192.168.1.20:8765/j/AbCdEfGhIjKlMnOpQrStUvWx"
    matrix = qr_matrix(url)
    assert len(matrix) == len(matrix[0]) == 33 + 8  # version 4 at level M, four light modules around
    assert not any(matrix[0]) and not any(row[0] for row in matrix)  # the quiet zone is light
    lines = qr_text(matrix).plain.split("\n")
    assert len(lines) == (len(matrix) + 1) // 2 and {len(line) for line in lines} == {len(matrix)}
    back = read_qr_text(lines)[:len(matrix)]
    assert back == matrix
    assert fitting_scale(len(matrix), 120, 36) == 1 and fitting_scale(len(matrix), 200, 60) == 2


# --- hidden notes and the queue (store-side phone writes; no server needed) --------------------------

async def test_a_hidden_phone_note_is_marked_in_the_grid_and_left_off_the_projector(store: Store) -> None:
    w = store.create_workshop(title="Stille brainstorm")
    store.open_room(w.id)
    store.update_room(w.id, hide=True)
    store.phone_note(w.id, phone="p1", key="k1", perspective="fagligt", kind="potentiale",
                     text="Hemmelig idé fra telefonen")
    store.add_note(w.id, perspective="fagligt", kind="potentiale", text="Facilitatorens egen note")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(BRAINSTORM)
        await pilot.pause()
        texts = cell_texts(app, 0)
        assert "skjult · Hemmelig idé fra telefonen" in texts
        assert "Facilitatorens egen note" in texts
        await pilot.press("f12")
        await pilot.pause()
        shown = "\n".join(boxes(app).values())
        assert "Facilitatorens egen note" in shown
        assert "Hemmelig" not in shown and "Hemmelig" not in screen_text(app)
        assert "Fra telefoner: 1 note skjult, til de afsløres" in boxes(app)
        await pilot.press("f7")  # 4b's ranking on the projector: the same
        await pilot.pause()
        shown = "\n".join(boxes(app).values())
        assert "Facilitatorens egen note" in shown and "Hemmelig" not in shown


async def test_a_hidden_phone_answer_is_marked_in_step_5_and_left_off_the_projector(store: Store) -> None:
    w = store.create_workshop(title="Evaluering")
    found = store.create_round(w.id)
    store.open_room(w.id)
    store.update_room(w.id, hide=True)
    store.phone_answer(w.id, phone="p1", key="k1", round_id=found.id, question="gik_godt", text="Skjult svar")
    store.add_entry(found.id, question="gik_godt", text="Synligt svar")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(EVALUATION)
        await pilot.pause()
        assert "skjult · Skjult svar" in screen_text(app)
        await pilot.press("f12")
        await pilot.pause()
        shown = screen_text(app)
        assert "Synligt svar" in shown and "Skjult svar" not in shown


async def test_queued_phone_notes_are_taken_in_edited_moved_or_dropped(store: Store) -> None:
    w = store.create_workshop(title="Kø")
    store.open_room(w.id)
    store.update_room(w.id, queue=True)
    for i, text in enumerate(["Som sendt", "Stavefjel", "Forkert felt", "Spam <b>"]):
        store.phone_note(w.id, phone="p1", key=f"k{i}", perspective="fagligt", kind="potentiale", text=text)
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(BRAINSTORM)
        await pilot.pause()
        assert "Fra telefoner (4)" in screen_text(app)
        assert cell_texts(app, 0) == []
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, PhoneQueue)
        assert "Fra telefoner (4)" in screen_text(app) and "Spam <b>" in screen_text(app)
        await pilot.press("enter")  # as sent
        await pilot.pause()
        await pilot.press("e")  # corrected first
        await pilot.pause()
        prompt = app.screen.query_one(Input)
        prompt.value = "Stavefejl"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("6")  # into cell 6 (organisatorisk · barrierer)
        await pilot.pause()
        await pilot.press("d")  # dropped
        await pilot.pause()
        assert not isinstance(app.screen, PhoneQueue)  # empty: back to the grid
        assert cell_texts(app, 0) == ["Som sendt", "Stavefejl"]
        assert cell_texts(app, 5) == ["Forkert felt"]
        assert "Fra telefoner (" not in screen_text(app)
    assert [p.status for p in store.phone_posts(w.id, "p1")] == ["stored", "stored", "stored", "dropped"]
    assert CELLS[5] == ("organisatorisk", "barriere")


# --- with the participant server on loopback ---------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> int:
    """The participant server on 127.0.0.1 at a free port (never on the machine's network in tests)."""
    port = free_port()
    monkeypatch.setenv(HOST_ENV, "127.0.0.1")
    monkeypatch.setenv(PORT_ENV, str(port))
    return port


def refused(port: int) -> bool:
    """Nothing listens on the port any more."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return True
    return False


def http(url: str, data: dict | None = None) -> tuple[int, str]:
    """A real HTTP request, as a phone's browser makes it (JSON for a write)."""
    import json

    body = None if data is None else json.dumps(data).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"} if body else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


async def phones_on(app: DigiWorkshopApp, pilot) -> PhonePanel:  # noqa: ANN001
    """Ctrl+Y, then wait (no key) until the server listens and the panel shows."""
    await pilot.press("ctrl+y")
    await wait_for(pilot, lambda: isinstance(app.screen, PhonePanel), 15)
    await pilot.pause()
    return app.screen  # type: ignore[return-value]


def post_note(server, text: str, key: str, cell: int = 0) -> dict:  # noqa: ANN001
    import json

    perspective, kind = CELLS[cell]
    status, body = http(server.join_url + "/note",
                        {"key": key, "perspective": perspective, "kind": kind, "text": text})
    assert status == 200, body
    return json.loads(body)


async def test_ctrl_y_shows_the_code_the_address_and_a_qr_code_that_reads_back(store: Store, loopback: int) -> None:
    w = store.create_workshop(title="QR")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = await phones_on(app, pilot)
        server = panel.room.server
        room = store.get_room(w.id)
        assert server.join_url == f"http://127.0.0.1:{loopback}/j/{room.token}"
        shown = screen_text(app)
        assert server.base_url in shown and server.join_url in shown
        assert f"Kode: {room.code[:3]} {room.code[3:]}" in shown
        assert "Telefoner: 0" in shown and "Afslør (0)" in shown
        # The block of half blocks on screen, where the code widget is, is the symbol of the join address
        # with its quiet zone: what a phone's camera reads.
        region = panel.query_one(QRCode).region
        expected = qr_matrix(server.join_url)
        assert (region.width, region.height) == (len(expected), (len(expected) + 1) // 2)
        lines = shown.split("\n")[region.y:region.bottom]
        drawn = [line[region.x:region.right] for line in lines]
        assert QR_CHARS <= set("".join(drawn))
        assert read_qr_text(drawn)[:len(expected)] == expected
        # The server answers on loopback: the join address is the phone's page.
        status, page = await asyncio.to_thread(http, server.join_url)
        assert status == 200 and "<html" in page.lower()
        await pilot.press("escape")  # the panel closes, phones stay on
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen) and "Telefoner: " in screen_text(app)
        assert not refused(loopback)


async def test_a_phones_note_appears_in_the_grid_while_the_facilitator_types(store: Store, loopback: int) -> None:
    w = store.create_workshop(title="Live")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(BRAINSTORM)
        await pilot.pause()
        panel = await phones_on(app, pilot)
        server = panel.room.server
        await pilot.press("escape")
        await pilot.press(*"Halvt skrevet")
        await pilot.pause()
        capture = app.focused
        assert isinstance(capture, Input) and capture.value == "Halvt skrevet"
        answer = await asyncio.to_thread(post_note, server, "Fra telefonen 📱 <b>fed</b>", "key-1", cell=3)
        assert answer["post"]["status"] == "stored"
        await wait_for(pilot, lambda: "Fra telefonen 📱 <b>fed</b>" in cell_texts(app, 3))
        assert app.focused is capture and capture.value == "Halvt skrevet"
        assert capture.cursor_position == len("Halvt skrevet")
        await pilot.press("enter")  # the facilitator's own note is stored as always, in the current cell
        await pilot.pause()
        assert "Halvt skrevet" in cell_texts(app, 0)


def cell_rows(app: DigiWorkshopApp, cell: int) -> list[str]:
    """The text of each row of the current cell (the one with the heavy border) as painted on the screen,
    without its scroll bar. (Rows are cut at the border, not by column: a wide emoji in the cell to its
    left shifts the characters.)"""
    region = app.screen.query_one(f"#cell-{cell}", NoteList).content_region
    rows = screen_text(app).split("\n")[region.y:region.bottom]
    return [row.split("┃")[1].rstrip(" ▁▂▃▄▅▆▇█") for row in rows]


async def test_a_burst_of_phone_notes_all_show_and_leave_the_facilitators_place_alone(
        store: Store, loopback: int) -> None:
    # A cell with more notes than it has room for: the facilitator has gone up in it to read an early
    # one, then back to the capture line to finish a note, when fifty notes come from five phones at once.
    w = store.create_workshop(title="Myldretid")
    perspective, kind = CELLS[3]
    for i in range(40):
        store.add_note(w.id, perspective=perspective, kind=kind, text=f"Tidligere note {i:02d}")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(BRAINSTORM)
        await pilot.pause()
        panel = await phones_on(app, pilot)
        server = panel.room.server
        await pilot.press("escape", "shift+right", "shift+down", "down")  # into cell 4's list, on its last note
        await pilot.press(*["up"] * 30)
        await pilot.press("tab", *"Halvt skrevet note", "left", "left", "left")
        await pilot.pause()
        capture = app.focused
        assert isinstance(capture, Input) and capture.value == "Halvt skrevet note"
        cell = app.screen.query_one("#cell-3", NoteList)
        before = cell_rows(app, 3)
        assert "Tidligere note 09" in "\n".join(before) and "Tidligere note 39" not in "\n".join(before)

        phones = [Phone(i, server.join_url, notes_for(i, 10)) for i in range(5)]
        await asyncio.to_thread(lambda: [t.join() for t in start_phones(phones, 60)])
        sent = [note.text for phone in phones for note in phone.notes]
        assert all(note.status == 200 for phone in phones for note in phone.notes)

        def grid() -> list[str]:
            return [text for i in range(len(CELLS)) for text in cell_texts(app, i)]

        await wait_for(pilot, lambda: set(sent) <= set(grid()))
        await pilot.pause()
        assert len(grid()) == 40 + 50  # each note once
        # The facilitator's place is where it was: the half-typed note with its cursor, and the cell they
        # were reading shows the same notes in the same rows (the new ones are further down its list).
        assert app.focused is capture and capture.value == "Halvt skrevet note"
        assert capture.cursor_position == len("Halvt skrevet note") - 3
        assert cell_rows(app, 3) == before
        in_cell = 40 + sum(1 for phone in phones for note in phone.notes if (note.perspective, note.kind) == CELLS[3])
        assert f"4 ({in_cell})" in str(cell.border_title)


async def test_a_queued_phone_note_is_taken_in_from_fra_telefoner(store: Store, loopback: int) -> None:
    w = store.create_workshop(title="Kø")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(BRAINSTORM)
        await pilot.pause()
        panel = await phones_on(app, pilot)
        server = panel.room.server
        await pilot.press("k")  # "via kø"
        await pilot.pause()
        assert store.get_room(w.id).queue
        await pilot.press("escape")
        await pilot.pause()
        await asyncio.to_thread(post_note, server, "Venter i køen", "key-1", cell=1)
        await wait_for(pilot, lambda: "Fra telefoner (1)" in screen_text(app))
        assert cell_texts(app, 1) == []
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, PhoneQueue) and "Venter i køen" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        assert cell_texts(app, 1) == ["Venter i køen"]
        assert "Fra telefoner (" not in screen_text(app)


async def test_hidden_phone_notes_reach_the_projector_only_when_revealed(store: Store, loopback: int) -> None:
    w = store.create_workshop(title="Stille")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(BRAINSTORM)
        await pilot.pause()
        panel = await phones_on(app, pilot)
        server = panel.room.server
        await pilot.press("s")  # hidden until revealed
        await pilot.pause()
        await asyncio.to_thread(post_note, server, "Tavs idé", "key-1")
        await wait_for(pilot, lambda: "Afslør (1)" in screen_text(app))
        await pilot.press("escape")
        await pilot.pause()
        assert "skjult · Tavs idé" in cell_texts(app, 0)
        await pilot.press("f12")
        await pilot.pause()
        assert "Tavs idé" not in screen_text(app)
        await pilot.press("ctrl+y")  # the panel again, large, over the projector
        await pilot.pause()
        assert isinstance(app.screen, PhonePanel)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "Tavs idé" in "\n".join(boxes(app).values())


@pytest.mark.parametrize("leave", ["escape", "ctrl+q"])
async def test_leaving_the_workshop_or_quitting_stops_the_server(store: Store, loopback: int, leave: str) -> None:
    w = store.create_workshop(title="Stop")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await phones_on(app, pilot)
        await pilot.press("escape")  # closes the panel: phones stay on
        await pilot.pause()
        assert not refused(loopback)
        await pilot.press(leave)
        await pilot.pause()
        await app.workers.wait_for_complete()
        if leave == "escape":
            assert not isinstance(app.screen, WorkshopScreen)
            await wait_for(pilot, lambda: refused(loopback))
    assert refused(loopback)
    import threading

    assert not [t for t in threading.enumerate() if "uvicorn" in t.name.lower() or "room" in t.name.lower()]


async def test_ctrl_y_in_the_panel_turns_phones_off(store: Store, loopback: int) -> None:
    w = store.create_workshop(title="Sluk")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await phones_on(app, pilot)
        await pilot.press("ctrl+y")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, WorkshopScreen)
        assert refused(loopback) and "Telefoner: " not in screen_text(app)


async def test_a_phones_answer_appears_in_step_5_while_the_facilitator_types(store: Store, loopback: int) -> None:
    # Step 5 does not poll the store: only the server's word brings the answer in.
    w = store.create_workshop(title="Evaluering")
    found = store.create_round(w.id)
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(EVALUATION)
        await pilot.pause()
        panel = await phones_on(app, pilot)
        server = panel.room.server
        await pilot.press("escape")
        await pilot.press(*"Mit svar")
        await pilot.pause()
        capture = app.focused
        assert isinstance(capture, Input) and capture.value == "Mit svar"
        status, body = await asyncio.to_thread(http, server.join_url + "/answer", {
            "key": "a1", "round_id": found.id, "question": "gaa_bedre", "text": "Mere tid til pauser"})
        assert status == 200, body
        quadrant = app.screen.query_one("#quadrant-list-2", OptionList)  # 3 Hvad kunne gå bedre?
        await wait_for(pilot, lambda: quadrant.option_count == 1)
        assert str(quadrant.get_option_at_index(0).prompt) == "• Mere tid til pauser"
        assert app.focused is capture and capture.value == "Mit svar"


async def test_the_palette_finds_telefoner(store: Store) -> None:
    w = store.create_workshop(title="Palet")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"telefoner")
        await pilot.pause(0.3)
        assert "Telefoner: deltagerne skriver fra deres telefoner" in screen_text(app)

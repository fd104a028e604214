"""Load on the participant server: sixty phones writing at once while the facilitator types, and the
server killed with SIGKILL half-way and started again. Nothing lost, nothing twice.

The real parts: `digiworkshop serve ID --host 127.0.0.1 --port P` in a subprocess on a real SQLite file
(and on the real PostgreSQL server when DIGIWORKSHOP_TEST_PG is set); 60 phones (helpers.phones), each a
thread with its own loopback address, its own cookie and real HTTP, sending 20 notes each with a key of
its own to mixed cells, in Danish with emoji and markup; the facilitator's real app (Pilot) on the same
database typing notes into 4a all the while. A phone keeps every unanswered note and sends it again with
the same key, as the page does, so a note the server stored but could not answer before it died must
come back as the first answer, not as a second note.

Pacing: the room's limits stay on (30 texts a minute per phone and per address). Each phone sends 20
notes, a person's pause of 0.1–0.7 s before each: within a minute's 30, so no note meets a 429 and the
whole room still sends ~100 notes a second, more than sixty real people can type.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable

from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.steps.brainstorm import CaptureInput
from digiworkshop.store import Store
from helpers import cli_env
from helpers.phones import Phone, notes_for, start_phones

PHONES = 60
NOTES = 20  # per phone
PACE = (0.1, 0.7)  # seconds before each note
KILL_AFTER = PHONES * NOTES // 2  # answered notes before the server is killed
SIZE = (120, 36)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(db_url: str, workshop_id: int, port: int) -> tuple[subprocess.Popen, str]:
    """`digiworkshop serve` on loopback, as a user starts it; returns once its first line (the join
    address) is printed, which is after it listens."""
    process = subprocess.Popen(
        [sys.executable, "-m", "digiworkshop", "serve", str(workshop_id), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=cli_env(db_url))
    line = process.stdout.readline().strip()
    assert line.startswith(f"http://127.0.0.1:{port}/j/"), (line, process.stderr.read() if process.poll() else "")
    return process, line


async def facilitator_types(app: DigiWorkshopApp, pilot, busy: Callable[[], bool]) -> list[str]:  # noqa: ANN001
    """The facilitator types notes into 4a and presses Enter, until the phones are done. Each note's last
    keys are real key presses (Pilot waits for each key to be handled, ~60 ms: typing every key of it
    would leave the facilitator only a few notes in the phones' dozen seconds)."""
    capture = app.screen.query_one(CaptureInput)
    typed: list[str] = []
    while busy() or len(typed) < 3:
        text = f"Facilitator {len(typed):02d} skriver på tavlen æøå"
        assert app.focused is capture and capture.value == ""
        capture.value = text[:-3]
        capture.cursor_position = len(capture.value)
        await pilot.press(*text[-3:])
        await pilot.press("enter")
        typed.append(text)
        await pilot.pause(0.1)
        if len(typed) % 5 == 0:
            await pilot.press("shift+right")  # the next cell now and then, as the room's talk moves
    await pilot.pause()
    return typed


async def load(db_url: str, *, kill: bool) -> None:
    store = Store(db_url)
    workshop = store.create_workshop(title="Fuldt hus")
    wid = workshop.id
    port = free_port()
    server, join_url = await asyncio.to_thread(serve, db_url, wid, port)
    servers = [server]
    answered = 0
    lock = threading.Lock()
    half = threading.Event()

    def counted(_phone: Phone, _note) -> None:  # noqa: ANN001
        nonlocal answered
        with lock:
            answered += 1
            if answered >= KILL_AFTER:
                half.set()

    phones = [Phone(i, join_url, notes_for(i, NOTES), pace=PACE, seed=1) for i in range(PHONES)]
    for phone in phones:
        phone.on_answer = counted
    restarted: dict[str, int] = {}
    app = DigiWorkshopApp(store, open_workshop_id=wid)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("f6")  # 4a, the brainstorm
            await pilot.pause()
            threads = start_phones(phones, seconds=180)

            async def kill_and_restart() -> None:
                await asyncio.to_thread(half.wait, 120)
                os.kill(servers[0].pid, signal.SIGKILL)  # mid-way: requests in flight die unanswered
                await asyncio.to_thread(servers[0].wait)
                with lock:
                    restarted["answered"] = answered
                reader = Store(db_url)
                restarted["stored"] = sum(len(reader.phone_posts(wid, p.cookie.split("=", 1)[1])) for p in phones)
                reader.close()
                await asyncio.sleep(1.0)  # the room is away a moment: phones keep their notes and retry
                again, url = await asyncio.to_thread(serve, db_url, wid, port)
                servers.append(again)
                assert url == join_url  # the same room: token kept in the store

            killer = asyncio.create_task(kill_and_restart()) if kill else None
            typed = await facilitator_types(app, pilot, lambda: any(t.is_alive() for t in threads))
            for thread in threads:
                await asyncio.to_thread(thread.join)
            if killer is not None:
                await killer
    finally:
        for process in servers:
            process.kill()
            process.wait()
            process.stdout.close()
            process.stderr.close()

    gave_up = [e for p in phones for e in p.errors if e.startswith("gave up")]
    assert not gave_up, gave_up[:5]
    sent = [note for phone in phones for note in phone.notes]
    # Every note answered "stored" (none refused for good: a 400 would show here).
    assert len(sent) == PHONES * NOTES and all(n.status == 200 for n in sent)
    assert all(n.post["status"] == "stored" and n.post["text"] == n.text for n in sent)

    # The store: every phone's note exactly once, in its cell, its text exactly as sent.
    reader = Store(db_url)
    notes = reader.list_notes(wid)
    texts = Counter(n.text for n in notes)
    cells = {n.text: (n.perspective, n.kind) for n in notes}
    lost = [n.text for n in sent if texts[n.text] == 0]
    twice = [n.text for n in sent if texts[n.text] > 1]
    assert not lost and not twice, (len(lost), lost[:3], len(twice), twice[:3])
    assert all(cells[n.text] == (n.perspective, n.kind) for n in sent)
    # Every key a phone made is in the store once, with its note; nothing else is.
    for phone in phones:
        posts = reader.phone_posts(wid, phone.cookie.split("=", 1)[1])
        assert sorted(p.key for p in posts) == sorted(n.key for n in phone.notes)
        by_key = {p.key: p for p in posts}
        for note in phone.notes:
            assert by_key[note.key].text == note.text and by_key[note.key].status == "stored"
            assert by_key[note.key].id == note.post["id"]  # a retry was answered with the first post
    # The facilitator's notes, every one, once; and nothing but phones' and facilitator's notes.
    assert all(texts[t] == 1 for t in typed), [t for t in typed if texts[t] != 1]
    assert len(notes) == PHONES * NOTES + len(typed)
    assert len(typed) >= 3
    reader.close()
    store.close()

    retried = sum(p.retries for p in phones)
    if kill:
        # The kill really hit the room mid-way: phones had to send again, and some notes were stored by
        # the old server whose answer never came (their retries were answered with the first post).
        assert restarted["answered"] < PHONES * NOTES and retried > 0
        assert restarted["stored"] >= restarted["answered"]
        print(f"\nkilled after {restarted['answered']} answered notes, {restarted['stored']} stored; "
              f"{retried} retries; {len(typed)} facilitator notes")
    else:
        assert retried == 0, [e for p in phones for e in p.errors][:5]  # no 429: the pace is within the limit


async def test_sixty_phones_and_the_facilitator_typing_lose_nothing_and_duplicate_nothing(db_url: str) -> None:
    await load(db_url, kill=False)


async def test_the_server_killed_mid_way_and_restarted_loses_nothing_and_duplicates_nothing(db_url: str) -> None:
    await load(db_url, kill=True)

"""Killed mid-capture: every capture the store acknowledged is there, and nothing is half-written.

A separate process (tests/helpers/capture_worker.py) captures through the store's own capture method in a
loop and reports each committed capture; it is SIGKILLed at random moments, KILLS times per
database. Then the store is opened as the app opens it and checked.
"""

from __future__ import annotations

import random
import signal

from sqlalchemy import text

from digiworkshop.store import Store

from helpers.capture_worker import READERS, Worker, parse_text

CAPTURE_FUNCTION = "add_note"  # the brainstorm's capture path: what the room loses most if it is lost
KILLS = 30


def test_sigkill_at_random_moments_loses_no_acknowledged_capture(db_url: str) -> None:
    store = Store(db_url)
    workshop = store.create_workshop(title="Nedbrud")
    store.close()
    rng = random.Random(8)
    worker = Worker(db_url, workshop.id, CAPTURE_FUNCTION)
    acked: dict[int, list[int]] = {}
    try:
        for round_no in range(KILLS):
            acked[round_no], status = worker.round(round_no, rng)
            # Killed by our signal, not ended by an error of its own.
            assert (status & 0x7F) == signal.SIGKILL, f"round {round_no}: the capture loop failed ({status})"
    finally:
        worker.close()

    store = Store(db_url)
    try:
        stored = READERS[CAPTURE_FUNCTION](store, workshop.id)
        # Nothing half-written: every stored text is one whole capture, and none is stored twice.
        captures = [parse_text(t) for t in stored]
        assert len(set(captures)) == len(captures)
        by_round: dict[int, set[int]] = {}
        for round_no, i in captures:
            by_round.setdefault(round_no, set()).add(i)
        lost = [(r, i) for r, ids in acked.items() for i in ids if i not in by_round.get(r, set())]
        assert lost == [], f"{len(lost)} acknowledged captures lost"
        # Per round: the acknowledged ones, plus at most the one committed just before the kill.
        for r, ids in by_round.items():
            assert ids == set(range(len(ids))), f"round {r}: a gap in the committed captures"
            assert len(ids) - len(acked[r]) in (0, 1)
        if store.engine.dialect.name == "sqlite":
            with store.engine.connect() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
                assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        total = sum(len(ids) for ids in acked.values())
        print(f"\ncrash safety [{store.engine.dialect.name}]: {KILLS} kills, {total} acknowledged captures, "
              f"{len(stored)} stored, {len(lost)} lost")
    finally:
        store.close()

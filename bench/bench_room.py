"""Benchmark of phones in the room: 60 phones posting notes on loopback while the facilitator types in 4a.

The real app runs headless in this process (Textual's Pilot) on a temporary SQLite file (or --db URL),
opens 4a and turns phones on with Ctrl+Y, so the participant server runs as the app runs it (its child
process), telling the app through PhonesChanged. The phones are another process (this script with
--phones: 60 threads of tests/helpers/phones.py, each its own loopback address, cookie and keys), so their
HTTP clients do not compete with the app and the server for this process's interpreter lock, as real
phones do not. The room's limits stay on: each phone writes a note every PACE seconds (1–3 s, about the
30 a minute a phone may send, so sixty phones send ~30 notes a second: the busiest room the limits allow).

Figures (milliseconds), each beside its target:
  phone send → stored     the phone's request until the server's answer, which comes after the commit
  phone send → painted    until the first frame painted after the note is in its cell's list in 4a
                          (with a thousand notes most are below the fold of their cell, so the frame is
                          timed as bench_capture.py times it: the frame painted after the list has it)
  Enter → painted         the facilitator's own note while the phones post (bench_capture.py's measure),
                          and again in the same workshop once the phones are done, for comparison
Both processes stamp times with time.perf_counter(), CLOCK_MONOTONIC on Linux: one clock for the machine.

    .venv/bin/python bench/bench_room.py [--phones 60] [--notes 20] [--pace 1,3] [--db URL] [--serve-apart]

Ctrl+Y starts the server as the app does: `digiworkshop serve --pipe` as the app's child process, telling
the app of every phone's write over the pipe. --in-thread runs it in a thread of the app instead (as it
was first built: the facilitator's Enter then waited for the server's threads).

--serve-apart runs the server as `digiworkshop serve` in a process of its own instead (for comparison:
the app then finds phones' notes only by its once-a-second look at the store, so send → painted is
no longer the app's figure, but the facilitator's Enter → painted shows what the server's thread costs).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # helpers.phones: the phones the load test uses too

TYPING_GAP = 0.06  # seconds between the note's last key and Enter (as bench_capture.py)
TARGETS = {"stored_p95": 50.0, "painted_p95": 250.0, "enter_median": 16.0}


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def timed(call, into: list[float]):  # noqa: ANN001, ANN201
    """`call`, appending how long each call took to `into` (a store method, wrapped by the bench only)."""
    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        start = time.perf_counter()
        try:
            return call(*args, **kwargs)
        finally:
            into.append(time.perf_counter() - start)
    return wrapper


# --- the phones' process ---------------------------------------------------------------------------

def phones_main(url: str, phones: int, notes: int, pace: tuple[float, float]) -> int:
    """Run the phones against `url` and print, per note, its text and times as JSON on stdout."""
    from helpers.phones import Phone, notes_for, run_phones

    crowd = [Phone(i, url, notes_for(i, notes), pace=pace, seed=7) for i in range(phones)]
    print("ready", flush=True)
    run_phones(crowd, seconds=600)
    out = {"notes": [{"text": n.text, "sent": n.sent, "answered": n.answered, "status": n.status}
                     for p in crowd for n in p.notes],
           "retries": sum(p.retries for p in crowd), "errors": [e for p in crowd for e in p.errors][:20]}
    print(json.dumps(out), flush=True)
    return 0


# --- the facilitator's process ----------------------------------------------------------------------

async def run(db_url: str, phones: int, notes: int, pace: tuple[float, float], size: tuple[int, int], *,
              serve_apart: bool = False) -> dict:
    from digiworkshop.screens.app import DigiWorkshopApp
    from digiworkshop.screens.dialogs.phones import PhonePanel
    from digiworkshop.screens.phones import HOST_ENV, PORT_ENV
    from digiworkshop.screens.steps.brainstorm import BrainstormStep, CaptureInput
    from digiworkshop.store import Store

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    os.environ[HOST_ENV], os.environ[PORT_ENV] = "127.0.0.1", str(port)
    store = Store(db_url)
    workshop = store.create_workshop(title="Benchmark: telefoner")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    in_grid: dict[str, float] = {}  # text → when it was first in its cell's list
    painted: dict[str, float] = {}  # text → end of the first frame painted after that
    waiting: list[str] = []  # in the grid, not yet painted
    reloads: list[float] = []  # how long each re-read of the grid took (the app's side of a phone's note)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        writes: list[float] = []
        apart = None
        if serve_apart:
            # For comparison only: the server as `digiworkshop serve` in a process of its own. The app is
            # then not told of phones' notes; it finds them by its once-a-second look at the store.
            apart = subprocess.Popen([sys.executable, "-m", "digiworkshop", "serve", "--db", db_url, str(workshop.id),
                                      "--host", "127.0.0.1", "--port", str(port)], stdout=subprocess.PIPE, text=True)
            join_url = apart.stdout.readline().strip()
        else:
            await pilot.press("ctrl+y")  # as the facilitator turns phones on: the server in this process
            for _ in range(300):
                if isinstance(app.screen, PhonePanel):
                    break
                await pilot.pause(0.05)
            server = app.screen.room.server
            join_url = server.join_url
            if getattr(server, "_room", None) is not None:  # --in-thread: the server is in this process
                # The store call alone, in the server's worker thread: what of "send → stored" is the commit.
                phone_store = server._room.store
                phone_store.phone_note = timed(phone_store.phone_note, writes)  # type: ignore[method-assign]
            await pilot.press("escape")
            await pilot.pause()
        view = app.screen.query_one(BrainstormStep)
        capture = view.query_one(CaptureInput)

        # Only the bench wraps these (Textual has no public "frame painted" hook): the grid's re-read,
        # to see when a phone's note is in its cell's list, and the screen's compositor refresh, to
        # timestamp the frame that paints it.
        original_reload = view.reload
        looked: dict[int, int] = {}  # cell → options looked at

        def reload() -> None:
            start = time.perf_counter()
            original_reload()
            now = time.perf_counter()
            reloads.append(now - start)
            # Only the options past those looked at last time (the bench's own work runs on the app's
            # thread too: looking at all thousand notes after every re-read added ~1 ms to each).
            for option_list in view.lists():
                options = option_list.options
                start = looked.get(option_list.index, 0)
                for option in options[start if start <= len(options) else 0:]:
                    text = str(option.prompt)
                    if text not in in_grid:
                        in_grid[text] = now
                        waiting.append(text)
                looked[option_list.index] = len(options)

        appended: list[float] = []
        frames: list[float] = []
        original_append = view._append

        def append(note) -> None:  # noqa: ANN001
            original_append(note)
            in_grid[note.text] = time.perf_counter()
            appended.append(in_grid[note.text])

        screen = app.screen
        original_paint = screen._compositor_refresh

        paints: list[float] = []  # how long each frame took to paint

        def paint() -> None:
            start = time.perf_counter()
            original_paint()
            now = time.perf_counter()
            frames.append(now)
            paints.append(now - start)
            while waiting:
                painted[waiting.pop()] = now

        own_writes: list[float] = []
        store.add_note = timed(store.add_note, own_writes)  # type: ignore[method-assign]
        view.reload = reload  # type: ignore[method-assign]
        view._append = append  # type: ignore[method-assign]
        screen._compositor_refresh = paint  # type: ignore[method-assign]

        async def facilitator(label: str, keep_going) -> list[float]:  # noqa: ANN001
            """Notes typed and Entered as bench_capture.py does, timed Enter → first frame painted after."""
            times, queued = [], []
            first_write = len(own_writes)
            i = 0
            while keep_going(i):
                text = f"{label} {i}: facilitatorens egen note – hvad siger rummet?"
                capture.value = text[:-1]
                capture.cursor_position = len(capture.value)
                await pilot.press(text[-1])
                await asyncio.sleep(TYPING_GAP)
                before = len(appended)
                start = time.perf_counter()
                await pilot.press("enter")
                # Polled every 2 ms, not spun: a spinning loop would starve the server's thread of the
                # interpreter lock. The figure is the frame's own timestamp, so polling does not add to it.
                while len(appended) == before or not frames or frames[-1] < appended[-1]:
                    await asyncio.sleep(0.002)
                times.append(frames[-1] - start)
                queued.append(appended[-1] - start)
                await asyncio.sleep(0.25)  # a person's pause before the next note
                i += 1
            return times, own_writes[first_write:], queued

        crowd = subprocess.Popen([sys.executable, __file__, "--phones-only", join_url, "--phones", str(phones),
                                  "--notes", str(notes), "--pace", f"{pace[0]},{pace[1]}"],
                                 stdout=subprocess.PIPE, text=True)
        assert crowd.stdout.readline().strip() == "ready"
        # Read the phones' answer as it comes (a pipe holds only 64 KiB: unread, it would stop them).
        output = asyncio.create_task(asyncio.to_thread(crowd.stdout.read))
        paints_before = len(paints)
        during, writes_during, listed_during = await facilitator("Under telefonerne", lambda _i: not output.done())
        result = json.loads(await output)
        crowd.wait()
        for _ in range(100):  # the last notes' frames
            if not waiting and all(n["text"] in painted for n in result["notes"]):
                break
            await pilot.pause(0.05)
        paints_during = paints[paints_before:]
        after, writes_after, listed_after = await facilitator("Efter telefonerne", lambda i: i < 60)
        total = len(store.list_notes(workshop.id))
        if apart is not None:
            apart.terminate()
            apart.wait()
    store.close()
    sent = result["notes"]
    return {
        "stored": [n["answered"] - n["sent"] for n in sent if n["status"] == 200],
        "painted": [painted[n["text"]] - n["sent"] for n in sent if n["text"] in painted],
        "unpainted": [n["text"] for n in sent if n["text"] not in painted],
        "enter_during": during, "enter_after": after, "reloads": reloads, "writes": writes,
        "own_during": writes_during, "own_after": writes_after, "listed_during": listed_during,
        "listed_after": listed_after, "paints": paints_during,
        "sent": len(sent), "failed": [n for n in sent if n["status"] != 200], "total": total,
        "retries": result["retries"], "errors": result["errors"],
    }


def describe(figures: dict, phones: int, notes: int, pace: tuple[float, float]) -> str:
    """The figures as lines, each beside its target."""
    ms = {k: [v * 1000 for v in figures[k]] for k in ("stored", "painted", "enter_during", "enter_after", "reloads", "writes",
                                                                       "own_during", "own_after", "listed_during",
                                                                       "listed_after", "paints")}
    stored, shown = ms["stored"], ms["painted"]
    lines = [
        f"{phones} phones × {notes} notes on loopback, a note every {pace[0]:g}–{pace[1]:g} s per phone; "
        f"{figures['total']} notes in the workshop at the end; {figures['retries']} retries, "
        f"{len(figures['failed'])} refused",
        f"phone send → stored:  median {statistics.median(stored):6.1f} ms  p95 {percentile(stored, 0.95):6.1f} ms"
        f"   (target p95 <= {TARGETS['stored_p95']:.0f} ms)",
        (f"  of which the store call (phone_note, in the server's worker thread): median "
         f"{statistics.median(ms['writes']):5.1f} ms  p95 {percentile(ms['writes'], 0.95):5.1f} ms"
         if ms["writes"] else "  (the server in a process of its own: its store calls are not timed here)"),
        f"phone send → painted: median {statistics.median(shown):6.1f} ms  p95 {percentile(shown, 0.95):6.1f} ms"
        f"   (target p95 <= {TARGETS['painted_p95']:.0f} ms; {len(shown)} of {figures['sent']} timed)",
        f"Enter → painted while phones post: median {statistics.median(ms['enter_during']):5.1f} ms  "
        f"p95 {percentile(ms['enter_during'], 0.95):5.1f} ms  ({len(ms['enter_during'])} notes; "
        f"target median <= {TARGETS['enter_median']:.0f} ms)",
        f"  Enter → stored and in its cell's list: median {statistics.median(ms['listed_during']):5.1f} ms; "
        f"the store write (add_note) alone: median {statistics.median(ms['own_during']):5.1f} ms  "
        f"p95 {percentile(ms['own_during'], 0.95):5.1f} ms",
        f"  painting a frame while phones post: median {statistics.median(ms['paints']):5.1f} ms  "
        f"p95 {percentile(ms['paints'], 0.95):5.1f} ms  max {max(ms['paints']):5.1f} ms ({len(ms['paints'])} frames)",
        f"Enter → painted, same workshop, phones done: median {statistics.median(ms['enter_after']):5.1f} ms  "
        f"p95 {percentile(ms['enter_after'], 0.95):5.1f} ms  (compare bench_capture.py: no phones)",
        f"  Enter → stored and in its cell's list: median {statistics.median(ms['listed_after']):5.1f} ms; "
        f"the store write alone: median {statistics.median(ms['own_after']):5.1f} ms",
        f"the grid's re-read after phones wrote: median {statistics.median(ms['reloads']):5.1f} ms  "
        f"p95 {percentile(ms['reloads'], 0.95):5.1f} ms  max {max(ms['reloads']):5.1f} ms "
        f"({len(ms['reloads'])} re-reads)",
    ]
    if figures["errors"]:
        lines.append(f"phones' errors before a retry (first few): {figures['errors'][:5]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=60)
    parser.add_argument("--notes", type=int, default=20, help="notes per phone")
    parser.add_argument("--pace", default="1,3", help="seconds before each note, low,high")
    parser.add_argument("--db", default="", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--size", default="120x36")
    parser.add_argument("--serve-apart", action="store_true",
                        help="for comparison: the server as `digiworkshop serve` in its own process, not the app's")
    parser.add_argument("--in-thread", action="store_true",
                        help="for comparison: Ctrl+Y runs the server in a thread of the app, not its child process")
    parser.add_argument("--phones-only", metavar="URL", help=argparse.SUPPRESS)  # the phones' process
    args = parser.parse_args(argv)
    low, high = (float(x) for x in args.pace.split(","))
    if args.phones_only:
        return phones_main(args.phones_only, args.phones, args.notes, (low, high))
    width, height = (int(x) for x in args.size.split("x"))
    if args.in_thread:
        from digiworkshop.screens.phones import THREAD_ENV

        os.environ[THREAD_ENV] = "1"
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or str(Path(folder) / "bench.db")
        figures = asyncio.run(run(db, args.phones, args.notes, (low, high), (width, height),
                                 serve_apart=args.serve_apart))
    print(describe(figures, args.phones, args.notes, (low, high)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

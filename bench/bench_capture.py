"""Benchmark of step 4a capture: Enter → note stored and shown, with 2,000 notes in the workshop.

Creates a temporary store with 2,000 notes spread over the six cells, drives the real app headless
(Textual's Pilot), types a note into the capture input (its last key a real key press) and presses
Enter TYPING_GAP later, as a fast typist would, and times from the Enter press
to the end of the first frame painted after the note was appended to its cell (the note is then in the
database and on screen: "enter_to_painted"). Prints median and p95 over the captures, and for context:
Enter → Textual's after-refresh callback (which waits for every follow-up layout pass), Enter → stored
and appended to its cell's list (before painting), and the store write alone.

    .venv/bin/python bench/bench_capture.py [--notes 2000] [--captures 200]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from digiworkshop.rules.brainstorm import CELLS
from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.steps.brainstorm import BrainstormStep, CaptureInput
from digiworkshop.store import Store


TYPING_GAP = 0.06  # seconds between the last key of a note and Enter


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def run(notes: int, captures: int, size: tuple[int, int]) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "bench.db"))
        workshop = store.create_workshop(title="Benchmark")
        for i in range(notes):
            perspective, kind = CELLS[i % len(CELLS)]
            store.add_note(workshop.id, perspective=perspective, kind=kind,
                           text=f"Note {i}: en typisk kort note fra rummet om {perspective} {kind}")
        app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
        shown: list[float] = []
        appended: list[float] = []
        totals: list[float] = []
        handled: list[float] = []
        first_frame: list[float] = []
        writes: list[float] = []
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press("f6")
            await pilot.pause()
            view = app.screen.query_one(BrainstormStep)
            capture = view.query_one(CaptureInput)
            assert app.focused is capture

            original_append = view._append
            original_add = store.add_note

            def add_note(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
                start = time.perf_counter()
                result = original_add(*args, **kwargs)
                writes.append(time.perf_counter() - start)
                return result

            def append(note):  # noqa: ANN001, ANN202
                original_append(note)
                appended.append(time.perf_counter())
                view.call_after_refresh(lambda: shown.append(time.perf_counter()))

            # The first frame painted after the append is when the room sees the note. Textual has no
            # public "frame painted" hook, so the bench (only the bench) wraps the screen's compositor
            # refresh to timestamp it.
            screen = app.screen
            original_paint = screen._compositor_refresh
            painted: list[float] = []

            def paint() -> None:
                original_paint()
                if len(painted) < len(appended):
                    painted.append(time.perf_counter())

            screen._compositor_refresh = paint  # type: ignore[method-assign]
            store.add_note = add_note  # type: ignore[method-assign]
            view._append = append  # type: ignore[method-assign]
            for i in range(captures):
                if i % 50 == 0:
                    await pilot.press("shift+right" if i % 100 else "shift+down")
                # The room's typist: the note's last key is a real key press, and Enter follows it after
                # TYPING_GAP (a very fast typist; people rarely press the next key sooner).
                text = f"Ny note {i} fra benchmark – hvad siger rummet?"
                capture.value = text[:-1]
                await pilot.press(text[-1])
                await asyncio.sleep(TYPING_GAP)
                before = len(shown)
                start = time.perf_counter()
                await pilot.press("enter")
                while len(shown) == before or len(painted) < len(appended):
                    await asyncio.sleep(0)
                totals.append(shown[-1] - start)
                first_frame.append(painted[-1] - start)
                handled.append(appended[-1] - start)
            assert len(store.list_notes(workshop.id)) == notes + captures
            store.add_note = original_add  # type: ignore[method-assign]
        store.close()
        return {"enter_to_painted": first_frame, "enter_to_after_refresh": totals, "enter_to_in_list": handled,
                "store_write": writes}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures (milliseconds)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--captures", type=int, default=200)
    parser.add_argument("--size", default="120x36", help="terminal size, e.g. 80x24")
    args = parser.parse_args(argv)
    width, height = (int(x) for x in args.size.split("x"))
    figures = asyncio.run(run(args.notes, args.captures, (width, height)))
    print(f"{args.notes} notes in the workshop, {args.captures} captures, terminal {args.size}")
    for name, values in figures.items():
        ms = [v * 1000 for v in values]
        print(f"{name:>22}: median {statistics.median(ms):6.2f} ms   p95 {percentile(ms, 0.95):6.2f} ms   "
              f"max {max(ms):6.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Open the big workshop in a running app, headless, and print the phases in seconds and the peak RSS.

Used by bench_open.py: `python bench/open_probe.py` with DIGIWORKSHOP_DB pointing at a store that
holds bench/big_workshop.json (its only workshop). The app is started exactly as the `digiworkshop`
command starts it; the clock starts once the workshop list is painted, the store is open and the app
has settled, so start-up (imports, opening the store) is not part of the figure. Then, as a user would:

1. Enter on the workshop            → the review offer (open actions) painted;
2. "n" (not now)                    → the workshop screen painted with its first step;
3. F6 (step 4a, the brainstorm)     → the grid painted with all its notes in the six cells, as it
                                      stays: the first frame whose cells (their notes, sizes, scroll
                                      bars, wrapped heights, offsets and cursors) are those still
                                      shown a while later, so a grid that is painted once and then
                                      re-flowed counts from its re-flow.

Each key is sent the moment the frame before it is painted (a user with no reaction time), so the
sum is the app's own time. "Painted" is the screen's compositor update handed to the display; Textual
has no public hook for that, so the probe (only the probe) wraps App._display to timestamp it.
Prints: open_s offer_s workshop_s grid_s first_notes_s rss_mb (first_notes_s: F6 → the first frame
with every note in a cell, stable or not).
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time

SETTLE_SECONDS = 1.0  # after the list is painted: whatever start-up left for later has run
QUIET_SECONDS = 1.5  # after the first full grid: long enough for any re-flow to have happened
TIMEOUT_SECONDS = 60.0


def expected_notes() -> int:
    from digiworkshop.store import Store

    store = Store()
    try:
        [summary] = store.list_workshops()
        return len(store.list_notes(summary.id))
    finally:
        store.close()


def main() -> int:
    notes = expected_notes()
    result: dict[str, float] = {}

    async def pilot(p) -> None:  # noqa: ANN001
        app = p.app
        while True:  # the workshop list painted with its row
            await p.pause()
            tables = app.screen.query("#workshops")
            if tables and tables.first().row_count > 0:
                break
        if (wait_for_store := getattr(app, "wait_for_store", None)) is not None:
            await wait_for_store()  # an app that paints its list before opening the store
        await asyncio.sleep(SETTLE_SECONDS)
        await p.pause()

        done = asyncio.Event()
        marks: dict[str, float] = {}
        original_display = app._display

        def press(key: str) -> None:
            from textual import events

            event = events.Key(key, None)
            event.set_sender(app)
            app._driver.send_message(event)

        def grid_state(screen) -> tuple | None:  # noqa: ANN001
            """What the user sees of the cells, or None while they do not hold every note."""
            lists = screen.query("NoteList")
            if len(lists) != 6 or sum(lst.option_count for lst in lists) != notes:
                return None
            return tuple((lst.region, lst.show_vertical_scrollbar, lst.virtual_size, lst.scroll_offset,
                          lst.highlighted, lst.option_count) for lst in lists)

        def step_shown(screen) -> bool:  # noqa: ANN001
            """The workshop screen with its step laid out (not only the screen around it)."""
            return type(screen).__name__ == "WorkshopScreen" and bool(screen.view and screen.view.region)

        grids: list[tuple[float, tuple]] = []  # (time, cells) of every frame with the full grid

        def display(screen, renderable) -> None:  # noqa: ANN001
            original_display(screen, renderable)
            if renderable is None:
                return
            now, name = time.perf_counter(), type(screen).__name__
            if "offer" not in marks and name == "ConfirmDialog":  # the review offer: not now
                marks["offer"] = now
                press("n")
            elif "offer" in marks and "workshop" not in marks and step_shown(screen):
                marks["workshop"] = now
                press("f6")
            elif "workshop" in marks and name == "WorkshopScreen" and (state := grid_state(screen)):
                grids.append((now, state))
                done.set()

        app._display = display  # type: ignore[method-assign]
        start = time.perf_counter()
        press("enter")
        await asyncio.wait_for(done.wait(), TIMEOUT_SECONDS)
        await asyncio.sleep(QUIET_SECONDS)
        app._display = original_display  # type: ignore[method-assign]
        final = grid_state(app.screen)
        stable = len(grids)
        while stable and grids[stable - 1][1] == final:
            stable -= 1
        if stable == len(grids):
            raise RuntimeError("the grid changed without a frame painted")
        marks["grid"] = grids[stable][0]
        result.update(open=marks["grid"] - start, offer=marks["offer"] - start,
                      workshop=marks["workshop"] - marks["offer"], grid=marks["grid"] - marks["workshop"],
                      first_notes=grids[0][0] - marks["workshop"])
        app.exit()

    import textual.app

    from digiworkshop.cli import main as cli_main

    original_run = textual.app.App.run

    def run(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        return original_run(self, headless=True, size=(120, 36), auto_pilot=pilot)

    textual.app.App.run = run
    cli_main([])
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(" ".join(f"{result[key]:.4f}" for key in ("open", "offer", "workshop", "grid", "first_notes")),
          f"{rss_mb:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

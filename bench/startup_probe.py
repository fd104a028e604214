"""Start one app headless, print the wall-clock time (time.time()) of its first frame painted, and exit.
Used by bench_startup.py, which subtracts the time it spawned the process.

`python bench/startup_probe.py floor` starts a minimal Textual app (Header, Static, Footer);
`python bench/startup_probe.py app` starts digiworkshop exactly as the `digiworkshop` command does,
and waits for the first frame in which the workshop list has its rows. A "ready" line follows for the
app: when its store was open (what a key that needs the store waits for).

The frame is timed where Textual paints it (the screen's compositor refresh), as bench_capture.py
does: Pilot's pause waits for the whole process to go idle, which a store opening in the background
would delay.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from textual.screen import Screen


def on_first_paint(condition: Callable[[Screen], bool], then: Callable) -> None:
    """Call `then(app)` after the first frame painted whose screen meets `condition`."""
    original = Screen._compositor_refresh
    done = []

    def refresh(self: Screen) -> None:
        original(self)
        if not done and condition(self):
            done.append(True)
            print(f"painted {time.time()}", flush=True)
            then(self.app)

    Screen._compositor_refresh = refresh  # type: ignore[method-assign]


def floor() -> None:
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Minimal(App):
        def compose(self):  # noqa: ANN202
            yield Header()
            yield Static("Workshops")
            yield Footer()

    on_first_paint(lambda screen: bool(screen.query(Static)), lambda app: app.exit())
    Minimal().run(headless=True)


def app() -> None:
    import textual.app

    from digiworkshop.cli import main

    async def when_ready(app) -> None:  # noqa: ANN001
        await app.wait_for_store()
        print(f"ready {time.time()}", flush=True)
        app.exit()

    def has_rows(screen: Screen) -> bool:
        tables = screen.query("#workshops")
        return bool(tables) and tables.first().row_count > 0

    on_first_paint(has_rows, lambda app: app.run_worker(when_ready(app)))
    original = textual.app.App.run

    def run(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        return original(self, headless=True)

    textual.app.App.run = run
    main([])


if __name__ == "__main__":
    {"floor": floor, "app": app}[sys.argv[1]]()

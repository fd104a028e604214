"""Start one app headless, wait until its first screen is painted, exit. Used by bench_startup.py.

`python bench/startup_probe.py floor` starts a minimal Textual app (Header, Static, Footer);
`python bench/startup_probe.py app` starts digiworkshop exactly as the `digiworkshop` command does,
and waits until the workshop list shows its rows.
"""

from __future__ import annotations

import sys


def floor() -> None:
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Minimal(App):
        def compose(self):  # noqa: ANN202
            yield Header()
            yield Static("Workshops")
            yield Footer()

    async def pilot(p) -> None:  # noqa: ANN001
        await p.pause()
        p.app.exit()

    Minimal().run(headless=True, auto_pilot=pilot)


def app() -> None:
    from digiworkshop.cli import main

    async def pilot(p) -> None:  # noqa: ANN001
        # Painted "with the workshop list": wait until the list has its rows.
        while True:
            await p.pause()
            tables = p.app.screen.query("#workshops")
            if tables and tables.first().row_count > 0:
                break
        p.app.exit()

    import textual.app

    original = textual.app.App.run

    def run(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        return original(self, headless=True, auto_pilot=pilot)

    textual.app.App.run = run
    main([])


if __name__ == "__main__":
    {"floor": floor, "app": app}[sys.argv[1]]()

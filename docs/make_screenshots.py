"""Re-draw the README's screenshots: the demo workshop in the real app, SVG from Textual, PNG via rsvg-convert.

Run with ``make screenshots`` (needs ``rsvg-convert`` from librsvg).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
SIZE = (140, 40)

# file name → keys pressed after the demo workshop opens ("n" first: not now to the review offer)
SHOTS = {
    "step-list": ["n", "f3"],
    "brainstorm": ["n", "f6"],
    "presentation": ["n", "f6", "timer", "f12"],  # "timer": a 7½-minute time box, frozen (no clock runs)
    "review": ["j"],
    "help": ["n", "f1"],
    "phones": ["n", "f6", "phones"],  # "phones": Ctrl+Y, then wait for the server and the QR panel
    "suggestions": ["n", "f7", "s", "workers"],  # "workers": wait until the proposals are computed
}


async def shoot(name: str, keys: list[str], folder: Path) -> Path:
    from textual.widgets import Input, TextArea

    from digiworkshop.demo import load_demo
    from digiworkshop.screens.app import DigiWorkshopApp
    from digiworkshop.store import Store

    store = Store(str(folder / f"{name}.db"))
    app = DigiWorkshopApp(store, open_workshop_id=load_demo(store).id, clock=lambda: 0.0)
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in keys:
            if key == "phones":
                from digiworkshop.screens.dialogs.phones import PhonePanel

                os.environ["DIGIWORKSHOP_ROOM_HOST"] = "127.0.0.1"  # a picture, not a room: nothing on the network
                await pilot.press("ctrl+y")
                for _ in range(200):
                    if isinstance(app.screen, PhonePanel):
                        break
                    await pilot.pause(0.05)
                app.clear_notifications()
                continue
            if key == "timer":
                app.start_timebox(450, app.screen.steps[app.screen.step_index].label)
                app.timebox.pause()
                app.timebox.resume()  # shows as running, but the fake clock below never moves
                continue
            if key == "workers":
                await app.workers.wait_for_complete()
                await pilot.pause()
                continue
            await pilot.press(key)
            await pilot.pause()
        for widget in app.screen.query("Input, TextArea"):
            if isinstance(widget, (Input, TextArea)):
                widget.cursor_blink = False
        await pilot.pause(0.2)
        svg = folder / f"{name}.svg"
        app.save_screenshot(filename=svg.name, path=str(folder))
    store.close()
    png = DOCS / f"{name}.png"
    subprocess.run(["rsvg-convert", "--zoom", "1", "-o", str(png), str(svg)], check=True)
    return png


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DIGIWORKSHOP_CONFIG"] = str(Path(tmp) / "keys.toml")
        for name, keys in SHOTS.items():
            print(asyncio.run(shoot(name, keys, Path(tmp))))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Re-draw docs/phone.png: the phone page at 390×844 in Debian's Chromium, on the demo workshop at 4a
with two notes already sent from this phone (one stored, one waiting in the facilitator's queue).

Run with ``.venv/bin/python docs/make_phone_screenshot.py`` (needs /usr/bin/chromium and playwright).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent


def main() -> int:
    """Serve the demo workshop on loopback, send two notes from a phone, photograph the page."""
    from playwright.sync_api import sync_playwright

    from digiworkshop.demo import load_demo
    from digiworkshop.paths import database_url
    from digiworkshop.room.server import RoomServer
    from digiworkshop.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        url = database_url(str(Path(tmp) / "phone.db"))
        store = Store(url)
        workshop = load_demo(store)
        store.save_place(workshop.id, step="brainstorm")
        with RoomServer(url, workshop.id, host="127.0.0.1") as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_context(viewport={"width": 390, "height": 844}, locale="da-DK",
                                       is_mobile=True, device_scale_factor=2).new_page()
            page.goto(server.join_url)
            for perspective, kind, text, queue in (
                    ("Fagligt", "Barriere", "Vi kender ikke platformen godt nok endnu 🤔", False),
                    ("Organisatorisk", "Potentiale", "Mindre dobbeltregistrering", True)):
                store.update_room(workshop.id, queue=queue)
                page.get_by_label(perspective, exact=False).first.check()
                page.locator("#brainstorm").get_by_text(kind, exact=True).click()
                page.locator("#note-text").fill(text)
                page.get_by_role("button", name="Send noten").click()
                page.locator("#posts li .post-status").last.filter(has_text="✓").or_(
                    page.locator("#posts li .post-status").last.filter(has_text="Venter")).wait_for()
            page.get_by_label("Personligt/individuelt", exact=False).first.check()
            page.locator("#brainstorm").get_by_text("Potentiale", exact=True).click()
            page.locator("#note-text").fill("Jeg glæder mig til at prøve det")
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(DOCS / "phone.png"))
            browser.close()
        store.close()
    print(DOCS / "phone.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())

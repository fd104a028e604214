"""Snapshots of every screen with the demo workshop, at 80×24 and at 160×45 (pytest-textual-snapshot).

Regenerate after an intended change with ``make snapshots`` and look at the report before committing.
Cursor blink and animations are off so the pictures are stable.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from digiworkshop.demo import load_demo
from digiworkshop.guide import load_guide
from digiworkshop.store import Store
from digiworkshop.screens.app import DigiWorkshopApp

SIZES = {"80x24": (80, 24), "160x45": (160, 45)}


def _step_key(index: int) -> str:
    return f"f{index + 2}"


def _goto(key: str | None) -> list[str]:
    steps = [step.key for step in load_guide().steps]
    return [_step_key(steps.index(key))] if key else []


# name → (open the demo workshop?, keys to press). Opening the demo first offers the review of its
# open actions (pinned as "review_offer"); "n" declines it. The review itself is left out: it says
# how many days each action is late, which changes every day.
NOT_NOW = ["n"]
SCREENS = {
    "workshop_list": (False, []),
    "review_offer": (True, []),
    **{f"step{i}_{step.key}": (True, [*NOT_NOW, *_goto(step.key)]) for i, step in enumerate(load_guide().steps)},
    "help": (True, [*NOT_NOW, "f1"]),
    "presentation_step1": (True, [*NOT_NOW, *_goto("purpose"), "f12"]),
    "presentation_brainstorm": (True, [*NOT_NOW, *_goto("brainstorm"), "f12"]),
    "export_dialog": (True, [*NOT_NOW, "ctrl+e"]),
    "suggestions": (True, [*NOT_NOW, *_goto("systematisation"), "s"]),  # 4b's proposals, the first shown
    "export_dialog_without_libreoffice": (True, [*NOT_NOW, "ctrl+e"]),
}


def _steady(app: DigiWorkshopApp) -> None:
    """No blinking cursors anywhere (they would make the pictures depend on timing)."""
    for screen in app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            if isinstance(widget, (Input, TextArea)):
                widget.cursor_blink = False


def _pin_libreoffice(installed: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The export dialog offers PDF only when LibreOffice is found on PATH: pin which state is drawn, so
    the picture never depends on what this machine has installed. The stand-in is never run."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    if installed:
        soffice = bin_dir / "soffice"
        soffice.write_text("#!/bin/sh\nexit 1\n")
        soffice.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))


@pytest.fixture
def demo_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    # The export dialog shows its folder: keep it the same on every machine.
    monkeypatch.setenv("DIGIWORKSHOP_EXPORTS", "/tmp/digiworkshop-eksport")
    # The help screen names the keys file; a fixed path that does not exist means default keys.
    monkeypatch.setenv("DIGIWORKSHOP_CONFIG", "/nonexistent/digiworkshop/keys.toml")

    def make(open_demo: bool) -> DigiWorkshopApp:
        store = Store(str(tmp_path / "snapshot.db"))
        workshop = load_demo(store)
        app = DigiWorkshopApp(store, open_workshop_id=workshop.id if open_demo else None)
        app.animation_level = "none"
        return app

    return make


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
@pytest.mark.parametrize("name", SCREENS, ids=list(SCREENS))
def test_screen(name: str, size: str, demo_app, snap_compare, tmp_path: Path,  # noqa: ANN001
                monkeypatch: pytest.MonkeyPatch) -> None:
    open_demo, keys = SCREENS[name]
    if name.startswith("export_dialog"):
        _pin_libreoffice(not name.endswith("without_libreoffice"), tmp_path, monkeypatch)
    app = demo_app(open_demo)

    async def run_before(pilot) -> None:  # noqa: ANN001
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()  # 4b's proposals are computed in a thread
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        _steady(app)
        if name.startswith("step"):
            # A step scrolls its first field into view some frames after layout; when that lands
            # depends on the machine's load. Pin the step as laid out from the top, cursor elsewhere.
            for _ in range(5):
                await pilot.pause(0.1)
            app.screen.set_focus(None)
            for widget in app.screen.query("*"):
                if widget.is_scrollable:
                    widget.scroll_home(animate=False, immediate=True)
            await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", ["80x24", "120x36"])
def test_phone_panel(size: str, demo_app, snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """The phones panel over 4a: QR code, address, code and the room's choices. The join token and the
    code are random in real use; here the room is made with fixed ones, on a fixed loopback port."""
    import digiworkshop.store.room as room_store
    from digiworkshop.screens.dialogs.phones import PhonePanel

    monkeypatch.setattr(room_store, "new_token", lambda: "SnapshotToken-0123456789")
    monkeypatch.setattr(room_store, "new_code", lambda: "123456")
    monkeypatch.setenv("DIGIWORKSHOP_ROOM_HOST", "127.0.0.1")
    monkeypatch.setenv("DIGIWORKSHOP_ROOM_PORT", "47391")
    # The server in this process, where the fixed token and code above apply (the app's child process
    # would make its own); the panel looks the same either way.
    monkeypatch.setenv("DIGIWORKSHOP_ROOM_THREAD", "1")
    app = demo_app(True)

    async def run_before(pilot) -> None:  # noqa: ANN001
        await pilot.pause()
        for key in [*NOT_NOW, *_goto("brainstorm"), "ctrl+y"]:
            await pilot.press(key)
            await pilot.pause()
        for _ in range(200):  # the server starts in a worker thread
            if isinstance(app.screen, PhonePanel):
                break
            await pilot.pause(0.05)
        app.clear_notifications()  # "Tænder for telefonerne …" stays longer or shorter than the start
        await pilot.pause(0.2)
        _steady(app)

    width, height = (int(n) for n in size.split("x"))
    assert snap_compare(app, terminal_size=(width, height), run_before=run_before)

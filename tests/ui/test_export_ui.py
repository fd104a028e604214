"""The export dialog in the real app: choose handouts and a folder, export in a worker, see the paths."""

from __future__ import annotations

from docx import Document
from textual.widgets import Checkbox, Input, ProgressBar, Static

from digiworkshop.demo import load_demo
from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.export import ExportScreen
from digiworkshop.screens.dialogs.forms import ConfirmDialog
from digiworkshop.store import Store

SIZE = (120, 40)


async def open_dialog(pilot, folder) -> ExportScreen:  # noqa: ANN001
    await pilot.pause()
    if isinstance(pilot.app.screen, ConfirmDialog):  # the demo's open actions: review them later
        await pilot.press("n")
        await pilot.pause()
    await pilot.press("ctrl+e")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    screen.query_one("#export-folder", Input).value = str(folder)
    return screen


async def test_dialog_writes_the_chosen_handouts_and_shows_their_paths(store: Store, tmp_path) -> None:
    workshop = load_demo(store)
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    out = tmp_path / "uddelingsark"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot, out)
        boxes = {b.id: b.value for b in screen.query(Checkbox)}
        assert boxes["kind-report"] and boxes["kind-ics"] and not boxes["kind-json"]
        # Walk the list with the arrows: tick the templates, untick the evaluation handout.
        screen.query_one("#kind-report", Checkbox).focus()
        await pilot.press("down", "down", "down")
        assert app.focused.id == "kind-templates"
        await pilot.press("space", "up", "space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        names = sorted(p.name for p in out.iterdir())
        assert [n.rsplit("-", 1)[-1] for n in names] == ["deadlines.ics", "handlinger.docx", "rapport.docx",
                                                         "skabeloner.docx"]
        result = str(screen.query_one("#export-result", Static).render())
        for name in names:
            assert name in result
        bar = screen.query_one("#export-progress", ProgressBar)
        assert bar.progress == bar.total
        assert any("rapport.docx" in n.message for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
    report = next(out.glob("*-rapport.docx"))
    assert Document(report).paragraphs[0].text == workshop.title


async def test_nothing_chosen_or_no_folder_gives_a_message_and_writes_nothing(store: Store, tmp_path) -> None:
    workshop = store.create_workshop(title="Tom")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    out = tmp_path / "ingen"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot, out)
        for box in screen.query(Checkbox):
            box.value = False
        await pilot.press("enter")
        await pilot.pause()
        assert any("Vælg mindst ét" in n.message for n in app._notifications)
        screen.query_one("#kind-report", Checkbox).value = True
        screen.query_one("#export-folder", Input).value = "  "
        await pilot.press("enter")
        await pilot.pause()
        assert any("Skriv en mappe" in n.message for n in app._notifications)
    assert not out.exists()


async def test_open_folder_without_a_file_manager_shows_the_path(store: Store, tmp_path, monkeypatch) -> None:
    workshop = store.create_workshop(title="Mappe")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    out = tmp_path / "her"
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, out)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert any(n.message == f"Mappen: {out}" for n in app._notifications)


async def test_a_folder_that_cannot_be_written_gives_a_danish_message(store: Store, tmp_path) -> None:
    workshop = store.create_workshop(title="Forkert mappe")
    blocker = tmp_path / "en-fil"
    blocker.write_text("ikke en mappe", encoding="utf-8")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot, blocker / "under")
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("kunne ikke skrives i mappen" in n.message for n in app._notifications)
        assert "Vælg en anden mappe" in str(screen.query_one("#export-result", Static).render())
        assert isinstance(app.screen, ExportScreen)  # still open: the facilitator can fix the folder

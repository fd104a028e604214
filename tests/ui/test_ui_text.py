"""Text the facilitator must be able to read, at 80×24, 120×36 and 160×45: the plan's rows whole, the
list's phase, the export dialog's boxes, the list's time box, and Danish (not English) in the palette."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input

from digiworkshop.paths import default_export_dir
from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.export import ExportScreen
from digiworkshop.store import Store
from digiworkshop.text import count_da, fold_accents
from helpers import screen_text


def test_danish_counts_and_accent_folding() -> None:
    assert [count_da(n, "tema", "temaer") for n in (0, 1, 2)] == ["0 temaer", "1 tema", "2 temaer"]
    assert fold_accents("Eksportér") == "Eksporter"
    assert fold_accents("Gå til Prøvehandlinger, Ærø") == "Gå til Prøvehandlinger, Ærø"  # letters, not accents
    assert len(fold_accents("ﬁ é")) == 3  # one character in, one out: highlights stay in place


async def _type(pilot, text: str) -> None:  # noqa: ANN001
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def test_palette_matches_without_accents_and_speaks_danish(store: Store) -> None:
    workshop = store.create_workshop(title="Palet")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await _type(pilot, "eksporter")
        await pilot.pause(0.8)
        assert "Eksportér" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await _type(pilot, "oversigt")
        await pilot.pause(0.8)
        assert "oversigt" in screen_text(app).lower()
        for _ in "oversigt":
            await pilot.press("backspace")
        await _type(pilot, "qqqxx")
        await pilot.pause(0.8)
        text = screen_text(app)
        assert "No matches" not in text and "Ingen kommandoer passer" in text


async def test_an_open_select_says_esc_in_danish(store: Store) -> None:
    workshop = store.create_workshop(title="Fase")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.screen.query_one("#field-phase").focus()
        await pilot.pause()
        await pilot.press("enter")  # opens the list of phases
        await pilot.pause()
        text = screen_text(app)
        assert "Dismiss" not in text and "Luk listen" in text


async def test_a_focused_export_checkbox_shows_its_label(store: Store) -> None:
    workshop = store.create_workshop(title="Eksport")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        box = app.screen.query_one("#kind-report", Checkbox)
        box.focus()
        await pilot.pause()
        label = str(box.label)
        assert label in screen_text(app)
        assert box.region.height == 1 and box.content_region.height == 1


async def test_the_export_dialog_offers_the_folder_last_used(store: Store, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIGIWORKSHOP_EXPORTS")
    documents = default_export_dir()
    assert documents == Path(tmp_path / "home" / "Documents" / "digiworkshop")  # a fresh start: documents
    workshop = store.create_workshop(title="Mappe")
    chosen = tmp_path / "valgt mappe"
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        folder = app.screen.query_one("#export-folder", Input)
        assert folder.value == str(documents)
        folder.value = str(chosen)
        await pilot.press("enter")
        for _ in range(100):
            await pilot.pause(0.05)
            if app.screen.written:
                break
        assert app.screen.written and all(p.parent == chosen for p in app.screen.written)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert app.screen.query_one("#export-folder", Input).value == str(chosen)
    assert default_export_dir() == chosen  # and after a restart, too


LONG_TITLE = "Temadag om Joblog i Jobcenter Ærø – implementering af den digitale jobsøgningsplatform for borgere"
LONG_ORGANISATION = "Jobcenter Ærø, Beskæftigelsesforvaltningen, Afdeling for Unge og Uddannelse"


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (160, 45)], ids=["80x24", "120x36", "160x45"])
async def test_the_list_shows_the_phase_whole(store: Store, size: tuple[int, int]) -> None:
    """Long titles and organisations take the width they can get, never the phase's: each workshop's row
    reads its phase whole ("Implementering", not "Implementeri" or nothing) beside its date."""
    workshop = store.create_workshop(title=LONG_TITLE, organisation=LONG_ORGANISATION, date=dt.date(2026, 11, 24))
    store.update_workshop(workshop.id, phase="implementering")
    other = store.create_workshop(title="Kort", organisation="KL", date=dt.date(2026, 12, 1))
    store.update_workshop(other.id, phase="anskaffelse")
    app = DigiWorkshopApp(store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        long_row = next(line for line in lines if "Temadag om Joblog" in line)
        assert "24/11-2026" in long_row and "Implementering" in long_row, long_row
        short_row = next(line for line in lines if "Kort" in line)
        assert "1/12-2026" in short_row and "Anskaffelse" in short_row, short_row
        assert long_row.rstrip().endswith("0"), long_row  # the participants' count too, on screen
        if size[0] >= 160:  # room enough: the title is not cut shorter than it must be
            assert "implementering af den digitale" in long_row
        else:  # the terminal made wider: the columns are fitted again
            await pilot.resize_terminal(160, 45)
            await pilot.pause(0.2)
            long_row = next(line for line in screen_text(app).splitlines() if "Temadag om Joblog" in line)
            assert "implementering af den digitale" in long_row and "Implementering" in long_row, long_row


async def test_the_lists_time_box_is_the_current_one(store: Store) -> None:
    """Back on the list with the time box running: the top bar shows the countdown now, and it runs."""
    workshop = store.create_workshop(title="Tid")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.start_timebox(600, "Brainstorm")
        await pilot.pause()
        await pilot.press("escape")  # no pause: before the next tick of the countdown
        label = app.screen.query_one("#topbar-timer")
        assert label.display and label.render().plain.strip() == f"Tid {app.timebox.display()}"
        first = app.timebox.display()
        await pilot.pause(1.6)
        assert label.render().plain.strip() == f"Tid {app.timebox.display()}" != f"Tid {first}"


async def test_the_board_counts_in_danish_and_shows_a_theme_name_as_typed(store: Store) -> None:
    """4b: "1 tema", not "1 temaer"; a theme named like markup is shown as typed, in the board and in
    the notice that quotes it."""
    workshop = store.create_workshop(title="Tema")
    notes = [store.add_note(workshop.id, perspective="fagligt", kind="barriere", text=t).note.id
             for t in ("Uklart formål", "Formålet er uklart")]
    store.create_theme(workshop.id, name="[red]Formål[/red]", note_ids=notes[:1])
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause(0.5)
        text = screen_text(app)
        assert "2 noter · 1 tema " in text and "1 temaer" not in text
        assert "[red]Formål[/red]" in text
        await pilot.press("u")  # ungroup the highlighted theme: its notice quotes the name
        await pilot.pause(0.5)
        # The toast draws its message as plain text when the notification carries no markup.
        notices = [(n.message, n.markup) for n in app._notifications]
        assert ("Temaet «[red]Formål[/red]» er opløst; noterne er bevaret.", False) in notices, notices


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (160, 45)], ids=["80x24", "120x36", "160x45"])
async def test_step_0_shows_a_long_title_whole(store: Store, size: tuple[int, int]) -> None:
    """A temadag's long title (and organisation) is read whole in step 0 when the facilitator has moved on
    from the field (the field showed it with its end cut off, at 120 columns and at 160)."""
    workshop = store.create_workshop(title=LONG_TITLE, organisation=LONG_ORGANISATION)
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.focused.id == "field-title"
        await pilot.press("tab")  # on to the date
        await pilot.pause(0.2)
        app.screen.query_one("#step-body").scroll_home(animate=False)  # at 80×24 the date scrolled it away
        await pilot.pause(0.2)
        step = app.screen.query_one("WorkshopStep")  # its columns of the screen (the step list would break lines)

        def shown() -> str:
            return " ".join(" ".join(line[step.region.x:] for line in screen_text(app).splitlines()).split())

        assert LONG_TITLE in shown(), shown()
        app.screen.query_one("#whole-organisation").scroll_visible(animate=False)
        await pilot.pause(0.2)
        assert LONG_ORGANISATION in shown(), shown()
        title = app.screen.query_one("#field-title", Input)
        await pilot.click(title)  # back into the field: a new, short title needs no second line
        title.value = "Kort titel"
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert store.get_workshop(workshop.id).title == "Kort titel"
        assert " ".join(screen_text(app).split()).count("Kort titel") == 2  # the top bar and the field, no note

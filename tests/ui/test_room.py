"""The room's features driven through the real app: palette, help, keymap, presentation, time box, 80×24."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.fuzzy import Matcher
from textual.widgets import Input, OptionList
from textual.widgets._footer import FooterKey

from digiworkshop.store import Store
from digiworkshop.screens import themes
from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.help import HelpScreen
from digiworkshop.screens.keymap import check_key, read_keymap
from digiworkshop.screens.presentation import PresentationBlock, rows_of
from digiworkshop.screens.steps.base import StepView
from digiworkshop.screens.workshop import WorkshopScreen
from digiworkshop.screens.workshop_list import WorkshopListScreen

SIZE = (120, 36)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def best_command(screen, query: str):  # noqa: ANN001, ANN201
    """The command the palette would list first for ``query`` (the palette's own fuzzy matcher)."""
    matcher = Matcher(query)
    scored = [(matcher.match(c.name), c) for c in screen.commands() if c.enabled]
    score, command = max(scored, key=lambda pair: pair[0])
    assert score > 0, f"nothing matches {query!r}"
    return command


async def test_palette_finds_every_action_by_its_danish_name(store: Store) -> None:
    workshop = store.create_workshop(title="Palet")
    app = DigiWorkshopApp(store)
    async with app.run_test(size=SIZE) as pilot:
        assert best_command(app.screen, "ny workshop").id == "list.new"
        assert best_command(app.screen, "hjælp").id == "app.help"
        app.open_workshop(workshop.id)
        await pilot.pause()
        screen = app.screen
        expected = {
            "gå til handlingsplan": "step.goto6", "gå til workshop": "step.goto0",
            "gå til prøvehandlinger": "step.goto8", "eksportér": "workshop.export", "næste trin": "step.next",
            "hjælp": "app.help", "præsentation": "presentation.toggle", "tema": "app.theme",
            "start timer": "timebox.start", "afslut": "app.quit",
        }
        for query, binding_id in expected.items():
            assert best_command(screen, query).id == binding_id, query
        # One command per step, each named after the guide's heading.
        names = [c.name for c in screen.commands()]
        for step in app.guide.steps:
            assert any(name.startswith(f"Gå til {step.heading}") for name in names), step.heading

        # Through the real palette: type, Enter, and the step is on show.
        await pilot.press("ctrl+p")
        await pilot.pause()
        for ch in "gå til handlingsplan":
            await pilot.press("space" if ch == " " else ch)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        assert app.screen.view.step.key == "action_plan"


async def test_help_lists_the_live_keys_and_question_mark_types_in_fields(store: Store) -> None:
    workshop = store.create_workshop(title="Hjælp")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused.id == "field-title"
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.focused.value.endswith("?")
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {(c.keys, c.name) for c in app.screen.commands}
        assert ("F12", "Præsentationstilstand (til og fra)") in rows
        assert ("F8", "Gå til Handlingsplan (trin 4c)") in rows
        # The participants table's keys are there when it has the focus, and not before.
        assert not any(c.id == "participants.add" for c in app.screen.commands)
        await pilot.press("escape")
        await pilot.pause()
        app.screen.query_one("#participants").focus()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert any(c.id == "participants.add" and c.keys == "A / Insert" for c in app.screen.commands)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)


async def test_keys_file_remaps_and_bad_entries_are_explained(store: Store, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    keys = tmp_path / "keys.toml"
    keys.write_text(
        '[keys]\n"presentation.toggle" = "ctrl+o"\n"step.next" = ["pagedown", "ctrl+n"]\n'
        '"workshop.export" = "alt+e"\n"findes.ikke" = "f5"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("DIGIWORKSHOP_CONFIG", str(keys))
    workshop = store.create_workshop(title="Taster")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        [warning] = [n for n in app._notifications if n.title == "Tastefilen"]
        assert "findes.ikke" in warning.message and "alt+e" in warning.message
        assert best_command(app.screen, "præsentation").keys == "Ctrl+O"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.view.step.key == "purpose"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen.presenting
        await pilot.press("f12")  # the old key no longer does it
        await pilot.pause()
        assert app.screen.presenting
        await pilot.press("ctrl+e")  # the bad remap left the default in place
        await pilot.pause()
        assert app.screen.query("#export-folder")


def test_read_keymap_never_raises(tmp_path: Path) -> None:
    path = tmp_path / "keys.toml"
    assert read_keymap(path, {"a.b"}).keymap == {}  # missing file: defaults
    path.write_text("[keys\n", encoding="utf-8")
    result = read_keymap(path, {"a.b"})
    assert result.keymap == {} and "ikke gyldig TOML" in result.problems[0]
    path.write_text('keys = 3\n', encoding="utf-8")
    assert "tabel" in read_keymap(path, {"a.b"}).problems[0]
    path.write_text('[keys]\n"a.b" = 7\n"c.d" = "?"\n[farver]\n', encoding="utf-8")
    result = read_keymap(path, {"a.b", "c.d"})
    assert result.keymap == {"c.d": "question_mark"} and len(result.problems) == 2
    path.write_bytes(b'[keys]\n"a.b" = "\xff"\n')
    assert read_keymap(path, {"a.b"}).problems


@pytest.mark.parametrize(("key", "checked"), [
    ("F12", "f12"), ("ctrl+t", "ctrl+t"), ("shift+f5", "shift+f5"), ("PageDown", "pagedown"), ("?", "question_mark"),
    ("alt+e", None), ("ctrl+ctrl+e", None), ("æ", None), ("f25", None), ("altgr+2", None), ("", None)])
def test_check_key(key: str, checked: str | None) -> None:
    assert check_key(key) == checked


async def test_presentation_mode_hides_chrome_shows_content_and_restores_theme(store: Store) -> None:
    workshop = store.create_workshop(title="[b]Ikke fed[/b] på Ærø")
    store.update_purpose(workshop.id, statement="Borgerne får [red]ejerskab[/red]", borgere="Overblik")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = themes.DARK
        await pilot.press("f3", "f12")
        await pilot.pause()
        screen = app.screen
        assert screen.presenting and app.theme == themes.PROJECTOR
        for selector in ("#steps", "#topbar", "Footer", "#step-body"):
            assert not screen.query_one(selector).display or not screen.query_one(selector).is_on_screen
        heading = screen.query_one("#presentation-heading").render().plain
        assert heading == "1 Formidling af formål"
        bodies = [w.render().plain for w in screen.query(".presentation-block-body")]
        assert "Borgerne får [red]ejerskab[/red]" in bodies and "Overblik" in bodies
        assert "(intet endnu)" in bodies
        await pilot.press("f2")  # steps can be changed while presenting
        await pilot.pause()
        assert screen.query_one("#presentation-heading").render().plain == "0 Workshop"
        titles = [w.render().plain for w in screen.query(".presentation-block-title")]
        assert "[b]Ikke fed[/b] på Ærø" in titles
        await pilot.press("escape")  # leaves presentation mode, not the workshop
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen) and not screen.presenting
        assert app.theme == themes.DARK
        assert screen.query_one("#steps").display
        await pilot.press("ctrl+l")
        assert app.theme == themes.PROJECTOR


async def test_the_footer_follows_the_focus_and_the_review_offer(store: Store) -> None:
    """The footer is rebuilt only when its keys change; it must still change whenever they do."""
    workshop = store.create_workshop(title="Fod")
    store.add_note(workshop.id, perspective="fagligt", kind="potentiale", text="Mere tid")
    store.add_action(workshop.id, perspective="fagligt", kind="barriere", subject="For lidt tid")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)

    def keys() -> list[str]:
        return [key.description for key in app.screen.query(FooterKey)]

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")  # the open action: not now
        await pilot.pause()
        assert "Næste" in keys() and "Kommandoer" in keys()
        await pilot.press("f6")
        await pilot.pause()
        assert "Ret/slet noter" in keys() and "Slet" not in keys()
        await pilot.press("down")  # into the cell
        await pilot.pause()
        assert "Slet" in keys() and "Ret/slet noter" not in keys()
        await pilot.press("i")  # back to the input
        await pilot.pause()
        assert "Ret/slet noter" in keys() and "Slet" not in keys()
        await pilot.resize_terminal(80, 24)  # narrow: the palette key leaves the footer at the next focus
        await pilot.pause()
        await pilot.press("down", "i")
        await pilot.pause()
        assert "Ret/slet noter" in keys() and "Kommandoer" not in keys()


def test_presentation_rows() -> None:
    blocks = [PresentationBlock("a"), PresentationBlock("b", wide=True), *(PresentationBlock(c) for c in "cdefg")]
    assert [[b.title for b in row] for row in rows_of(blocks, 3)] == [["a"], ["b"], ["c", "d", "e"], ["f", "g"]]
    assert len(rows_of(blocks, 1)) == 7


async def test_time_box_counts_down_tells_the_room_and_capture_continues(store: Store) -> None:
    workshop = store.create_workshop(title="Tid")
    clock = FakeClock()
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        label = app.screen.query_one("#topbar-timer")
        assert not label.display
        await pilot.press("f6", "ctrl+t")
        await pilot.pause()
        prompt = app.screen.query_one("#prompt-input", Input)
        prompt.value = "ti"
        await pilot.press("enter")
        await pilot.pause()
        assert any("ikke et antal minutter" in n.message for n in app._notifications)
        app.screen.query_one("#prompt-input", Input).value = "1,5"
        await pilot.press("enter")
        await pilot.pause()
        assert label.display and label.render().plain.strip() == "Tid 01:30"
        clock.now += 30
        app.tick_timebox()
        assert label.render().plain.strip() == "Tid 01:00"
        await pilot.press("ctrl+f")
        clock.now += 300
        app.tick_timebox()
        assert label.render().plain.strip() == "Pause 01:00" and label.has_class("-paused")
        await pilot.press("ctrl+f")
        await pilot.press("f12")
        await pilot.pause()
        digits = app.screen.query_one("#presentation-timer")
        assert digits.display and digits.value == "01:00"
        clock.now += 61
        app.tick_timebox()
        await pilot.pause()
        assert digits.has_class("-expired") and digits.value == "+00:01"
        [told] = [n for n in app._notifications if n.title == "Tidsramme"]
        assert "Tiden er gået for 4a Potentialer og barrierer" in told.message
        app.tick_timebox()
        assert len([n for n in app._notifications if n.title == "Tidsramme"]) == 1  # told once
        await pilot.press("f12", "f2")
        await pilot.pause()
        assert app.focused.id == "field-title"  # capture goes on
        assert label.has_class("-expired") and "Tiden er gået +00:01" in label.render().plain


async def test_80x24_narrow_step_list_and_stacked_labels(store: Store) -> None:
    workshop = store.create_workshop(title="Lille skærm med et meget langt navn: beskæftigelsesindsatsen")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-narrow")
        steps = screen.query_one("#steps", OptionList)
        assert steps.size.width <= 12
        assert str(steps.get_option_at_index(6).prompt).strip().startswith("○ 4c")
        title = screen.query_one("#field-title", Input)
        label = screen.query(".field-label").first()
        assert label.region.y < title.region.y and title.region.width >= 60  # stacked, full width
        await pilot.press("f1")
        await pilot.pause()
        hint = app.screen.query_one(".dialog-hint")
        assert hint.region.bottom <= 24 and hint.region.height >= 1
        await pilot.press("escape")
        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        assert not screen.has_class("-narrow") and screen.has_class("-wide")
        assert "Handlingsplan" in str(steps.get_option_at_index(6).prompt)
        assert isinstance(screen.view, StepView)
    assert isinstance(WorkshopListScreen(), WorkshopListScreen)

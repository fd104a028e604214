"""What is typed is kept: every capture line keeps half-typed text as a draft, and a workshop reopens
where it was left, with no text selected.

Each capture line is typed into, left by a step change, by Esc and by Ctrl+Q, and the app restarted on
the same store: the text is back in the line each time, and nothing half-typed became a record; Enter
then captures it and the draft is gone. A real app in tmux is killed with SIGKILL while a note is half
typed: the draft is there after the restart.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.widgets import Input

from digiworkshop.exchange import dumps, workshop_document
from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.steps.brainstorm import BrainstormStep
from digiworkshop.screens.steps.evaluation import EvaluationStep
from digiworkshop.screens.widgets.evaluation_window import EvaluationWindow
from digiworkshop.screens.steps.base import StepView
from digiworkshop.screens.widgets.fields import DRAFT_PAUSE
from digiworkshop.store import Store

from helpers.tmux import Terminal

SIZE = (120, 40)


async def type_text(pilot, text: str) -> None:  # noqa: ANN001
    """Type like a person: one key per character (Danish letters included)."""
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


def view(app) -> StepView:  # noqa: ANN001
    return app.screen.query_one(StepView)


@dataclass(frozen=True)
class Line:
    """A capture line: the key of its step, its widget, its draft key and the records Enter makes."""

    name: str
    step_key: str
    input_id: str
    draft_key: str
    records: Callable[[Store, int], list]
    setup: Callable[[Store, int], None] = lambda store, wid: None


def _trial_in_udfor(store: Store, wid: int) -> None:
    trial = store.create_trial(wid, title="Joblog i Team Ledige")
    store.reach_phase(store.list_cycles(trial.id)[0].id, "do")


def _log(store: Store, wid: int) -> list:
    return [e for t in store.list_trials(wid) for c in store.list_cycles(t.id) for e in store.list_trial_log(c.id)]


def _trial_log_key(store: Store, wid: int) -> str:
    return f"trials.log.{store.list_cycles(store.list_trials(wid)[0].id)[0].id}"


LINES = [
    Line("participant", "f2", "participant-new", "workshop.participant_new", lambda s, w: s.list_participants(w)),
    Line("member", "f4", "member-new", "working_group.member_new", lambda s, w: s.list_group_members(w)),
    Line("wish", "f5", "wish-new", "wishes.wish_new", lambda s, w: s.list_wishes(w)),
    Line("experience", "f5", "experience-new", "wishes.experience_new", lambda s, w: s.list_experiences(w)),
    Line("brainstorm", "f6", "brainstorm-input", "brainstorm.note", lambda s, w: s.list_notes(w)),
    Line("evaluation", "f9", "evaluation-capture", "evaluation.capture",
         lambda s, w: [e for r in s.list_rounds(w) for e in s.list_entries(r.id)]),
    Line("trial_title", "f10", "trial-new", "trials.trial_new",
         lambda s, w: [t for t in s.list_trials(w) if t.title != "Joblog i Team Ledige"]),
    Line("trial_log", "f10", "trial-log-new", "", _log, _trial_in_udfor),
]


async def _focus_line(app, pilot, line: Line) -> Input:  # noqa: ANN001
    field = app.screen.query_one(f"#{line.input_id}", Input)
    field.focus()
    await pilot.pause()
    return field


@pytest.mark.parametrize("line", LINES, ids=[line.name for line in LINES])
async def test_a_capture_line_keeps_what_is_typed_until_enter(store: Store, db_url: str, line: Line) -> None:
    w = store.create_workshop(title="Kladder")
    line.setup(store, w.id)
    draft_key = line.draft_key or _trial_log_key(store, w.id)
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(line.step_key)
        await pilot.pause()
        await _focus_line(app, pilot, line)
        await type_text(pilot, "Halvt skrevet")
        # Away to step 1 and back (the brainstorm's F7 then F6): the text is there, and no record.
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press(line.step_key)
        await pilot.pause()
        assert app.screen.query_one(f"#{line.input_id}", Input).value == "Halvt skrevet"
        assert line.records(store, w.id) == []
        # Esc to the workshop list, Enter opens it again at the same step: still there.
        await _focus_line(app, pilot, line)
        await type_text(pilot, " og mere på Ærø")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one(f"#{line.input_id}", Input).value == "Halvt skrevet og mere på Ærø"
        await _focus_line(app, pilot, line)
        await type_text(pilot, "!")
        await pilot.press("ctrl+q")
    assert line.records(store, w.id) == []
    store.close()

    # A restart on the same store: the workshop opens at that step with the text in the line.
    reopened = Store(db_url)
    app = DigiWorkshopApp(reopened, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        field = app.screen.query_one(f"#{line.input_id}", Input)
        assert field.value == "Halvt skrevet og mere på Ærø!"
        assert line.records(reopened, w.id) == []
        # Enter captures it (the cursor is at the end, nothing selected) and the draft is gone.
        await _focus_line(app, pilot, line)
        assert field.selection.is_empty and field.cursor_position == len(field.value)
        await pilot.press("enter")
        await pilot.pause()
        assert len(line.records(reopened, w.id)) == 1
        assert reopened.get_draft(w.id, draft_key) == ""
    reopened.close()


async def test_a_draft_is_kept_after_a_pause_in_typing(store: Store) -> None:
    """Without leaving the field: the draft is written once typing pauses (what a killed process keeps)."""
    w = store.create_workshop(title="Pause")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        await type_text(pilot, "Borgerne mangler")
        assert store.get_draft(w.id, "brainstorm.note") == ""  # no write while typing
        await pilot.pause(DRAFT_PAUSE + 0.5)
        assert store.get_draft(w.id, "brainstorm.note") == "Borgerne mangler"
        # Emptying the line drops the draft at once.
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert store.get_draft(w.id, "brainstorm.note") == ""


async def test_correcting_a_note_keeps_the_half_typed_note(store: Store) -> None:
    """The brainstorm's input also corrects notes: the note's text is no draft, and the half-typed note
    comes back once the correction is stored."""
    w = store.create_workshop(title="Ret")
    store.add_note(w.id, perspective="fagligt", kind="potentiale", text="Gammel tekst")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        await type_text(pilot, "Halv note")
        await pilot.press("down", "enter")  # into the cell, correct its note
        await pilot.pause()
        capture = app.screen.query_one("#brainstorm-input", Input)
        assert capture.value == "Gammel tekst"
        await pilot.press("ctrl+u")
        await type_text(pilot, "Ny tekst")
        await pilot.pause(DRAFT_PAUSE + 0.3)
        assert store.get_draft(w.id, "brainstorm.note") == "Halv note"
        await pilot.press("enter")
        await pilot.pause()
        assert [n.text for n in store.list_notes(w.id)] == ["Ny tekst"]
        assert capture.value == "Halv note"


async def test_opening_a_workshop_selects_no_text_and_a_stray_key_replaces_nothing(store: Store) -> None:
    w = store.create_workshop(title="Temadag om Joblog")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        title = app.focused
        assert isinstance(title, Input) and title.id == "field-title"
        assert title.selection.is_empty
        await pilot.press("x")
        await pilot.press("tab")  # leaving stores the field
        await pilot.pause()
        assert app.screen.query_one("#field-date", Input).selection.is_empty  # Tab selects nothing either
    assert store.get_workshop(w.id).title.startswith("Temadag om Joblog")


async def test_the_workshop_reopens_at_the_step_cell_and_quadrant_it_was_left(store: Store, db_url: str) -> None:
    w = store.create_workshop(title="Hvor var vi?")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("shift+right")  # quadrant 2: Hvorfor gik det godt?
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("shift+right", "shift+down")  # cell 4: personligt/individuelt, barrierer
        await pilot.pause()
        await pilot.press("ctrl+q")
    store.close()

    reopened = Store(db_url)
    app = DigiWorkshopApp(reopened, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        step = view(app)
        assert isinstance(step, BrainstormStep) and step.cell == 3
        assert step.query_one("#cell-3").has_class("-current")
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(view(app), EvaluationStep)
        assert app.screen.query_one(EvaluationWindow).quadrant == 1
    reopened.close()


def test_drafts_belong_to_their_workshop_and_are_not_exported(store: Store) -> None:
    kept = store.create_workshop(title="Beholdt")
    gone = store.create_workshop(title="Slettet")
    store.save_draft(kept.id, "brainstorm.note", "Æblerne – halvt skrevet")
    store.save_draft(gone.id, "brainstorm.note", "Forsvinder")
    store.save_place(gone.id, step="brainstorm", brainstorm_cell=2)
    assert store.get_draft(kept.id, "brainstorm.note") == "Æblerne – halvt skrevet"
    assert "halvt skrevet" not in dumps(workshop_document(store, kept.id))
    store.delete_workshop(gone.id)
    assert store.list_drafts(gone.id) == {} and store.get_place(gone.id).step == ""
    assert store.list_drafts(kept.id) == {"brainstorm.note": "Æblerne – halvt skrevet"}
    store.save_draft(kept.id, "brainstorm.note", "  ")  # blank: the draft goes
    assert store.list_drafts(kept.id) == {}


def test_a_killed_app_keeps_the_half_typed_note(terminal: Terminal, tmp_path: Path) -> None:
    """SIGKILL while typing (after the pause): the restarted app shows the half-typed note in 4a."""
    db = tmp_path / "e2e.db"
    store = Store(str(db))
    w = store.create_workshop(title="Dræbt midt i en note")
    store.close()
    app = Path(sys.executable).with_name("digiworkshop")
    terminal.start([str(app)])
    terminal.wait_for("Dræbt midt i en note")
    terminal.keys("Enter")
    terminal.wait_for("Dræbt midt i en note · 0 Workshop", "Titel")
    time.sleep(1.0)  # the step is drawn before the workshop screen takes keys
    terminal.keys("F6")
    terminal.wait_for("Felt 1:")
    terminal.type("Borgerne kan ikke logge på – ")
    time.sleep(DRAFT_PAUSE + 1.0)
    pid = int(terminal.tmux("display-message", "-p", "-t", terminal.session, "#{pane_pid}").stdout.strip())
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while not terminal.dead() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert terminal.dead()

    store = Store(str(db))
    assert store.get_draft(w.id, "brainstorm.note") == "Borgerne kan ikke logge på – "
    assert store.list_notes(w.id) == []
    assert store.get_place(w.id).step == "brainstorm"
    store.close()
    terminal.tmux("kill-session", "-t", terminal.session, check=False)
    terminal.start([str(app)])
    terminal.wait_for("Dræbt midt i en note")
    terminal.keys("Enter")
    terminal.wait_for("Felt 1:", "Borgerne kan ikke logge på –")  # at 4a again, the note in the input

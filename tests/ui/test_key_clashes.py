"""One key, one meaning: a step's own keys work from every field of the step (also after Enter in its last
field), no key is bound to two different actions anywhere on the workshop screen, and no step uses
Ctrl+B (tmux's prefix: inside tmux it never reaches the app)."""

from __future__ import annotations

import pytest

from digiworkshop.demo import demo_document
from digiworkshop.exchange import import_document
from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.dialogs.forms import ConfirmDialog, TextPrompt
from digiworkshop.screens.dialogs.pickers import ChoicePicker
from digiworkshop.screens.dialogs.rounds import RoundScreen
from digiworkshop.screens.steps.trials import TrialsStep
from digiworkshop.screens.workshop import WorkshopScreen
from digiworkshop.store import Store

SIZES = [(120, 36), (80, 24), (160, 45)]
# Keys a terminal turns into another key (Enter, Tab, Backspace, Esc) or that tmux keeps for itself.
UNUSABLE = {"ctrl+b", "ctrl+m", "ctrl+i", "ctrl+h", "ctrl+left_square_bracket"}


async def _into_workshop(app, pilot) -> None:  # noqa: ANN001
    await pilot.pause()
    if isinstance(app.screen, ConfirmDialog):  # the review offer: not now
        await pilot.press("n")
        await pilot.pause()
    assert isinstance(app.screen, WorkshopScreen)


async def _type(pilot, text: str) -> None:  # noqa: ANN001
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_trial_keys_work_after_the_last_answer_is_filled(store: Store, size: tuple[int, int]) -> None:
    workshop = import_document(store, demo_document())
    for trial in store.list_trials(workshop.id):
        store.delete_trial(trial.id)
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=size) as pilot:
        await _into_workshop(app, pilot)
        await pilot.press("f10")
        await pilot.pause()
        view = app.screen.query_one(TrialsStep)
        await _type(pilot, "Tjekliste")
        await pilot.press("enter")
        await pilot.pause()
        plan_fields = len(app.guide.trial_phases[0].questions)
        for i in range(plan_fields):  # every question of Planlæg answered, each with Enter
            await _type(pilot, f"svar {i}")
            await pilot.press("enter")
            await pilot.pause()
        # The cursor stayed in the step: Ctrl+K links the trial (it used to open the time box's question).
        assert view in app.focused.ancestors
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, ChoicePicker)
        await pilot.press("down", "enter")
        await pilot.pause()
        [trial] = store.list_trials(workshop.id)
        assert trial.note_id is not None or trial.theme_id is not None
        # Evaluer: after its last answer, Ctrl+O opens the cycle's evaluation window at once (no Shift+Tab).
        await pilot.press("shift+right", "shift+right")
        await pilot.pause()
        assert view.phase == "study"
        study_fields = len(view.phases["study"].questions)
        for i in range(study_fields):
            await _type(pilot, f"evaluering {i}")
            await pilot.press("enter")
            await pilot.pause()
        assert view in app.focused.ancestors
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, RoundScreen)
        await pilot.press("escape")
        await pilot.pause()
        # The time box still starts from a field of this step, with its own key.
        view.query_one("#answer-study-" + view.phases["study"].questions[0].key).focus()
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)


def _our_bindings(node) -> list[tuple[str, str]]:  # noqa: ANN001
    """(key, action) for every binding the app's own classes declare on node (Textual's own widget keys,
    such as an Input's Ctrl+K, are the widget's business and may be overridden on purpose)."""
    found = []
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("digiworkshop"):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            keys, action = (binding.key, binding.action) if hasattr(binding, "key") else binding[:2]
            # "app.quit" on a screen is the app's "quit".
            action = action.removeprefix("app.").removeprefix("screen.")
            found.extend((key.strip(), action) for key in keys.split(","))
    return found


async def test_no_key_means_two_things_in_any_step_and_no_step_uses_ctrl_b(store: Store) -> None:
    workshop = import_document(store, demo_document())
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    clashes: set[str] = set()
    unusable: set[str] = set()
    walked = 0
    async with app.run_test(size=(120, 36)) as pilot:
        await _into_workshop(app, pilot)
        screen = app.screen
        for index, step in enumerate(app.guide.steps):
            await screen.show_step(index)
            await pilot.pause()
            for widget in list(screen.focus_chain):
                screen.set_focus(widget)
                await pilot.pause()
                meanings: dict[str, set[str]] = {}
                for node in [*widget.ancestors_with_self]:
                    for key, action in _our_bindings(node):
                        meanings.setdefault(key, set()).add(action)
                walked += 1
                for key, actions in meanings.items():
                    if key in UNUSABLE:
                        unusable.add(f"{step.key}: {widget!r} {key} → {actions}")
                    # Esc is layered on purpose: it closes the innermost thing open (a question, then the step).
                    if len(actions) > 1 and key != "escape":
                        clashes.add(f"{step.key}: {widget!r} {key} → {sorted(actions)}")
    assert walked > 30  # every step, every focusable widget
    assert not unusable, sorted(unusable)
    assert not clashes, sorted(clashes)

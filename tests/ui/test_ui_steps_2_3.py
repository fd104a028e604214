"""Steps 2 and 3 driven with Pilot in the real app on a temporary database: capture, edit, delete
and undo, checked in the store and on screen."""

from __future__ import annotations

from textual.widgets import DataTable, Input, OptionList, TextArea

from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.presentation import blocks_plain
from digiworkshop.screens.steps.wishes import WishesStep
from digiworkshop.screens.steps.working_group import WorkingGroupStep
from digiworkshop.screens.steps.base import StepView
from digiworkshop.store import Store

SIZE = (120, 40)


async def type_text(pilot, text: str) -> None:  # noqa: ANN001
    """Type like a person: one key per character (Danish letters included)."""
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


def view(app) -> StepView:  # noqa: ANN001
    return app.screen.query_one(StepView)


def messages(app) -> list[str]:  # noqa: ANN001
    return [n.message for n in app._notifications]


async def test_form_the_working_group_from_the_keyboard(store: Store) -> None:
    w = store.create_workshop(title="Arbejdsgruppe")
    michael = store.add_participant(w.id, name="Michael Sørensen", role="Medarbejder")
    store.add_participant(w.id, name="Åse Ødegaard", role="Borger")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        step = view(app)
        assert isinstance(step, WorkingGroupStep)
        assert app.focused.id == "member-new"
        assert "Michael Sørensen, Åse Ødegaard" in step.query_one("#not-in-group").render().plain
        assert "Gruppen har ingen medlemmer endnu" in step.query_one("#composition").render().plain

        # A participant is picked by completion (→ takes it); the role comes from the participant.
        await type_text(pilot, "mic")
        await pilot.press("right", "enter")
        await pilot.pause()
        assert app.focused.id == "member-advantage"
        assert step.query_one("#member-role", Input).value == "Medarbejder"
        await type_text(pilot, "Kender hverdagen")
        await pilot.press("enter")
        await type_text(pilot, "Superbruger")
        await pilot.press("enter")
        assert app.focused.id == "member-archetype"
        await pilot.press("enter", "down", "enter")  # open; from "Ingen arketype" down to Frontløberen
        await pilot.pause()
        assert app.focused.id == "member-new"  # ready for the next member
        assert str(app.screen.query_one("#steps", OptionList).get_option_at_index(2).prompt).startswith("●")

        # Someone new: the role is completed from the guide's suggestions.
        await type_text(pilot, "Kit Åberg")
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused.id == "member-role"
        await type_text(pilot, "le")
        await pilot.press("right", "enter")
        await pilot.pause()
        [m1, m2] = store.list_group_members(w.id)
        assert (m1.name, m1.role, m1.advantage, m1.contribution, m1.archetype, m1.participant_id) == (
            "Michael Sørensen", "Medarbejder", "Kender hverdagen", "Superbruger", "frontloeber", michael.id)
        assert (m2.name, m2.role, m2.participant_id) == ("Kit Åberg", "Leder", None)
        composition = step.query_one("#composition").render().plain
        assert "Frontløberen 1" in composition and "Medarbejder 1" in composition and "Leder 1" in composition
        assert "Den faglige skeptiker mangler" in composition and "Ingen borger" in composition
        assert "Ingen medarbejdere" not in composition
        assert step.query_one("#not-in-group").render().plain.endswith("Åse Ødegaard")

        # Edit in the table: 4 makes Kit the skeptic; Enter goes to the fields of the highlighted member.
        table = step.query_one("#members", DataTable)
        table.focus()
        await pilot.press("down", "4")
        await pilot.pause()
        assert store.get_group_member(m2.id).archetype == "skeptiker"
        assert "skeptiker mangler" not in step.query_one("#composition").render().plain
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused.id == "member-name"
        assert "Kit Åberg" in step.query_one("#member-title").render().plain
        await pilot.press("enter")  # keep the name
        await pilot.press("ctrl+u")
        await type_text(pilot, "IT")
        await pilot.press("tab")  # leaving the field stores it too
        await pilot.pause()
        assert store.get_group_member(m2.id).role == "IT"
        assert step.query_one("#members", DataTable).get_row_at(1)[1].plain == "IT"

        # Reorder: Kit first, then back.
        table.focus()
        await pilot.pause()
        await pilot.press("shift+up")
        await pilot.pause()
        assert [m.name for m in store.list_group_members(w.id)] == ["Kit Åberg", "Michael Sørensen"]
        assert table.get_row_at(0)[0].plain == "Kit Åberg" and table.selected_id() == m2.id
        await pilot.press("shift+down")
        await pilot.pause()
        assert [m.name for m in store.list_group_members(w.id)] == ["Michael Sørensen", "Kit Åberg"]

        # Remove and undo.
        await pilot.press("delete")
        await pilot.pause()
        assert [m.name for m in store.list_group_members(w.id)] == ["Michael Sørensen"]
        assert any("Fjernet fra arbejdsgruppen: Kit Åberg" in m for m in messages(app))
        await pilot.press("ctrl+z")
        await pilot.pause()
        back = store.list_group_members(w.id)
        assert [(m.name, m.role, m.archetype) for m in back] == [
            ("Michael Sørensen", "Medarbejder", "frontloeber"), ("Kit Åberg", "IT", "skeptiker")]
        assert table.row_count == 2

        # The task description and the communication note are stored on Enter.
        step.query_one("#field-task", TextArea).focus()
        await type_text(pilot, "Rammer og tidsplan")
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused.id == "field-communication"
        await type_text(pilot, "Nyhedsmail hver anden uge")
        await pilot.press("enter")
        await pilot.pause()
        assert "Kit Åberg" in blocks_plain(step.presentation_content())
    group = store.get_working_group(w.id)
    assert (group.task, group.communication) == ("Rammer og tidsplan", "Nyhedsmail hver anden uge")


async def test_bad_member_input_is_refused_and_the_text_stays(store: Store) -> None:
    w = store.create_workshop(title="Fejl")
    member = store.add_group_member(w.id, name="Kit", role="Leder")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("enter")  # nothing typed
        await pilot.pause()
        assert any("Skriv medlemmets navn" in m for m in messages(app))
        name = view(app).query_one("#member-name", Input)
        name.focus()
        name.value = "   "
        await pilot.press("enter")
        await pilot.pause()
        assert any("Navn må ikke være tom" in m for m in messages(app))
        assert name.value == "   " and name.has_class("-invalid")
        # The table does not jump to another member while a field holds text that could not be stored.
        assert view(app).member_id == member.id
    assert store.get_group_member(member.id).name == "Kit"


async def test_capture_wishes_fast_retag_edit_move_delete_and_undo(store: Store) -> None:
    w = store.create_workshop(title="Ønsker")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        step = view(app)
        assert isinstance(step, WishesStep)
        assert app.focused.id == "wish-new"
        coverage = step.query_one("#coverage").render().plain
        assert "Målgrupper" in coverage and "Omkostninger og effekter" in coverage
        state = step.query_one("#capture-state").render().plain
        assert "Ønske" in state and "Faglig" in state and "Hvem skal bruge løsningen?" in state

        # Choose before typing, with Ctrl keys that work while the cursor is in the input.
        await pilot.press("ctrl+o", "ctrl+n", "ctrl+n", "ctrl+g", "ctrl+g")
        state = step.query_one("#capture-state").render().plain
        assert "Krav" in state and "Brugervenlighed" in state and "Anvendelse" in state
        await type_text(pilot, "Skal virke på mobil")
        await pilot.press("enter")
        await pilot.pause()
        # The next entry takes the last used values.
        await type_text(pilot, "Kort vejledning på skærmen")
        await pilot.press("enter")
        await type_text(pilot, "Også på engelsk")
        await pilot.press("ctrl+r", "ctrl+r", "ctrl+o", "enter")  # back to Målgrupper, as an ønske
        await pilot.pause()
        assert [(x.text, x.kind, x.category, x.topic) for x in store.list_wishes(w.id)] == [
            ("Også på engelsk", "onske", "brugervenlighed", "maalgrupper"),
            ("Skal virke på mobil", "krav", "brugervenlighed", "anvendelse"),
            ("Kort vejledning på skærmen", "krav", "brugervenlighed", "anvendelse"),
        ]
        assert step.query_one("#wish-new", Input).value == ""
        coverage = step.query_one("#coverage").render().plain
        assert "Målgrupper" not in coverage and "Anvendelse" not in coverage and "Integration" in coverage
        table = step.query_one("#wishes", DataTable)
        assert table.get_row("topic:integration")[2].plain == "! ingen endnu"

        # After: Tab to the table (the cursor is on the entry just made) and retag with single keys.
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is table
        [first] = [x for x in store.list_wishes(w.id) if x.text == "Også på engelsk"]
        assert table.selected_id() == first.id
        await pilot.press("k", "t", "2")
        await pilot.pause()
        changed = store.get_wish(first.id)
        assert (changed.kind, changed.category, changed.topic) == ("krav", "teknisk", "integration")
        assert table.selected_id() == first.id  # the cursor follows the wish to its new topic

        # Edit the text in a dialog.
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+u")
        await type_text(pilot, "Tekster på engelsk")
        await pilot.press("enter")
        await pilot.pause()
        assert store.get_wish(first.id).text == "Tekster på engelsk"

        # Reorder within the topic with Shift+↓/↑.
        [mobil, vejledning] = [x for x in store.list_wishes(w.id) if x.topic == "anvendelse"]
        table.move_cursor(row=table.get_row_index(f"wish:{mobil.id}"))
        await pilot.press("shift+down")
        await pilot.pause()
        assert [x.text for x in store.list_wishes(w.id) if x.topic == "anvendelse"] == [
            "Kort vejledning på skærmen", "Skal virke på mobil"]
        assert table.selected_id() == mobil.id

        # Delete, then undo: the deletion, the move, the edit.
        await pilot.press("delete")
        await pilot.pause()
        assert [x.text for x in store.list_wishes(w.id) if x.topic == "anvendelse"] == ["Kort vejledning på skærmen"]
        assert any("Slettet: Skal virke på mobil" in m for m in messages(app))
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert table.selected_id() == mobil.id
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert [x.text for x in store.list_wishes(w.id)] == [
            "Også på engelsk", "Skal virke på mobil", "Kort vejledning på skærmen"]
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")  # the retagging, key by key
        await pilot.pause()
        again = store.get_wish(first.id)
        assert (again.text, again.kind, again.category, again.topic) == (
            "Også på engelsk", "onske", "brugervenlighed", "maalgrupper")
        coverage = step.query_one("#coverage").render().plain
        assert "Integration" in coverage and "Målgrupper" not in coverage
        presentation = blocks_plain(step.presentation_content())
        assert "Skal virke på mobil" in presentation and "ingen ønsker eller krav endnu" in presentation


async def test_bad_wish_input_keeps_the_text(store: Store) -> None:
    w = store.create_workshop(title="Fejl")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        box = view(app).query_one("#wish-new", Input)
        box.value = "x" * 25_000
        await pilot.press("enter")
        await pilot.pause()
        assert any("for lang" in m for m in messages(app))
        assert len(box.value) == 25_000
        box.value = "   "
        await pilot.press("enter")
        await pilot.pause()
        assert any("Skriv ønsket eller kravet" in m for m in messages(app))
    assert store.list_wishes(w.id) == []


async def test_experiences_from_other_municipalities(store: Store) -> None:
    w = store.create_workshop(title="Erfaringer")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        step = view(app)
        step.query_one("#experience-new", Input).focus()
        await type_text(pilot, "Ådal Kommune")
        await pilot.press("enter")
        await pilot.pause()
        [experience] = store.list_experiences(w.id)  # stored at once, before the dialog
        assert app.focused.id == "experience-contact"
        await type_text(pilot, "Karsten")
        await pilot.press("enter")
        await type_text(pilot, "Joblog")
        await pilot.press("enter")
        await type_text(pilot, "Aftal integrationen")
        await pilot.press("enter")
        await pilot.pause()
        got = store.list_experiences(w.id)[0]
        assert (got.municipality, got.contact, got.solution, got.learned) == (
            "Ådal Kommune", "Karsten", "Joblog", "Aftal integrationen")
        table = step.query_one("#experiences", DataTable)
        table.focus()
        await pilot.press("enter")  # edit
        await pilot.pause()
        assert app.focused.id == "experience-municipality"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert store.list_experiences(w.id) == []
        assert experience.id


async def test_text_typed_without_enter_is_kept_when_leaving_the_step(store: Store) -> None:
    w = store.create_workshop(title="Uden Enter")
    app = DigiWorkshopApp(store, open_workshop_id=w.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        await type_text(pilot, "Lone Bæk")
        await pilot.press("f5")  # straight on to step 3
        await pilot.pause()
        await type_text(pilot, "Support i indfasningen")
        await pilot.press("ctrl+q")
    # Half-typed text is kept as each line's draft, and never turned into a member or a wish by itself.
    assert store.list_group_members(w.id) == [] and store.list_wishes(w.id) == []
    assert store.get_draft(w.id, "working_group.member_new") == "Lone Bæk"
    assert store.get_draft(w.id, "wishes.wish_new") == "Support i indfasningen"

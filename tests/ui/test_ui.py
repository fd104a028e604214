"""The real app driven headless with Textual's Pilot on a temporary database."""

from __future__ import annotations

from textual.widgets import DataTable, Input, OptionList, Select, TextArea

from digiworkshop.guide import load_guide
from digiworkshop.store import Store
from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.steps.base import StepView
from digiworkshop.screens.steps.purpose import PurposeStep
from digiworkshop.screens.steps.workshop import WorkshopStep
from digiworkshop.screens.workshop import WorkshopScreen

SIZE = (120, 40)


async def type_text(pilot, text: str) -> None:  # noqa: ANN001
    """Type like a person: one key per character (Danish letters included)."""
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


def current_view(app) -> StepView:  # noqa: ANN001
    return app.screen.query_one(StepView)


async def test_create_fill_steps_0_and_1_quit_and_find_everything(db_path) -> None:
    store = Store(str(db_path))
    app = DigiWorkshopApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_text(pilot, "Temadag om Joblog på Ærø")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        assert isinstance(current_view(app), WorkshopStep)
        # The cursor starts in the title; Enter stores and moves on to the date.
        assert app.focused.id == "field-title"
        await pilot.press("enter")
        assert app.focused.id == "field-date"
        await type_text(pilot, "27/11-2026")
        await pilot.press("enter")
        await type_text(pilot, "Mødelokale Øst")
        await pilot.press("enter")
        await type_text(pilot, "Jobcenter Ærø")
        await pilot.press("enter")
        await type_text(pilot, "Kit Åberg")
        await pilot.press("enter")
        await type_text(pilot, "Joblog")
        await pilot.press("enter")
        assert app.focused.id == "field-phase"
        await pilot.press("enter", "down", "down", "down", "down", "enter")  # open, choose Implementering
        await pilot.pause()
        app.screen.query_one("#participant-new", Input).focus()
        await type_text(pilot, "Michael Sørensen, Medarbejder, Team Ledige")
        await pilot.press("enter")
        await type_text(pilot, "Åse Ødegaard, Borger")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#date-spoken").render().plain == "fredag den 27. november 2026"

        await pilot.press("pagedown")
        await pilot.pause()
        assert isinstance(current_view(app), PurposeStep)
        assert app.focused.id == "field-statement"
        await type_text(pilot, "Borgerne får overblik og ejerskab")
        await pilot.press("enter")
        await type_text(pilot, "Hænger sammen med beskæftigelsesplanen")
        await pilot.press("enter")
        for answer in ("Fleksibilitet", "Mere tid til samtalen", "Bedre data", "Bedre service"):
            await type_text(pilot, answer)
            await pilot.press("enter")
        await type_text(pilot, "Kommunens digitaliseringsstrategi 2025")
        # Not pressing Enter: quitting stores what is typed in the open field too.
        await pilot.press("ctrl+q")
    store.close()

    reopened = Store(str(db_path))
    [summary] = reopened.list_workshops()
    workshop = reopened.get_workshop(summary.id)
    assert (workshop.title, workshop.date.isoformat(), workshop.place, workshop.organisation, workshop.facilitator,
            workshop.solution, workshop.phase) == (
        "Temadag om Joblog på Ærø", "2026-11-27", "Mødelokale Øst", "Jobcenter Ærø", "Kit Åberg", "Joblog",
        "implementering")
    assert [(p.name, p.role, p.unit) for p in reopened.list_participants(summary.id)] == [
        ("Michael Sørensen", "Medarbejder", "Team Ledige"), ("Åse Ødegaard", "Borger", "")]
    purpose = reopened.get_purpose(summary.id)
    assert (purpose.statement, purpose.fit, purpose.borgere, purpose.medarbejdere, purpose.ledelse,
            purpose.politikere, purpose.strategy) == (
        "Borgerne får overblik og ejerskab", "Hænger sammen med beskæftigelsesplanen", "Fleksibilitet",
        "Mere tid til samtalen", "Bedre data", "Bedre service", "Kommunens digitaliseringsstrategi 2025")

    # A new app on the same file reopens at the step it was left at, and shows every value again.
    app = DigiWorkshopApp(reopened)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#workshops", DataTable)
        assert table.get_row_at(0)[0].plain == "Temadag om Joblog på Ærø"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(current_view(app), PurposeStep)
        await pilot.press("f2")
        await pilot.pause()
        view = current_view(app)
        assert view.query_one("#field-place", Input).value == "Mødelokale Øst"
        assert view.query_one("#field-date", Input).value == "27/11-2026"
        assert view.query_one("#field-phase", Select).value == "implementering"
        participants = view.query_one("#participants", DataTable)
        assert participants.row_count == 2
        await pilot.press("f3")
        await pilot.pause()
        assert current_view(app).query_one("#field-strategy", TextArea).text == "Kommunens digitaliseringsstrategi 2025"


async def test_opening_a_workshop_writes_nothing_and_a_new_phase_is_stored(store: Store) -> None:
    """Step 0 shows the stored phase without writing it back (another laptop's brainstorm would re-read
    every note); choosing another phase stores it."""
    workshop = store.create_workshop(title="Fase")
    store.update_workshop(workshop.id, phase="ide")
    version = store.notes_version(workshop.id)
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        phase = current_view(app).query_one("#field-phase", Select)
        assert phase.value == "ide"
        assert store.notes_version(workshop.id) == version
        phase.value = "implementering"
        await pilot.pause()
        assert store.get_workshop(workshop.id).phase == "implementering"


async def test_every_step_is_reachable_by_single_keys(store: Store) -> None:
    workshop = store.create_workshop(title="Navigation")
    guide = load_guide()
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for i, step in enumerate(guide.steps):
            await pilot.press(f"f{i + 2}")
            await pilot.pause()
            view = current_view(app)
            assert view.step.key == step.key
            assert step.heading in view.query_one(".step-header").render().plain
            assert step.prompts[0] in view.query_one(".step-header").render().plain
            assert app.sub_title == step.label
        # Next/previous wrap at the ends rather than failing.
        await pilot.press("f2")
        for step in guide.steps[1:]:
            await pilot.press("pagedown")
            await pilot.pause()
            assert current_view(app).step.key == step.key
        await pilot.press("pagedown")
        assert current_view(app).step.key == "trials"
        await pilot.press("pageup")
        await pilot.pause()
        assert current_view(app).step.key == "evaluation"


async def test_step_list_marks_steps_with_content(store: Store) -> None:
    workshop = store.create_workshop(title="Markering")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        steps = app.screen.query_one("#steps", OptionList)
        assert str(steps.get_option_at_index(1).prompt).startswith("○")
        await pilot.press("f3")
        await pilot.pause()
        await type_text(pilot, "Et formål")
        await pilot.press("enter")
        await pilot.pause()
        assert str(steps.get_option_at_index(1).prompt).startswith("●")
        assert str(steps.get_option_at_index(0).prompt).startswith("○")


async def test_changing_step_shows_what_another_laptop_filled_meanwhile(db_path) -> None:
    """The step list's dots are re-read after the new step is painted; they still follow another laptop."""
    store, other = Store(str(db_path)), Store(str(db_path))
    workshop = store.create_workshop(title="To computere")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        steps = app.screen.query_one("#steps", OptionList)
        assert str(steps.get_option_at_index(4).prompt).startswith("○")
        other.add_note(workshop.id, perspective="fagligt", kind="barriere", text="Skrevet på den anden computer")
        other.update_workshop(workshop.id, title="Nyt navn fra den anden computer")
        await pilot.press("f3")
        await pilot.pause()
        assert str(steps.get_option_at_index(4).prompt).startswith("●")
        assert steps.highlighted == 1 and app.title == "Nyt navn fra den anden computer"
    other.close()
    store.close()


async def test_bad_input_shows_danish_message_and_keeps_the_text(store: Store) -> None:
    workshop = store.create_workshop(title="Fejl")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        date = app.screen.query_one("#field-date", Input)
        date.focus()
        await type_text(pilot, "31/2")
        await pilot.press("enter")
        await pilot.pause()
        assert date.value == "31/2" and date.has_class("-invalid")
        assert app.focused is date  # stays for correction
        messages = [n.message for n in app._notifications]
        assert any("findes ikke i kalenderen" in m for m in messages)
        title = app.screen.query_one("#field-title", Input)
        title.focus()
        title.value = "   "
        await pilot.press("enter")
        await pilot.pause()
        assert any("må ikke være tom" in n.message for n in app._notifications)
    assert store.get_workshop(workshop.id).title == "Fejl"
    assert store.get_workshop(workshop.id).date is None


async def test_markup_like_text_is_shown_literally(store: Store) -> None:
    workshop = store.create_workshop(title="[bold]Ikke fed[/] [link=x]")
    store.add_participant(workshop.id, name="[red]Kit[/red]")
    app = DigiWorkshopApp(store)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#workshops", DataTable)
        assert table.get_row_at(0)[0].plain == "[bold]Ikke fed[/] [link=x]"
        await pilot.press("enter")
        await pilot.pause()
        participants = app.screen.query_one("#participants", DataTable)
        assert participants.get_row_at(0)[0].plain == "[red]Kit[/red]"


async def test_participants_edit_and_remove_from_the_keyboard(store: Store) -> None:
    workshop = store.create_workshop(title="Deltagere")
    store.add_participant(workshop.id, name="Kit", role="Leder")
    store.add_participant(workshop.id, name="Michael")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#participants", DataTable)
        table.focus()
        await pilot.press("down", "enter")  # edit Michael
        await pilot.pause()
        await pilot.press("enter")  # keep the name
        await type_text(pilot, "IT")
        await pilot.press("enter")
        await type_text(pilot, "Digitalisering")
        await pilot.press("enter")
        await pilot.pause()
        assert [(p.name, p.role, p.unit) for p in store.list_participants(workshop.id)] == [
            ("Kit", "Leder", ""), ("Michael", "IT", "Digitalisering")]
        table.focus()
        await pilot.press("up", "delete")
        await pilot.pause()
        await pilot.press("n")  # the confirmation: no
        await pilot.pause()
        assert len(store.list_participants(workshop.id)) == 2
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert [p.name for p in store.list_participants(workshop.id)] == ["Michael"]
        table.focus()
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Åse")
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()
        assert [p.name for p in store.list_participants(workshop.id)] == ["Michael", "Åse"]


async def test_delete_workshop_asks_first_and_demo_opens(store: Store) -> None:
    store.create_workshop(title="Slet mig")
    app = DigiWorkshopApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert len(store.list_workshops()) == 1
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert store.list_workshops() == []
        assert "ingen workshops" in app.screen.query_one("#empty-hint").render().plain
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")  # the demo has open actions: not reviewing them now
        await pilot.pause()
        assert isinstance(app.screen, WorkshopScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")  # the demo again: the same workshop, not a copy
        await pilot.pause()
    assert len(store.list_workshops()) == 1


async def test_export_from_the_app_writes_a_report_without_blocking(store: Store, tmp_path) -> None:
    workshop = store.create_workshop(title="Eksport")
    store.update_purpose(workshop.id, statement="Formålet")
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    out = tmp_path / "valgt mappe"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        folder = app.screen.query_one("#export-folder", Input)
        folder.value = str(out)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        report = next(out.glob("*-rapport.docx"))
        assert any(str(report) in n.message for n in app._notifications)
    from docx import Document

    assert "Formålet" in "\n".join(p.text for p in Document(report).paragraphs)

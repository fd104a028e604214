"""The store: create, read, update and delete every model on a real SQLite file."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from digiworkshop.domain import MAX_TEXT, InputError
from digiworkshop.store import NotFound, Store


def test_workshop_crud(store: Store) -> None:
    w = store.create_workshop(title="Temadag om Joblog – ærø å")
    assert store.get_workshop(w.id).title == "Temadag om Joblog – ærø å"
    store.update_workshop(w.id, date=dt.date(2026, 11, 24), place="Mødelokale 2", organisation="Jobcenter Ærø",
                          facilitator="Kit", solution="Joblog", phase="implementering")
    again = store.get_workshop(w.id)
    assert (again.date, again.place, again.organisation, again.facilitator, again.solution, again.phase) == (
        dt.date(2026, 11, 24), "Mødelokale 2", "Jobcenter Ærø", "Kit", "Joblog", "implementering")
    [summary] = store.list_workshops()
    assert (summary.id, summary.title, summary.organisation, summary.phase) == (
        w.id, "Temadag om Joblog – ærø å", "Jobcenter Ærø", "implementering")
    store.delete_workshop(w.id)
    assert store.list_workshops() == []
    with pytest.raises(NotFound):
        store.get_workshop(w.id)


def test_participant_crud_keeps_order(store: Store) -> None:
    w = store.create_workshop(title="W")
    a = store.add_participant(w.id, name="Kit", role="Leder", unit="Afdeling A")
    b = store.add_participant(w.id, name="Michael", role="Medarbejder")
    assert [p.name for p in store.list_participants(w.id)] == ["Kit", "Michael"]
    store.update_participant(b.id, role="Superbruger", unit="Team Øst")
    assert store.list_participants(w.id)[1].role == "Superbruger"
    store.delete_participant(a.id)
    assert [p.name for p in store.list_participants(w.id)] == ["Michael"]
    assert store.list_workshops()[0].participants == 1
    with pytest.raises(InputError):
        store.add_participant(w.id, name="   ")


def test_purpose_update_and_content_marks(store: Store) -> None:
    w = store.create_workshop(title="W")
    assert store.steps_with_content(w.id) == set()
    store.update_purpose(w.id, statement="Et klart formål", borgere="Fleksibilitet", no_strategy=True)
    purpose = store.get_purpose(w.id)
    assert (purpose.statement, purpose.borgere, purpose.no_strategy) == ("Et klart formål", "Fleksibilitet", True)
    assert store.steps_with_content(w.id) == {"purpose"}
    store.add_participant(w.id, name="Kit")
    assert store.steps_with_content(w.id) == {"workshop", "purpose"}


def test_every_step_is_marked_once_it_holds_something_and_only_for_its_workshop(store: Store) -> None:
    """The step list's dots: one workshop filled step by step, another left empty beside it."""
    w = store.create_workshop(title="Fuld")
    other = store.create_workshop(title="Tom")
    marks = lambda: store.steps_with_content(w.id)  # noqa: E731
    assert marks() == set()
    store.update_workshop(w.id, place="Mødelokale Øst")
    store.update_purpose(w.id, no_strategy=True)
    assert marks() == {"workshop", "purpose"}
    store.update_working_group(w.id, communication="Nyhedsbrev hver fredag")
    store.add_wish(w.id, text="Hjælp til at logge ind")
    note = store.add_note(w.id, perspective="fagligt", kind="potentiale", text="Mere tid").note
    assert marks() == {"workshop", "purpose", "working_group", "wishes", "brainstorm"}
    store.set_votes(note_id=note.id, votes=2)
    store.add_action(w.id, perspective="fagligt", kind="barriere", subject="For lidt tid")
    store.create_round(w.id, title="Første runde")
    store.create_trial(w.id, title="Joblog på tablet")
    assert marks() == {"workshop", "purpose", "working_group", "wishes", "brainstorm", "systematisation",
                       "action_plan", "evaluation", "trials"}
    assert store.steps_with_content(other.id) == set()
    store.delete_note(note.id)  # a deleted note (and its votes) no longer counts
    assert {"brainstorm", "systematisation"}.isdisjoint(marks())


def test_delete_workshop_cascades_to_children(store: Store, db_path) -> None:
    w = store.create_workshop(title="W")
    store.add_participant(w.id, name="Kit")
    store.update_purpose(w.id, statement="x")
    store.delete_workshop(w.id)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select count(*) from participant").fetchone()[0] == 0
        assert conn.execute("select count(*) from purpose").fetchone()[0] == 0


def test_foreign_keys_hold(db_path, store: Store) -> None:
    store.create_workshop(title="W")
    with pytest.raises(Exception):
        store.add_participant(999, name="Nobody")
    # Raw SQL through the store's own engine also refuses orphans: the pragma is on per connection.
    from sqlalchemy import text

    with pytest.raises(Exception), store.engine.begin() as conn:
        conn.execute(text("insert into participant (workshop_id, position, name, role, unit) values (999,1,'x','','')"))


def test_bad_input_is_refused_with_danish_message_and_nothing_written(store: Store) -> None:
    w = store.create_workshop(title="W")
    with pytest.raises(InputError) as err:
        store.update_workshop(w.id, place="a\x00b")
    assert "ugyldigt tegn" in err.value.danish
    with pytest.raises(InputError) as err:
        store.update_purpose(w.id, statement="x" * (MAX_TEXT + 1))
    assert "for lang" in err.value.danish
    with pytest.raises(InputError):
        store.update_workshop(w.id, title="  ")
    assert store.get_workshop(w.id).place == ""
    assert store.get_purpose(w.id).statement == ""


def test_odd_text_is_stored_exactly(store: Store) -> None:
    text = "[bold]ikke fed[/] \x07 שלום 👩‍👩‍👧 e\u0301 " + "lang " * 2000
    w = store.create_workshop(title="W")
    store.update_purpose(w.id, statement=text)
    assert store.get_purpose(w.id).statement == text


def test_unknown_ids_raise_not_found(store: Store) -> None:
    for call in (lambda: store.update_workshop(42, place="x"), lambda: store.delete_workshop(42),
                 lambda: store.update_participant(42, name="x"), lambda: store.delete_participant(42),
                 lambda: store.get_purpose(42), lambda: store.update_purpose(42, fit="x")):
        with pytest.raises(NotFound):
            call()


def test_database_file_is_private(db_path, store: Store) -> None:
    assert db_path.stat().st_mode & 0o777 == 0o600


@pytest.mark.sqlite_only
def test_sqlite_is_durable(store: Store) -> None:
    from sqlalchemy import text

    with store.engine.connect() as conn:
        assert conn.execute(text("pragma journal_mode")).scalar() == "wal"
        assert conn.execute(text("pragma synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("pragma foreign_keys")).scalar() == 1

"""Store reads and writes of steps 2 (working group) and 3 (wishes, experiences), undo, and the
JSON round trip of both steps, on a real SQLite file."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from digiworkshop.domain import InputError
from digiworkshop.exchange import dumps, import_document, workshop_document
from digiworkshop.store import NotFound, Store
from digiworkshop.rules.wishes import by_topic, cycle, uncovered_topics


# --- step 2 -----------------------------------------------------------------------------------


def test_members_link_participants_by_name_and_take_their_role(store: Store) -> None:
    w = store.create_workshop(title="Gruppe")
    michael = store.add_participant(w.id, name="Michael Sørensen", role="Medarbejder")
    member = store.add_group_member(w.id, name="michael  sørensen")
    assert (member.participant_id, member.role) == (michael.id, "Medarbejder")
    other = store.add_group_member(w.id, name="Åse", role="Borger", archetype="analog",
                                   advantage="Brugerens blik", contribution="Afprøver")
    assert other.participant_id is None
    store.update_group_member(other.id, name="Michael Sørensen")
    assert store.get_group_member(other.id).participant_id == michael.id
    store.update_group_member(other.id, name="Åse Ø", archetype="")
    moved = store.get_group_member(other.id)
    assert (moved.participant_id, moved.archetype, moved.advantage) == (None, "", "Brugerens blik")
    assert [m.name for m in store.list_group_members(w.id)] == ["michael  sørensen", "Åse Ø"]
    assert "working_group" in store.steps_with_content(w.id)


def test_member_input_is_checked_and_nothing_is_half_written(store: Store) -> None:
    w = store.create_workshop(title="Gruppe")
    with pytest.raises(InputError, match="Navn"):
        store.add_group_member(w.id, name="   ")
    with pytest.raises(InputError, match="archetype"):
        store.add_group_member(w.id, name="Kit", archetype="optimist")
    member = store.add_group_member(w.id, name="Kit", role="Leder")
    with pytest.raises(InputError, match="too long"):
        store.update_group_member(member.id, role="Leder", advantage="x" * 30_000)
    assert (store.get_group_member(member.id).role, store.get_group_member(member.id).advantage) == ("Leder", "")
    with pytest.raises(NotFound):
        store.update_group_member(999, role="IT")
    assert "working_group" in store.steps_with_content(w.id)


def test_removed_member_comes_back_with_undo_even_after_a_restart(store: Store, db_path) -> None:
    w = store.create_workshop(title="Gruppe")
    p = store.add_participant(w.id, name="Lone", role="Medarbejder")
    store.add_group_member(w.id, name="Kit", role="Leder")
    lone = store.add_group_member(w.id, name="Lone", archetype="analog", contribution="Tester oplæringen")
    store.delete_group_member(lone.id)
    assert [m.name for m in store.list_group_members(w.id)] == ["Kit"]
    assert store.last_working_group_undo(w.id) == "Fjernet fra arbejdsgruppen: Lone"
    reopened = Store(str(db_path))
    description, member_id = reopened.undo_working_group(w.id)
    assert description == "Fjernet fra arbejdsgruppen: Lone"
    back = reopened.get_group_member(member_id)
    assert (back.name, back.role, back.archetype, back.contribution, back.participant_id, back.position) == (
        "Lone", "Medarbejder", "analog", "Tester oplæringen", p.id, 2)
    assert [m.name for m in reopened.list_group_members(w.id)] == ["Kit", "Lone"]
    assert reopened.undo_working_group(w.id) is None
    reopened.close()


def test_members_are_reordered_and_unknown_ones_are_said_in_danish(store: Store) -> None:
    w = store.create_workshop(title="Gruppe")
    a, b, c = (store.add_group_member(w.id, name=n) for n in ("A", "B", "C"))
    assert store.move_group_member(c.id, -1) and not store.move_group_member(a.id, -1)
    assert [m.name for m in store.list_group_members(w.id)] == ["A", "C", "B"]
    assert not store.move_group_member(b.id, 1)
    with pytest.raises(NotFound) as err:
        store.update_group_member(999, role="IT")
    assert err.value.danish == "Medlemmet findes ikke længere (nr. 999)."
    with pytest.raises(NotFound) as err:
        store.delete_wish(999)
    assert err.value.danish.startswith("Ønsket findes ikke")


def test_task_and_communication(store: Store) -> None:
    w = store.create_workshop(title="Gruppe")
    assert store.get_working_group(w.id).task == ""
    assert "working_group" not in store.steps_with_content(w.id)
    store.update_working_group(w.id, task="Rammer: …\nTidsplan: uge 12", communication="Nyhedsmail")
    group = store.get_working_group(w.id)
    assert (group.task, group.communication) == ("Rammer: …\nTidsplan: uge 12", "Nyhedsmail")
    assert "working_group" in store.steps_with_content(w.id)
    with pytest.raises(NotFound):
        store.get_working_group(999)


# --- step 3 -----------------------------------------------------------------------------------


def test_wishes_are_grouped_by_topic_then_kind_and_deleted_ones_are_hidden(store: Store) -> None:
    w = store.create_workshop(title="Ønsker")
    a = store.add_wish(w.id, text="Skal virke på mobil", kind="krav", category="brugervenlighed", topic="anvendelse")
    b = store.add_wish(w.id, text="Alle ledige", kind="krav", topic="maalgrupper")
    c = store.add_wish(w.id, text="Også på engelsk", kind="onske", category="brugervenlighed", topic="maalgrupper")
    assert [x.id for x in store.list_wishes(w.id)] == [c.id, b.id, a.id]
    assert store.last_wish(w.id).id == c.id
    store.delete_wish(b.id)
    assert [x.id for x in store.list_wishes(w.id)] == [c.id, a.id]
    assert store.get_wish(b.id).deleted_at is not None
    assert "wishes" in store.steps_with_content(w.id)
    store.delete_wish(a.id)
    store.delete_wish(c.id)
    assert "wishes" not in store.steps_with_content(w.id)


def test_wish_input_is_checked(store: Store) -> None:
    w = store.create_workshop(title="Ønsker")
    for bad in ({"text": "  "}, {"text": "x", "kind": "maaske"}, {"text": "x", "topic": "pris"},
                {"text": "x", "category": "juridisk"}, {"text": "a\x00b"}):
        with pytest.raises(InputError):
            store.add_wish(w.id, **bad)
    assert store.list_wishes(w.id) == [] and store.last_wishes_undo(w.id) is None


def test_move_within_topic_and_kind_and_undo_every_change(store: Store, db_path) -> None:
    w = store.create_workshop(title="Ønsker")
    one = store.add_wish(w.id, text="Et", kind="krav", topic="integration")
    other_topic = store.add_wish(w.id, text="Andet emne", kind="krav", topic="indhold")
    two = store.add_wish(w.id, text="To", kind="krav", topic="integration")
    three = store.add_wish(w.id, text="Tre", kind="krav", topic="integration")
    wish = store.add_wish(w.id, text="Ønske", kind="onske", topic="integration")
    texts = lambda s=store: [x.text for x in s.list_wishes(w.id)]  # noqa: E731
    assert texts() == ["Ønske", "Et", "To", "Tre", "Andet emne"]
    assert store.move_wish(three.id, -1) and store.move_wish(three.id, -1)
    assert texts() == ["Ønske", "Tre", "Et", "To", "Andet emne"]
    assert not store.move_wish(three.id, -1)  # first among the krav of its topic: nothing happens
    assert not store.move_wish(wish.id, 1)  # the only ønske: it does not jump into the krav
    assert store.get_wish(other_topic.id).position == other_topic.position
    store.update_wish(one.id, text="Et (rettet)", category="teknisk")
    store.update_wish(two.id, topic="indhold")
    store.delete_wish(wish.id)
    assert texts() == ["Tre", "Et (rettet)", "Andet emne", "To"]
    store.update_wish(other_topic.id, kind="onske")  # a new kind: first among the ønsker (the only one)
    store.update_wish(other_topic.id, kind="krav")  # back: last among the krav of Indhold now
    assert texts() == ["Tre", "Et (rettet)", "To", "Andet emne"]

    reopened = Store(str(db_path))  # the undo stack survives a restart
    undone = [reopened.undo_wishes(w.id)[0] for _ in range(7)]
    assert undone == ["Rettet: Andet emne", "Rettet: Andet emne", "Slettet: Ønske", "Rettet: To",
                      "Rettet: Et (rettet)", "Flyttet: Tre", "Flyttet: Tre"]
    assert texts(reopened) == ["Ønske", "Et", "To", "Tre", "Andet emne"]
    assert reopened.get_wish(one.id).category == "faglig"
    description, shown = reopened.undo_wishes(w.id)  # undoing an add hides the wish again
    assert (description, shown) == ("Tilføjet: Ønske", None)
    assert texts(reopened) == ["Et", "To", "Tre", "Andet emne"]
    reopened.close()


def test_undo_keeps_at_least_the_last_twenty_changes(store: Store) -> None:
    w = store.create_workshop(title="Ønsker")
    wishes = [store.add_wish(w.id, text=f"Ønske {i}") for i in range(30)]
    for wish in wishes:
        store.update_wish(wish.id, text=wish.text + " ændret")
    for wish in wishes:
        store.delete_wish(wish.id)
    assert store.list_wishes(w.id) == []
    for _ in range(60):
        assert store.undo_wishes(w.id) is not None
    assert [x.text for x in store.list_wishes(w.id)] == [f"Ønske {i}" for i in range(30)]


def test_experiences(store: Store) -> None:
    w = store.create_workshop(title="Erfaringer")
    e = store.add_experience(w.id, municipality="Fjordby Kommune", contact="Birgitte", solution="Joblog",
                             learned="Superbrugere i hvert team")
    store.add_experience(w.id, municipality="Ådal Kommune")
    assert "wishes" in store.steps_with_content(w.id)
    store.update_experience(e.id, learned="Superbrugere i hvert team.\nFaste opfølgninger.")
    assert [(x.municipality, x.learned) for x in store.list_experiences(w.id)] == [
        ("Fjordby Kommune", "Superbrugere i hvert team.\nFaste opfølgninger."), ("Ådal Kommune", "")]
    with pytest.raises(InputError, match="must not be empty"):
        store.update_experience(e.id, municipality=" ")
    store.delete_experience(e.id)
    assert [x.municipality for x in store.list_experiences(w.id)] == ["Ådal Kommune"]


# --- pure layout ------------------------------------------------------------------------------


def test_by_topic_lists_every_topic_and_marks_the_uncovered() -> None:
    wish = lambda topic, kind, position: SimpleNamespace(topic=topic, kind=kind, position=position)  # noqa: E731
    wishes = [wish("indhold", "krav", 1), wish("maalgrupper", "krav", 2), wish("indhold", "onske", 3)]
    groups = by_topic(wishes)
    assert [topic for topic, _ in groups] == [
        "maalgrupper", "integration", "anvendelse", "indhold", "onboarding", "omkostninger"]
    assert [w.kind for w in dict(groups)["indhold"]] == ["onske", "krav"]
    assert uncovered_topics(wishes) == ["integration", "anvendelse", "onboarding", "omkostninger"]
    assert cycle("onske", ("onske", "krav")) == "krav" and cycle("krav", ("onske", "krav")) == "onske"
    assert cycle("maalgrupper", ("maalgrupper", "integration", "x"), -1) == "x"
    assert cycle("ukendt", ("a", "b")) == "a"


# --- JSON round trip --------------------------------------------------------------------------


def test_steps_2_and_3_round_trip_through_json(store: Store, tmp_path) -> None:
    w = store.create_workshop(title="Rundtur")
    store.add_participant(w.id, name="Jens Østergaard", role="Medarbejder")
    store.add_group_member(w.id, name="Jens Østergaard", archetype="skeptiker", advantage="Kritiske spørgsmål",
                           contribution="Fokus på relationen")
    store.add_group_member(w.id, name="[b]Borger[/b]", role="Borger", archetype="analog")
    store.update_working_group(w.id, task="Rammer og tidsplan\nlinje 2", communication="Teammøder 🙂")
    keep = store.add_wish(w.id, text="Login med MitID", kind="onske", category="teknisk", topic="integration")
    gone = store.add_wish(w.id, text="Slettet ønske", kind="krav", topic="indhold")
    store.delete_wish(gone.id)
    store.add_experience(w.id, municipality="Ådal Kommune", contact="Karsten", solution="Platform",
                         learned="Aftal integrationen i kontrakten")
    first = dumps(workshop_document(store, w.id))
    document = json.loads(first)
    assert document["group_members"][0]["participant_ref"] == 1
    assert [x["text"] for x in document["wishes"]] == ["Login med MitID", "Slettet ønske"]
    assert document["wishes"][1]["deleted_at"]  # the soft-deleted wish travels as deleted

    other = Store(str(tmp_path / "other.db"))
    imported = import_document(other, document)
    assert dumps(workshop_document(other, imported.id)) == first
    members = other.list_group_members(imported.id)
    assert [(m.name, m.archetype) for m in members] == [("Jens Østergaard", "skeptiker"), ("[b]Borger[/b]", "analog")]
    assert members[0].participant_id == other.list_participants(imported.id)[0].id
    assert other.get_working_group(imported.id).communication == "Teammøder 🙂"
    assert [(x.text, x.kind, x.category, x.topic) for x in other.list_wishes(imported.id)] == [
        (keep.text, "onske", "teknisk", "integration")]
    assert [x.learned for x in other.list_experiences(imported.id)] == ["Aftal integrationen i kontrakten"]
    other.close()

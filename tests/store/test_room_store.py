"""Phones in the store: the room's door, notes and answers from phones (straight in, queued, hidden),
retries that never duplicate, taking a text back, and dot votes with a budget. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from digiworkshop.domain import InputError
from digiworkshop.store import NotFound, Store
from digiworkshop.store.room import PHONE_TEXT_MAX


def _room(store: Store, **choices: bool) -> int:
    wid = store.create_workshop(title="Temadag om Joblog").id
    store.open_room(wid)
    if choices:
        store.update_room(wid, **choices)
    return wid


def test_the_room_keeps_its_token_and_code_and_they_find_only_it(store: Store) -> None:
    wid = _room(store)
    other = _room(store)
    room = store.open_room(wid)
    assert store.open_room(wid).token == room.token  # turned on again (or after a restart): same door
    assert len(room.token) >= 24 and room.code.isdigit() and len(room.code) == 6
    assert store.room_by_token(room.token).workshop_id == wid
    assert store.room_by_code(f"{room.code[:3]} {room.code[3:]}").workshop_id == wid
    assert store.room_by_token(room.token[:-1] + ("A" if room.token[-1] != "A" else "B")) is None
    assert store.room_by_token("") is None and store.room_by_code("12") is None
    assert store.open_room(other).code != room.code
    renewed = store.renew_room(wid)
    assert renewed.token != room.token and store.room_by_token(room.token) is None


def test_a_phone_note_goes_straight_into_its_cell_and_a_retry_stores_nothing_more(store: Store) -> None:
    wid = _room(store)
    kit = store.add_participant(wid, name="Kit Åberg")
    text = "Borgerne mangler NemID 🙈 <script>alert(1)</script>"
    sent = store.phone_note(wid, phone="p1", key="k1", perspective="personligt", kind="barriere", text=text,
                            name="kit åberg")
    again = store.phone_note(wid, phone="p1", key="k1", perspective="personligt", kind="barriere", text=text)
    assert again == sent and sent.status == "stored" and sent.shown and not sent.can_withdraw
    notes = store.list_notes(wid)
    assert [(n.perspective, n.kind, n.text, n.participant_id, n.hidden) for n in notes] == [
        ("personligt", "barriere", text, kit.id, False)]
    # The same key from another phone is another note.
    store.phone_note(wid, phone="p2", key="k1", perspective="fagligt", kind="potentiale", text="Mere tid")
    assert len(store.list_notes(wid)) == 2
    # A phone's note is not the facilitator's last act: Ctrl+Z must not take it away.
    assert store.undo(wid) is None


def test_hidden_notes_can_be_taken_back_until_revealed(store: Store) -> None:
    wid = _room(store, hide=True)
    first = store.phone_note(wid, phone="p1", key="a", perspective="fagligt", kind="barriere", text="For lidt tid")
    second = store.phone_note(wid, phone="p1", key="b", perspective="fagligt", kind="barriere", text="Usikker på IT")
    assert first.status == "stored" and not first.shown and first.can_withdraw
    assert [n.hidden for n in store.list_notes(wid)] == [True, True] and store.hidden_count(wid) == 2
    taken = store.withdraw_phone_post(wid, "p1", first.id)
    assert taken.status == "withdrawn" and [n.text for n in store.list_notes(wid)] == ["Usikker på IT"]
    with pytest.raises(NotFound):
        store.withdraw_phone_post(wid, "someone-else", second.id)
    assert store.reveal(wid) == 1 and store.hidden_count(wid) == 0
    assert [p.shown for p in store.phone_posts(wid, "p1")] == [False, True]
    with pytest.raises(InputError):
        store.withdraw_phone_post(wid, "p1", second.id)


def test_queued_texts_wait_for_the_facilitator(store: Store) -> None:
    wid = _room(store, queue=True)
    rnd = store.create_round(wid, date=dt.date(2026, 12, 1), title="Runde 1")
    note = store.phone_note(wid, phone="p1", key="a", perspective="organisatorisk", kind="potentiale",
                            text="Ledelsen bakker op")
    answer = store.phone_answer(wid, phone="p1", key="b", round_id=rnd.id, question="gik_godt",
                                text="God stemning")
    dropped = store.phone_note(wid, phone="p2", key="a", perspective="fagligt", kind="barriere", text="spam")
    assert store.list_notes(wid) == [] and store.list_entries(rnd.id) == []
    assert [p.text for p in store.queued_posts(wid)] == ["Ledelsen bakker op", "God stemning", "spam"]
    assert note.status == "queued" and note.can_withdraw
    store.accept_post(note.id, text="Ledelsen bakker tydeligt op", perspective="fagligt")
    store.accept_post(answer.id)
    store.drop_post(dropped.id)
    assert [(n.perspective, n.text, n.hidden) for n in store.list_notes(wid)] == [
        ("fagligt", "Ledelsen bakker tydeligt op", False)]
    assert [(e.question, e.text) for e in store.list_entries(rnd.id)] == [("gik_godt", "God stemning")]
    assert store.queued_posts(wid) == []
    assert [p.status for p in store.phone_posts(wid, "p2")] == ["dropped"]
    with pytest.raises(InputError):
        store.accept_post(dropped.id)
    assert store.undo(wid) is not None and store.list_notes(wid) == []  # the facilitator's take-in is undoable


def test_phone_texts_are_checked(store: Store) -> None:
    wid = _room(store)
    other = _room(store)
    foreign_round = store.create_round(other, title="Andet")
    ok = {"phone": "p1", "perspective": "fagligt", "kind": "barriere"}
    with pytest.raises(InputError):
        store.phone_note(wid, key="a", text="x" * (PHONE_TEXT_MAX + 1), **ok)
    with pytest.raises(InputError):
        store.phone_note(wid, key="b", text="   ", **ok)
    with pytest.raises(InputError):
        store.phone_note(wid, key="c", text="nul\x00", **ok)
    with pytest.raises(InputError):
        store.phone_note(wid, phone="p1", key="d", perspective="fagligt", kind="alt", text="x")
    with pytest.raises(InputError):
        store.phone_note(wid, key="", text="x", **ok)
    with pytest.raises(NotFound):
        store.phone_answer(wid, phone="p1", key="e", round_id=foreign_round.id, question="gik_godt", text="x")
    closed = store.create_workshop(title="Uden telefoner").id
    with pytest.raises(NotFound):
        store.phone_note(closed, key="f", text="x", **ok)
    assert store.list_notes(wid) == [] and store.phone_posts(wid, "p1") == []


def test_dot_votes_from_phones_count_on_the_board_within_the_budget(store: Store) -> None:
    wid = _room(store)
    store.set_votes_per_participant(wid, 2)
    note = store.add_note(wid, perspective="fagligt", kind="barriere", text="Tid").note
    theme = store.create_theme(wid, name="Kompetencer", note_ids=[
        store.add_note(wid, perspective="fagligt", kind="barriere", text="IT-kompetencer").note.id])
    assert store.phone_vote(wid, phone="p1", key="v1", note_id=note.id) == 1
    assert store.phone_vote(wid, phone="p1", key="v1", note_id=note.id) == 1  # a retry spends nothing
    assert store.phone_vote(wid, phone="p1", key="v2", theme_id=theme.id) == 0
    with pytest.raises(InputError):
        store.phone_vote(wid, phone="p1", key="v3", note_id=note.id)
    assert store.phone_vote(wid, phone="p2", key="v1", note_id=note.id) == 1
    assert store.get_note(note.id).votes == 2
    assert {t.id: t.votes for t in store.list_themes(wid)} == {theme.id: 1}
    assert store.phone_votes(wid, "p1") == {("note", note.id): 1, ("theme", theme.id): 1}
    assert store.phone_unvote(wid, phone="p1", note_id=note.id) == 1
    assert store.get_note(note.id).votes == 1
    other = _room(store)
    foreign = store.add_note(other, perspective="fagligt", kind="barriere", text="Andet").note
    with pytest.raises(NotFound):
        store.phone_vote(wid, phone="p1", key="v4", note_id=foreign.id)

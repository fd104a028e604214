"""Step 4 in the store and its pure rules: notes with undo, themes, merges, votes, the action plan."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from digiworkshop.rules.action_plan import follow_up_order
from digiworkshop.rules.brainstorm import CELL_PREFIXES, read_capture
from digiworkshop.rules.systematisation import note_cells, rank
from digiworkshop.domain import InputError
from digiworkshop.exchange import dumps, import_document, workshop_document
from digiworkshop.store import Store


def _workshop(store: Store) -> int:
    return store.create_workshop(title="Temadag").id


def test_notes_are_stored_edited_moved_deleted_and_undone_across_a_restart(store: Store, db_path) -> None:
    wid = _workshop(store)
    mette = store.add_participant(wid, name="Mette Ølgaard")
    first = store.add_note(wid, perspective="fagligt", kind="barriere", text="Frygt for mere dokumentation",
                           participant_id=mette.id).note
    second = store.add_note(wid, perspective="organisatorisk", kind="potentiale", text="Ledelsen bakker op").note
    store.update_note(first.id, text="Frygt for mere skriftlighed")
    store.update_note(second.id, perspective="personligt", kind="barriere")
    store.delete_note(first.id)
    assert [n.text for n in store.list_notes(wid)] == ["Ledelsen bakker op"]
    store.close()

    reopened = Store(str(db_path))
    history = [e.description for e in reopened.undo_history(wid)]
    assert history[0].startswith("Slettet: Frygt for mere skriftlighed")
    assert reopened.undo(wid).startswith("Slettet")
    assert reopened.undo(wid).startswith("Flyttet til Personligt/individuelt · Barrierer")
    assert reopened.undo(wid).startswith("Rettet")
    notes = {n.text: n for n in reopened.list_notes(wid)}
    assert set(notes) == {"Frygt for mere dokumentation", "Ledelsen bakker op"}
    assert (notes["Ledelsen bakker op"].perspective, notes["Ledelsen bakker op"].kind) == ("organisatorisk", "potentiale")
    assert notes["Frygt for mere dokumentation"].participant_id == mette.id
    assert reopened.undo(wid).startswith("Tilføjet")
    assert reopened.undo(wid).startswith("Tilføjet")
    assert reopened.list_notes(wid) == [] and reopened.undo(wid) is None
    reopened.close()


def test_the_grid_reads_the_same_notes_as_the_full_list(store: Store) -> None:
    wid = _workshop(store)
    mette = store.add_participant(wid, name="Mette Ølgaard")
    kept = store.add_note(wid, perspective="fagligt", kind="barriere", text="Frygt for dokumentation",
                          participant_id=mette.id).note
    merged = store.add_note(wid, perspective="fagligt", kind="barriere", text="Mere skriveri").note
    deleted = store.add_note(wid, perspective="organisatorisk", kind="potentiale", text="Væk igen").note
    store.add_note(wid, perspective="personligt", kind="potentiale", text="Tryghed")
    store.merge_notes(kept.id, merged.id)
    store.delete_note(deleted.id)
    full = [(n.id, n.perspective, n.kind, n.text, n.participant_id, n.hidden)
            for n in store.list_notes(wid)]
    assert [tuple(line) for line in store.list_note_lines(wid)] == full
    assert [line.text for line in store.list_note_lines(wid)] == ["Frygt for dokumentation", "Tryghed"]


def test_at_least_twenty_changes_can_be_undone(store: Store) -> None:
    wid = _workshop(store)
    notes = [store.add_note(wid, perspective="fagligt", kind="potentiale", text=f"Note {i}").note for i in range(12)]
    for note in notes:
        store.update_note(note.id, text=note.text + " (rettet)")
    for _ in range(24):
        assert store.undo(wid) is not None
    assert store.list_notes(wid) == []


def test_bad_notes_are_refused_in_danish_and_nothing_is_written(store: Store) -> None:
    wid = _workshop(store)
    for text in ("", "   ", "x" * 20_001, "nul\x00tegn"):
        with pytest.raises(InputError):
            store.add_note(wid, perspective="fagligt", kind="barriere", text=text)
    assert store.list_notes(wid) == [] and store.undo_history(wid) == []


def test_version_changes_with_every_note_write(store: Store) -> None:
    wid = _workshop(store)
    v0 = store.notes_version(wid)
    write = store.add_note(wid, perspective="fagligt", kind="barriere", text="a")
    assert write.before == v0 and write.after == store.notes_version(wid) != v0
    v1 = store.notes_version(wid)
    store.update_note(write.note.id, text="b")
    assert store.notes_version(wid) != v1


def test_themes_merges_votes_central_and_ranking(store: Store) -> None:
    wid = _workshop(store)
    add = lambda p, k, t: store.add_note(wid, perspective=p, kind=k, text=t).note  # noqa: E731
    a = add("fagligt", "barriere", "For lidt tid til oplæring")
    b = add("fagligt", "barriere", "Ingen tid til at lære systemet")
    c = add("organisatorisk", "barriere", "Uklart formål")
    d = add("fagligt", "potentiale", "Mere tid til borgerne")
    with pytest.raises(InputError):
        store.create_theme(wid, name="Blandet", note_ids=[a.id, d.id])
    theme = store.create_theme(wid, name="Tid", note_ids=[a.id, b.id])
    store.add_to_theme(theme.id, [c.id])
    assert theme.perspective == "fagligt"
    store.rename_theme(theme.id, "Tid og oplæring")
    split = store.create_theme(wid, name="Formål", note_ids=[c.id])  # split c out into its own theme
    assert {n.text: n.theme_id for n in store.list_notes(wid)}["Uklart formål"] == split.id
    store.ungroup_theme(split.id)
    assert [t.name for t in store.list_themes(wid)] == ["Tid og oplæring"]

    store.set_votes(note_id=b.id, votes=2)
    store.set_votes(note_id=a.id, votes=3)
    kept = store.merge_notes(a.id, b.id)
    assert kept.votes == 5
    assert [n.text for n in store.merged_into(a.id)] == ["Ingen tid til at lære systemet"]
    assert "Ingen tid til at lære systemet" not in [n.text for n in store.list_notes(wid)]
    store.set_votes(theme_id=theme.id, votes=1)
    store.set_votes(note_id=d.id, votes=4)
    with pytest.raises(InputError):
        store.set_votes(note_id=d.id, votes=-1)
    ranking = rank(store.list_notes(wid), store.list_themes(wid))
    assert [(r.title, r.votes) for r in ranking] == [
        ("Tid og oplæring", 6), ("Mere tid til borgerne", 4), ("Uklart formål", 0)]

    store.set_central(theme_id=theme.id, central=True)
    store.set_central(note_id=d.id, central=True)
    actions = store.sync_central_actions(wid)
    assert [(x.kind, x.subject) for x in actions] == [("barriere", "Tid og oplæring"), ("potentiale", "Mere tid til borgerne")]
    assert store.sync_central_actions(wid) == actions  # no duplicates
    store.set_central(note_id=d.id, central=False)
    assert [x.subject for x in store.sync_central_actions(wid)] == ["Tid og oplæring"]  # an empty row goes

    assert store.undo(wid).startswith("Lagt sammen")  # the merge can be undone
    assert store.get_note(a.id).votes == 3 and store.get_note(b.id).merged_into_id is None


def test_action_rows_with_danish_deadlines_status_owners_and_follow_up(store: Store) -> None:
    wid = _workshop(store)
    store.add_participant(wid, name="Kit Åberg")
    today = dt.date(2026, 11, 23)
    row = store.add_action(wid, perspective="organisatorisk", kind="barriere", subject="Uklart formål")
    store.update_action(row.id, how="Formidl formålet på personalemødet", owner="Jobcenterchef og arbejdsgruppen",
                        deadline_text="næste fredag", today=today)
    later = store.add_action(wid, perspective="fagligt", kind="potentiale", subject="Mere tid")
    store.update_action(later.id, deadline_text="efter sommerferien", today=today, status="i_gang")
    with pytest.raises(InputError):
        store.update_action(later.id, deadline_text="31/2", today=today)
    old = store.add_action(wid, perspective="fagligt", kind="barriere", subject="Gammel")
    store.update_action(old.id, deadline=dt.date(2026, 11, 1))
    actions = {a.subject: a for a in store.list_actions(wid)}
    assert actions["Uklart formål"].deadline == dt.date(2026, 12, 4)
    assert actions["Uklart formål"].deadline_text == "næste fredag"
    assert (actions["Mere tid"].deadline, actions["Mere tid"].deadline_text) == (None, "efter sommerferien")
    assert actions["Mere tid"].status == "i_gang"
    assert [a.subject for a in store.list_actions(wid)] == ["Gammel", "Uklart formål", "Mere tid"]
    assert [a.subject for a in follow_up_order(store.list_actions(wid), today)] == ["Gammel", "Uklart formål", "Mere tid"]
    assert store.owner_suggestions(wid) == ["Kit Åberg", "Jobcenterchef og arbejdsgruppen"]
    with pytest.raises(InputError):
        store.update_action(row.id, status="glemt")


def test_reading_a_typed_line() -> None:
    people = [(1, "Mette Ølgaard"), (2, "Åse Jensen")]
    assert read_capture("ob: Ledelsen bakker op") == read_capture("OB:Ledelsen bakker op")
    assert read_capture("ob: Ledelsen bakker op").cell == ("organisatorisk", "barriere")
    assert read_capture("@åse Tryg ved forandringer", people).participant_id == 2
    assert read_capture("pp: @ølg Glæder sig", people).participant_id == 1
    assert read_capture("pp: @ølg Glæder sig", people).text == "Glæder sig"
    assert read_capture("Kl. 10: møde").cell is None  # only the six prefixes count
    assert read_capture("tid:15").minutes == 15
    with pytest.raises(InputError):
        read_capture("@ukendt hej", people)
    assert len(CELL_PREFIXES) == 6


def test_brainstorm_round_trips_through_json(store: Store, tmp_path) -> None:
    wid = _workshop(store)
    a = store.add_note(wid, perspective="fagligt", kind="barriere", text="Æ ø å 🙂\nto linjer").note
    b = store.add_note(wid, perspective="fagligt", kind="barriere", text="Dublet").note
    store.merge_notes(b.id, a.id)  # merged into a later note: a self-reference pointing forward
    theme = store.create_theme(wid, name="Tema", note_ids=[b.id])
    store.set_central(theme_id=theme.id, central=True)
    [action] = store.sync_central_actions(wid)
    store.update_action(action.id, owner="Kit", deadline_text="uge 12", today=dt.date(2026, 11, 23))
    first = dumps(workshop_document(store, wid))
    other = Store(str(tmp_path / "other.db"))
    imported = import_document(other, json.loads(first))
    assert dumps(workshop_document(other, imported.id)) == first
    assert [n.text for n in other.merged_into(other.list_notes(imported.id)[0].id)] == ["Æ ø å 🙂\nto linjer"]
    other.close()


def test_a_theme_of_notes_from_several_cells_takes_the_cell_chosen(store: Store) -> None:
    wid = store.create_workshop(title="Felter").id
    fb = store.add_note(wid, perspective="fagligt", kind="barriere", text="For lidt tid").note
    ob = store.add_note(wid, perspective="organisatorisk", kind="barriere", text="Ingen skabeloner").note
    fp = store.add_note(wid, perspective="fagligt", kind="potentiale", text="Forberedelse hjemme").note
    assert note_cells([fb, ob, ob]) == [(("organisatorisk", "barriere"), 2), (("fagligt", "barriere"), 1)]
    assert note_cells([fp, fb])[0] == (("fagligt", "potentiale"), 1)  # a tie: the note chosen first
    theme = store.create_theme(wid, name="Tid", note_ids=[fb.id, ob.id], perspective="organisatorisk",
                               kind="barriere")
    assert (theme.perspective, theme.kind) == ("organisatorisk", "barriere")
    mixed = store.create_theme(wid, name="Forberedelse", note_ids=[fp.id, fb.id], perspective="fagligt",
                               kind="potentiale")
    assert (mixed.perspective, mixed.kind) == ("fagligt", "potentiale")
    assert {n.id for n in store.list_notes(wid) if n.theme_id == mixed.id} == {fp.id, fb.id}
    for bad in ({"perspective": "fagligt", "kind": "ukendt"}, {"perspective": "ukendt", "kind": "barriere"}):
        with pytest.raises(InputError):
            store.create_theme(wid, name="Forkert", note_ids=[ob.id], **bad)
    with pytest.raises(InputError):  # without a chosen kind, potentials and barriers still do not mix
        store.create_theme(wid, name="Blandet", note_ids=[fp.id, ob.id])


def test_note_lines_since_tells_added_notes_from_any_other_change(store: Store) -> None:
    # The grid appends what is new only while the notes it shows are unchanged; every other change must
    # show in `before` so the grid re-reads them all.
    w = store.create_workshop(title="Siden sidst")
    first = store.add_note(w.id, perspective="fagligt", kind="potentiale", text="Første").note
    shown = store.note_lines_since(w.id, 0)
    assert [line.text for line in shown.lines] == ["Første"] and shown.last_id == first.id

    store.add_note(w.id, perspective="organisatorisk", kind="barriere", text="Anden")
    store.open_room(w.id)
    store.phone_note(w.id, phone="p1", key="k1", perspective="fagligt", kind="barriere", text="Fra telefonen")
    added = store.note_lines_since(w.id, shown.last_id)
    assert added.before == shown.now  # only added: the grid appends these two
    assert [line.text for line in added.lines] == ["Anden", "Fra telefonen"]

    def changed(change) -> bool:  # noqa: ANN001
        read = store.note_lines_since(w.id, 0)
        change()
        return store.note_lines_since(w.id, read.last_id).before != read.now

    assert changed(lambda: store.update_note(first.id, text="Første, rettet"))
    assert changed(lambda: store.update_note(first.id, perspective="personligt"))
    assert changed(lambda: store.delete_note(first.id))
    assert changed(lambda: store.undo(w.id))  # the deletion undone
    store.update_room(w.id, hide=True)
    store.phone_note(w.id, phone="p1", key="k2", perspective="fagligt", kind="barriere", text="Skjult")
    assert changed(lambda: store.reveal(w.id))
    assert not changed(lambda: None)

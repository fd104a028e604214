"""Making a theme is undone with the brainstorm's Ctrl+Z like a merge: the notes go back where they were,
and a theme a split emptied comes back with its name, marks and id (SQLite and PostgreSQL)."""

from __future__ import annotations

from digiworkshop.store import Store


def test_undo_of_a_new_theme_puts_the_notes_back(store: Store) -> None:
    workshop = store.create_workshop(title="Tema")
    ids = [store.add_note(workshop.id, perspective="fagligt", kind="barriere", text=t).note.id
           for t in ("Uklart formål", "Hvorfor skal vi?", "For lidt tid")]
    theme = store.create_theme(workshop.id, name="Formål", note_ids=ids[:2])
    assert store.undo(workshop.id) == "Tema oprettet: Formål"
    assert store.list_themes(workshop.id) == []
    assert all(n.theme_id is None for n in store.list_notes(workshop.id))
    assert theme.id is not None


def test_undo_of_a_split_brings_the_emptied_theme_back(store: Store) -> None:
    workshop = store.create_workshop(title="Deling")
    ids = [store.add_note(workshop.id, perspective="fagligt", kind="barriere", text=t).note.id
           for t in ("Uklart formål", "Hvorfor skal vi?")]
    old = store.create_theme(workshop.id, name="Formål", note_ids=ids)
    store.set_votes(theme_id=old.id, votes=3)
    store.create_theme(workshop.id, name="Hvorfor", note_ids=ids)  # every note moved: "Formål" is gone
    assert [t.name for t in store.list_themes(workshop.id)] == ["Hvorfor"]
    store.undo(workshop.id)
    [back] = store.list_themes(workshop.id)
    assert (back.id, back.name, back.votes) == (old.id, "Formål", 3)
    assert {n.theme_id for n in store.list_notes(workshop.id)} == {old.id}

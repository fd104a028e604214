"""JSON export and import: a lossless round trip, and clear refusals of bad files."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from digiworkshop.exchange import ExchangeError, dumps, import_document, read_file, workshop_document
from digiworkshop.store import Store


def _filled(store: Store) -> int:
    w = store.create_workshop(title="Temadag: Joblog – æøå ÆØÅ")
    store.update_workshop(w.id, date=dt.date(2026, 9, 15), place="Store mødesal\nBygning 2", organisation="Jobcenter Øst",
                          facilitator="Kit", solution="Joblog", phase="implementering")
    store.add_participant(w.id, name="Michael Sørensen", role="Medarbejder", unit="Team Ledige")
    store.add_participant(w.id, name="Åse", role="Borger", unit="")
    store.update_purpose(w.id, statement="Linje 1\nLinje 2 🙂", fit="Passer med strategien", borgere="b",
                         medarbejdere="m", ledelse="l", politikere="p", strategy="Digitaliseringsstrategi 2025",
                         no_strategy=False)
    return w.id


def test_export_import_export_is_identical(store: Store, tmp_path) -> None:
    first = dumps(workshop_document(store, _filled(store)))
    other = Store(str(tmp_path / "other.db"))
    path = tmp_path / "w.json"
    path.write_text(first, encoding="utf-8")
    imported = import_document(other, json.loads(path.read_text(encoding="utf-8")))
    second = dumps(workshop_document(other, imported.id))
    assert second == first
    assert "Linje 1\\nLinje 2 🙂" in first and "æøå ÆØÅ" in first  # Danish letters written as themselves


def test_import_refuses_a_duplicate_without_writing(store: Store) -> None:
    wid = _filled(store)
    document = workshop_document(store, wid)
    document["workshop"]["title"] = "Changed"
    from digiworkshop.domain import InputError

    with pytest.raises(InputError):
        import_document(store, document)
    assert [w.title for w in store.list_workshops()] == ["Temadag: Joblog – æøå ÆØÅ"]
    replaced = import_document(store, document, replace=True)
    assert [w.title for w in store.list_workshops()] == ["Changed"]
    assert len(store.list_participants(replaced.id)) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "other"}', "not a digiworkshop export"),
        ('{"format": "digiworkshop", "version": 99}', "newer"),
        ('{"format": "digiworkshop", "version": 1, "workshop": {"uid": "x"}}', "missing 'title'"),
    ],
)
def test_bad_files_are_refused_clearly(tmp_path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ExchangeError) as err:
        read_file(path)
    assert message in str(err.value)


def test_import_with_bad_participant_writes_nothing(store: Store) -> None:
    document = workshop_document(store, _filled(store))
    store.delete_workshop(store.list_workshops()[0].id)
    document["participants"].append({"ref": 3, "position": 3, "name": "x", "role": "y", "unit": "z"})
    document["notes"].append({"ref": 1, "perspective": "fagligt", "kind": "ukendt", "text": "x"})
    with pytest.raises(ExchangeError, match=r"notes\[0\]\.kind"):
        import_document(store, document)
    assert store.list_workshops() == []


def test_demo_round_trip_covers_every_table(store: Store, tmp_path) -> None:
    from digiworkshop.demo import load_demo
    from digiworkshop.exchange import SECTIONS

    first = workshop_document(store, load_demo(store).id)
    for section in ("participants", "group_members", "wishes", "experiences", "notes", "actions", "trials",
                    "trial_cycles", "trial_answers", "evaluation_rounds", "evaluation_entries"):
        assert first[section], section
    assert set(SECTIONS.values()) <= set(first)
    other = Store(str(tmp_path / "other.db"))
    second = workshop_document(other, import_document(other, json.loads(dumps(first))).id)
    assert dumps(second) == dumps(first)
    # References survive: every action points at the central note it plans for.
    notes = {n["ref"]: n for n in second["notes"]}
    assert all(notes[a["note_ref"]]["central"] for a in second["actions"])

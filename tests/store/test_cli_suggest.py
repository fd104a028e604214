"""`digiworkshop suggest ID [--json] [--across]`: step 4b's suggested themes and duplicates on the
command line, run as a user runs it (a real subprocess on a real SQLite file)."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import cli_env

from digiworkshop.store import Store


def run(db, *args: str):  # noqa: ANN201
    return subprocess.run([sys.executable, "-m", "digiworkshop", *args], capture_output=True, text=True,
                          env=cli_env(db), encoding="utf-8")


def _workshop(db) -> tuple[int, dict[str, int]]:
    store = Store(str(db))
    workshop = store.create_workshop(title="Joblog")
    ids = {}
    for perspective, kind, text in [
        ("fagligt", "barriere", "Formålet er uklart"),
        ("fagligt", "barriere", "formaalet er uklart"),
        ("fagligt", "barriere", "Uklart formål!"),
        ("fagligt", "barriere", "Mangler kompetencer"),
        ("fagligt", "barriere", "manglende kompetencer ift det digitale"),
        ("fagligt", "potentiale", "Formålet er klart"),  # a potential: never grouped with the barriers
        ("organisatorisk", "barriere", "Formålet er ikke beskrevet"),
        ("fagligt", "barriere", "Uklart formål\x1b]0;hacked\x07"),  # a phone's note with an escape sequence
        ("fagligt", "barriere", "formålet er uklart (slettet)"),
    ]:
        ids[text] = store.add_note(workshop.id, perspective=perspective, kind=kind, text=text).note.id
    store.delete_note(ids["formålet er uklart (slettet)"])
    return workshop.id, ids


def test_suggest_prints_the_groups_with_names_ids_and_texts(tmp_path) -> None:
    db = tmp_path / "suggest.db"
    workshop_id, ids = _workshop(db)
    result = run(db, "suggest", str(workshop_id))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "fagligt / barriere" in out
    assert "duplicates (merge into" in out and "Formål" in out and "Kompetencer" in out
    for text in ("Formålet er uklart", "formaalet er uklart", "Mangler kompetencer"):
        assert f"{ids[text]:>5}  {text}" in out
    assert "\x1b" not in out and "Uklart formål␛]0;hacked␇" in out  # shown, never obeyed
    assert "slettet" not in out  # a deleted note is no one's duplicate
    assert "Formålet er klart" not in out and "ikke beskrevet" not in out  # other kind / perspective


def test_suggest_json_is_machine_readable_and_keeps_cells_apart_unless_across(tmp_path) -> None:
    db = tmp_path / "suggest.db"
    workshop_id, ids = _workshop(db)
    result = run(db, "suggest", str(workshop_id), "--json")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    groups = json.loads(result.stdout)
    formaal = [g for g in groups if g["kind"] == "duplicate" and g["name"] == "Formål"]
    assert len(formaal) == 1
    [group] = formaal
    assert group["perspective"] == "fagligt" and group["note_kind"] == "barriere"
    assert {n["id"] for n in group["notes"]} >= {ids["Formålet er uklart"], ids["formaalet er uklart"]}
    assert group["keep_id"] in {n["id"] for n in group["notes"]}
    assert "Uklart formål\x1b]0;hacked\x07" in [n["text"] for g in groups for n in g["notes"]]  # exact in JSON
    assert all(g["kind"] in ("duplicate", "theme") and 0 < g["score"] <= 1 for g in groups)
    seen = {n["id"] for g in groups for n in g["notes"]}
    assert ids["Formålet er ikke beskrevet"] not in seen and ids["Formålet er klart"] not in seen

    across = json.loads(run(db, "suggest", str(workshop_id), "--json", "--across").stdout)
    joined = {n["id"] for g in across for n in g["notes"]}
    assert ids["Formålet er ikke beskrevet"] in joined  # the organisational note joins the formål notes
    assert ids["Formålet er klart"] not in joined  # still never a potential among barriers


def test_suggest_on_an_unknown_workshop_or_too_few_notes(tmp_path) -> None:
    db = tmp_path / "suggest.db"
    store = Store(str(db))
    empty = store.create_workshop(title="Tom")
    result = run(db, "suggest", "42")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == ["digiworkshop: error: workshop 42 does not exist"]
    quiet = run(db, "suggest", str(empty.id))
    assert quiet.returncode == 0 and quiet.stdout.strip() == f"No suggestions among the 0 notes of workshop {empty.id}."
    assert json.loads(run(db, "suggest", str(empty.id), "--json").stdout) == []

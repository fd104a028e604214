"""Hostile import files: each is refused with one English line, and the store is left exactly as it was.

The corpus lives in tests/fixtures/hostile_imports/ (one file per attack, named after it, written by
make_corpus.py; _expected.json holds the piece of the message each must give). Attacks that need
the file system are made here: a FIFO, a device, a sparse 101 MB file, very deep nesting, a table of
a million rows. Every case runs on SQLite and PostgreSQL; a representative subset also runs through
the real command line. Odd but valid files (BOM, CRLF, emoji) must import unchanged. And a big import
no longer shuts out another writer on the same SQLite file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from digiworkshop.demo import load_demo
from digiworkshop.exchange import ExchangeError, dumps, import_document, read_file, workshop_document
from digiworkshop.store import Store

from helpers import BENCH, FIXTURES, cli_env

CORPUS = FIXTURES / "hostile_imports"
ACCEPTED = FIXTURES / "accepted_imports"
EXPECTED: dict[str, str] = json.loads((CORPUS / "_expected.json").read_text(encoding="utf-8"))
sys.path.insert(0, str(BENCH))


def snapshot(store: Store) -> tuple[list, list[str]]:
    """The workshop list and a full JSON export of every workshop: what 'unchanged' is checked on."""
    workshops = store.list_workshops()
    listing = [(w.id, w.uid, w.title, w.participants) for w in workshops]
    return listing, [dumps(workshop_document(store, w.id)) for w in workshops]


@pytest.fixture
def filled(store: Store) -> Store:
    """A store holding the demo workshop and the corpus's own base workshop (a uid some files reuse)."""
    load_demo(store)
    import_document(store, json.loads((ACCEPTED / "utf8_bom_from_notepad.json").read_text(encoding="utf-8-sig")))
    return store


def import_like_the_cli(store: Store, path: Path) -> None:
    """What `digiworkshop import` does with a file."""
    store.import_workshop(read_file(path))


def test_corpus_is_large_and_named_after_its_attacks() -> None:
    files = sorted(p.name for p in CORPUS.glob("*.json") if not p.name.startswith("_"))
    assert len(files) >= 60
    assert files == sorted(EXPECTED)


def test_every_hostile_file_is_refused_and_changes_nothing(filled: Store) -> None:
    before = snapshot(filled)
    wrong = []
    for name, message in EXPECTED.items():
        try:
            import_like_the_cli(filled, CORPUS / name)
        except ExchangeError as exc:
            text = str(exc)
            if message not in text or "\n" in text or "Traceback" in text:
                wrong.append(f"{name}: {text!r} (expected {message!r})")
        else:
            wrong.append(f"{name}: imported")
        if [(w.id, w.uid) for w in filled.list_workshops()] != [(i, u) for i, u, *_ in before[0]]:
            wrong.append(f"{name}: changed the workshop list")
    assert not wrong, "\n".join(wrong)
    assert snapshot(filled) == before


@pytest.mark.parametrize("attack", ["deep_arrays", "deep_objects", "million_row_array", "oversize_sparse",
                                    "folder", "refs_in_a_long_chain"])
def test_generated_hostile_files_are_refused(filled: Store, tmp_path: Path, attack: str) -> None:
    path = tmp_path / f"{attack}.json"
    base = json.loads((ACCEPTED / "utf8_bom_from_notepad.json").read_text(encoding="utf-8-sig"))
    if attack == "deep_arrays":
        path.write_text('{"format": "digiworkshop", "version": 1, "notes": ' + "[" * 200_000 + "]" * 200_000 + "}")
        message = "nested deeper than the JSON reader allows"
    elif attack == "deep_objects":
        path.write_text('{"a":' * 200_000 + "1" + "}" * 200_000)
        message = "nested deeper than the JSON reader allows"
    elif attack == "million_row_array":
        path.write_text('{"format": "digiworkshop", "version": 1, "workshop": {"uid": "x", "title": "y"}, '
                        '"notes": [' + ",".join(["0"] * 1_000_001) + "]}")
        message = "notes: 1,000,001 rows; an import takes at most 1,000,000 per table"
    elif attack == "oversize_sparse":
        with open(path, "wb") as file:  # sparse: takes no room on disk
            file.truncate(101 * 1024 * 1024)
        message = "is larger than 100 MB"
    elif attack == "folder":
        path.mkdir()
        message = "is a folder, not a file"
    else:  # 2,000 notes merged in one long chain back to the first: a cycle the reader must walk
        base["workshop"]["uid"] = "long-chain"
        base["notes"] = [dict(base["notes"][1], ref=i, merged_into_ref=i % 2000 + 1) for i in range(1, 2001)]
        base["actions"] = base["trials"] = base["trial_cycles"] = base["trial_answers"] = []
        base["trial_log"] = base["evaluation_rounds"] = base["evaluation_entries"] = base["action_follow_ups"] = []
        path.write_text(json.dumps(base))
        message = "notes[0]: merged_into 2 makes a cycle (1 -> 2 -> 3"
    before = snapshot(filled)
    with pytest.raises(ExchangeError) as err:
        import_like_the_cli(filled, path)
    assert message in str(err.value) and "\n" not in str(err.value)
    assert snapshot(filled) == before


def cli(db: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "digiworkshop", *args], capture_output=True, text=True,
                          env=cli_env(db), encoding="utf-8", timeout=timeout)


CLI_SUBSET = ["two_notes_merged_into_each_other", "position_2_pow_63_minus_1", "note_votes_negative",
              "integer_literal_5000_digits", "version_true", "deadline_year_9999", "invalid_utf8",
              "lone_surrogate_in_title", "unknown_archetype_with_escape", "workshop_uid_given_twice"]


def test_command_line_refuses_hostile_files_in_one_line(filled: Store, db_url: str, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    big = tmp_path / "big.json"
    with open(big, "wb") as file:
        file.truncate(200 * 1024 * 1024)
    cases = [(CORPUS / f"{name}.json", EXPECTED[f"{name}.json"]) for name in CLI_SUBSET]
    cases += [(fifo, "not a regular file"), (Path("/dev/zero"), "not a regular file"),
              (deep, "nested deeper"), (big, "larger than 100 MB")]
    before = snapshot(filled)
    for path, message in cases:
        # A FIFO or a device must not block: a timeout here is a failure, not a hang.
        result = cli(db_url, "import", str(path), timeout=60)
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 1, (path, result.stderr)
        assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
        assert len(lines) == 1 and message in lines[0] and lines[0].startswith("digiworkshop: error: "), (path, lines)
        assert result.stdout == ""
    assert snapshot(filled) == before


@pytest.mark.parametrize("name", sorted(p.name for p in ACCEPTED.glob("*.json")))
def test_odd_but_valid_files_import_exactly(store: Store, name: str) -> None:
    workshop = store.import_workshop(read_file(ACCEPTED / name))
    document = json.loads((ACCEPTED / name).read_bytes().decode("utf-8-sig"))
    exported = workshop_document(store, workshop.id)
    assert exported["workshop"]["title"] == document["workshop"]["title"]
    assert [n["text"] for n in exported["notes"]] == [n["text"] for n in document["notes"]]
    assert [n["merged_into_ref"] for n in exported["notes"]] == [None, None, 2]
    if name == "crlf_inside_text.json":
        assert exported["notes"][0]["text"] == "Linje 1\r\nLinje 2\r\n"


def big_document(notes: int) -> dict:
    """A workshop of `notes` notes (bench/big_workshop.py), every 50th merged into the one before."""
    from big_workshop import big_document as build

    document = build(notes=notes, actions=notes // 20, rounds=notes // 500)
    for i, note in enumerate(document["notes"], start=1):
        if i % 50 == 0:
            note["merged_into_ref"] = i - 1
    return document


def test_a_big_import_keeps_every_row_and_reference(store: Store, tmp_path: Path) -> None:
    document = big_document(3000)
    first = workshop_document(store, import_document(store, document).id)
    # The rows come back exactly as the file gave them, references and all ...
    for section in ("participants", "notes", "actions", "evaluation_rounds", "evaluation_entries"):
        assert first[section] == document[section], section
    # ... and export → import → export is identical (into a second store of the other kind).
    other = Store(str(tmp_path / "other.db"))
    second = workshop_document(other, import_document(other, json.loads(dumps(first))).id)
    other.close()
    assert dumps(second) == dumps(first)
    # --replace: the same uid again replaces the workshop, nothing doubled.
    again = import_document(store, json.loads(dumps(first)), replace=True)
    assert [w.id for w in store.list_workshops()] == [again.id]
    assert dumps(workshop_document(store, again.id)) == dumps(first)


@pytest.mark.sqlite_only
def test_another_writer_is_not_shut_out_during_a_big_import(db_path: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Another laptop captures into the same SQLite file while 20,000 notes are imported.

    The room's writer waits at most 1.5 s for the lock here (the app waits 10 s): the import held it
    for over 3 s at 20,000 notes before, and the capture failed with "database is locked"."""
    import digiworkshop.db

    source = tmp_path / "big.json"
    source.write_text(json.dumps(big_document(20_000)), encoding="utf-8")
    monkeypatch.setattr(digiworkshop.db, "BUSY_TIMEOUT_MS", 1500)
    room = Store(str(db_path))
    workshop = room.create_workshop(title="I rummet nu")
    importer = subprocess.Popen([sys.executable, "-m", "digiworkshop", "import", str(source)],
                                env=cli_env(db_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    captured = 0
    try:
        while importer.poll() is None:
            room.add_note(workshop.id, perspective="fagligt", kind="barriere", text=f"Note {captured}")
            captured += 1
            time.sleep(0.01)
    finally:
        out, err = importer.communicate(timeout=120)
    assert importer.returncode == 0, err
    assert out.startswith("Imported workshop")
    assert len(room.list_notes(workshop.id)) == captured > 10
    room.close()

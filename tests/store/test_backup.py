"""`digiworkshop backup DEST`: a consistent copy of a live SQLite store; PostgreSQL is pg_dump's job."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from digiworkshop.cli import main
from digiworkshop.store import Store

from helpers import cli_env
from helpers.capture_worker import READERS, Worker, parse_text


def run(db, *args: str):  # noqa: ANN001, ANN201
    return subprocess.run([sys.executable, "-m", "digiworkshop", *args], capture_output=True, text=True,
                          env=cli_env(db), encoding="utf-8")


def test_backup_of_a_store_another_process_is_writing_to(db_path, tmp_path, capsys) -> None:
    store = Store(str(db_path))
    workshop = store.create_workshop(title="Sikkerhedskopi")
    store.close()
    worker = Worker(str(db_path), workshop.id, "add_participant")
    backups = []
    try:
        pid = worker.start(0)
        acked = []
        for n in range(5):
            acked += worker.wait_for_acks(3)  # the writer is busy while each copy is taken
            assert main(["--db", str(db_path), "backup", str(tmp_path / f"kopi-{n}.db")]) == 0
            backups.append(capsys.readouterr().out.strip())
        acked += worker.kill(pid)[0]
    finally:
        worker.close()
    assert len(acked) >= 15
    counts = []
    for path in backups:
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        copy = Store(path)
        texts = READERS["add_participant"](copy, workshop.id)
        copy.close()
        # A snapshot: whole captures, a gap-free prefix of what the writer committed.
        assert [parse_text(t) for t in texts] == [(0, i) for i in range(len(texts))]
        counts.append(len(texts))
    assert counts == sorted(counts) and counts[0] >= 3  # later copies hold at least as much
    assert all(oct((tmp_path / f"kopi-{n}.db").stat().st_mode & 0o777) == "0o600" for n in range(5))


def test_backup_into_a_folder_and_refusals(db_path, tmp_path) -> None:
    store = Store(str(db_path))
    workshop = store.create_workshop(title="Kopi")
    store.add_participant(workshop.id, name="Åse")
    store.close()
    folder = tmp_path / "backups"
    folder.mkdir()
    made = run(db_path, "backup", str(folder))
    assert made.returncode == 0, made.stderr
    copy = Store(made.stdout.strip())
    assert [p.name for p in copy.list_participants(workshop.id)] == ["Åse"]
    copy.close()

    again = run(db_path, "backup", made.stdout.strip())
    assert again.returncode == 1 and "already exists" in again.stderr and "Traceback" not in again.stderr
    missing = run(tmp_path / "nothing.db", "backup", str(tmp_path / "x.db"))
    assert missing.returncode == 1 and "no database" in missing.stderr
    assert not (tmp_path / "nothing.db").exists() and not (tmp_path / "x.db").exists()


def test_backup_of_postgresql_points_to_pg_dump_without_the_password(tmp_path) -> None:
    result = run(tmp_path / "x.db", "--db", "postgresql://kit:hemmeligt@db.example:5432/workshops",
                 "backup", str(tmp_path / "kopi"))
    assert result.returncode == 1
    assert "pg_dump" in result.stderr and "kit:***@db.example:5432/workshops" in result.stderr
    assert "hemmeligt" not in result.stdout + result.stderr
    assert not (tmp_path / "kopi").exists()


def test_the_pg_dump_line_backs_up_a_real_server(pg_url, tmp_path) -> None:
    """The README's pg_dump line, run against the test server: the dump holds the workshop."""
    import shutil

    from sqlalchemy.engine import make_url

    store = Store(pg_url)
    store.create_workshop(title="Dump mig")
    store.close()
    url = make_url(pg_url)
    pg_dump = shutil.which("pg_dump") or shutil.which("pg_dump", path="/usr/lib/postgresql/15/bin")
    if pg_dump is None:
        pytest.fail("pg_dump is missing although a PostgreSQL server is configured")
    dump = tmp_path / "digiworkshop.dump"
    plain = f"postgresql://{url.username}@{url.host}:{url.port}/{url.database}"  # the password comes from PGPASSWORD
    env = {"PGPASSWORD": url.password or "", "PATH": "/usr/bin:/bin"}
    subprocess.run([pg_dump, "--format=custom", f"--file={dump}", plain], check=True, env=env)
    listing = subprocess.run([shutil.which("pg_restore") or "pg_restore", "--list", str(dump)], check=True,
                             capture_output=True, text=True).stdout
    assert "TABLE DATA public workshop" in listing and "TABLE DATA public participant" in listing

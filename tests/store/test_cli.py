"""The command line, run as a user runs it: a real subprocess on a temporary database."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import cli_env


def run(db, *args: str):  # noqa: ANN201
    return subprocess.run([sys.executable, "-m", "digiworkshop", *args], capture_output=True, text=True,
                          env=cli_env(db), encoding="utf-8")


def test_demo_list_export_import_round_trip(tmp_path) -> None:
    db = tmp_path / "cli.db"
    loaded = run(db, "demo", "--load-only")
    assert loaded.returncode == 0, loaded.stderr
    assert run(db, "demo", "--load-only").stdout == loaded.stdout  # idempotent
    listing = json.loads(run(db, "list", "--json").stdout)
    assert len(listing) == 1 and listing[0]["title"] and listing[0]["participants"] > 0
    table = run(db, "list").stdout
    assert listing[0]["title"] in table

    out = tmp_path / "out"
    exported = run(db, "export", str(listing[0]["id"]), "--format", "json", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    json_path = exported.stdout.strip()
    other = tmp_path / "other.db"
    imported = run(other, "import", json_path)
    assert imported.returncode == 0, imported.stderr
    again = run(other, "export", "1", "--format", "json", "--out", str(tmp_path / "again"))
    with open(json_path, encoding="utf-8") as a, open(again.stdout.strip(), encoding="utf-8") as b:
        assert a.read() == b.read()

    docx = run(db, "export", str(listing[0]["id"]), "--out", str(out))
    assert docx.returncode == 0 and docx.stdout.strip().endswith(".docx")


def test_errors_are_one_english_line_without_traceback(tmp_path) -> None:
    db = tmp_path / "cli.db"
    cases = [
        (("export", "42"), "workshop 42 does not exist"),
        (("import", str(tmp_path / "missing.json")), "no such file"),
        (("--db", str(tmp_path), "list"), "cannot open the database"),
    ]
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{", encoding="utf-8")
    cases.append((("import", str(bad_json)), "not valid JSON"))
    for args, message in cases:
        result = run(db, *args)
        assert result.returncode != 0, args
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], (args, result.stderr)
    assert not (tmp_path / "exports").exists()  # nothing half-written


def test_newer_database_is_refused_on_the_command_line(tmp_path) -> None:
    import sqlite3

    db = tmp_path / "cli.db"
    assert run(db, "list").returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute("update alembic_version set version_num='9999'")
    result = run(db, "list")
    assert result.returncode == 1 and "newer" in result.stderr


def test_password_in_url_is_not_printed(tmp_path) -> None:
    result = run(tmp_path / "x.db", "--db", "postgresql://kit:hemmeligt@127.0.0.1:1/none", "list")
    assert result.returncode != 0
    assert "hemmeligt" not in result.stderr + result.stdout


def test_export_kinds_print_every_path_written(tmp_path) -> None:
    db = tmp_path / "cli.db"
    wid = run(db, "demo", "--load-only").stdout.strip()
    out = tmp_path / "out"
    result = run(db, "export", wid, "--kind", "all", "--out", str(out))
    assert result.returncode == 0, result.stderr
    paths = result.stdout.split()
    assert [p.rsplit("-", 1)[-1] for p in paths] == ["rapport.docx", "handlinger.docx", "evaluering.docx",
                                                     "skabeloner.docx", "deadlines.ics"]
    assert sorted(str(p) for p in out.iterdir()) == sorted(paths)
    two = run(db, "export", wid, "--kind", "actions", "--kind", "ics", "--out", str(out))
    assert [p.rsplit("-", 1)[-1] for p in two.stdout.split()] == ["handlinger.docx", "deadlines.ics"]
    bad = run(db, "export", wid, "--kind", "poster")
    assert bad.returncode != 0 and "invalid choice" in bad.stderr


def test_export_of_a_round_or_trial_that_does_not_exist_is_refused_with_one_line(tmp_path) -> None:
    db = tmp_path / "cli.db"
    wid = run(db, "demo", "--load-only").stdout.strip()
    out = tmp_path / "out"
    for flag in ("--round", "--trial"):
        result = run(db, "export", wid, "--kind", "evaluation", flag, "999", "--out", str(out))
        assert result.returncode == 1 and result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1 and "999" in result.stderr, result.stderr
    assert not out.exists()  # nothing written, not even the folder
    good = run(db, "export", wid, "--kind", "evaluation", "--round", "1", "--out", str(out))
    assert good.returncode == 0 and good.stdout.strip().endswith("evaluering-runde-1.docx"), good.stderr


def test_pdf_without_libreoffice_says_so_once_and_writes_the_docx(tmp_path) -> None:
    import os

    db = tmp_path / "cli.db"
    wid = run(db, "demo", "--load-only").stdout.strip()
    env = cli_env(db)
    env["PATH"] = str(tmp_path / "no-bin")  # no soffice to be found
    result = subprocess.run([sys.executable, "-m", "digiworkshop", "export", wid, "--kind", "report", "--kind",
                             "actions", "--pdf", "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, env=env, encoding="utf-8", cwd=os.getcwd())
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("LibreOffice") == 1 and "Traceback" not in result.stderr
    assert [p.rsplit(".", 1)[-1] for p in result.stdout.split()] == ["docx", "docx"]

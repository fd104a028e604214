"""PostgreSQL from the command line, as a facilitator points laptops at a shared server."""

from __future__ import annotations

import json
import subprocess
import sys

from sqlalchemy.engine import make_url

from digiworkshop.paths import database_url

from helpers import cli_env


def run(db, *args: str):  # noqa: ANN001, ANN201
    return subprocess.run([sys.executable, "-m", "digiworkshop", *args], capture_output=True, text=True,
                          env=cli_env(db), encoding="utf-8")


def bare(url: str, *, password: str | None = None) -> str:
    """The URL as psql and the docs write it: postgresql://user:password@host:port/db (no +driver)."""
    u = make_url(url)
    return f"postgresql://{u.username}:{password or u.password}@{u.host}:{u.port}/{u.database}"


def test_a_bare_postgresql_url_uses_the_shipped_driver() -> None:
    assert database_url("postgresql://kit@host/db") == "postgresql+psycopg://kit@host/db"
    assert database_url("postgres://kit@host/db") == "postgresql+psycopg://kit@host/db"
    assert database_url("postgresql+psycopg://kit@host/db") == "postgresql+psycopg://kit@host/db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_db_option_and_environment_run_on_postgresql(pg_url, tmp_path) -> None:
    url = bare(pg_url)
    loaded = run(tmp_path / "unused.db", "--db", url, "demo", "--load-only")
    assert loaded.returncode == 0, loaded.stderr
    listing = json.loads(run(url, "list", "--json").stdout)  # DIGIWORKSHOP_DB=postgresql://…
    assert [w["id"] for w in listing] == [int(loaded.stdout)]
    assert listing[0]["participants"] > 0
    assert not (tmp_path / "unused.db").exists()


def test_a_wrong_password_is_refused_and_never_shown(pg_url, tmp_path) -> None:
    real = make_url(pg_url).password
    wrong = "forkert-Hemmelighed-42"
    for args in (("--db", bare(pg_url, password=wrong), "list"),
                 ("--db", bare(pg_url, password=wrong), "export", "1", "--format", "json")):
        result = run(tmp_path / "x.db", *args)
        assert result.returncode == 1
        output = result.stdout + result.stderr
        assert "Traceback" not in output
        assert "cannot open the database" in output and "password authentication failed" in output
        assert wrong not in output and real not in output
    result = run(bare(pg_url, password=wrong), "list")  # through DIGIWORKSHOP_DB too
    assert result.returncode == 1 and wrong not in result.stdout + result.stderr

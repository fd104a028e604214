"""Shared fixtures: every test runs on a temporary store, far from the user's real data.

Store and UI tests take `store` (or `db_url`) and run twice: on a fresh SQLite file and on a fresh
PostgreSQL database of the server named by DIGIWORKSHOP_TEST_PG (`.ci/run` starts one). A test that
also asks for `db_path` (it looks at the SQLite file itself) or is marked `sqlite_only` runs on SQLite
only. Without DIGIWORKSHOP_TEST_PG the PostgreSQL cases skip, saying why, except under CI=true,
where they fail: CI never passes by silently leaving PostgreSQL out.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from digiworkshop.paths import database_url
from digiworkshop.store import Store

PG_ENV = "DIGIWORKSHOP_TEST_PG"
BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: the test is about SQLite itself; no PostgreSQL case")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_url" in metafunc.fixturenames:
        sqlite_only = "db_path" in metafunc.fixturenames or metafunc.definition.get_closest_marker("sqlite_only")
        metafunc.parametrize("db_url", ["sqlite"] if sqlite_only else list(BACKENDS), indirect=True)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point HOME, the XDG folders, the default database and the export folder at a temp dir."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    monkeypatch.setenv("DIGIWORKSHOP_DB", str(tmp_path / "default.db"))
    monkeypatch.setenv("DIGIWORKSHOP_EXPORTS", str(tmp_path / "exports"))
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """The path of a fresh SQLite file for one test."""
    return tmp_path / "test.db"


def pg_server_url() -> str:
    """The URL of the test PostgreSQL server's maintenance database; skips (fails under CI=true) without one."""
    url = os.environ.get(PG_ENV)
    if url:
        return database_url(url)
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {PG_ENV} is not set: the PostgreSQL cases must run in CI (see .ci/run)")
    pytest.skip(f"no PostgreSQL server: set {PG_ENV}=postgresql://user:password@host:port/db "
                "(or run: eval \"$(bash .ci/postgres-start)\")")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (dropped afterwards)."""
    import psycopg
    from sqlalchemy.engine import make_url

    server = make_url(pg_server_url())
    name = f"dw_test_{uuid.uuid4().hex[:16]}"
    admin = dict(host=server.host, port=server.port, user=server.username, password=server.password,
                 dbname=server.database, autocommit=True, connect_timeout=10)
    try:
        with psycopg.connect(**admin) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        # A server that was promised but cannot be reached is a failure, never a skip.
        pytest.fail(f"the PostgreSQL server in {PG_ENV} cannot be reached: {type(exc).__name__}")
    yield server.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(**admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database URL for one test: SQLite file or PostgreSQL database (see the module docstring)."""
    if request.param == "sqlite":
        return database_url(str(tmp_path / "test.db"))  # the same file as db_path
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A migrated store on a fresh database (SQLite file in a temp dir, or PostgreSQL)."""
    s = Store(db_url)
    yield s
    s.close()


def cli_env(db: Path | str) -> dict[str, str]:
    """Environment for running the command line in a subprocess against a test database."""
    env = dict(os.environ)
    env["DIGIWORKSHOP_DB"] = str(db)
    env["PYTHONIOENCODING"] = "utf-8"
    return env

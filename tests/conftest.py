"""Shared fixtures: every test runs on a temporary store, far from the user's real data.

Store and UI tests take `store` (or `db_url`) and run twice: on a fresh SQLite file and on a fresh
PostgreSQL database of the server named by DIGIWORKSHOP_TEST_PG (`.ci/run` starts one). A test that
also asks for `db_path` (it looks at the SQLite file itself) or is marked `sqlite_only` runs on SQLite
only. Without DIGIWORKSHOP_TEST_PG the PostgreSQL cases skip, saying why, except under CI=true,
where they fail: CI never passes by silently leaving PostgreSQL out.

`terminal` is a real tmux session for the tests that need a real terminal (skipped without tmux, failing
under CI=true). This file sits at the root of tests/, so its fixtures reach every folder; what is not a
fixture (paths, `cli_env`, the tmux and crash-test drivers) lives in tests/helpers/.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from digiworkshop.paths import database_url
from digiworkshop.store import Store
from helpers import PG_ENV, pg_server_url
from helpers.tmux import Terminal

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


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """A tmux session of its own for one test (skipped without tmux, failing on CI); killed afterwards."""
    if shutil.which("tmux") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("tmux is missing on CI (.ci/run should have installed it)")
        pytest.skip("tmux is not installed")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "xterm-256color",
        "DIGIWORKSHOP_DB": str(tmp_path / "e2e.db"),
        "DIGIWORKSHOP_EXPORTS": str(tmp_path / "eksport"),
        "DIGIWORKSHOP_CONFIG": str(tmp_path / "keys.toml"),
        "XDG_CONFIG_HOME": str(tmp_path / "home" / ".config"),
        "XDG_DATA_HOME": str(tmp_path / "home" / ".local" / "share"),
    }
    (tmp_path / "home").mkdir(exist_ok=True)
    # A socket of its own per test: a server still shutting down from the test before never answers.
    term = Terminal(f"digiworkshop-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}", env)
    yield term
    term.kill()

"""Shared fixtures: every test runs on a temporary store, far from the user's real data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from digiworkshop.store import Store


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
def store(db_path: Path) -> Store:
    """A migrated store on a real SQLite file in a temporary directory."""
    s = Store(str(db_path))
    yield s
    s.close()


def cli_env(db: Path) -> dict[str, str]:
    """Environment for running the command line in a subprocess against a test database."""
    env = dict(os.environ)
    env["DIGIWORKSHOP_DB"] = str(db)
    env["PYTHONIOENCODING"] = "utf-8"
    return env

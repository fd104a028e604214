"""Every released schema's fixture database opens in this version with nothing lost.

tests/fixtures/<revision>.db holds data in every table at that released revision (made by
tests/fixtures/make_fixture_db.py). Opening a copy upgrades it to HEAD; every row of the fixture must
still be there with the same values, and an older file is copied aside (.bak) before the upgrade.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from digiworkshop.migrations import HEAD, REVISIONS
from digiworkshop.store import Store

from helpers import FIXTURES as FIXTURE_DIR

FIXTURES = sorted(FIXTURE_DIR.glob("*.db"))


def rows(path: Path) -> dict[str, dict[tuple, dict[str, object]]]:
    """Every row of every table (except Alembic's), keyed by table and primary key."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                             "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")]
        result = {}
        for table in tables:
            keys = [r["name"] for r in conn.execute(f"PRAGMA table_info('{table}')") if r["pk"]]
            result[table] = {tuple(r[k] for k in keys): dict(r) for r in conn.execute(f"SELECT * FROM '{table}'")}
        return result


def revision(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def test_there_is_a_fixture_for_the_released_head() -> None:
    assert "0001_initial" in [f.stem for f in FIXTURES]
    assert all(f.stem in REVISIONS for f in FIXTURES), "a fixture named after an unknown revision"


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_opening_a_fixture_upgrades_it_with_nothing_lost(fixture: Path, tmp_path: Path) -> None:
    assert revision(fixture) == fixture.stem
    before = rows(fixture)
    assert all(before.values()), f"the fixture has an empty table: {[t for t, r in before.items() if not r]}"
    copy = tmp_path / "workshops.db"
    shutil.copy(fixture, copy)

    store = Store(str(copy))
    workshops = store.list_workshops()
    store.close()

    after = rows(copy)
    assert revision(copy) == HEAD
    for table, old_rows in before.items():
        assert table in after, f"table {table} is gone"
        for key, old in old_rows.items():
            new = after[table].get(key)
            assert new is not None, f"{table} row {key} is gone"
            kept = {column: value for column, value in old.items() if column in new}
            assert kept == {column: new[column] for column in kept}, f"{table} row {key} changed"
    assert len(workshops) == len(before["workshop"])

    backups = list(tmp_path.glob("workshops.db.*.bak"))
    if fixture.stem == HEAD:
        assert store.backup_path is None and backups == []
    else:
        assert [Path(store.backup_path)] == backups
        assert revision(backups[0]) == fixture.stem and rows(backups[0]) == before

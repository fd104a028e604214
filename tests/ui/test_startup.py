"""Start-up as the room sees it: the workshop list is painted from the SQLite file before the store's
heavy modules load, keys pressed meanwhile are not lost, and a store that cannot be opened still ends
with one clear line."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from textual.widgets import DataTable

from digiworkshop.demo import load_demo
from digiworkshop.paths import database_url
from digiworkshop.quick_list import read_phase_names, read_workshop_list
from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.screens.workshop import WorkshopScreen
from digiworkshop.store import Store

from helpers import FIXTURES, cli_env

SIZE = (100, 30)


def filled_store(path: Path) -> Store:
    """Several workshops: with and without a date, organisation, phase and participants."""
    store = Store(str(path))
    load_demo(store)
    store.create_workshop(title="Uden dato")
    later = store.create_workshop(title="Med «tegn» & [markup]", organisation="Jobcenter Ærø",
                                  date=dt.date(2027, 2, 28), phase="anskaffelse")
    store.add_participant(later.id, name="Åse")
    store.add_participant(later.id, name="Bo")
    return store


def test_the_quick_list_is_the_stores_list(db_path: Path) -> None:
    store = filled_store(db_path)
    expected = store.list_workshops()
    assert len(expected) == 3 and {w.participants for w in expected} >= {0, 2}
    assert read_workshop_list(database_url(str(db_path))) == expected
    # The order follows the last change, as the store's does.
    oldest = expected[-1]
    store.update_workshop(oldest.id, organisation="Ny organisation")
    assert read_workshop_list(database_url(str(db_path))) == store.list_workshops()
    assert read_workshop_list(database_url(str(db_path)))[0].id == oldest.id
    store.close()


def test_the_quick_list_declines_what_it_cannot_read_cheaply_and_changes_nothing(tmp_path: Path) -> None:
    assert read_workshop_list("postgresql+psycopg://kit@127.0.0.1:1/none") is None
    assert read_workshop_list(database_url(str(tmp_path / "first-start.db"))) == []
    assert not (tmp_path / "first-start.db").exists()  # the store creates it, not the quick read

    older = tmp_path / "older.db"
    shutil.copy(FIXTURES / "0001_initial.db", older)  # a migration is due: the store must do it
    not_ours = tmp_path / "not-ours.db"
    not_ours.write_bytes(b"this is not a database" * 100)
    newer = tmp_path / "newer.db"
    Store(str(newer)).close()
    with sqlite3.connect(newer) as conn:
        conn.execute("update alembic_version set version_num='9999'")
    for path in (older, not_ours, newer):
        before = path.read_bytes()
        assert read_workshop_list(database_url(str(path))) is None, path.name
        assert path.read_bytes() == before, path.name


def test_phase_names_read_cheaply_are_the_guides() -> None:
    from digiworkshop.guide import load_guide

    guide = load_guide()
    assert read_phase_names() == {phase.key: phase.name for phase in guide.phases}


async def workshop_opened(app: DigiWorkshopApp, pilot) -> None:  # noqa: ANN001
    """Wait for the store, then a few frames for the key pressed before it to open a workshop."""
    await app.wait_for_store()
    for _ in range(20):
        await pilot.pause()
        if isinstance(app.screen, WorkshopScreen):
            break
    assert isinstance(app.screen, WorkshopScreen)


async def test_the_list_comes_first_and_keys_wait_for_the_store(db_path: Path) -> None:
    store = filled_store(db_path)
    expected = store.list_workshops()
    store.close()
    app = DigiWorkshopApp(database=str(db_path))  # as `digiworkshop` starts it: no store yet
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        # The first look: every workshop is listed, whether or not the store is open yet.
        assert [str(key.value) for key in table.rows] == [str(w.id) for w in expected]
        assert "Anskaffelse" in [str(table.get_cell_at((row, 3))) for row in range(table.row_count)]
        await pilot.press("down", "enter")  # pressed at once: opens the second workshop when it can
        await workshop_opened(app, pilot)
        assert app.screen.workshop_id == expected[1].id


async def test_a_new_workshop_typed_at_once_is_stored(db_path: Path) -> None:
    app = DigiWorkshopApp(database=str(db_path))  # a first start: no file yet
    async with app.run_test(size=SIZE) as pilot:
        assert "ingen workshops" in app.screen.query_one("#empty-hint").render().plain
        await pilot.press("n", *"Temadag", "enter")
        await workshop_opened(app, pilot)
    reopened = Store(str(db_path))
    assert [w.title for w in reopened.list_workshops()] == ["Temadag"]
    reopened.close()


def test_a_store_that_cannot_open_ends_the_app_with_one_english_line(tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    Store(str(db)).close()
    with sqlite3.connect(db) as conn:
        conn.execute("update alembic_version set version_num='9999'")
    # The app itself (no subcommand), without a terminal: it paints, fails to open the store, ends.
    result = subprocess.run([sys.executable, "-m", "digiworkshop"], capture_output=True, text=True,
                            env=cli_env(db), encoding="utf-8", stdin=subprocess.DEVNULL, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.rstrip().endswith(
        "digiworkshop: error: the database has schema '9999', newer than this version of digiworkshop "
        "knows; update digiworkshop before opening it")
    with sqlite3.connect(db) as conn:
        assert conn.execute("select version_num from alembic_version").fetchall() == [("9999",)]

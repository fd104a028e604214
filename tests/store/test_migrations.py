"""Schema: migrations build it from nothing, match the models, and refuse a newer database."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from digiworkshop.db import DatabaseError, make_engine
from digiworkshop.migrations import HEAD, REVISIONS, alembic_config
from digiworkshop.store import Store


def test_revision_list_matches_alembic() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    chain = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert chain == REVISIONS
    assert script.get_current_head() == HEAD


def test_migrations_build_the_schema_from_nothing(db_path) -> None:
    store = Store(str(db_path))
    tables = set(inspect(store.engine).get_table_names())
    assert {"workshop", "participant", "purpose", "alembic_version"} <= tables
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select version_num from alembic_version").fetchone()[0] == HEAD


def test_models_and_migrations_agree(db_path) -> None:
    """`alembic check`: autogenerate finds no difference between the models and the migrated schema."""
    store = Store(str(db_path))
    with store.engine.connect() as conn:
        command.check(alembic_config(conn))


def test_newer_database_is_refused_and_left_untouched(db_path) -> None:
    Store(str(db_path)).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("update alembic_version set version_num = '9999_from_the_future'")
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError) as err:
        Store(str(db_path))
    assert "newer" in err.value.english and "nyere" in err.value.danish
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_ours_is_refused(tmp_path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table something (x)")
    with pytest.raises(DatabaseError):
        Store(str(path))


def test_opening_at_head_makes_no_backup(db_path) -> None:
    Store(str(db_path)).close()
    store = Store(str(db_path))
    assert store.backup_path is None
    assert list(db_path.parent.glob("*.bak")) == []


def test_engine_for_unwritable_location_fails_clearly(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseError) as err:
        make_engine(f"sqlite:///{blocker}/sub/db.sqlite")
    assert "cannot create" in err.value.english


def test_upgrade_from_0001_with_data_loses_nothing_and_keeps_a_backup(db_path) -> None:
    from digiworkshop.db import upgrade

    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine, "0001_initial")
    engine.dispose()
    with sqlite3.connect(db_path) as conn:
        conn.execute("pragma foreign_keys=on")
        conn.execute(
            "insert into workshop (id, uid, title, date, place, organisation, facilitator, solution, phase, "
            "created_at, updated_at) values (1, 'u1', 'Temadag Æ', '2026-11-24', 'Sted', 'Org', 'Kit', 'Joblog', "
            "'ide', '2026-11-01 10:00:00', '2026-11-01 10:00:00')")
        conn.execute("insert into participant (workshop_id, position, name, role, unit) values (1, 1, 'Åse', 'Borger', 'X')")
        conn.execute("insert into purpose (workshop_id, statement, fit, borgere, medarbejdere, ledelse, politikere, "
                     "strategy, no_strategy) values (1, 'Formål ø', 'f', 'b', 'm', 'l', 'p', 's', 1)")
    store = Store(str(db_path))
    assert store.backup_path and store.backup_path.endswith(".bak")
    with sqlite3.connect(store.backup_path) as conn:
        assert conn.execute("select version_num from alembic_version").fetchone()[0] == "0001_initial"
    workshop = store.get_workshop(1)
    assert (workshop.title, workshop.phase, workshop.votes_per_participant) == ("Temadag Æ", "ide", 3)
    assert [(p.name, p.role, p.unit) for p in store.list_participants(1)] == [("Åse", "Borger", "X")]
    purpose = store.get_purpose(1)
    assert (purpose.statement, purpose.no_strategy) == ("Formål ø", True)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select version_num from alembic_version").fetchone()[0] == HEAD
        assert conn.execute("pragma foreign_key_check").fetchall() == []

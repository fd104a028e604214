"""When the database refuses a write: a Danish message, the typed text stays, and a retry stores it.

The real app is driven with Pilot on a real database; the fault is real too, made the way the
database itself would report it: a connection that may not write (SQLite's query_only, PostgreSQL's
read-only transactions: both raise the same errors a read-only file or server does), a database
that may not grow (SQLite's max_page_count raises SQLITE_FULL, the error of a full disk), and
another connection holding the write lock for longer than the busy timeout.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event
from textual.widgets import Input

from digiworkshop import db
from digiworkshop.screens.app import DigiWorkshopApp
from digiworkshop.store import Store

SIZE = (120, 40)
TYPED = "Mødelokale Ø – [bold]ikke fed[/] · שלום · 👩‍👩‍👧"


class Fault:
    """A fault switched on and off for the store's connections as they are taken from the pool."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.read_only = False
        self.full = False
        event.listen(store.engine, "checkout", self._apply)

    def _apply(self, dbapi_connection, _record, _proxy) -> None:  # noqa: ANN001
        if self.store.engine.dialect.name == "sqlite":
            dbapi_connection.execute(f"PRAGMA query_only={int(self.read_only)}")
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            # Not a page more than the file has now, or (switched off) the largest SQLite allows.
            dbapi_connection.execute(f"PRAGMA max_page_count={pages if self.full else 4294967294}")
        else:
            dbapi_connection.autocommit = True
            dbapi_connection.execute(f"SET default_transaction_read_only = {'on' if self.read_only else 'off'}")
            dbapi_connection.autocommit = False


def errors(app) -> list[str]:  # noqa: ANN001
    return [n.message for n in app._notifications if n.severity == "error"]


async def save_place(app, pilot, text: str) -> Input:  # noqa: ANN001
    """Put text in the place field (as a paste) and press Enter, as the facilitator does."""
    field = app.screen.query_one("#field-place", Input)
    field.focus()
    field.value = text
    await pilot.press("enter")
    await pilot.pause()
    return field


async def assert_kept_and_retry(app, pilot, store, workshop_id, field, text, message, fault_off) -> None:  # noqa: ANN001
    """The message is shown, nothing is stored, the text waits in the field; a retry stores it."""
    assert any(message in m for m in errors(app)), errors(app)
    assert not any("Traceback" in m or "Error" in m for m in errors(app))
    assert field.value == text and app.focused is field and field.has_class("-invalid")
    assert store.get_workshop(workshop_id).place == ""
    fault_off()
    await pilot.press("enter")
    await pilot.pause()
    assert store.get_workshop(workshop_id).place == text
    assert not field.has_class("-invalid")


async def test_read_only_database(store: Store) -> None:
    workshop = store.create_workshop(title="Skrivebeskyttet")
    fault = Fault(store)
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        fault.read_only = True
        field = await save_place(app, pilot, TYPED)
        await assert_kept_and_retry(app, pilot, store, workshop.id, field, TYPED, "skrivebeskyttet",
                                    lambda: setattr(fault, "read_only", False))


@pytest.mark.sqlite_only
async def test_full_disk(store: Store) -> None:
    workshop = store.create_workshop(title="Fuld disk")
    fault = Fault(store)
    pasted = TYPED + " " + "en lang indsat tekst " * 400  # needs new pages in the file
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        fault.full = True
        field = await save_place(app, pilot, pasted)
        await assert_kept_and_retry(app, pilot, store, workshop.id, field, pasted, "Disken er fuld",
                                    lambda: setattr(fault, "full", False))


async def test_database_locked_by_another_process(db_url: str, monkeypatch: pytest.MonkeyPatch, request) -> None:  # noqa: ANN001
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)  # the other holds the lock far longer than this
    store = Store(db_url)
    workshop = store.create_workshop(title="Optaget")
    holder = _hold_write_lock(store)
    app = DigiWorkshopApp(store, open_workshop_id=workshop.id)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            field = await save_place(app, pilot, TYPED)
            await assert_kept_and_retry(app, pilot, store, workshop.id, field, TYPED, "optaget af et andet program",
                                        holder.release)
    finally:
        holder.release()
        store.close()


class _Holder:
    def __init__(self, connection, release) -> None:  # noqa: ANN001
        self.connection = connection
        self._release = release
        self.released = False

    def release(self) -> None:
        if not self.released:
            self.released = True
            self._release()


def _hold_write_lock(store: Store) -> _Holder:
    """Another connection (as another program would) takes the write lock and keeps it."""
    if store.engine.dialect.name == "sqlite":
        conn = sqlite3.connect(store.engine.url.database, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")

        def release() -> None:
            conn.execute("ROLLBACK")
            conn.close()
    else:
        import psycopg
        from sqlalchemy.engine import make_url

        u = make_url(str(store.engine.url.render_as_string(hide_password=False)))
        conn = psycopg.connect(host=u.host, port=u.port, user=u.username, password=u.password, dbname=u.database)
        conn.execute("LOCK TABLE workshop IN EXCLUSIVE MODE")

        def release() -> None:
            conn.rollback()
            conn.close()
    return _Holder(conn, release)

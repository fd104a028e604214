"""Engine set-up and schema upgrades: the only place that knows SQLite from PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import tempfile
from contextlib import closing
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url

from .migrations import HEAD, REVISIONS


# How long a write waits for another process holding the database (SQLite's busy_timeout, PostgreSQL's
# lock_timeout) before the user is told it is busy. Read when a connection or engine is made, so a
# test can shorten it.
BUSY_TIMEOUT_MS = 10_000


class DatabaseError(Exception):
    """The database cannot be opened or used: carries Danish and English messages."""

    def __init__(self, danish: str, english: str) -> None:
        super().__init__(english)
        self.danish = danish
        self.english = english


def scrub(message: str, url: str) -> str:
    """An error message with the URL's password (as typed and as encoded) replaced by ***, whatever a
    driver chose to quote back; kept to its first line, so an error stays one line."""
    from urllib.parse import quote

    from .paths import url_password

    line = message.splitlines()[0] if message else ""
    password = url_password(url)
    if password:
        for form in {password, quote(password, safe=""), quote(password)}:
            line = line.replace(form, "***")
    return line


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for other databases and in-memory SQLite.

    Raises DatabaseError (one line, password hidden) for a URL that cannot be read at all."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # noqa: BLE001 - a port that is no number, a broken [IPv6] host …
        from .paths import redact_url

        raise DatabaseError(
            "Databasens adresse kan ikke læses. Kontrollér den (fx portnummeret).",
            f"cannot read the database address {redact_url(url)} (is the port a number?): "
            f"{scrub(str(exc), url) or type(exc).__name__}",
        ) from None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _prepare_sqlite_file(path: Path) -> None:
    """Create the folder and an empty file readable by the user only (it holds people's names).

    A file that already exists (made by an older version, copied in, or created by hand with the
    umask's 0644) loses its group and other permissions, and so do its -wal and -shm companions:
    SQLite creates those with the main file's mode, so the main file is tightened first. Only the
    group/other bits go, so a file the user made read-only stays read-only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not path.is_file():
        raise DatabaseError(f"{path} er en mappe eller en enhed, ikke en databasefil.",
                            f"cannot open the database {path}: it is a folder or a device, not a file")
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            mode = part.stat().st_mode
            if stat.S_ISREG(mode) and mode & 0o077:
                part.chmod(stat.S_IMODE(mode) & 0o700)
        except OSError:
            pass  # missing, or another user's file: opening it reports what matters


def make_engine(url: str) -> Engine:
    """An engine for the URL. SQLite gets durable per-connection pragmas and BEGIN IMMEDIATE writes."""
    if (path := sqlite_path(url)) is not None:
        try:
            _prepare_sqlite_file(path)
        except OSError as exc:
            raise DatabaseError(
                f"Databasen {path} kan ikke oprettes: {exc.strerror}.",
                f"cannot create the database {path}: {exc.strerror}",
            ) from None
    try:
        engine = create_engine(url, **_engine_options(url, sqlite=path is not None))
    except Exception as exc:  # unknown dialect, missing driver, malformed URL
        from .paths import redact_url

        raise DatabaseError(
            "Databasen kan ikke åbnes. Kontrollér adressen.",
            f"cannot open the database {redact_url(url)}: {type(exc).__name__}",
        ) from None
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _engine_options(url: str, *, sqlite: bool) -> dict:
    if sqlite:
        return {"connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000}}
    if make_url(url).get_backend_name() == "postgresql":
        # A server that does not answer, or a row another laptop keeps locked, ends in a clear
        # message instead of a frozen app; pre-ping replaces connections a server restart dropped.
        return {
            "pool_pre_ping": True,
            "connect_args": {"connect_timeout": 10, "options": f"-c lock_timeout={BUSY_TIMEOUT_MS}"},
        }
    return {}


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001 - SQLAlchemy's callback signature
        # Let SQLAlchemy's "begin" event decide how a transaction starts (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:
            pass  # a read-only file keeps its journal mode; writes will report clearly
        # FULL: an acknowledged capture survives a power loss, at well under a millisecond a commit.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        # Writers take the write lock up front so a second process waits (busy_timeout) at the
        # start instead of failing late with SQLITE_BUSY; readers start a plain deferred transaction.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database, or None for an empty database (cheap: no Alembic)."""
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            if inspect(conn).get_table_names():
                raise DatabaseError(
                    "Filen er ikke en digiworkshop-database.",
                    "the file is not a digiworkshop database (it has tables but no schema version)",
                )
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def backup_sqlite(path: Path, dest: Path) -> Path:
    """A consistent copy of a (possibly live, WAL-mode) SQLite file, made with SQLite's backup API.

    The copy is written into a new file with a random name in the destination folder (created
    exclusively, mode 0600, so nothing planted there, such as a symlink, is followed or overwritten),
    flushed to disk, and only then given its name, without replacing anything already called `dest`.
    A failure leaves no file behind. Raises DatabaseError (one line) when the source cannot be read.
    """
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    except OSError as exc:  # name the destination, not the temporary file
        raise DatabaseError(f"{dest} kan ikke skrives: {exc.strerror}.",
                            f"cannot write {dest}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp = Path(name)
    timeout = BUSY_TIMEOUT_MS / 1000
    try:
        try:
            with closing(sqlite3.connect(path, timeout=timeout)) as src, \
                    closing(sqlite3.connect(tmp, timeout=timeout)) as dst:
                # One step (pages=-1): the copy is a single snapshot even while another process writes.
                src.backup(dst)
        except sqlite3.OperationalError as exc:  # locked, unreadable, or the copy's disk is full
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise DatabaseError(
                f"Databasen {path} kan ikke kopieres til {dest} ({reason}).",
                f"cannot back up {path} to {dest}: {reason}",
            ) from None
        except sqlite3.Error as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise DatabaseError(
                f"Databasen {path} kan ikke kopieres: filen er beskadiget eller ikke en database ({reason}).",
                f"cannot back up {path}: {reason} (is it a damaged file, or not an SQLite database?)",
            ) from None
        with open(tmp, "rb+") as written:
            os.fsync(written.fileno())
        _publish(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + "-journal").unlink(missing_ok=True)
    return dest


def _publish(tmp: Path, dest: Path) -> None:
    """Give the finished file `tmp` the name `dest`, never replacing an existing file or link there."""
    exists = DatabaseError(
        f"{dest} findes allerede; vælg et andet navn (intet er skrevet).",
        f"{dest} already exists; choose another name (nothing was written)",
    )
    try:
        os.link(tmp, dest)  # fails with EEXIST on any existing name, a dangling symlink included
    except FileExistsError:
        raise exists from None
    except OSError:
        # A file system without hard links (FAT on a USB stick): check, then rename.
        if os.path.lexists(dest):
            raise exists from None
        os.rename(tmp, dest)


def ensure_schema(engine: Engine) -> str | None:
    """Bring the database to the newest schema. Returns the path of the backup copy made first, if any.

    Reading the stored revision is cheap; Alembic is only imported when there is work to do.
    A database from a newer version of the app is refused rather than touched.
    """
    try:
        revision = current_revision(engine)
    except DatabaseError:
        raise
    except Exception as exc:  # unreadable file, wrong password, server down …
        raise DatabaseError(
            "Databasen kan ikke åbnes. Kontrollér stien eller adressen.",
            f"cannot open the database: {type(exc).__name__}: "
            f"{scrub(str(exc), engine.url.render_as_string(hide_password=False))}",
        ) from None
    if revision == HEAD:
        return None
    if revision is not None and revision not in REVISIONS:
        raise DatabaseError(
            "Databasen er skrevet af en nyere version af digiworkshop. Opdatér programmet først.",
            f"the database has schema {revision!r}, newer than this version of digiworkshop knows; "
            "update digiworkshop before opening it",
        )
    backup = None
    path = sqlite_path(str(engine.url))
    if revision is not None and path is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        name = f"{path.name}.{revision}.{stamp}"
        # A second attempt within the same second (after a failed upgrade) keeps the first copy too.
        n = 1
        while os.path.lexists(copy := path.with_name(f"{name}{'' if n == 1 else f'-{n}'}.bak")):
            n += 1
        backup = str(backup_sqlite(path, copy))
    try:
        upgrade(engine)
    except Exception as exc:  # noqa: BLE001 - a full disk, a read-only file, a lock held elsewhere …
        raise _upgrade_failed(engine, revision, backup, exc) from None
    return backup


def _upgrade_failed(engine: Engine, revision: str | None, backup: str | None, exc: Exception) -> DatabaseError:
    """One line saying an upgrade failed, why, and whether the file is as it was (the migrations run in
    one transaction, so it normally is; if not, the copy made before is named)."""
    original = getattr(exc, "orig", None) or exc
    reason = scrub(str(original), engine.url.render_as_string(hide_password=False)) or type(original).__name__
    if "disk" in reason.lower() and ("full" in reason.lower() or "i/o" in reason.lower()):
        reason += ": is the disk full?"
    try:
        unchanged = current_revision(engine) == revision
    except Exception:  # noqa: BLE001 - cannot even read it back: say what is known
        unchanged = False
    copy_da = f" En kopi fra før ligger her: {backup}." if backup else ""
    copy_en = f"; a copy from before is at {backup}" if backup else ""
    if unchanged:
        return DatabaseError(
            f"Databasen kunne ikke opdateres til den nye version ({reason}). Filen er uændret.{copy_da} "
            "Frigør plads, og start programmet igen.",
            f"the database could not be upgraded ({reason}); it is unchanged{copy_en}",
        )
    return DatabaseError(
        f"Databasen kunne ikke opdateres til den nye version ({reason}).{copy_da} Brug kopien, hvis filen "
        "ikke kan åbnes.",
        f"the database upgrade failed half-way ({reason}){copy_en}; restore that copy if the file will not open",
    )


def upgrade(engine: Engine, target: str = "head") -> None:
    """Run the Alembic migrations shipped in the package up to target."""
    from alembic import command

    from .migrations import alembic_config

    with engine.connect() as conn:
        cfg = alembic_config(conn)
        command.upgrade(cfg, target)


def copy_file_beside(path: Path, suffix: str) -> Path:
    """A plain file copy beside path (used for databases that are not live)."""
    dest = path.with_name(path.name + suffix)
    shutil.copy2(path, dest)
    return dest

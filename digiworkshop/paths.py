"""Where things live: the default database file, the database URL, and the default export folder."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "digiworkshop"
DB_ENV = "DIGIWORKSHOP_DB"
EXPORT_ENV = "DIGIWORKSHOP_EXPORTS"


def data_dir() -> Path:
    """The user's data directory for digiworkshop (platformdirs), e.g. ~/.local/share/digiworkshop."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """The embedded SQLite file used when neither --db nor DIGIWORKSHOP_DB says otherwise."""
    return data_dir() / "digiworkshop.db"


def database_url(db: str | None = None) -> str:
    """Turn --db / DIGIWORKSHOP_DB (a file path or an SQLAlchemy URL) into an SQLAlchemy URL."""
    value = db or os.environ.get(DB_ENV) or str(default_db_path())
    if "://" in value:
        return _with_driver(value)
    return "sqlite:///" + str(Path(value).expanduser().resolve())


# A bare PostgreSQL URL (as psql, pg_dump and most docs write it) means the psycopg 3 driver we ship;
# SQLAlchemy alone would pick psycopg2, which is not installed.
_DRIVER_FOR_SCHEME = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}


def _with_driver(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    return _DRIVER_FOR_SCHEME.get(scheme.lower(), scheme) + sep + rest


def checkout_root() -> Path | None:
    """The source checkout this package runs from, if any (an editable install)."""
    root = Path(__file__).resolve().parent.parent
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and (root / "screens").is_dir() and 'name = "digiworkshop"' in pyproject.read_text(
        encoding="utf-8", errors="replace"
    ):
        return root
    return None


def default_export_dir() -> Path:
    """exports/ in a checkout; the user's documents folder when installed (DIGIWORKSHOP_EXPORTS overrides)."""
    if env := os.environ.get(EXPORT_ENV):
        return Path(env).expanduser()
    if root := checkout_root():
        return root / "exports"
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / "digiworkshop"


def redact_url(url: str) -> str:
    """A database URL safe to print: the password is replaced by ***."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown without anything after the scheme's user part
        return url.split("@")[-1] if "@" in url else url

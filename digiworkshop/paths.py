"""Where things live: the default database file, the database URL, the default export folder, and the
laptop's small settings file (the last export folder, the day each workshop's review was offered)."""

from __future__ import annotations

import os
from datetime import date
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
    return _DRIVER_FOR_SCHEME.get(scheme.lower(), scheme) + sep + _encode_credentials(scheme, rest)


def _split_credentials(scheme: str, rest: str) -> tuple[str, str | None, str] | None:
    """(user, password or None, what follows the credentials) of a server URL's text after "://", or None
    when it has no credentials. The credentials end at the LAST "@": a host name never holds one, while
    a password typed as it is (not percent-encoded) may hold "@", ":", "/", "#", "?" or spaces."""
    if scheme.lower().startswith("sqlite") or "@" not in rest:
        return None  # a file path may hold "@"
    userinfo, _, after = rest.rpartition("@")
    user, colon, password = userinfo.partition(":")
    return user, (password if colon else None), after


def _encode_credentials(scheme: str, rest: str) -> str:
    """The text after "://" with user and password percent-encoded, so whatever the password holds is
    read as the password, never as part of the host (and so never printed as the host). Already
    encoded text ("p%40ss") reads the same as before."""
    from urllib.parse import quote, unquote

    split = _split_credentials(scheme, rest)
    if split is None:
        return rest
    user, password, after = split
    user = quote(unquote(user), safe="")
    if password is None:
        return f"{user}@{after}"
    return f"{user}:{quote(unquote(password), safe='')}@{after}"


SETTINGS_FILE = "settings.json"


def settings_path() -> Path:
    """The small settings file in the user's config folder (platformdirs), e.g.
    ~/.config/digiworkshop/settings.json: choices of the facilitator's that belong to no workshop."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / SETTINGS_FILE


def _read_settings() -> dict:
    import json

    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: the defaults hold (a setting is never worth a failed start)
    return data if isinstance(data, dict) else {}


def _write_settings(data: dict) -> None:
    """Write the settings file whole. A failure to write is ignored: a setting is a convenience, never
    worth a failed export or open."""
    import json
    import tempfile

    path = settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A new file of a random name (never a link someone left at a known name), then renamed over
        # the old one: never half a file.
        fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                json.dump(data, file, ensure_ascii=False, indent=2)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass


def remember_export_dir(folder: Path) -> None:
    """Keep the folder the facilitator last exported to, so the next export offers it again. A failure
    to write is ignored: the export itself went well, and the documents folder is offered instead."""
    data = _read_settings()
    data["export_dir"] = str(folder)
    _write_settings(data)


REVIEW_OFFERED = "review_offered"  # workshop uid → the day (ISO) the review of its actions was offered


def review_offered_on(uid: str) -> date | None:
    """The day the review of this workshop's open actions was last offered on this laptop (None: not
    that anyone remembers)."""
    offered = _read_settings().get(REVIEW_OFFERED)
    value = offered.get(uid) if isinstance(offered, dict) else None
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def remember_review_offered(uid: str, day: date) -> None:
    """Note that the review was offered for this workshop on day: it is offered once per meeting day.
    Only days equal to this one are kept for other workshops; an older day no longer stops an offer."""
    data = _read_settings()
    offered = data.get(REVIEW_OFFERED)
    offered = offered if isinstance(offered, dict) else {}
    kept = {key: value for key, value in offered.items() if value == day.isoformat()}
    kept[uid] = day.isoformat()
    data[REVIEW_OFFERED] = kept
    _write_settings(data)


def default_export_dir() -> Path:
    """Where exports go: DIGIWORKSHOP_EXPORTS if set, else the folder last chosen in the export dialog,
    else digiworkshop/ in the user's documents folder (never inside a source checkout)."""
    if env := os.environ.get(EXPORT_ENV):
        return Path(env).expanduser()
    chosen = _read_settings().get("export_dir")
    if isinstance(chosen, str) and chosen.strip():
        return Path(chosen).expanduser()
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / "digiworkshop"


def redact_url(url: str) -> str:
    """A database URL safe to print: the password is replaced by *** (parsed by hand, so a URL that
    SQLAlchemy cannot read, e.g. one with a port that is no number, is redacted just the same)."""
    from urllib.parse import unquote

    scheme, sep, rest = url.partition("://")
    split = _split_credentials(scheme, rest) if sep else None
    if split is None:
        return url
    user, password, after = split
    return f"{scheme}://{unquote(user)}{':***' if password is not None else ''}@{after}"


def url_password(url: str) -> str | None:
    """The password of a database URL as the server sees it (decoded), or None: for scrubbing messages."""
    from urllib.parse import unquote

    scheme, sep, rest = url.partition("://")
    split = _split_credentials(scheme, rest) if sep else None
    return unquote(split[1]) if split and split[1] else None

"""JSON export and import of a whole workshop: a stable, complete, human-readable document."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from .models import Workshop
from .store import PARTICIPANT_TEXT_FIELDS, PURPOSE_TEXT_FIELDS, WORKSHOP_TEXT_FIELDS, Store

FORMAT = "digiworkshop"
VERSION = 1


class ExchangeError(Exception):
    """A JSON file that cannot be imported (English message for the command line)."""


def workshop_document(store: Store, workshop_id: int) -> dict[str, Any]:
    """Everything stored about one workshop, without database ids (ids differ between stores)."""
    workshop = store.get_workshop(workshop_id)
    purpose = store.get_purpose(workshop_id)
    return {
        "format": FORMAT,
        "version": VERSION,
        "workshop": {
            "uid": workshop.uid,
            "title": workshop.title,
            "date": workshop.date.isoformat() if workshop.date else None,
            "place": workshop.place,
            "organisation": workshop.organisation,
            "facilitator": workshop.facilitator,
            "solution": workshop.solution,
            "phase": workshop.phase,
            "created_at": workshop.created_at.isoformat(),
        },
        "participants": [
            {key: getattr(p, key) for key in PARTICIPANT_TEXT_FIELDS} for p in store.list_participants(workshop_id)
        ],
        "purpose": {
            **{key: getattr(purpose, key) for key in PURPOSE_TEXT_FIELDS},
            "no_strategy": purpose.no_strategy,
        },
    }


def dumps(document: dict[str, Any]) -> str:
    """The JSON text of a document: stable order, Danish letters as themselves, newline at the end."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _require(mapping: Any, key: str, kind: type, where: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping:
        raise ExchangeError(f"{where}: missing {key!r}")
    value = mapping[key]
    if not isinstance(value, kind):
        raise ExchangeError(f"{where}.{key}: expected {kind.__name__}")
    return value


def parse_document(document: Any) -> dict[str, Any]:
    """Check a document's shape and turn it into the values Store.import_workshop takes."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ExchangeError("not a digiworkshop export (the 'format' field is missing or wrong)")
    version = document.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise ExchangeError(f"export version {version!r} is newer than this version of digiworkshop reads")
    raw = _require(document, "workshop", dict, "document")
    workshop: dict[str, Any] = {}
    for key in ("uid", *WORKSHOP_TEXT_FIELDS, "phase"):
        workshop[key] = _require(raw, key, str, "workshop")
    if not workshop["uid"]:
        raise ExchangeError("workshop.uid: must not be empty")
    date = raw.get("date")
    try:
        workshop["date"] = dt.date.fromisoformat(date) if date else None
        if raw.get("created_at"):
            workshop["created_at"] = dt.datetime.fromisoformat(raw["created_at"])
    except (TypeError, ValueError):
        raise ExchangeError("workshop.date or workshop.created_at: not an ISO date") from None
    participants = []
    for i, item in enumerate(_require(document, "participants", list, "document")):
        participants.append({key: _require(item, key, str, f"participants[{i}]") for key in PARTICIPANT_TEXT_FIELDS})
    raw_purpose = _require(document, "purpose", dict, "document")
    purpose: dict[str, Any] = {key: _require(raw_purpose, key, str, "purpose") for key in PURPOSE_TEXT_FIELDS}
    purpose["no_strategy"] = _require(raw_purpose, "no_strategy", bool, "purpose")
    return {"workshop": workshop, "participants": participants, "purpose": purpose}


def read_file(path: Path) -> dict[str, Any]:
    """Read and check an exported JSON file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ExchangeError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ExchangeError(f"{path}: cannot read the file ({exc.__class__.__name__})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExchangeError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    return parse_document(document)


def import_document(store: Store, document: Any, *, replace: bool = False) -> Workshop:
    """Store an exported workshop in one transaction. A workshop with the same uid is replaced only
    when asked; otherwise the import is refused and nothing is written."""
    values = parse_document(document)
    return store.import_workshop(values, replace=replace)

"""JSON export and import of a whole workshop: a stable, complete, human-readable document.

The document holds the workshop's fields and one list per table (see store.transfer): rows carry a
"ref" (their 1-based index) instead of a database id, and foreign keys as "<name>_ref".
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlmodel import SQLModel

from . import domain
from .domain import InputError, clean_text
from .models import (
    Action, ActionFollowUp, EvaluationEntry, EvaluationRound, Experience, GroupMember, Note, Participant,
    Purpose, Theme, TrialAction, TrialAnswer, TrialCycle, TrialLogEntry, Wish, WorkingGroup, Workshop,
)
from .store import Store
from .store.transfer import TABLES, WORKSHOP_FIELDS, foreign_keys

FORMAT = "digiworkshop"
VERSION = 1

SECTIONS: dict[type[SQLModel], str] = {
    Participant: "participants",
    Purpose: "purpose",
    WorkingGroup: "working_group",
    GroupMember: "group_members",
    Wish: "wishes",
    Experience: "experiences",
    Theme: "themes",
    Note: "notes",
    Action: "actions",
    TrialAction: "trials",
    TrialCycle: "trial_cycles",
    TrialAnswer: "trial_answers",
    TrialLogEntry: "trial_log",
    EvaluationRound: "evaluation_rounds",
    EvaluationEntry: "evaluation_entries",
    ActionFollowUp: "action_follow_ups",
}
assert tuple(SECTIONS) == TABLES

# Fields whose values are keys of the guide's fixed lists.
CHOICES: dict[tuple[type[SQLModel], str], tuple[str, ...]] = {
    (Workshop, "phase"): ("", *domain.PHASES),
    (GroupMember, "archetype"): ("", *domain.ARCHETYPES),
    (Wish, "kind"): domain.WISH_KINDS,
    (Wish, "category"): domain.WISH_CATEGORIES,
    (Wish, "topic"): domain.WISH_TOPICS,
    (Theme, "perspective"): domain.PERSPECTIVES,
    (Theme, "kind"): domain.NOTE_KINDS,
    (Note, "perspective"): domain.PERSPECTIVES,
    (Note, "kind"): domain.NOTE_KINDS,
    (Action, "perspective"): domain.PERSPECTIVES,
    (Action, "kind"): domain.NOTE_KINDS,
    (Action, "status"): domain.ACTION_STATUSES,
    (ActionFollowUp, "status"): domain.ACTION_STATUSES,
    (TrialCycle, "phase"): domain.TRIAL_PHASES,
    (TrialAnswer, "phase"): domain.TRIAL_PHASES,
    (EvaluationEntry, "question"): domain.EVALUATION_QUESTIONS,
}


class ExchangeError(Exception):
    """A JSON file that cannot be imported (English message for the command line)."""


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _data_fields(model: type[SQLModel]) -> list[str]:
    """The fields written to the document: everything but ids and foreign keys, in model order."""
    fks = foreign_keys(model)
    return [name for name in model.model_fields if name not in ("id", "workshop_id") and name not in fks]


def workshop_document(store: Store, workshop_id: int) -> dict[str, Any]:
    """Everything stored about one workshop, without database ids (ids differ between stores)."""
    workshop, rows = store.export_rows(workshop_id)
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "workshop": {name: _plain(getattr(workshop, name)) for name in WORKSHOP_FIELDS},
    }
    refs: dict[type[SQLModel], dict[int, int]] = {}
    for model in TABLES:
        fks = foreign_keys(model)
        has_id = "id" in model.__table__.columns
        refs[model] = {row.id: i for i, row in enumerate(rows[model], start=1)} if has_id else {}
        items = []
        for i, row in enumerate(rows[model], start=1):
            item: dict[str, Any] = {"ref": i}
            for column, parent in fks.items():
                target = getattr(row, column)
                item[column[:-3] + "_ref"] = refs[parent].get(target) if target is not None else None
            for name in _data_fields(model):
                item[name] = _plain(getattr(row, name))
            items.append(item)
        document[SECTIONS[model]] = items
    return document


def dumps(document: dict[str, Any]) -> str:
    """The JSON text of a document: stable order, Danish letters as themselves, newline at the end."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _check_row(model: type[SQLModel], raw: dict[str, Any], where: str) -> dict[str, Any]:
    """Validate one row's data fields with the model's own types and the guide's choices."""
    data = {name: raw[name] for name in _data_fields(model) if name in raw}
    # Foreign keys are checked as refs by the caller; placeholders satisfy the model's own check.
    for name in ("workshop_id", *foreign_keys(model)):
        if name in model.model_fields and model.model_fields[name].is_required():
            data[name] = 0
    try:
        checked = model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ExchangeError(f"{where}.{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    values = {}
    for name in _data_fields(model):
        value = getattr(checked, name)
        if isinstance(value, str):
            try:
                value = clean_text(value, label=name)
            except InputError as exc:
                raise ExchangeError(f"{where}.{name}: {exc.english}") from None
            choices = CHOICES.get((model, name))
            if choices is not None and value not in choices:
                raise ExchangeError(f"{where}.{name}: {value!r} is not one of {', '.join(choices)}")
        values[name] = value
    return values


def parse_document(document: Any) -> dict[str, Any]:
    """Check a document's shape and types; return what Store.import_workshop takes."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ExchangeError("not a digiworkshop export (the 'format' field is missing or wrong)")
    version = document.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise ExchangeError(f"export version {version!r} is newer than this version of digiworkshop reads")
    raw_workshop = document.get("workshop")
    if not isinstance(raw_workshop, dict):
        raise ExchangeError("document: missing 'workshop'")
    for key in ("uid", "title"):
        if not isinstance(raw_workshop.get(key), str) or not raw_workshop[key].strip():
            raise ExchangeError(f"workshop: missing {key!r}")
    workshop = _check_row(Workshop, raw_workshop, "workshop")
    workshop["uid"] = raw_workshop["uid"]
    tables: dict[type[SQLModel], list[dict[str, Any]]] = {}
    refs: dict[type[SQLModel], set[int]] = {}
    for model in TABLES:
        section = SECTIONS[model]
        items = document.get(section, [])
        if not isinstance(items, list):
            raise ExchangeError(f"{section}: expected a list")
        fks = foreign_keys(model)
        own_refs = {item.get("ref") for item in items if isinstance(item, dict)}
        rows = []
        for i, item in enumerate(items):
            where = f"{section}[{i}]"
            if not isinstance(item, dict) or not isinstance(item.get("ref"), int):
                raise ExchangeError(f"{where}: expected an object with an integer 'ref'")
            row = _check_row(model, item, where)
            row["ref"] = item["ref"]
            for column, parent in fks.items():
                key = column[:-3] + "_ref"
                ref = item.get(key)
                required = not model.__table__.columns[column].nullable
                known = own_refs if parent is model else refs.get(parent, set())
                if ref is None and not required:
                    row[key] = None
                elif not isinstance(ref, int) or ref not in known:
                    raise ExchangeError(f"{where}.{key}: refers to no row of {SECTIONS.get(parent, parent.__name__)}")
                else:
                    row[key] = ref
            rows.append(row)
        if len(own_refs) != len(rows):
            raise ExchangeError(f"{section}: 'ref' values must be unique")
        tables[model] = rows
        refs[model] = own_refs
    return {"workshop": workshop, "tables": tables}


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
    """Store an exported workshop in one transaction; nothing is written if any part is wrong."""
    return store.import_workshop(parse_document(document), replace=replace)

"""JSON export and import of a whole workshop: a stable, complete, human-readable document.

The document holds the workshop's fields and one list per table (see store.transfer): rows carry a
"ref" (their 1-based index) instead of a database id, and foreign keys as "<name>_ref".
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import stat
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import SQLModel

from . import domain
from .domain import InputError, check_date_range, clean_text
from .models import (
    Action, ActionFollowUp, EvaluationEntry, EvaluationRound, Experience, GroupMember, Note, Participant,
    Purpose, Theme, TrialAction, TrialAnswer, TrialCycle, TrialLogEntry, Wish, WorkingGroup, Workshop,
)
from .store import Store
from .store.transfer import TABLES, WORKSHOP_FIELDS, foreign_keys
from .text import visible

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


# Limits of what an import reads. A file larger than this is not a workshop (200,000 notes are
# about 71 MB); a table longer than MAX_ROWS neither, and refusing it early keeps memory bounded.
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_ROWS = 1_000_000
# Positions, votes and cycle numbers: far below PostgreSQL's INTEGER (2**31 - 1), because the store
# numbers the next row max + 1 (a position of 2**63 - 1 made every later insert in that workshop fail).
MAX_COUNT = 1_000_000_000
SUPPORTED_VERSIONS = (1,)
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class _Field:
    """How one data field of a table is checked (derived once from the model and its column)."""

    name: str
    kind: type  # str, int, bool, dt.date or dt.datetime
    nullable: bool
    required: bool  # no default: the document must give it
    default: Any
    default_factory: Any
    max_length: int | None
    low: int
    high: int
    choices: frozenset[str] | None


def _kind(annotation: Any) -> type:
    """The plain Python type of a field's annotation (`dt.date | None` → dt.date)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    return args[0] if args else annotation


@functools.cache
def _fields(model: type[SQLModel]) -> tuple[_Field, ...]:
    """The checks for every data field of a table, in model order."""
    result = []
    for name in _data_fields(model):
        info = model.model_fields[name]
        column = model.__table__.columns[name]
        low, high = 0, MAX_COUNT
        for item in info.metadata:
            low = getattr(item, "ge", low)
            high = getattr(item, "le", high)
        choices = CHOICES.get((model, name))
        result.append(_Field(
            name=name, kind=_kind(info.annotation), nullable=bool(column.nullable), required=info.is_required(),
            default=None if info.is_required() else info.default, default_factory=info.default_factory,
            max_length=getattr(column.type, "length", None), low=low, high=high,
            choices=frozenset(choices) if choices is not None else None,
        ))
    return tuple(result)


def _type_name(value: Any) -> str:
    """The JSON name of a value's type, for messages."""
    if value is None:
        return "null"
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def _check_value(field: _Field, value: Any, where: str) -> Any:
    """One field's value as it will be stored, or ExchangeError naming the record and field."""
    kind = field.kind
    if value is None:
        if field.nullable:
            return None
        raise ExchangeError(f"{where}: must not be null")
    if kind is str:
        if type(value) is not str:
            raise ExchangeError(f"{where}: expected a string, got {_type_name(value)}")
        try:
            value = clean_text(value, label=where)
        except InputError as exc:
            raise ExchangeError(exc.english) from None
        if field.choices is not None and value not in field.choices:
            raise ExchangeError(f"{where}: {visible(repr(value[:80]))} is not one of {', '.join(sorted(field.choices))}")
        if field.max_length is not None and len(value) > field.max_length:
            raise ExchangeError(f"{where}: longer than {field.max_length} characters")
        return value
    if kind is int:
        if type(value) is not int:
            raise ExchangeError(f"{where}: expected an integer, got {_type_name(value)}")
        if not field.low <= value <= field.high:
            shown = str(value) if len(str(value)) <= 24 else f"an integer of {len(str(value))} digits"
            raise ExchangeError(f"{where}: {shown} is outside {field.low}..{field.high}")
        return value
    if kind is bool:
        if type(value) is not bool:
            raise ExchangeError(f"{where}: expected true or false, got {_type_name(value)}")
        return value
    if kind is dt.datetime or kind is dt.date:
        if type(value) is not str:
            raise ExchangeError(f"{where}: expected an ISO date as a string, got {_type_name(value)}")
        try:
            if kind is dt.datetime:
                parsed: dt.date = dt.datetime.fromisoformat(value)
            else:
                parsed = dt.date.fromisoformat(value)
        except ValueError:
            raise ExchangeError(f"{where}: {visible(repr(value[:40]))} is not an ISO date") from None
        try:
            check_date_range(parsed if kind is dt.date else parsed.date(), label=where)
        except InputError as exc:
            raise ExchangeError(exc.english) from None
        if kind is dt.datetime:
            # Stored as UTC (naive datetimes fail at commit); an offset is converted, none means UTC.
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=dt.timezone.utc)
            else:
                parsed = parsed.astimezone(dt.timezone.utc)
        return parsed
    raise TypeError(f"no import check for {kind!r}")  # a new column type: teach _check_value


def _check_row(model: type[SQLModel], raw: dict[str, Any], where: str) -> dict[str, Any]:
    """Validate one row's data fields with the model's own types, ranges and the guide's choices."""
    values = {}
    for field in _fields(model):
        name = field.name
        if name in raw:
            values[name] = _check_value(field, raw[name], f"{where}.{name}")
        elif field.required:
            raise ExchangeError(f"{where}: missing {name!r}")
        elif field.default_factory is not None:
            values[name] = field.default_factory()
        else:
            values[name] = field.default
    return values


def _check_self_references(section: str, rows: list[dict[str, Any]], key: str) -> None:
    """Refuse a row that refers to itself, a cycle of any length, or a chain (merged into a merged note).

    The app merges one level deep (a note merged into a note that is itself merged is re-pointed);
    anything else makes the notes vanish from every view and the report."""
    target = {row["ref"]: row[key] for row in rows if row[key] is not None}
    index = {row["ref"]: i for i, row in enumerate(rows)}
    for i, row in enumerate(rows):
        ref, points_to = row["ref"], row[key]
        if points_to is None:
            continue
        name = key[:-4]
        if points_to == ref:
            raise ExchangeError(f"{section}[{i}]: {name} {ref} refers to itself")
        if points_to in target:
            path, seen = [ref], {ref}
            step = points_to
            while step is not None and step not in seen:
                path.append(step)
                seen.add(step)
                step = target.get(step)
            if step is not None:  # came back round
                cycle = " -> ".join(map(str, [*path[path.index(step):], step]))
                raise ExchangeError(f"{section}[{i}]: {name} {points_to} makes a cycle ({cycle})")
            raise ExchangeError(f"{section}[{i}]: {name} {points_to} is itself merged into {target[points_to]} "
                                f"({section}[{index[points_to]}]); merges are one level deep")


def parse_document(document: Any) -> dict[str, Any]:
    """Check a document's shape and types; return what Store.import_workshop takes."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ExchangeError("not a digiworkshop export (the 'format' field is missing or wrong)")
    if "version" not in document:
        raise ExchangeError("document: missing 'version'")
    version = document["version"]
    if type(version) is not int:
        raise ExchangeError(f"document: 'version' must be an integer, got {_type_name(version)}")
    if version > max(SUPPORTED_VERSIONS):
        raise ExchangeError(f"export version {version} is newer than this version of digiworkshop reads")
    if version not in SUPPORTED_VERSIONS:
        raise ExchangeError(f"export version {version} is not a version digiworkshop ever wrote")
    raw_workshop = document.get("workshop")
    if not isinstance(raw_workshop, dict):
        raise ExchangeError("document: missing 'workshop'")
    for key in ("uid", "title"):
        if not isinstance(raw_workshop.get(key), str) or not raw_workshop[key].strip():
            raise ExchangeError(f"workshop: missing {key!r}")
    workshop = _check_row(Workshop, raw_workshop, "workshop")
    tables: dict[type[SQLModel], list[dict[str, Any]]] = {}
    refs: dict[type[SQLModel], dict[int, int]] = {}  # model → {ref: index in its list}
    for model in TABLES:
        section = SECTIONS[model]
        items = document.get(section, [])
        if not isinstance(items, list):
            raise ExchangeError(f"{section}: expected a list, got {_type_name(items)}")
        if len(items) > MAX_ROWS:
            raise ExchangeError(f"{section}: {len(items):,} rows; an import takes at most {MAX_ROWS:,} per table")
        if "id" not in model.__table__.columns and len(items) > 1:
            raise ExchangeError(f"{section}: a workshop has at most one (got {len(items)})")
        own_refs: dict[int, int] = {}
        for i, item in enumerate(items):
            if not isinstance(item, dict) or type(item.get("ref")) is not int:
                raise ExchangeError(f"{section}[{i}]: expected an object with an integer 'ref'")
            if item["ref"] in own_refs:
                raise ExchangeError(f"{section}[{i}]: ref {item['ref']} is used twice "
                                    f"(also by {section}[{own_refs[item['ref']]}])")
            own_refs[item["ref"]] = i
        fks = [(column[:-3] + "_ref", parent, not model.__table__.columns[column].nullable)
               for column, parent in foreign_keys(model).items()]
        rows = []
        for i, item in enumerate(items):
            where = f"{section}[{i}]"
            row = _check_row(model, item, where)
            row["ref"] = item["ref"]
            for key, parent, required in fks:
                ref = item.get(key)
                known = own_refs if parent is model else refs[parent]
                if ref is None:
                    if required:
                        raise ExchangeError(f"{where}.{key}: missing (it must name a row of {SECTIONS[parent]})")
                    row[key] = None
                elif type(ref) is not int:
                    raise ExchangeError(f"{where}.{key}: expected an integer ref, got {_type_name(ref)}")
                elif ref not in known:
                    raise ExchangeError(f"{where}.{key}: {ref} refers to no row of {SECTIONS[parent]}")
                else:
                    row[key] = ref
            rows.append(row)
        for key, parent, _ in fks:
            if parent is model:
                _check_self_references(section, rows, key)
        tables[model] = rows
        refs[model] = own_refs
    _check_round_cycles(tables)
    return {"workshop": workshop, "tables": tables}


def _check_round_cycles(tables: dict[type[SQLModel], list[dict[str, Any]]]) -> None:
    """An evaluation round about a trial's cycle must name a cycle of that trial."""
    trial_of_cycle = {row["ref"]: row["trial_ref"] for row in tables[TrialCycle]}
    for i, row in enumerate(tables[EvaluationRound]):
        cycle, trial = row["cycle_ref"], row["trial_ref"]
        if cycle is not None and trial is not None and trial_of_cycle[cycle] != trial:
            raise ExchangeError(f"evaluation_rounds[{i}].cycle_ref: cycle {cycle} belongs to trial "
                                f"{trial_of_cycle[cycle]}, not to trial {trial}")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object; a key given twice is refused (JSON would silently keep the last one)."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ExchangeError(f"the key {visible(repr(key[:40]))} appears twice in one object")
            seen.add(key)
    return result


def read_bytes(data: bytes, name: str = "the file") -> dict[str, Any]:
    """Decode and check the bytes of an exported JSON file (a UTF-8 byte-order mark is accepted)."""
    if data.startswith(_UTF8_BOM):  # Notepad saves UTF-8 with one
        data = data[len(_UTF8_BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExchangeError(f"{name}: not UTF-8 text (invalid byte at offset {exc.start})") from None
    try:
        document = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise ExchangeError(f"{name}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise ExchangeError(f"{name}: nested deeper than the JSON reader allows") from None
    except ExchangeError as exc:
        raise ExchangeError(f"{name}: {exc}") from None
    except ValueError:  # an integer literal longer than Python converts (4,300 digits)
        raise ExchangeError(f"{name}: holds a number too long to read") from None
    return parse_document(document)


def read_file(path: Path) -> dict[str, Any]:
    """Read and check an exported JSON file.

    The file type is checked before the file is opened: opening a FIFO would block, and a device
    (/dev/zero) never ends. Files over MAX_FILE_BYTES are refused unread."""
    path = Path(path)
    name = visible(str(path))
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ExchangeError(f"{name}: no such file") from None
    except OSError as exc:
        raise ExchangeError(f"{name}: cannot read the file ({exc.strerror or exc.__class__.__name__})") from None
    _check_file_type(info, name)
    try:
        # O_NONBLOCK: should the path be swapped for a FIFO after the check, opening still returns.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as file:
            _check_file_type(os.fstat(file.fileno()), name)
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ExchangeError(f"{name}: cannot read the file ({exc.strerror or exc.__class__.__name__})") from None
    if len(data) > MAX_FILE_BYTES:
        raise ExchangeError(f"{name}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; not a workshop export")
    return read_bytes(data, name)


def _check_file_type(info: os.stat_result, name: str) -> None:
    """Refuse anything but a regular file of a sane size."""
    if stat.S_ISDIR(info.st_mode):
        raise ExchangeError(f"{name}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ExchangeError(f"{name}: not a regular file (a pipe, device or socket); nothing was read")
    if info.st_size > MAX_FILE_BYTES:
        raise ExchangeError(f"{name}: {info.st_size / 1e6:.0f} MB is larger than "
                            f"{MAX_FILE_BYTES // (1024 * 1024)} MB; not a workshop export")


def import_document(store: Store, document: Any, *, replace: bool = False) -> Workshop:
    """Store an exported workshop in one transaction; nothing is written if any part is wrong."""
    return store.import_workshop(parse_document(document), replace=replace)

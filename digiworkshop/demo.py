"""The demo workshop (the Joblog case of seed 000), shipped as data and loaded idempotently."""

from __future__ import annotations

import tomllib
from typing import Any

from .exchange import FORMAT, VERSION, import_document
from .guide import data_path
from .models import Workshop
from .store import Store


def demo_document() -> dict[str, Any]:
    """The demo workshop as an export document, read from data/demo_workshop.toml."""
    with open(data_path("demo_workshop.toml"), "rb") as fh:
        raw = tomllib.load(fh)
    return {
        "format": FORMAT,
        "version": VERSION,
        "workshop": {key: raw.get(key, "") for key in (
            "uid", "title", "date", "place", "organisation", "facilitator", "solution", "phase")},
        "participants": [
            {"name": p["name"], "role": p.get("role", ""), "unit": p.get("unit", "")}
            for p in raw.get("participants", [])
        ],
        "purpose": {
            **{key: raw.get("purpose", {}).get(key, "") for key in (
                "statement", "fit", "borgere", "medarbejdere", "ledelse", "politikere", "strategy")},
            "no_strategy": bool(raw.get("purpose", {}).get("no_strategy", False)),
        },
    }


def load_demo(store: Store) -> Workshop:
    """The demo workshop, loaded into the store the first time and found again after that."""
    document = demo_document()
    existing = store.find_workshop_by_uid(document["workshop"]["uid"])
    if existing is not None:
        return existing
    return import_document(store, document)

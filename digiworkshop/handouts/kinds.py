"""Which handouts there are: their kinds in writing order, their Danish labels and file names, and the
error for a kind that does not exist. Shared by the package's entry point and its writers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .kit import slug

# In the order they are written; "all" means these (the JSON data export is asked for by name).
KINDS = ("report", "actions", "evaluation", "templates", "ics")
EXTRA_KINDS = ("json",)
LABELS = {  # Danish, for the app's export dialog
    "report": "Rapport over workshoppen (.docx)",
    "actions": "Handlinger pr. ansvarlig (.docx)",
    "evaluation": "Evalueringsvindue (.docx)",
    "templates": "Tomme skabeloner til bordene (.docx)",
    "ics": "Deadlines som kalenderfil (.ics)",
    "json": "Dataudtræk (.json)",
}
SUFFIXES = {
    "report": "rapport.docx",
    "actions": "handlinger.docx",
    "evaluation": "evaluering.docx",
    "templates": "skabeloner.docx",
    "ics": "deadlines.ics",
}


class HandoutError(Exception):
    """An export that cannot be done (an unknown kind); English message for the command line."""


def filename(document: dict[str, Any], workshop_id: int, kind: str, *, round_ref: int | None = None,
             trial_ref: int | None = None) -> str:
    """The file name of one handout: "<title-slug>-<id>-<kind>.<ext>" (an evaluation handout of one
    round or one prøvehandling says so, so it does not replace the handout of all rounds)."""
    base = f"{slug(document['workshop'].get('title', ''))}-{workshop_id}"
    if kind == "json":
        return f"{base}.json"
    if kind == "evaluation" and trial_ref is not None:
        return f"{base}-evaluering-proevehandling-{trial_ref}.docx"
    if kind == "evaluation" and round_ref is not None:
        return f"{base}-evaluering-runde-{round_ref}.docx"
    return f"{base}-{SUFFIXES[kind]}"


def expand_kinds(kinds: Iterable[str]) -> list[str]:
    """Kinds in writing order, "all" expanded, duplicates dropped; an unknown kind is an error."""
    wanted: list[str] = []
    for kind in kinds:
        for k in KINDS if kind == "all" else (kind,):
            if k not in (*KINDS, *EXTRA_KINDS):
                raise HandoutError(f"unknown handout kind {k!r}; choose from {', '.join((*KINDS, 'json', 'all'))}")
            if k not in wanted:
                wanted.append(k)
    return wanted

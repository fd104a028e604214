"""What each handout shows, worked out from a workshop document (exchange.workshop_document) and the
guide: plain functions returning rows of text, so the layout is tested without Word.

Every function takes the JSON-able document, never the store, so the handouts do not depend on how
each step's store mixin is written. Rows are linked by "ref" / "<name>_ref" as in the document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..domain import format_date_da, format_date_short
from ..guide import Guide

Row = dict[str, Any]

NO_OWNER = "Uden ansvarlig"


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def by_position(rows: Iterable[Row]) -> list[Row]:
    """Rows in the order the room put them (position, then ref); a stable sort keeps ties in order."""
    return sorted(rows, key=lambda r: (r.get("position", 0) or 0, r.get("ref", 0)))


def alive(rows: Iterable[Row]) -> list[Row]:
    """Rows not soft-deleted (deleted_at unset)."""
    return [r for r in rows if not r.get("deleted_at")]


def name_of(items: Iterable[Any], key: str) -> str:
    """The Danish name of a guide key (falls back to the key itself, so nothing typed is lost)."""
    for item in items:
        if item.key == key:
            return getattr(item, "name", None) or getattr(item, "text", key)
    return key


def deadline_text(action: Row) -> str:
    """An action's deadline for a table: "1/10-2026", or the words typed when they are no date."""
    return format_date_short(_date(action.get("deadline"))) or (action.get("deadline_text") or "")


def deadline_long(action: Row) -> str:
    """An action's deadline spelled out for a person's own sheet: "1. oktober 2026"."""
    return format_date_da(_date(action.get("deadline"))) or (action.get("deadline_text") or "")


# --- cover and step 1 ---------------------------------------------------------------------------


def purpose_of(document: Row) -> Row:
    """The purpose row (empty values when the step was not touched)."""
    return (document.get("purpose") or [{}])[0]


def has_purpose(document: Row, guide: Guide) -> bool:
    """Whether step 1 holds anything worth printing."""
    purpose = purpose_of(document)
    keys = ["statement", "fit", "strategy", *(a.key for a in guide.purpose.audiences)]
    return bool(purpose.get("no_strategy")) or any((purpose.get(k) or "").strip() for k in keys)


# --- step 2 -------------------------------------------------------------------------------------


def group_member_rows(document: Row, guide: Guide) -> list[tuple[str, str, str, str, str]]:
    """Members of the working group: name, role, advantage, contribution, archetype name."""
    return [
        (m.get("name", ""), m.get("role", ""), m.get("advantage", ""), m.get("contribution", ""),
         name_of(guide.archetypes, m["archetype"]) if m.get("archetype") else "")
        for m in by_position(document.get("group_members", []))
    ]


def working_group_of(document: Row) -> Row:
    """The working group's task and communication (empty values when not captured)."""
    return (document.get("working_group") or [{}])[0]


# --- step 3 -------------------------------------------------------------------------------------


def wishes_by_topic(document: Row, guide: Guide) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Wishes and requirements grouped by the guide's topics (in the guide's order): for each topic
    with wishes, rows of (text, Ønske/Krav, category). Deleted wishes are left out."""
    wishes = by_position(alive(document.get("wishes", [])))
    known = [t.key for t in guide.wish_topics]
    groups = []
    for topic in [*known, *sorted({w.get("topic", "") for w in wishes} - set(known))]:
        rows = [
            (w.get("text", ""), name_of(guide.wish_kinds, w.get("kind", "")),
             name_of(guide.wish_categories, w.get("category", "")))
            for w in wishes if w.get("topic", "") == topic
        ]
        if rows:
            groups.append((name_of(guide.wish_topics, topic), rows))
    return groups


def experience_rows(document: Row) -> list[tuple[str, str, str, str]]:
    """Experiences from other municipalities: municipality, contact, solution, what they learned."""
    return [
        (e.get("municipality", ""), e.get("contact", ""), e.get("solution", ""), e.get("learned", ""))
        for e in by_position(document.get("experiences", []))
    ]


# --- step 4a/4b ---------------------------------------------------------------------------------


def live_notes(document: Row) -> list[Row]:
    """Brainstorm notes that count: not deleted and not merged into another note."""
    return [n for n in by_position(alive(document.get("notes", []))) if n.get("merged_into_ref") is None]


@dataclass
class GridRow:
    """One perspective of the 3×2 grid: the potentials and the barriers noted from it."""

    perspective: str
    potentials: list[str] = field(default_factory=list)
    barriers: list[str] = field(default_factory=list)


def brainstorm_grid(document: Row, guide: Guide) -> list[GridRow]:
    """The 3×2 grid (Fagligt / Personligt/individuelt / Organisatorisk × Potentialer / Barrierer)."""
    rows = []
    notes = live_notes(document)
    for perspective in guide.perspectives:
        row = GridRow(perspective.name)
        for note in notes:
            if note.get("perspective") != perspective.key:
                continue
            (row.potentials if note.get("kind") == "potentiale" else row.barriers).append(note.get("text", ""))
        rows.append(row)
    return rows


def theme_rows(document: Row, guide: Guide) -> list[tuple[str, str, str, str, str]]:
    """Themes of 4b: name, perspective, potentiale/barriere, votes, central mark; most votes first."""
    themes = sorted(by_position(document.get("themes", [])), key=lambda t: -(t.get("votes") or 0))
    return [_ranked_row(t.get("name", ""), t, guide) for t in themes]


def prioritised_note_rows(document: Row, guide: Guide) -> list[tuple[str, str, str, str, str]]:
    """Notes given votes or marked central in 4b (used when the room prioritised notes, not themes)."""
    notes = [n for n in live_notes(document) if (n.get("votes") or 0) > 0 or n.get("central")]
    notes.sort(key=lambda n: (not n.get("central"), -(n.get("votes") or 0)))
    return [_ranked_row(n.get("text", ""), n, guide) for n in notes]


CENTRAL_MARK = "★ Central"


def _ranked_row(text: str, row: Row, guide: Guide) -> tuple[str, str, str, str, str]:
    return (
        text,
        name_of(guide.perspectives, row.get("perspective", "")),
        name_of(guide.note_kinds, row.get("kind", "")),
        str(row.get("votes") or 0),
        CENTRAL_MARK if row.get("central") else "",
    )


def theme_note_texts(document: Row, theme_ref: int) -> list[str]:
    """The texts of the live notes grouped under a theme."""
    return [n.get("text", "") for n in live_notes(document) if n.get("theme_ref") == theme_ref]


# --- step 4c ------------------------------------------------------------------------------------


@dataclass
class PlanTable:
    """One of the seed's two action-plan tables, its rows grouped by perspective."""

    kind: str  # "barriere" | "potentiale"
    columns: tuple[str, str, str, str]
    groups: list[tuple[str, list[tuple[str, str, str, str]]]]


def action_plan(document: Row, guide: Guide) -> list[PlanTable]:
    """The barrier table then the potential table, each with rows per perspective (guide order)."""
    actions = by_position(document.get("actions", []))
    tables = []
    for kind, columns in (("barriere", guide.action_plan.barrier_columns),
                          ("potentiale", guide.action_plan.potential_columns)):
        groups = []
        for perspective in guide.perspectives:
            rows = [
                (a.get("subject", ""), a.get("how", ""), a.get("owner", ""), deadline_text(a))
                for a in actions if a.get("kind") == kind and a.get("perspective") == perspective.key
            ]
            if rows:
                groups.append((perspective.name, rows))
        if groups:
            tables.append(PlanTable(kind, columns, groups))
    return tables


def _owner_key(owner: str) -> str:
    return " ".join(owner.split()).casefold()


def actions_by_owner(document: Row, guide: Guide) -> list[tuple[str, list[tuple[str, str, str, str]]]]:
    """For each owner (as typed, spacing and case folded together; "Uden ansvarlig" last): rows of
    (subject, how, deadline, status name) sorted by deadline, undated last."""
    groups: dict[str, tuple[str, list[Row]]] = {}
    for action in by_position(document.get("actions", [])):
        owner = (action.get("owner") or "").strip()
        key = _owner_key(owner)
        groups.setdefault(key, (" ".join(owner.split()) or NO_OWNER, []))[1].append(action)
    result = []
    for key in sorted(groups, key=lambda k: (k == "", k)):
        owner, actions = groups[key]
        actions.sort(key=lambda a: (_date(a.get("deadline")) is None, _date(a.get("deadline")) or dt.date.max))
        result.append((owner, [
            (a.get("subject", ""), a.get("how", ""), deadline_long(a), name_of(guide.action_statuses, a.get("status", "")))
            for a in actions
        ]))
    return result


# --- step 5 and trials --------------------------------------------------------------------------


def evaluation_window(document: Row, round_ref: int, guide: Guide) -> dict[str, list[str]]:
    """One round's answers per quadrant (guide question key → texts); deleted answers left out."""
    window: dict[str, list[str]] = {q.key: [] for q in guide.evaluation_questions}
    for entry in by_position(alive(document.get("evaluation_entries", []))):
        if entry.get("round_ref") == round_ref:
            window.setdefault(entry.get("question", ""), []).append(entry.get("text", ""))
    return window


def round_title(document: Row, round_row: Row, *, with_trial: bool = True) -> str:
    """A round's heading: its title, the prøvehandling it is about, and its date
    ("Opfølgning efter tre måneder – 15/1-2027")."""
    parts = [round_row.get("title") or "Evalueringsrunde", format_date_short(_date(round_row.get("date")))]
    trial = _find(document.get("trials", []), round_row.get("trial_ref"))
    if with_trial and trial is not None and trial.get("title"):
        parts.insert(1, f"prøvehandling: {trial['title']}")
    return " – ".join(p for p in parts if p)


def evaluation_rounds(document: Row) -> list[Row]:
    """Rounds in their order (position, then date)."""
    return by_position(document.get("evaluation_rounds", []))


def trial_rounds(document: Row, trial_ref: int) -> list[Row]:
    """The evaluation rounds about one prøvehandling (directly or through one of its cycles), oldest
    first (undated ones last), so side by side they read as the trial's history."""
    cycles = {c["ref"] for c in document.get("trial_cycles", []) if c.get("trial_ref") == trial_ref}
    rounds = [r for r in evaluation_rounds(document)
              if r.get("trial_ref") == trial_ref or (r.get("cycle_ref") is not None and r.get("cycle_ref") in cycles)]
    return sorted(rounds, key=lambda r: (_date(r.get("date")) is None, _date(r.get("date")) or dt.date.max))


def _find(rows: Iterable[Row], ref: int | None) -> Row | None:
    if ref is None:
        return None
    return next((r for r in rows if r.get("ref") == ref), None)


@dataclass
class CyclePhase:
    """One phase of a cycle: its name and the guide's questions with the answers typed."""

    name: str
    answers: list[tuple[str, str]]


@dataclass
class CycleView:
    """One turn of a trial's learning circle."""

    number: int
    phase: str
    started_on: str
    phases: list[CyclePhase]
    log: list[tuple[str, str]]


def trial_cycles(document: Row, trial_ref: int, guide: Guide) -> list[CycleView]:
    """A trial's cycles in order, each with the answered phase questions and its dated log."""
    cycles = sorted((c for c in document.get("trial_cycles", []) if c.get("trial_ref") == trial_ref),
                    key=lambda c: (c.get("number") or 0, c["ref"]))
    answers = document.get("trial_answers", [])
    result = []
    for cycle in cycles:
        phases = []
        for phase in guide.trial_phases:
            typed = {a.get("question"): a.get("text", "") for a in answers
                     if a.get("cycle_ref") == cycle["ref"] and a.get("phase") == phase.key}
            known = [(q.text, typed.pop(q.key)) for q in phase.questions if (typed.get(q.key) or "").strip()]
            known += [(key, text) for key, text in typed.items() if (text or "").strip()]
            if known:
                phases.append(CyclePhase(phase.name, known))
        log = sorted(((_date(e.get("date")), e.get("text", "")) for e in document.get("trial_log", [])
                      if e.get("cycle_ref") == cycle["ref"]), key=lambda x: x[0] or dt.date.min)
        result.append(CycleView(
            number=cycle.get("number") or 0,
            phase=name_of(guide.trial_phases, cycle.get("phase", "")),
            started_on=format_date_short(_date(cycle.get("started_on"))),
            phases=phases,
            log=[(format_date_short(d), text) for d, text in log],
        ))
    return result

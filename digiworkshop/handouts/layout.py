"""What each handout shows, worked out from a workshop document (exchange.workshop_document) and the
guide: plain functions returning rows of text, so the layout is tested without Word.

Every function takes the JSON-able document, never the store, so the handouts do not depend on how
each step's store mixin is written. Rows are linked by "ref" / "<name>_ref" as in the document.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..domain import format_date_da, format_date_short
from ..guide import Guide
from ..rules.action_plan import match_owner, split_owners

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


@dataclass(frozen=True)
class NoteView:
    """A note as a handout shows it: its text, who said it (empty when nobody was named) and the
    notes merged into it as duplicates, each (text, who said it), oldest first."""

    text: str
    by: str = ""
    merged: tuple[tuple[str, str], ...] = ()


class NoteViews:
    """Builds NoteViews for one document: the participants' names and the merged notes are looked
    up once, so a workshop of thousands of notes costs one pass, not one per note."""

    def __init__(self, document: Row) -> None:
        self._names = {p.get("ref"): p.get("name", "") for p in document.get("participants", [])}
        self._merged: dict[int, list[Row]] = {}
        for note in sorted(alive(document.get("notes", [])), key=lambda n: n.get("ref", 0)):
            if note.get("merged_into_ref") is not None:
                self._merged.setdefault(note["merged_into_ref"], []).append(note)

    def by(self, note: Row) -> str:
        """Who said a note (the participant's name), or ""."""
        ref = note.get("participant_ref")
        return (self._names.get(ref) or "") if ref is not None else ""

    def __call__(self, note: Row) -> NoteView:
        merged = self._merged.get(note.get("ref"), ())
        return NoteView(note.get("text", ""), self.by(note),
                        tuple((m.get("text", ""), self.by(m)) for m in merged))


@dataclass
class GridRow:
    """One perspective of the 3×2 grid: the potentials and the barriers noted from it."""

    perspective: str
    potentials: list[NoteView] = field(default_factory=list)
    barriers: list[NoteView] = field(default_factory=list)


def brainstorm_grid(document: Row, guide: Guide) -> list[GridRow]:
    """The 3×2 grid (Fagligt / Personligt/individuelt / Organisatorisk × Potentialer / Barrierer),
    each note with who said it and the duplicates merged into it."""
    rows = []
    notes = live_notes(document)
    view = NoteViews(document)
    for perspective in guide.perspectives:
        row = GridRow(perspective.name)
        for note in notes:
            if note.get("perspective") != perspective.key:
                continue
            (row.potentials if note.get("kind") == "potentiale" else row.barriers).append(view(note))
        rows.append(row)
    return rows


@dataclass
class ThemeRow:
    """A theme of 4b as the report's table shows it: the ranked columns and the notes it holds."""

    name: str
    notes: list[NoteView]
    columns: tuple[str, str, str, str]  # perspective, potentiale/barriere, votes, central mark


def theme_rows(document: Row, guide: Guide) -> list[ThemeRow]:
    """Themes of 4b, most votes first: name, the live notes grouped under it (with who said them and
    their merged duplicates), perspective, potentiale/barriere, votes, central mark."""
    themes = sorted(by_position(document.get("themes", [])), key=lambda t: -(t.get("votes") or 0))
    notes = live_notes(document)
    view = NoteViews(document)
    held: dict[int, list[NoteView]] = {}
    for note in notes:
        if note.get("theme_ref") is not None:
            held.setdefault(note["theme_ref"], []).append(view(note))
    return [ThemeRow(t.get("name", ""), held.get(t.get("ref"), []), _ranked_row("", t, guide)[1:]) for t in themes]


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


def owner_people(owner: str, participants: Sequence[str], *, keep_notes: bool = False) -> list[str]:
    """The people an action's owner names, each as the participant list spells them when they are a
    participant ("Michael og Lone" → ["Michael Holm", "Lone Bæk"]), else as typed. keep_notes keeps
    a note typed in parentheses beside the name ("Michael (superbruger)" → "Michael Holm (superbruger)")."""
    people: dict[str, str] = {}
    for person in split_owners(owner):
        name = match_owner(person, participants)
        if name is None:
            name = person
        elif keep_notes and (notes := re.findall(r"\([^()]*\)", person)):
            name = " ".join([name, *notes])
        people.setdefault(name.casefold(), name)
    return list(people.values())


def participant_names(document: Row) -> list[str]:
    """The workshop's participants' names in their order."""
    return [p.get("name", "") for p in by_position(document.get("participants", [])) if (p.get("name") or "").strip()]


def join_names(names: Sequence[str]) -> str:
    """Names as Danish prose: "A", "A og B", "A, B og C"."""
    return " og ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


@dataclass
class OwnerSheet:
    """One person's page of the action list: their actions sorted by deadline, each row (subject,
    how, deadline, status name) with the others it is shared with."""

    owner: str
    rows: list[tuple[str, str, str, str]]
    shared_with: list[list[str]]


def actions_by_owner(document: Row, guide: Guide) -> list[OwnerSheet]:
    """For each person an owner names ("Michael og Lone" is two; a participant by their name, others as
    typed, case and spacing folded together; "Uden ansvarlig" last): their actions sorted by
    deadline, undated last; an action of two people is on both pages."""
    participants = participant_names(document)
    groups: dict[str, tuple[list[str], list[tuple[Row, list[str]]]]] = {}
    for action in by_position(document.get("actions", [])):
        people = owner_people(action.get("owner") or "", participants)
        for person in people or [""]:
            spellings, actions = groups.setdefault(person.casefold(), ([], []))
            spellings.append(person)
            actions.append((action, [p.casefold() for p in people if p.casefold() != person.casefold()]))
    display = {key: _display(spellings) if key else NO_OWNER for key, (spellings, _) in groups.items()}
    result = []
    for key in sorted(groups, key=lambda k: (k == "", k)):
        actions = groups[key][1]
        actions.sort(key=lambda x: (_date(x[0].get("deadline")) is None, _date(x[0].get("deadline")) or dt.date.max))
        result.append(OwnerSheet(
            display[key],
            [(a.get("subject", ""), a.get("how", ""), deadline_long(a), name_of(guide.action_statuses, a.get("status", "")))
             for a, _ in actions],
            [[display[other] for other in others] for _, others in actions],
        ))
    return result


def _display(spellings: Sequence[str]) -> str:
    """A page heading from the ways one owner was typed: the first capitalised spelling, else the first
    one with a capital letter ("arbejdsgruppen" and "Arbejdsgruppen" head one page "Arbejdsgruppen")."""
    for spelling in spellings:
        if spelling[:1].isupper():
            return spelling
    return spellings[0][:1].upper() + spellings[0][1:]


# --- step 5 and trials --------------------------------------------------------------------------


def evaluation_window(document: Row, round_ref: int, guide: Guide) -> dict[str, list[str]]:
    """One round's answers per quadrant (guide question key → texts); deleted answers left out."""
    window: dict[str, list[str]] = {q.key: [] for q in guide.evaluation_questions}
    for entry in by_position(alive(document.get("evaluation_entries", []))):
        if entry.get("round_ref") == round_ref:
            window.setdefault(entry.get("question", ""), []).append(entry.get("text", ""))
    return window


def round_title(document: Row, round_row: Row, *, with_trial: bool = True) -> str:
    """A round's heading, each thing said once: its title, the prøvehandling it is about, and its date
    ("Opfølgning efter tre måneder – prøvehandling: Folder til nye ledige – 15/1-2027"). A round made
    from a trial's cycle is titled "<trial> – cyklus 1" already, so the trial is not named again;
    with_trial=False (the trial is named above, e.g. its rounds side by side) leaves the trial's title
    out of the round's title too ("Cyklus 1 – 30/11-2026")."""
    title = " ".join((round_row.get("title") or "").split())
    trial = _find(document.get("trials", []), round_row.get("trial_ref"))
    if trial is None and round_row.get("cycle_ref") is not None:
        cycle = _find(document.get("trial_cycles", []), round_row.get("cycle_ref"))
        trial = _find(document.get("trials", []), cycle.get("trial_ref")) if cycle else None
    trial_title = " ".join(((trial or {}).get("title") or "").split())
    about = ""
    if trial_title and title.casefold().startswith(trial_title.casefold()):
        if not with_trial:  # "<trial> – cyklus 1" under the trial's own heading: "Cyklus 1"
            rest = title[len(trial_title):].lstrip(" –-:·")
            title = rest[:1].upper() + rest[1:]
    elif with_trial and trial_title and title.casefold() not in trial_title.casefold():
        about = f"prøvehandling: {trial_title}"
    elif with_trial and trial_title:  # the title is part of the trial's: name the trial whole instead
        title, about = "", f"prøvehandling: {trial_title}"
    parts = [title or ("" if about else "Evalueringsrunde"), about, format_date_short(_date(round_row.get("date")))]
    return " – ".join(p for p in parts if p) or "Evalueringsrunde"


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

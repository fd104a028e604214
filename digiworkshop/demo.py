"""The demo workshop (the Joblog case of seed 000 with the guide's examples), shipped as data and
loaded idempotently."""

from __future__ import annotations

import tomllib
from typing import Any

from .exchange import FORMAT, VERSION, import_document
from .guide import data_path
from .models import Workshop
from .store import Store

WORKSHOP_KEYS = ("uid", "title", "date", "place", "organisation", "facilitator", "solution", "phase")
PURPOSE_KEYS = ("statement", "fit", "borgere", "medarbejdere", "ledelse", "politikere", "strategy", "no_strategy")


def _numbered(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"ref": i, "position": i, **item} for i, item in enumerate(items, start=1)]


def demo_document() -> dict[str, Any]:
    """The demo workshop as an export document, read from data/demo_workshop.toml."""
    with open(data_path("demo_workshop.toml"), "rb") as fh:
        raw = tomllib.load(fh)
    participants = _numbered([
        {"name": p["name"], "role": p.get("role", ""), "unit": p.get("unit", "")} for p in raw.get("participants", [])
    ])
    by_name = {p["name"]: p["ref"] for p in participants}
    group = raw.get("working_group", {})
    notes = _numbered([
        {"perspective": n["perspective"], "kind": n["kind"], "text": n["text"], "votes": n.get("votes", 0),
         "central": n.get("central", False)}
        for n in raw.get("notes", [])
    ])
    note_ref = {n["text"]: n["ref"] for n in notes}
    note_by_ref = {n["ref"]: n for n in notes}
    actions = []
    for i, a in enumerate(raw.get("actions", []), start=1):
        note = note_by_ref[note_ref[a["note"]]]
        actions.append({
            "ref": i, "position": i, "note_ref": note["ref"], "perspective": note["perspective"],
            "kind": note["kind"], "subject": note["text"], "how": a.get("how", ""), "owner": a.get("owner", ""),
            "deadline": a.get("deadline") or None, "deadline_text": "", "status": a.get("status", "ikke_startet"),
        })
    trials, cycles, answers = [], [], []
    for t_ref, trial in enumerate(raw.get("trials", []), start=1):
        linked = trial.get("linked_note", "")
        trials.append({"ref": t_ref, "position": t_ref, "title": trial["title"],
                       "note_ref": note_ref.get(linked) if linked else None})
        for number, cycle in enumerate(trial.get("cycles", []), start=1):
            c_ref = len(cycles) + 1
            phases = [key.split(".")[0] for key in cycle.get("answers", {})]
            cycles.append({"ref": c_ref, "trial_ref": t_ref, "number": number,
                           "phase": phases[-1] if phases else "plan"})
            for key, text in cycle.get("answers", {}).items():
                phase, question = key.split(".", 1)
                answers.append({"ref": len(answers) + 1, "cycle_ref": c_ref, "phase": phase,
                                "question": question, "text": text})
    rounds, entries = [], []
    for r_ref, rnd in enumerate(raw.get("evaluation_rounds", []), start=1):
        rounds.append({"ref": r_ref, "position": r_ref, "date": rnd.get("date"), "title": rnd.get("title", "")})
        for entry in rnd.get("entries", []):
            entries.append({"ref": len(entries) + 1, "round_ref": r_ref, "position": len(entries) + 1,
                            "question": entry["question"], "text": entry["text"]})
    return {
        "format": FORMAT,
        "version": VERSION,
        "workshop": {key: raw.get(key, "") for key in WORKSHOP_KEYS},
        "participants": participants,
        "purpose": [{"ref": 1, **{key: raw.get("purpose", {}).get(key, "") for key in PURPOSE_KEYS}}],
        "working_group": [{"ref": 1, "task": group.get("task", ""), "communication": group.get("communication", "")}],
        "group_members": _numbered([
            {"participant_ref": by_name.get(m["name"]), "name": m["name"], "role": m.get("role", ""),
             "advantage": m.get("advantage", ""), "contribution": m.get("contribution", ""),
             "archetype": m.get("archetype", "")}
            for m in group.get("members", [])
        ]),
        "wishes": _numbered([
            {"text": w["text"], "kind": w["kind"], "category": w["category"], "topic": w["topic"]}
            for w in raw.get("wishes", [])
        ]),
        "experiences": _numbered([
            {key: e.get(key, "") for key in ("municipality", "contact", "solution", "learned")}
            for e in raw.get("experiences", [])
        ]),
        "notes": notes,
        "actions": actions,
        "trials": trials,
        "trial_cycles": cycles,
        "trial_answers": answers,
        "evaluation_rounds": rounds,
        "evaluation_entries": entries,
    }


def load_demo(store: Store) -> Workshop:
    """The demo workshop, loaded into the store the first time and found again after that."""
    document = demo_document()
    existing = store.find_workshop_by_uid(document["workshop"]["uid"])
    if existing is not None:
        return existing
    return import_document(store, document)

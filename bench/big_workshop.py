"""A big workshop for benchmarks: 2,000 notes, 300 actions, 20 evaluation rounds (a year of follow-up).

`python bench/big_workshop.py` (re)writes bench/big_workshop.json, a fixture for
`digiworkshop import bench/big_workshop.json`. The content is generated deterministically.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "big_workshop.json"

PERSPECTIVES = ("fagligt", "personligt", "organisatorisk")
KINDS = ("potentiale", "barriere")
WORDS = ("borgerne", "samtalen", "Jobloggen", "medarbejderne", "ledelsen", "registrering", "data", "oplæring",
         "formålet", "kompetencer", "tid", "relationen", "overblik", "fleksibilitet", "tryghed", "integration",
         "fagsystemet", "superbrugere", "støtte", "forandring", "ærgrelse", "økonomi", "åbenhed")
QUESTIONS = ("gik_godt", "hvorfor_godt", "gaa_bedre", "anderledes")
STATUSES = ("ikke_startet", "i_gang", "faerdig", "opgivet")


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return (" ".join(words)).capitalize() + "."


def big_document(notes: int = 2000, actions: int = 300, rounds: int = 20, seed: int = 7) -> dict[str, Any]:
    """The export document of the big workshop."""
    rng = random.Random(seed)
    base = dt.datetime(2026, 9, 15, 9, 0, tzinfo=dt.timezone.utc)
    participants = [{"ref": i, "position": i, "name": f"Deltager {i}", "role": "Medarbejder", "unit": "Team"}
                     for i in range(1, 31)]
    note_rows = []
    for i in range(1, notes + 1):
        stamp = (base + dt.timedelta(seconds=7 * i)).isoformat()
        note_rows.append({
            "ref": i, "participant_ref": rng.choice([None, rng.randint(1, 30)]), "theme_ref": None,
            "merged_into_ref": None, "position": i, "perspective": PERSPECTIVES[i % 3], "kind": KINDS[(i // 3) % 2],
            "text": _sentence(rng, rng.randint(4, 18)), "votes": rng.randint(0, 9), "central": i % 40 == 0,
            "deleted_at": None, "hidden": False, "created_at": stamp, "updated_at": stamp,
        })
    action_rows = []
    for i in range(1, actions + 1):
        note = note_rows[(i * 37) % notes]
        action_rows.append({
            "ref": i, "note_ref": note["ref"], "theme_ref": None, "position": i, "perspective": note["perspective"],
            "kind": note["kind"], "subject": note["text"], "how": _sentence(rng, 12), "owner": f"Deltager {i % 30 + 1}",
            "deadline": (dt.date(2026, 10, 1) + dt.timedelta(days=i)).isoformat(), "deadline_text": "",
            "status": STATUSES[i % 4], "created_at": base.isoformat(), "updated_at": base.isoformat(),
        })
    round_rows, entry_rows = [], []
    for r in range(1, rounds + 1):
        round_rows.append({"ref": r, "trial_ref": None, "cycle_ref": None, "position": r,
                           "date": (dt.date(2026, 10, 1) + dt.timedelta(days=14 * r)).isoformat(),
                           "title": f"Opfølgning {r}"})
        for j in range(12):
            entry_rows.append({"ref": len(entry_rows) + 1, "round_ref": r, "position": j + 1,
                               "question": QUESTIONS[j % 4], "text": _sentence(rng, 10), "deleted_at": None, "hidden": False,
                               "created_at": base.isoformat()})
    return {
        "format": "digiworkshop",
        "version": 1,
        "workshop": {"uid": "bench-big-0001", "title": "Et år med Jobloggen (stor workshop)", "date": "2026-09-15",
                     "place": "Jobcenter Kildevang", "organisation": "Jobcenter Kildevang",
                     "facilitator": "Kit Mølgaard", "solution": "Joblog", "phase": "implementering",
                     "votes_per_participant": 3, "created_at": base.isoformat()},
        "participants": participants,
        "notes": note_rows,
        "actions": action_rows,
        "evaluation_rounds": round_rows,
        "evaluation_entries": entry_rows,
    }


if __name__ == "__main__":
    FIXTURE.write_text(json.dumps(big_document(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(FIXTURE)

"""Benchmark: the full workshop report of a big workshop (2,000 notes, 300 actions, 20 evaluation
rounds) against the floor — a plain python-docx script writing the same texts into one table.

Run: .venv/bin/python bench/bench_export.py [--runs 5]
Prints the median seconds of each and their ratio (target: the report within 2× the floor).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from docx import Document

from digiworkshop.domain import EVALUATION_QUESTIONS, PERSPECTIVES
from digiworkshop.exchange import import_document, workshop_document
from digiworkshop.handouts import write_handouts
from digiworkshop.store import Store

WORDS = ("borgerne", "medarbejderne", "jobloggen", "samtalen", "ledelsen", "tid", "overblik", "usikkerhed",
         "kompetencer", "fagsystemet", "registrering", "superbruger", "teammødet", "Ærø", "økonomi", "åbenhed")


def sentence(rng: random.Random, low: int = 6, high: int = 18) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize() + "."


def big_document(notes: int = 2000, actions: int = 300, rounds: int = 20, seed: int = 7) -> dict:
    """A workshop document as the exchange format holds it, with lots of content in every step."""
    rng = random.Random(seed)
    doc = {
        "format": "digiworkshop", "version": 1,
        "workshop": {"uid": f"bench-{seed}", "title": "Benchmark: stor temadag", "date": "2026-11-24",
                     "place": "Store sal", "organisation": "Jobcenter Benchmark", "facilitator": "Kit",
                     "solution": "Joblog", "phase": "implementering"},
        "participants": [{"ref": i, "position": i, "name": f"Deltager {i}", "role": "Medarbejder", "unit": "Team"}
                         for i in range(1, 41)],
        "purpose": [{"ref": 1, "statement": sentence(rng, 40, 80), "borgere": sentence(rng),
                     "medarbejdere": sentence(rng), "ledelse": sentence(rng), "politikere": sentence(rng)}],
        "notes": [], "actions": [], "evaluation_rounds": [], "evaluation_entries": [],
    }
    for i in range(1, notes + 1):
        doc["notes"].append({"ref": i, "position": i, "perspective": rng.choice(PERSPECTIVES),
                             "kind": rng.choice(("potentiale", "barriere")), "text": sentence(rng),
                             "votes": rng.randint(1, 9) if rng.random() < 0.1 else 0,
                             "central": rng.random() < 0.02})
    for i in range(1, actions + 1):
        doc["actions"].append({"ref": i, "position": i, "perspective": rng.choice(PERSPECTIVES),
                               "kind": rng.choice(("potentiale", "barriere")), "subject": sentence(rng, 3, 8),
                               "how": sentence(rng), "owner": f"Ansvarlig {rng.randint(1, 25)}",
                               "deadline": f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"})
    for r in range(1, rounds + 1):
        doc["evaluation_rounds"].append({"ref": r, "position": r, "date": f"2027-01-{r:02d}", "title": f"Runde {r}"})
        for _ in range(8):
            doc["evaluation_entries"].append({"ref": len(doc["evaluation_entries"]) + 1, "round_ref": r,
                                              "position": len(doc["evaluation_entries"]) + 1,
                                              "question": rng.choice(EVALUATION_QUESTIONS), "text": sentence(rng)})
    return doc


def floor(document: dict, path: Path) -> None:
    """The floor: the same texts in one plain four-column table, one row per note, action, answer."""
    doc = Document()
    table = doc.add_table(rows=0, cols=4)
    for p in document["participants"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = p["name"], p["role"], p["unit"]
    for note in document["notes"]:
        table.add_row().cells[0].text = note["text"]
    for a in document["actions"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text, cells[3].text = a["subject"], a["how"], a["owner"], a["deadline"]
    for entry in document["evaluation_entries"]:
        table.add_row().cells[0].text = entry["text"]
    doc.save(path)


def median_time(fn, runs: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Build the workshop, time both, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp, "bench.db")))
        workshop = import_document(store, big_document())
        document = workshop_document(store, workshop.id)
        out = Path(tmp, "out")
        report = median_time(lambda: write_handouts(store, workshop.id, ["report"], out), args.runs)
        plain = median_time(lambda: floor(document, Path(tmp, "floor.docx")), args.runs)
        every = median_time(lambda: write_handouts(store, workshop.id, ["all"], out), max(1, args.runs // 2))
        store.close()
    print(f"workshop: {len(document['notes'])} notes, {len(document['actions'])} actions, "
          f"{len(document['evaluation_rounds'])} evaluation rounds; median of {args.runs} runs")
    print(f"report (store read + build + save): {report:.2f} s")
    print(f"floor (plain python-docx, one table): {plain:.2f} s")
    print(f"ratio: {report / plain:.2f}x (target <= 2x)")
    print(f"all handouts (report, actions, evaluation, templates, ics): {every:.2f} s")


if __name__ == "__main__":
    main()

"""Benchmark of `digiworkshop import`: notes per second, and how long the room is shut out of the store.

For each size (20,000 and 200,000 notes by default) it writes a workshop export to a temp dir (the
big workshop of bench/big_workshop.py, scaled: every 50th note merged into the one before it, so the
self-reference path is exercised too), opens a fresh SQLite store and imports the file the way the
command line does (read_file, then Store.import_workshop).

- notes/s: notes divided by the wall time of read_file + import_workshop (target >= 20,000 notes/s).
- lock: measured from outside, as another laptop would feel it. A second *process* tries
  `BEGIN IMMEDIATE` on the same file in a loop with busy_timeout 0 and records every stretch during
  which it was refused; the longest stretch is the time the import held the write lock (target
  <= 2 s for 20,000 notes). The probe's resolution is about a millisecond.

    .venv/bin/python bench/bench_import.py [--notes 20000 200000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from big_workshop import big_document  # noqa: E402

from digiworkshop.exchange import read_file  # noqa: E402
from digiworkshop.store import Store  # noqa: E402

NOTES_PER_SECOND_TARGET = 20_000
LOCK_TARGET_S = 2.0  # for 20,000 notes

# The probe: another process trying to write while the import runs. It stops when the stop file
# appears and prints the stretches (seconds) during which BEGIN IMMEDIATE was refused.
PROBE = r"""
import json, sqlite3, sys, time, os
db, ready, stop = sys.argv[1:4]
conn = sqlite3.connect(db, timeout=0, isolation_level=None)
conn.execute("PRAGMA busy_timeout=0")
open(ready, "w").close()
stretches, refused_since, attempts = [], None, 0
while not os.path.exists(stop):
    attempts += 1
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        if refused_since is not None:
            stretches.append(time.perf_counter() - refused_since)
            refused_since = None
    except sqlite3.OperationalError:
        if refused_since is None:
            refused_since = time.perf_counter()
    time.sleep(0.0005)
if refused_since is not None:
    stretches.append(time.perf_counter() - refused_since)
print(json.dumps({"stretches": stretches, "attempts": attempts}))
"""


def scaled_document(notes: int) -> dict:
    """The big workshop with `notes` notes, actions and rounds scaled along, some notes merged."""
    document = big_document(notes=notes, actions=max(1, notes // 20), rounds=max(1, notes // 1000))
    for i, note in enumerate(document["notes"], start=1):
        if i % 50 == 0:
            note["merged_into_ref"] = i - 1
    return document


def run(notes: int) -> dict[str, float]:
    """Import a workshop of `notes` notes into a fresh SQLite store; return the figures."""
    with tempfile.TemporaryDirectory() as folder:
        folder_path = Path(folder)
        source = folder_path / "workshop.json"
        source.write_text(json.dumps(scaled_document(notes), ensure_ascii=False) + "\n", encoding="utf-8")
        db = folder_path / "bench.db"
        store = Store(str(db))
        store.create_workshop(title="Already here")  # the room's own workshop, being captured into
        ready, stop = folder_path / "ready", folder_path / "stop"
        probe = subprocess.Popen([sys.executable, "-c", PROBE, str(db), str(ready), str(stop)],
                                 stdout=subprocess.PIPE, text=True)
        while not ready.exists():
            time.sleep(0.01)
        start = time.perf_counter()
        values = read_file(source)
        parsed = time.perf_counter()
        store.import_workshop(values)
        end = time.perf_counter()
        stop.touch()
        out, _ = probe.communicate(timeout=60)
        store.close()
        result = json.loads(out)
        stretches = result["stretches"]
        return {"notes": notes, "mb": source.stat().st_size / 1e6, "total_s": end - start,
                "read_s": parsed - start, "store_s": end - parsed, "notes_per_s": notes / (end - start),
                "lock_s": max(stretches, default=0.0), "lock_total_s": sum(stretches),
                "probe_attempts": result["attempts"]}


def describe(figures: dict[str, float]) -> str:
    """One line per size, each figure beside its target."""
    lock_target = f"(target <= {LOCK_TARGET_S:.0f} s)" if figures["notes"] <= 20_000 else "(no target)"
    return (f"import {figures['notes']:>7,} notes ({figures['mb']:5.1f} MB): "
            f"{figures['notes_per_s']:>8,.0f} notes/s (target >= {NOTES_PER_SECOND_TARGET:,})  "
            f"total {figures['total_s']:6.2f} s (read+check {figures['read_s']:.2f} s, store {figures['store_s']:.2f} s)  "
            f"write lock held {figures['lock_s']:.3f} s {lock_target}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for each size and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[20_000, 200_000])
    args = parser.parse_args(argv)
    for notes in args.notes:
        print(describe(run(notes)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

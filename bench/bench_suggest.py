"""Benchmark of step 4b's suggestions: suggest() over 2,000 notes, and what importing it costs.

The notes are the labelled set (tests/fixtures/suggest/notes.toml) copied with variations a room
makes (a dropped or doubled letter, æ/ø/å typed as ae/oe/aa, a filler word, upper case) until there
are 2,000, spread over the six cells as typed. Prints the median of several runs of suggest() beside
its floor (1 s: a key press in 4b must answer at once), with the CPU time beside it, the same across
perspectives, and, measured
in fresh interpreters, the import time of the module and of the stemmer it loads on first use.

    .venv/bin/python bench/bench_suggest.py [--notes 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

FLOOR_S = 1.0
_FILLERS = ("synes", "også", "vi", "tænker", "helt klart", "!!", "?")


@dataclass(frozen=True)
class BenchNote:
    """A generated note: what suggest() reads."""

    id: int
    text: str
    perspective: str
    kind: str


def vary(text: str, rng: random.Random) -> str:
    """`text` as another participant might type it."""
    change = rng.randrange(5)
    if change == 0 and len(text) > 4:
        i = rng.randrange(1, len(text) - 1)
        text = text[:i] + text[i + 1:]  # a dropped letter
    elif change == 1 and len(text) > 4:
        i = rng.randrange(1, len(text) - 1)
        text = text[:i] + text[i] + text[i:]  # a doubled letter
    elif change == 2:
        text = text.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    elif change == 3:
        text = f"{text} {rng.choice(_FILLERS)}"
    else:
        text = text.upper() if rng.random() < 0.3 else text.lower()
    return text


def generated_notes(count: int, seed: int = 4) -> list[BenchNote]:
    """`count` notes made from the labelled set, the originals first."""
    from helpers.suggest_set import load

    base = load()
    rng = random.Random(seed)
    notes = [BenchNote(n.id, n.text, n.perspective, n.kind) for n in base]
    while len(notes) < count:
        source = rng.choice(base)
        notes.append(BenchNote(len(notes) + 1, vary(source.text, rng), source.perspective, source.kind))
    rng.shuffle(notes)
    return notes[:count]


def time_suggest(notes: list[BenchNote], runs: int, *, across: bool) -> tuple[float, float, int]:
    """Median wall-clock and CPU seconds of suggest() over `runs` runs (the stemmer's cache cleared
    before each), and the number of suggestions. CPU time is printed too because this machine is
    shared: under load the wall clock measures the neighbours."""
    from digiworkshop.rules import suggest as module

    wall, cpu = [], []
    result = []
    for _ in range(runs):
        module._stem.cache_clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = module.suggest(notes, across_perspectives=across)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu), len(result)


def import_times() -> tuple[float, float]:
    """Seconds to import digiworkshop.rules.suggest, and to load the stemmer on first use, each the
    median of 5 fresh interpreters."""
    probe = ("import time; t0 = time.perf_counter(); import digiworkshop.rules.suggest as m; "
             "t1 = time.perf_counter(); m._stemmer(); t2 = time.perf_counter(); print(t1 - t0, t2 - t1)")
    module, stemmer = [], []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout.split()
        module.append(float(out[0]))
        stemmer.append(float(out[1]))
    return statistics.median(module), statistics.median(stemmer)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    notes = generated_notes(args.notes)
    for across in (False, True):
        wall, cpu, count = time_suggest(notes, args.runs, across=across)
        print(f"suggest() {args.notes} notes, {'across' if across else 'within'} perspectives  {wall*1000:6.0f} ms"
              f"  floor {FLOOR_S*1000:.0f} ms  ratio {wall/FLOOR_S:.2f}x  (CPU {cpu*1000:.0f} ms; {count} suggestions)")
    module, stemmer = import_times()
    print(f"import digiworkshop.rules.suggest {module*1000:.1f} ms; snowballstemmer on first use {stemmer*1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

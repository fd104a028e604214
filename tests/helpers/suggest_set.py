"""The labelled brainstorm of tests/fixtures/suggest/notes.toml, read into notes and gold pairs.

Shared by tests/core/test_suggest_quality.py and bench/bench_suggest.py. Pairwise measures: a
method's predicted pairs (two notes in one suggested group) against the labelled pairs (two notes
with the same duplicate label, or the same theme label)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

SET_PATH = Path(__file__).resolve().parents[1] / "fixtures" / "suggest" / "notes.toml"


@dataclass(frozen=True)
class LabelledNote:
    """A note of the labelled set: what suggest() reads, and its two labels."""

    id: int
    text: str
    perspective: str
    kind: str
    duplicate: str  # notes with the same label say the same
    theme: str  # notes with the same label belong together (per cell; across perspectives: per kind)


def load(path: Path = SET_PATH) -> list[LabelledNote]:
    """The notes in file order, ids from 1."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    notes: list[LabelledNote] = []
    for cell in data["cell"]:
        p, k = cell["perspective"], cell["kind"]

        def add(text: str, duplicate: str, theme: str) -> None:
            notes.append(LabelledNote(len(notes) + 1, text, p, k, duplicate, theme))

        for theme, groups in cell["themes"].items():
            for g, group in enumerate(groups):
                for text in group:
                    add(text, f"{p}/{k}/{theme}/{g}", theme)
        for a, text in enumerate(cell["alone"]):
            add(text, f"{p}/{k}/alone/{a}", f"alone/{p}/{a}")
    return notes


def pairs_of(groups: Iterable[Iterable[int]]) -> set[tuple[int, int]]:
    """Every unordered pair (low id, high id) of notes that share a group."""
    return {pair for group in groups for pair in combinations(sorted(set(group)), 2)}


def gold_pairs(notes: list[LabelledNote], *, across_perspectives: bool = False) -> tuple[set, set]:
    """(duplicate pairs, theme pairs) of the labelled set. A duplicate pair is also a theme pair."""
    dups: dict[str, list[int]] = {}
    themes: dict[tuple, list[int]] = {}
    for n in notes:
        dups.setdefault(n.duplicate, []).append(n.id)
        key = (n.kind, n.theme) if across_perspectives else (n.kind, n.perspective, n.theme)
        themes.setdefault(key, []).append(n.id)
    return pairs_of(dups.values()), pairs_of(themes.values())


def precision_recall(predicted: set, gold: set) -> tuple[float, float]:
    """Pairwise precision and recall (1.0 precision when nothing is predicted)."""
    hits = len(predicted & gold)
    return (hits / len(predicted) if predicted else 1.0), (hits / len(gold) if gold else 1.0)

"""Pure rules of step 4b, Systematisering og analyse: ranking themes and notes by the room's dot votes.
No database, no UI."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .brainstorm import CELLS


@dataclass
class Ranked:
    """A line of the ranking: a theme (with its notes) or an ungrouped note."""

    kind: str  # potentiale | barriere
    perspective: str
    title: str
    votes: int  # the theme's own tally plus its notes', or the note's
    central: bool
    theme_id: int | None = None
    note_id: int | None = None
    note_texts: list[str] = field(default_factory=list)


def rank(notes: Iterable, themes: Iterable) -> list[Ranked]:
    """Themes and ungrouped notes, most votes first (ties: barriers first, then grid order, then as made).

    Takes objects with the Note / Theme fields (id, perspective, kind, text/name, votes, central,
    theme_id); a theme's score is its own tally plus its notes' tallies.
    """
    by_theme: dict[int, list] = {}
    items: list[Ranked] = []
    for note in notes:
        if note.theme_id is not None:
            by_theme.setdefault(note.theme_id, []).append(note)
        else:
            items.append(Ranked(note.kind, note.perspective, note.text, note.votes, note.central, note_id=note.id))
    for theme in themes:
        members = by_theme.get(theme.id, [])
        items.append(Ranked(theme.kind, theme.perspective, theme.name, theme.votes + sum(n.votes for n in members),
                            theme.central, theme_id=theme.id, note_texts=[n.text for n in members]))
    order = {cell: i for i, cell in enumerate(CELLS)}
    return sorted(items, key=lambda r: (-r.votes, r.kind != "barriere", order.get((r.perspective, r.kind), 9)))


def votes_given(notes: Iterable, themes: Iterable) -> int:
    """All dots placed in the room (notes and themes)."""
    return sum(n.votes for n in notes) + sum(t.votes for t in themes)


def note_cells(notes: Iterable) -> list[tuple[tuple[str, str], int]]:
    """The cells ((perspective, kind)) the notes come from, each with how many of them, the most common
    first; a tie goes to the cell of the note chosen first. A theme made of notes from several cells
    asks which cell it belongs to, with the first of these offered."""
    return Counter((n.perspective, n.kind) for n in notes).most_common()

"""Pure rules of step 4a, the brainstorm: the grid's cells and reading a typed note (cell prefix, who
said it, a time-box command). No database, no UI."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..domain import NOTE_KINDS, PERSPECTIVES, InputError

# The six cells of the grid in reading order: row by perspective, potentials left, barriers right.
CELLS: tuple[tuple[str, str], ...] = tuple((p, k) for p in PERSPECTIVES for k in NOTE_KINDS)
# A two-letter prefix names a cell: perspective letter (f, p, o) + kind letter (p, b): "ob: tekst".
CELL_PREFIXES: dict[str, tuple[str, str]] = {f"{p[0]}{k[0]}": (p, k) for p, k in CELLS}
_PREFIX = re.compile(r"^\s*([a-zæøå]{2}):\s*", re.IGNORECASE)
_TIME = re.compile(r"^\s*tid:\s*(\d{1,3})\s*$", re.IGNORECASE)
# "@navn" anywhere in a note: an @ at the start or after a space (so kit@kommune.dk is no speaker),
# then a name of letters (æøå too), digits, hyphens or apostrophes, and up to two more words of a full name.
_WHO = re.compile(r"(?:(?<=\s)|^)@([^\W_][\w'-]*)((?:\s+[^\W\d_][\w'-]*){0,2})")


@dataclass(frozen=True)
class Capture:
    """What a line typed in the capture input means."""

    text: str
    cell: tuple[str, str] | None = None  # a prefix named another cell
    participant_id: int | None = None
    minutes: int | None = None  # "tid:15" sets the time box instead of adding a note


def read_capture(line: str, participants: Sequence[tuple[int, str]] = ()) -> Capture:
    """Read a typed line: an optional cell prefix ("fb:"), an optional speaker ("@Mette") anywhere in
    the note, the note itself (without the "@Mette").

    `participants` are (id, name); "@me" matches the first whose name (or a word of it) starts with
    "me", case-insensitively, and "@Mette Ølgaard" the full name. The first @name that names a
    participant is the speaker; an address like kit@kommune.dk is no speaker. An unknown name at the
    start is refused (InputError) so the text stays in the input; elsewhere it stays in the note as
    typed ("send til @support"). "tid:15" is the time-box command (15 minutes).
    """
    if m := _TIME.match(line):
        minutes = int(m[1])
        if not 1 <= minutes <= 240:
            raise InputError("Tidsrammen skal være fra 1 til 240 minutter.", "time box: 1–240 minutes")
        return Capture(text="", minutes=minutes)
    rest, cell, participant_id = line, None, None
    if (m := _PREFIX.match(rest)) and m[1].lower() in CELL_PREFIXES:
        cell = CELL_PREFIXES[m[1].lower()]
        rest = rest[m.end():]
    for m in _WHO.finditer(rest):
        participant_id, end = _speaker(m, participants)
        if participant_id is not None:
            rest = _cut(rest, m.start(), end)
            break
        if not rest[:m.start()].strip():
            raise InputError(f"Ingen deltager hedder «{m[1]}». Ret navnet eller fjern @.",
                             f"no participant called {m[1]!r}")
    return Capture(text=rest.strip(), cell=cell, participant_id=participant_id)


def _speaker(m: re.Match[str], participants: Sequence[tuple[int, str]]) -> tuple[int | None, int]:
    """The participant an "@name" match names and where the name ends in the line: the longest run of
    words that is the start of a participant's full name ("@Kit Mølgaard"), else the first word as a
    prefix ("@Kit", "@møl")."""
    words = [m[1], *m[2].split()]
    for n in range(len(words), 1, -1):
        wanted = [w.casefold() for w in words[:n]]
        for pid, name in participants:
            if name.casefold().split()[:n] == wanted:
                # the end of the n-th word in the line
                end = m.start(1)
                for word in words[:n]:
                    end = m.string.index(word, end) + len(word)
                return pid, end
    return match_participant(m[1], participants), m.end(1)


def _cut(text: str, start: int, end: int) -> str:
    """The text without text[start:end], the words around it joined by one space (none before
    punctuation: "NemID @Kit." → "NemID.")."""
    before, after = text[:start].rstrip(), text[end:]
    if not before:
        return after.lstrip()
    if not after.strip():
        return before
    return before + (" " + after.lstrip() if after[:1].isspace() else after)


def match_participant(prefix: str, participants: Sequence[tuple[int, str]]) -> int | None:
    """The participant whose full name or one of its words starts with `prefix` (first match wins)."""
    wanted = prefix.casefold()
    for pid, name in participants:
        folded = name.casefold()
        if folded.startswith(wanted) or any(word.startswith(wanted) for word in folded.split()):
            return pid
    return None

"""A note as the brainstorm cells (4a) and the theme board (4b) show it: its title, its line count, its prompt."""

from __future__ import annotations

import re

from textual.content import Content, Span
from textual.visual import RulesMap

from digiworkshop.models import Note
from digiworkshop.store.brainstorm import NoteLine

from ..safe_text import visible
from ..textual_internals import divide_line


def cell_title(guide, perspective: str, kind: str) -> str:  # noqa: ANN001
    """ "Fagligt · Potentialer" from the guide's names."""
    p = next(x.name for x in guide.perspectives if x.key == perspective)
    k = next(x.plural for x in guide.note_kinds if x.key == kind)
    return f"{p} · {k}"


# A "word" as rich's wrapping sees it: any leading space, the word, and the spaces after it.
_WORD = re.compile(r"\s*\S+\s*")
# Characters rich counts as one cell: Latin with the Danish letters, Greek, Cyrillic, and the dashes,
# quotes, bullets, ellipsis and currency signs of typed text ("–", "“”", "…", "€"; a note's speaker
# follows a "—"). A line of only these is as wide as it is long.
_ONE_CELL_RANGES = ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482), (0x2010, 0x2027), (0x2030, 0x205E),
                    (0x20A0, 0x20C0))
_one_cell_each = frozenset(chr(c) for first, last in _ONE_CELL_RANGES for c in range(first, last + 1)).issuperset


def wrapped_lines(line: str, width: int, fold: bool) -> int:
    """The lines one line of text takes wrapped at `width`: `len(divide_line(line, width, fold)) + 1`.

    rich's `divide_line` (what Textual wraps by) measures each word's cells and lists every break; a
    line of one-cell characters only needs its words' lengths, and only the breaks counted. That is a
    third of the time, and the cells measure 2,000 notes before they can be painted.
    """
    if not _one_cell_each(line):
        return len(divide_line(line, width, fold=fold)) + 1
    if len(line) <= width:
        return 1
    breaks = offset = 0
    for match in _WORD.finditer(line):  # the same words as rich's `words()`: they follow each other
        start, end = match.span()
        length = end - start
        if width - offset >= len(match.group().rstrip()):
            offset += length  # fits on this line
        elif len(match.group().rstrip()) > width:  # longer than a whole line
            if fold:  # cut into pieces of `width`, each on its own line
                pieces = -(-length // width)
                breaks += pieces if start else pieces - 1
                offset = length - width * (pieces - 1)
            else:
                breaks += 1 if start else 0
                offset = length
        elif offset and start:  # onto the next line
            breaks += 1
            offset = length
    return breaks + 1


class NotePrompt(Content):
    """A note as its cell shows it. Counts its wrapped lines as Textual does, without formatting them.

    OptionList asks every option for its height at the cell's width before the cell can be painted or
    scrolled: Content.get_height wraps and formats each line (~0.1 ms a note, 0.2 s for 2,000 notes).
    Only the number of lines is needed (`wrapped_lines`); only the notes in view are formatted when
    painted. tests/test_ui_brainstorm.py checks the count against Textual's own.
    """

    def get_height(self, rules: RulesMap, width: int) -> int:
        get_rule = rules.get
        wrap_at = width - get_rule("line_pad", 0) * 2
        if wrap_at < 1 or get_rule("text_wrap", "wrap") == "nowrap" or "\t" in self.plain:
            return super().get_height(rules, width)
        fold = get_rule("text_overflow", "fold") == "fold"
        return sum(wrapped_lines(line, wrap_at, fold) for line in self.plain.split("\n"))


HIDDEN_TAG = "skjult · "  # before a phone's note the projector does not show yet


def note_prompt(note: Note | NoteLine, names: dict[int, str]) -> NotePrompt:
    """A note as shown in its cell: the text as typed (markup off, control characters visible: its spans
    are placed on the visible text, and a note without any is taken as it is), and who said it, dimmed;
    a note hidden from the projector (a phone's, in a silent brainstorm) starts with a dim "skjult"."""
    tag = HIDDEN_TAG if getattr(note, "hidden", False) else ""
    text = tag + visible(note.text)
    spans = [Span(0, len(tag), "dim italic")] if tag else []
    if note.participant_id and note.participant_id in names:
        said = f"{text} — {visible(names[note.participant_id])}"
        return NotePrompt(said, [*spans, Span(len(text), len(said), "dim italic")], strip_control_codes=False)
    return NotePrompt(text, spans, strip_control_codes=False)

"""Pure rules of step 4b, Systematisering og analyse: proposing themes and duplicates among the notes.

A brainstorm with phones in the room yields 80–150 short Danish notes; this module proposes which say
much the same (duplicates, to merge) and which belong together (a theme, with a name taken from the
notes' own words). Offline, in Danish, lexical: no model, no network.

How: each note is normalised (case, punctuation, accents; "ae"/"oe"/"aa" typed for æ/ø/å are read as
those letters), split into words, stripped of Danish stop words, stemmed with the Snowball Danish
stemmer, and described by its stems plus the character n-grams of each stem, weighted by TF-IDF over
the notes given. The n-grams are what copes with compounds and typos: "arbejdsmiljø" and "miljøet på
arbejdet" share "mil", "ilj", "ljø", "arb", "rbe"...; "kompetancer" shares most of "kompetencer".
Notes are compared by cosine similarity within a cell (never potentials with barriers; by default
within one perspective) and clustered by average linkage: a high threshold for duplicates, a lower
one for themes. Output order is deterministic.

No database, no UI; the only library is snowballstemmer, imported on first use so nothing that merely
imports the rules package pays for it (the first screen does not import this module at all).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

from ..domain import NOTE_KINDS, PERSPECTIVES
from ..text import fold_accents

DUPLICATE = "duplicate"
THEME = "theme"
# Set from the labelled set in tests/fixtures/suggest (tests/core/test_suggest_quality.py measures
# them): above DUPLICATE_THRESHOLD notes say the same; above THEME_THRESHOLD they belong together.
DUPLICATE_THRESHOLD = 0.4
THEME_THRESHOLD = 0.2
# Trigrams alone: on the labelled set as good as trigrams and 4-grams together, and a third faster.
_NGRAMS = (3,)
_WORD_WEIGHT = 1.0  # a whole stem counts as much as each of its n-grams

# Danish stop words: Snowball's Danish list, plus the fillers a room writes on notes ("ift", "mht",
# "i forhold til", "bare", "helt"...). Written folded (see normalise) so "paa" and "på" both match "på".
STOP_WORDS = frozenset("""
og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi min
havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil
blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit også under
have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive mange ad bliver
hendes været thi jer sådan kan får få gør går
ift mht bl fx eks evt osv pga vs ca mv forhold stedet samme
bare helt lidt mere mest meget rigtig godt god nok så lige altid aldrig ingen intet nogen
""".split())

# Words that say how, not what: poor names for a theme ("Mangler", "Bedre"). Used only for naming,
# and only while a word not in this list is shared by two or more of the notes.
WEAK_NAME_WORDS = frozenset("""
mangler manglende mangel bedre dårlig dårlige dårligt nye ny nyt mindre større flere færre svært svær
uklar uklart egne egen giver bliver stærk stærkt hurtigt hurtig mulighed ikke kun fælles
""".split())

# Abbreviations a room types on a note, read as the word they stand for (folded, before stemming).
ABBREVIATIONS = {
    "komp": "kompetencer", "ldl": "ledelse",
    "sagsbeh": "sagsbehandler", "medarb": "medarbejdere", "info": "information", "bgr": "borgere",
}

_WORD = re.compile(r"[0-9a-zæøå]+")
# "ae", "oe", "aa" typed for æ, ø, å (a keyboard or phone without them). Read both ways as the
# Danish letter before stemming, so "moeder" and "møder" stem alike. Safe enough for brainstorm
# Danish: words with a genuine "ae"/"oe"/"aa" (Michael, poesi) are rare and fold the same on both sides.
_DIGRAPHS = (("aa", "å"), ("ae", "æ"), ("oe", "ø"))


class NoteLike(Protocol):
    """What the suggestions need of a note: the store's Note and NoteLine rows both fit, and so does
    a test's plain dataclass."""

    id: int
    text: str
    perspective: str
    kind: str


@dataclass(frozen=True)
class Suggestion:
    """A proposed group of notes for the facilitator to accept, edit or reject.

    kind: "duplicate" (the notes say much the same: merge them into `keep_id`) or "theme" (they
    belong together: gather them under `name`).
    note_ids: the notes, ascending; `keep_id` is one of them: the note that says best what the others
    say (the merge target; the theme's most typical note).
    name: a proposed Danish name from the notes' own words, capitalised ("Kompetencer").
    note_kind: potentiale or barriere (a suggestion never mixes them).
    perspective: the notes' perspective, or None when grouping across perspectives joined several.
    score: the mean pairwise similarity of the notes, 0..1 (how sure the proposal is).
    """

    kind: str
    note_ids: tuple[int, ...]
    name: str
    note_kind: str
    perspective: str | None
    keep_id: int
    score: float


@dataclass(frozen=True)
class _Prepared:
    id: int
    perspective: str
    kind: str
    words: tuple[tuple[str, str], ...]  # (surface form as typed, stem), stop words left out


def suggest(notes: Iterable[NoteLike], *, across_perspectives: bool = False,
            duplicate_threshold: float = DUPLICATE_THRESHOLD,
            theme_threshold: float = THEME_THRESHOLD) -> list[Suggestion]:
    """Proposed duplicate groups and themes among `notes`, in a stable order.

    Groups never mix potentials and barriers; they stay within one perspective unless
    `across_perspectives`. Order: by cell (the grid's reading order; across perspectives, potentials
    then barriers), then duplicates before themes, then larger groups first, then by lowest note id.
    A theme whose notes are exactly a duplicate group is left out (merging says more). A note may be
    in a duplicate group and in the theme around it.
    """
    prepared = sorted((_prepare(n) for n in notes), key=lambda p: p.id)
    if len(prepared) < 2:
        return []
    vectors, idf = _vectors(prepared)
    cells: dict[tuple[str, str | None], list[int]] = defaultdict(list)
    for index, note in enumerate(prepared):
        cells[(note.kind, None if across_perspectives else note.perspective)].append(index)
    out: list[tuple[tuple, Suggestion]] = []
    for (kind, perspective), members in cells.items():
        if len(members) < 2:
            continue
        sims = _similarities(members, vectors, min(duplicate_threshold, theme_threshold))
        duplicates = _cluster(members, sims, duplicate_threshold)
        themes = _cluster(members, sims, theme_threshold)
        dup_sets = {frozenset(group) for group in duplicates}
        for label, groups in ((DUPLICATE, duplicates), (THEME, [g for g in themes if frozenset(g) not in dup_sets])):
            for group in groups:
                suggestion = _suggestion(label, group, prepared, sims, idf, kind, perspective)
                out.append((_order_key(suggestion, across_perspectives), suggestion))
    return [s for _, s in sorted(out, key=lambda pair: pair[0])]


def without(suggestion: Suggestion, note_id: int) -> Suggestion | None:
    """`suggestion` with one note dropped (the facilitator edits a proposal before accepting it), or
    None when fewer than two notes would be left. The name stays (renaming is the facilitator's);
    a dropped merge target passes to the lowest remaining id."""
    remaining = tuple(i for i in suggestion.note_ids if i != note_id)
    if len(remaining) < 2:
        return None
    keep = suggestion.keep_id if suggestion.keep_id in remaining else remaining[0]
    return replace(suggestion, note_ids=remaining, keep_id=keep)


def normalise(text: str) -> str:
    """`text` folded for comparison: lower case, accents dropped (æ, ø, å kept), "ae"/"oe"/"aa" read
    as æ/ø/å. Punctuation is left for the word split to drop."""
    folded = fold_accents(text.lower())
    for digraph, letter in _DIGRAPHS:
        folded = folded.replace(digraph, letter)
    return folded


def _words(text: str) -> list[tuple[str, str]]:
    """(surface, folded word) pairs of `text`, abbreviations expanded, stop words dropped."""
    out = []
    for match in re.finditer(r"[^\W_]+(?:-[^\W_]+)*\.?", text):
        surface = match.group().rstrip(".")
        folded = normalise(surface).replace("-", "")
        folded = ABBREVIATIONS.get(folded, folded)
        for word in _WORD.findall(folded):
            if len(word) > 1 and word not in STOP_WORDS and not word.isdigit():  # "m." and "f.eks." leave single letters
                out.append((surface, word))
    return out


@lru_cache(maxsize=1)
def _stemmer():  # noqa: ANN202 - snowballstemmer has no type hints
    # Imported here, not at module level: the stemmer's package loads every language (~20 ms).
    import snowballstemmer

    return snowballstemmer.stemmer("danish")


@lru_cache(maxsize=20000)
def _stem(word: str) -> str:
    # The Snowball stemmer is pure Python (~10 µs a word); a brainstorm repeats its words, so cache.
    return _stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _weak_stems() -> frozenset[str]:
    return frozenset(_stem(word) for word in WEAK_NAME_WORDS)


def _prepare(note: NoteLike) -> _Prepared:
    words = tuple((surface, _stem(word)) for surface, word in _words(note.text or ""))
    return _Prepared(int(note.id), note.perspective, note.kind, words)


def _features(stems: Iterable[str]) -> Counter:
    counts: Counter = Counter()
    for stem in stems:
        counts["w:" + stem] += _WORD_WEIGHT
        padded = f"<{stem}>"
        for n in _NGRAMS:
            for start in range(len(padded) - n + 1):
                counts[padded[start:start + n]] += 1
    return counts


def _vectors(prepared: Sequence[_Prepared]) -> tuple[list[dict[str, float]], dict[str, float]]:
    """An L2-normalised TF-IDF vector per note, and the IDF of every stem (for naming)."""
    raw = [_features(stem for _, stem in note.words) for note in prepared]
    df: Counter = Counter()
    for counts in raw:
        df.update(counts.keys())
    total = len(prepared)
    idf = {feature: math.log((1 + total) / (1 + count)) + 1.0 for feature, count in df.items()}
    vectors = []
    for counts in raw:
        weighted = {f: (1.0 + math.log(c)) * idf[f] for f, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
        vectors.append({f: w / norm for f, w in weighted.items()})
    return vectors, idf


def _similarities(members: Sequence[int], vectors: Sequence[dict[str, float]], floor: float) -> dict[tuple[int, int], float]:
    """Cosine similarity of every pair (i < j) of `members` at or above `floor`, through an inverted
    index so pairs that share no feature cost nothing."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    sims: dict[tuple[int, int], float] = {}
    for i in members:  # ascending: every posting holds earlier notes only
        scores: dict[int, float] = defaultdict(float)
        for feature, weight in vectors[i].items():
            posting = postings[feature]
            for j, other in posting:
                scores[j] += weight * other
            posting.append((i, weight))
        for j, score in scores.items():
            if score >= floor:
                sims[(j, i)] = score
    return sims


def _cluster(members: Sequence[int], sims: dict[tuple[int, int], float], threshold: float) -> list[list[int]]:
    """Groups of two or more by average linkage: the most similar pairs first, two groups joined when
    the mean similarity over all their cross pairs stays at or above `threshold` (pairs below the
    similarity floor count as 0, so one strong link cannot chain unrelated notes together)."""
    edges = sorted(((s, pair) for pair, s in sims.items() if s >= threshold), key=lambda e: (-e[0], e[1]))
    group_of = {i: i for i in members}
    groups: dict[int, list[int]] = {i: [i] for i in members}
    # The summed similarity between every two groups that have any, kept up to date as groups join,
    # so each check is one lookup however large the groups grow.
    links: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), s in sims.items():
        links[i][j] = links[j][i] = s
    for _, (i, j) in edges:
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        if links[a].get(b, 0.0) < threshold * len(groups[a]) * len(groups[b]):
            continue
        keep, gone = (a, b) if len(groups[a]) >= len(groups[b]) else (b, a)
        for k in groups[gone]:
            group_of[k] = keep
        groups[keep].extend(groups.pop(gone))
        for other, total in links.pop(gone).items():
            del links[other][gone]
            if other != keep:
                links[keep][other] = links[other][keep] = links[keep].get(other, 0.0) + total
        links[keep].pop(gone, None)
    return [sorted(g) for g in groups.values() if len(g) > 1]


def _suggestion(label: str, group: list[int], prepared: Sequence[_Prepared], sims: dict[tuple[int, int], float],
                idf: dict[str, float], kind: str, perspective: str | None) -> Suggestion:
    def sim(x: int, y: int) -> float:
        return sims.get((x, y) if x < y else (y, x), 0.0)

    closeness = {x: sum(sim(x, y) for y in group if y != x) for x in group}
    keep = min(group, key=lambda x: (-closeness[x], prepared[x].id))
    pairs = len(group) * (len(group) - 1) / 2
    score = sum(closeness.values()) / 2 / pairs
    perspectives = {prepared[x].perspective for x in group}
    return Suggestion(
        kind=label,
        note_ids=tuple(prepared[x].id for x in group),
        name=_name([prepared[x] for x in group], idf),
        note_kind=kind,
        perspective=perspective if perspective is not None else (perspectives.pop() if len(perspectives) == 1 else None),
        keep_id=prepared[keep].id,
        score=round(score, 3),
    )


def _name(notes: Sequence[_Prepared], idf: dict[str, float]) -> str:
    """The most telling stem the notes share, in its most common form as typed, capitalised.

    A stem counts as shared by a note that has it, or has a word it is part of, or a word that is part
    of it (compounds: "miljø" and "arbejdsmiljø"). Most notes sharing it wins; then most notes having
    it exactly; then the stem that is part of more of the notes' words (the core of a compound:
    "udstyr" before "telefonudstyr"); then the rarer stem in the whole brainstorm (more telling); then the alphabet."""
    stem_sets = [{stem for _, stem in note.words} for note in notes]
    candidates = set().union(*stem_sets)
    if not candidates:
        return ""

    def shared(stem: str, stems: set[str]) -> bool:
        return stem in stems or (len(stem) >= 4 and any(stem in s or (len(s) >= 4 and s in stem) for s in stems))

    coverage = {stem: sum(shared(stem, s) for s in stem_sets) for stem in candidates}
    weak = _weak_stems()
    avoid_weak = any(coverage[stem] >= 2 for stem in candidates if stem not in weak)

    def rank(stem: str) -> tuple:
        return (avoid_weak and stem in weak, -coverage[stem], -sum(stem in s for s in stem_sets),
                -sum(stem in other for other in candidates), -idf.get("w:" + stem, 0.0), stem)

    best = min(candidates, key=rank)
    forms = Counter(surface for note in notes for surface, stem in note.words if stem == best)
    # Most common as typed (case aside); a tie goes to a form with æ, ø or å (spelt right), then the shorter.
    by_lower = Counter()
    for form, count in forms.items():
        by_lower[form.lower()] += count
    word = min(by_lower, key=lambda f: (-by_lower[f], f.isascii(), len(f), f))
    typed = [f for f in forms if f.lower() == word]
    # An abbreviation as typed (IT, GDPR) stays upper case; a longer word in capitals is a note shouted.
    if any(f.isupper() and 1 < len(f) <= 4 for f in typed):
        return word.upper()
    return word[:1].upper() + word[1:]


def _order_key(suggestion: Suggestion, across_perspectives: bool) -> tuple:
    kind_order = NOTE_KINDS.index(suggestion.note_kind) if suggestion.note_kind in NOTE_KINDS else len(NOTE_KINDS)
    if across_perspectives:
        cell = (kind_order, 0)
    else:
        p = suggestion.perspective
        cell = (PERSPECTIVES.index(p) if p in PERSPECTIVES else len(PERSPECTIVES), kind_order)
    return (cell, suggestion.kind != DUPLICATE, -len(suggestion.note_ids), suggestion.note_ids)

"""What the room captured, in the handouts: who said a note, merged duplicates under their note, the
notes each theme holds, no word broken by a narrow column, evaluation headings that say each thing
once, and one page per person when an owner names two. The demo workshop plus what a facilitator
adds in the app (through the store, as the app writes it), exported and read back with python-docx."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from digiworkshop.demo import load_demo
from digiworkshop.handouts import write_handouts
from digiworkshop.rules.action_plan import split_owners
from digiworkshop.rules.brainstorm import read_capture
from digiworkshop.store import Store

TRIAL = "Folder om Jobloggen til nye ledige"  # the demo's prøvehandling


@pytest.fixture
def workshop(store: Store) -> int:
    """The demo workshop after a facilitator's morning: a note said by Kit (typed "… @Kit"), the demo's
    duplicate merged into its note, a theme, an action for "Michael og Lone", the trial's cycle evaluated."""
    w = load_demo(store)
    people = [(p.id, p.name) for p in store.list_participants(w.id)]
    names = dict(people)
    capture = read_capture("Borgerne mangler NemID @Kit", people)
    said = store.add_note(w.id, perspective="fagligt", kind="barriere", text=capture.text,
                          participant_id=capture.participant_id).note
    notes = {n.text: n for n in store.list_notes(w.id)}
    keep, duplicate = notes["Formålet er uklart"], notes["Formålet er uklart. Hvor skal det indføres og hvorfor?"]
    lone = next(pid for pid, name in names.items() if name == "Lone Bæk")
    store.update_note(duplicate.id, participant_id=lone)
    store.merge_notes(keep.id, duplicate.id)
    store.create_theme(w.id, name="Uklart for borgerne", note_ids=[keep.id, said.id])
    action = next(a for a in store.list_actions(w.id) if a.owner == "Arbejdsgruppen")
    store.update_action(action.id, owner="Michael og Lone")
    [trial] = store.list_trials(w.id)
    cycle = store.list_cycles(trial.id)[0]
    store.open_cycle_round(cycle.id, today=dt.date(2026, 11, 30))
    return w.id


def export(store: Store, workshop_id: int, kind: str, tmp_path, **kw):  # noqa: ANN001, ANN201
    [path] = write_handouts(store, workshop_id, [kind], tmp_path / kind, **kw)
    return Document(path)


def heading_texts(doc, level: int | None = None) -> list[str]:  # noqa: ANN001
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")
            and (level is None or p.style.name == f"Heading {level}")]


def table_with_header(doc, *header: str):  # noqa: ANN001, ANN201
    return next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:len(header)] == list(header))


# --- who said it, merged duplicates, the themes' notes -----------------------------------------------


def test_report_shows_who_said_a_note_and_the_duplicate_merged_into_it(store: Store, workshop, tmp_path) -> None:
    doc = export(store, workshop, "report", tmp_path)
    grid = table_with_header(doc, "", "Potentialer", "Barrierer")
    fagligt_barriers = grid.rows[1].cells[2]
    lines = [p.text for p in fagligt_barriers.paragraphs]
    # The note keeps its own text; who said it stands beside it; the merged duplicate's text (and
    # who said that) under it.
    i = lines.index("• Formålet er uklart")
    assert lines[i + 1] == "lagt sammen med: Formålet er uklart. Hvor skal det indføres og hvorfor? (Lone Bæk)"
    assert "• Borgerne mangler NemID (Kit Mølgaard)" in lines
    assert not any("@Kit" in line for line in lines)
    # The duplicate is not a note of its own any more.
    assert "• Formålet er uklart. Hvor skal det indføres og hvorfor?" not in lines


def test_report_themes_table_lists_the_notes_each_theme_holds(store: Store, workshop, tmp_path) -> None:
    doc = export(store, workshop, "report", tmp_path)
    themes = table_with_header(doc, "Tema", "Perspektiv", "Type", "Stemmer", "Central")
    [row] = themes.rows[1:]
    assert [p.text for p in row.cells[0].paragraphs] == [
        "Uklart for borgerne",  # the theme's name, then its notes in the room's order
        "• Borgerne mangler NemID (Kit Mølgaard)",
        "• Formålet er uklart",
        "lagt sammen med: Formålet er uklart. Hvor skal det indføres og hvorfor? (Lone Bæk)",
    ]
    assert [c.text for c in row.cells[1:]] == ["Fagligt", "Barriere", "0", ""]


# --- column widths --------------------------------------------------------------------------------
# How wide a word is, estimated without the font: characters × 0.55 em at the table style's size.
# Calibri (and Carlito, its metric twin in LibreOffice) averages about 0.47 em a lowercase letter and
# 0.49 em bold (measured in LibreOffice's PDF: "Arbejdsgruppen" 0.47 em, bold "Stemme" 0.57 em), so
# 0.55 em is a safe margin for ordinary words (a word of capitals and m/w could be wider).
GLYPH_EM = 0.55


def _word_width(word: str, size_pt: float) -> int:
    return int(Pt(len(word) * GLYPH_EM * size_pt))


def _cell_margins(table) -> int:  # noqa: ANN001
    mar = table._tbl.tblPr.find(qn("w:tblCellMar"))
    twips = sum(int(mar.find(qn(f"w:{side}")).get(qn("w:w"))) for side in ("left", "right"))
    return twips * 635  # EMU


def narrow_words(doc) -> list[str]:  # noqa: ANN001
    """Every word that does not fit on one line in its table column: 'table n, column c: word'."""
    # Tables are set in the table style's size; a size on Normal would win over it in LibreOffice
    # (the tables came out at 11 pt there), so there must be none.
    assert doc.styles["Normal"].font.size is None
    size = doc.styles["Table Grid"].font.size.pt
    found = []
    for n, table in enumerate(doc.tables):
        margins = _cell_margins(table)
        grid = [col.w for col in table._tbl.tblGrid.gridCol_lst]
        for tr in table._tbl.tr_lst:
            col = 0
            for tc in tr.tc_lst:
                span = tc.grid_span
                room = min(sum(grid[col:col + span]), tc.width or sum(grid[col:col + span])) - margins
                text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))
                found += [f"table {n}, column {col}: {word}" for word in text.split() if _word_width(word, size) > room]
                col += span
    return found


def test_every_column_of_the_report_and_the_action_list_fits_its_longest_word(store: Store, workshop,
                                                                              tmp_path) -> None:
    report = export(store, workshop, "report", tmp_path)
    actions = export(store, workshop, "actions", tmp_path)
    assert len(report.tables) > 15 and len(actions.tables) > 5
    assert narrow_words(report) == []  # before: "Stemmer", "Potentiale", "Organisatorisk" … broke mid-word
    assert narrow_words(actions) == []
    # The columns together are never wider than the widest page's text width.
    for doc in (report, actions):
        widest = max(s.page_width - s.left_margin - s.right_margin for s in doc.sections)
        assert all(sum(col.w for col in t._tbl.tblGrid.gridCol_lst) <= widest for t in doc.tables)


# --- evaluation headings ------------------------------------------------------------------------------


def test_an_evaluated_cycle_is_headed_with_each_thing_once(store: Store, workshop, tmp_path) -> None:
    for doc, level in ((export(store, workshop, "report", tmp_path), 2),
                       (export(store, workshop, "evaluation", tmp_path), 1)):
        [heading] = [h for h in heading_texts(doc, level) if "cyklus" in h]
        assert heading == f"{TRIAL} – cyklus 1 – 30/11-2026"  # before: the trial named twice
    trial_id = store.list_trials(workshop)[0].id
    side = export(store, workshop, "evaluation", tmp_path / "trial", trial_ref=1)
    [table] = side.tables
    # Under the trial's own title a round's column need not name the trial again.
    assert [c.text for c in table.rows[0].cells] == ["", "Cyklus 1 – 30/11-2026"]
    assert trial_id


# --- owners who are two people --------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "people"), [
    ("Michael og Lone", ["Michael", "Lone"]),
    ("Michael, Lone", ["Michael", "Lone"]),
    ("Michael & Lone", ["Michael", "Lone"]),
    ("Michael/Lone", ["Michael", "Lone"]),
    ("Michael, Lone og Kit", ["Michael", "Lone", "Kit"]),
    ("Michael Holm (superbruger)", ["Michael Holm (superbruger)"]),
    ("Kit (IT/support) og  Lone", ["Kit (IT/support)", "Lone"]),
    ("Bogholderiet", ["Bogholderiet"]),
    ("IT/Digitalisering", ["IT/Digitalisering"]),
    ("Lone og HR/løn", ["Lone", "HR/løn"]),
    ("Michael Holm/Lone Bæk", ["Michael Holm", "Lone Bæk"]),
    ("", []),
])
def test_an_owner_typed_as_several_people_is_split(typed: str, people: list[str]) -> None:
    assert split_owners(typed) == people


def test_each_person_of_a_shared_action_gets_their_own_page(store: Store, workshop, tmp_path) -> None:
    doc = export(store, workshop, "actions", tmp_path)
    pages = heading_texts(doc, 1)
    # "Michael og Lone" are the participants Michael Holm and Lone Bæk; Michael's other action
    # ("Michael Holm (superbruger)") is on the same page.
    assert "Michael og Lone" not in pages and "Lone Bæk" in pages and pages.count("Michael Holm") == 1
    assert doc.element.body.xml.count('w:type="page"') == len(pages) - 1

    def page_rows(owner: str) -> list[list[str]]:
        from docx.table import Table

        body = list(doc.element.body.iterchildren())
        start = next(i for i, el in enumerate(body) if el.tag == qn("w:p") and "".join(
            t.text or "" for t in el.iter(qn("w:t"))) == owner)
        table = next(Table(el, doc) for el in body[start:] if el.tag == qn("w:tbl"))
        return [[c.text for c in row.cells] for row in table.rows[1:]]

    shared = "Fleksibilitet for borgere"
    lone = page_rows("Lone Bæk")
    assert lone == [[shared, "Sikre at det indgår i formålet og opfølgningen\nSammen med Michael Holm",
                     "1. oktober 2026", "Færdig"]]
    michael = page_rows("Michael Holm")
    assert [r[0] for r in michael] == [shared, "Borgerne ved ikke, hvad registreringerne bruges til"]
    assert michael[0][1].endswith("\nSammen med Lone Bæk")


def test_the_calendar_event_of_a_shared_action_names_both(store: Store, workshop, tmp_path) -> None:
    from icalendar import Calendar

    [path] = write_handouts(store, workshop, ["ics"], tmp_path)
    events = {str(e["summary"]): e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    event = events["Deadline: Fleksibilitet for borgere (Michael Holm og Lone Bæk)"]
    assert "Ansvarlig: Michael Holm og Lone Bæk" in str(event["description"])

"""Every handout of the full demo workshop, read back with python-docx and checked cell by cell
against the workshop document; short workshops; unsafe text; the calendar; PDF next to the .docx."""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
import string

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digiworkshop.demo import demo_document
from digiworkshop.handouts.kit import BULLET, safe_text
from digiworkshop.domain import format_date_da, format_date_short
from digiworkshop.exchange import import_document, workshop_document
from digiworkshop.guide import load_guide
from digiworkshop.handouts import KINDS, build_calendar, expand_kinds, soffice, write_handouts
from digiworkshop.store import Store

GUIDE = load_guide()
NOW = "2026-09-15T10:00:00+00:00"


def full_document() -> dict:
    """The demo workshop plus what the demo leaves out: a deleted and a merged note, themes, a
    trial log, an evaluation round of the trial, an action without deadline or owner."""
    doc = copy.deepcopy(demo_document())
    doc["workshop"]["uid"] = "handout-test"
    notes = doc["notes"]
    n = len(notes)
    notes.append({"ref": n + 1, "position": n + 1, "perspective": "fagligt", "kind": "barriere",
                  "text": "SLETTET NOTE", "deleted_at": NOW})
    notes.append({"ref": n + 2, "position": n + 2, "perspective": "fagligt", "kind": "barriere",
                  "text": "DUBLET NOTE", "merged_into_ref": 1})
    doc["themes"] = [
        {"ref": 1, "position": 1, "perspective": "organisatorisk", "kind": "barriere", "name": "Ledelse og kurs",
         "votes": 9, "central": True},
        {"ref": 2, "position": 2, "perspective": "fagligt", "kind": "potentiale", "name": "Bedre samtaler",
         "votes": 4, "central": False},
    ]
    notes[0]["theme_ref"] = 1
    doc["trial_log"] = [
        {"ref": 1, "cycle_ref": 1, "date": "2026-10-20", "text": "Folderen blev godt modtaget."},
        {"ref": 2, "cycle_ref": 1, "date": "2026-10-06", "text": "Første uge: 12 foldere delt ud."},
    ]
    rounds = doc["evaluation_rounds"]
    rounds.append({"ref": 2, "position": 2, "date": "2026-11-01", "title": "Folder-evaluering", "trial_ref": 1})
    doc["evaluation_entries"].append({"ref": len(doc["evaluation_entries"]) + 1, "round_ref": 2, "position": 99,
                                      "question": "gik_godt", "text": "Borgerne læste den."})
    doc["evaluation_entries"].append({"ref": len(doc["evaluation_entries"]) + 1, "round_ref": 2, "position": 100,
                                      "question": "gaa_bedre", "text": "SLETTET SVAR", "deleted_at": NOW})
    a = len(doc["actions"])
    doc["actions"].append({"ref": a + 1, "position": a + 1, "perspective": "personligt", "kind": "barriere",
                           "subject": "Usikkerhed om egen stilling", "how": "Tal om det på teammødet",
                           "owner": "", "deadline": None, "deadline_text": "efter sommerferien"})
    return doc


@pytest.fixture
def full(store: Store) -> tuple[int, dict]:
    workshop = import_document(store, full_document())
    return workshop.id, workshop_document(store, workshop.id)


def texts(table) -> list[list[str]]:  # noqa: ANN001
    return [[cell.text for cell in row.cells] for row in table.rows]


def headings(doc) -> list[tuple[int, str]]:  # noqa: ANN001
    return [(int(p.style.name.split()[-1]), p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]


def body_order(doc) -> list:  # noqa: ANN001
    """Headings (as text) and tables (as objects) in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    items = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            p = Paragraph(child, doc)
            if p.style.name.startswith("Heading"):
                items.append(p.text)
        elif child.tag == qn("w:tbl"):
            items.append(Table(child, doc))
    return items


def table_after(doc, heading: str, nth: int = 0):  # noqa: ANN001, ANN201
    """The nth table after a heading."""
    items = body_order(doc)
    start = items.index(heading)
    tables = [item for item in items[start + 1:] if not isinstance(item, str)]
    return tables[nth]


def bullets(items) -> str:  # noqa: ANN001
    return "\n".join(BULLET + safe_text(t) for t in items)


def live(document: dict) -> list[dict]:
    return [n for n in sorted(document["notes"], key=lambda n: (n["position"], n["ref"]))
            if not n["deleted_at"] and n["merged_into_ref"] is None]


def by_pos(rows):  # noqa: ANN001, ANN201
    return sorted(rows, key=lambda r: (r.get("position", 0), r["ref"]))


def name(items, key):  # noqa: ANN001, ANN201
    return next(i.name for i in items if i.key == key)


def write(store, wid, kind, tmp_path, **kw):  # noqa: ANN001, ANN201
    [path] = write_handouts(store, wid, [kind], tmp_path, **kw)
    return path, Document(path)


# --- the report -----------------------------------------------------------------------------------


def test_report_cover_and_steps_in_guide_order(store: Store, full, tmp_path) -> None:
    wid, document = full
    out = tmp_path / "out"
    path, doc = write(store, wid, "report", out)
    w = document["workshop"]
    assert doc.paragraphs[0].text == w["title"] and doc.paragraphs[0].style.name == "Title"
    cover = texts(doc.tables[0])
    assert cover == [
        ["Dato", format_date_da(dt.date.fromisoformat(w["date"]), weekday=True)], ["Sted", w["place"]],
        ["Organisation", w["organisation"]], ["Facilitator", w["facilitator"]], ["Digital løsning", w["solution"]],
        ["Fase", "Implementering"],
    ]
    assert texts(table_after(doc, "Deltagere")) == [["Navn", "Rolle", "Organisatorisk enhed"]] + [
        [p["name"], p["role"], p["unit"]] for p in by_pos(document["participants"])
    ]
    level1 = [text for level, text in headings(doc) if level == 1]
    assert level1 == [s.label for s in GUIDE.steps if s.key != "workshop"]  # the demo fills every step
    props = doc.core_properties
    assert props.title == w["title"] and props.author == w["facilitator"] and props.created is not None
    footer = doc.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("Side ") and "NUMPAGES" in footer._p.xml
    questions = tuple(q.text for q in GUIDE.evaluation_questions)
    for table in doc.tables[1:]:  # every table with a header row repeats it on each page
        if table.rows[0].cells[0].text.startswith(questions):
            continue  # the evaluation window has its questions in every cell, no header row
        assert table.rows[0]._tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in out.iterdir()] == [path.name]  # no temporary file left behind


def test_report_purpose_working_group_and_wishes(store: Store, full, tmp_path) -> None:
    wid, document = full
    _, doc = write(store, wid, "report", tmp_path)
    purpose = document["purpose"][0]
    assert texts(table_after(doc, "Hvorfor giver det mening?"))[1:] == [
        [a.name, purpose[a.key]] for a in GUIDE.purpose.audiences
    ]
    members = texts(table_after(doc, "Medlemmer"))
    assert members[0] == ["Navn", "Rolle", "Fordel ved at have vedkommende med", "Bidrag", "Arketype"]
    assert members[1:] == [
        [m["name"], m["role"], m["advantage"], m["contribution"],
         name(GUIDE.archetypes, m["archetype"]) if m["archetype"] else ""]
        for m in by_pos(document["group_members"])
    ]
    paragraphs = [p.text for p in doc.paragraphs]
    assert document["working_group"][0]["task"] in paragraphs
    assert document["working_group"][0]["communication"] in paragraphs
    for topic in GUIDE.wish_topics:
        wishes = [w for w in by_pos(document["wishes"]) if w["topic"] == topic.key and not w["deleted_at"]]
        if not wishes:
            assert topic.name not in [h for _, h in headings(doc)]
            continue
        assert texts(table_after(doc, topic.name)) == [["Ønske eller krav", "Type", "Kategori"]] + [
            [w["text"], name(GUIDE.wish_kinds, w["kind"]), name(GUIDE.wish_categories, w["category"])] for w in wishes
        ]
    assert texts(table_after(doc, "Erfaringer fra andre kommuner"))[1:] == [
        [e["municipality"], e["contact"], e["solution"], e["learned"]] for e in by_pos(document["experiences"])
    ]


def test_report_grid_is_a_real_3x2_table_without_deleted_notes_merged_ones_under_theirs(store: Store, full,
                                                                                       tmp_path) -> None:
    wid, document = full
    _, doc = write(store, wid, "report", tmp_path)
    grid = texts(table_after(doc, GUIDE.step("brainstorm").label))
    assert grid[0] == ["", "Potentialer", "Barrierer"]
    assert [row[0] for row in grid[1:]] == ["Fagligt", "Personligt/individuelt", "Organisatorisk"]
    notes = live(document)
    merged = {n["merged_into_ref"]: n["text"] for n in document["notes"] if n["merged_into_ref"] is not None}
    for row, perspective in zip(grid[1:], GUIDE.perspectives):
        for cell, kind in zip(row[1:], ("potentiale", "barriere")):
            assert cell == "\n".join(
                BULLET + n["text"] + (f"\nlagt sammen med: {merged[n['ref']]}" if n["ref"] in merged else "")
                for n in notes if n["perspective"] == perspective.key and n["kind"] == kind)
    everything = "\n".join(c for row in grid for c in row)
    assert "SLETTET NOTE" not in everything and "lagt sammen med: DUBLET NOTE" in everything


def test_report_themes_votes_and_central_marks(store: Store, full, tmp_path) -> None:
    wid, document = full
    _, doc = write(store, wid, "report", tmp_path)
    themes = texts(table_after(doc, "Temaer"))
    assert themes == [
        ["Tema", "Perspektiv", "Type", "Stemmer", "Central"],
        ["Ledelse og kurs\n" + BULLET + "Formålet er uklart\nlagt sammen med: DUBLET NOTE", "Organisatorisk",
         "Barriere", "9", "★ Central"],
        ["Bedre samtaler", "Fagligt", "Potentiale", "4", ""],
    ]
    ranked = texts(table_after(doc, "Prioriterede potentialer og barrierer"))[1:]
    prioritised = [n for n in live(document) if n["votes"] or n["central"]]
    assert {r[0] for r in ranked} == {n["text"] for n in prioritised}
    central = {n["text"] for n in prioritised if n["central"]}
    assert {r[0] for r in ranked if r[4] == "★ Central"} == central
    assert [r[0] for r in ranked[:len(central)]] == [r[0] for r in ranked if r[0] in central]  # central first


def test_report_action_plan_tables_exactly_as_in_the_seed_on_landscape_pages(store: Store, full, tmp_path) -> None:
    wid, document = full
    _, doc = write(store, wid, "report", tmp_path)
    actions = by_pos(document["actions"])
    plan = [t for t in doc.tables if texts(t)[0][0] in ("Barrierer", "Potentialer") and len(texts(t)[0]) == 4]
    assert [texts(t)[0] for t in plan] == [
        ["Barrierer", "Hvordan afbødes / løses det", "Hvem er ansvarlig", "Deadline"],
        ["Potentialer", "Hvordan støttes de", "Hvem er ansvarlig", "Deadline"],
    ]
    for table, kind in zip(plan, ("barriere", "potentiale")):
        expected = []
        for perspective in GUIDE.perspectives:
            rows = [a for a in actions if a["kind"] == kind and a["perspective"] == perspective.key]
            if rows:
                expected.append([perspective.name] * 4)  # the band row spans the table
                for a in rows:
                    deadline = format_date_short(dt.date.fromisoformat(a["deadline"])) if a["deadline"] else a["deadline_text"]
                    expected.append([a["subject"], a["how"], a["owner"], deadline])
        assert texts(table)[1:] == expected
    assert ["Usikkerhed om egen stilling", "Tal om det på teammødet", "", "efter sommerferien"] in texts(plan[0])
    orientations = [s.orientation for s in doc.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    landscape = doc.sections[1]
    assert landscape.page_width > landscape.page_height


def test_report_evaluation_quadrants_and_trials(store: Store, full, tmp_path) -> None:
    wid, document = full
    _, doc = write(store, wid, "report", tmp_path)
    entries = by_pos(document["evaluation_entries"])
    for rnd in document["evaluation_rounds"]:
        title = rnd["title"]
        heading = next(h for _, h in headings(doc) if h.startswith(title))
        quadrants = texts(table_after(doc, heading))
        assert len(quadrants) == 2 and all(len(r) == 2 for r in quadrants)
        for i, question in enumerate(GUIDE.evaluation_questions):
            answers = [e["text"] for e in entries if e["round_ref"] == rnd["ref"] and e["question"] == question.key
                       and not e["deleted_at"]]
            expected = "\n".join([question.text, *(BULLET + a for a in answers)])
            assert quadrants[i // 2][i % 2] == expected
    assert "SLETTET SVAR" not in "\n".join(c for t in doc.tables for r in texts(t) for c in r)
    trial = document["trials"][0]
    assert (2, trial["title"]) in headings(doc)
    cycle_headings = [h for level, h in headings(doc) if level == 3]
    assert cycle_headings[0].startswith("Cyklus 1") and cycle_headings[1].startswith("Cyklus 2")
    qa = texts(table_after(doc, cycle_headings[0]))
    assert qa[0] == ["Spørgsmål", "Svar"]
    answers = {(a["phase"], a["question"]): a["text"] for a in document["trial_answers"] if a["cycle_ref"] == 1}
    expected = []
    for phase in GUIDE.trial_phases:
        rows = [[q.text, answers[(phase.key, q.key)]] for q in phase.questions if (phase.key, q.key) in answers]
        if rows:
            expected += [[phase.name, phase.name], *rows]
    assert qa[1:] == expected
    log = texts(table_after(doc, cycle_headings[0], 1))
    assert log == [["Dato", "Erfaring"], ["6/10-2026", "Første uge: 12 foldere delt ud."],
                   ["20/10-2026", "Folderen blev godt modtaget."]]


def test_a_workshop_with_little_content_gives_a_short_handout_of_every_kind(store: Store, tmp_path) -> None:
    w = store.create_workshop(title="Kun en titel")
    paths = write_handouts(store, w.id, ["all", "json"], tmp_path)
    assert [p.suffix for p in paths] == [".docx"] * 4 + [".ics", ".json"]
    assert all(p.stat().st_size > 0 for p in paths)
    report = Document(paths[0])
    assert headings(report) == [] and report.paragraphs[0].text == "Kun en titel"
    assert "Der er endnu ikke skrevet noget i guidens trin." in [p.text for p in report.paragraphs]
    assert "ingen handlinger" in "\n".join(p.text for p in Document(paths[1]).paragraphs)
    assert "ingen evalueringsrunder" in "\n".join(p.text for p in Document(paths[2]).paragraphs)
    from icalendar import Calendar

    assert Calendar.from_ical(paths[4].read_bytes()).walk("VEVENT") == []


def test_only_a_step_with_content_is_printed(store: Store, tmp_path) -> None:
    w = store.create_workshop(title="Halvvejs")
    store.update_purpose(w.id, politikere="Bedre service")
    _, doc = write(store, w.id, "report", tmp_path)
    assert [h for level, h in headings(doc) if level == 1] == [GUIDE.step("purpose").label]
    assert texts(table_after(doc, "Hvorfor giver det mening?"))[1:] == [
        ["Borgere", ""], ["Medarbejdere", ""], ["Ledelse", ""], ["Politikere", "Bedre service"]]


# --- action list, evaluation handout, templates, calendar --------------------------------------------


def test_action_list_has_one_page_per_owner_sorted_by_deadline(store: Store, full, tmp_path) -> None:
    wid, document = full
    _, doc = write(store, wid, "actions", tmp_path)
    actions = document["actions"]
    # "Jobcenterchef og arbejdsgruppen" is two owners; "Michael Holm (superbruger)" is the participant.
    owners = ["Arbejdsgruppen", "Jobcenterchef", "Kit Mølgaard", "Ledelsen", "Ledere", "Ledergruppen", "Michael Holm"]
    assert [h for level, h in headings(doc) if level == 1] == [*owners, "Uden ansvarlig"]
    page_breaks = doc.element.body.xml.count('w:type="page"')
    assert page_breaks == len(owners)  # one page per owner
    statuses = {s.key: s.name for s in GUIDE.action_statuses}
    for owner in owners:
        rows = texts(table_after(doc, owner))
        assert rows[0] == ["Barriere / potentiale", "Hvad gør vi?", "Deadline", "Status"]
        mine = sorted((a for a in actions if owner.casefold() in a["owner"].casefold()
                       or (owner == "Michael Holm" and a["owner"].startswith(owner))),
                      key=lambda a: (a["deadline"] is None, a["deadline"] or ""))
        assert [[r[0], r[1].split("\n")[0], *r[2:]] for r in rows[1:]] == [
            [a["subject"], a["how"], format_date_da(dt.date.fromisoformat(a["deadline"])) if a["deadline"]
             else a["deadline_text"], statuses[a["status"]]] for a in mine
        ]
    assert texts(table_after(doc, "Uden ansvarlig"))[1] == [
        "Usikkerhed om egen stilling", "Tal om det på teammødet", "efter sommerferien", "Ikke startet"]


def test_evaluation_handout_one_round_all_rounds_and_a_trial_side_by_side(store: Store, full, tmp_path) -> None:
    wid, document = full
    _, doc = write(store, wid, "evaluation", tmp_path / "all")
    assert len([t for t in doc.tables if len(t.rows) == 2 and len(t.columns) == 2]) == 2
    assert [s.orientation for s in doc.sections] == [WD_ORIENT.PORTRAIT]  # the trial has only one round

    document2 = full_document()
    document2["workshop"]["uid"] = "two-rounds"
    document2["evaluation_rounds"][0]["trial_ref"] = 1
    w2 = import_document(store, document2)
    _, both = write(store, w2.id, "evaluation", tmp_path / "both")
    assert [s.orientation for s in both.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    side_heading = f"{document2['trials'][0]['title']} – alle runder"
    assert (1, side_heading) in headings(both)
    side = texts(table_after(both, side_heading))
    assert side[0] == ["", "Folder-evaluering – 1/11-2026", "Opfølgning efter tre måneder – 15/1-2027"]  # oldest first

    _, one = write(store, wid, "evaluation", tmp_path / "one", round_ref=2)
    [window] = one.tables
    assert texts(window)[0][0] == "Hvad gik godt?\n" + BULLET + "Borgerne læste den."
    assert texts(window)[1][0] == "Hvad kunne gå bedre?"  # the deleted answer is left out
    path, side = write(store, wid, "evaluation", tmp_path / "trial", trial_ref=1)
    assert "proevehandling-1" in path.name
    [table] = side.tables
    rows = texts(table)
    assert rows[0] == ["", "Folder-evaluering – 1/11-2026"]
    assert [r[0] for r in rows[1:]] == [q.text for q in GUIDE.evaluation_questions]
    assert rows[1][1] == BULLET + "Borgerne læste den."
    assert all(s.orientation == WD_ORIENT.LANDSCAPE for s in side.sections)


def test_templates_are_blank_pages_with_room_to_write(store: Store, tmp_path) -> None:
    w = store.create_workshop(title="Skabeloner")
    _, doc = write(store, w.id, "templates", tmp_path)
    level1 = [h for level, h in headings(doc) if level == 1]
    assert level1 == [GUIDE.step(k).label for k in ("purpose", "working_group", "wishes", "brainstorm",
                                                      "action_plan", "evaluation", "trials")]
    grid = texts(table_after(doc, GUIDE.step("brainstorm").label))
    assert grid == [["", "Potentialer", "Barrierer"], ["Fagligt", "", ""], ["Personligt/individuelt", "", ""],
                    ["Organisatorisk", "", ""]]
    assert [texts(t)[0] for t in doc.tables if len(t.columns) == 4] == [
        list(GUIDE.action_plan.barrier_columns), list(GUIDE.action_plan.potential_columns)]
    window = texts(table_after(doc, GUIDE.step("evaluation").label))
    assert window == [["Hvad gik godt?", "Hvorfor gik det godt?"], ["Hvad kunne gå bedre?", "Hvad ville du/I gøre anderledes?"]]
    for phase in GUIDE.trial_phases:
        assert (2, f"{phase.name} ({phase.english})") in headings(doc)
    tall = [row for t in doc.tables for row in t.rows if row.height is not None and row.height.cm >= 1.4]
    assert len(tall) > 30 and all(all(not c.text for c in row.cells[1:]) for row in tall if len(row.cells) > 2)
    assert {s.orientation for s in doc.sections} == {WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE}


def test_calendar_has_one_all_day_event_per_action_with_a_deadline(store: Store, full, tmp_path) -> None:
    from icalendar import Calendar

    wid, document = full
    [path] = write_handouts(store, wid, ["ics"], tmp_path)
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    dated = [a for a in by_pos(document["actions"]) if a["deadline"]]
    assert len(events) == len(dated) and len({str(e["uid"]) for e in events}) == len(dated)
    for event, action in zip(events, dated):
        start = event.decoded("dtstart")
        assert start == dt.date.fromisoformat(action["deadline"]) and not isinstance(start, dt.datetime)
        assert event.decoded("dtend") == start + dt.timedelta(days=1)
        assert action["owner"] in str(event["summary"]) and f"Ansvarlig: {action['owner']}" in str(event["description"])
    assert path.stat().st_mode & 0o777 == 0o600


def test_unknown_kind_is_refused() -> None:
    from digiworkshop.handouts import HandoutError

    assert expand_kinds(["all", "report"]) == list(KINDS)
    with pytest.raises(HandoutError):
        expand_kinds(["poster"])


@pytest.mark.skipif(soffice() is None and not os.environ.get("CI"), reason="LibreOffice is not installed")
def test_pdf_next_to_each_docx(store: Store, full, tmp_path) -> None:
    wid, _ = full
    seen = []
    paths = write_handouts(store, wid, ["all"], tmp_path, pdf=True, progress=lambda d, t, m: seen.append((d, t)))
    pdfs = [p for p in paths if p.suffix == ".pdf"]
    assert [p.stem for p in pdfs] == [p.stem for p in paths if p.suffix == ".docx"]
    for pdf in pdfs:
        assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_mode & 0o777 == 0o600
    assert seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == sorted(d for d, _ in seen)
    if shutil.which("pdftotext"):
        import subprocess

        text = subprocess.run(["pdftotext", str(pdfs[0]), "-"], capture_output=True, text=True).stdout
        assert "Side 1 af" in text and "Hvordan afbødes / løses det" in text


def test_without_libreoffice_the_docx_is_still_written(store: Store, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    w = store.create_workshop(title="Uden PDF")
    paths = write_handouts(store, w.id, ["report"], tmp_path / "out", pdf=True)
    assert [p.suffix for p in paths] == [".docx"]


def test_calendar_text_is_safe(store: Store) -> None:
    document = {"workshop": {"title": "T\x07", "uid": "u"}, "actions": [
        {"ref": 1, "position": 1, "kind": "barriere", "perspective": "fagligt", "subject": "a\x01b, c; d",
         "how": "", "owner": "Kit\x1b", "deadline": "2026-12-24", "status": "i_gang"}]}
    from icalendar import Calendar

    [event] = Calendar.from_ical(build_calendar(document, GUIDE)).walk("VEVENT")
    assert str(event["summary"]) == "Deadline: a␁b, c; d (Kit␛)"


# --- any typed text is safe -------------------------------------------------------------------------

# All of Unicode but NUL (refused with a message at capture) and lone surrogates (no UTF-8 text can
# hold them, so neither a terminal nor a paste can deliver one; SQLite refuses them).
typed = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), min_size=1, max_size=60).filter(
    lambda s: s.strip())


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(statement=typed, name=typed, note=typed, how=typed)
def test_arbitrary_typed_text_comes_back_intact_wherever_printable(store: Store, tmp_path, statement, name,
                                                                  note, how) -> None:
    w = store.create_workshop(title="Tekst " + name)
    store.update_purpose(w.id, statement=statement)
    store.add_participant(w.id, name=name)
    extra = copy.deepcopy(workshop_document(store, w.id))
    extra["workshop"]["uid"] = f"hyp-{w.id}"
    extra["notes"] = [{"ref": 1, "position": 1, "perspective": "personligt", "kind": "potentiale", "text": note}]
    extra["actions"] = [{"ref": 1, "position": 1, "perspective": "fagligt", "kind": "barriere", "subject": note,
                         "how": how, "owner": name, "deadline": "2026-12-01"}]
    other = import_document(store, extra)
    folder = tmp_path / f"w{w.id}"
    report, actions = write_handouts(store, other.id, ["report", "actions"], folder)
    doc = Document(report)
    assert safe_text(statement) in [p.text for p in doc.paragraphs]
    assert doc.paragraphs[0].text == safe_text("Tekst " + name)
    assert texts(table_after(doc, "Deltagere"))[1][0] == safe_text(name)
    assert texts(table_after(doc, GUIDE.step("brainstorm").label))[2][1] == BULLET + safe_text(note)
    plan = texts(table_after(doc, "Barrierer"))
    assert plan[2] == [safe_text(note), safe_text(how), safe_text(name), "1/12-2026"]
    sheet = Document(actions)
    subject, what = texts(sheet.tables[0])[1][:2]  # an owner like "A&B" is two people: "Sammen med B" under
    assert subject == safe_text(note) and what.startswith(safe_text(how))
    for value in (statement, name, note, how):  # nothing printable lost: only controls became symbols
        kept = safe_text(value)
        assert len(kept) == len(value.replace("\r\n", "\n"))
        assert all(a == b or b in "\n" or 0x2400 <= ord(b) < 0x2420 or b == "\ufffd"
                   for a, b in zip(value.replace("\r\n", "\n"), kept))


def test_safe_text_keeps_every_printable_character() -> None:
    printable = string.printable.replace("\r", "").replace("\x0b", "").replace("\x0c", "")
    assert safe_text(printable + "æøå 👩‍👩‍👧 <w:t>&") == printable + "æøå 👩‍👩‍👧 <w:t>&"
    assert safe_text("a\r\nb\rc\x0bd\ud800") == "a\nb\nc␋d\ufffd"


def test_a_report_ending_with_the_action_plan_has_no_empty_page_after_it(store: Store, tmp_path) -> None:
    document = {"format": "digiworkshop", "version": 1, "workshop": {"uid": "plan-only", "title": "Kun plan"},
                "actions": [{"ref": 1, "position": 1, "perspective": "fagligt", "kind": "potentiale",
                             "subject": "Fleksibilitet", "how": "Fortæl om det", "owner": "Kit"}]}
    w = import_document(store, document)
    _, doc = write(store, w.id, "report", tmp_path)
    assert [s.orientation for s in doc.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    assert texts(doc.tables[-1])[2] == ["Fleksibilitet", "Fortæl om det", "Kit", ""]


def test_very_long_and_odd_notes_are_exported_whole(store: Store, tmp_path) -> None:
    long_note = "[b]fed[/b] <w:t>&amp; 👩‍👩‍👧 \x07 " + "lang tekst æøå " * 650  # ~10,000 characters
    document = {"format": "digiworkshop", "version": 1, "workshop": {"uid": "long", "title": "Lang"},
                "notes": [{"ref": 1, "position": 1, "perspective": "organisatorisk", "kind": "barriere",
                           "text": long_note}],
                "actions": [{"ref": 1, "position": 1, "perspective": "organisatorisk", "kind": "barriere",
                             "subject": long_note, "how": long_note, "owner": "Kit", "deadline": "2027-01-04"}]}
    w = import_document(store, document)
    paths = write_handouts(store, w.id, ["all"], tmp_path)
    doc = Document(paths[0])
    assert texts(table_after(doc, GUIDE.step("brainstorm").label))[3][2] == BULLET + safe_text(long_note)
    assert texts(table_after(doc, "Barrierer"))[2][:2] == [safe_text(long_note)] * 2
    from icalendar import Calendar

    [event] = Calendar.from_ical(paths[4].read_bytes()).walk("VEVENT")
    assert safe_text(long_note) in str(event["summary"])

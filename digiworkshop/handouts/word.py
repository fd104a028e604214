"""The Word handouts: the workshop report, the action list per owner, the evaluation handout and
the blank templates. Each is built from a workshop document (exchange.workshop_document) and the
guide's texts; layout decides what goes in which row, this module how it looks on paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.shared import Cm

from ..domain import format_date_da
from ..guide import Guide, load_guide
from . import layout as lay
from .kit import ACCENT, BULLET, Handout, Item, safe_text

Document = dict[str, Any]
SERIES = "Digitale veje til job · Trin for trin guide"


def _date(value: str | None):  # noqa: ANN202
    return lay._date(value)


def _new(document: Document, what: str, *, main: bool = False) -> Handout:
    """A handout whose properties name the workshop (the report: just its title) and the facilitator."""
    workshop = document["workshop"]
    title = workshop.get("title", "")
    return Handout(title=title if main else f"{title} – {what}", author=workshop.get("facilitator", ""),
                   subject=f"Trin for trin guide – {what}")


def _subtitle(doc: Handout, document: Document, what: str) -> None:
    """The line under a handout's title: what it is, the workshop and its date."""
    workshop = document["workshop"]
    parts = [what, format_date_da(_date(workshop.get("date"))), workshop.get("organisation", "")]
    doc.paragraph(" · ".join(p for p in parts if p), muted=True)


# --- the report ---------------------------------------------------------------------------------


def build_report(document: Document, guide: Guide | None = None) -> Handout:
    """The workshop report: the cover, then each step that holds content, in the guide's order."""
    guide = guide or load_guide()
    workshop = document["workshop"]
    doc = _new(document, "rapport", main=True)
    doc.title(workshop.get("title", ""))
    doc.paragraph(SERIES, muted=True)
    _cover(doc, document, guide)
    body = doc.doc.element.body
    before = len(body)
    for section in (_purpose, _working_group, _wishes, _brainstorm, _systematisation, _action_plan,
                    _evaluation, _trials):
        section(doc, document, guide)
    if len(body) == before:  # say so, so a short report reads as "not yet", not as a broken file
        doc.paragraph("Der er endnu ikke skrevet noget i guidens trin.", italic=True, muted=True)
    return doc


def _cover(doc: Handout, document: Document, guide: Guide) -> None:
    workshop = document["workshop"]
    details = [
        ("Dato", format_date_da(_date(workshop.get("date")), weekday=True)),
        ("Sted", workshop.get("place", "")),
        ("Organisation", workshop.get("organisation", "")),
        ("Facilitator", workshop.get("facilitator", "")),
        ("Digital løsning", workshop.get("solution", "")),
        ("Fase", guide.phase_name(workshop.get("phase", ""))),
    ]
    rows = [(label, value) for label, value in details if value]
    if rows:
        doc.table(None, rows, first_column_bold=True)
    participants = lay.by_position(document.get("participants", []))
    if participants:
        doc.heading("Deltagere", 2)
        doc.table(["Navn", "Rolle", "Organisatorisk enhed"],
                  [(p.get("name", ""), p.get("role", ""), p.get("unit", "")) for p in participants])


def _purpose(doc: Handout, document: Document, guide: Guide) -> None:
    if not lay.has_purpose(document, guide):
        return
    purpose = lay.purpose_of(document)
    texts = guide.purpose
    doc.heading(guide.step("purpose").label, 1)
    for heading, key in ((texts.statement, "statement"), (texts.fit, "fit")):
        if (purpose.get(key) or "").strip():
            doc.heading(heading, 2)
            doc.paragraph(purpose[key])
    answers = [(a.name, purpose.get(a.key) or "") for a in texts.audiences]
    if any(text.strip() for _, text in answers):
        doc.heading("Hvorfor giver det mening?", 2)
        doc.table(["For", "Hvorfor giver det mening?"], answers, first_column_bold=True)
    if (purpose.get("strategy") or "").strip() or purpose.get("no_strategy"):
        doc.heading(texts.strategy, 2)
        if purpose.get("no_strategy"):
            doc.paragraph(texts.no_strategy, italic=True)
        if (purpose.get("strategy") or "").strip():
            doc.paragraph(purpose["strategy"])


MEMBER_COLUMNS = ("Navn", "Rolle", "Fordel ved at have vedkommende med", "Bidrag", "Arketype")


def _working_group(doc: Handout, document: Document, guide: Guide) -> None:
    members = lay.group_member_rows(document, guide)
    group = lay.working_group_of(document)
    task, communication = (group.get("task") or "").strip(), (group.get("communication") or "").strip()
    if not (members or task or communication):
        return
    doc.heading(guide.step("working_group").label, 1)
    if members:
        doc.heading("Medlemmer", 2)
        doc.table(MEMBER_COLUMNS, members, first_column_bold=True)
    if task:
        doc.heading("Arbejdsgruppens opgave", 2)
        doc.paragraph(guide.working_group.task_prompt, italic=True, muted=True)
        doc.paragraph(group["task"])
    if communication:
        doc.heading("Kommunikation", 2)
        doc.paragraph(guide.working_group.communication_prompt, italic=True, muted=True)
        doc.paragraph(group["communication"])


WISH_COLUMNS = ("Ønske eller krav", "Type", "Kategori")
EXPERIENCE_COLUMNS = ("Kommune", "Kontakt", "Løsning", "Hvad har de lært?")


def _wishes(doc: Handout, document: Document, guide: Guide) -> None:
    groups = lay.wishes_by_topic(document, guide)
    experiences = lay.experience_rows(document)
    if not (groups or experiences):
        return
    doc.heading(guide.step("wishes").label, 1)
    every = [row for _, rows in groups for row in rows]  # one set of widths, so the topics' tables line up
    for topic, rows in groups:
        doc.heading(topic, 2)
        doc.table(WISH_COLUMNS, rows, measure=every)
    if experiences:
        doc.heading("Erfaringer fra andre kommuner", 2)
        doc.table(EXPERIENCE_COLUMNS, experiences, first_column_bold=True)


def grid_header(guide: Guide) -> list[str]:
    """The 3×2 grid's header: an empty corner, Potentialer, Barrierer."""
    plural = {k.key: k.plural for k in guide.note_kinds}
    return ["", plural["potentiale"], plural["barriere"]]


def _brainstorm(doc: Handout, document: Document, guide: Guide) -> None:
    if not lay.live_notes(document):
        return
    doc.heading(guide.step("brainstorm").label, 1)
    rows = [(row.perspective, [note_item(n) for n in row.potentials], [note_item(n) for n in row.barriers])
            for row in lay.brainstorm_grid(document, guide)]
    # Potentials and barriers share the width alike (the grid keeps its shape); the perspectives'
    # column is widened to its longest word ("Personligt/individuelt") at their expense.
    doc.table(grid_header(guide), rows, widths=[0.2, 0.4, 0.4], first_column_bold=True)


def note_item(note: lay.NoteView) -> Item:
    """A note in a list: its text, who said it beside it, the duplicates merged into it under it."""
    return Item(note.text, aside=f"({note.by})" if note.by else "",
                under=tuple(f"lagt sammen med: {text}" + (f" ({by})" if by else "") for text, by in note.merged))


RANK_COLUMNS = ("Perspektiv", "Type", "Stemmer", "Central")


def _systematisation(doc: Handout, document: Document, guide: Guide) -> None:
    themes = lay.theme_rows(document, guide)
    notes = lay.prioritised_note_rows(document, guide)
    if not (themes or notes):
        return
    doc.heading(guide.step("systematisation").label, 1)
    if themes:
        doc.heading("Temaer", 2)
        # The theme's name, then the notes it holds (who said them, their merged duplicates).
        rows = [([Item(t.name, bullet=False, bold=True), *(note_item(n) for n in t.notes)], *t.columns)
                for t in themes]
        doc.table(("Tema", *RANK_COLUMNS), rows)
    if notes:
        doc.heading("Prioriterede potentialer og barrierer", 2)
        doc.table(("Note", *RANK_COLUMNS), notes)


def plan_tables(doc: Handout, tables: Sequence[lay.PlanTable], *, widths: Sequence[float] | None = None) -> None:
    """The seed's action-plan tables, each row group introduced by its perspective; columns sized by
    their content unless `widths` are given (the blank template)."""
    for plan in tables:
        doc.heading(plan.columns[0], 2)
        table = doc.table(plan.columns, [], widths=widths,
                          measure=[values for _, rows in plan.groups for values in rows])
        for perspective, rows in plan.groups:
            doc.band(table, perspective)
            for values in rows:
                doc.fill_row(table.add_row(), values)


PLAN_WIDTHS = [0.28, 0.4, 0.18, 0.14]


def _action_plan(doc: Handout, document: Document, guide: Guide) -> None:
    tables = lay.action_plan(document, guide)
    if not tables:
        return
    doc.use_orientation(landscape=True)
    doc.heading(guide.step("action_plan").label, 1)
    plan_tables(doc, tables)


def quadrant_table(doc: Handout, guide: Guide, window: dict[str, list[str]] | None, *, height: float = 0):  # noqa: ANN201
    """The evaluation window: the guide's four questions as a 2×2 table, answers bulleted under each."""
    questions = list(guide.evaluation_questions)
    texts = [[q.text, *(window or {}).get(q.key, [])] for q in questions]
    table = doc.table(None, [["", ""], ["", ""]], widths=[0.5, 0.5], min_row_height=height or None,
                      measure=[texts[i:i + 2] for i in range(0, len(texts), 2)])
    for i, question in enumerate(questions):
        cell = table.rows[i // 2].cells[i % 2]
        run = cell.paragraphs[0].add_run(question.text)
        run.bold = True
        run.font.color.rgb = ACCENT
        for text in (window or {}).get(question.key, []):
            cell.add_paragraph(BULLET + safe_text(text))
    return table


def _evaluation(doc: Handout, document: Document, guide: Guide) -> None:
    rounds = lay.evaluation_rounds(document)
    if not rounds:
        return
    doc.use_orientation(landscape=False)  # after the landscape action plan
    doc.heading(guide.step("evaluation").label, 1)
    for round_row in rounds:
        doc.heading(lay.round_title(document, round_row), 2)
        quadrant_table(doc, guide, lay.evaluation_window(document, round_row["ref"], guide))


def _trials(doc: Handout, document: Document, guide: Guide) -> None:
    trials = lay.by_position(document.get("trials", []))
    if not trials:
        return
    doc.use_orientation(landscape=False)
    doc.heading(guide.step("trials").label, 1)
    for trial in trials:
        doc.heading(trial.get("title") or "Prøvehandling", 2)
        cycles = lay.trial_cycles(document, trial["ref"], guide)
        if not cycles:
            doc.paragraph("Ingen cyklusser endnu.", italic=True, muted=True)
        for cycle in cycles:
            doc.heading(cycle_heading(cycle), 3)
            if cycle.phases:
                table = doc.table(["Spørgsmål", "Svar"], [],
                                  measure=[values for phase in cycle.phases for values in phase.answers])
                for phase in cycle.phases:
                    doc.band(table, phase.name)
                    for values in phase.answers:
                        doc.fill_row(table.add_row(), values)
            if cycle.log:
                doc.paragraph("Løbende erfaringer", bold_prefix="")
                doc.table(["Dato", "Erfaring"], cycle.log)


def cycle_heading(cycle: lay.CycleView) -> str:
    """ "Cyklus 2 · fase: Udfør · startet 1/3-2027" """
    parts = [f"Cyklus {cycle.number}", f"fase: {cycle.phase}" if cycle.phase else "",
             f"startet {cycle.started_on}" if cycle.started_on else ""]
    return " · ".join(p for p in parts if p)


# --- the action list per owner ------------------------------------------------------------------

OWNER_COLUMNS = ("Barriere / potentiale", "Hvad gør vi?", "Deadline", "Status")


def build_action_list(document: Document, guide: Guide | None = None) -> Handout:
    """One page per person: their actions sorted by deadline, with status — the sheet each person gets.
    An owner typed as "Michael og Lone" is two people, each with a page; a shared action is on both,
    saying who else has it."""
    guide = guide or load_guide()
    doc = _new(document, "handlinger pr. ansvarlig")
    owners = lay.actions_by_owner(document, guide)
    if not owners:
        doc.title(document["workshop"].get("title", ""))
        _subtitle(doc, document, "Handlingsplan")
        doc.paragraph("Der er endnu ingen handlinger i handlingsplanen.", italic=True)
        return doc
    for i, sheet in enumerate(owners):
        if i:
            doc.page_break()
        doc.heading(sheet.owner, 1)
        _subtitle(doc, document, f"Handlingsplan · {document['workshop'].get('title', '')}")
        # A shared action says who else has it, muted under what is to be done.
        rows = [(subject, [Item(how, bullet=False, under=(f"Sammen med {lay.join_names(others)}",))], deadline, status)
                if others else (subject, how, deadline, status)
                for (subject, how, deadline, status), others in zip(sheet.rows, sheet.shared_with)]
        doc.table(OWNER_COLUMNS, rows)
    return doc


# --- the evaluation handout ---------------------------------------------------------------------

SIDE_BY_SIDE = 3  # rounds per landscape table; more would make columns too narrow to read


def build_evaluation(document: Document, guide: Guide | None = None, *, round_ref: int | None = None,
                     trial_ref: int | None = None) -> Handout:
    """One round's evaluation window (round_ref), all rounds of a prøvehandling side by side
    (trial_ref), or by default every round's window, one per page."""
    guide = guide or load_guide()
    doc = _new(document, "evalueringsvindue")
    rounds = lay.evaluation_rounds(document)
    if trial_ref is not None:
        trial = next((t for t in document.get("trials", []) if t.get("ref") == trial_ref), {})
        doc.use_orientation(landscape=True)
        doc.title(trial.get("title") or "Prøvehandling")
        _subtitle(doc, document, guide.step("evaluation").heading)
        side_by_side(doc, document, guide, lay.trial_rounds(document, trial_ref))
        return doc
    if round_ref is not None:
        rounds = [r for r in rounds if r.get("ref") == round_ref]
    if not rounds:
        doc.title(document["workshop"].get("title", ""))
        _subtitle(doc, document, guide.step("evaluation").heading)
        doc.paragraph("Der er endnu ingen evalueringsrunder.", italic=True)
        return doc
    for i, round_row in enumerate(rounds):
        if i:
            doc.page_break()
        doc.heading(lay.round_title(document, round_row), 1)
        _subtitle(doc, document, guide.step("evaluation").heading)
        quadrant_table(doc, guide, lay.evaluation_window(document, round_row["ref"], guide), height=5)
    if round_ref is None:
        # A prøvehandling evaluated more than once: its rounds side by side show what changed.
        landscape = False
        for trial in lay.by_position(document.get("trials", [])):
            trial_rounds = lay.trial_rounds(document, trial["ref"])
            if len(trial_rounds) >= 2:
                if landscape:
                    doc.page_break()
                doc.use_orientation(landscape=True)  # a new (landscape) page after the windows
                landscape = True
                doc.heading(f"{trial.get('title') or 'Prøvehandling'} – alle runder", 1)
                side_by_side(doc, document, guide, trial_rounds)
    return doc


def side_by_side(doc: Handout, document: Document, guide: Guide, rounds: Sequence[dict]) -> None:
    """Rounds as columns, the four questions as rows, so a trial's development reads across."""
    if not rounds:
        doc.paragraph("Der er endnu ingen evalueringsrunder for denne prøvehandling.", italic=True)
        return
    for start in range(0, len(rounds), SIDE_BY_SIDE):
        chunk = rounds[start:start + SIDE_BY_SIDE]
        windows = [lay.evaluation_window(document, r["ref"], guide) for r in chunk]
        header = ["", *(lay.round_title(document, r, with_trial=False) for r in chunk)]
        rows = [(q.text, *(w.get(q.key, []) for w in windows)) for q in guide.evaluation_questions]
        first = 0.2
        doc.table(header, rows, widths=[first, *([(1 - first) / len(chunk)] * len(chunk))], first_column_bold=True)


# --- blank templates ----------------------------------------------------------------------------

WRITE = 2.2  # cm: a row a group can write two or three lines in by hand


def build_templates(document: Document | None = None, guide: Guide | None = None) -> Handout:
    """The guide's templates as printable pages with room to write, for groups working on paper."""
    guide = guide or load_guide()
    workshop = (document or {}).get("workshop", {})
    doc = Handout(title="Skabeloner – Trin for trin guide", author=workshop.get("facilitator", ""),
                  subject="Trin for trin guide – skabeloner")
    what = workshop.get("title", "")

    def page(key: str, *, landscape: bool, first: bool = False) -> None:
        if not first:
            doc.new_section(landscape=landscape)
        step = guide.step(key)
        doc.heading(step.label, 1)
        doc.paragraph(" · ".join(p for p in (SERIES, what) if p), muted=True)

    page("purpose", landscape=False, first=True)
    texts = guide.purpose
    for prompt, height in ((texts.statement_prompt, 3.4), (texts.fit_prompt, 2.8)):
        doc.table([prompt], [[""]], min_row_height=height)
        doc.paragraph("")
    doc.table(["For", "Hvorfor giver det mening?"], [(a.name, "") for a in texts.audiences],
              widths=[0.25, 0.75], first_column_bold=True, min_row_height=2.1)
    doc.paragraph("")
    doc.table([texts.strategy_prompt], [[""]], min_row_height=1.8)

    page("working_group", landscape=True)
    doc.table(MEMBER_COLUMNS, [[""] * 5] * 5, widths=[0.18, 0.14, 0.26, 0.26, 0.16], min_row_height=1.4)
    doc.paragraph("Roller: " + ", ".join(r.name for r in guide.roles) + ". Arketyper: "
                  + ", ".join(f"{a.name} ({a.description})" if a.description else a.name for a in guide.archetypes)
                  + ".", muted=True)
    doc.table([guide.working_group.task_prompt, guide.working_group.communication_prompt], [["", ""]],
              min_row_height=2.8)

    page("wishes", landscape=False)
    doc.paragraph("Skriv for hvert ønske, om det er et ønske eller et krav, og om det er "
                  + ", ".join(c.name.lower() for c in guide.wish_categories) + ".", muted=True)
    table = doc.table(["Emne", "Ønsker og krav"], [("", "") for _ in guide.wish_topics], widths=[0.32, 0.68],
                      min_row_height=3.2)
    for row, topic in zip(table.rows[1:], guide.wish_topics):
        paragraph = row.cells[0].paragraphs[0]
        paragraph.add_run(topic.name).bold = True
        paragraph.add_run("\n" + topic.question).italic = True

    page("brainstorm", landscape=True)
    doc.table(grid_header(guide), [(p.name, "", "") for p in guide.perspectives], widths=[0.18, 0.41, 0.41],
              first_column_bold=True, min_row_height=4.4)

    page("action_plan", landscape=True)
    blank = lay.PlanTable
    plan_tables(doc, [
        blank(kind, columns, [(p.name, [("", "", "", "")] * 2) for p in guide.perspectives])
        for kind, columns in (("barriere", guide.action_plan.barrier_columns),
                              ("potentiale", guide.action_plan.potential_columns))
    ], widths=PLAN_WIDTHS)
    for table in doc.doc.tables[-2:]:
        for row in table.rows:
            if not any(cell.text for cell in row.cells):
                row.height = Cm(1.6)

    page("evaluation", landscape=False)
    doc.paragraph("Dato: ________________    Runde / prøvehandling: ______________________________", muted=True)
    quadrant_table(doc, guide, None, height=10.5)

    page("trials", landscape=False)
    for i, phase in enumerate(guide.trial_phases):
        if i == 2:  # two phases a page, so no phase's questions are split from their heading
            doc.page_break()
        doc.heading(f"{phase.name} ({phase.english})", 2)
        doc.paragraph(phase.intro, italic=True, muted=True)
        doc.table(["Spørgsmål", "Svar"], [(q.text, "") for q in phase.questions], widths=[0.4, 0.6],
                  min_row_height=1.7)
    return doc

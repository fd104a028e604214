"""The workshop report: a Danish Word handout of what the room captured, step by step."""

from __future__ import annotations

from pathlib import Path

from .docx_kit import Handout, slug
from .domain import format_date_da
from .guide import Guide, load_guide
from .store import Store


def report_filename(title: str, workshop_id: int) -> str:
    """The report's file name, e.g. "temadag-joblog-i-jobcentret-rapport.docx"."""
    return f"{slug(title)}-{workshop_id}-rapport.docx"


def build_report(store: Store, workshop_id: int, guide: Guide | None = None) -> Handout:
    """The report as a document in memory; steps with no content are left out."""
    guide = guide or load_guide()
    workshop = store.get_workshop(workshop_id)
    participants = store.list_participants(workshop_id)
    purpose = store.get_purpose(workshop_id)

    doc = Handout(title=workshop.title, author=workshop.facilitator, subject="Trin for trin guide – rapport")
    doc.title(workshop.title)
    doc.paragraph("Digitale veje til job · Trin for trin guide", muted=True)

    details = [
        ("Dato", format_date_da(workshop.date, weekday=True)),
        ("Sted", workshop.place),
        ("Organisation", workshop.organisation),
        ("Facilitator", workshop.facilitator),
        ("Digital løsning", workshop.solution),
        ("Fase", guide.phase_name(workshop.phase)),
    ]
    rows = [(label, value) for label, value in details if value]
    if rows:
        doc.table(None, rows, widths=[0.3, 0.7], first_column_bold=True)
    if participants:
        doc.heading("Deltagere", 2)
        doc.table(
            ["Navn", "Rolle", "Organisatorisk enhed"],
            [(p.name, p.role, p.unit) for p in participants],
            widths=[0.35, 0.3, 0.35],
        )

    step = guide.step("purpose")
    answers = [(a.name, getattr(purpose, a.key)) for a in guide.purpose.audiences]
    has_purpose = purpose.statement or purpose.fit or purpose.strategy or purpose.no_strategy or any(
        text for _, text in answers
    )
    if has_purpose:
        doc.heading(step.label, 1)
        if purpose.statement:
            doc.heading(guide.purpose.statement, 2)
            doc.paragraph(purpose.statement)
        if purpose.fit:
            doc.heading(guide.purpose.fit, 2)
            doc.paragraph(purpose.fit)
        if any(text for _, text in answers):
            doc.heading("Hvorfor giver det mening?", 2)
            doc.table(["For", "Hvorfor giver det mening?"], answers, widths=[0.25, 0.75], first_column_bold=True)
        if purpose.strategy or purpose.no_strategy:
            doc.heading(guide.purpose.strategy, 2)
            if purpose.no_strategy:
                doc.paragraph(guide.purpose.no_strategy, italic=True)
            if purpose.strategy:
                doc.paragraph(purpose.strategy)
    return doc


def write_report(store: Store, workshop_id: int, out_dir: Path) -> Path:
    """Write the report into out_dir (created if needed, files readable by the user only) and return its path."""
    workshop = store.get_workshop(workshop_id)
    doc = build_report(store, workshop_id)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / report_filename(workshop.title, workshop_id)
    tmp = path.with_name(path.name + ".tmp")
    doc.save(tmp)
    tmp.chmod(0o600)
    tmp.replace(path)  # never leave a half-written handout behind
    return path

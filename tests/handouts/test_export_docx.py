"""The Word report, read back with python-docx: it holds what was typed, in Danish, on A4."""

from __future__ import annotations

import datetime as dt

from docx import Document
from docx.shared import Cm

from digiworkshop.handouts import write_handouts
from digiworkshop.store import Store


def write_report(store: Store, workshop_id: int, out_dir):  # noqa: ANN001, ANN201
    """The report alone, written as the app and the command line write it."""
    [path] = write_handouts(store, workshop_id, ["report"], out_dir)
    return path


def _cells(doc) -> list[list[str]]:  # noqa: ANN001
    return [[cell.text for cell in row.cells] for table in doc.tables for row in table.rows]


def _all_text(doc) -> str:  # noqa: ANN001
    parts = [p.text for p in doc.paragraphs]
    parts += [cell for row in _cells(doc) for cell in row]
    return "\n".join(parts)


def test_report_holds_details_participants_and_purpose(store: Store, tmp_path) -> None:
    w = store.create_workshop(title="Temadag om Joblog – æøå")
    store.update_workshop(w.id, date=dt.date(2026, 11, 27), place="Mødelokale Ø", organisation="Jobcenter Øst",
                          facilitator="Kit Ærenlund", solution="Joblog", phase="implementering")
    store.add_participant(w.id, name="Michael", role="Medarbejder", unit="Team Ledige")
    store.update_purpose(w.id, statement="Borgerne får ejerskab.", borgere="Overblik over egen jobsøgning",
                         politikere="Bedre service", no_strategy=True)
    path = write_report(store, w.id, tmp_path / "out")
    assert path.exists() and path.suffix == ".docx"
    doc = Document(path)
    rows = _cells(doc)
    assert ["Dato", "fredag den 27. november 2026"] in rows
    assert ["Fase", "Implementering"] in rows
    assert ["Michael", "Medarbejder", "Team Ledige"] in rows
    assert ["Borgere", "Overblik over egen jobsøgning"] in rows
    assert ["Politikere", "Bedre service"] in rows
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "1 Formidling af formål" in headings
    text = _all_text(doc)
    assert "Borgerne får ejerskab." in text and "Der er ingen digitaliseringsstrategi" in text
    section = doc.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.1) and abs(section.page_height - Cm(29.7)) < Cm(0.1)
    assert doc.core_properties.title == "Temadag om Joblog – æøå"
    assert doc.core_properties.author == "Kit Ærenlund"
    assert 'w:val="da-DK"' in doc.styles.element.xml
    assert "PAGE" in section.footer.paragraphs[0]._p.xml
    assert path.stat().st_mode & 0o777 == 0o600


def test_empty_workshop_gives_a_short_report_and_no_empty_steps(store: Store, tmp_path) -> None:
    w = store.create_workshop(title="Kun en titel")
    doc = Document(write_report(store, w.id, tmp_path))
    text = _all_text(doc)
    assert "Kun en titel" in text
    assert "Formidling af formål" not in text and "Deltagere" not in text


def test_unsafe_text_is_exported_without_losing_printable_characters(store: Store, tmp_path) -> None:
    odd = "[bold]fed?[/] <w:t> & \x07bip\x1b 👩‍👩‍👧 e\u0301 שלום " + "ø" * 10_000
    w = store.create_workshop(title="Odd \x0b title")
    store.update_purpose(w.id, statement=odd)
    doc = Document(write_report(store, w.id, tmp_path))
    text = _all_text(doc)
    assert "[bold]fed?[/] <w:t> & ␇bip␛ 👩‍👩‍👧 e\u0301 שלום " + "ø" * 10_000 in text
    assert "Odd ␋ title" in text
    assert store.get_purpose(w.id).statement == odd  # the stored text is untouched

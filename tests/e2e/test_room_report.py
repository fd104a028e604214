"""A phone's note in the Word report: sent over real HTTP to the participant server, exported with
`digiworkshop export` in a subprocess, read back with python-docx. The text is exactly as the phone sent
it (markup, emoji), and a name the phone gave is matched to a participant, who is named beside it; a
name that is no participant is not printed (phones are anonymous unless matched)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from docx import Document

from digiworkshop.room.server import RoomServer
from digiworkshop.store import Store
from helpers import cli_env
from helpers.phones import Note, Phone

MATCHED = "Borgerne <b>får</b> [bold]overblik[/bold] 👩‍👩‍👧 & *ikke kursiv*"
ANONYMOUS = "Rådgiveren 😀 {{ skabelon }} <script>alert(1)</script> – “citat” 🇩🇰"
STRANGER = "En gæst skriver også æøå"


def cell_paragraphs(doc) -> list[str]:  # noqa: ANN001
    """Every paragraph in every table cell of the document (the 3×2 grid is a table)."""
    return [p.text for table in doc.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]


def test_a_phones_note_is_in_the_word_report_exactly_with_its_matched_participant(db_url: str,
                                                                                  tmp_path: Path) -> None:
    store = Store(db_url)
    workshop = store.create_workshop(title="Rapport fra rummet")
    store.add_participant(workshop.id, name="Åse Jensen", role="Borger")
    store.add_participant(workshop.id, name="Kit Mølgaard", role="Rådgiver")
    with RoomServer(db_url, workshop.id, host="127.0.0.1", port=0) as server:
        phone = Phone(0, server.join_url, [
            Note("k-matched", "fagligt", "potentiale", MATCHED, name="åse"),  # as typed on a phone: lower case
            Note("k-anonymous", "organisatorisk", "barriere", ANONYMOUS),
            Note("k-stranger", "personligt", "potentiale", STRANGER, name="Gæst Udefra"),
        ])
        phone.run(time.monotonic() + 30)
    assert [n.status for n in phone.notes] == [200, 200, 200], phone.errors
    store.close()

    out = tmp_path / "ud"
    result = subprocess.run([sys.executable, "-m", "digiworkshop", "export", str(workshop.id), "--kind", "report",
                             "--out", str(out)], capture_output=True, text=True, encoding="utf-8",
                            env=cli_env(db_url), timeout=120)
    assert result.returncode == 0, result.stderr
    [path] = out.glob("*.docx")
    doc = Document(str(path))
    paragraphs = cell_paragraphs(doc)
    # Each note is a bullet in its cell of the grid, who said it beside it.
    assert f"• {MATCHED} (Åse Jensen)" in paragraphs
    assert f"• {ANONYMOUS}" in paragraphs
    assert f"• {STRANGER}" in paragraphs
    everything = "\n".join([p.text for p in doc.paragraphs] + paragraphs)
    assert "Gæst Udefra" not in everything  # a name that is no participant is not printed

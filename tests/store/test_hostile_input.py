"""Arbitrary text through the whole path: capture → store → JSON export → import → Word report.

Hypothesis draws text from all of Unicode (control characters, RTL, emoji, combining marks,
markup-like text, long pastes up to 10,000 characters). What is stored is exactly what was typed
(whitespace-only text becomes empty; NUL is refused by design with a Danish message); the JSON
export survives an import into a second store unchanged; the Word report shows the text as
handouts.kit.safe_text makes it (XML-invalid control characters as visible symbols).
"""

from __future__ import annotations

import io
import json

import pytest
from docx import Document
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from digiworkshop.handouts.kit import safe_text
from digiworkshop.domain import InputError
from digiworkshop.exchange import dumps, import_document, workshop_document
from digiworkshop.handouts.word import build_report
from digiworkshop.store import Store

EXAMPLES = 60

ODD = ["[bold]", "[/]", "[link=https://x.dk]klik[/link]", "[red]Kit[/red]", "\x1b[31m", "\r\n", "\t", "\x07",
       "\u202e", "שלום", "مرحبا", "👩‍👩‍👧", "🇩🇰", "e\u0301", "a\u0308\u0323", "\ufeff", "\u200b", "æøå ÆØÅ",
       "\ud7ff", "\U0010ffff", "\x7f", "\x85", "  ", "\\", "<w:t>", "&amp;", "%s{}"]
characters = st.characters(exclude_categories=("Cs",))  # lone surrogates: see the test at the end
pieces = st.one_of(st.text(characters, max_size=40), st.sampled_from(ODD))
texts = st.one_of(
    st.lists(pieces, max_size=12).map("".join),
    st.builds(lambda s, n: (s * n)[:10_000], st.text(characters, min_size=1, max_size=50), st.integers(1, 10_000)),
)


def stored_form(text: str) -> str:
    """What the store keeps of typed text: the text itself, or nothing for whitespace only."""
    return text if text.strip() else ""


def word_form(text: str) -> str:
    """What Word shows: safe_text's visible symbols, with a line end (LF, CR LF or CR) as one break."""
    return safe_text(text)


def report_texts(store: Store, workshop_id: int) -> tuple[list[str], list[list[str]], str]:
    buffer = io.BytesIO()
    build_report(workshop_document(store, workshop_id)).save(buffer)
    doc = Document(io.BytesIO(buffer.getvalue()))
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    return [p.text for p in doc.paragraphs], cells, doc.core_properties.title


@pytest.fixture
def second_store(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    s = Store(str(tmp_path_factory.mktemp("second") / "second.db"))
    yield s
    s.close()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
@example(text="[bold]fed?[/] [link=x]" + "\x00")
@example(text="  \t\n ")
@example(text="Åse \x07\x0b\x1f\ufffe [/] שלום 👩‍👩‍👧 e\u0301" * 400)
def test_arbitrary_text_round_trips(store: Store, second_store: Store, text: str) -> None:
    workshop = store.create_workshop(title="Hypotese")
    if "\x00" in text:
        for write in (lambda: store.update_workshop(workshop.id, place=text),
                      lambda: store.add_participant(workshop.id, name=text),
                      lambda: store.update_purpose(workshop.id, statement=text)):
            with pytest.raises(InputError) as err:
                write()
            assert "NUL" in err.value.danish
        assert store.list_participants(workshop.id) == [] and store.get_purpose(workshop.id).statement == ""
        return
    expected = stored_form(text)
    if expected:
        store.update_workshop(workshop.id, title=text)
        store.add_participant(workshop.id, name=text, role=text, unit=text)
    else:
        with pytest.raises(InputError):
            store.add_participant(workshop.id, name=text)
    store.update_workshop(workshop.id, place=text, organisation=text)
    store.update_purpose(workshop.id, statement=text, borgere=text, strategy=text)

    # Stored exactly.
    w = store.get_workshop(workshop.id)
    assert (w.place, w.organisation) == (expected, expected)
    assert w.title == (expected or "Hypotese")
    purpose = store.get_purpose(workshop.id)
    assert (purpose.statement, purpose.borgere, purpose.strategy) == (expected,) * 3
    if expected:
        [p] = store.list_participants(workshop.id)
        assert (p.name, p.role, p.unit) == (expected,) * 3

    # JSON: export, import into another store, export again: the same document.
    exported = dumps(workshop_document(store, workshop.id))
    imported = import_document(second_store, json.loads(exported))
    assert dumps(workshop_document(second_store, imported.id)) == exported

    # Word, from the imported copy: the text as safe_text shows it, where the report shows it.
    paragraphs, cells, title = report_texts(second_store, imported.id)
    if expected:
        shown = word_form(expected)
        assert ["Sted", shown] in cells and ["Organisation", shown] in cells
        assert [shown, shown, shown] in cells
        assert ["Borgere", shown] in cells
        assert paragraphs.count(shown) >= 3  # title, statement, strategy
        assert title == safe_text(expected)[:255]
    else:
        assert not any(row[0] in ("Sted", "Organisation", "Borgere") for row in cells)


def test_a_lone_surrogate_is_refused_like_nul(store: Store) -> None:
    workshop = store.create_workshop(title="Surrogat")
    with pytest.raises(InputError):
        store.update_purpose(workshop.id, statement="a\ud800b")

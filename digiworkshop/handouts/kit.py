"""Building blocks for Word handouts: A4 Danish documents, safe text, tables with repeating headers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

# XML 1.0 forbids these; python-docx raises ValueError on them. Everything else is kept.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def safe_text(value: str | None) -> str:
    """Text a user typed, made safe for Word: a C0 control character becomes its visible symbol
    (U+2400 block, e.g. BEL → ␇), a lone surrogate or non-character becomes U+FFFD. Nothing else changes.

    Line breaks typed as CR LF or CR become one line break (LF): Word has a single line break, and a
    lone CR would otherwise read back as a second, invented break.
    """

    def _replace(match: re.Match[str]) -> str:
        ch = match.group()
        code = ord(ch)
        return chr(0x2400 + code) if code < 0x20 else "\ufffd"

    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return _INVALID_XML.sub(_replace, text)


@dataclass(frozen=True)
class Item:
    """One paragraph of a table cell that is more than plain text: a bulleted note with a muted aside
    ("(Kit Mølgaard)", who said it) and muted, indented lines under it (the duplicates merged into
    it); or, with bullet=False and bold=True, a lead line such as a theme's name above its notes."""

    text: str
    aside: str = ""
    under: tuple[str, ...] = ()
    bullet: bool = True
    bold: bool = False


Cell = str | Sequence[str | Item]
"""A table cell: a text (newlines become line breaks) or a list of paragraphs, each a bulleted text
or an Item."""

ACCENT = RGBColor(0x1F, 0x4E, 0x79)
HEADER_FILL = "DCE6F0"
BAND_FILL = "F2F2F2"
BULLET = "• "
MUTED = RGBColor(0x59, 0x59, 0x59)


class Handout:
    """A Danish A4 Word document with the house style: heading styles, page numbers, properties."""

    def __init__(self, *, title: str, author: str = "", subject: str = "") -> None:
        self.doc = Document()
        self._setup_styles()
        section = self.doc.sections[0]
        self._a4(section)
        self._page_number_footer(section)
        props = self.doc.core_properties
        # Word's core properties hold at most 255 characters (python-docx raises beyond that); a
        # pasted title is cut there, while the document itself shows it whole.
        props.title = safe_text(title)[:255]
        props.author = safe_text(author)[:255] or "digiworkshop"
        props.subject = safe_text(subject)[:255]
        props.language = "da-DK"
        props.created = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        props.last_modified_by = "digiworkshop"

    # --- page set-up --------------------------------------------------------------------------

    @staticmethod
    def _a4(section, landscape: bool = False) -> None:  # noqa: ANN001
        width, height = Cm(21.0), Cm(29.7)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(2.2))
        section.top_margin = Cm(2.0)
        section.bottom_margin = Cm(2.0)

    def _setup_styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = "Calibri"
        # 11 pt comes from the document defaults (w:docDefaults, sz 22), not from Normal: a size on
        # Normal would override the table style's 10 pt in LibreOffice (tables came out at 11 pt,
        # wider than their columns were sized for), as Word does when Normal differs from the defaults.
        normal.font.size = None
        # Danish spelling and hyphenation for the whole document.
        rpr = styles.element.find(qn("w:docDefaults"))
        if rpr is not None:
            run_props = rpr.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
            if run_props is not None:
                lang = run_props.find(qn("w:lang"))
                if lang is None:
                    lang = OxmlElement("w:lang")
                    run_props.append(lang)
                lang.set(qn("w:val"), "da-DK")
                lang.set(qn("w:eastAsia"), "da-DK")
        table_style = self._table_style = styles["Table Grid"]
        table_style.font.size = Pt(10)  # tables hold many short texts; 10 pt keeps columns readable
        for name, size in (("Title", 26), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5)):
            style = styles[name]
            style.font.name = "Calibri"
            style.font.size = Pt(size)
            style.font.color.rgb = ACCENT

    def _page_number_footer(self, section) -> None:  # noqa: ANN001
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("Side ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" af ")
        _field(paragraph, "NUMPAGES")

    def new_section(self, *, landscape: bool) -> None:
        """Start a new page with the given orientation (wide tables go on landscape pages)."""
        from docx.enum.section import WD_SECTION

        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._a4(section, landscape=landscape)

    def use_orientation(self, *, landscape: bool) -> None:
        """Continue in this orientation: a new page only when it changes; before any content the
        first page itself is turned, so no empty page is left in front."""
        section = self.doc.sections[-1]
        if (section.orientation == WD_ORIENT.LANDSCAPE) == landscape:
            return
        body = self.doc.element.body
        if all(child.tag == qn("w:sectPr") for child in body):
            self._a4(section, landscape=landscape)
        else:
            self.new_section(landscape=landscape)

    @property
    def text_width(self) -> int:
        """Usable width of the current section in EMU."""
        section = self.doc.sections[-1]
        return section.page_width - section.left_margin - section.right_margin

    # --- content ------------------------------------------------------------------------------

    def title(self, text: str) -> None:
        """The document's title (Word's Title style)."""
        self.doc.add_paragraph(safe_text(text), style="Title")

    def heading(self, text: str, level: int = 1) -> None:
        """A heading in Word's own heading style, so the navigation pane and a TOC work."""
        self.doc.add_heading(safe_text(text), level=level)

    def paragraph(self, text: str, *, italic: bool = False, muted: bool = False, bold_prefix: str = "") -> None:
        """A paragraph of (typed) text; newlines become line breaks."""
        paragraph = self.doc.add_paragraph()
        if bold_prefix:
            paragraph.add_run(safe_text(bold_prefix)).bold = True
        run = paragraph.add_run(safe_text(text))
        run.italic = italic
        if muted:
            run.font.color.rgb = MUTED

    def page_break(self) -> None:
        """Continue on a new page."""
        self.doc.add_page_break()

    def table(
        self,
        header: Sequence[str] | None,
        rows: Sequence[Sequence[Cell]],
        *,
        widths: Sequence[float] | None = None,
        first_column_bold: bool = False,
        min_row_height: float | None = None,
        measure: Sequence[Sequence[Cell]] = (),
    ):  # noqa: ANN201 - returns a python-docx Table
        """A bordered table; the header row repeats on every page. A cell is a text (newlines become
        line breaks) or a list of paragraphs (see Cell; e.g. the notes in a cell of the 3×2 grid).

        Column widths come from the content (column_widths): every column is wide enough for its
        longest word, header included, and the rest of the width goes by content length. `widths`
        (fractions of the text width) are a preference for tables without content yet (the blank
        templates), still widened where a word needs it. `measure` are rows added later (after band
        rows) that the widths must fit as well."""
        ncols = len(header) if header else max((len(r) for r in rows), default=1)
        table = self.doc.add_table(rows=0, cols=ncols)
        table.style = self._table_style
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _cell_margins(table)
        # Widths go on the grid columns first: add_row copies them onto every new cell, which is
        # both what Word needs (a width on each cell) and much cheaper than a second pass.
        text_width = self.text_width  # finding the current section walks the whole body: once
        columns = column_widths(header, [*rows, *measure], ncols, text_width,
                                first_column_bold=first_column_bold, preferred=widths)
        for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, columns):
            grid_col.w = width
        if header:
            self.header_row(table, header)
        for values in rows:
            row = table.add_row()
            for i, (cell, value) in enumerate(zip(row.cells, values)):
                _fill(cell, value, bold=first_column_bold and i == 0)
            if min_row_height:
                row.height = Cm(min_row_height)
        return table

    @staticmethod
    def header_row(table, header: Sequence[str]):  # noqa: ANN001, ANN205
        """Add a shaded, bold header row that Word repeats at the top of every page."""
        row = table.add_row()
        for cell, text in zip(row.cells, header):
            _fill(cell, text, bold=True)
            _shade(cell, HEADER_FILL)
        _cant_split(row)  # schema order: w:cantSplit before w:tblHeader (Word is strict)
        _repeat_header(row)
        return row

    @staticmethod
    def band(table, text: str):  # noqa: ANN001, ANN205
        """A full-width, lightly shaded row naming a group of the rows below (e.g. a perspective)."""
        row = table.add_row()
        cells = row.cells
        merged = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
        for extra in merged.paragraphs[1:]:  # merge keeps one empty paragraph per merged cell
            extra._p.getparent().remove(extra._p)
        _fill(merged, text, bold=True)
        _shade(merged, BAND_FILL)
        _cant_split(row)
        return row

    @staticmethod
    def fill_row(row, values: Sequence[Cell], *, min_row_height: float | None = None) -> None:  # noqa: ANN001
        """Write values into an existing table row (see table() for what a value may be)."""
        for cell, value in zip(row.cells, values):
            _fill(cell, value)
        if min_row_height:
            row.height = Cm(min_row_height)

    def save(self, path) -> None:  # noqa: ANN001
        """Write the .docx file."""
        self.doc.save(path)


def _field(paragraph, instruction: str) -> None:  # noqa: ANN001
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when the page is laid out."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, placeholder, end):
        run._r.append(element)


def _fill(cell, value: Cell, *, bold: bool = False) -> None:  # noqa: ANN001
    """Write safe text into a cell's (first, empty) paragraph; a list becomes one paragraph per entry
    (a text bulleted, an Item as it says)."""
    if isinstance(value, str):
        run = cell.paragraphs[0].add_run(safe_text(value))
        if bold:
            run.bold = True
        return
    first = True
    for entry in value:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        if isinstance(entry, str):
            run = paragraph.add_run(BULLET + safe_text(entry))
            if bold:
                run.bold = True
            continue
        run = paragraph.add_run((BULLET if entry.bullet else "") + safe_text(entry.text))
        if bold or entry.bold:
            run.bold = True
        if entry.aside:
            aside = paragraph.add_run(" " + safe_text(entry.aside))
            aside.italic = True
            aside.font.color.rgb = MUTED
        for line in entry.under:
            under = cell.add_paragraph()
            under.paragraph_format.left_indent = UNDER_INDENT
            run = under.add_run(safe_text(line))
            run.italic = True
            run.font.color.rgb = MUTED


UNDER_INDENT = Cm(0.4)  # lines under a note (its merged duplicates) sit in from the bullet


# --- column widths ------------------------------------------------------------------------------
# Word breaks a word in the middle only when it does not fit its column, so a column as wide as its
# longest word never does. There is no font measuring here (no font files on every laptop): a word's
# width is estimated as characters × an average glyph width. Calibri's (and its metric twin Carlito's)
# lowercase letters average about 0.47 em and bold about 0.49 em; 0.56 / 0.59 em leaves room for
# capitals and wide letters (m, w, æ) in a word. 10 pt is the table style's size.
TABLE_PT = 10
GLYPH_EM = 0.56
BOLD_GLYPH_EM = 0.59
CELL_MARGINS = 2 * 100 * 635  # left + right cell margin (100 twips each, see _cell_margins) in EMU
_EMU_PER_PT = 12700
_WIDEST_SHARE = 0.6  # no single column's word may take more than this share of a table


def _text_width(chars: int, bold: bool) -> int:
    return int(chars * (BOLD_GLYPH_EM if bold else GLYPH_EM) * TABLE_PT * _EMU_PER_PT)


def _paragraphs(value: Cell | None) -> list[tuple[str, bool]]:
    """A cell's paragraphs as (text, bold) the way _fill writes them."""
    if value is None:
        return []
    if isinstance(value, str):
        return [(line, False) for line in value.split("\n")]
    lines: list[tuple[str, bool]] = []
    for entry in value:
        if isinstance(entry, str):
            lines.append((BULLET + entry, False))
        else:
            lines.append(((BULLET if entry.bullet else "") + entry.text + (" " + entry.aside if entry.aside else ""),
                          entry.bold))
            lines.extend((line, False) for line in entry.under)
    return lines


def column_widths(header: Sequence[str] | None, rows: Sequence[Sequence[Cell]], ncols: int, available: int, *,
                  first_column_bold: bool = False, preferred: Sequence[float] | None = None) -> list[int]:
    """Column widths in EMU that add up to `available`: each column at least as wide as its longest
    word (header words bold), the rest shared out by how much text each column holds beyond that
    (the longest paragraph, as a browser sizes a table's columns); with `preferred` fractions, those,
    each widened to its longest word and the others narrowed to make room (never below theirs)."""
    least = [0] * ncols
    most = [0] * ncols
    for i, text in enumerate(header or ()):
        for word in text.split():
            least[i] = max(least[i], _text_width(len(word), True))
        most[i] = max(most[i], _text_width(len(text), True))
    for values in rows:
        for i, value in enumerate(values[:ncols]):
            for line, bold in _paragraphs(value):
                bold = bold or (first_column_bold and i == 0)
                for word in line.split():
                    least[i] = max(least[i], _text_width(len(word), bold))
                most[i] = max(most[i], _text_width(len(line), bold))
    # A pasted address or a word of 80 letters cannot be kept whole without squeezing every other
    # column to nothing: it may take a share of the table, and Word breaks it there.
    least = [min(w + CELL_MARGINS, int(available * _WIDEST_SHARE)) for w in least]
    most = [max(w + CELL_MARGINS, low) for w, low in zip(most, least)]
    spare = available - sum(least)
    if spare <= 0:  # even the words do not fit: shrink them all alike
        widths = [low * available // max(sum(least), 1) for low in least]
    elif preferred:
        wanted = [int(available * f) for f in list(preferred)[:ncols]] + [0] * (ncols - len(preferred))
        widths = [max(w, low) for w, low in zip(wanted, least)]
        excess = sum(widths) - available
        if excess > 0:  # take it back from the columns above their minimum, in proportion
            room = [w - low for w, low in zip(widths, least)]
            total = sum(room)
            widths = [w - excess * r // total for w, r in zip(widths, room)]
    elif sum(most) <= available:  # everything fits on one line: stretch in proportion
        widths = [w * available // sum(most) for w in most]
    else:
        extra = [hi - low for hi, low in zip(most, least)]
        total = sum(extra) or 1
        widths = [low + spare * e // total for low, e in zip(least, extra)]
    widths[-1] += available - sum(widths)  # rounding: the columns fill the text width exactly
    return widths


def _cell_margins(table) -> None:  # noqa: ANN001
    """A little air around the text in every cell (Word's default is cramped for a printed sheet)."""
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 45), ("left", 100), ("bottom", 45), ("right", 100)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr = table._tbl.tblPr
    # Schema order inside w:tblPr: … w:tblLayout, w:tblCellMar, w:tblLook …
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def _cant_split(row) -> None:  # noqa: ANN001
    """Keep a (header or band) row on one page."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_header(row) -> None:  # noqa: ANN001
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _shade(cell, fill: str) -> None:  # noqa: ANN001
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def slug(text: str) -> str:
    """A file-name part from a title: letters (æøå kept), digits and dashes."""
    cleaned = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-_")
    return cleaned[:60] or "workshop"

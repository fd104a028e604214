"""Building blocks for Word handouts: A4 Danish documents, safe text, tables with repeating headers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

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


Cell = str | Sequence[str]

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
        normal.font.size = Pt(11)
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
    ):  # noqa: ANN201 - returns a python-docx Table
        """A bordered table; the header row repeats on every page. widths are fractions of the text
        width. A cell is a text (newlines become line breaks) or a list of texts (one bulleted
        paragraph each, e.g. the notes in a cell of the 3×2 grid)."""
        ncols = len(header) if header else max((len(r) for r in rows), default=1)
        table = self.doc.add_table(rows=0, cols=ncols)
        table.style = self._table_style
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _cell_margins(table)
        fractions = list(widths) if widths else [1 / ncols] * ncols
        # Widths go on the grid columns first: add_row copies them onto every new cell, which is
        # both what Word needs (a width on each cell) and much cheaper than a second pass.
        text_width = self.text_width  # finding the current section walks the whole body: once
        for grid_col, fraction in zip(table._tbl.tblGrid.gridCol_lst, fractions):
            grid_col.w = int(text_width * fraction)
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
    """Write safe text into a cell's (first, empty) paragraph; a list becomes bulleted paragraphs."""
    if isinstance(value, str):
        run = cell.paragraphs[0].add_run(safe_text(value))
        if bold:
            run.bold = True
        return
    for i, text in enumerate(value):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        run = paragraph.add_run(BULLET + safe_text(text))
        if bold:
            run.bold = True


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

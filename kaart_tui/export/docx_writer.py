"""A Word document written the way a facilitator can send it unedited.

Layout rules live in the document itself, so Word and LibreOffice both keep them: headings
stay with what follows, a table's header row repeats on every page and never stands alone
at the bottom of one, rows do not break across pages, and columns are at least as wide as
their longest header word or date. Everything goes through Word's own styles (Title,
Heading 1-3, Caption, Quote, Strong, List Number/Bullet) and one table style of the
document's own, so a reader's restyle reaches all of it.
"""

from __future__ import annotations

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from kaart_tui.export.docx_tools import (
    add_text,
    keep_with_next,
    restarted_list,
    set_cell_text,
    xml_safe,
)

TABLE_STYLE = "Verslag tabel"
HEADER_FILL = "DBE5F1"
CELL_MARGINS_CM = 0.38  # Word's default left + right cell margin (0.19 cm each)
# A generous average glyph width (em) of the body font in bold: a fitted column must not
# wrap "Stemmen" or "01-02-2027" in any office suite's metrics.
GLYPH_EM = 0.62
PT_CM = 0.03528


def text_width_cm(text: str, size_pt: float = 11) -> float:
    return len(text) * size_pt * PT_CM * GLYPH_EM + CELL_MARGINS_CM + 0.1


def fitted_widths(total_cm: float, columns: list[list[str]], flexible: set[int],
                  minimums: dict[int, float] | None = None) -> list[float]:
    """Column widths for ``total_cm``: a fixed column is as wide as its longest word
    (header and cells) or its minimum; the flexible ones share what is left."""
    minimums = minimums or {}
    needed = [max((text_width_cm(word) for text in texts for word in text.split()),
                  default=1.0) for texts in columns]
    widths = [max(needed[i], minimums.get(i, 0.0)) for i in range(len(columns))]
    fixed = sum(w for i, w in enumerate(widths) if i not in flexible)
    if flexible:
        share = max(0.0, total_cm - fixed) / len(flexible)
        for i in flexible:
            widths[i] = max(share, needed[i])
    scale = total_cm / sum(widths)
    return [round(w * scale, 2) for w in widths] if scale < 1 else widths


class DocWriter:
    """A python-docx document plus the few operations the verslag needs, done fast."""

    def __init__(self) -> None:
        self.document: DocumentType = Document()
        self._style_ids: dict[str, str] = {}
        # python-docx's add_paragraph looks for the body's closing sectPr through all the
        # body's children, for every paragraph: quadratic in a long verslag. That sectPr
        # stays the same element (new sections copy it), so it is looked up once.
        self._body_end = self.document.element.body.sectPr
        self._table_style()

    def _style_id(self, name: str) -> str:
        """Resolved once per style: python-docx looks a style up by name through every
        style in the document on each paragraph (most of the time of a large verslag)."""
        style_id = self._style_ids.get(name)
        if style_id is None:
            style_id = self._style_ids[name] = self.document.styles[name].style_id
        return style_id

    # -- styles ----------------------------------------------------------------------------
    def _table_style(self) -> None:
        """One table style: Table Grid's lines, a shaded bold header row and a bold total
        row, and no font of its own (the whole table is in the body font)."""
        style = self.document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
        style.base_style = self.document.styles["Table Grid"]
        # Its own paragraph spacing: LibreOffice does not take it from the base style.
        paragraph = OxmlElement("w:pPr")
        paragraph.append(OxmlElement("w:spacing", {qn("w:after"): "0", qn("w:line"): "240",
                                                   qn("w:lineRule"): "auto"}))
        style.element.find(qn("w:basedOn")).addnext(paragraph)
        for kind, fill in (("firstRow", HEADER_FILL), ("lastRow", None)):
            conditional = OxmlElement("w:tblStylePr", {qn("w:type"): kind})
            run = OxmlElement("w:rPr")
            run.append(OxmlElement("w:b"))
            conditional.append(run)
            if fill:
                cell = OxmlElement("w:tcPr")
                cell.append(OxmlElement("w:shd", {qn("w:val"): "clear",
                                                  qn("w:color"): "auto", qn("w:fill"): fill}))
                conditional.append(cell)
            style.element.append(conditional)

    def paragraph_style(self, name: str, size_pt: float, bold: bool = False,
                        base: str = "Normal") -> None:
        """A paragraph style of the document's own (the card's small type), no font."""
        style = self.document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self.document.styles[base]
        style.font.size = Pt(size_pt)
        if bold:
            style.font.bold = True
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(1), 1.0

    # -- paragraphs ------------------------------------------------------------------------
    def paragraph(self, text: str = "", style: str | None = None,
                  strong: str | None = None) -> Paragraph:
        """A paragraph; ``strong`` is a lead-in in the Strong character style."""
        element = OxmlElement("w:p")
        if style is not None:
            # Built directly: the new paragraph is empty, so its pPr is simply its first
            # child (python-docx's style setter searches the schema order each time).
            properties = OxmlElement("w:pPr")
            properties.append(OxmlElement("w:pStyle", {qn("w:val"): self._style_id(style)}))
            element.append(properties)
        self._body_end.addprevious(element)
        paragraph = Paragraph(element, self.document)
        if strong:
            add_text(paragraph, strong).style = self.document.styles["Strong"]
        if text:
            add_text(paragraph, text)
        return paragraph

    def heading(self, text: str, level: int, new_page: bool = False) -> Paragraph:
        heading = self.document.add_heading(xml_safe(text), level=level)
        keep_with_next(heading)
        if new_page:
            heading.paragraph_format.page_break_before = True
        return heading

    def numbered(self, lines: list[str], places: list[int] | None = None) -> None:
        """A numbered list; ``places`` gives each line its number where they are not
        1, 2, 3 (a shared place is one line, and the next place skips: 1, 2, 4)."""
        places = places or list(range(1, len(lines) + 1))
        num_id, expected = None, None
        for index, (line, place) in enumerate(zip(lines, places)):
            if place != expected:
                num_id = restarted_list(self.document, start=place)
            expected = place + 1
            paragraph = self.paragraph(line, style="List Number")
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = num_id
            if index < len(lines) - 1:
                keep_with_next(paragraph)  # a top 3 is read as one block

    def bullets(self, lines: list[str]) -> None:
        for line in lines:
            self.paragraph(line, style="List Bullet")

    def caption(self, text: str) -> Paragraph:
        paragraph = self.paragraph(text, style="Caption")
        keep_with_next(paragraph)
        return paragraph

    # -- tables ----------------------------------------------------------------------------
    def table(self, header: list[str], rows: list[list[str]], widths: list[float],
              total_row: bool = False, style: str = TABLE_STYLE):
        """A table in the verslag's table style with the layout rules applied."""
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = self.document.styles[style]
        for cell, text in zip(table.rows[0].cells, header):
            set_cell_text(cell, text)
        for values in rows:
            for cell, text in zip(table.add_row().cells, values):
                lines = text.split("\n")
                set_cell_text(cell, lines[0])
                for line in lines[1:]:
                    add_text(cell.add_paragraph(), line)
        look(table, first_row=True, last_row=total_row)
        set_table_widths(table, widths)
        lay_out_rows(table)
        return table


def look(table, first_row: bool = True, last_row: bool = False) -> None:
    """Which of the table style's conditional formats apply: header row, perhaps the
    total row; never the first column (Word's default would bold a whole column)."""
    properties = table._tbl.tblPr
    for old in properties.findall(qn("w:tblLook")):
        properties.remove(old)
    value = (0x20 if first_row else 0) | (0x40 if last_row else 0) | 0x200 | 0x400
    properties.append(OxmlElement("w:tblLook", {
        qn("w:val"): f"{value:04X}", qn("w:firstRow"): str(int(first_row)),
        qn("w:lastRow"): str(int(last_row)), qn("w:firstColumn"): "0",
        qn("w:lastColumn"): "0", qn("w:noHBand"): "1", qn("w:noVBand"): "1"}))


def set_table_widths(table, widths_cm: list[float]) -> None:
    """Fixed widths Word and LibreOffice both honour: the table's own width, its grid and
    every cell (LibreOffice reads the grid, Word the cells)."""
    table.autofit = False
    width = table._tbl.tblPr.find(qn("w:tblW"))  # python-docx writes one, "auto"
    if width is not None:
        width.set(qn("w:w"), str(int(Cm(sum(widths_cm)).twips)))
        width.set(qn("w:type"), "dxa")
    for column, cm in zip(table.columns, widths_cm):
        column.width = Cm(cm)
    for row in table.rows:
        for cell, cm in zip(row.cells, widths_cm):
            cell.width = Cm(cm)


def _row_property(row, tag: str) -> None:
    properties = row._tr.get_or_add_trPr()
    if properties.find(qn(tag)) is None:
        properties.append(OxmlElement(tag))


def lay_out_rows(table, split_rows: bool = False) -> None:
    """The header row repeats on each page and keeps with the first row; no row breaks
    across a page unless ``split_rows`` (a single row taller than a page must)."""
    rows = table.rows
    _row_property(rows[0], "w:tblHeader")
    for row in rows:
        if not split_rows:
            _row_property(row, "w:cantSplit")
    for cell in rows[0].cells:
        for paragraph in cell.paragraphs:
            keep_with_next(paragraph)

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
from docx.oxml.table import CT_Tbl
from docx.shared import Cm, Length, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from kaart_tui.export.docx_tools import (
    add_text,
    keep_with_next,
    restarted_list,
    set_cell_text,
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
    """A python-docx document plus the few operations the verslag and the analysis need,
    done fast. ``own_table_style``: add the verslag's table style (TABLE_STYLE)."""

    def __init__(self, own_table_style: bool = True) -> None:
        self.document: DocumentType = Document()
        self._style_ids: dict[str, str] = {}
        # python-docx's add_paragraph looks for the body's closing sectPr through all the
        # body's children, for every paragraph: quadratic in a long verslag. That sectPr
        # stays the same element (new sections copy it), so it is looked up once.
        self._body_end = self.document.element.body.sectPr
        if own_table_style:
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

    def set_style(self, paragraph: Paragraph, style: str) -> None:
        """``paragraph.style = style`` without python-docx's setter, which looks for the
        default style through every style of the document on each call (12 of 18 s for
        the whole card of the 2,000-entry session, 11,000 paragraphs in its cells). The
        paragraph's pStyle is the first child of its pPr, and the pPr its first child."""
        element = paragraph._p
        properties = element.pPr
        if properties is None:
            properties = OxmlElement("w:pPr")
            element.insert(0, properties)
        for old in properties.findall(qn("w:pStyle")):
            properties.remove(old)
        properties.insert(0, OxmlElement("w:pStyle", {qn("w:val"): self._style_id(style)}))

    # -- paragraphs ------------------------------------------------------------------------
    def paragraph(self, text: str = "", style: str | None = None,
                  strong: str | None = None, italic: bool = False) -> Paragraph:
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
            run = add_text(paragraph, text)
            if italic:
                run.italic = True
        return paragraph

    def heading(self, text: str, level: int, new_page: bool = False) -> Paragraph:
        """Word's Title (level 0) or Heading n, as document.add_heading makes it but
        through paragraph(): add_heading pays both of python-docx's searches."""
        heading = self.paragraph(text, style="Title" if level == 0 else f"Heading {level}")
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
    def add_table(self, rows: int, cols: int, style: str = TABLE_STYLE) -> Table:
        """document.add_table and its style, without python-docx's two searches that grow
        with the document: for the body's end, and for the default table style."""
        element = CT_Tbl.new_tbl(rows, cols, self.document._block_width)
        self._body_end.addprevious(element)
        element.tblStyle_val = self._style_id(style)
        return Table(element, self.document._body)

    @staticmethod
    def cells(table: Table) -> list[list[_Cell]]:
        """The cells of a table without merged cells, row by row: python-docx's rows and
        cells work the grid out anew on every call, and add_row copies the grid per cell,
        so a table is made with all its rows at once and filled through these."""
        return [[_Cell(cell, table) for cell in row.tc_lst] for row in table._tbl.tr_lst]

    def cell_lines(self, cell, lines: list[str], styles: list[str | None] | None = None
                   ) -> None:
        """One paragraph per line in an empty cell, each in its style (None: the table's)."""
        for index, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            style = styles[index] if styles is not None else None
            if style is not None:
                self.set_style(paragraph, style)
            add_text(paragraph, line)

    def table(self, header: list[str], rows: list[list[str | list[str]]],
              widths: list[float], total_row: bool = False, style: str = TABLE_STYLE,
              layout: bool = True):
        """A table in ``style`` (the verslag's own by default): a cell given as a list, or
        as text with line breaks, gets one paragraph per line. ``layout``: the verslag's
        look and page rules (rows never split); without, the style's own look and only
        the header row repeating on each page."""
        table = self.add_table(1 + len(rows), len(header), style)
        grid = self.cells(table)
        for cell, text in zip(grid[0], header):
            set_cell_text(cell, text)
        for cells, values in zip(grid[1:], rows):
            for cell, value in zip(cells, values):
                self.cell_lines(cell, value if isinstance(value, list) else value.split("\n"))
        if layout:
            look(table, first_row=True, last_row=total_row)
        set_table_widths(table, widths)
        if layout:
            lay_out_rows(table)
        else:
            _row_property(table.rows[0], "w:tblHeader")
        return table


def merge_across(cells: list[_Cell]) -> _Cell:
    """Empty cells side by side made one, as _Cell.merge makes them (a span of their
    width) without working out the table's grid for it."""
    first = cells[0]._tc
    for cell in cells[1:]:
        first.width = Length(first.width + cell._tc.width)
        first.getparent().remove(cell._tc)
    first.grid_span = len(cells)
    return cells[0]


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
    widths = [Cm(cm) for cm in widths_cm]
    grid = table._tbl.tblGrid
    for column, width in zip(grid.gridCol_lst, widths):
        column.w = width
    # On the cell elements themselves: python-docx's rows and cells work out the grid of
    # every row anew on each call. A merged cell gets its last column's width, as
    # python-docx's cells (one per grid column, the merged one repeated) gave it.
    for row in table._tbl.tr_lst:
        end = 0
        for cell in row.tc_lst:
            end += cell.grid_span
            if end > len(widths):
                break
            cell.width = widths[end - 1]


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

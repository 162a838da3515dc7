"""Small python-docx helpers for what its API does not cover: restarting a numbered list,
shading a cell, a page-number field, the document language, XML-safe text."""

from __future__ import annotations

import re

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import _Cell
from docx.text.paragraph import Paragraph

# Characters XML 1.0 forbids; Word refuses a document that contains them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def restarted_list(document: Document, style: str = "List Number", start: int = 1) -> int:
    """A fresh numbering instance of the style's list, starting at ``start``.

    python-docx gives every "List Number" paragraph the same numbering, so a second list
    would go on at 4, 5, 6; each list gets its own instance with a start override.
    """
    numbering = document.part.numbering_part.numbering_definitions._numbering
    style_num_id = document.styles[style].element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return num.numId


def use_list(paragraph: Paragraph, num_id: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def shade(cell: _Cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def add_page_number(paragraph: Paragraph, prefix: str = "Pagina ") -> None:
    paragraph.add_run(prefix)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def set_language(document: Document, language: str = "nl-NL") -> None:
    """Dutch spelling and hyphenation for everything, via the document defaults."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.append(run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), "ar-SA")


def keep_with_next(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


def set_widths(table, widths_cm: list[float]) -> None:
    """Fixed column widths that Word and LibreOffice both honour: the table grid and
    every cell (LibreOffice reads the grid, Word the cells)."""
    from docx.shared import Cm

    table.autofit = False
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def add_text(paragraph: Paragraph, text: str):
    """A run holding ``text``. python-docx adds text one character at a time (to turn tabs
    and newlines into Word's own elements); text without them goes in at once."""
    from docx.text.run import Run

    text = xml_safe(text)
    if "\n" in text or "\t" in text or "\r" in text:
        return paragraph.add_run(text)
    run = paragraph._p.add_r()
    run.add_t(text)
    return Run(run, paragraph)


def set_cell_text(cell: _Cell, text: str) -> None:
    add_text(cell.paragraphs[0], text)


def set_up_document(document: Document, title: str, subject: str, keywords: str) -> None:
    """A4 portrait with 2.5 cm margins, Dutch, page numbers, and metadata that names no
    one: the author is the program (python-docx's template would say "python-docx",
    and date the document 2013)."""
    from datetime import datetime, timezone

    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    set_language(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    add_page_number(section.footer.paragraphs[0])
    properties = document.core_properties
    properties.title = xml_safe(title)
    properties.subject = xml_safe(subject)
    properties.author = properties.last_modified_by = "kaart"
    properties.comments = ""
    properties.keywords = keywords
    properties.created = properties.modified = datetime.now(timezone.utc).replace(microsecond=0)
    properties.revision = 1
    properties.language = "nl-NL"


def new_section(document: Document, landscape: bool):
    """A new page in A4, turned for wide tables or upright again."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Cm

    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    size = (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))
    section.page_width, section.page_height = size
    return section

"""Reading a produced .docx back the way a reader meets it: blocks in body order, the
section each block stands in, headings, table cells (nested too), numbering, shading and
every text a document carries (headers, footers, metadata, raw XML parts).

Only python-docx and the OOXML itself; nothing from kaart_tui, so the tests read what was
written, not what the exporter meant to write.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from docx.document import Document as DocumentType
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

Block = Paragraph | Table


@dataclass(frozen=True)
class Placed:
    """A body block and the index of the section (``document.sections``) it stands in."""

    block: Block
    section: int

    @property
    def is_paragraph(self) -> bool:
        return isinstance(self.block, Paragraph)

    @property
    def style(self) -> str | None:
        if isinstance(self.block, Paragraph) and self.block.style is not None:
            return self.block.style.name
        return None

    @property
    def text(self) -> str:
        return self.block.text if isinstance(self.block, Paragraph) else ""


def blocks(document: DocumentType) -> list[Placed]:
    """Every paragraph and table of the body in order, with its section.

    A section ends with the paragraph whose properties hold a ``w:sectPr``; the last
    section is described by the body's own ``w:sectPr``.
    """
    placed: list[Placed] = []
    section = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document._body)
            placed.append(Placed(paragraph, section))
            p_pr = child.find(qn("w:pPr"))
            if p_pr is not None and p_pr.find(qn("w:sectPr")) is not None:
                section += 1
        elif child.tag == qn("w:tbl"):
            placed.append(Placed(Table(child, document._body), section))
    return placed


def headings(document: DocumentType, style: str) -> list[str]:
    return [b.text for b in blocks(document) if b.style == style]


def heading_index(items: list[Placed], text: str, style: str | None = None) -> int:
    found = [i for i, b in enumerate(items)
             if b.text == text and (style is None or b.style == style)]
    assert len(found) == 1, f"heading {text!r} ({style}) found {len(found)} times"
    return found[0]


def section_under(items: list[Placed], start: int) -> list[Placed]:
    """The blocks after the heading at ``start`` up to the next heading of the same or a
    higher level (or a Title)."""
    level = _level(items[start].style)
    out = []
    for item in items[start + 1:]:
        other = _level(item.style)
        if other is not None and other <= level:
            break
        out.append(item)
    return out


def _level(style: str | None) -> int | None:
    if style == "Title":
        return 0
    match = re.fullmatch(r"Heading (\d)", style or "")
    return int(match.group(1)) if match else None


def table_rows(table: Table) -> list[list[str]]:
    """The text of each cell, one list per row (a merged cell counts once per grid column
    it spans, as python-docx reports it)."""
    return [[cell.text for cell in row.cells] for row in table.rows]


def unique_cells(table: Table):
    """Each cell once (``w:tc`` elements), nested tables not included."""
    seen = set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            yield cell


def cell_fill(cell) -> str | None:
    tc_pr = cell._tc.tcPr
    if tc_pr is None:
        return None
    shading = tc_pr.find(qn("w:shd"))
    if shading is None:
        return None
    fill = shading.get(qn("w:fill"))
    return None if fill in (None, "auto", "FFFFFF") else fill


def num_id(paragraph: Paragraph) -> int | None:
    """The numbering instance written on the paragraph itself (not via its style)."""
    p_pr = paragraph._p.pPr
    if p_pr is None or p_pr.numPr is None or p_pr.numPr.numId is None:
        return None
    return p_pr.numPr.numId.val


def numbering_instance(document: DocumentType, number: int) -> tuple[int, dict[int, int]]:
    """(abstractNumId, {ilvl: startOverride}) of one ``w:num`` in the numbering part."""
    numbering = document.part.numbering_part.element
    for num in numbering.findall(qn("w:num")):
        if int(num.get(qn("w:numId"))) == number:
            abstract = int(num.find(qn("w:abstractNumId")).get(qn("w:val")))
            overrides = {}
            for override in num.findall(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    overrides[int(override.get(qn("w:ilvl")))] = int(start.get(qn("w:val")))
            return abstract, overrides
    raise AssertionError(f"numId {number} not in the numbering part")


def style_num_id(document: DocumentType, style: str) -> int:
    return document.styles[style].element.pPr.numPr.numId.val


def _table_texts(table: Table) -> Iterator[str]:
    for cell in unique_cells(table):
        for paragraph in cell.paragraphs:
            yield paragraph.text
        for nested in cell.tables:
            yield from _table_texts(nested)


def visible_texts(document: DocumentType) -> list[str]:
    """Body paragraphs, every table cell (nested included), every header and footer of
    every section (default, first page, even pages) and its tables."""
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts.extend(_table_texts(table))
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.even_page_header,
                     section.footer, section.first_page_footer, section.even_page_footer):
            texts.extend(p.text for p in part.paragraphs)
            for table in part.tables:
                texts.extend(_table_texts(table))
    return texts


def core_texts(document: DocumentType) -> list[str]:
    props = document.core_properties
    return [props.author or "", props.last_modified_by or "", props.title or "",
            props.subject or "", props.comments or "", props.keywords or "",
            props.category or "", props.content_status or "", props.identifier or ""]


def raw_xml_text(path: Path) -> str:
    """Every XML part of the package (document, headers, footers, core and app
    properties, custom XML ...) as one string, entities resolved."""
    with zipfile.ZipFile(path) as package:
        parts = [package.read(name).decode("utf-8", "replace") for name in package.namelist()
                 if name.endswith((".xml", ".rels"))]
    text = "\n".join(parts)
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"),
                         ("&amp;", "&")):
        text = text.replace(entity, char)
    return text


def section_size_cm(section) -> tuple[float, float]:
    return round(section.page_width.cm, 1), round(section.page_height.cm, 1)

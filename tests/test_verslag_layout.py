"""The verslag a facilitator sends without opening Word (issue 19), read back with
python-docx: a title page, layout rules written into the document (headings keep with
the next paragraph, header rows repeat and rows do not split), the attendance tables
with their captions and dated heads, the card the full width in one font family, the
step notes, the next meeting as agreed, and a verslag of bijeenkomst 2 that is about
bijeenkomst 2.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from kaart_tui.demo import demo_card
from kaart_tui.domain.model import (
    Action,
    ActionScope,
    Card,
    Entry,
    StepNote,
)
from kaart_tui.domain.steps import PAPER_ORDER, Step
from kaart_tui.export.run import export_verslag
from kaart_tui.store import DataFolder
from tests.docx_reading import blocks, heading_index, section_under, table_rows

NOTE = ("De groep sprak lang over vertrouwen: wie durft te zeggen dat iets niet loopt?\n"
        "Afgesproken is dat Yusuf dat in het volgende teamoverleg agendeert.")


def rich_card() -> Card:
    """The demo with what a second bijeenkomst adds in practice: a note on a step, the next
    meeting agreed, names typed into entries, actions and places (whole, first name only,
    last name only, with a particle), an owner who is not a participant, and a person
    forgotten at their own request."""
    card = demo_card()
    card.put(StepNote(Step.WAARDEN, "b2", NOTE))
    card.put(StepNote(Step.ACTIES, "b1", "Alleen in bijeenkomst 1 gezegd."))
    card.put(replace(card.bijeenkomsten["b2"], location="Bij Ruben Jansen thuis",
                     next_date=date(2027, 1, 12), next_location="het buurthuis van Koster"))
    card.put(Entry("e-rich-1", Step.WAARDEN, "Samen met Sanne Bakker de buurt in", "b2",
                   participant="p02"))
    card.put(Entry("e-rich-2", Step.RELATIES, "Lotte zegt dat het al beter werkt", "b2"))
    card.put(Entry("e-rich-3", Step.HANDELEN, "Overleg met Hendriks en van Dam over de "
                   "aanpak; ook Karel Appel van de bibliotheek doet mee", "b2"))
    card.put(Action("a-rich-1", ActionScope.COLLECTIEF, "Mark belt de wethouder", "b2",
                    owner_text="de gemeente"))
    card.put(Action("a-rich-2", ActionScope.EXTERN, "Bas Mulder vraagt het wijkbudget aan",
                    "b2", owner_text="Fatima el Amrani"))
    return card


def export(root: Path, card: Card, number: int, anonymous: bool = False):
    folder = DataFolder(root).ensure()
    path = export_verslag(card, "rijk", folder.exports_dir, folder.templates_dir, number,
                          anonymous=anonymous)
    return path, Document(str(path))


@pytest.fixture(scope="module")
def rich_b2(tmp_path_factory):
    return export(tmp_path_factory.mktemp("rich"), rich_card(), 2)[1]


@pytest.fixture(scope="module")
def demo_b1(tmp_path_factory):
    return export(tmp_path_factory.mktemp("demo"), demo_card(), 1)[1]


def heading_paragraphs(document):
    return [b.block for b in blocks(document)
            if b.style and (b.style == "Title" or b.style.startswith("Heading"))]


def card_table(document):
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text == "Stap 5: Acties"]
    return table


# -- the title page and the layout rules ----------------------------------------------------
@pytest.mark.parametrize("which", ["demo_b1", "rich_b2"])
def test_the_title_page_stands_alone_and_the_summary_starts_a_page(request, which) -> None:
    document = request.getfixturevalue(which)
    items = blocks(document)
    at = heading_index(items, "Samenvatting", "Heading 1")
    assert items[at].block.paragraph_format.page_break_before is True
    title_page = [b for b in items[:at]]
    assert title_page[0].style == "Title" and title_page[1].style == "Subtitle"
    assert all(b.is_paragraph for b in title_page), "no table on the title page"
    attendance = heading_index(items, "Bijlage 1: Aanwezigheid", "Heading 1")
    assert items[attendance].block.paragraph_format.page_break_before is True


@pytest.mark.parametrize("which", ["demo_b1", "rich_b2"])
def test_every_heading_keeps_with_the_next_paragraph(request, which) -> None:
    document = request.getfixturevalue(which)
    found = heading_paragraphs(document)
    assert len(found) > 30
    assert [h.text for h in found if h.paragraph_format.keep_with_next is not True] == []
    levels = {h.style.name for h in found}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3"} <= levels


@pytest.mark.parametrize("which", ["demo_b1", "rich_b2"])
def test_every_table_repeats_its_header_row_and_keeps_it_with_the_first_row(request,
                                                                            which) -> None:
    document = request.getfixturevalue(which)
    assert len(document.tables) >= 8
    for table in document.tables:
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None, \
            table_rows(table)[0]
        header_paragraphs = [p for c in table.rows[0].cells for p in c.paragraphs]
        assert all(p.paragraph_format.keep_with_next for p in header_paragraphs)
        if table._tbl is card_table(document)._tbl:
            continue  # one row of five columns; it fits a page here (see below)
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None, table_rows(table)[0]


def test_the_demo_card_is_sized_to_fit_one_page_and_may_not_split(demo_b1) -> None:
    table = card_table(demo_b1)
    assert table.rows[1]._tr.trPr.find(qn("w:cantSplit")) is not None
    size = demo_b1.styles["Kaart"].font.size.pt
    assert 7 <= size <= 9


def test_a_card_too_big_for_a_page_runs_on_at_7_pt_with_its_header_repeated(
        tmp_path) -> None:
    card = demo_card()
    for index in range(150):
        card.put(Entry(f"e-extra-{index}", Step.WAARDEN,
                       f"Nog een bijdrage over samenwerken in de wijk, nummer {index}", "b1"))
    _, document = export(tmp_path, card, 1)
    table = card_table(document)
    assert document.styles["Kaart"].font.size.pt == 7.0
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    properties = table.rows[1]._tr.trPr
    assert properties is None or properties.find(qn("w:cantSplit")) is None


# -- Bijlage 1: attendance ------------------------------------------------------------------
def test_attendance_has_its_caption_and_column_heads_with_weekday_and_date(rich_b2) -> None:
    items = blocks(rich_b2)
    under = section_under(items, heading_index(items, "Bijlage 1: Aanwezigheid", "Heading 1"))
    tables = [i for i, b in enumerate(under) if not b.is_paragraph]
    assert len(tables) == 1
    caption = under[tables[0] - 1]
    assert caption.style == "Caption"
    assert caption.text == "Tabel 1 aanwezigheid deelnemers Uitvoeringsteam Vlinderbuurt"
    assert caption.block.paragraph_format.keep_with_next is True
    rows = table_rows(under[tables[0]].block)
    assert rows[0] == ["Organisatie", "Bijeenkomst 1 Dinsdag 6 oktober 2026",
                       "Bijeenkomst 2 Dinsdag 3 november 2026"]
    assert rows[-1][0] == "Aanwezig"


def test_no_column_is_narrower_than_its_longest_header_word_or_a_date(rich_b2) -> None:
    from kaart_tui.export.docx_writer import text_width_cm

    for table in rich_b2.tables:
        if table._tbl is card_table(rich_b2)._tbl:
            continue
        widths = [c.width.cm for c in table.rows[0].cells]
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                for word in cell.text.split():
                    if word[:2].isdigit() and word.count("-") == 2 or row is table.rows[0]:
                        assert width + 0.01 >= text_width_cm(word), (word, width)


# -- Bijlage 2: the card --------------------------------------------------------------------
def test_the_card_fills_the_landscape_text_width(demo_b1) -> None:
    table = card_table(demo_b1)
    section = demo_b1.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    grid = [int(col.get(qn("w:w"))) for col in
            table._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
    assert len(grid) == len(PAPER_ORDER)
    assert sum(grid) * 635 >= 0.95 * text_width  # twips to EMU
    width = table._tbl.tblPr.find(qn("w:tblW"))
    assert width.get(qn("w:type")) == "dxa" and int(width.get(qn("w:w"))) * 635 >= \
        0.95 * text_width


def _fonts(element) -> set[tuple]:
    return {tuple(sorted(f.attrib.items())) for f in element.iter(qn("w:rFonts"))}


def _style_chain(document, style_id: str) -> list:
    chain = []
    styles = {s.element.get(qn("w:styleId")): s.element for s in document.styles}
    while style_id in styles:
        element = styles[style_id]
        chain.append(element)
        based = element.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    return chain


def test_the_card_table_is_in_one_font_family_style_conditions_included(demo_b1) -> None:
    table = card_table(demo_b1)
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    assert look.get(qn("w:firstColumn")) == "0", "no bold first column"
    active = {"firstRow"} | ({"lastRow"} if look.get(qn("w:lastRow")) == "1" else set())
    fonts: set[tuple] = set()
    table_style = table._tbl.tblPr.find(qn("w:tblStyle")).get(qn("w:val"))
    for style in _style_chain(demo_b1, table_style):
        for conditional in style.findall(qn("w:tblStylePr")):
            kind = conditional.get(qn("w:type"))
            assert kind != "firstCol", "the table style formats a first column"
            if kind in active:
                fonts |= _fonts(conditional)
        fonts |= {f for child in style if child.tag != qn("w:tblStylePr")
                  for f in _fonts(child)}
    used_styles = set()
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                used_styles.add(paragraph.style.style_id)
                fonts |= _fonts(paragraph._p)
    for style_id in used_styles:
        for style in _style_chain(demo_b1, style_id):
            fonts |= _fonts(style)
    assert len(fonts) <= 1, fonts
    assert not [r for row in table.rows for c in row.cells for p in c.paragraphs
                for r in p.runs if r.bold is not None or r.font.size is not None], \
        "no direct bold or size on the card: its styles carry it"


def test_the_card_holds_every_bijeenkomst_so_far(rich_b2) -> None:
    text = "\n".join(c.text for c in card_table(rich_b2).rows[1].cells)
    assert "we elkaar durven aanspreken zonder dat het persoonlijk wordt" in text  # b1
    assert "Samen met Sanne Bakker de buurt in" in text  # b2


# -- a verslag about its own bijeenkomst ----------------------------------------------------
def test_bijeenkomst_2_has_none_of_bijeenkomst_1s_entries_outside_bijlage_2(rich_b2) -> None:
    card = rich_card()
    items = blocks(rich_b2)
    card_at = heading_index(items, "Bijlage 2: De hele kaart", "Heading 1")
    before = "\n".join(b.text for b in items[:card_at]) + "\n" + "\n".join(
        "\n".join(r) for b in items[:card_at] if not b.is_paragraph
        for r in table_rows(b.block))
    b1_only = [e.text for e in card.entries.values() if e.bijeenkomst == "b1"]
    b2 = [e.text for e in card.entries.values() if e.bijeenkomst == "b2"]
    assert len(b1_only) > 30
    assert [t for t in b1_only if t in before and t not in b2] == []
    assert all(t in before for t in b2)
    assert "[bijeenkomst 1]" not in before
    assert "Alleen in bijeenkomst 1 gezegd." not in before


def test_the_note_of_a_step_stands_under_its_heading_and_question(rich_b2) -> None:
    items = blocks(rich_b2)
    at = heading_index(items, "Stap 1: Waarden", "Heading 1")
    assert items[at + 1].style == "Quote"
    assert [items[at + 2].text, items[at + 3].text] == NOTE.split("\n")
    assert {items[at + 2].style, items[at + 3].style} == {"Normal"}
    assert items[at + 4].text == "Top 3"


def test_progress_since_bijeenkomst_1_in_one_short_section(rich_b2) -> None:
    items = blocks(rich_b2)
    under = section_under(items, heading_index(items, "Sinds bijeenkomst 1", "Heading 1"))
    bullets = [b.text for b in under if b.style == "List Bullet"]
    assert "Stap 1: Waarden: 3 nieuwe thema's, de top is helemaal nieuw." in bullets
    (table,) = [b.block for b in under if not b.is_paragraph]
    rows = table_rows(table)
    assert rows[0] == ["Wie", "Actie", "Status", "Toelichting"]
    card = rich_card()
    assert len(rows) - 1 == sum(a.bijeenkomst == "b1" for a in card.actions.values())
    assert any(text.startswith("Van de 16 acties van eerdere bijeenkomsten zijn er ")
               for text in (b.text for b in under))


def test_agreements_print_the_next_meeting_as_agreed(rich_b2) -> None:
    items = blocks(rich_b2)
    under = section_under(items, heading_index(items, "Afspraken", "Heading 1"))
    assert under[0].text == ("De volgende bijeenkomst is op dinsdag 12 januari 2027 in het "
                             "buurthuis van Koster.")


def test_a_free_text_owner_is_printed_as_typed(rich_b2) -> None:
    rows = [r for t in rich_b2.tables for r in table_rows(t)]
    assert ["de gemeente", "Mark belt de wethouder", "", "open"] in rows


def test_a_forgotten_participant_counts_without_a_name(tmp_path) -> None:
    card = demo_card()
    person = card.participants["p01"]
    card.put(replace(person, name="", removed_after="b2"))
    _, document = export(tmp_path, card, 2)
    rows = [r for t in document.tables for r in table_rows(t)]
    assert any(r[0] == "(naam verwijderd)" for r in rows), "her actions, without a name"
    attendance = next(t for t in document.tables if t.rows[0].cells[0].text == "Organisatie")
    total = table_rows(attendance)[-1]
    assert total[1].startswith("11 personen"), total  # she still counts in bijeenkomst 1

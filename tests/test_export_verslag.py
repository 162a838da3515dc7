"""The Word verslag, read back with python-docx as the team will read it.

Every test opens the produced .docx and asserts what a facilitator depends on when they
send it out unedited: the order of the parts, the Bijlage 1 attendance wording, the top
lists with their counts, the action tables, the landscape card, page numbers and Dutch,
and that ``anonymous`` leaves no participant's name anywhere.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from kaart_tui.bundle import card_from_data
from kaart_tui.demo import demo_card
from kaart_tui.domain import operations
from kaart_tui.domain.changes import Change
from kaart_tui.domain.model import (
    Action,
    ActionScope,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Bijeenkomst,
    Card,
    Entry,
    Participant,
    SessionInfo,
    Theme,
    Vote,
)
from kaart_tui.domain.steps import FILL_ORDER, PAPER_ORDER, Step
from kaart_tui.export.run import export_verslag
from kaart_tui.store import DataFolder
from kaart_tui.template_files import load_with_override
from kaart_tui.workshop import Workshop
from tests.conftest import FIXTURES
from tests.docx_reading import (
    blocks,
    cell_fill,
    core_texts,
    heading_index,
    headings,
    num_id,
    numbering_instance,
    raw_xml_text,
    section_size_cm,
    section_under,
    style_num_id,
    table_rows,
    visible_texts,
)

TEMPLATE, _ = load_with_override("partnerschapskaart", None)
QUESTIONS = {step: TEMPLATE.step(step).question for step in FILL_ORDER}
STEP_HEADINGS = [f"Stap {s.number}: {TEMPLATE.step(s).name}" for s in FILL_ORDER]
STATUS = {ActionStatus.OPEN: "open", ActionStatus.BEZIG: "bezig",
          ActionStatus.GEDAAN: "gedaan"}
SCOPE_HEADINGS = {
    ActionScope.INDIVIDUEEL: "Individuele acties: wat ga ik doen?",
    ActionScope.COLLECTIEF: "Collectieve acties: wat gaan we als team doen?",
    ActionScope.EXTERN: "Externe verzoeken: wat vragen we anderen?",
}
# XML 1.0 forbids these; Word refuses a document that holds one.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# The demo's first bijeenkomst as the group voted (kaart_tui/data/demo_bundle.json): the
# handelen step has a tie for third place, the actions a top 5.
DEMO_B1_TOPS = {
    Step.WAARDEN: ("Top 3", [
        "Er is veiligheid en vertrouwen in het team (10 stemmen)",
        "We werken aan gedeelde doelen in één wijkplan (8 stemmen)",
        "Bewoners merken het verschil in hun straat (6 stemmen)",
    ]),
    Step.RELATIES: ("Top 3", [
        "We leren elkaar en elkaars werk kennen (11 stemmen)",
        "We delen informatie binnen duidelijke afspraken (AVG) (7 stemmen)",
        "We spreken elkaar aan, stemmen af en beslissen samen (6 stemmen)",
    ]),
    Step.HANDELEN: ("Top 3", [
        "Daadkrachtig en buiten de gebaande paden werken (9 stemmen)",
        "Open, respectvol en direct communiceren (7 stemmen)",
        # One line for the shared third place, numbered 3 (issue 17: not "3." and "4.").
        "Bewoners actief en in gewone taal betrekken en Samen leren en regelmatig evalueren "
        "(gedeeld, 5 stemmen)",
    ]),
    Step.VOORWAARDEN: ("Top 3", [
        "Een vaste procesbewaker die verbindt en de focus bewaakt (10 stemmen)",
        "Tijd en mandaat om mee te doen (8 stemmen)",
        "Rugdekking van leidinggevenden (6 stemmen)",
    ]),
    Step.ACTIES: ("Top 5", [
        "Aanwezig zijn in de wijk en met elkaar meelopen (10 stemmen)",
        "Het uitvoeringsteam bekend maken bij bewoners (8 stemmen)",
        "Eén wijkplan op basis van de wijkmonitor (6 stemmen)",
        "Een sociale kaart van wie wat doet (5 stemmen)",
        "Onderzoeken of het veiligheidsoverleg onderdeel kan worden van het "
        "uitvoeringsteam (3 stemmen)",
    ]),
}
COUNT_SUFFIX = re.compile(r" \((\d+) stem(?:men)?(?:, [^)]*)?\)$")


def title_of(line: str) -> str:
    return COUNT_SUFFIX.sub("", line)


def count_of(line: str) -> int:
    match = COUNT_SUFFIX.search(line)
    assert match, line
    return int(match.group(1))


# -- producing verslagen -----------------------------------------------------------------
def export(root: Path, card: Card, number: int | None, anonymous: bool = False,
           slug: str = "sessie") -> tuple[Path, object]:
    """Write the verslag through the one entry point the CLI and the app share, and open
    the written file again with python-docx."""
    folder = DataFolder(root).ensure()
    path = export_verslag(card, slug, folder.exports_dir, folder.templates_dir, number,
                          anonymous=anonymous)
    assert path.is_file() and path.parent == folder.exports_dir
    return path, Document(str(path))


@pytest.fixture(scope="module")
def demo_b1(tmp_path_factory):
    return export(tmp_path_factory.mktemp("b1"), demo_card(), 1)[1]


@pytest.fixture(scope="module")
def demo_b2(tmp_path_factory):
    return export(tmp_path_factory.mktemp("b2"), demo_card(), 2)


@pytest.fixture(scope="module")
def demo_b2_anonymous(tmp_path_factory):
    return export(tmp_path_factory.mktemp("anon"), demo_card(), 2, anonymous=True)


def step_blocks(document, step: Step):
    items = blocks(document)
    return section_under(items, heading_index(items, STEP_HEADINGS[step.number - 1],
                                              "Heading 1"))


def top_list(document, step: Step) -> tuple[str, list]:
    """(the "Top N" heading, its List Number paragraphs) of one step."""
    under = step_blocks(document, step)
    tops = [i for i, b in enumerate(under) if b.style == "Heading 2"
            and b.text.startswith("Top ")]
    assert len(tops) == 1, [b.text for b in under if b.style == "Heading 2"]
    after = under[tops[0] + 1:]
    numbered = []
    for item in after:
        if item.style != "List Number":
            break
        numbered.append(item.block)
    return under[tops[0]].text, numbered


def votes_in(card: Card, bijeenkomst_id: str, step: Step) -> list[tuple[str, int]]:
    """(title, votes) of each voted candidate of a step, most votes first: counted from the
    vote records themselves, not through the exporter's ranking."""
    totals: dict[tuple[str, str], int] = {}
    for vote in card.votes.values():
        if vote.bijeenkomst == bijeenkomst_id:
            totals[vote.target] = totals.get(vote.target, 0) + vote.count
    titled = []
    for (kind, record_id), count in totals.items():
        record = card.themes[record_id] if kind == "theme" else card.entries[record_id]
        if record.step is step and count:
            titled.append((record.title if kind == "theme" else record.text, count))
    return sorted(titled, key=lambda pair: -pair[1])


def stemmen(count: int) -> str:
    return f"{count} stem" if count == 1 else f"{count} stemmen"


def owner_name(card: Card, action: Action) -> str:
    if action.owner in card.participants:
        return card.participants[action.owner].name
    return {ActionScope.COLLECTIEF: "Het team", ActionScope.EXTERN: "Extern"}[action.scope]


# -- 1. the order of the parts -------------------------------------------------------------
def test_title_block_headings_in_order_and_each_question_under_its_step(demo_b1) -> None:
    card = demo_card()
    items = blocks(demo_b1)
    assert items[0].style == "Title" and items[0].text == card.session.title
    assert items[1].text == "Verslag van bijeenkomst 1"
    assert headings(demo_b1, "Title") == [card.session.title]
    assert headings(demo_b1, "Heading 1") == [
        "Samenvatting", *STEP_HEADINGS, "Acties", "Afspraken", "Bijlage 1: Aanwezigheid",
        "Bijlage 2: De hele kaart"]

    title_block = [b.text for b in items[:heading_index(items, "Samenvatting")]]
    assert "Team: Uitvoeringsteam Vlinderbuurt" in title_block
    assert "Wijk: Vlinderbuurt" in title_block
    assert "Procesbegeleiding: Hanneke Dijkstra, Tom Bosman" in title_block
    assert "Opdrachtgever: Gemeente Oosterveld" in title_block
    assert "Bijeenkomst: dinsdag 6 oktober 2026, Wijkcentrum De Kapel" in title_block

    for step, heading in zip(FILL_ORDER, STEP_HEADINGS):
        at = heading_index(items, heading, "Heading 1")
        assert items[at + 1].text == QUESTIONS[step], heading


def test_a_later_bijeenkomst_names_itself_and_dates_every_column_up_to_it(demo_b2) -> None:
    _, document = demo_b2
    texts = [p.text for p in document.paragraphs]
    assert "Bijeenkomst: dinsdag 3 november 2026, Wijkcentrum De Kapel" in texts
    assert "Verslag van bijeenkomst 2" in texts
    assert not [t for t in texts if "6 oktober" in t], "the title page is about this one"
    assert table_rows(attendance_table(document))[0] == [
        "Organisatie", "Bijeenkomst 1 Dinsdag 6 oktober 2026",
        "Bijeenkomst 2 Dinsdag 3 november 2026"]
    h1 = headings(document, "Heading 1")
    assert h1[:3] == ["Samenvatting", "Sinds bijeenkomst 1", STEP_HEADINGS[0]]


# -- 2. attendance as in Bijlage 1 of seed 000 --------------------------------------------
BIJLAGE1 = json.loads((FIXTURES / "bijlage1_seed000.json").read_text(encoding="utf-8"))


def attendance_table(document):
    items = blocks(document)
    under = section_under(items, heading_index(items, "Bijlage 1: Aanwezigheid", "Heading 1"))
    tables = [b.block for b in under if not b.is_paragraph]
    assert len(tables) == 1
    return tables[0]


@pytest.mark.parametrize("team", BIJLAGE1["teams"], ids=lambda t: t["key"])
def test_attendance_table_reproduces_bijlage1_exactly(tmp_path, team) -> None:
    card = card_from_data(team["bundle"])
    assert len(card.bijeenkomsten) >= 2
    _, document = export(tmp_path, card, 2)
    rows = table_rows(attendance_table(document))
    expected = team["expected"]
    # The column heads as printed in the report: "Bijeenkomst 1 Woensdag 12 oktober 2022".
    assert rows[0] == ["Organisatie", *team["headings"]]
    assert rows[1:-1] == [[row["organisation"], *row["texts"]] for row in expected["rows"]]
    assert rows[-1] == [expected["total"]["label"], *expected["total"]["texts"]]
    # The total row stands out, as in the report.
    total_runs = [run for cell in attendance_table(document).rows[-1].cells
                  for run in cell.paragraphs[0].runs]
    # by the table style's total-row format, not by bold typed into each cell.
    assert total_runs and not any(run.bold for run in total_runs)
    look = attendance_table(document)._tbl.tblPr.find(qn("w:tblLook"))
    assert look.get(qn("w:lastRow")) == "1"
    style = document.styles[attendance_table(document).style.name].element
    last = [c for c in style.findall(qn("w:tblStylePr")) if c.get(qn("w:type")) == "lastRow"]
    assert last and last[0].find(qn("w:rPr")).find(qn("w:b")) is not None


def test_kamperpoort_table_of_bijeenkomst_1_has_only_that_column(tmp_path) -> None:
    team = next(t for t in BIJLAGE1["teams"] if t["key"] == "kamperpoort")
    _, document = export(tmp_path, card_from_data(team["bundle"]), 1)
    rows = table_rows(attendance_table(document))
    assert rows[0] == ["Organisatie", team["headings"][0]]
    assert rows[1:-1] == [[r["organisation"], r["texts"][0]] for r in team["expected"]["rows"]]
    assert rows[-1] == ["Aanwezig", "12 personen"]


# -- 3. top N, shared places, numbering ---------------------------------------------------
def test_top_lists_of_bijeenkomst_1_in_order_with_counts_and_the_shared_place(
        demo_b1) -> None:
    for step, (heading, lines) in DEMO_B1_TOPS.items():
        found_heading, numbered = top_list(demo_b1, step)
        assert found_heading == heading, step
        assert [p.text for p in numbered] == lines, step
        assert all(p.style.name == "List Number" for p in numbered)


def test_top_lists_of_bijeenkomst_2_follow_the_votes_cast_there(demo_b2) -> None:
    card = demo_card()
    _, document = demo_b2
    for step in FILL_ORDER:
        size = TEMPLATE.step(step).top_n
        counted = votes_in(card, "b2", step)
        assert len({c for _, c in counted[:size + 1]}) == len(counted[:size + 1]), \
            "the demo's second bijeenkomst has no ties; this test relies on it"
        heading, numbered = top_list(document, step)
        assert heading == f"Top {size}"
        assert [p.text for p in numbered] == [
            f"{title} ({stemmen(count)})" for title, count in counted[:size]], step


def test_every_top_list_restarts_at_one(demo_b1) -> None:
    list_number = numbering_instance(demo_b1, style_num_id(demo_b1, "List Number"))[0]
    seen: list[int] = []
    for step in FILL_ORDER:
        _, numbered = top_list(demo_b1, step)
        ids = {num_id(p) for p in numbered}
        assert len(ids) == 1 and None not in ids, (step, ids)
        (own,) = ids
        abstract, overrides = numbering_instance(demo_b1, own)
        assert abstract == list_number, "the list must keep the List Number look"
        assert overrides.get(0) == 1, (step, overrides)
        seen.append(own)
    assert len(set(seen)) == len(FILL_ORDER), f"lists share a numbering: {seen}"


# -- 4. the vote bars ------------------------------------------------------------------------
def vote_bar_table(document, step: Step):
    under = step_blocks(document, step)
    tables = [b.block for b in under if not b.is_paragraph]
    assert tables, f"no vote bars under {step}"
    table = tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["Thema of bijdrage", "Stemmen",
                                                        "Uitslag"]
    return table


@pytest.mark.parametrize("which", ["b1", "b2"])
def test_vote_bars_are_shaded_in_proportion(request, which) -> None:
    document = request.getfixturevalue("demo_b1") if which == "b1" else \
        request.getfixturevalue("demo_b2")[1]
    card = demo_card()
    for step in FILL_ORDER:
        counted = votes_in(card, which, step)
        table = vote_bar_table(document, step)
        rows = table.rows[1:]
        assert [int(r.cells[1].text) for r in rows] == [c for _, c in counted], step
        assert [r.cells[0].text for r in rows] == [t[:120] for t, _ in counted], step
        most = counted[0][1]
        for row, (_, count) in zip(rows, counted):
            bar = row.cells[2:]
            fills = [cell_fill(cell) is not None for cell in bar]
            filled = sum(fills)
            assert fills == [True] * filled + [False] * (len(bar) - filled), "bar has gaps"
            assert filled == round(len(bar) * count / most), (step, count, filled)
        first = sum(cell_fill(c) is not None for c in rows[0].cells[2:])
        assert first == len(rows[0].cells[2:]) == 10, "the winner's bar is full"
        assert all(sum(cell_fill(c) is not None for c in r.cells[2:]) < 10
                   for r, (_, count) in zip(rows, counted) if count < most)


# -- 5. actions per scope ------------------------------------------------------------------
def action_tables(document) -> dict[ActionScope, list[list[str]]]:
    items = blocks(document)
    under = section_under(items, heading_index(items, "Acties", "Heading 1"))
    assert [b.text for b in under if b.style == "Heading 2"] == list(SCOPE_HEADINGS.values())
    found = {}
    for scope, heading in SCOPE_HEADINGS.items():
        at = heading_index(items, heading, "Heading 2")
        tables = [b.block for b in section_under(items, at) if not b.is_paragraph]
        assert len(tables) == 1, heading
        rows = table_rows(tables[0])
        assert rows[0] == ["Wie", "Actie", "Wanneer", "Status"]
        found[scope] = rows[1:]
    return found


@pytest.mark.parametrize("number", [1, 2])
def test_each_action_with_owner_date_and_status_in_its_scope_table(
        request, number) -> None:
    document = request.getfixturevalue("demo_b1") if number == 1 else \
        request.getfixturevalue("demo_b2")[1]
    card = demo_card()
    # The verslag of a bijeenkomst lists the actions agreed there (earlier ones are under
    # "Sinds bijeenkomst 1" with their status).
    shown = {"b1"} if number == 1 else {"b2"}
    tables = action_tables(document)
    for scope in ActionScope:
        expected = [[owner_name(card, a), a.text,
                     a.due.strftime("%d-%m-%Y") if a.due else "", STATUS[a.status]]
                    for a in card.actions.values() if a.scope is scope and a.bijeenkomst in shown]
        assert expected, scope
        assert sorted(tables[scope]) == sorted(expected), scope
    owners = [row[0] for row in tables[ActionScope.INDIVIDUEEL]]
    assert owners == sorted(owners, key=str.casefold), "individual actions by name"
    # A spot check in the facilitator's own terms.
    assert (["Yusuf Demir", "Ik loop in november een dienst mee met de wijkagent",
            "30-11-2026", "bezig"] in tables[ActionScope.INDIVIDUEEL]) is (number == 1)
    later = "Ik leg het verzoek om een wijkbudget voor aan de wethouder"
    in_tables = [row[1] for rows in tables.values() for row in rows]
    assert (later in in_tables) is (number == 2), "an action of a later bijeenkomst"


# -- 6. the landscape card -------------------------------------------------------------------
def test_the_whole_card_stands_in_a_landscape_section_in_paper_order(demo_b1) -> None:
    sections = demo_b1.sections
    assert len(sections) == 2, "the report upright, the card (Bijlage 2) turned"
    assert sections[0].orientation == WD_ORIENT.PORTRAIT
    assert section_size_cm(sections[0]) == (21.0, 29.7)

    items = blocks(demo_b1)
    card_tables = [b for b in items if not b.is_paragraph and
                   [c.text for c in b.block.rows[0].cells][0] == "Stap 5: Acties"]
    assert len(card_tables) == 1
    placed = card_tables[0]
    landscape = sections[placed.section]
    assert landscape.orientation == WD_ORIENT.LANDSCAPE
    assert section_size_cm(landscape) == (29.7, 21.0)
    heading = items[heading_index(items, "Bijlage 2: De hele kaart", "Heading 1")]
    assert heading.section == placed.section == len(sections) - 1
    assert [b.section for b in items if b.text == "Afspraken"] == [0]

    table = placed.block
    assert [c.text for c in table.rows[0].cells] == [
        "Stap 5: Acties", "Stap 4: Voorwaarden", "Stap 3: Handelen", "Stap 2: Relaties",
        "Stap 1: Waarden"]
    assert [s for s in PAPER_ORDER] == [Step.ACTIES, Step.VOORWAARDEN, Step.HANDELEN,
                                        Step.RELATIES, Step.WAARDEN]
    places = {Step.HANDELEN: [1, 2, 3, 3]}
    for cell, step in zip(table.rows[1].cells, PAPER_ORDER):
        lines = [p.text for p in cell.paragraphs]
        titles = [title_of(line) for line in DEMO_B1_TOPS[step][1]]
        if step is Step.HANDELEN:  # on the card each theme of the shared place has its line
            titles = titles[:2] + ["Bewoners actief en in gewone taal betrekken",
                                   "Samen leren en regelmatig evalueren"]
        numbers = places.get(step, range(1, len(titles) + 1))
        assert lines[:len(titles)] == [f"{n}. {t}" for n, t in zip(numbers, titles)], step
        assert len(lines) > len(titles), f"{step}: the rest of the card follows the top"


# -- 7. page numbers, language, styles ------------------------------------------------------
def test_page_numbers_dutch_and_word_styles(demo_b1) -> None:
    first = demo_b1.sections[0].footer
    footer_xml = first._element.xml
    fields = [f.get(qn("w:instr")) for f in first._element.iter(qn("w:fldSimple"))]
    codes = [t.text for t in first._element.iter(qn("w:instrText"))]
    assert any("PAGE" in (code or "").split() for code in fields + codes), footer_xml
    for section in demo_b1.sections[1:]:
        # Later sections either inherit that footer or carry their own page number.
        assert section.footer.is_linked_to_previous or "PAGE" in section.footer._element.xml

    lang = demo_b1.styles.element.find(qn("w:docDefaults")).find(
        qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "nl-NL"

    used = {p.style.name for p in demo_b1.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "List Number", "List Bullet"} <= used
    for name in ("Title", "Heading 1", "Heading 2", "List Number", "List Bullet"):
        assert demo_b1.styles[name].builtin, name
    table_styles = {t.style.name for t in demo_b1.tables if t.style is not None}
    assert table_styles == {"Verslag tabel"}, "every table in the one table style"
    assert demo_b1.styles["Verslag tabel"].base_style.name == "Table Grid"


# -- 8. empty steps, long text, emoji, control characters ----------------------------------
LONG = ("Lang verhaal over de wijk en wat de bewoners ervan merken. " * 90)[:4995] + "EINDE"
EMOJI = "Samen 🤝 sterk 👩🏽‍🤝‍👩🏻 in de wijk 🎉"


def edge_case_card() -> Card:
    """A card as a facilitator may leave it: an empty step, a 5,000-character paste, emoji,
    and control characters that slipped past clean_text (records put directly)."""
    card = Card(SessionInfo(title="Team\x01 Randgevallen", team="Team\x07 Rand",
                            wijk="Wijk\x1b Oost", facilitators=("Pien\x0b Vos",)))
    card.put(Participant("p1", "Noor\x02 Haddou", "Welzijn\x03"))
    card.put(Bijeenkomst("b1", 1, date(2026, 3, 2), "Buurthuis\x0c"))
    card.put(Bijeenkomst("b2", 2, date(2026, 4, 6)))
    card.put(Attendance("p1", "b1", AttendanceStatus.AANWEZIG))
    card.put(Entry("e1", Step.WAARDEN, LONG, "b1"))
    card.put(Entry("e2", Step.RELATIES, EMOJI, "b1", participant="p1"))
    card.put(Entry("e3", Step.VOORWAARDEN,
                   "Veilig\x01\x02\x0b\x0c\x1b werken\x08\ud83d\ufffe", "b1"))
    card.put(Theme("t1", Step.ACTIES, "Thema\x0b met stuurteken", "b1"))
    card.put(Entry("e4", Step.ACTIES, "Actie\x1f bijdrage", "b1", theme="t1"))
    card.put(Vote("v1", "b1", 2, entry="e1"))
    card.put(Vote("v2", "b1", 1, entry="e2"))
    card.put(Vote("v3", "b1", 1, theme="t1"))
    card.put(Action("a1", ActionScope.INDIVIDUEEL, "Bellen\x0c met de school 📞", "b1",
                    owner="p1", due=date(2026, 4, 1), note="Gebeld\x01"))
    return card


@pytest.fixture(scope="module")
def edge_case(tmp_path_factory):
    return export(tmp_path_factory.mktemp("edge"), edge_case_card(), 1)


def test_control_characters_do_not_break_the_document(edge_case) -> None:
    path, document = edge_case
    Document(str(path))  # opens again
    texts = visible_texts(document) + core_texts(document)
    assert not [t for t in texts if FORBIDDEN.search(t)]
    assert not FORBIDDEN.search(raw_xml_text(path))
    all_text = "\n".join(texts)
    assert document.paragraphs[0].text == "Team Randgevallen"
    assert document.core_properties.title == "Team Randgevallen"
    for shown in ("Veilig werken", "Thema met stuurteken", "Actie bijdrage",
                  "Bellen met de school 📞", "Noor Haddou", "Wijk: Wijk Oost"):
        assert shown in all_text, shown


def test_an_empty_step_says_geen_bijdragen(edge_case) -> None:
    _, document = edge_case
    under = step_blocks(document, Step.HANDELEN)
    assert [b.text for b in under] == [QUESTIONS[Step.HANDELEN], "Geen bijdragen."]
    card_table = next(t for t in document.tables
                      if t.rows[0].cells[0].text == "Stap 5: Acties")
    handelen = card_table.rows[1].cells[PAPER_ORDER.index(Step.HANDELEN)]
    assert handelen.text == "Geen bijdragen."


def test_a_5000_character_entry_and_emoji_appear_whole(edge_case) -> None:
    _, document = edge_case
    assert len(LONG) == 5000
    _, numbered = top_list(document, Step.WAARDEN)
    assert [p.text for p in numbered] == [f"{LONG} (2 stemmen)"]
    bullets = [b.text for b in step_blocks(document, Step.WAARDEN) if b.style == "List Bullet"]
    assert bullets == [LONG]
    _, numbered = top_list(document, Step.RELATIES)
    assert [p.text for p in numbered] == [f"{EMOJI} (1 stem)"]
    bullets = [b.text for b in step_blocks(document, Step.RELATIES)
               if b.style == "List Bullet"]
    assert bullets == [f"{EMOJI} (Noor Haddou)"]
    card_table = next(t for t in document.tables
                      if t.rows[0].cells[0].text == "Stap 5: Acties")
    # On the card it is shortened, with a pointer to where it stands whole.
    waarden = card_table.rows[1].cells[PAPER_ORDER.index(Step.WAARDEN)]
    shortened = waarden.paragraphs[0].text
    assert shortened.startswith(f"1. {LONG[:200]}") and len(shortened) < 400
    assert shortened.endswith(" … (volledig onder Stap 1: Waarden)"), shortened[-60:]


# -- 9. anonymous ---------------------------------------------------------------------------
PARTICLES = {"van", "de", "der", "den", "el", "ten", "ter", "la"}


def name_patterns(card: Card) -> dict[str, re.Pattern]:
    """Full name, first name, last name (with and without its particles) of everyone."""
    patterns = {}
    for person in card.participants.values():
        words = person.name.split()
        forms = {person.name, words[0], words[-1], " ".join(words[1:])}
        for form in forms:
            if form and form.lower() not in PARTICLES:
                patterns[form] = re.compile(rf"(?<!\w){re.escape(form)}(?!\w)")
    return patterns


def names_found(card: Card, text: str) -> list[str]:
    return sorted(form for form, pattern in name_patterns(card).items()
                  if pattern.search(text))


def test_anonymous_verslag_holds_no_participant_name_anywhere(demo_b2_anonymous) -> None:
    path, document = demo_b2_anonymous
    card = demo_card()
    assert path.name.endswith("-anoniem.docx")
    assert names_found(card, "\n".join(visible_texts(document))) == []
    assert names_found(card, "\n".join(core_texts(document))) == []
    assert names_found(card, raw_xml_text(path)) == []
    # People are still told apart: organisation and initial (the actions of bijeenkomst
    # 1 stand with their status under "Sinds bijeenkomst 1").
    owners = {cells[0] for table in document.tables for cells in table_rows(table)}
    for person in card.participants.values():
        assert f"{person.organisation} ({person.name[0]}.)" in owners, person.name
    bullets = [b.text for b in step_blocks(document, Step.WAARDEN) if b.style == "List Bullet"]
    assert ("we na een jaar weten hoe de ander werkt en waarom (Sociaal wijkteam (S.))"
            in bullets)


def test_without_anoniem_the_names_are_there(demo_b2) -> None:
    path, document = demo_b2
    card = demo_card()
    found = names_found(card, "\n".join(visible_texts(document)))
    for person in card.participants.values():
        assert person.name in found, person.name
    assert "Sanne Bakker" in raw_xml_text(path)


# -- 10. an evaluation bijeenkomst ----------------------------------------------------------
@pytest.fixture(scope="module")
def evaluation(tmp_path_factory):
    """The demo session in a data folder, an evaluation started through the Workshop, one
    step voted on in it and one action reported back on."""
    folder = DataFolder(tmp_path_factory.mktemp("eval") / "data").ensure()
    from kaart_tui.demo import create_demo

    workshop = Workshop(create_demo(folder), templates_dir=folder.templates_dir)
    try:
        added = workshop.apply(operations.add_bijeenkomst(
            workshop.card, date(2027, 5, 18), "Wijkcentrum De Kapel", evaluation=True))
        bijeenkomst = workshop.card.bijeenkomsten[added.focus]
        entry = Entry("e-eval", Step.WAARDEN, "We zijn echt één team geworden",
                      bijeenkomst.id)
        done = replace(workshop.card.actions["a-02"], status=ActionStatus.GEDAAN,
                       note="Dienst meegelopen op 12 november")
        workshop.apply(Change("evaluatie", put=(
            entry, Vote("v-eval", bijeenkomst.id, 6, entry="e-eval"), done)))
        card = workshop.card.copy()
        slug = workshop.name
    finally:
        workshop.close()
    path = export_verslag(card, slug, folder.exports_dir, folder.templates_dir, 3)
    return card, Document(str(path))


def terugblik(document):
    items = blocks(document)
    at = heading_index(items, "Terugblik: toen en nu", "Heading 1")
    under = section_under(items, at)
    tables = [b.block for b in under if not b.is_paragraph]
    assert len(tables) == 2, "toen/nu and the action statuses"
    return items, at, table_rows(tables[0]), table_rows(tables[1])


def test_evaluation_shows_toen_and_nu_and_the_action_statuses(evaluation) -> None:
    card, document = evaluation
    assert "Verslag van evaluatiebijeenkomst 3" in [p.text for p in document.paragraphs]
    h1 = headings(document, "Heading 1")
    assert h1.index("Acties") < h1.index("Terugblik: toen en nu") < h1.index("Afspraken") \
        < h1.index("Bijlage 2: De hele kaart")
    items, _, then_now, statuses = terugblik(document)
    assert then_now[0] == ["Stap", "Toen (bijeenkomst 2)", "Nu"]
    assert [row[0] for row in then_now[1:]] == STEP_HEADINGS
    for step, row in zip(FILL_ORDER, then_now[1:]):
        top = votes_in(card, "b2", step)[:TEMPLATE.step(step).top_n]
        assert row[1] == "\n".join(f"{i}. {t}" for i, (t, _) in enumerate(top, start=1)), step
    assert then_now[1][2] == "1. We zijn echt één team geworden"

    assert statuses[0] == ["Wie", "Actie", "Status", "Toelichting"]
    earlier = [a for a in card.actions.values() if a.bijeenkomst in ("b1", "b2")]
    assert sorted(statuses[1:]) == sorted(
        [owner_name(card, a), a.text, STATUS[a.status], a.note or ""] for a in earlier)
    assert ["Yusuf Demir", "Ik loop in november een dienst mee met de wijkagent", "gedaan",
            "Dienst meegelopen op 12 november"] in statuses


def test_evaluation_nu_is_empty_for_a_step_not_voted_on_in_the_evaluation(evaluation) -> None:
    _, document = evaluation
    _, _, then_now, _ = terugblik(document)
    for row in then_now[2:]:  # steps 2-5 were not voted on in the evaluation
        assert row[2] == "(nog geen uitslag)", row


# -- 11. agreements and summary -------------------------------------------------------------
def agreements(document) -> list:
    items = blocks(document)
    return section_under(items, heading_index(items, "Afspraken", "Heading 1"))


@pytest.mark.parametrize("number", [1, 2])
def test_agreements_name_the_next_bijeenkomst_and_the_open_actions(request, number) -> None:
    document = request.getfixturevalue("demo_b1") if number == 1 else \
        request.getfixturevalue("demo_b2")[1]
    card = demo_card()
    under = agreements(document)
    texts = [b.text for b in under]
    if number == 1:
        assert texts[0] == ("De volgende bijeenkomst is op dinsdag 3 november 2026 in "
                            "Wijkcentrum De Kapel.")
    else:
        assert "nog niet vastgelegd" in texts[0]
    assert [b.text for b in under if b.style == "Heading 2"] == ["Openstaande acties"]
    bullets = [b.text for b in under if b.style == "List Bullet"]
    shown = {"b1"} if number == 1 else {"b1", "b2"}
    pending = [a for a in card.actions.values()
               if a.bijeenkomst in shown and a.status is not ActionStatus.GEDAAN]
    assert len(bullets) == len(pending)
    for action, bullet in zip(pending, bullets):
        expected = f"{owner_name(card, action)}: {action.text}"
        if action.due:
            expected += f" (voor {action.due.strftime('%d-%m-%Y')})"
        assert bullet == expected
    for action in card.actions.values():
        if action.status is ActionStatus.GEDAAN:
            assert not any(action.text in b for b in bullets), action.text


def test_summary_names_the_number_present_and_each_steps_winner(demo_b1) -> None:
    card = demo_card()
    items = blocks(demo_b1)
    under = section_under(items, heading_index(items, "Samenvatting", "Heading 1"))
    summary = " ".join(b.text for b in under)
    statuses = [a.status for a in card.attendance.values() if a.bijeenkomst == "b1"]
    present = statuses.count(AttendanceStatus.AANWEZIG)
    absent = statuses.count(AttendanceStatus.AFWEZIG)
    assert (f"Op dinsdag 6 oktober 2026 waren {present} personen aanwezig "
            f"({absent} afwezig).") in summary
    positions = []
    for step in FILL_ORDER:
        winner = title_of(DEMO_B1_TOPS[step][1][0])
        assert winner in summary, step
        positions.append(summary.index(winner))
    assert positions == sorted(positions), "steps 1 to 5 in order"
    scores = [s.score for s in card.scores.values() if s.bijeenkomst == "b1"]
    average = f"{sum(scores) / len(scores):.1f}".replace(".", ",")
    assert f"gemiddeld een {average}" in summary


def test_no_votes_no_top_and_no_actions_are_said_plainly(tmp_path) -> None:
    """A first bijeenkomst with entries but no voting yet: no empty "Top 3", no bars."""
    card = Card(SessionInfo.create("Team Nieuw", "Team Nieuw"))
    card.put(Bijeenkomst("b1", 1, date(2026, 1, 12)))
    card.put(Entry("e1", Step.WAARDEN, "We kennen elkaar bij naam", "b1"))
    _, document = export(tmp_path, card, None)
    under = step_blocks(document, Step.WAARDEN)
    assert not [b for b in under if b.text.startswith("Top ")]
    assert not [b for b in under if not b.is_paragraph]
    assert "We kennen elkaar bij naam" in [b.text for b in under if b.style == "List Bullet"]
    items = blocks(document)
    acties = section_under(items, heading_index(items, "Acties", "Heading 1"))
    assert [b.text for b in acties if b.text] == ["Er zijn nog geen acties afgesproken."]
    assert [b.text for b in agreements(document)][0] == (
        "De datum van de volgende bijeenkomst is nog niet vastgelegd.")


def test_agreements_do_not_claim_finished_actions_when_there_are_none(tmp_path) -> None:
    card = Card(SessionInfo.create("Team Nieuw", "Team Nieuw"))
    card.put(Bijeenkomst("b1", 1, date(2026, 1, 12)))
    _, document = export(tmp_path, card, None)
    assert "Alle acties zijn afgerond." not in [b.text for b in agreements(document)]

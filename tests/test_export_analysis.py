"""The cross-team analysis (issue 9) as the researcher receives it: a Word document read
back cell by cell with python-docx, and a CSV read back with the csv module.

Three small sessions are built here through the real store (cards, then the Labeling
records put through the session store, then the folder's label file renamed and merged),
so every expected cell below follows from the data in ``build_folder`` by hand:

=======================  ==================  =================  ==================
label                    Kamperpoort         Dieze              Holtenbroek
=======================  ==================  =================  ==================
veiligheid en vertrouwen top 1 (st. 1),      top 1 via merged   genoemd 1
                         top 3 via an entry  "vertrouwen"
integraal plan           top 1               genoemd 1 (theme   —
                                             0 votes + entry)
bewoners betrekken       top 1               —                  top 2
elkaar leren kennen      genoemd 1, top 2    —                  top 2
                         (loose entry), top 5
buiten de lijntjes       top 3 (voted in     top 3              top 5
                         bijeenkomst 2)
samen leren (renamed)    —                   genoemd 3          —
=======================  ==================  =================  ==================
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT

from kaart_tui.domain.labels import add_label, merge_labels, rename_label
from kaart_tui.domain.model import (
    Attendance,
    AttendanceStatus,
    Bijeenkomst,
    Card,
    Entry,
    Labeling,
    Participant,
    Score,
    SessionInfo,
    Theme,
    Vote,
)
from kaart_tui.domain.steps import Step
from kaart_tui.export import analysis as analysis_module
from kaart_tui.export.verslag import ExportError
from kaart_tui.store import DataFolder, StoreError
from kaart_tui.teams import write_team_analysis as write_analysis
from tests.docx_reading import (
    blocks,
    heading_index,
    headings,
    raw_xml_text,
    section_size_cm,
    section_under,
    table_rows,
)
from tests.records import write

TEAMS = ["Kamperpoort", "Dieze", "Holtenbroek"]
SLUGS = ["kamperpoort-2023", "dieze-2023", "holtenbroek-2023"]
TODAY = date.today().isoformat()
STEP_HEADINGS = ["Stap 1: Waarden", "Stap 2: Relaties", "Stap 3: Handelen",
                 "Stap 4: Voorwaarden", "Stap 5: Acties"]
HEADER = ["Label", *TEAMS, "Aantal"]

# -- the expected tables, written out by hand from build_folder ---------------------------
LABEL_TABLES = {
    1: [HEADER,
        ["veiligheid en vertrouwen", "top 3", "top 3", "genoemd", "in 3 teams"],
        ["integraal plan", "top 3", "genoemd", "—", "in 2 teams"],
        ["bewoners betrekken", "top 3", "—", "—", "in 1 team"],
        ["elkaar leren kennen", "genoemd", "—", "—", "in 1 team"]],
    2: [HEADER,
        ["elkaar leren kennen", "top 3", "—", "top 3", "in 2 teams"],
        ["bewoners betrekken", "—", "—", "top 3", "in 1 team"]],
    3: [HEADER,
        ["buiten de lijntjes", "top 3", "top 3", "—", "in 2 teams"],
        ["veiligheid en vertrouwen", "top 3", "—", "—", "in 1 team"],
        ["samen leren en evalueren", "—", "genoemd", "—", "in 1 team"]],
    5: [HEADER,
        ["buiten de lijntjes", "—", "—", "top 5", "in 1 team"],
        ["elkaar leren kennen", "top 5", "—", "—", "in 1 team"]],
}
TOPS = {
    1: ["1. Er is veiligheid en vertrouwen\n2. Eén wijkplan; samen “integraal”\n"
        "3. Bewoners merken het verschil", "1. Vertrouwen in elkaar", "(geen uitslag)"],
    2: ["1. Elkaar opzoeken buiten kantoor\n2. Informatie delen", "(geen uitslag)",
        "1. Kennismaken met elkaars werk"],
    3: ["1. Buiten de gebaande paden", "1. Out of the box", "(geen uitslag)"],
    4: ["1. Tijd en mandaat", "1. + meer tijd", "(geen uitslag)"],
    5: ["1. Aanwezig zijn in de wijk", "(geen uitslag)", "1. Buurtwandeling"],
}
CROSS_CUTTING = [
    ["Label", "Stappen", "Teams", "In alle teams", "Waar"],
    ["buiten de lijntjes", "3, 5", "Kamperpoort, Dieze, Holtenbroek", "in alle teams",
     "Kamperpoort: stap 3\nDieze: stap 3\nHoltenbroek: stap 5"],
    ["veiligheid en vertrouwen", "1, 3", "Kamperpoort, Dieze, Holtenbroek", "in alle teams",
     "Kamperpoort: stap 1, 3\nDieze: stap 1\nHoltenbroek: stap 1"],
    ["elkaar leren kennen", "1, 2, 5", "Kamperpoort, Holtenbroek", "in 2 van 3 teams",
     "Kamperpoort: stap 1, 2, 5\nHoltenbroek: stap 2"],
    ["bewoners betrekken", "1, 2", "Kamperpoort, Holtenbroek", "in 2 van 3 teams",
     "Kamperpoort: stap 1\nHoltenbroek: stap 2"],
]
PRESENCE = [
    ["Team", "Bijeenkomst", "Aanwezig", "Score (gemiddeld)"],
    ["Kamperpoort", "1", "3 personen", "6,5"],
    ["Kamperpoort", "2", "2 personen (1 afwezig)", "7,5"],
    ["Dieze", "1", "1 persoon (1 afwezig)", "—"],
    ["Holtenbroek", "1", "geen aanwezigheid genoteerd", "5,0"],
]


# -- building the sessions ----------------------------------------------------------------
def _session(title: str, team: str) -> Card:
    return Card(SessionInfo.create(title, team, wijk=team, facilitators=["Anna"]))


def _add(card: Card, *records) -> None:
    for record in records:
        card.put(record)


def _votes(card: Card, bijeenkomst: str, **counts: int) -> None:
    """Tallies: keyword = theme or entry id (entries start with "e")."""
    for target, count in counts.items():
        kind = "entry" if target.startswith("e") else "theme"
        card.put(Vote(f"v-{target}-{bijeenkomst}", bijeenkomst, count, **{kind: target}))


def build_folder(root: Path) -> DataFolder:
    folder = DataFolder(root).ensure()
    ids: dict[str, str] = {}

    def label(name: str):
        def change(vocabulary):
            vocabulary, made = add_label(vocabulary, name)
            ids[name] = made.id
            return vocabulary
        return change

    for name in ("veiligheid en vertrouwen", "integraal plan", "elkaar leren kennen",
                 "buiten de lijntjes", "bewoners betrekken", "vertrouwen", "samen leren",
                 "nooit gebruikt"):
        folder.labels.update(label(name))
    VV, IP, EK, BL, BB, VT, SL = (ids[n] for n in (
        "veiligheid en vertrouwen", "integraal plan", "elkaar leren kennen",
        "buiten de lijntjes", "bewoners betrekken", "vertrouwen", "samen leren"))

    # Kamperpoort: two bijeenkomsten, step 3 voted in the second.
    a = _session("Kamperpoort 2023", "Kamperpoort")
    _add(a, Participant("pa1", "Ans", "Travers"), Participant("pa2", "Bert", "Travers"),
         Participant("pa3", "Cas", "Politie"),
         Bijeenkomst("ba1", 1, date(2023, 3, 1)), Bijeenkomst("ba2", 2, date(2023, 4, 5)))
    for pid in ("pa1", "pa2", "pa3"):
        a.put(Attendance(pid, "ba1", AttendanceStatus.AANWEZIG))
    _add(a, Attendance("pa1", "ba2", AttendanceStatus.AANWEZIG),
         Attendance("pa2", "ba2", AttendanceStatus.AANWEZIG),
         Attendance("pa3", "ba2", AttendanceStatus.AFWEZIG),
         Score("pa1", "ba1", 6), Score("pa2", "ba1", 7),
         Score("pa1", "ba2", 8), Score("pa2", "ba2", 7),
         Theme("ta1", Step.WAARDEN, "Er is veiligheid en vertrouwen", "ba1"),
         Theme("ta2", Step.WAARDEN, "Eén wijkplan; samen “integraal”", "ba1"),
         Theme("ta3", Step.WAARDEN, "Bewoners merken het verschil", "ba1"),
         Theme("ta4", Step.WAARDEN, "We kennen elkaar", "ba1"),
         Entry("ea1", Step.RELATIES, "Elkaar opzoeken buiten kantoor", "ba1", "pa1"),
         Theme("ta5", Step.RELATIES, "Informatie delen", "ba1"),
         Theme("ta6", Step.HANDELEN, "Buiten de gebaande paden", "ba2"),
         Entry("ea2", Step.HANDELEN, "Regels soms loslaten", "ba2", "pa2", theme="ta6"),
         Theme("ta7", Step.VOORWAARDEN, "Tijd en mandaat", "ba1"),
         Theme("ta8", Step.ACTIES, "Aanwezig zijn in de wijk", "ba2"))
    _votes(a, "ba1", ta1=5, ta2=4, ta3=3, ea1=3, ta5=2, ta7=2)
    _votes(a, "ba2", ta6=4, ta8=6)

    # Dieze: one bijeenkomst, a label later merged, one later renamed.
    b = _session("Dieze 2023", "Dieze")
    _add(b, Participant("pb1", "Dirk", "Gemeente"), Participant("pb2", "Els", "Welzijn"),
         Bijeenkomst("bb1", 1, date(2023, 3, 8)),
         Attendance("pb1", "bb1", AttendanceStatus.AANWEZIG),
         Attendance("pb2", "bb1", AttendanceStatus.AFWEZIG),
         Theme("tb1", Step.WAARDEN, "Vertrouwen in elkaar", "bb1"),
         Theme("tb2", Step.WAARDEN, "Integraal werken", "bb1"),
         Entry("eb1", Step.WAARDEN, "Een plan voor de hele wijk", "bb1"),
         Theme("tb3", Step.HANDELEN, "Out of the box", "bb1"),
         Theme("tb4", Step.HANDELEN, "Samen leren", "bb1"),
         Theme("tb5", Step.VOORWAARDEN, "+ meer tijd", "bb1"))
    _votes(b, "bb1", tb1=4, tb3=2, tb5=1)

    # Holtenbroek: no attendance recorded, step 1 not voted.
    c = _session("Holtenbroek 2023", "Holtenbroek")
    _add(c, Participant("pc1", "Fleur", "Woningcorporatie"),
         Bijeenkomst("bc1", 1, date(2023, 3, 15)), Score("pc1", "bc1", 5),
         Theme("tc1", Step.WAARDEN, "Veilig voelen", "bc1"),
         Theme("tc2", Step.RELATIES, "Kennismaken met elkaars werk", "bc1"),
         Entry("ec1", Step.ACTIES, "Buurtwandeling", "bc1"))
    _votes(c, "bc1", tc2=3, ec1=2)

    labelings = {
        "kamperpoort-2023": [("theme:ta1", (VV,)), ("theme:ta2", (IP,)), ("theme:ta3", (BB,)),
                             ("theme:ta4", (EK,)), ("entry:ea1", (EK,)),
                             ("theme:ta6", (BL,)), ("entry:ea2", (VV,)),
                             ("theme:ta8", (EK,))],
        "dieze-2023": [("theme:tb1", (VT,)), ("theme:tb2", (IP,)), ("entry:eb1", (IP,)),
                       ("theme:tb3", (BL,)), ("theme:tb4", (SL,))],
        "holtenbroek-2023": [("theme:tc1", (VV,)), ("theme:tc2", (EK, BB)),
                             ("entry:ec1", (BL,))],
    }
    for card in (a, b, c):
        store = folder.create(card)
        try:
            write(store, put=[Labeling(t, lab) for t, lab in labelings[store.name]])
        finally:
            store.close()
    assert folder.slugs() == sorted(SLUGS)
    # After the labelling: a rename shows everywhere, a merge counts as its target.
    folder.labels.update(lambda v: rename_label(v, SL, "samen leren en evalueren"))
    folder.labels.update(lambda v: merge_labels(v, VT, VV))
    return folder


def snapshot(folder: DataFolder) -> dict[str, str]:
    """Every file under sessions/ (hidden folders too) and the label file, by content."""
    files = [*folder.sessions_dir.rglob("*"), folder.root / "labels.json"]
    return {str(p.relative_to(folder.root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in files if p.is_file()}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = build_folder(tmp_path_factory.mktemp("analyse") / "data")
    before = snapshot(folder)
    docx_path, csv_path = write_analysis(folder, SLUGS, None)
    return folder, before, docx_path, csv_path


@pytest.fixture(scope="module")
def document(written):
    return Document(str(written[2]))


@pytest.fixture(scope="module")
def csv_rows(written) -> list[list[str]]:
    raw = written[3].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte order mark: Excel would garble é"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def table_under(document, heading: str):
    items = blocks(document)
    under = section_under(items, heading_index(items, heading, "Heading 1"))
    tables = [item for item in under if not item.is_paragraph]
    assert len(tables) <= 1, heading
    return (tables[0].block, tables[0].section) if tables else (None, None), under


# -- the document --------------------------------------------------------------------------
def test_default_names_side_by_side_in_exports(written) -> None:
    folder, _, docx_path, csv_path = written
    assert docx_path == folder.exports_dir / f"analyse-{TODAY}.docx"
    assert csv_path == folder.exports_dir / f"analyse-{TODAY}.csv"


def test_title_intro_names_the_teams_and_headings_in_order(document) -> None:
    items = blocks(document)
    assert items[0].style == "Title" and items[0].text == "Analyse: kaarten naast elkaar"
    intro = items[1].text
    assert intro.startswith("Deze analyse legt de kaarten van 3 teams naast elkaar: "
                            "Kamperpoort, Dieze en Holtenbroek.")
    assert headings(document, "Heading 1") == [
        "Aanwezigheid en scoreronde per team", *STEP_HEADINGS, "De tops naast elkaar",
        "Overstijgende thema's"]


@pytest.mark.parametrize("number", [1, 2, 3, 5])
def test_labels_by_teams_per_step_cell_by_cell(document, number) -> None:
    (table, _), _ = table_under(document, STEP_HEADINGS[number - 1])
    assert table is not None
    assert table_rows(table) == LABEL_TABLES[number]


def test_a_step_without_labels_says_so_and_unused_labels_never_appear(document) -> None:
    (table, _), under = table_under(document, "Stap 4: Voorwaarden")
    assert table is None
    assert [b.text for b in under] == ["Geen gelabelde thema's of bijdragen in deze stap."]
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert "nooit gebruikt" not in cells
    # A merged label counts as the one it went into; a renamed one only by its new name.
    assert "vertrouwen" not in cells and "samen leren" not in cells
    assert "samen leren en evalueren" in cells


def test_tops_side_by_side_steps_as_rows_teams_as_columns(document) -> None:
    (table, _), _ = table_under(document, "De tops naast elkaar")
    rows = table_rows(table)
    assert rows[0] == ["Stap", *TEAMS]
    assert rows[1:] == [[STEP_HEADINGS[n - 1], *TOPS[n]] for n in range(1, 6)]


def test_cross_cutting_labels_with_the_every_team_mark_and_where(document) -> None:
    (table, _), _ = table_under(document, "Overstijgende thema's")
    assert table_rows(table) == CROSS_CUTTING
    # integraal plan is in two teams but one step: not cross-cutting.
    assert "integraal plan" not in [row[0] for row in table_rows(table)]


def test_presence_and_score_per_team_per_bijeenkomst(document) -> None:
    (table, _), _ = table_under(document, "Aanwezigheid en scoreronde per team")
    assert table_rows(table) == PRESENCE


def test_wide_tables_stand_in_a_landscape_a4_section(document) -> None:
    sections = document.sections
    assert section_size_cm(sections[0]) == (21.0, 29.7)
    for heading in (*STEP_HEADINGS[:3], "De tops naast elkaar", "Overstijgende thema's"):
        (_, index), _ = table_under(document, heading)
        assert sections[index].orientation == WD_ORIENT.LANDSCAPE, heading
        assert section_size_cm(sections[index]) == (29.7, 21.0), heading
    (_, index), _ = table_under(document, "Aanwezigheid en scoreronde per team")
    assert index == 0 and sections[0].orientation == WD_ORIENT.PORTRAIT
    assert len(sections) == 2
    # The footer with the page number carries on into the landscape section.
    assert sections[1].footer.is_linked_to_previous


def test_style_rules_of_the_verslag(written, document) -> None:
    xml = raw_xml_text(written[2])
    assert 'w:instr="PAGE"' in xml, "no page number field"
    assert 'w:lang w:val="nl-NL"' in xml
    assert document.core_properties.language == "nl-NL"
    # Every table fits its page inside the 2.5 cm margins (A4: 16 cm, landscape 24.7 cm).
    for item in blocks(document):
        if item.is_paragraph:
            continue
        section = document.sections[item.section]
        usable = section.page_width.cm - section.left_margin.cm - section.right_margin.cm
        widths = [column.width.cm for column in item.block.columns]
        assert all(width > 1.5 for width in widths), widths
        assert sum(widths) <= usable + 0.01, (widths, usable)
    assert {table.style.name for table in document.tables} == {"Light Grid Accent 1"}


# -- the CSV -------------------------------------------------------------------------------
def test_csv_header_and_label_rows_hold_the_same_facts_as_the_document(csv_rows) -> None:
    assert csv_rows[0] == ["tabel", "stap", "label", "team", "waarde"]
    labels = [row for row in csv_rows if row[0] == "labels"]
    expected = [["labels", str(number), row[0], team, cell]
                for number, table in LABEL_TABLES.items() for row in table[1:]
                for team, cell in zip(TEAMS, row[1:4])]
    assert labels == expected


def test_csv_tops_cross_cutting_presence_and_scores(csv_rows) -> None:
    tops = [row[1:] for row in csv_rows if row[0] == "top"]
    assert ["1", "Eén wijkplan; samen “integraal”", "Kamperpoort", "2"] in tops
    assert ["2", "Informatie delen", "Kamperpoort", "2"] in tops
    # A title a spreadsheet would run as a formula is kept as text.
    assert ["4", "'+ meer tijd", "Dieze", "1"] in tops
    assert len(tops) == sum(line.count(". ") for cells in TOPS.values() for line in cells
                            if line != "(geen uitslag)")
    crossing = [row[1:] for row in csv_rows if row[0] == "overstijgend"]
    assert ["3", "buiten de lijntjes", "Holtenbroek", "in alle teams"] not in crossing
    assert ["5", "buiten de lijntjes", "Holtenbroek", "in alle teams"] in crossing
    assert [r for r in crossing if r[1] == "veiligheid en vertrouwen"] == [
        ["1", "veiligheid en vertrouwen", "Kamperpoort", "in alle teams"],
        ["3", "veiligheid en vertrouwen", "Kamperpoort", "in alle teams"],
        ["1", "veiligheid en vertrouwen", "Dieze", "in alle teams"],
        ["1", "veiligheid en vertrouwen", "Holtenbroek", "in alle teams"]]
    assert ["2", "bewoners betrekken", "Holtenbroek", "in 2 van 3 teams"] in crossing
    assert not any(r[1] == "integraal plan" for r in crossing)
    assert [row[1:] for row in csv_rows if row[0] == "aanwezigheid"] == [
        ["", "bijeenkomst 1", "Kamperpoort", "3 personen"],
        ["", "bijeenkomst 2", "Kamperpoort", "2 personen (1 afwezig)"],
        ["", "bijeenkomst 1", "Dieze", "1 persoon (1 afwezig)"],
        ["", "bijeenkomst 1", "Holtenbroek", "geen aanwezigheid genoteerd"]]
    assert [row[1:] for row in csv_rows if row[0] == "score"] == [
        ["", "bijeenkomst 1", "Kamperpoort", "6,5"],
        ["", "bijeenkomst 2", "Kamperpoort", "7,5"],
        ["", "bijeenkomst 1", "Holtenbroek", "5,0"]]
    assert all(len(row) == 5 for row in csv_rows)


# -- safety --------------------------------------------------------------------------------
def test_sessions_and_labels_are_never_changed(written) -> None:
    folder, before, _, _ = written
    assert snapshot(folder) == before


def test_a_second_analysis_never_overwrites(written, tmp_path) -> None:
    folder, _, first_docx, first_csv = written
    root = tmp_path / "data"
    shutil.copytree(folder.root, root)
    copy = DataFolder(root)
    first = (root / "exports" / first_docx.name, root / "exports" / first_csv.name)
    contents = [p.read_bytes() for p in first]
    second = write_analysis(copy, SLUGS, None)
    assert second == (root / "exports" / f"analyse-{TODAY}-2.docx",
                      root / "exports" / f"analyse-{TODAY}-2.csv")
    assert [p.read_bytes() for p in first] == contents
    # Only the .csv of a name exists: the pair moves on together, nothing is overwritten.
    (root / "exports" / f"analyse-{TODAY}-3.csv").write_text("van mij", encoding="utf-8")
    third = write_analysis(copy, SLUGS, None)
    assert [p.name for p in third] == [f"analyse-{TODAY}-4.docx", f"analyse-{TODAY}-4.csv"]
    assert (root / "exports" / f"analyse-{TODAY}-3.csv").read_text(encoding="utf-8") == "van mij"


def test_output_as_a_file_name_or_a_folder(written, tmp_path) -> None:
    folder = written[0]
    out = tmp_path / "uit"
    out.mkdir()
    assert write_analysis(folder, SLUGS, out / "zwolle.docx") == (out / "zwolle.docx",
                                                                 out / "zwolle.csv")
    assert write_analysis(folder, SLUGS, out / "zwolle") == (out / "zwolle-2.docx",
                                                            out / "zwolle-2.csv")
    assert write_analysis(folder, SLUGS, out) == (out / f"analyse-{TODAY}.docx",
                                                  out / f"analyse-{TODAY}.csv")


def test_a_session_open_in_another_window_can_be_analysed(written, tmp_path) -> None:
    root = tmp_path / "data"
    shutil.copytree(written[0].root, root)
    copy = DataFolder(root)
    store = copy.open(SLUGS[0])  # the app holds the write lock
    try:
        docx_path, _ = write_analysis(copy, SLUGS, None)
    finally:
        store.close()
    assert docx_path.is_file()


def test_a_failed_write_leaves_neither_file(written, tmp_path, monkeypatch) -> None:
    calls = []

    def full_disk(path, data, backup=None):
        calls.append(path)
        if path.suffix == ".csv":
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, data, backup)

    real_write = analysis_module.atomic_write
    monkeypatch.setattr(analysis_module, "atomic_write", full_disk)
    out = tmp_path / "uit"
    out.mkdir()
    with pytest.raises(ExportError, match="de schijf is vol"):
        write_analysis(written[0], SLUGS, out / "a")
    assert [p.name for p in calls] == ["a.docx", "a.csv"]
    assert list(out.iterdir()) == []


def test_refusals_in_the_function(written, tmp_path) -> None:
    folder = written[0]
    with pytest.raises(ExportError, match="minstens twee"):
        write_analysis(folder, SLUGS[:1], None)
    with pytest.raises(ExportError, match="meer dan eens"):
        write_analysis(folder, [SLUGS[0], "Kamperpoort 2023"], None)
    with pytest.raises(StoreError, match="niet gevonden"):
        write_analysis(folder, [SLUGS[0], "bestaat-niet"], None)
    with pytest.raises(ExportError, match="bestaat niet"):
        write_analysis(folder, SLUGS, tmp_path / "nergens" / "analyse")


# -- the command line ----------------------------------------------------------------------
def kaart(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kaart_tui", "--data-dir", str(data_dir),
                           *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ})


def assert_user_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kaart: "), result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


@pytest.fixture
def cli_folder(written, tmp_path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(written[0].root, root)
    shutil.rmtree(root / "exports")
    (root / "exports").mkdir()
    return root


def test_cli_writes_both_files_and_prints_both_paths(cli_folder) -> None:
    result = kaart(cli_folder, "analyse", "kamperpoort-2023", "Dieze 2023",
                   "holtenbroek-2023.json")
    assert result.returncode == 0, result.stderr
    docx_path = cli_folder / "exports" / f"analyse-{TODAY}.docx"
    csv_path = cli_folder / "exports" / f"analyse-{TODAY}.csv"
    assert result.stdout.splitlines() == [f"Analyse geschreven: {docx_path}",
                                          f"Tabel voor een spreadsheet: {csv_path}"]
    rows = table_rows(table_under(Document(str(docx_path)), "Stap 1: Waarden")[0][0])
    assert rows == LABEL_TABLES[1]


def test_cli_output_option(cli_folder, tmp_path) -> None:
    result = kaart(cli_folder, "analyse", *SLUGS, "-o", str(tmp_path / "zwolle"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "zwolle.docx").is_file() and (tmp_path / "zwolle.csv").is_file()


def test_cli_refuses_a_single_session(cli_folder) -> None:
    assert_user_error(kaart(cli_folder, "analyse", SLUGS[0]), "minstens twee")
    assert list((cli_folder / "exports").iterdir()) == []


def test_cli_refuses_an_unknown_session(cli_folder) -> None:
    assert_user_error(kaart(cli_folder, "analyse", SLUGS[0], "zwolle-zuid"),
                      "zwolle-zuid", "niet gevonden")
    assert list((cli_folder / "exports").iterdir()) == []


@pytest.mark.parametrize("suffix", ["", "/"])
def test_cli_refuses_a_missing_output_folder(cli_folder, tmp_path, suffix) -> None:
    missing = tmp_path / "bestaat-niet" / ("analyse" if not suffix else "map")
    result = kaart(cli_folder, "analyse", *SLUGS, "-o", str(missing) + suffix)
    assert_user_error(result, "bestaat niet")
    assert not (tmp_path / "bestaat-niet").exists()


# -- a real office suite ---------------------------------------------------------------------
def test_libreoffice_converts_the_analysis_to_pdf(written, tmp_path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is niet geïnstalleerd")
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
         str(written[2])], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stdout + result.stderr, result.stdout + result.stderr
    pdf = tmp_path / "pdf" / f"{written[2].stem}.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is not None:
        info = subprocess.run([pdfinfo, "-f", "1", "-l", "999", str(pdf)],
                              capture_output=True, text=True, timeout=60, check=True).stdout
        sizes = {(round(float(w)), round(float(h))) for w, h in
                 re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info, re.M)}
        assert sizes == {(595, 842), (842, 595)}, sizes  # A4 portrait and landscape

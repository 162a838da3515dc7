"""The cross-team analysis as a Word document and as a CSV for spreadsheets.

What researchers did by hand for seeds 000 and 001: the teams' cards side by side. The
document follows the verslag's rules (Word's own styles, A4, Dutch, page numbers, fixed
column widths); the wide tables stand in a landscape section.

The CSV is one long table (``tabel;stap;label;team;waarde``), semicolon-separated and
UTF-8 with a byte order mark, so Excel with Dutch settings opens it in columns with the
accents intact. Its ``tabel`` column says which table a row belongs to:

- ``labels``: stap, label, team, waarde "top 3" (or "top 5") / "genoemd" / "—";
- ``top``: stap, the title in the top (in ``label``), team, waarde its number in the top;
- ``overstijgend``: stap, label, team, waarde "in alle teams" or "in 2 van 3 teams";
- ``aanwezigheid``: "bijeenkomst N" in ``label``, team, waarde "9 personen (3 afwezig)";
- ``score``: "bijeenkomst N" in ``label``, team, waarde the average score ("6,5").
"""

from __future__ import annotations

import csv
import io
import os
from datetime import date
from pathlib import Path

from docx.document import Document as DocumentType

from kaart_tui.domain.analysis import Analysis, Presence, Team, analyse, presence_text
from kaart_tui.domain.labels import Vocabulary
from kaart_tui.domain.steps import FILL_ORDER, Step
from kaart_tui.domain.templates import CardTemplate
from kaart_tui.dutch import decimal
from kaart_tui.export.docx_tools import (
    new_section,
    set_up_document,
    xml_safe,
)
from kaart_tui.export.docx_writer import DocWriter
from kaart_tui.export.verslag import ExportError
from kaart_tui.safe_files import atomic_write, describe_os_error
from kaart_tui.template_files import load_with_override

# A built-in Word table style (the verslag has its own, see docx_writer).
TABLE_STYLE = "Light Grid Accent 1"

TITLE = "Analyse: kaarten naast elkaar"
CSV_HEADER = ("tabel", "stap", "label", "team", "waarde")
NO_TOP = "(geen uitslag)"
NO_ATTENDANCE = "geen aanwezigheid genoteerd"
NO_SCORE = "—"
# Usable width (cm) of a landscape A4 page inside the verslag's 2.5 cm margins.
LANDSCAPE_WIDTH = 29.7 - 2 * 2.5
# A cell starting with one of these is a formula to a spreadsheet ("=..." , "+ meer tijd").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# -- words shared by the document and the CSV ---------------------------------------------
def cell_text(cell: Presence, step: Step, template: CardTemplate | None) -> str:
    """"top 3" (or the step's own top size, "top 5" for the actions), "genoemd", "—"."""
    return presence_text(cell, template.step(step).top_n if template else 3)


def teams_text(count: int) -> str:
    return f"in {count} team" if count == 1 else f"in {count} teams"


def every_team_text(present: int, total: int) -> str:
    return "in alle teams" if present == total else f"in {present} van {total} teams"


def _join(names: list[str]) -> str:
    """"A", "A en B", "A, B en C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " en " + names[-1]


def _step_numbers(steps) -> str:
    return ", ".join(str(step.number) for step in steps)


# -- the Word document --------------------------------------------------------------------
# A document property (title, subject) holds at most 255 characters (python-docx, Word).
PROPERTY_LIMIT = 255


class _Builder(DocWriter):
    """The analysis through the verslag's writer (docx_writer): its fast paragraphs,
    headings and tables, in a built-in table style with that style's own look."""

    def __init__(self, analysis: Analysis, template: CardTemplate) -> None:
        super().__init__(own_table_style=False)
        self.analysis = analysis
        self.template = template

    def build(self) -> DocumentType:
        self._setup()
        self._intro()
        self._presence()  # narrow: on the portrait first page, beside the introduction
        self._landscape()
        for step in FILL_ORDER:
            self._step(step)
        self._tops()
        self._cross_cutting()
        return self.document

    def _setup(self) -> None:
        subject = "Kaarten van " + _join(list(self.analysis.teams))
        if len(subject) > PROPERTY_LIMIT:  # Word's core properties hold 255 characters
            subject = subject[:PROPERTY_LIMIT - 1].rstrip() + "…"
        set_up_document(self.document, TITLE, subject, "Partnerschapskaart; analyse")

    def _landscape(self) -> None:
        """The wide tables from here on: A4 turned, the same margins and footer."""
        new_section(self.document, landscape=True)

    def _table(self, header: list[str], rows: list[list[str | list[str]]],
               widths: list[float]):
        """A cell given as a list gets one line per item; text is one line, whatever it
        holds (a label's name is never split)."""
        rows = [[value if isinstance(value, list) else [value] for value in values]
                for values in rows]
        return self.table(header, rows, widths, style=TABLE_STYLE, layout=False)

    # -- parts ----------------------------------------------------------------------------
    def _intro(self) -> None:
        teams = list(self.analysis.teams)
        self.paragraph(TITLE, style="Title")
        self.paragraph(
            f"Deze analyse legt de kaarten van {len(teams)} teams naast elkaar: "
            f"{_join(teams)}. Per stap staat welke labels elk team in zijn top heeft "
            "gekozen, welke het alleen heeft genoemd en welke ontbreken; daarna de tops "
            "naast elkaar en de overstijgende thema's. Eerst per team de aanwezigheid en de "
            "scoreronde.")
        usual = self.template.step(FILL_ORDER[0]).top_n
        other = [f"bij {self.template.step(s).name.lower()} “top {self.template.step(s).top_n}”"
                 for s in FILL_ORDER if self.template.step(s).top_n != usual]
        self.paragraph(
            f"Leeswijzer: “top {usual}”" + (f" ({_join(other)})" if other else "")
            + " betekent dat een thema of bijdrage "
            "met dit label in de laatst gestemde top van het team staat; “genoemd” dat het "
            "label bij een thema of bijdrage van die stap staat, maar niet in de top; "
            "“—” dat het team het niet noemde. Alleen gelabelde thema's en bijdragen tellen "
            "mee.", italic=True)

    def _team_widths(self, first: float, last: float) -> list[float]:
        teams = len(self.analysis.teams)
        return [first] + [(LANDSCAPE_WIDTH - first - last) / teams] * teams + [last]

    def _step(self, step: Step) -> None:
        self.heading(self.template.step(step).heading, 1)
        rows = self.analysis.per_step.get(step, ())
        if not rows:
            self.paragraph("Geen gelabelde thema's of bijdragen in deze stap.")
            return
        body = [[row.label.name,
                 *(cell_text(cell, step, self.template) for cell in row.cells),
                 teams_text(row.teams)] for row in rows]
        self._table(["Label", *self.analysis.teams, "Aantal"], body,
                    self._team_widths(6.0, 2.6))

    def _tops(self) -> None:
        self.heading("De tops naast elkaar", 1)
        self.paragraph("Per stap de top van elk team, zoals in zijn laatste stemronde "
                        "gekozen.", italic=True)
        body = []
        for step in FILL_ORDER:
            columns = self.analysis.tops.get(step, ())
            cells = [[f"{place}. {title}" for place, title in top] or [NO_TOP]
                     for top in columns]
            body.append([self.template.step(step).heading, *cells])
        teams = len(self.analysis.teams)
        first = 3.5
        self._table(["Stap", *self.analysis.teams], body,
                    [first] + [(LANDSCAPE_WIDTH - first) / teams] * teams)

    def _cross_cutting(self) -> None:
        self.heading("Overstijgende thema's", 1)
        self.paragraph("Labels die in twee of meer stappen voorkomen, of in alle teams.",
                        italic=True)
        crossing = self.analysis.cross_cutting
        if not crossing:
            self.paragraph("Geen label komt in twee stappen of in alle teams voor.")
            return
        total = len(self.analysis.teams)
        body = []
        for item in crossing:
            where = [f"{team}: stap {_step_numbers(s for t, s in item.where if t == team)}"
                     for team in item.teams]
            body.append([item.label.name, _step_numbers(item.steps), ", ".join(item.teams),
                         every_team_text(len(item.teams), total), where])
        self._table(["Label", "Stappen", "Teams", "In alle teams", "Waar"], body,
                    [5.5, 2.5, 6.0, 3.0, 7.7])

    def _presence(self) -> None:
        self.heading("Aanwezigheid en scoreronde per team", 1)
        self.paragraph("Per bijeenkomst: wie er was, en het gemiddelde van de scoreronde "
                        "(hoe voelt de samenwerking, 1-10).", italic=True)
        body = []
        for team in self.analysis.presence:
            if not team.bijeenkomsten:
                body.append([team.team, "", "nog geen bijeenkomst", NO_SCORE])
            for number, text, score in team.bijeenkomsten:
                body.append([team.team, str(number), text or NO_ATTENDANCE,
                             decimal(score) if score is not None else NO_SCORE])
        self._table(["Team", "Bijeenkomst", "Aanwezig", "Score (gemiddeld)"], body,
                    [4.2, 3.1, 4.9, 3.8])


def analysis_document(analysis: Analysis, template: CardTemplate) -> DocumentType:
    """The analysis as a Word document (portrait title page, landscape tables)."""
    return _Builder(analysis, template).build()


# -- the CSV ------------------------------------------------------------------------------
def _csv_safe(text: str) -> str:
    """Text a spreadsheet shows as text: a leading "=", "+", "-" or "@" would be taken
    for a formula (an entry "- meer tijd" would show as #NAAM?)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def analysis_csv(analysis: Analysis, template: CardTemplate | None = None) -> str:
    """The analysis as one long CSV table (see the module docstring); starts with a BOM."""
    if template is None:
        template, _ = load_with_override("partnerschapskaart", None)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)

    def row(table: str, step: Step | None, label: str, team: str, value: str) -> None:
        writer.writerow([table, str(step.number) if step else "", _csv_safe(label),
                         _csv_safe(team), _csv_safe(value)])

    for step in FILL_ORDER:
        for label_row in analysis.per_step.get(step, ()):
            for team, cell in zip(analysis.teams, label_row.cells):
                row("labels", step, label_row.label.name, team,
                    cell_text(cell, step, template))
    for step in FILL_ORDER:
        for team, top in zip(analysis.teams, analysis.tops.get(step, ())):
            for place, title in top:
                row("top", step, title, team, place)
    total = len(analysis.teams)
    for item in analysis.cross_cutting:
        mark = every_team_text(len(item.teams), total)
        for team, step in item.where:
            row("overstijgend", step, item.label.name, team, mark)
    for team in analysis.presence:
        for number, text, _ in team.bijeenkomsten:
            row("aanwezigheid", None, f"bijeenkomst {number}", team.team,
                text or NO_ATTENDANCE)
        for number, _, score in team.bijeenkomsten:
            if score is not None:
                row("score", None, f"bijeenkomst {number}", team.team, decimal(score))
    return "\ufeff" + xml_safe(buffer.getvalue())


# -- reading the sessions and writing both files ------------------------------------------
def default_stem(day: date) -> str:
    return f"analyse-{day.isoformat()}"


def _targets(exports_dir: Path, output: Path | None, into_folder: bool) -> tuple[Path, Path]:
    if output is None or output.is_dir() or into_folder:
        base = (output or exports_dir) / default_stem(date.today())
    elif output.suffix.lower() in (".docx", ".csv"):
        base = output.with_suffix("")
    else:
        base = output
    if not base.parent.is_dir():
        raise ExportError(f"De map {base.parent} bestaat niet; de analyse is niet "
                          "geschreven.")
    # Both files get one free name: never overwrite, and the pair stays recognisable.
    stem, number = base.name, 2
    while True:
        docx_path = base.with_name(f"{stem}.docx")
        csv_path = base.with_name(f"{stem}.csv")
        if not docx_path.exists() and not csv_path.exists():
            return docx_path, csv_path
        stem, number = f"{base.name}-{number}", number + 1


def write_analysis(teams: list[Team], vocabulary: Vocabulary, exports_dir: Path,
                   output: Path | None = None, into_folder: bool = False
                   ) -> tuple[Path, Path]:
    """Analyse the teams and write the .docx and the .csv side by side.

    ``output``: a folder, or a file name (with or without .docx/.csv); by default
    ``exports_dir``/analyse-<datum>. An existing file is never overwritten. The teams come
    read from their sessions (kaart_tui.teams): the exporter reads no store.
    """
    analysis = analyse(teams, vocabulary)
    template = teams[0].template
    buffer = io.BytesIO()
    analysis_document(analysis, template).save(buffer)
    table = analysis_csv(analysis, template).encode("utf-8")
    docx_path, csv_path = _targets(exports_dir, output, into_folder)
    written: list[Path] = []
    try:
        for path, data in ((docx_path, buffer.getvalue()), (csv_path, table)):
            atomic_write(path, data)
            written.append(path)
    except OSError as error:
        for path in written:  # no half pair: both files or neither
            try:
                os.unlink(path)
            except OSError:
                pass
        raise ExportError(f"De analyse kon niet worden geschreven naar {path}: "
                          f"{describe_os_error(error)}. De sessies zijn niet veranderd."
                          ) from None
    return docx_path, csv_path

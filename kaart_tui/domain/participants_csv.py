"""Reading a participant list from a CSV file: decode, parse, and a preview per row.

The facilitator picks a file that someone made in Excel, Google Sheets or Outlook:
``naam;organisatie`` (Excel in the Netherlands writes semicolons), commas or tabs, with
or without a header row, in UTF-8 (with or without BOM), the Windows-1252 that Excel
writes for "CSV (gescheiden door lijstscheidingsteken)", or the UTF-16 of Excel's
"Unicode-tekst". A header row says which columns hold the name (``Naam``, or
``Voornaam`` + ``Tussenvoegsel`` + ``Achternaam`` joined) and the organisation
(``Organisatie``, ``Instelling``, ``Werkgever``, ``Bedrijf``, ``Company`` ...), in any order
and case; every other column is ignored and named in the preview. Without a header the
first two columns are the name and the organisation.

Nothing is imported here: the caller shows the preview (every row, with a Dutch message per
bad row) and adds ``participants()`` to the card if the facilitator agrees.

Pure: takes bytes, returns records or raises DomainError. No files, no Textual, no TinyDB.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from kaart_tui.domain.model import Participant, new_id
from kaart_tui.domain.participants_csv_columns import (
    KNOWN_HEADERS,
    Columns,
    columns_from_header,
    header_word,
    ignored_columns,
    show,
    usual_width,
    visible,
)
from kaart_tui.domain.text import MAX_SHORT_TEXT_LENGTH, clean_short
from kaart_tui.errors import DomainError

# A list of 7-20 people (or a few thousand) is far below this; a bigger file is the wrong one.
MAX_CSV_BYTES = 1_000_000

# Candidates in order of preference: Excel in the Netherlands writes ";", and a name such
# as "Jansen, Piet" in a ";" file must not make the file look comma-separated.
_DELIMITERS = (";", "\t", ",")
_DELIMITER_NAMES = {";": "puntkomma", "\t": "tab", ",": "komma"}

# A header may come after a few title lines ("Deelnemers bijeenkomst 12 maart"): rows with
# at most one cell filled in.
_TITLE_LINES = 3

# More ignored columns than this (an Outlook export has some ninety) are counted, not named.
IGNORED_SHOWN = 6

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

_SAVE_AS_HINT = ("Sla de lijst in Excel op als 'CSV UTF-8 (door komma's gescheiden)' of "
                 "'CSV (gescheiden door lijstscheidingsteken)'.")


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One data row of the file; ``problem`` says why it will be skipped (None: fine)."""

    line: int
    name: str | None
    organisation: str | None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True, slots=True)
class CsvPreview:
    """Every data row in file order, plus how the file was read.

    ``ignored`` holds the columns that were not read, by their header ("E-mail") or, for
    a column without one, by its letter as the spreadsheet shows it ("kolom C").
    """

    rows: tuple[CsvRow, ...]
    delimiter: str = ";"
    has_header: bool = False
    ignored: tuple[str, ...] = ()

    @property
    def good(self) -> tuple[CsvRow, ...]:
        return tuple(row for row in self.rows if row.problem is None)

    @property
    def bad(self) -> tuple[CsvRow, ...]:
        return tuple(row for row in self.rows if row.problem is not None)

    def participants(self) -> list[Participant]:
        """New participant records for the good rows, in file order, each with a fresh id."""
        return [Participant(new_id("p"), row.name, row.organisation)  # type: ignore[arg-type]
                for row in self.good]

    @property
    def summary(self) -> str:
        """What the preview says before anything is imported."""
        return self._counted("in te lezen")

    @property
    def imported_summary(self) -> str:
        """What the app says once the good rows are in the session."""
        return self._counted("ingelezen")

    @property
    def ignored_summary(self) -> str:
        """"Genegeerd: E-mail, Telefoon", or "" when every column was read."""
        if not self.ignored:
            return ""
        shown = ", ".join(self.ignored[:IGNORED_SHOWN])
        rest = len(self.ignored) - IGNORED_SHOWN
        if rest > 0:
            shown += f" en {rest} {'andere kolom' if rest == 1 else 'andere kolommen'}"
        return f"Genegeerd: {shown}"

    def _counted(self, done: str) -> str:
        good, bad = len(self.good), len(self.bad)
        text = f"{good or 'geen'} {'deelnemer' if good == 1 else 'deelnemers'} {done}"
        if bad:
            text += f", {bad} {'regel' if bad == 1 else 'regels'} overgeslagen"
        return text


# -- decoding ---------------------------------------------------------------------------------
def decode_csv_bytes(data: bytes) -> str:
    """Bytes to text: UTF-8 (BOM or not), else Windows-1252; line endings become "\\n"."""
    data = bytes(data)
    if len(data) > MAX_CSV_BYTES:
        raise DomainError(
            f"Het bestand is te groot voor een deelnemerslijst ({len(data) // 1000} kB; "
            f"het maximum is {MAX_CSV_BYTES // 1_000_000} MB). Is het het goede bestand?"
        )
    if data.startswith(_UTF16_BOMS):
        # Excel's "Unicode-tekst": UTF-16 with a byte order mark, tab-separated.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise DomainError(f"Het bestand kan niet als tekst gelezen worden. "
                              f"{_SAVE_AS_HINT}") from None
    else:
        if data.startswith(_UTF8_BOM):
            data = data[len(_UTF8_BOM):]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise DomainError(
                    "Het bestand is geen tekst in UTF-8 of Windows-1252 en kan niet gelezen "
                    f"worden. {_SAVE_AS_HINT}"
                ) from None
    if "\x00" in text:
        # A spreadsheet (.xlsx, .xls) or another binary file, or UTF-16 without a BOM.
        raise DomainError(f"Dit lijkt geen CSV-bestand (het bevat binaire gegevens). "
                          f"{_SAVE_AS_HINT}")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# -- parsing ----------------------------------------------------------------------------------
def parse_participants_csv(data: bytes,
                           existing: Iterable[Participant] = ()) -> CsvPreview:
    """Read a participant list; every data row comes back, a bad one with its problem.

    Raises DomainError only for the file as a whole: unreadable bytes, no data rows, or a
    header row without a column for the name or the organisation.
    """
    text = decode_csv_bytes(data)
    first, _, rest = text.partition("\n")
    hinted = first.strip(" ").casefold()
    if hinted.startswith("sep=") and hinted[4:] in _DELIMITERS:
        # Excel's own hint line "sep=;": obey it, and keep the row numbers as Excel shows them.
        delimiter, text = hinted[4:], "\n" + rest
    else:
        delimiter = _header_delimiter(text) or _detect_delimiter(text)
    records = [(line, cells) for line, cells in _read_records(text, delimiter)
               if not _is_blank(cells)]
    if not records:
        raise DomainError("Het bestand bevat geen deelnemers.")

    header, columns = [], None
    for at, (_, cells) in enumerate(records[:_TITLE_LINES + 1]):
        columns = columns_from_header(cells)
        if columns is not None:
            header, records = cells, records[at + 1:]
            break
        if sum(1 for cell in cells if visible(cell)) > 1:
            break  # a data row: the list has no header
    if columns is None:
        columns = Columns((0,), 1, usual_width(records), from_header=False)
    elif not records:
        raise DomainError("Het bestand bevat alleen een kopregel en geen deelnemers.")

    known = {_key(p.name, p.organisation) for p in existing}
    seen: dict[tuple[str, str], int] = {}
    rows = tuple(_row(line, cells, columns, delimiter, known, seen) for line, cells in records)
    ignored = ignored_columns(columns, header, records)
    return CsvPreview(rows, delimiter, columns.from_header, ignored)


def _header_delimiter(text: str) -> str | None:
    """The delimiter that splits a header line into the most known header words.

    A header decides better than counting: an Outlook export is comma-separated, yet its
    categories ("Werk;Partners") put a semicolon on every line.
    """
    lines = [line for line in text.split("\n") if line.strip()][:_TITLE_LINES + 1]
    best, best_score = None, 0
    for delimiter in _DELIMITERS:
        try:
            rows = list(csv.reader(lines, delimiter=delimiter, skipinitialspace=True))
        except csv.Error:
            continue
        score = max((sum(1 for cell in cells if header_word(cell) in KNOWN_HEADERS)
                     for cells in rows), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _detect_delimiter(text: str) -> str:
    """The first of ; tab , that stands on at least half of the non-blank lines.

    Failing that, the one on the most lines; ";" when none occurs (every row then has one
    column and gets a message saying so).
    """
    lines = [line for line in text.split("\n") if line.strip()]
    counts = {d: sum(1 for line in lines if d in line) for d in _DELIMITERS}
    for delimiter in _DELIMITERS:
        if counts[delimiter] and counts[delimiter] * 2 >= len(lines):
            return delimiter
    best = max(_DELIMITERS, key=lambda d: counts[d])  # max keeps the first on a tie
    return best if counts[best] else ";"


def _read_records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """(row number as a spreadsheet shows it, cells) for every record, blank ones included.

    The row number counts records, not physical lines: a quoted cell that spans two lines
    is one row in Excel, and a blank line is a row too.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
                        doublequote=True, skipinitialspace=True, strict=False)
    records: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            records.append((len(records) + 1, cells))
    except csv.Error:
        # In practice only "field larger than field limit": an unclosed quote that swallows
        # the rest of a large file.
        raise DomainError(
            f"Regel {len(records) + 1} kan niet gelezen worden: een veld is veel te lang. "
            f"Staat er ergens een aanhalingsteken (\") te veel?"
        ) from None
    return records


# -- cells ------------------------------------------------------------------------------------
def _is_blank(cells: list[str]) -> bool:
    return not any(visible(cell) for cell in cells)


def _used_width(cells: list[str]) -> int:
    """The cells up to the last one that shows something: ``Anna;Travers;;`` has two."""
    width = len(cells)
    while width and not visible(cells[width - 1]):
        width -= 1
    return width


def _key(name: str, organisation: str) -> tuple[str, str]:
    """Same person: equal name and organisation, ignoring case and white space."""
    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return (norm(name), norm(organisation))


def _swallowed(cells: list[str], columns: Columns, delimiter: str) -> bool:
    """An unclosed quote made this cell run on over the next rows.

    A name or organisation never spans lines; another column may (Outlook's notes), but
    not with a line inside it that looks like a whole row.
    """
    for index, cell in enumerate(cells):
        if "\n" not in cell:
            continue
        if index in columns.read and delimiter in cell:
            return True
        if any(line.count(delimiter) >= max(1, columns.width - 1)
               for line in cell.split("\n")[1:]):
            return True
    return False


def _row(line: int, cells: list[str], columns: Columns, delimiter: str,
         known: set[tuple[str, str]], seen: dict[tuple[str, str], int]) -> CsvRow:
    def bad(problem: str, name: str | None = None, organisation: str | None = None) -> CsvRow:
        return CsvRow(line, name, organisation, f"Regel {line}: {problem}")

    def cell(index: int) -> str:
        return cells[index] if index < len(cells) else ""

    raw_name = " ".join(part for part in (cell(i).strip() for i in columns.name) if part)
    raw_org = cell(columns.organisation)
    shown_name = visible(raw_name) or None
    shown_org = visible(raw_org) or None

    if _swallowed(cells, columns, delimiter):
        return bad("een aanhalingsteken (\") wordt niet afgesloten, waardoor regels in elkaar "
                   "overlopen. Controleer de aanhalingstekens.")
    used = _used_width(cells)
    if used > columns.width:
        found = ", ".join(show(c) if visible(c) else "(leeg)" for c in cells[:min(used, 6)])
        more = ", …" if used > 6 else ""
        where = ("de kopregel heeft er" if columns.from_header
                 else "de meeste regels hebben er")
        return bad(f"{used} kolommen gevonden ({found}{more}); {where} {columns.width}. "
                   f"Staat er een {_DELIMITER_NAMES[delimiter]} in een naam of organisatie? "
                   "Zet die dan tussen aanhalingstekens (\").", shown_name, shown_org)
    missing = [what for what, text in (("de naam", raw_name), ("de organisatie", raw_org))
               if not text.strip()]
    if len(cells) == 1 and missing:
        hint = "" if delimiter in cells[0] else (
            " Scheid naam en organisatie met een puntkomma (;) of een komma (,).")
        verb = "ontbreken" if len(missing) == 2 else "ontbreekt"
        return bad(f"alleen {show(cells[0])} gevonden; {' en '.join(missing)} {verb}.{hint}",
                   shown_name, shown_org)
    if missing:
        return bad(f"{missing[0]} ontbreekt.", shown_name, shown_org)
    try:
        name = clean_short(raw_name, "de naam")
        organisation = clean_short(raw_org, "de organisatie")
    except DomainError as error:
        return bad(error.message, _shorten(shown_name), _shorten(shown_org))

    key = _key(name, organisation)
    if key in known:
        return bad(f"{name} ({organisation}) staat al in de sessie.", name, organisation)
    if key in seen:
        return bad(f"{name} ({organisation}) staat ook al op regel {seen[key]}.",
                   name, organisation)
    seen[key] = line
    return CsvRow(line, name, organisation)


def _shorten(text: str | None) -> str | None:
    if text is None or len(text) <= MAX_SHORT_TEXT_LENGTH:
        return text
    return text[:MAX_SHORT_TEXT_LENGTH - 1] + "…"

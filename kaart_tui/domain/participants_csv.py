"""Reading a participant list from a CSV file: decode, parse, and a preview per row.

The facilitator picks a file that someone made in Excel: ``naam;organisatie`` (Excel in
the Netherlands writes semicolons), ``naam,organisatie`` or tab-separated, with or without
a header row, in UTF-8 (with or without BOM) or the Windows-1252 that Excel writes for
"CSV (gescheiden door lijstscheidingsteken)". Nothing is imported here: the caller shows
the preview (every row, with a Dutch message per bad row) and adds ``participants()`` to
the card if the facilitator agrees.

Pure: takes bytes, returns records or raises DomainError. No files, no Textual, no TinyDB.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from kaart_tui.domain.model import MAX_SHORT_TEXT_LENGTH, Participant, clean_text, new_id
from kaart_tui.errors import DomainError

# A list of 7-20 people (or a few thousand) is far below this; a bigger file is the wrong one.
MAX_CSV_BYTES = 1_000_000

# Candidates in order of preference: Excel in the Netherlands writes ";", and a name such
# as "Jansen, Piet" in a ";" file must not make the file look comma-separated.
_DELIMITERS = (";", "\t", ",")

_NAME_HEADERS = frozenset({
    "naam", "namen", "name", "deelnemer", "deelnemers", "naam deelnemer", "volledige naam",
    "participant",
})
_ORGANISATION_HEADERS = frozenset({
    "organisatie", "organisaties", "organisation", "organization", "instelling",
    "organisatie/instelling",
})

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
    """Every data row in file order, plus how the file was read."""

    rows: tuple[CsvRow, ...]
    delimiter: str = ";"
    has_header: bool = False

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
        good, bad = len(self.good), len(self.bad)
        text = f"{good or 'geen'} {'deelnemer' if good == 1 else 'deelnemers'} in te lezen"
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

    Raises DomainError only for the file as a whole: unreadable bytes, or no data rows.
    """
    text = decode_csv_bytes(data)
    first, _, rest = text.partition("\n")
    hinted = first.strip(" ").casefold()
    if hinted.startswith("sep=") and hinted[4:] in _DELIMITERS:
        # Excel's own hint line "sep=;": obey it, and keep the row numbers as Excel shows them.
        delimiter, text = hinted[4:], "\n" + rest
    else:
        delimiter = _detect_delimiter(text)
    records = _read_records(text, delimiter)

    known = {_key(p.name, p.organisation) for p in existing}
    seen: dict[tuple[str, str], int] = {}
    rows: list[CsvRow] = []
    has_header = False
    swapped = False
    for line, cells in records:
        cells = _trim_trailing_empty(cells)
        if _is_blank(cells):
            continue
        if not rows and not has_header:
            header = _header_order(cells)
            if header is not None:
                has_header, swapped = True, header
                continue
        if swapped and len(cells) >= 2:
            cells = [cells[1], cells[0], *cells[2:]]
        rows.append(_row(line, cells, delimiter, known, seen))

    if not rows:
        if has_header:
            raise DomainError("Het bestand bevat alleen een kopregel en geen deelnemers.")
        raise DomainError("Het bestand bevat geen deelnemers.")
    return CsvPreview(tuple(rows), delimiter, has_header)


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


def _trim_trailing_empty(cells: list[str]) -> list[str]:
    """Drop empty cells after the second: ``Anna;Travers;;`` is fine (Excel writes it)."""
    cells = list(cells)
    while len(cells) > 2 and not _visible(cells[-1]):
        cells.pop()
    return cells


def _visible(cell: str) -> str:
    """The cell without control characters and surrounding white space."""
    return "".join(c for c in cell if unicodedata.category(c) not in ("Cc", "Cs")).strip()


def _is_blank(cells: list[str]) -> bool:
    return not any(_visible(cell) for cell in cells)


def _header_order(cells: list[str]) -> bool | None:
    """None: not a header; False: naam, organisatie; True: organisatie, naam."""
    if len(cells) < 2:
        return None
    first, second = (_header_word(cells[0]), _header_word(cells[1]))
    if first in _NAME_HEADERS and second in _ORGANISATION_HEADERS:
        return False
    if first in _ORGANISATION_HEADERS and second in _NAME_HEADERS:
        return True
    return None


def _header_word(cell: str) -> str:
    return " ".join(_visible(cell).casefold().rstrip(":").split())


def _key(name: str, organisation: str) -> tuple[str, str]:
    """Same person: equal name and organisation, ignoring case and white space."""
    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return (norm(name), norm(organisation))


def _show(cell: str, limit: int = 40) -> str:
    """A cell quoted for a message: control characters dropped, long text shortened."""
    text = " ".join(_visible(cell).split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return f"'{text}'"


def _row(line: int, cells: list[str], delimiter: str, known: set[tuple[str, str]],
         seen: dict[tuple[str, str], int]) -> CsvRow:
    def bad(problem: str, name: str | None = None, organisation: str | None = None) -> CsvRow:
        return CsvRow(line, name, organisation, f"Regel {line}: {problem}")

    raw_name = cells[0]
    raw_org = cells[1] if len(cells) > 1 else ""
    shown_name = _visible(raw_name) or None
    shown_org = _visible(raw_org) or None

    if any("\n" in cell and delimiter in cell for cell in cells):
        return bad("een aanhalingsteken (\") wordt niet afgesloten, waardoor regels in elkaar "
                   "overlopen. Controleer de aanhalingstekens.")
    if len(cells) == 1:
        hint = "" if delimiter in raw_name else (
            " Scheid naam en organisatie met een puntkomma (;) of een komma (,).")
        return bad(f"alleen {_show(raw_name)} gevonden; de organisatie ontbreekt.{hint}",
                   shown_name)
    if len(cells) > 2:
        found = ", ".join(_show(cell) if _visible(cell) else "(leeg)" for cell in cells[:6])
        more = ", …" if len(cells) > 6 else ""
        hint = ""
        if delimiter == ",":
            hint = " Staat er een komma in de naam? Zet die dan tussen aanhalingstekens (\")."
        return bad(f"{len(cells)} kolommen gevonden ({found}{more}); verwacht alleen naam en "
                   f"organisatie.{hint}", shown_name, shown_org)
    if not raw_name.strip():
        return bad("de naam ontbreekt.", None, shown_org)
    if not raw_org.strip():
        return bad("de organisatie ontbreekt.", shown_name, None)
    try:
        name = clean_text(raw_name, "de naam", multiline=False,
                          max_length=MAX_SHORT_TEXT_LENGTH)
        organisation = clean_text(raw_org, "de organisatie", multiline=False,
                                  max_length=MAX_SHORT_TEXT_LENGTH)
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

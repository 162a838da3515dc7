"""Which columns of a participant list hold the name and the organisation.

A header row names them (``Naam``, or ``Voornaam`` + ``Tussenvoegsel`` + ``Achternaam``
joined; ``Organisatie``, ``Instelling``, ``Werkgever``, ``Bedrijf``, and the English words
of an Outlook or Google export), in any order, case and spacing. Without a header the first
two columns are read. Every other column is ignored, and named so the preview can say so.

Pure: cells in, column numbers out. Used by ``participants_csv``.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

from kaart_tui.domain.text import INVISIBLE
from kaart_tui.errors import DomainError

# Header words, compared after header_word (case, spaces, "_", a trailing ":" or "*").
_NAME_HEADERS = frozenset({
    "naam", "namen", "name", "deelnemer", "deelnemers", "naam deelnemer", "volledige naam",
    "participant", "full name", "display name", "weergavenaam", "contactpersoon",
})
_FIRST_NAME_HEADERS = frozenset({
    "voornaam", "voornamen", "roepnaam", "first name", "firstname", "given name",
})
_MIDDLE_NAME_HEADERS = frozenset({
    "tussenvoegsel", "tussenvoegsels", "voorvoegsel", "middle name", "middelste naam",
    "additional name",
})
_LAST_NAME_HEADERS = frozenset({
    "achternaam", "familienaam", "last name", "lastname", "surname", "family name",
})
_ORGANISATION_HEADERS = frozenset({
    "organisatie", "organisaties", "organisation", "organization", "instelling",
    "organisatie/instelling", "naam organisatie", "organisatienaam", "instantie", "werkgever",
    "bedrijf", "bedrijfsnaam", "company", "company name", "employer", "organization name",
    "organization 1 - name",
})
KNOWN_HEADERS = (_NAME_HEADERS | _FIRST_NAME_HEADERS | _MIDDLE_NAME_HEADERS
                 | _LAST_NAME_HEADERS | _ORGANISATION_HEADERS)


@dataclass(frozen=True, slots=True)
class Columns:
    """Where the name and organisation stand; ``width``: how many columns a row may have."""

    name: tuple[int, ...]  # one column, or the parts of the name joined with a space
    organisation: int
    width: int
    from_header: bool

    @property
    def read(self) -> frozenset[int]:
        return frozenset((*self.name, self.organisation))


def columns_from_header(cells: list[str]) -> Columns | None:
    """The columns a header row names; None when the row is no header (but data)."""
    words = [header_word(cell) for cell in cells]
    if not any(word in KNOWN_HEADERS for word in words):
        return None

    def find(headers: frozenset[str]) -> int | None:
        return next((i for i, word in enumerate(words) if word in headers), None)

    full, first, last = find(_NAME_HEADERS), find(_FIRST_NAME_HEADERS), find(_LAST_NAME_HEADERS)
    if full is not None:
        name: tuple[int, ...] = (full,)
    else:
        parts = (first, find(_MIDDLE_NAME_HEADERS), last) if (first, last) != (None, None) else ()
        name = tuple(i for i in parts if i is not None)
    organisation = find(_ORGANISATION_HEADERS)
    found = ", ".join(show(cell) for cell in cells[:8] if visible(cell))
    found += ", …" if len(cells) > 8 else ""
    if not name:
        raise DomainError(f"De kopregel ({found}) heeft geen kolom voor de naam. Noem die "
                          "kolom 'Naam', of twee kolommen 'Voornaam' en 'Achternaam'.")
    if organisation is None:
        raise DomainError(f"De kopregel ({found}) heeft geen kolom voor de organisatie. "
                          "Noem die kolom 'Organisatie'.")
    return Columns(name, organisation, len(cells), from_header=True)


def usual_width(records: list[tuple[int, list[str]]]) -> int:
    """How many cells most rows of a list without header have (the fewer on a tie; 2 at
    least, so that a row with only a name is told its organisation is missing).

    Excel writes every row with the same number of cells, empty ones too, so a row with
    more is one where a name holds an unquoted delimiter ("Jansen, Piet,Politie").
    """
    counts = Counter(len(cells) for _, cells in records)
    return max(2, max(sorted(counts), key=lambda width: counts[width]))


def ignored_columns(columns: Columns, header: list[str],
                    records: list[tuple[int, list[str]]]) -> tuple[str, ...]:
    """The columns not read: their header, or "kolom C" for one without that holds data."""
    ignored = []
    for index in range(columns.width):
        if index in columns.read:
            continue
        label = " ".join(visible(header[index]).split()) if index < len(header) else ""
        if label:
            ignored.append(label)
        elif any(index < len(cells) and visible(cells[index]) for _, cells in records):
            ignored.append(f"kolom {_column_letters(index)}")
    return tuple(ignored)


def _column_letters(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA": the column as the spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def visible(cell: str) -> str:
    """The cell without control or invisible characters and surrounding white space."""
    return "".join(c for c in cell if c not in INVISIBLE
                   and unicodedata.category(c) not in ("Cc", "Cs")).strip()


def header_word(cell: str) -> str:
    """A header cell as compared with the known words: " E-Mail: " -> "e-mail"."""
    return " ".join(visible(cell).casefold().replace("_", " ").rstrip(":*").split())


def show(cell: str, limit: int = 40) -> str:
    """A cell quoted for a message: control characters dropped, long text shortened."""
    text = " ".join(visible(cell).split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return f"'{text}'"


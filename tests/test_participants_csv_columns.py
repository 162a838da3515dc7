"""The CSV importer finds the name and organisation columns; the others are ignored.

Issue 18: an Excel list with E-mail, Telefoon, Functie was refused row by row. Now a header
picks the columns (any order, case, spaces, BOM), the preview names the ignored ones, and
the message after the import says what happened.
"""

from __future__ import annotations

import csv
import io
import unicodedata

import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from kaart_tui.domain.participants_csv import CsvPreview, CsvRow, parse_participants_csv
from kaart_tui.domain.participants_csv_columns import KNOWN_HEADERS, header_word, visible
from kaart_tui.domain.text import INVISIBLE, clean_short
from kaart_tui.errors import DomainError


def pairs(preview: CsvPreview) -> list[tuple[str | None, str | None]]:
    return [(row.name, row.organisation) for row in preview.good]


def parse(text: str) -> CsvPreview:
    return parse_participants_csv(text.encode("utf-8"))


# -- the list -------------------------------------------------------------------------
def test_an_excel_list_with_e_mail_telefoon_functie_is_read_whole() -> None:
    preview = parse("Naam;Organisatie;E-mail;Telefoon;Functie\r\n"
                    "Anna de Vries;Travers;anna@travers.nl;06-1;opbouwwerker\r\n"
                    "Bob Smit;Politie;;;\r\n"  # that column empty: was the only row accepted
                    "Cees Mol;Tactus;cees@tactus.nl;;\r\n")
    assert pairs(preview) == [("Anna de Vries", "Travers"), ("Bob Smit", "Politie"),
                              ("Cees Mol", "Tactus")]
    assert preview.bad == ()
    assert preview.ignored == ("E-mail", "Telefoon", "Functie")
    assert preview.ignored_summary == "Genegeerd: E-mail, Telefoon, Functie"


@pytest.mark.parametrize("header, row", [
    ("E-mail;Organisatie;Naam", "a@b.nl;Travers;Anna"),
    ("ORGANISATIE;telefoon;naam", "Travers;06-1;Anna"),
    ("  Naam  ;  Instelling  ", "Anna;Travers"),
    ("\ufeffnaam;werkgever", "Anna;Travers"),  # a BOM left in the cell by a concatenation
    ("Naam:;Bedrijf:", "Anna;Travers"),
    ('"Naam","Company","Job Title"', 'Anna,Travers,"opbouwwerker, jeugd"'),
    ("Full Name\tEmployer", "Anna\tTravers"),
    ("naam_deelnemer;Organisatie", "Anna;Travers"),
    ("Deelnemer;Naam organisatie", "Anna;Travers"),
])
def test_header_words_in_any_order_case_and_spacing(header: str, row: str) -> None:
    preview = parse(f"{header}\n{row}\n")
    assert preview.has_header
    assert preview.rows == (CsvRow(2, "Anna", "Travers"),)


@pytest.mark.parametrize("header, row, name", [
    ("Voornaam;Achternaam;Organisatie", "Anna;de Vries;Travers", "Anna de Vries"),
    ("Achternaam;Voornaam;Organisatie", "Vries;Anna;Travers", "Anna Vries"),
    ("Voornaam;Tussenvoegsel;Achternaam;Organisatie", "Jan;van der;Berg;Travers",
     "Jan van der Berg"),
    ("Voornaam;Tussenvoegsel;Achternaam;Organisatie", "Anna;;Jansen;Travers", "Anna Jansen"),
    ("Voornaam;Achternaam;Organisatie", " Anna ; ;Travers", "Anna"),
    ("First Name,Middle Name,Last Name,Company", "Jan,van der,Berg,Travers", "Jan van der Berg"),
    ("Voornaam;Organisatie", "Anna;Travers", "Anna"),
])
def test_first_and_last_name_are_joined(header: str, row: str, name: str) -> None:
    preview = parse(f"{header}\n{row}\n")
    assert pairs(preview) == [(name, "Travers")]


def test_a_full_name_column_wins_over_first_and_last_name() -> None:
    preview = parse("Voornaam;Achternaam;Naam;Organisatie\nAnna;Vries;Anna de Vries;Travers\n")
    assert pairs(preview) == [("Anna de Vries", "Travers")]
    assert preview.ignored == ("Voornaam", "Achternaam")


def test_a_row_without_any_name_part_says_the_name_is_missing() -> None:
    preview = parse("Voornaam;Achternaam;Organisatie\n;;Travers\nBob;Smit;Politie\n")
    assert preview.bad == (CsvRow(2, None, "Travers", "Regel 2: de naam ontbreekt."),)


@pytest.mark.parametrize("header, fragment", [
    ("Naam;E-mail", "geen kolom voor de organisatie"),
    ("Organisatie;E-mail;Telefoon", "geen kolom voor de naam"),
    ("Tussenvoegsel;Organisatie", "geen kolom voor de naam"),
])
def test_a_header_without_name_or_organisation_is_refused_saying_what_it_found(
        header: str, fragment: str) -> None:
    with pytest.raises(DomainError) as raised:
        parse(f"{header}\nAnna;a@b.nl\n")
    message = raised.value.message
    assert fragment in message and "kopregel" in message
    assert "'E-mail'" in message or "'Tussenvoegsel'" in message


def test_the_header_decides_the_delimiter_when_data_has_semicolons_everywhere() -> None:
    preview = parse('Naam,Organisatie,Categorieën\nAnna,Travers,"Werk;Partners"\n'
                    'Bob,Politie,"Werk;Wijk"\n')
    assert preview.delimiter == ","
    assert pairs(preview) == [("Anna", "Travers"), ("Bob", "Politie")]


def test_a_title_line_above_the_header_is_passed_over() -> None:
    preview = parse("Deelnemers bijeenkomst 12 maart;;;\n;;;\n"
                    "Naam;Organisatie;E-mail;Telefoon\nAnna;Travers;a@travers.nl;\n")
    assert preview.has_header and preview.ignored == ("E-mail", "Telefoon")
    assert preview.rows == (CsvRow(4, "Anna", "Travers"),)  # the row number Excel shows


def test_only_lines_with_one_cell_filled_count_as_title_lines() -> None:
    preview = parse("Anna;Travers\nNaam;Organisatie\n")
    assert not preview.has_header
    assert pairs(preview) == [("Anna", "Travers"), ("Naam", "Organisatie")]


# -- rows wider than the list -----------------------------------------------------------------
def test_a_row_wider_than_the_header_is_refused_it_has_an_unquoted_delimiter() -> None:
    preview = parse("Naam,Organisatie,E-mail\nJansen, Piet,Politie,piet@politie.nl\n"
                    "Bob,Tactus,\n")
    assert pairs(preview) == [("Bob", "Tactus")]
    problem = preview.bad[0].problem
    assert problem == ("Regel 2: 4 kolommen gevonden ('Jansen', 'Piet', 'Politie', "
                       "'piet@politie.nl'); de kopregel heeft er 3. Staat er een komma in "
                       "een naam of organisatie? Zet die dan tussen aanhalingstekens (\").")


def test_without_header_the_first_two_columns_of_an_even_list_are_read() -> None:
    preview = parse("Anna;Travers;anna@travers.nl\nBob;Politie;\nCees;Tactus;06-1\n")
    assert pairs(preview) == [("Anna", "Travers"), ("Bob", "Politie"), ("Cees", "Tactus")]
    assert preview.ignored == ("kolom C",)


def test_without_header_a_row_wider_than_the_others_is_refused() -> None:
    preview = parse("Anna,Travers\nJansen, Piet,Politie\nBob,Tactus\n")
    assert pairs(preview) == [("Anna", "Travers"), ("Bob", "Tactus")]
    assert "de meeste regels hebben er 2" in preview.bad[0].problem
    assert preview.ignored == ()  # column C holds only the refused row's cell


def test_an_empty_unnamed_column_is_not_reported_but_one_with_data_is() -> None:
    assert parse("Naam;Organisatie;;\nAnna;Travers;;\n").ignored == ()
    assert parse("Naam;Organisatie;\nAnna;Travers;x\n").ignored == ("kolom C",)


def test_multi_line_notes_in_an_ignored_column_are_fine_an_unclosed_quote_is_not() -> None:
    notes = parse('Naam,Organisatie,Notities\nAnna,Travers,"Belt terug,\nna de zomer."\n'
                  'Bob,Politie,\n')
    assert pairs(notes) == [("Anna", "Travers"), ("Bob", "Politie")]
    swallowed = parse('Naam;Organisatie;E-mail\nAnna;Travers;"anna@travers.nl\n'
                      'Bob;Politie;bob@politie.nl\nCees;Tactus;\n')
    assert pairs(swallowed) == []
    assert "aanhalingsteken" in swallowed.bad[0].problem


# -- summaries ---------------------------------------------------------------------------------
def _list(good: int, bad: int) -> CsvPreview:
    rows = [f"Persoon {i};Travers" for i in range(good)] + ["Alleen een naam"] * bad
    return parse("Naam;Organisatie\n" + "\n".join(rows) + "\n")


@pytest.mark.parametrize("good, bad, preview_text, imported_text", [
    (11, 0, "11 deelnemers in te lezen", "11 deelnemers ingelezen"),
    (11, 2, "11 deelnemers in te lezen, 2 regels overgeslagen",
     "11 deelnemers ingelezen, 2 regels overgeslagen"),
    (1, 1, "1 deelnemer in te lezen, 1 regel overgeslagen",
     "1 deelnemer ingelezen, 1 regel overgeslagen"),
    (0, 2, "geen deelnemers in te lezen, 2 regels overgeslagen",
     "geen deelnemers ingelezen, 2 regels overgeslagen"),
])
def test_summary_before_and_after_the_import(good: int, bad: int, preview_text: str,
                                             imported_text: str) -> None:
    preview = _list(good, bad)
    assert preview.summary == preview_text
    assert preview.imported_summary == imported_text


@pytest.mark.parametrize("extra, summary", [
    (0, ""),
    (1, "Genegeerd: K1"),
    (6, "Genegeerd: K1, K2, K3, K4, K5, K6"),
    (7, "Genegeerd: K1, K2, K3, K4, K5, K6 en 1 andere kolom"),
    (9, "Genegeerd: K1, K2, K3, K4, K5, K6 en 3 andere kolommen"),
])
def test_ignored_summary(extra: int, summary: str) -> None:
    names = [f"K{i}" for i in range(1, extra + 1)]
    preview = parse(";".join(["Naam", "Organisatie", *names]) + "\nAnna;Travers\n")
    assert preview.ignored == tuple(names)
    assert preview.ignored_summary == summary


def test_columns_past_z_are_named_as_the_spreadsheet_does() -> None:
    row = ";".join(["Anna", "Travers"] + [""] * 25 + ["x"])  # the 28th column: AB
    assert parse(f"{row}\n{row.replace('Anna', 'Bob')}\n").ignored == ("kolom AB",)


# -- invisible characters and the 200-character rule -------------------------------------------
@pytest.mark.parametrize("mark", ["\u200b", "\ufeff", "\u200e", "\u200f", "\u202e", "\u2066",
                                  "\u00ad", "\u2060"])
def test_invisible_characters_are_cleaned_from_names_and_organisations(mark: str) -> None:
    preview = parse(f"Naam;Organisatie\n{mark}Anna{mark} de Vries;Tra{mark}vers{mark}\n"
                    "Anna de Vries;Travers\n")
    assert pairs(preview) == [("Anna de Vries", "Travers")]
    assert preview.bad[0].problem == "Regel 3: Anna de Vries (Travers) staat ook al op regel 2."


def test_a_name_of_only_invisible_characters_is_empty() -> None:
    preview = parse("Naam;Organisatie\n\u200b\u200e;Travers\n")
    assert preview.bad[0].problem == "Regel 2: de naam is leeg."


def test_a_name_over_200_characters_is_refused_naming_the_row() -> None:
    preview = parse(f"Naam;Organisatie\n{'a' * 200};Travers\n{'b' * 201};Travers\n")
    assert pairs(preview) == [("a" * 200, "Travers")]
    assert preview.bad[0].problem == "Regel 3: de naam is 201 tekens lang; het maximum is 200."
    assert len(preview.bad[0].name) <= 200  # the preview shows it shortened


def test_a_joined_name_over_200_characters_is_refused_too() -> None:
    preview = parse(f"Voornaam;Achternaam;Organisatie\n{'a' * 100};{'b' * 100};Travers\n")
    assert preview.bad[0].problem == "Regel 2: de naam is 201 tekens lang; het maximum is 200."


def test_invisible_characters_do_not_count_towards_the_200() -> None:
    preview = parse(f"Naam;Organisatie\n{'a' * 200}\u200b\u200b;Travers\n")
    assert pairs(preview) == [("a" * 200, "Travers")]


# -- property: whatever the list, the pairs come back -----------------------------------------
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le-bom"]
_CP1252 = "".join(ch for ch in (bytes([b]).decode("cp1252", "ignore") for b in range(32, 256))
                  if ch and ch not in INVISIBLE and ch != "\x7f")
REALISTIC = ["José Müller", "Ahmed Yılmaz", "Jansen, Piet", "Vries; Anna de",
             'Bob "de Bouwer" Smit', "Gemeente Zwolle, team Wonen", "👩🏽‍🚒 Brandweer",
             "Nguyễn Thị Lan", "O'Neill", "Zoë Brouwer", "Politie Oost"]


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _is_clean(text: str) -> bool:
    try:
        return clean_short(text, "x") == text
    except DomainError:
        return False


def clean_texts(encoding: str, forbidden: str = "") -> st.SearchStrategy[str]:
    """Names and organisations as clean_short keeps them, writable in the encoding."""
    if encoding == "cp1252":
        alphabet = st.sampled_from([ch for ch in _CP1252 if ch not in forbidden])
    else:
        alphabet = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"),
                                 exclude_characters="".join(INVISIBLE) + forbidden)
    realistic = [text for text in REALISTIC
                 if not any(ch in text for ch in forbidden) and _fits(text, encoding)]
    return st.one_of(st.text(alphabet, min_size=1, max_size=30).map(str.strip),
                     st.sampled_from(realistic)).filter(
        lambda text: _is_clean(text) and header_word(text) not in KNOWN_HEADERS)


def _fits(text: str, encoding: str) -> bool:
    try:
        text.encode("cp1252" if encoding == "cp1252" else "utf-8")
    except UnicodeEncodeError:
        return False
    return True


def people(encoding: str, forbidden: str = "") -> st.SearchStrategy[list[tuple[str, str]]]:
    text = clean_texts(encoding, forbidden)
    return st.lists(st.tuples(text, text), min_size=1, max_size=8,
                    unique_by=lambda pair: (_key(pair[0]), _key(pair[1])))


def extra_values(encoding: str, forbidden: str = "") -> st.SearchStrategy[str]:
    """Whatever an ignored column holds (no line breaks: see the multi-line unit test)."""
    if encoding == "cp1252":
        alphabet = st.sampled_from([ch for ch in _CP1252 + "\x07\t" if ch not in forbidden])
    else:
        alphabet = st.characters(exclude_categories=("Cs",),
                                 exclude_characters="\x00\r\n" + forbidden)
    return st.text(alphabet, max_size=12)


EXTRA_LABEL = st.text(st.sampled_from("abcdeéEFGHI -_.0123456789"), max_size=12).filter(
    lambda text: header_word(text) not in KNOWN_HEADERS)


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-le-bom":  # what Excel's Unicode-tekst writes
        return b"\xff\xfe" + text.encode("utf-16-le")
    data = text.encode(encoding)
    if encoding == "cp1252":
        # Windows-1252 bytes that happen to be valid UTF-8 are read as UTF-8: the two
        # cannot be told apart, and Excel's files hardly ever are both.
        try:
            assume(data.decode("utf-8") == text)
        except UnicodeDecodeError:
            pass
    return data


def _write(rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _cased(word: str, how: int) -> str:
    return [word, word.upper(), word.title(), f"  {word} ", f"\ufeff{word}"][how]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(ENCODINGS), st.sampled_from([";", ",", "\t"]), st.data())
def test_any_list_with_a_header_and_extra_columns_reads_back_the_same_pairs(
        encoding, delimiter, data) -> None:
    listed = data.draw(people(encoding))
    labels = data.draw(st.lists(EXTRA_LABEL, max_size=4))
    name_word = data.draw(st.sampled_from(["naam", "Naam", "name", "deelnemer", "full name"]))
    org_word = data.draw(st.sampled_from(["organisatie", "Instelling", "werkgever", "bedrijf",
                                          "Company", "organization"]))
    casing = st.integers(0, 3 if encoding == "cp1252" else 4)  # no BOM character in cp1252
    header = [_cased(name_word, data.draw(casing)), _cased(org_word, data.draw(casing)),
              *labels]
    order = data.draw(st.permutations(range(len(header))))
    rows = [[header[i] for i in order]]
    for name, organisation in listed:
        cells = [name, organisation, *(data.draw(extra_values(encoding)) for _ in labels)]
        rows.append([cells[i] for i in order])
    event(f"{encoding}, {delimiter!r}")

    preview = parse_participants_csv(_encode(_write(rows, delimiter), encoding))
    assert preview.bad == ()
    assert pairs(preview) == listed
    assert preview.delimiter == delimiter and preview.has_header
    ignored = []  # each extra column by its label, or by its letter if unnamed but filled
    for column, index in enumerate(order):
        if index < 2:
            continue
        if header[index].strip():
            ignored.append(" ".join(header[index].split()))
        elif any(visible(row[column]) for row in rows[1:]):
            ignored.append(f"kolom {'ABCDEF'[column]}")
    assert preview.ignored == tuple(ignored)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(ENCODINGS), st.sampled_from([";", ",", "\t"]), st.integers(0, 3),
       st.data())
def test_any_list_without_header_reads_the_first_two_columns_back(
        encoding, delimiter, extras, data) -> None:
    # Without a header the delimiter is told by counting, so the other two may not occur.
    others = "".join(d for d in ";,\t" if d != delimiter)
    listed = data.draw(people(encoding, others))
    values = extra_values(encoding, others)
    rows = [[name, organisation, *(data.draw(values) for _ in range(extras))]
            for name, organisation in listed]
    assume(not any(header_word(cell) in KNOWN_HEADERS for cell in rows[0]))
    event(f"{encoding}, {delimiter!r}")

    preview = parse_participants_csv(_encode(_write(rows, delimiter), encoding))
    assert preview.bad == ()
    assert pairs(preview) == listed
    assert not preview.has_header
    assert [row.line for row in preview.rows] == list(range(1, len(listed) + 1))

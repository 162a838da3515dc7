"""The five participant lists in tests/fixtures/, byte for byte as the programs write them.

Excel NL (Windows-1252, ";"), a Google Sheets download (UTF-8, ",", quoted commas), an
Outlook contact export (92 quoted columns, English headers), a list without header and
Excel's "Unicode-tekst" (UTF-16, tabs). Each must give exactly its names and organisations.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kaart_tui.domain.participants_csv import CsvPreview, parse_participants_csv

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str) -> tuple[bytes, CsvPreview]:
    data = (FIXTURES / name).read_bytes()
    return data, parse_participants_csv(data)


def pairs(preview: CsvPreview) -> list[tuple[str | None, str | None]]:
    return [(row.name, row.organisation) for row in preview.good]


def test_excel_nl_windows_1252_with_semicolons_and_an_e_mail_column() -> None:
    data, preview = read("deelnemers_excel_nl.csv")
    assert b"Jos\xe9 Martens" in data and b"\r\n" in data  # as Excel wrote it, not re-encoded
    assert preview.delimiter == ";" and preview.has_header
    assert pairs(preview) == [
        ("José Martens", "Gemeente Zwolle"),
        ("Anna de Vries", "Travers Welzijn"),
        ("Zoë Brouwer", "Politie Oost"),
        ("Renée Dijkstra", "Sociaal wijkteam Zuid"),
        ("Bram Ünal", "deltaWonen"),
        ("Eva Vos", "Travers Welzijn"),
    ]
    assert preview.bad == ()
    assert [row.line for row in preview.rows] == [2, 3, 4, 5, 6, 7]
    assert preview.ignored == ("E-mail", "Telefoon", "Functie")
    assert preview.ignored_summary == "Genegeerd: E-mail, Telefoon, Functie"
    assert preview.summary == "6 deelnemers in te lezen"
    assert preview.imported_summary == "6 deelnemers ingelezen"


def test_google_sheets_utf8_commas_first_and_last_name_joined() -> None:
    data, preview = read("deelnemers_google_sheets.csv")
    assert "Łucja".encode() in data and not data.startswith(b"\xef\xbb\xbf")
    assert preview.delimiter == "," and preview.has_header
    assert pairs(preview) == [
        ("Karin de Wit", "Tactus Verslavingszorg"),
        ("Mohamed El Idrissi", "Gemeente Deventer, team Wonen"),
        ("Łucja Kowalska", 'Stichting "Samen Sterk"'),
        ("Piet Groen", "Sociaal wijkteam"),
        ("Sanne van den Berg", "Politie Oost-Nederland, basisteam IJsselland"),
    ]
    assert preview.bad == ()
    assert preview.ignored == ("Tijdstempel", "E-mailadres", "Dieetwensen")


def test_outlook_contact_export_with_ninety_two_columns() -> None:
    data, preview = read("deelnemers_outlook.csv")
    assert data.startswith(b'"Title","First Name","Middle Name","Last Name"')
    assert b"M\xfcller" in data  # Outlook writes the Windows code page
    assert preview.delimiter == ","  # though "Partners;Wijkteam" puts a ; on every line
    assert pairs(preview) == [
        ("Jan van der Berg", "Gemeente Zwolle"),  # First + Middle + Last Name
        ("Ingrid Müller", "GGD IJsselland"),  # her notes span two lines, with commas
        ("Nadia Bouzid", "Humanitas, afdeling Zwolle"),
    ]
    (personal,) = preview.bad  # a private contact without a company
    assert (personal.line, personal.name) == (4, "Kees Mol")
    assert personal.problem == "Regel 4: de organisatie ontbreekt."
    assert len(preview.ignored) == 92 - 4
    assert preview.ignored[:3] == ("Title", "Suffix", "Department")
    assert "E-mail Address" in preview.ignored and "Notes" in preview.ignored
    assert preview.ignored_summary == ("Genegeerd: Title, Suffix, Department, Job Title, "
                                       "Business Street, Business Street 2 en 82 andere "
                                       "kolommen")
    assert preview.summary == "3 deelnemers in te lezen, 1 regel overgeslagen"
    assert preview.imported_summary == "3 deelnemers ingelezen, 1 regel overgeslagen"


def test_list_without_header_reads_the_first_two_columns_and_cleans_invisible_marks() -> None:
    data, preview = read("deelnemers_zonder_kopregel.csv")
    assert data.startswith(b"\xef\xbb\xbf") and "\u200b".encode() in data
    assert preview.delimiter == ";" and not preview.has_header
    assert pairs(preview) == [
        ("Fatima el Amrani", "Sociaal wijkteam"),
        ("Ahmed Yılmaz", "Politie Oost"),  # a zero-width space was in the name
        ("Noor Haddad", "Travers Welzijn"),  # a left-to-right mark
        ("Tim Kok", "Tactus"),  # a byte order mark
    ]
    assert [row.line for row in preview.rows] == [1, 2, 3, 4]  # Excel's ";;" row is blank
    assert preview.ignored == ("kolom C",)
    assert preview.ignored_summary == "Genegeerd: kolom C"


def test_excel_unicode_text_utf16_with_tabs_and_the_organisation_first() -> None:
    data, preview = read("deelnemers_unicode_tekst.txt")
    assert data.startswith(b"\xff\xfe")
    assert preview.delimiter == "\t" and preview.has_header
    assert pairs(preview) == [
        ("Ahmed Yılmaz", "Politie Oost"),
        ("Łukasz Nowak", "Gemeente Zwolle"),
        ("Nguyễn Thị Lan", "Travers Welzijn"),
        ("Zoë Brouwer", "Sociaal wijkteam Zuid"),
    ]
    assert preview.ignored == ("Functie",)


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("deelnemers_*")))
def test_each_fixture_is_kept_byte_exact_by_git(name: str) -> None:
    attributes = (FIXTURES / ".gitattributes").read_text(encoding="utf-8")
    assert "deelnemers_* binary" in attributes
    data = (FIXTURES / name).read_bytes()
    assert b"\r\n" in data or b"\r\x00\n\x00" in data  # Windows line ends, unchanged

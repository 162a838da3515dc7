"""Importing a participant list from CSV: decoding, delimiters, header, per-row problems."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaart_tui.domain.model import Participant
from kaart_tui.domain.participants_csv import (
    MAX_CSV_BYTES,
    CsvPreview,
    CsvRow,
    decode_csv_bytes,
    parse_participants_csv,
)
from kaart_tui.errors import DomainError


def pairs(preview: CsvPreview) -> list[tuple[str | None, str | None]]:
    return [(row.name, row.organisation) for row in preview.good]


# -- decoding ---------------------------------------------------------------------------------
def test_decode_utf8_with_and_without_bom_and_normalises_line_endings() -> None:
    text = "José;Gemeente Zwolle\r\nAnna;Travers\rBob;Politie\n"
    expected = "José;Gemeente Zwolle\nAnna;Travers\nBob;Politie\n"
    assert decode_csv_bytes(text.encode("utf-8")) == expected
    assert decode_csv_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == expected


def test_decode_windows_1252_when_not_utf8() -> None:
    assert decode_csv_bytes("José Ünal;Gemeente Zwolle".encode("cp1252")) == \
        "José Ünal;Gemeente Zwolle"


def test_decode_refuses_bytes_that_are_neither_utf8_nor_windows_1252() -> None:
    # 0x81 is undefined in Windows-1252 and invalid on its own in UTF-8.
    with pytest.raises(DomainError) as raised:
        decode_csv_bytes(b"Anna;\x81\xff")
    assert "UTF-8" in raised.value.message


def test_decode_refuses_a_binary_file_such_as_xlsx() -> None:
    with pytest.raises(DomainError) as raised:
        decode_csv_bytes(b"PK\x03\x04\x14\x00\x06\x00naam;organisatie")
    assert "CSV" in raised.value.message


def test_decode_refuses_a_file_that_is_far_too_big() -> None:
    with pytest.raises(DomainError) as raised:
        decode_csv_bytes(b"Anna;Travers\n" * (MAX_CSV_BYTES // 10))
    assert "te groot" in raised.value.message


def test_decode_reads_excel_unicode_text_utf16_with_bom() -> None:
    data = "Naam\tOrganisatie\r\nJosé\tTravers\r\n".encode("utf-16")
    assert parse_participants_csv(data).good[0].name == "José"


# -- delimiters, header, encodings -------------------------------------------------------------
def test_semicolon_with_header() -> None:
    data = "naam;organisatie\nAnna de Vries;Travers\nBob Smit;Politie\n".encode()
    preview = parse_participants_csv(data)
    assert preview.has_header and preview.delimiter == ";"
    assert preview.rows == (CsvRow(2, "Anna de Vries", "Travers"),
                            CsvRow(3, "Bob Smit", "Politie"))
    assert preview.bad == ()
    assert preview.summary == "2 deelnemers in te lezen"


def test_comma_without_header() -> None:
    preview = parse_participants_csv(b"Anna de Vries,Travers\nBob Smit, Politie\n")
    assert not preview.has_header and preview.delimiter == ","
    assert [(r.line, r.name, r.organisation) for r in preview.rows] == [
        (1, "Anna de Vries", "Travers"), (2, "Bob Smit", "Politie")]


def test_tab_separated_with_commas_in_the_names() -> None:
    preview = parse_participants_csv(b"Naam\tOrganisatie\nVries, Anna de\tTravers\n")
    assert preview.delimiter == "\t"
    assert pairs(preview) == [("Vries, Anna de", "Travers")]


@pytest.mark.parametrize("header", [
    "naam;organisatie", "Naam;Organisatie", " NAAM ; Organisatie ", "name;organisation",
    "Deelnemer;Organisatie", "naam;organisatie;", '"Naam";"Organisatie"',
])
def test_header_variants_are_recognised_and_skipped(header: str) -> None:
    preview = parse_participants_csv(f"{header}\r\nAnna;Travers\r\n".encode())
    assert preview.has_header
    assert preview.rows == (CsvRow(2, "Anna", "Travers"),)


def test_header_with_comma() -> None:
    preview = parse_participants_csv(b"Naam,Organisatie\nAnna,Travers\n")
    assert preview.has_header and pairs(preview) == [("Anna", "Travers")]


def test_header_in_reverse_order_swaps_the_columns() -> None:
    preview = parse_participants_csv(b"organisatie;naam\nTravers;Anna\n")
    assert pairs(preview) == [("Anna", "Travers")]


def test_excel_sep_hint_line_sets_the_delimiter() -> None:
    preview = parse_participants_csv(b"sep=,\nnaam,organisatie\nAnna,Travers;Noord\n")
    assert preview.delimiter == ","
    assert preview.rows == (CsvRow(3, "Anna", "Travers;Noord"),)


def test_utf8_with_bom_and_header() -> None:
    data = b"\xef\xbb\xbf" + "Naam;Organisatie\r\nJosé Ünal;Gemeente Zwolle\r\n".encode()
    preview = parse_participants_csv(data)
    assert preview.has_header  # the BOM does not spoil the header
    assert pairs(preview) == [("José Ünal", "Gemeente Zwolle")]


def test_windows_1252_from_excel_decodes_accents() -> None:
    data = "Naam;Organisatie\r\nJosé Ünal;Gemeente Zwolle\r\nZoë Brouwer;Travers\r\n"
    preview = parse_participants_csv(data.encode("cp1252"))
    assert pairs(preview) == [("José Ünal", "Gemeente Zwolle"), ("Zoë Brouwer", "Travers")]


def test_name_with_comma_in_a_semicolon_file_is_not_split() -> None:
    data = b"Jansen, Piet;Travers\nBakker, Jan;Politie\nKees Mol;Gemeente, afdeling Wonen\n"
    preview = parse_participants_csv(data)
    assert preview.delimiter == ";"
    assert pairs(preview) == [("Jansen, Piet", "Travers"), ("Bakker, Jan", "Politie"),
                              ("Kees Mol", "Gemeente, afdeling Wonen")]


def test_semicolon_wins_even_when_a_row_lacks_its_organisation() -> None:
    preview = parse_participants_csv(b"Jansen, Piet;Travers\nBakker, Jan\n")
    assert preview.delimiter == ";"
    assert pairs(preview) == [("Jansen, Piet", "Travers")]
    assert preview.bad[0].line == 2


def test_quoted_fields() -> None:
    data = (b'"Naam","Organisatie"\n'
            b'"Vries, Anna de","Travers"\n'
            b'"Bob ""de Bouwer"" Smit", "Politie, team Noord"\n')
    preview = parse_participants_csv(data)
    assert pairs(preview) == [("Vries, Anna de", "Travers"),
                              ('Bob "de Bouwer" Smit', "Politie, team Noord")]


def test_trailing_empty_columns_and_blank_lines_are_fine() -> None:
    data = b"\nnaam;organisatie;;\n\nAnna;Travers;\n;;\n   \nBob;Politie;;;\n\n"
    preview = parse_participants_csv(data)
    assert preview.rows == (CsvRow(4, "Anna", "Travers"), CsvRow(7, "Bob", "Politie"))


def test_white_space_and_control_characters_are_cleaned() -> None:
    preview = parse_participants_csv(b"  Anna\x07 de Vries ;\tTravers  \n")
    assert pairs(preview) == [("Anna de Vries", "Travers")]


# -- bad rows ---------------------------------------------------------------------------------
def test_bad_row_among_good_rows_gives_exactly_its_problem_and_line() -> None:
    data = b"naam;organisatie\nAnna;Travers\nBob;Politie\nCees;\nDirk;Gemeente\n"
    preview = parse_participants_csv(data)
    assert [r.name for r in preview.good] == ["Anna", "Bob", "Dirk"]
    assert preview.bad == (CsvRow(4, "Cees", None, "Regel 4: de organisatie ontbreekt."),)
    assert [r.line for r in preview.rows] == [2, 3, 4, 5]
    assert preview.summary == "3 deelnemers in te lezen, 1 regel overgeslagen"
    assert [p.name for p in preview.participants()] == ["Anna", "Bob", "Dirk"]


@pytest.mark.parametrize("line, fragment", [
    (b";Travers", "de naam ontbreekt"),
    (b"  ;Travers", "de naam ontbreekt"),
    (b"Cees;  ", "de organisatie ontbreekt"),
    (b"Cees;;;", "de organisatie ontbreekt"),
    (b"Cees", "alleen 'Cees' gevonden; de organisatie ontbreekt"),
    (b"Cees;Travers;cees@example.nl", "3 kolommen"),
    (b"Cees;;Travers", "3 kolommen"),
    (b"\x07;Travers", "de naam is leeg"),
    (b"Cees;\x01\x02", "de organisatie is leeg"),
    (b"C" * 201 + b";Travers", "201 tekens"),
    (b"Cees;" + b"T" * 300, "het maximum is 200"),
])
def test_row_problems_name_the_line(line: bytes, fragment: str | None) -> None:
    preview = parse_participants_csv(b"Anna;Travers\n" + line + b"\nBob;Politie\n")
    assert [r.name for r in preview.good] == ["Anna", "Bob"]
    (bad,) = preview.bad
    assert bad.line == 2
    assert bad.problem is not None and bad.problem.startswith("Regel 2: ")
    if fragment:
        assert fragment in bad.problem


def test_more_than_two_columns_says_what_was_found() -> None:
    preview = parse_participants_csv(b"Anna;Travers\nCees;Travers;cees@example.nl\n")
    problem = preview.bad[0].problem
    assert "'Cees'" in problem and "'cees@example.nl'" in problem


def test_unquoted_comma_in_a_comma_file_gets_a_hint() -> None:
    preview = parse_participants_csv(b"Anna,Travers\nJansen, Piet,Politie\n")
    problem = preview.bad[0].problem
    assert "3 kolommen" in problem and "aanhalingstekens" in problem


def test_unclosed_quote_is_reported_instead_of_swallowing_silently() -> None:
    preview = parse_participants_csv(b'Anna;Travers\n"Bob;Politie\nCees;Gemeente\n')
    assert pairs(preview) == [("Anna", "Travers")]
    assert "aanhalingsteken" in preview.bad[0].problem


def test_duplicate_within_the_file() -> None:
    data = (b"Anna de Vries;Travers\nBob;Politie\n  anna  DE vries ; TRAVERS \n"
            b"Anna de Vries;Politie\n")
    preview = parse_participants_csv(data)
    assert pairs(preview) == [("Anna de Vries", "Travers"), ("Bob", "Politie"),
                              ("Anna de Vries", "Politie")]
    (bad,) = preview.bad
    assert bad.line == 3 and "regel 1" in bad.problem


def test_duplicate_of_someone_already_in_the_session() -> None:
    existing = [Participant("p01", "Anna de Vries", "Travers")]
    preview = parse_participants_csv(b"ANNA DE  VRIES;travers\nBob;Politie\n", existing)
    assert pairs(preview) == [("Bob", "Politie")]
    assert preview.bad[0].line == 1
    assert "staat al in de sessie" in preview.bad[0].problem
    assert preview.summary == "1 deelnemer in te lezen, 1 regel overgeslagen"


def test_all_rows_bad_is_a_preview_not_an_error() -> None:
    preview = parse_participants_csv(b"Anna\nBob\n")
    assert preview.good == () and len(preview.bad) == 2
    assert preview.participants() == []
    assert preview.summary == "geen deelnemers in te lezen, 2 regels overgeslagen"


def test_participants_get_fresh_distinct_ids() -> None:
    preview = parse_participants_csv(b"Anna;Travers\nBob;Politie\n")
    first, second = preview.participants(), preview.participants()
    assert [(p.name, p.organisation) for p in first] == [("Anna", "Travers"), ("Bob", "Politie")]
    ids = {p.id for p in first + second}
    assert len(ids) == 4 and all(i.startswith("p-") for i in ids)


# -- whole-file refusals ----------------------------------------------------------------------
@pytest.mark.parametrize("data", [b"", b"\n\n", b"\xef\xbb\xbf", b" ; \r\n;;\r\n", b"sep=;\n"])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(DomainError) as raised:
        parse_participants_csv(data)
    assert "geen deelnemers" in raised.value.message


def test_header_only_file() -> None:
    with pytest.raises(DomainError) as raised:
        parse_participants_csv(b"\xef\xbb\xbfNaam;Organisatie\r\n\r\n")
    assert "kopregel" in raised.value.message and "geen deelnemers" in raised.value.message


def test_huge_field_is_a_domain_error() -> None:
    with pytest.raises(DomainError):
        parse_participants_csv(b'"' + b"x" * 200_000 + b"\n")


# -- fuzz -------------------------------------------------------------------------------------
def _check_outcome(data: bytes) -> None:
    try:
        preview = parse_participants_csv(data)
    except DomainError as error:
        assert error.message
        return
    assert isinstance(preview, CsvPreview) and preview.rows
    for row in preview.rows:
        assert row.line >= 1
        assert (row.problem is None) or row.problem.startswith(f"Regel {row.line}: ")
    for row in preview.good:
        assert row.name and row.name.strip() and row.organisation and row.organisation.strip()
        assert len(row.name) <= 200 and len(row.organisation) <= 200
    assert len(preview.participants()) == len(preview.good)
    assert preview.summary


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_fuzz_arbitrary_bytes_give_a_preview_or_a_domain_error(data: bytes) -> None:
    _check_outcome(data)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_fuzz_arbitrary_text_as_utf8_gives_a_preview_or_a_domain_error(text: str) -> None:
    _check_outcome(text.encode("utf-8"))


_cell = st.text(alphabet=st.sampled_from('ab é,;\t"\r\n\x07'), max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_cell, max_size=4), max_size=8), st.sampled_from([";", ",", "\t"]),
       st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_fuzz_csv_like_input_gives_a_preview_or_a_domain_error(
        rows: list[list[str]], delimiter: str, encoding: str) -> None:
    text = "\r\n".join(delimiter.join(cells) for cells in rows)
    _check_outcome(text.encode(encoding))

"""The removed name leaves the session's exports, and nothing else is touched (AVG).

The whole path (remove a person, search every file of the data folder) is in
test_removal_everywhere.py; these are the edges of the rewrite itself.
"""

from __future__ import annotations

import json
import os
import stat

import pytest
from docx import Document

from kaart_tui.store.forgetting import (
    REPLACEMENT,
    scrub_exports,
    scrub_kept_copy,
    session_exports,
)


def verslag(path, *lines: str) -> None:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = lines[0]
    document.save(str(path))


def texts_of(path) -> list[str]:
    document = Document(str(path))
    return [p.text for p in document.paragraphs] + [document.tables[0].cell(0, 0).text]


def test_a_name_goes_only_where_it_stands_whole_and_not_from_people_who_stay(tmp_path):
    target = tmp_path / "team-bijeenkomst-1-2026-11-03.docx"
    verslag(target, "Jan", "Jan de Boer belt Jan", "Janneke & Jan", "Jan, Piet en Jan.")
    told = scrub_exports(tmp_path, "team", ["Jan"], keep=["Jan de Boer", "Piet"])
    assert texts_of(target) == [REPLACEMENT, f"Jan de Boer belt {REPLACEMENT}",
                                f"Janneke & {REPLACEMENT}",
                                f"{REPLACEMENT}, Piet en {REPLACEMENT}.", REPLACEMENT]
    assert told == [f"De naam is ook uit {target.name} gehaald."]


def test_a_kept_copy_loses_the_name_and_keeps_bytes_that_do_not_decode(tmp_path):
    kept = tmp_path / "team.beschadigd-1.json"
    kept.write_bytes(b'{"a": "Jan", "b": "Jan de Boer", "c": "Jannek\\u00e9"}\xff\xfe')
    scrub_kept_copy(kept, ["Jan"], keep=["Jan de Boer"])
    assert kept.read_bytes() == (b'{"a": "(verwijderd)", "b": "Jan de Boer", '
                                 b'"c": "Jannek\\u00e9"}\xff\xfe')


def test_names_with_markup_characters_are_found_as_word_writes_them(tmp_path):
    name = 'Zoë "Ŋina" d\'Ålmeida & <Co>'
    target = tmp_path / "team-bijeenkomst-2-2026-11-03-anoniem.docx"
    verslag(target, f"Aanwezig: {name}")
    scrub_exports(tmp_path, "team", [name])
    assert texts_of(target)[0] == f"Aanwezig: {REPLACEMENT}"


def test_a_bundle_stays_json_and_loses_the_name(tmp_path):
    bundle = tmp_path / "team.json"
    bundle.write_text(json.dumps({"naam": "Zoë \"Ŋ\"", "ander": "Zoë \"Ŋ\" en Bram"},
                                 ensure_ascii=True), encoding="utf-8")
    scrub_exports(tmp_path, "team", ['Zoë "Ŋ"'])
    assert json.loads(bundle.read_text(encoding="utf-8")) == {
        "naam": REPLACEMENT, "ander": f"{REPLACEMENT} en Bram"}


def test_other_sessions_files_are_left_alone(tmp_path):
    """'team' and 'team-2' are two sessions: removing Jan from the first leaves the
    second's verslag and every file kaart did not make."""
    ours = tmp_path / "team-bijeenkomst-1-2026-11-03.docx"
    theirs = tmp_path / "team-2-bijeenkomst-1-2026-11-03.docx"
    other = tmp_path / "notities-team.docx"
    for path in (ours, theirs, other):
        verslag(path, "Jan")
    assert session_exports(tmp_path, "team") == [ours]
    before = {p: p.read_bytes() for p in (theirs, other)}
    scrub_exports(tmp_path, "team", ["Jan"])
    assert texts_of(ours)[0] == REPLACEMENT
    assert {p: p.read_bytes() for p in (theirs, other)} == before


def test_a_poster_with_names_goes_an_anonymous_one_stays(tmp_path):
    named = tmp_path / "team-poster-bijeenkomst-1-2026-11-03.pdf"
    anonymous = tmp_path / "team-poster-bijeenkomst-1-2026-11-03-anoniem.pdf"
    for path in (named, anonymous):
        path.write_bytes(b"%PDF-1.4 ...")
    told = scrub_exports(tmp_path, "team", ["Jan"])
    assert not named.exists() and anonymous.exists()
    assert told == [f"Poster {named.name} verwijderd: er stonden namen op. Maak hem opnieuw "
                    "met Ctrl+P, Poster maken."]


@pytest.mark.skipif(os.name != "posix", reason="read-only by mode bits")
def test_a_file_that_cannot_be_rewritten_is_refused_and_left_whole(tmp_path):
    target = tmp_path / "team-bijeenkomst-1-2026-11-03.docx"
    verslag(target, "Jan")
    before = target.read_bytes()
    target.chmod(stat.S_IRUSR)
    try:
        with pytest.raises(OSError):
            scrub_exports(tmp_path, "team", ["Jan"])
    finally:
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert target.read_bytes() == before


def test_nothing_to_forget_touches_nothing(tmp_path):
    target = tmp_path / "team-bijeenkomst-1-2026-11-03.docx"
    verslag(target, "Jan")
    before = target.read_bytes()
    assert scrub_exports(tmp_path, "team", ["", "  "]) == []
    assert scrub_exports(tmp_path / "weg", "team", ["Jan"]) == []
    assert target.read_bytes() == before


def test_a_damaged_export_is_named_and_the_others_are_still_done(tmp_path):
    """A file with our name that is no document (damaged, or not made by kaart) cannot be
    searched: the facilitator is told, and the removal itself is not stopped by it."""
    damaged = tmp_path / "team-bijeenkomst-1-2026-11-03.docx"
    damaged.write_bytes(b"PK\x03\x04 niet meer heel")
    bundle = tmp_path / "team.json"
    bundle.write_bytes(b"\xff\xfe not utf-8")
    good = tmp_path / "team-bijeenkomst-2-2026-11-17.docx"
    verslag(good, "Jan")
    told = scrub_exports(tmp_path, "team", ["Jan"])
    assert texts_of(good)[0] == REPLACEMENT
    assert f"{damaged.name} kon niet worden gelezen; kijk zelf of de naam erin staat." in told
    assert f"{bundle.name} kon niet worden gelezen; kijk zelf of de naam erin staat." in told

"""Shared places in the verslag's top as the reports write them (issue 17): one line per
place, "B en C (gedeeld, 8 stemmen)", and the numbers skip after it (1, 1 -> 3)."""

from __future__ import annotations

from datetime import date

import docx
from docx.oxml.ns import qn

from kaart_tui.domain import voting
from kaart_tui.domain.changes import apply_to_card
from kaart_tui.domain.model import (
    Attendance,
    AttendanceStatus,
    Bijeenkomst,
    Card,
    Participant,
    SessionInfo,
    Theme,
    VotingMode,
)
from kaart_tui.domain.ranking import candidates
from kaart_tui.domain.steps import Step
from kaart_tui.export.run import export_verslag


def card_with_tally(counts: list[int]) -> Card:
    card = Card(SessionInfo.create("Team De Linde", "Team De Linde"))
    card.put(Bijeenkomst("b1", 1, date(2026, 3, 2), "Stadhuis"))
    card.put(Participant("p1", "Anna de Vries", "Wijkteam"))
    card.put(Attendance("p1", "b1", AttendanceStatus.AANWEZIG))
    for i in range(len(counts)):
        card.put(Theme(f"t{i}", Step.WAARDEN, f"Thema {chr(65 + i)}", "b1"))
    apply_to_card(card, voting.start_round(card, Step.WAARDEN, "b1", VotingMode.TELLING))
    for candidate, count in zip(candidates(card, Step.WAARDEN, "b1"), counts):
        if count:
            apply_to_card(card, voting.set_tally(card, Step.WAARDEN, "b1", candidate, count))
    return card


def top_of_waarden(path) -> list[tuple[int, str]]:
    """(number Word shows, text) of each numbered line under the first "Top" heading."""
    document = docx.Document(str(path))
    numbering = document.part.numbering_part.element
    starts = {}
    for num in numbering.findall(qn("w:num")):
        override = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        starts[num.get(qn("w:numId"))] = int(override.get(qn("w:val"))) if override is not None \
            else 1
    lines, seen, counter = [], False, {}
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 2" and paragraph.text.startswith("Top "):
            seen = True
            continue
        if seen and paragraph.style.name != "List Number":
            if lines:
                break
            continue
        if seen:
            num_id = paragraph._p.pPr.numPr.numId.val
            counter[num_id] = counter.get(num_id, starts[str(num_id)] - 1) + 1
            lines.append((counter[num_id], paragraph.text))
    return lines


def test_a_shared_first_place_is_one_line_and_the_next_place_is_three(tmp_path):
    path = export_verslag(card_with_tally([9, 9, 5, 2]), "linde", tmp_path, None)
    assert top_of_waarden(path) == [(1, "Thema A en Thema B (gedeeld, 9 stemmen)"),
                                    (3, "Thema C (5 stemmen)")]


def test_a_shared_second_place_as_the_reports_write_it(tmp_path):
    path = export_verslag(card_with_tally([9, 8, 8, 1]), "linde", tmp_path, None)
    assert top_of_waarden(path) == [(1, "Thema A (9 stemmen)"),
                                    (2, "Thema B en Thema C (gedeeld, 8 stemmen)")]


def test_three_sharing_the_cut_are_named_with_commas(tmp_path):
    path = export_verslag(card_with_tally([9, 8, 4, 4, 4]), "linde", tmp_path, None)
    assert top_of_waarden(path) == [(1, "Thema A (9 stemmen)"), (2, "Thema B (8 stemmen)"),
                                    (3, "Thema C, Thema D en Thema E (gedeeld, 4 stemmen)")]

"""Attendance per organisation in the wording of the verslag (seed 000, Bijlage 1)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import FIXTURES

from kaart_tui.bundle import card_from_data
from kaart_tui.domain.attendance import (
    TOTAL_LABEL,
    Presence,
    attendance_table,
    personen,
    presence,
    presence_ratio,
)
from kaart_tui.domain.model import (
    Attendance,
    AttendanceStatus,
    Bijeenkomst,
    Card,
    Participant,
    SessionInfo,
)

BIJLAGE1 = json.loads((FIXTURES / "bijlage1_seed000.json").read_text(encoding="utf-8"))
TEAMS = {team["key"]: team for team in BIJLAGE1["teams"]}


def card_from_fixture(team: dict) -> Card:
    """The Card of one Bijlage-1 table, built from the fixture's records by hand."""
    raw = team["bundle"]
    card = Card(SessionInfo.create(raw["session"]["title"], raw["session"]["team"]))
    for p in raw["participants"]:
        card.put(Participant(p["id"], p["name"], p["organisation"]))
    for b in raw["bijeenkomsten"]:
        card.put(Bijeenkomst(b["id"], b["number"], date.fromisoformat(b["date"]), b["location"]))
    for a in raw["attendance"]:
        card.put(Attendance(a["participant"], a["bijeenkomst"], AttendanceStatus(a["status"])))
    return card


def small_card() -> Card:
    card = Card(SessionInfo.create("Test", "Team"))
    card.put(Bijeenkomst("b1", 1, date(2026, 10, 6)))
    card.put(Bijeenkomst("b2", 2, date(2026, 11, 3)))
    return card


def add_person(card: Card, pid: str, organisation: str, **statuses: str) -> None:
    card.put(Participant(pid, pid.upper(), organisation))
    for bijeenkomst, status in statuses.items():
        card.put(Attendance(pid, bijeenkomst, AttendanceStatus(status)))


# -- the wording of one cell ------------------------------------------------------------------
@pytest.mark.parametrize(("present", "absent", "text"), [
    (1, 0, "1 persoon"),
    (2, 0, "2 personen"),
    (12, 0, "12 personen"),
    (1, 1, "1 persoon (1 afwezig)"),
    (9, 3, "9 personen (3 afwezig)"),
    (0, 1, "(1 afwezig)"),
    (0, 2, "(2 afwezig)"),
    (0, 0, ""),
])
def test_presence_text_wording(present: int, absent: int, text: str) -> None:
    assert Presence(present, absent).text == text


def test_personen_singular_and_plural() -> None:
    assert personen(1) == "1 persoon"
    assert personen(0) == "0 personen"
    assert personen(3) == "3 personen"


def test_presence_adds_up() -> None:
    assert Presence(2, 1) + Presence(1, 2) == Presence(3, 3)


def test_cells_and_total_row_on_a_small_card() -> None:
    card = small_card()
    add_person(card, "a1", "Handhaving", b1="aanwezig", b2="afwezig")
    add_person(card, "a2", "Handhaving", b1="aanwezig")
    add_person(card, "w1", "Wijkagent", b1="afwezig")
    add_person(card, "g1", "Gemeente")  # never expected: no records at all

    table = attendance_table(card)

    assert [b.id for b in table.bijeenkomsten] == ["b1", "b2"]
    rows = {row.label: row.texts for row in table.rows}
    assert rows == {
        "Handhaving": ("2 personen", "(1 afwezig)"),
        "Wijkagent": ("(1 afwezig)", ""),
        "Gemeente": ("", ""),
    }
    assert table.total.label == TOTAL_LABEL == "Aanwezig"
    assert table.total.texts == ("2 personen (1 afwezig)", "(1 afwezig)")


def test_rows_follow_the_order_organisations_were_added() -> None:
    card = small_card()
    add_person(card, "x1", "Travers", b1="aanwezig")
    add_person(card, "x2", "Gemeente Zwolle", b1="aanwezig")
    add_person(card, "x3", "Travers", b1="aanwezig")
    add_person(card, "x4", "Handhaving", b1="aanwezig")
    table = attendance_table(card)
    assert [row.label for row in table.rows] == ["Travers", "Gemeente Zwolle", "Handhaving"]
    assert table.rows[0].texts == ("2 personen", "")


def test_columns_are_in_bijeenkomst_order_not_insertion_order() -> None:
    card = Card(SessionInfo.create("Test", "Team"))
    card.put(Bijeenkomst("later", 2, date(2026, 11, 3)))
    card.put(Bijeenkomst("eerder", 1, date(2026, 10, 6)))
    add_person(card, "p1", "Travers", eerder="aanwezig", later="afwezig")
    table = attendance_table(card)
    assert [b.id for b in table.bijeenkomsten] == ["eerder", "later"]
    assert table.rows[0].texts == ("1 persoon", "(1 afwezig)")


def test_table_for_chosen_bijeenkomsten_only() -> None:
    card = small_card()
    add_person(card, "p1", "Travers", b1="afwezig", b2="aanwezig")
    table = attendance_table(card, [card.bijeenkomsten["b2"]])
    assert [b.id for b in table.bijeenkomsten] == ["b2"]
    assert table.rows[0].texts == ("1 persoon",)
    assert table.total.texts == ("1 persoon",)


def test_empty_card_has_no_rows_and_empty_totals() -> None:
    table = attendance_table(small_card())
    assert table.rows == ()
    assert table.total.texts == ("", "")


def test_presence_per_organisation_and_overall() -> None:
    card = small_card()
    add_person(card, "a1", "Travers", b1="aanwezig")
    add_person(card, "a2", "Travers", b1="afwezig")
    add_person(card, "h1", "Handhaving", b1="aanwezig")
    assert presence(card, "b1", "Travers") == Presence(1, 1)
    assert presence(card, "b1") == Presence(2, 1)
    assert presence(card, "b2") == Presence(0, 0)


# -- seed 000, Bijlage 1: the three printed tables -------------------------------------------
@pytest.mark.parametrize("key", sorted(TEAMS))
def test_bijlage1_table_matches_the_report(key: str) -> None:
    team = TEAMS[key]
    table = attendance_table(card_from_fixture(team))

    expected_rows = [(row["organisation"], tuple(row["texts"]))
                     for row in team["expected"]["rows"]]
    assert [(row.label, row.texts) for row in table.rows] == expected_rows
    assert table.total.label == team["expected"]["total"]["label"] == "Aanwezig"
    assert table.total.texts == tuple(team["expected"]["total"]["texts"])


def test_bijlage1_kamperpoort_totals() -> None:
    table = attendance_table(card_from_fixture(TEAMS["kamperpoort"]))
    assert table.total.texts == ("12 personen", "9 personen (3 afwezig)")
    rows = {row.label: row.texts for row in table.rows}
    assert rows["Travers"] == ("3 personen", "3 personen")
    assert rows["Handhaving"] == ("3 personen", "1 persoon (1 afwezig)")
    assert rows["Wijkagent"] == ("1 persoon", "(1 afwezig)")


def test_bijlage1_fixture_counts_people_without_a_record_as_neither() -> None:
    # Gemeente Zwolle in Kamperpoort: 2 present, then 3 present; the third person has no
    # record for bijeenkomst 1 and must not show up there as absent.
    team = TEAMS["kamperpoort"]
    card = card_from_fixture(team)
    gemeente = [p for p in card.participants.values() if p.organisation == "Gemeente Zwolle"]
    assert len(gemeente) == 3
    assert sum(card.status(p.id, "b1") is AttendanceStatus.ONBEKEND for p in gemeente) == 1
    assert presence(card, "b1", "Gemeente Zwolle") == Presence(2, 0)


@pytest.mark.parametrize("key", sorted(TEAMS))
def test_bijlage1_fixture_is_a_valid_bundle_with_the_same_table(key: str) -> None:
    # The export tests read the same fixture through the bundle codec.
    team = TEAMS[key]
    by_hand = attendance_table(card_from_fixture(team))
    from_bundle = attendance_table(card_from_data(team["bundle"]))
    assert [r.texts for r in from_bundle.rows] == [r.texts for r in by_hand.rows]
    assert from_bundle.total.texts == by_hand.total.texts


# -- presence_ratio ---------------------------------------------------------------------------
def test_presence_ratio_is_share_of_everyone_in_the_team() -> None:
    card = card_from_fixture(TEAMS["kamperpoort"])
    # 13 people in the session; one was not marked at the first bijeenkomst.
    assert len(card.participants) == 13
    assert presence_ratio(card, "b1") == pytest.approx(12 / 13)
    assert presence_ratio(card, "b2") == pytest.approx(9 / 13)


def test_presence_ratio_counts_people_without_a_record_as_not_yet_present() -> None:
    card = small_card()
    add_person(card, "p1", "Travers", b1="aanwezig")
    add_person(card, "p2", "Travers", b1="afwezig")
    add_person(card, "p3", "Travers")
    assert presence_ratio(card, "b1") == pytest.approx(1 / 3)


def test_presence_ratio_none_when_nobody_is_in_the_team() -> None:
    assert presence_ratio(small_card(), "b1") is None


def test_presence_ratio_zero_when_everyone_sent_apologies() -> None:
    card = small_card()
    add_person(card, "p1", "Travers", b1="afwezig")
    assert presence_ratio(card, "b1") == 0.0

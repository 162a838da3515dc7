"""Participants, bijeenkomsten, attendance and the score round as domain rules (issue 4),
plus the two store duties they bring: the quorum setting and forgetting a removed person.
"""

from __future__ import annotations

import copy
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaart_tui.bundle import bundle_text, card_to_data
from kaart_tui.domain import attendance, people
from kaart_tui.domain.attendance import attendance_table
from kaart_tui.domain.changes import apply_to_card, invert
from kaart_tui.domain.model import (
    Action,
    Attendance,
    AttendanceStatus,
    Bijeenkomst,
    Card,
    Entry,
    Participant,
    Score,
    SessionInfo,
    Settings,
    Vote,
)
from kaart_tui.errors import DomainError
from kaart_tui.store import DataFolder
from kaart_tui.workshop import Workshop

AANWEZIG, AFWEZIG, ONBEKEND = (AttendanceStatus.AANWEZIG, AttendanceStatus.AFWEZIG,
                               AttendanceStatus.ONBEKEND)


# -- helpers ---------------------------------------------------------------------------------
def apply(card: Card, change) -> Card:
    apply_to_card(card, change)
    return card


def small_card(quorum: float = 0.7) -> Card:
    card = Card(SessionInfo.create("Test", "Team"))
    card.put(Settings(quorum=quorum))
    card.put(Bijeenkomst("b1", 1, date(2026, 10, 6)))
    card.put(Bijeenkomst("b2", 2, date(2026, 11, 3)))
    card.put(Bijeenkomst("b3", 3, date(2026, 12, 1)))
    return card


def person(card: Card, pid: str, organisation: str = "Travers", **statuses: str) -> str:
    card.put(Participant(pid, f"Persoon {pid}", organisation))
    for bijeenkomst, status in statuses.items():
        card.put(Attendance(pid, bijeenkomst, AttendanceStatus(status)))
    return pid


def snapshot(card: Card) -> dict:
    """Everything of a card, with the order of every collection."""
    return {"data": card_to_data(card),
            "keys": {name: list(card.collection(t)) for t, name in
                     ((Participant, "p"), (Attendance, "a"), (Score, "s"), (Entry, "e"),
                      (Vote, "v"), (Action, "x"))}}


# -- adding and editing participants ---------------------------------------------------------
def test_add_participant_puts_a_new_cleaned_person():
    card = small_card()
    change = people.add_participant(card, "  Anna   de Vries ", " Travers ")
    apply(card, change)
    [added] = card.participants.values()
    assert (added.name, added.organisation) == ("Anna   de Vries", "Travers")
    assert change.focus == added.id


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_add_participant_refuses_an_empty_name(name):
    with pytest.raises(DomainError, match="naam is leeg"):
        people.add_participant(small_card(), name, "Travers")


def test_add_participant_refuses_an_empty_organisation():
    with pytest.raises(DomainError, match="organisatie is leeg"):
        people.add_participant(small_card(), "Anna", "  ")


@pytest.mark.parametrize(("name", "organisation"), [
    ("Anna de Vries", "Travers"),
    ("anna DE vries", "TRAVERS"),
    ("  Anna  de   Vries ", "Travers "),
    ("Anna de\tVries", "travers"),
])
def test_the_same_name_at_the_same_organisation_is_refused(name, organisation):
    card = apply(small_card(), people.add_participant(small_card(), "Anna de Vries", "Travers"))
    with pytest.raises(DomainError, match="staat al in de sessie"):
        people.add_participant(card, name, organisation)
    assert len(card.participants) == 1


def test_the_same_name_at_another_organisation_is_allowed():
    card = small_card()
    apply(card, people.add_participant(card, "Anna de Vries", "Travers"))
    apply(card, people.add_participant(card, "Anna de Vries", "Gemeente Zwolle"))
    assert sorted(p.organisation for p in card.participants.values()) == \
        ["Gemeente Zwolle", "Travers"]


def test_edit_participant_changes_name_and_organisation_in_place():
    card = small_card()
    person(card, "p1", "Travers", b1="aanwezig")
    person(card, "p2", "Politie")
    apply(card, people.edit_participant(card, "p1", "Anna Jansen", "Tactus"))
    assert list(card.participants) == ["p1", "p2"]
    assert card.participants["p1"] == Participant("p1", "Anna Jansen", "Tactus")
    assert card.status("p1", "b1") is AANWEZIG  # attendance keeps following the person


def test_edit_participant_refuses_a_duplicate_but_allows_changing_own_case():
    card = small_card()
    apply(card, people.add_participant(card, "Anna", "Travers"))
    apply(card, people.add_participant(card, "Bert", "Travers"))
    anna, bert = card.participants
    with pytest.raises(DomainError, match="staat al in de sessie"):
        people.edit_participant(card, bert, " ANNA ", "travers")
    apply(card, people.edit_participant(card, anna, "ANNA", "Travers"))  # itself: fine
    assert card.participants[anna].name == "ANNA"
    with pytest.raises(DomainError, match="naam is leeg"):
        people.edit_participant(card, anna, "", "Travers")


def test_edit_or_remove_an_unknown_participant_is_refused():
    with pytest.raises(DomainError, match="bestaat niet"):
        people.edit_participant(small_card(), "p-weg", "Anna", "Travers")
    with pytest.raises(DomainError, match="bestaat niet"):
        people.remove_participant(small_card(), "p-weg")


def test_add_participants_is_one_change_that_undoes_as_one():
    card = small_card()
    person(card, "p0", "Politie")
    before = snapshot(card)
    newcomers = [Participant(f"n{i}", f"Nieuw {i}", "Travers") for i in range(5)]
    change = people.add_participants(card, newcomers)
    assert change.label == "5 deelnemers ingelezen"
    assert change.put == tuple(newcomers) and change.remove == ()
    inverse = invert(change, card)
    apply(card, change)
    assert list(card.participants) == ["p0", "n0", "n1", "n2", "n3", "n4"]
    apply(card, inverse)
    assert snapshot(card) == before
    assert people.add_participants(card, newcomers[:1]).label == "1 deelnemer ingelezen"


# -- removing a participant (AVG) ------------------------------------------------------------
def test_remove_participant_forgets_the_name_and_keeps_what_happened(demo_card):
    card = demo_card
    pid = "p01"
    name = card.participants[pid].name
    entries = {e.id for e in card.entries.values() if e.participant == pid}
    votes = {v.id for v in card.votes.values() if v.participant == pid}
    actions = {a.id for a in card.actions.values() if a.owner == pid}
    assert entries and actions and votes  # the demo person contributed something
    attendance = {k: a for k, a in card.attendance.items() if k[0] == pid}
    assert attendance and any(k[0] == pid for k in card.scores)
    texts = {e.id: e.text for e in card.entries.values()}
    counts = (len(card.entries), len(card.votes), len(card.actions))

    change = people.remove_participant(card, pid)
    apply(card, change)

    forgotten = card.participants[pid]
    assert forgotten.name == "" and forgotten.removed
    assert forgotten.removed_after == card.latest_bijeenkomst().id
    assert forgotten not in card.people()
    assert change.forget == (name,)
    assert (len(card.entries), len(card.votes), len(card.actions)) == counts
    # Still theirs, without a name: nothing that happened is rewritten.
    assert all(card.entries[i].participant == pid for i in entries)
    assert all(card.votes[i].participant == pid for i in votes)
    assert all(card.actions[i].owner == pid for i in actions)
    assert {e.id: e.text for e in card.entries.values()} == texts
    assert {k: a for k, a in card.attendance.items() if k[0] == pid} == attendance
    assert not any(k[0] == pid for k in card.scores)
    assert name not in bundle_text(card)


def test_a_person_in_a_session_without_bijeenkomsten_leaves_no_trace():
    card = Card(SessionInfo.create("Test", "Team"))
    person(card, "p-fout", "Travers")
    apply(card, people.remove_participant(card, "p-fout"))
    assert "p-fout" not in card.participants


def test_a_forgotten_person_is_not_expected_after_the_removal():
    card = small_card()
    person(card, "p0", "Travers", b1="aanwezig", b2="afwezig")
    person(card, "p1", "Politie", b1="aanwezig")
    card.remove(card.bijeenkomsten["b3"])
    apply(card, people.remove_participant(card, "p0"))
    assert attendance.presence(card, "b2") == attendance.Presence(0, 1)
    card.put(Bijeenkomst("b3", 3, date(2026, 12, 1)))
    assert attendance.expected_count(card, "b2") == 2
    assert attendance.expected_count(card, "b3") == 1


@pytest.mark.parametrize("pid", [f"p{n:02d}" for n in range(1, 13)])
def test_undoing_a_removal_restores_the_card_exactly(demo_card, pid):
    card = demo_card
    before = snapshot(card)
    change = people.remove_participant(card, pid)
    inverse = invert(change, card)
    apply(card, change)
    assert snapshot(card) != before
    apply(card, inverse)
    assert snapshot(card) == before


def test_other_peoples_records_are_untouched_by_a_removal(demo_card):
    card = demo_card

    def involves(record, pid: str) -> bool:
        return ((isinstance(record, Participant) and record.id == pid)
                or getattr(record, "participant", None) == pid
                or getattr(record, "owner", None) == pid)

    others = [r for r in card.records() if not involves(r, "p02")]
    apply(card, people.remove_participant(card, "p02"))
    assert [r for r in card.records() if r in others] == others


# -- attendance ------------------------------------------------------------------------------
def test_set_attendance_puts_and_onbekend_removes_the_record():
    card = small_card()
    person(card, "p1")
    apply(card, people.set_attendance(card, "p1", "b1", AANWEZIG))
    assert card.attendance[("p1", "b1")].status is AANWEZIG
    apply(card, people.set_attendance(card, "p1", "b1", AFWEZIG))
    assert card.attendance[("p1", "b1")].status is AFWEZIG
    assert len(card.attendance) == 1
    apply(card, people.set_attendance(card, "p1", "b1", ONBEKEND))
    assert ("p1", "b1") not in card.attendance
    assert card.status("p1", "b1") is ONBEKEND
    # Onbekend on a person without a record changes nothing.
    change = people.set_attendance(card, "p1", "b2", ONBEKEND)
    assert change.put == () and change.remove == ()


def test_set_attendance_refuses_unknown_person_or_bijeenkomst():
    card = small_card()
    person(card, "p1")
    with pytest.raises(DomainError, match="deelnemer bestaat niet"):
        people.set_attendance(card, "p9", "b1", AANWEZIG)
    with pytest.raises(DomainError, match="bijeenkomst bestaat niet"):
        people.set_attendance(card, "p1", "b9", AANWEZIG)


def test_next_status_cycles_onbekend_aanwezig_afwezig():
    assert people.next_status(ONBEKEND) is AANWEZIG
    assert people.next_status(AANWEZIG) is AFWEZIG
    assert people.next_status(AFWEZIG) is ONBEKEND
    status = ONBEKEND
    for _ in range(3):
        status = people.next_status(status)
    assert status is ONBEKEND


# -- scores ----------------------------------------------------------------------------------
@pytest.mark.parametrize("score", [1, 5, 10])
def test_a_present_participant_gets_a_score_from_1_to_10(score):
    card = small_card()
    person(card, "p1", b1="aanwezig")
    apply(card, people.set_score(card, "p1", "b1", score))
    assert card.scores[("p1", "b1")].score == score


@pytest.mark.parametrize("score", [0, 11, -1, 100])
def test_a_score_outside_1_to_10_is_refused(score):
    card = small_card()
    person(card, "p1", b1="aanwezig")
    with pytest.raises(DomainError, match="tussen 1 en 10"):
        people.set_score(card, "p1", "b1", score)


@pytest.mark.parametrize("status", [None, "afwezig"])
def test_only_a_present_participant_gets_a_score(status):
    card = small_card()
    person(card, "p1", **({"b1": status} if status else {}))
    with pytest.raises(DomainError, match="niet als aanwezig"):
        people.set_score(card, "p1", "b1", 7)
    assert not card.scores


def test_a_score_of_none_clears_it_and_replacing_keeps_one_record():
    card = small_card()
    person(card, "p1", b1="aanwezig")
    apply(card, people.set_score(card, "p1", "b1", 4))
    apply(card, people.set_score(card, "p1", "b1", 8))
    assert list(card.scores.values()) == [Score("p1", "b1", 8)]
    apply(card, people.set_score(card, "p1", "b1", None))
    assert not card.scores
    assert people.set_score(card, "p1", "b1", None).remove == ()  # nothing left to clear


def test_score_summary_average_and_change_since_the_previous_round():
    card = small_card()
    for pid in ("p1", "p2"):
        person(card, pid, b1="aanwezig", b2="aanwezig", b3="aanwezig")
    assert people.score_summary(card, "b1") == (None, None)
    for pid, score in (("p1", 5), ("p2", 6)):
        apply(card, people.set_score(card, pid, "b1", score))
    assert people.score_summary(card, "b1") == (5.5, None)  # nothing earlier
    # b2 has no score round; b3 compares with b1, the previous one that had scores.
    for pid, score in (("p1", 8), ("p2", 7)):
        apply(card, people.set_score(card, pid, "b3", score))
    assert people.score_summary(card, "b2") == (None, None)
    assert people.score_summary(card, "b3") == (7.5, 2.0)
    apply(card, people.set_score(card, "p1", "b2", 4))
    assert people.score_summary(card, "b2") == (4.0, -1.5)
    assert people.score_summary(card, "b3") == (7.5, 3.5)


def test_score_summary_of_the_demo(demo_card):
    average_b1 = 66 / 11
    average_b2 = 63 / 9
    assert people.score_summary(demo_card, "b1") == (pytest.approx(average_b1), None)
    average, change = people.score_summary(demo_card, "b2")
    assert average == pytest.approx(average_b2)
    assert change == pytest.approx(average_b2 - average_b1)


@pytest.mark.parametrize("status", [AFWEZIG, ONBEKEND])
def test_only_present_participants_count_in_the_score_average(status):
    card = small_card()
    person(card, "p1", b1="aanwezig")
    person(card, "p2", b1="aanwezig")
    apply(card, people.set_score(card, "p1", "b1", 2))
    apply(card, people.set_score(card, "p2", "b1", 8))
    apply(card, people.set_attendance(card, "p1", "b1", status))  # a marking mistake fixed
    assert people.score_summary(card, "b1") == (8.0, None)


# -- bijeenkomsten ---------------------------------------------------------------------------
def test_edit_bijeenkomst_changes_date_location_and_number():
    card = small_card()
    apply(card, people.edit_bijeenkomst(card, "b3", 7, date(2027, 1, 12), "  Stadhuis "))
    assert card.bijeenkomsten["b3"] == Bijeenkomst("b3", 7, date(2027, 1, 12), "Stadhuis")
    apply(card, people.edit_bijeenkomst(card, "b3", 7, date(2027, 1, 12), "  "))
    assert card.bijeenkomsten["b3"].location is None
    # Keeping its own number is not "taken".
    apply(card, people.edit_bijeenkomst(card, "b1", 1, date(2026, 10, 7), None))
    assert card.bijeenkomsten["b1"].date == date(2026, 10, 7)


def test_edit_bijeenkomst_refuses_a_taken_number_or_below_1():
    card = small_card()
    with pytest.raises(DomainError, match="al een bijeenkomst 2"):
        people.edit_bijeenkomst(card, "b1", 2, date(2026, 10, 6), None)
    for number in (0, -3):
        with pytest.raises(DomainError, match="1 of hoger"):
            people.edit_bijeenkomst(card, "b1", number, date(2026, 10, 6), None)
    with pytest.raises(DomainError, match="bestaat niet"):
        people.edit_bijeenkomst(card, "b9", 9, date(2026, 10, 6), None)
    assert card.bijeenkomsten["b1"].number == 1


# -- quorum ----------------------------------------------------------------------------------
def test_quorum_is_none_when_nobody_is_expected():
    assert people.quorum_reached(small_card(), "b1") is None


def test_the_quorum_counts_everyone_expected_not_only_who_is_marked():
    """Issue 18: with 12 participants and 2 marked present, 2 of 12, not 2 of 2."""
    card = small_card()
    for i in range(12):
        person(card, f"p{i}", **({"b1": "aanwezig"} if i < 2 else {}))
    assert attendance.presence_ratio(card, "b1") == pytest.approx(2 / 12)
    assert people.quorum_reached(card, "b1") is False


@pytest.mark.parametrize(("present", "absent", "unmarked", "quorum", "reached"), [
    (7, 3, 0, 0.7, True),     # exactly 70%: reached
    (14, 6, 0, 0.7, True),
    (7, 0, 3, 0.7, True),     # unmarked count as not (yet) present
    (6, 4, 0, 0.7, False),
    (13, 0, 7, 0.7, False),   # 65%
    (1, 0, 0, 0.7, True),
    (0, 3, 0, 0.7, False),
    (3, 2, 0, 0.6, True),     # exactly 60%
    (1, 1, 1, 0.34, False),
])
def test_quorum_reached_at_or_above_the_setting(present, absent, unmarked, quorum, reached):
    card = small_card(quorum)
    for i in range(present):
        person(card, f"a{i}", b1="aanwezig")
    for i in range(absent):
        person(card, f"x{i}", b1="afwezig")
    for i in range(unmarked):
        person(card, f"o{i}")
    assert people.quorum_reached(card, "b1") is reached


def test_someone_who_left_the_team_is_not_expected_from_then_on():
    card = small_card()
    for i in range(7):
        person(card, f"p{i}", b1="aanwezig", b2="aanwezig")
    person(card, "weg", b1="aanwezig")
    person(card, "ook-weg", b1="aanwezig")
    person(card, "nog-weg", b1="aanwezig")
    assert people.quorum_reached(card, "b2") is True  # 7 of 10
    apply(card, people.set_left(card, "weg", "b2"))
    apply(card, people.set_left(card, "ook-weg", "b2"))
    assert attendance.expected_count(card, "b1") == 10
    assert attendance.expected_count(card, "b2") == 8
    apply(card, people.set_left(card, "weg", None))
    assert attendance.expected_count(card, "b2") == 9


def test_quorum_of_the_demo(demo_card):
    assert people.quorum_reached(demo_card, "b2") is True  # 9 of 12: 75%
    apply(demo_card, people.set_attendance(demo_card, "p01", "b2", AFWEZIG))
    assert people.quorum_reached(demo_card, "b2") is False  # 8 of 12


@settings(max_examples=150, deadline=None)
@given(statuses=st.lists(st.sampled_from([AANWEZIG, AFWEZIG, ONBEKEND]), min_size=1,
                         max_size=20),
       left=st.lists(st.booleans(), min_size=20, max_size=20),
       quorum=st.integers(1, 100))
def test_quorum_is_present_over_everyone_expected(statuses, left, quorum):
    card = small_card(quorum / 100)
    for i, status in enumerate(statuses):
        person(card, f"p{i}", **({} if status is ONBEKEND else {"b2": status.value}))
        if left[i]:
            apply(card, people.set_left(card, f"p{i}", "b2"))
    expected = [i for i in range(len(statuses)) if not left[i]]
    present = [i for i in expected if statuses[i] is AANWEZIG]
    reached = people.quorum_reached(card, "b2")
    if not expected:
        assert reached is None
    else:
        assert reached is (len(present) / len(expected) >= quorum / 100)


def past_summaries(card: Card) -> dict:
    """Every attendance figure the verslag and the screens give, per bijeenkomst."""
    summaries = {}
    for b in card.bijeenkomsten_in_order():
        table = attendance_table(card, [b])
        summaries[b.id] = ([(r.label, r.texts) for r in (*table.rows, table.total)],
                           attendance.expected_count(card, b.id),
                           attendance.presence_ratio(card, b.id))
    return summaries


@settings(max_examples=150, deadline=None)
@given(statuses=st.lists(st.lists(st.sampled_from([AANWEZIG, AFWEZIG, ONBEKEND]),
                                  min_size=3, max_size=3), min_size=1, max_size=12),
       organisations=st.lists(st.sampled_from(["Travers", "Politie", "Tactus"]),
                              min_size=12, max_size=12),
       chosen=st.integers(0, 11))
def test_removing_any_participant_leaves_every_past_summary_unchanged(
        statuses, organisations, chosen):
    card = small_card()
    for i, row in enumerate(statuses):
        marks = {b: s.value for b, s in zip(("b1", "b2", "b3"), row) if s is not ONBEKEND}
        person(card, f"p{i}", organisations[i], **marks)
    before = past_summaries(card)
    apply(card, people.remove_participant(card, f"p{chosen % len(statuses)}"))
    assert past_summaries(card) == before


# -- the wording rule, as a property ---------------------------------------------------------
def expected_text(present: int, absent: int) -> str:
    absent_text = f"({absent} afwezig)" if absent else ""
    if not present:
        return absent_text
    word = "persoon" if present == 1 else "personen"
    return f"{present} {word}" + (f" {absent_text}" if absent else "")


ORGANISATIONS = ["Travers", "Politie", "Gemeente Zwolle", "Tactus", "Wijkteam Noord"]


@settings(max_examples=200, deadline=None)
@given(
    people_data=st.lists(
        st.tuples(st.sampled_from(ORGANISATIONS),
                  st.lists(st.sampled_from([AANWEZIG, AFWEZIG, ONBEKEND]),
                           min_size=3, max_size=3)),
        max_size=30),
)
def test_total_row_is_the_sum_of_the_organisation_rows_in_verslag_wording(people_data):
    card = small_card()
    for i, (organisation, statuses) in enumerate(people_data):
        card.put(Participant(f"p{i}", f"P{i}", organisation))
        for bijeenkomst, status in zip(("b1", "b2", "b3"), statuses):
            if status is not ONBEKEND:
                card.put(Attendance(f"p{i}", bijeenkomst, status))

    table = attendance_table(card)
    assert [row.label for row in table.rows] == \
        list(dict.fromkeys(org for org, _ in people_data))
    assert table.total.label == "Aanwezig"
    for column in range(3):
        total = table.total.cells[column]
        assert total.present == sum(row.cells[column].present for row in table.rows)
        assert total.absent == sum(row.cells[column].absent for row in table.rows)
        statuses = [s[column] for _, s in people_data]
        assert (total.present, total.absent) == (statuses.count(AANWEZIG),
                                                 statuses.count(AFWEZIG))
        for row in (*table.rows, table.total):
            cell = row.cells[column]
            assert cell.text == expected_text(cell.present, cell.absent)
            if cell.present == 1:
                assert cell.text.startswith("1 persoon") and "personen" not in cell.text
            if not cell.present and not cell.absent:
                assert cell.text == ""


# -- the store: settings and forgetting ------------------------------------------------------
@pytest.fixture
def workshop(data_folder, demo_card):
    shop = Workshop(data_folder.create(demo_card))
    yield shop
    shop.close()


def slug_of(workshop: Workshop) -> str:
    return workshop.name


def test_the_quorum_setting_survives_closing_and_reopening(data_folder, workshop):
    slug = slug_of(workshop)
    assert workshop.card.quorum == 0.7
    workshop.apply(people.set_quorum(workshop.card, 0.55))
    workshop.close()
    reopened = Workshop(DataFolder(data_folder.root).open(slug))
    try:
        assert reopened.card.quorum == 0.55
        assert people.quorum_reached(reopened.card, "b2") is True
    finally:
        reopened.close()
    read_only = DataFolder(data_folder.root).open(slug, read_only=True)
    assert read_only.load().settings == {"session": Settings(quorum=0.55)}
    read_only.close()


def test_undo_after_setting_the_quorum_restores_it_and_touches_nothing_else(
        data_folder, workshop):
    """Issue 14: u right after the quorum undid the change before it."""
    slug = slug_of(workshop)
    workshop.apply(people.set_attendance(workshop.card, "p01", "b2", AFWEZIG))
    before = data_folder.session_path(slug).read_bytes()
    workshop.apply(people.set_quorum(workshop.card, 0.5))
    undone = workshop.undo()
    assert undone.label == "Quorum: 50%" and workshop.card.quorum == 0.7
    assert workshop.card.status("p01", "b2") is AFWEZIG
    assert data_folder.session_path(slug).read_bytes() == before


@pytest.mark.parametrize("quorum", [0, -0.1, 1.01, 70])
def test_set_quorum_refuses_values_outside_0_to_100_percent(workshop, quorum):
    with pytest.raises(DomainError, match="quorum"):
        people.set_quorum(workshop.card, quorum)


def test_forget_makes_the_backup_equal_to_the_session(data_folder, workshop):
    slug = slug_of(workshop)
    session, backup = data_folder.session_path(slug), data_folder.backup_path(slug)
    workshop.apply(people.set_attendance(workshop.card, "p01", "b2", AFWEZIG))
    assert backup.read_bytes() != session.read_bytes()  # the backup is the version before
    workshop.store.forget(())
    assert backup.read_bytes() == session.read_bytes()


def test_a_removed_name_is_in_neither_the_session_file_nor_its_backup(data_folder, workshop):
    slug = slug_of(workshop)
    session, backup = data_folder.session_path(slug), data_folder.backup_path(slug)
    card = workshop.card
    name = card.participants["p03"].name
    texts = [e.text for e in card.entries.values() if e.participant == "p03"]
    assert texts
    # A change first, so that the backup is a real earlier version with the name in it.
    workshop.apply(people.set_attendance(card, "p03", "b2", AANWEZIG))
    assert name.encode() in backup.read_bytes()

    workshop.apply(people.remove_participant(card, "p03"))

    for path in (session, backup):
        data = path.read_bytes()
        assert name.encode("utf-8") not in data, path
        for text in texts:
            assert text.encode("utf-8") in data, (path, text)
    leftovers = [p for p in data_folder.sessions_dir.rglob("*")
                 if p.is_file() and name.encode() in p.read_bytes()]
    assert leftovers == []
    workshop.close()
    reopened = DataFolder(data_folder.root).open(slug, read_only=True)
    on_disk = reopened.load()
    reopened.close()
    assert on_disk.participants["p03"].removed
    assert all(on_disk.entries[e.id].participant == "p03"
               for e in card.entries.values() if e.text in texts)


def test_redo_of_a_removal_forgets_the_name_again(data_folder, workshop):
    """Issue 20: after remove, undo, redo the backup still held the name."""
    slug = slug_of(workshop)
    name = workshop.card.participants["p05"].name
    workshop.apply(people.remove_participant(workshop.card, "p05"))
    workshop.undo()
    assert name.encode() in data_folder.session_path(slug).read_bytes()
    workshop.redo()
    files = [p for p in data_folder.root.rglob("*") if p.is_file()]
    assert [p for p in files if name.encode() in p.read_bytes()] == []


def test_undo_of_a_removal_brings_the_person_back_on_disk(data_folder, workshop):
    slug = slug_of(workshop)
    before = card_to_data(copy.deepcopy(workshop.card))
    workshop.apply(people.remove_participant(workshop.card, "p05"))
    workshop.undo()
    workshop.close()
    store = DataFolder(data_folder.root).open(slug, read_only=True)
    assert card_to_data(store.load()) == before
    store.close()

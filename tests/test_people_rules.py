"""Issue 18 as properties: forgetting a person (AVG) does not rewrite what happened, and the
quorum's base is everyone expected at the bijeenkomst, marked or not.

The oracles are worked out from the generated plan (who was marked what, who left when,
who was removed after which bijeenkomst), not from the rules under test.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaart_tui.demo import demo_card
from kaart_tui.domain import attendance, operations, people
from kaart_tui.domain.attendance import attendance_table
from kaart_tui.domain.changes import apply_to_card
from kaart_tui.domain.model import (
    Attendance,
    AttendanceStatus,
    Bijeenkomst,
    Card,
    Participant,
    SessionInfo,
    Settings,
)
from kaart_tui.store.memory_store import MemorySessionStore
from kaart_tui.workshop import Workshop

AANWEZIG, AFWEZIG, ONBEKEND = (AttendanceStatus.AANWEZIG, AttendanceStatus.AFWEZIG,
                               AttendanceStatus.ONBEKEND)
STATUSES = st.sampled_from([AANWEZIG, AFWEZIG, ONBEKEND])
ORGANISATIONS = ["Sociaal wijkteam", "Politie", "Gemeente", "Welzijn", "Woonstichting"]
DEMO_IDS = [f"p{n:02d}" for n in range(1, 13)]


def summaries(card: Card) -> dict[str, tuple]:
    """Every number of Bijlage 1 per bijeenkomst: each organisation's cell (text and
    counts) and the total row, as the verslag and the grid give them."""
    table = attendance_table(card)
    found: dict[str, tuple] = {}
    for column, b in enumerate(table.bijeenkomsten):
        rows = tuple((row.label, row.cells[column].text, row.cells[column].present,
                      row.cells[column].absent) for row in (*table.rows, table.total))
        found[b.id] = rows
    return found


def past_of(card: Card, before: dict[str, tuple]) -> dict[str, tuple]:
    now = summaries(card)
    return {b: now.get(b) for b in before}


# -- generated cards -------------------------------------------------------------------------
@st.composite
def planned_cards(draw) -> tuple[Card, list[dict]]:
    """A card with 1-4 bijeenkomsten and 1-14 participants in up to 5 organisations, each
    marked aanwezig, afwezig or not at all per bijeenkomst, some who left the team at some
    bijeenkomst. Returns the card and the plan it was made from."""
    meetings = draw(st.integers(1, 4))
    card = Card(SessionInfo.create("Gegenereerd", "Team"))
    card.put(Settings(quorum=draw(st.integers(1, 100)) / 100))
    start = date(2026, 9, 1)
    # Bijeenkomsten put in a shuffled order: their number, not the insertion, counts.
    order = draw(st.permutations(list(range(1, meetings + 1))))
    for n in order:
        card.put(Bijeenkomst(f"b{n}", n, start + timedelta(weeks=4 * n)))
    plan = []
    for i in range(draw(st.integers(1, 14))):
        organisation = draw(st.sampled_from(ORGANISATIONS))
        marks = draw(st.lists(STATUSES, min_size=meetings, max_size=meetings))
        left = draw(st.one_of(st.none(), st.integers(1, meetings)))
        pid = f"p{i}"
        card.put(Participant(pid, f"Persoon {i}", organisation,
                             left_from=None if left is None else f"b{left}"))
        for n, status in enumerate(marks, start=1):
            if status is not ONBEKEND:
                card.put(Attendance(pid, f"b{n}", status))
        plan.append({"id": pid, "marks": marks, "left": left, "removed_after": None})
    return card, plan


@settings(max_examples=120, deadline=None)
@given(data=st.data(), planned=planned_cards())
def test_removing_any_participants_of_a_generated_card_leaves_the_past_unchanged(
        data, planned):
    """One removal after another, a new bijeenkomst in between now and then: after every
    removal, every bijeenkomst that already was has the same Bijlage 1 numbers."""
    card, plan = planned
    ids = [p["id"] for p in plan]
    chosen = data.draw(st.lists(st.sampled_from(ids), unique=True, min_size=1))
    for pid in chosen:
        if data.draw(st.booleans()):
            latest = card.latest_bijeenkomst()
            apply_to_card(card, operations.add_bijeenkomst(
                card, latest.date + timedelta(weeks=4)))
        before = summaries(card)
        apply_to_card(card, people.remove_participant(card, pid))
        assert card.participants[pid].removed
        assert past_of(card, before) == before
        # The removed person's organisation keeps its row, even when they were its only one.
        assert [row.label for row in attendance_table(card).rows] == \
            list(dict.fromkeys(p.organisation for p in card.participants.values()))


@settings(max_examples=40, deadline=None)
@given(chosen=st.lists(st.sampled_from(DEMO_IDS), unique=True, min_size=1, max_size=12))
def test_removing_any_demo_participants_through_the_workshop_leaves_the_past_unchanged(
        chosen):
    """The demo (12 people, 6 organisations, 2 bijeenkomsten), removals applied as the app
    applies them (a Workshop, saved and read back): Bijlage 1 of b1 and b2 stays as it was,
    also in the session as stored, and the numbers seen in the grid stay the demo's."""
    workshop = Workshop(MemorySessionStore(demo_card()))
    try:
        before = summaries(workshop.card)
        totals = {b: rows[-1][1] for b, rows in before.items()}
        assert totals == {"b1": "11 personen (1 afwezig)", "b2": "9 personen (3 afwezig)"}
        for pid in chosen:
            workshop.apply(people.remove_participant(workshop.card, pid))
            assert summaries(workshop.card) == before
        assert summaries(workshop.store.load()) == before
        # Undoing every removal brings back the names and the same numbers.
        for _ in chosen:
            workshop.undo()
        assert summaries(workshop.card) == before
        assert all(not workshop.card.participants[p].removed for p in chosen)
    finally:
        workshop.close()


# -- the quorum ------------------------------------------------------------------------------
def expected_by_plan(plan: list[dict], number: int) -> list[dict]:
    """Who is one of the team at bijeenkomst ``number``: not left at or before it, not
    removed after an earlier one."""
    return [p for p in plan
            if (p["left"] is None or number < p["left"])
            and (p["removed_after"] is None or number <= p["removed_after"])]


@settings(max_examples=200, deadline=None)
@given(data=st.data(), planned=planned_cards())
def test_the_quorum_base_is_everyone_expected_and_unmarked_count_as_not_present(
        data, planned):
    card, plan = planned
    # Some are forgotten (AVG), after the latest bijeenkomst as it is now.
    latest = card.latest_bijeenkomst().number
    for p in plan:
        if data.draw(st.booleans()) and data.draw(st.booleans()):
            apply_to_card(card, people.remove_participant(card, p["id"]))
            p["removed_after"] = latest
    # A bijeenkomst after the removals: the forgotten are no longer expected there.
    apply_to_card(card, operations.add_bijeenkomst(card, date(2027, 6, 1)))
    newest = card.latest_bijeenkomst()
    quorum = card.quorum
    for b in card.bijeenkomsten_in_order():
        expected = expected_by_plan(plan, b.number)
        marks = [p["marks"][b.number - 1] if b.number <= len(p["marks"]) else ONBEKEND
                 for p in expected]
        present = marks.count(AANWEZIG)
        assert attendance.expected_count(card, b.id) == len(expected)
        reached = people.quorum_reached(card, b.id)
        if not expected:
            assert reached is None
            assert attendance.presence_ratio(card, b.id) is None
        else:
            # Integer arithmetic: present / expected >= quorum.
            assert reached is (present * 100 >= round(quorum * 100) * len(expected))
            # Those not marked are in the base (the denominator), not left out of it.
            assert attendance.presence_ratio(card, b.id) * len(expected) == \
                pytest.approx(present)
    # At the bijeenkomst after the removals: only who is neither forgotten nor gone.
    assert attendance.expected_count(card, newest.id) == sum(
        1 for p in plan if p["removed_after"] is None and p["left"] is None)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), planned=planned_cards())
def test_marking_someone_not_yet_marked_never_changes_the_base(data, planned):
    """Marking an unmarked expected person afwezig leaves the quorum as it was (they
    already counted as not present); marking them aanwezig can only bring it closer."""
    card, plan = planned
    number = data.draw(st.integers(1, len(card.bijeenkomsten)))
    bijeenkomst = f"b{number}"
    unmarked = [p["id"] for p in expected_by_plan(plan, number)
                if p["marks"][number - 1] is ONBEKEND]
    if not unmarked:
        return
    pid = data.draw(st.sampled_from(unmarked))
    base = attendance.expected_count(card, bijeenkomst)
    ratio = attendance.presence_ratio(card, bijeenkomst)
    reached = people.quorum_reached(card, bijeenkomst)
    status = data.draw(st.sampled_from([AANWEZIG, AFWEZIG]))
    apply_to_card(card, people.set_attendance(card, pid, bijeenkomst, status))
    assert attendance.expected_count(card, bijeenkomst) == base
    if status is AFWEZIG:
        assert attendance.presence_ratio(card, bijeenkomst) == ratio
        assert people.quorum_reached(card, bijeenkomst) is reached
    else:
        assert attendance.presence_ratio(card, bijeenkomst) > ratio
        assert reached is False or people.quorum_reached(card, bijeenkomst) is True


def test_twelve_expected_and_two_marked_present_is_not_a_quorum():
    """The finding of issue 18 itself: 2 of 12, not "2 van 2 (100%)"."""
    card = Card(SessionInfo.create("Twaalf", "Team"))
    card.put(Bijeenkomst("b1", 1, date(2026, 10, 6)))
    for i in range(12):
        card.put(Participant(f"p{i}", f"Persoon {i}", ORGANISATIONS[i % 5]))
    for i in range(2):
        card.put(Attendance(f"p{i}", "b1", AANWEZIG))
    assert attendance.expected_count(card, "b1") == 12
    assert people.quorum_reached(card, "b1") is False

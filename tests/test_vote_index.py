"""The voting screen draws a dot from one index of the round's votes (``voting.Ballots``)
and sets only the cells that changed (``CountTable``): the index must give what counting
vote by vote gives, and a changed cell must be drawn while the other rows stay as drawn."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App, ComposeResult

from kaart_tui.domain import voting
from kaart_tui.domain.model import (
    Bijeenkomst,
    Card,
    Entry,
    Participant,
    SessionInfo,
    Theme,
    Vote,
    VotingMode,
    VotingRound,
)
from kaart_tui.domain.ranking import (
    results_visible,
    round_candidates,
    tally,
    target_of,
    voting_bijeenkomst,
)
from kaart_tui.domain.steps import Step
from kaart_tui.widgets.count_table import CountTable
from tests.ui_helpers import run

STEP = Step.WAARDEN
PEOPLE = [f"p{i}" for i in range(4)]

# A vote: bijeenkomst 1 or 2, which target (themes t0-t2 and loose entries e0-e1 of the
# step, an entry inside a theme, a theme of another step), by whom (None: a tally), count.
VOTES = st.lists(st.tuples(
    st.sampled_from(["b1", "b2"]),
    st.sampled_from([("theme", "t0"), ("theme", "t1"), ("theme", "t2"), ("entry", "e0"),
                     ("entry", "e1"), ("entry", "in0"), ("theme", "other")]),
    st.sampled_from([None, *PEOPLE]),
    st.integers(1, 5)), max_size=30)


def card_with(votes) -> Card:
    card = Card(SessionInfo.create("Index", "Team"))
    for number in (1, 2):
        card.put(Bijeenkomst(f"b{number}", number, date(2026, number, 1)))
    for person in PEOPLE:
        card.put(Participant(person, person.upper(), "Org"))
    for i in range(3):
        card.put(Theme(f"t{i}", STEP, f"Thema {i}", "b1"))
    card.put(Theme("other", Step.ACTIES, "Ander", "b1"))
    card.put(Entry("in0", STEP, "In thema", "b1", None, "t0"))
    for i in range(2):
        card.put(Entry(f"e{i}", STEP, f"Los {i}", "b2"))
    for i, (bijeenkomst, (kind, target), person, count) in enumerate(votes):
        card.put(Vote(f"v{i}", bijeenkomst, count, person,
                      theme=target if kind == "theme" else None,
                      entry=target if kind == "entry" else None))
    return card


@settings(max_examples=200, deadline=None)
@given(VOTES, st.sampled_from(["b1", "b2"]))
def test_the_index_counts_what_counting_vote_by_vote_counts(votes, bijeenkomst) -> None:
    card = card_with(votes)
    voting_round = VotingRound(STEP, bijeenkomst, VotingMode.STIPPEN, budget=20)
    card.put(voting_round)
    index = voting.ballots(card, voting_round)
    listed = round_candidates(card, STEP, bijeenkomst)
    assert index.candidates == listed
    of_round = [v for v in card.votes.values() if v.bijeenkomst == bijeenkomst
                and v.target in {target_of(c) for c in listed}]
    for candidate in listed:
        on_it = [v for v in of_round if v.target == target_of(candidate)]
        assert index.count(candidate) == sum(v.count for v in on_it)
        for person in (None, *PEOPLE):
            # The last record of a person on a target is the one the rules change.
            last = [v.count for v in on_it if v.participant == person][-1:]
            assert index.on(person, candidate) == sum(last)
    for person in PEOPLE:
        assert index.used(person) == sum(v.count for v in of_round if v.participant == person)
        assert index.left(person) == 20 - index.used(person)
    assert index.voters() == list(dict.fromkeys(
        v.participant for v in of_round if v.participant is not None))


@settings(max_examples=200, deadline=None)
@given(VOTES, st.sampled_from([None, VotingMode.STIPPEN, VotingMode.GEHEIM]),
       st.booleans())
def test_the_round_that_gives_the_top_is_found_in_one_pass(votes, mode, revealed) -> None:
    card = card_with(votes)
    if mode is not None:
        card.put(VotingRound(STEP, "b2", mode, revealed=revealed))
    for bijeenkomst in ("b1", "b2"):
        expected = None  # as it was found before: a tally per bijeenkomst, latest first
        for earlier in reversed(card.bijeenkomsten_up_to(bijeenkomst)):
            if results_visible(card, STEP, earlier.id) and \
                    any(count for _, count in tally(card, STEP, earlier.id)):
                expected = earlier.id
                break
        assert voting_bijeenkomst(card, STEP, bijeenkomst) == expected


class TableApp(App):
    def compose(self) -> ComposeResult:
        yield CountTable(id="table")

    def on_mount(self) -> None:
        table = self.query_one(CountTable)
        table.add_column("Naam", key="name", width=10)
        table.add_column("Stemmen", key="count", width=8)
        for i in range(5):
            table.add_row(Text(f"Thema {i}"), Text("0"), key=f"t{i}")


def line(table: CountTable, y: int) -> str:
    return "".join(segment.text for segment in table.render_line(y))


def test_a_changed_cell_is_drawn_and_the_other_rows_stay() -> None:
    async def inner():
        app = TableApp()
        async with app.run_test(size=(40, 10)) as pilot:
            await pilot.pause()
            table = app.query_one(CountTable)
            before = [line(table, y) for y in range(1, 6)]
            redrawn: list[int] = []
            draw_row = table.refresh_row
            table.refresh_row = lambda row: (redrawn.append(row), draw_row(row))[1]
            table.set_cell("t2", "count", Text("7"))
            table.set_cell("t3", "count", Text("0"))  # shows that already: not drawn again
            await pilot.pause()
            after = [line(table, y) for y in range(1, 6)]
            assert table.get_cell("t2", "count").plain == "7"
            assert "7" in after[2] and "7" not in before[2]
            assert after[:2] + after[3:] == before[:2] + before[3:]
            assert redrawn == [2]
            table.clear()
            table.add_row(Text("Nieuw"), Text("1"), key="t0")
            table.set_cell("t0", "count", Text("2"))  # a cell of a new row is set
            await pilot.pause()
            assert "Nieuw" in line(table, 1) and "2" in line(table, 1)

    run(inner())

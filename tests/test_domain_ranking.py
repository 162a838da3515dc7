"""Top-N per step: competition ranking with shared places, and which round counts."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaart_tui.domain.model import Bijeenkomst, Card, Entry, SessionInfo, Theme, Vote
from kaart_tui.domain.ranking import (
    Ranked,
    candidate_title,
    candidates,
    rank,
    step_ranking,
    step_top,
    tally,
    top_n,
    voting_bijeenkomst,
)
from kaart_tui.domain.steps import Step

COUNTED = st.lists(st.integers(min_value=0, max_value=8), max_size=15).map(
    lambda counts: [(f"item{i}", c) for i, c in enumerate(counts)]
)
PROPERTY = settings(max_examples=150, deadline=None)


def summary(ranked: list[Ranked]) -> list[tuple[object, int, int, bool]]:
    return [(r.item, r.count, r.place, r.shared) for r in ranked]


# -- rank / top_n: examples ------------------------------------------------------------------
def test_rank_orders_by_count_highest_first() -> None:
    ranked = rank([("a", 2), ("b", 7), ("c", 4)])
    assert summary(ranked) == [("b", 7, 1, False), ("c", 4, 2, False), ("a", 2, 3, False)]


def test_tie_at_the_cut_gives_a_shared_third_place_and_four_in_a_top_3() -> None:
    ranked = rank([("a", 9), ("b", 7), ("c", 5), ("d", 5), ("e", 2)])
    top = top_n(ranked, 3)
    assert [(r.item, r.place, r.shared) for r in top] == [
        ("a", 1, False), ("b", 2, False), ("c", 3, True), ("d", 3, True),
    ]
    assert [r.place_label for r in top] == ["1", "2", "3 (gedeeld)", "3 (gedeeld)"]


def test_tie_inside_the_top_skips_the_next_place() -> None:
    ranked = rank([("a", 6), ("b", 6), ("c", 4), ("d", 1)])
    assert [(r.item, r.place) for r in ranked] == [("a", 1), ("b", 1), ("c", 3), ("d", 4)]
    assert [r.item for r in top_n(ranked, 3)] == ["a", "b", "c"]


def test_tie_for_second_place_pushes_the_next_one_out_of_a_top_3() -> None:
    ranked = rank([("a", 9), ("b", 5), ("c", 5), ("d", 5), ("e", 4)])
    top = top_n(ranked, 3)
    assert [(r.item, r.place) for r in top] == [("a", 1), ("b", 2), ("c", 2), ("d", 2)]


def test_candidates_without_votes_are_never_in_a_top() -> None:
    ranked = rank([("a", 3), ("b", 0), ("c", 0)])
    assert [r.item for r in top_n(ranked, 3)] == ["a"]
    assert [r.item for r in top_n(rank([("x", 0), ("y", 0)]), 3)] == []


def test_zero_votes_tie_is_still_reported_as_shared_in_the_ranking() -> None:
    ranked = rank([("a", 3), ("b", 0), ("c", 0)])
    assert summary(ranked)[1:] == [("b", 0, 2, True), ("c", 0, 2, True)]


def test_empty_input() -> None:
    assert rank([]) == []
    assert top_n([], 3) == []


def test_top_5_for_the_actions() -> None:
    counted = [(f"actie {i}", c) for i, c in enumerate([1, 10, 3, 8, 6, 5, 2])]
    top = top_n(rank(counted), 5)
    assert [r.count for r in top] == [10, 8, 6, 5, 3]
    assert [r.place for r in top] == [1, 2, 3, 4, 5]
    assert top_n(rank(counted), 3) == top[:3]


def test_top_5_with_a_tie_at_the_cut_holds_six() -> None:
    counted = [(c, n) for c, n in zip("abcdef", [9, 8, 7, 6, 4, 4])]
    top = top_n(rank(counted), 5)
    assert [r.item for r in top] == list("abcdef")
    assert [r.place_label for r in top][-2:] == ["5 (gedeeld)", "5 (gedeeld)"]


# -- rank / top_n: properties ----------------------------------------------------------------
@PROPERTY
@given(COUNTED)
def test_rank_is_a_permutation_sorted_by_count(counted) -> None:
    ranked = rank(counted)
    assert sorted((r.item, r.count) for r in ranked) == sorted(counted)
    counts = [r.count for r in ranked]
    assert counts == sorted(counts, reverse=True)


@PROPERTY
@given(COUNTED)
def test_rank_places_are_non_decreasing_and_competition_style(counted) -> None:
    ranked = rank(counted)
    places = [r.place for r in ranked]
    assert places == sorted(places)
    for r in ranked:
        assert r.place == 1 + sum(1 for _, c in counted if c > r.count)


@PROPERTY
@given(COUNTED)
def test_equal_counts_iff_equal_place(counted) -> None:
    ranked = rank(counted)
    for a in ranked:
        for b in ranked:
            assert (a.count == b.count) == (a.place == b.place)


@PROPERTY
@given(COUNTED)
def test_shared_iff_another_item_has_the_same_count(counted) -> None:
    for r in rank(counted):
        others = [c for item, c in counted if item != r.item]
        assert r.shared == (r.count in others)
        assert r.place_label == (f"{r.place} (gedeeld)" if r.shared else str(r.place))


@PROPERTY
@given(COUNTED)
def test_equal_counts_keep_their_input_order(counted) -> None:
    ranked = rank(counted)
    position = {item: i for i, (item, _) in enumerate(counted)}
    for a, b in zip(ranked, ranked[1:]):
        if a.count == b.count:
            assert position[a.item] < position[b.item]


@PROPERTY
@given(COUNTED, st.integers(min_value=1, max_value=5))
def test_top_n_never_cuts_through_a_tie(counted, n) -> None:
    ranked = rank(counted)
    top = top_n(ranked, n)
    top_items = {r.item for r in top}
    for count in {r.count for r in top}:
        assert {item for item, c in counted if c == count} <= top_items
    # ... and holds exactly what reaches place n with at least one vote, in ranked order.
    assert top == [r for r in ranked if r.place <= n and r.count > 0]
    positive = sum(1 for _, c in counted if c > 0)
    assert len(top) >= min(n, positive)
    assert all(r.count > 0 for r in top)


# -- a card with votes -----------------------------------------------------------------------
def base_card(*numbers: int) -> Card:
    card = Card(SessionInfo.create("Test", "Team"))
    for number in numbers:
        card.put(Bijeenkomst(f"b{number}", number, date(2026, number, 1)))
    return card


def theme(card: Card, tid: str, bijeenkomst: str, step: Step = Step.HANDELEN) -> Theme:
    record = Theme(tid, step, f"Thema {tid}", bijeenkomst)
    card.put(record)
    return record


def entry(card: Card, eid: str, bijeenkomst: str, step: Step = Step.HANDELEN,
          theme_id: str | None = None) -> Entry:
    record = Entry(eid, step, f"Bijdrage {eid}", bijeenkomst, None, theme_id)
    card.put(record)
    return record


_vote_number = iter(range(10**9))


def vote(card: Card, bijeenkomst: str, count: int, *, theme_id: str | None = None,
         entry_id: str | None = None) -> None:
    card.put(Vote(f"v{next(_vote_number)}", bijeenkomst, count, None, theme_id, entry_id))


def titles(ranked: list[Ranked]) -> list[str]:
    return [candidate_title(r.item) for r in ranked]


def test_candidates_are_themes_then_loose_entries_up_to_the_bijeenkomst() -> None:
    card = base_card(1, 2)
    t1 = theme(card, "t1", "b1")
    entry(card, "e-in", "b1", theme_id="t1")
    e1 = entry(card, "e1", "b1")
    theme(card, "t-other-step", "b1", step=Step.WAARDEN)
    entry(card, "e-other-step", "b1", step=Step.WAARDEN)
    t2 = theme(card, "t2", "b2")
    e2 = entry(card, "e2", "b2")

    assert candidates(card, Step.HANDELEN, "b1") == [t1, e1]
    assert candidates(card, Step.HANDELEN, "b2") == [t1, t2, e1, e2]


def test_tally_sums_counts_of_this_bijeenkomst_only() -> None:
    card = base_card(1, 2)
    theme(card, "t1", "b1")
    entry(card, "e1", "b1")
    vote(card, "b1", 2, theme_id="t1")
    vote(card, "b1", 1, theme_id="t1")
    vote(card, "b1", 4, entry_id="e1")
    vote(card, "b2", 7, theme_id="t1")
    assert [(c.id, n) for c, n in tally(card, Step.HANDELEN, "b1")] == [("t1", 3), ("e1", 4)]
    assert [(c.id, n) for c, n in tally(card, Step.HANDELEN, "b2")] == [("t1", 7), ("e1", 0)]


def test_tally_ignores_votes_on_an_entry_that_belongs_to_a_theme_of_another_step() -> None:
    card = base_card(1)
    theme(card, "t1", "b1")
    theme(card, "w1", "b1", step=Step.WAARDEN)
    vote(card, "b1", 5, theme_id="w1")
    assert [(c.id, n) for c, n in tally(card, Step.HANDELEN, "b1")] == [("t1", 0)]


def test_latest_round_counts_for_a_step_voted_twice() -> None:
    card = base_card(1, 2)
    theme(card, "t-a", "b1")
    theme(card, "t-b", "b1")
    theme(card, "t-c", "b2")
    vote(card, "b1", 5, theme_id="t-a")
    vote(card, "b1", 2, theme_id="t-b")
    vote(card, "b2", 1, theme_id="t-a")
    vote(card, "b2", 6, theme_id="t-c")

    assert voting_bijeenkomst(card, Step.HANDELEN, "b2") == "b2"
    top = step_top(card, Step.HANDELEN, "b2", 3)
    assert [(r.item.id, r.count) for r in top] == [("t-c", 6), ("t-a", 1)]
    # The verslag of bijeenkomst 1 still shows bijeenkomst 1's own round.
    assert voting_bijeenkomst(card, Step.HANDELEN, "b1") == "b1"
    assert [(r.item.id, r.count) for r in step_top(card, Step.HANDELEN, "b1", 3)] == [
        ("t-a", 5), ("t-b", 2),
    ]


def test_bijeenkomst_without_a_vote_shows_the_last_earlier_result() -> None:
    card = base_card(1, 2, 3)
    theme(card, "t-a", "b1")
    theme(card, "t-b", "b1")
    vote(card, "b1", 3, theme_id="t-a")
    vote(card, "b2", 4, theme_id="t-b")
    theme(card, "t-new", "b3")  # a theme added in b3, but b3 did not vote

    assert voting_bijeenkomst(card, Step.HANDELEN, "b3") == "b2"
    ranking = step_ranking(card, Step.HANDELEN, "b3")
    assert [(r.item.id, r.count) for r in ranking] == [("t-b", 4), ("t-a", 0)]
    assert [r.item.id for r in step_top(card, Step.HANDELEN, "b3", 3)] == ["t-b"]


def test_earlier_result_skips_a_bijeenkomst_that_did_not_vote() -> None:
    card = base_card(1, 2, 3)
    theme(card, "t-a", "b1")
    vote(card, "b1", 2, theme_id="t-a")
    assert voting_bijeenkomst(card, Step.HANDELEN, "b2") == "b1"
    assert voting_bijeenkomst(card, Step.HANDELEN, "b3") == "b1"
    assert [r.item.id for r in step_top(card, Step.HANDELEN, "b3", 3)] == ["t-a"]


def test_later_votes_do_not_leak_into_an_earlier_bijeenkomst() -> None:
    card = base_card(1, 2)
    theme(card, "t-a", "b1")
    vote(card, "b2", 3, theme_id="t-a")
    assert voting_bijeenkomst(card, Step.HANDELEN, "b1") is None
    assert step_ranking(card, Step.HANDELEN, "b1") == []
    assert step_top(card, Step.HANDELEN, "b1", 3) == []


def test_order_of_bijeenkomsten_is_by_number_not_insertion() -> None:
    card = Card(SessionInfo.create("Test", "Team"))
    card.put(Bijeenkomst("tweede", 2, date(2026, 11, 1)))
    card.put(Bijeenkomst("eerste", 1, date(2026, 10, 1)))
    theme(card, "t-a", "eerste")
    theme(card, "t-b", "eerste")
    vote(card, "tweede", 1, theme_id="t-b")
    vote(card, "eerste", 4, theme_id="t-a")
    assert voting_bijeenkomst(card, Step.HANDELEN, "tweede") == "tweede"
    assert [r.item.id for r in step_top(card, Step.HANDELEN, "tweede", 3)] == ["t-b"]


def test_step_not_voted_has_an_empty_top() -> None:
    card = base_card(1)
    theme(card, "t-a", "b1")
    theme(card, "w-a", "b1", step=Step.WAARDEN)
    vote(card, "b1", 3, theme_id="w-a")
    assert voting_bijeenkomst(card, Step.HANDELEN, "b1") is None
    assert step_top(card, Step.HANDELEN, "b1", 3) == []
    assert [r.item.id for r in step_top(card, Step.WAARDEN, "b1", 3)] == ["w-a"]


# -- tally: properties -----------------------------------------------------------------------
@st.composite
def voted_cards(draw):
    card = base_card(1, 2)
    steps = [Step.WAARDEN, Step.HANDELEN]
    targets: list[tuple[str, str]] = []
    for i in range(draw(st.integers(0, 5))):
        t = theme(card, f"t{i}", draw(st.sampled_from(["b1", "b2"])), draw(st.sampled_from(steps)))
        targets.append(("theme", t.id))
    for i in range(draw(st.integers(0, 5))):
        step = draw(st.sampled_from(steps))
        same_step = [t.id for t in card.themes_of(step)]
        theme_id = draw(st.sampled_from([None, *same_step]))
        e = entry(card, f"e{i}", draw(st.sampled_from(["b1", "b2"])), step, theme_id)
        targets.append(("entry", e.id))
    if targets:
        for _ in range(draw(st.integers(0, 12))):
            kind, target = draw(st.sampled_from(targets))
            vote(card, draw(st.sampled_from(["b1", "b2"])), draw(st.integers(1, 4)),
                 **({"theme_id": target} if kind == "theme" else {"entry_id": target}))
    return card


@PROPERTY
@given(voted_cards(), st.sampled_from([Step.WAARDEN, Step.HANDELEN]),
       st.sampled_from(["b1", "b2"]))
def test_tally_totals_equal_the_sum_of_vote_counts(card, step, bijeenkomst) -> None:
    counted = tally(card, step, bijeenkomst)
    assert [c for c, _ in counted] == candidates(card, step, bijeenkomst)
    for candidate, total in counted:
        kind = "theme" if isinstance(candidate, Theme) else "entry"
        expected = sum(v.count for v in card.votes.values()
                       if v.bijeenkomst == bijeenkomst and v.target == (kind, candidate.id))
        assert total == expected
    ranking = rank(counted)
    assert sum(r.count for r in ranking) == sum(n for _, n in counted)


@PROPERTY
@given(voted_cards(), st.sampled_from([Step.WAARDEN, Step.HANDELEN]))
def test_step_ranking_is_the_round_of_the_voting_bijeenkomst(card, step) -> None:
    for bijeenkomst in ("b1", "b2"):
        voted_in = voting_bijeenkomst(card, step, bijeenkomst)
        if voted_in is None:
            assert step_ranking(card, step, bijeenkomst) == []
            continue
        assert any(n for _, n in tally(card, step, voted_in))
        assert card.bijeenkomsten[voted_in].number <= card.bijeenkomsten[bijeenkomst].number
        assert step_ranking(card, step, bijeenkomst) == rank(tally(card, step, voted_in))


# -- the demo card ---------------------------------------------------------------------------
def test_demo_handelen_b1_has_a_tie_for_third_place(demo_card: Card) -> None:
    top = step_top(demo_card, Step.HANDELEN, "b1", 3)
    assert len(top) == 4
    assert [r.place for r in top] == [1, 2, 3, 3]
    thirds = top[2:]
    assert {candidate_title(r.item) for r in thirds} == {
        "Bewoners actief en in gewone taal betrekken",
        "Samen leren en regelmatig evalueren",
    }
    assert all(r.count == 5 and r.shared for r in thirds)
    assert [r.place_label for r in thirds] == ["3 (gedeeld)", "3 (gedeeld)"]


def test_demo_acties_has_a_top_5(demo_card: Card) -> None:
    top = step_top(demo_card, Step.ACTIES, "b1", 5)
    assert [r.place for r in top] == [1, 2, 3, 4, 5]
    assert not any(r.shared for r in top)
    assert candidate_title(top[0].item) == "Aanwezig zijn in de wijk en met elkaar meelopen"


@pytest.mark.parametrize("step", list(Step))
def test_demo_second_bijeenkomst_shows_its_own_round(demo_card: Card, step: Step) -> None:
    assert voting_bijeenkomst(demo_card, step, "b2") == "b2"
    assert step_ranking(demo_card, step, "b2") == rank(tally(demo_card, step, "b2"))


# -- an evaluation bijeenkomst (issue 17) ----------------------------------------------------
def evaluation_card() -> Card:
    """Two Partnerschapskaart bijeenkomsten, then an evaluation (b3), then b4."""
    card = base_card(1, 2, 3, 4)
    card.put(dataclasses.replace(card.bijeenkomsten["b3"], evaluation=True))
    for i in range(6):
        theme(card, f"t1-{i}", "b1")
    theme(card, "t2", "b2")
    entry(card, "e2-los", "b2")
    for i in range(3):
        theme(card, f"te-{i}", "b3")
    theme(card, "t4", "b4")
    return card


def test_an_evaluation_round_votes_on_the_evaluation_own_themes() -> None:
    card = evaluation_card()
    assert [c.id for c in candidates(card, Step.HANDELEN, "b3")] == ["te-0", "te-1", "te-2"]
    # On request the card's earlier themes too, after the evaluation's own.
    assert [c.id for c in candidates(card, Step.HANDELEN, "b3", earlier=True)] == [
        "te-0", "te-1", "te-2", *(f"t1-{i}" for i in range(6)), "t2", "e2-los"]


def test_an_ordinary_bijeenkomst_after_an_evaluation_leaves_its_answers_out() -> None:
    card = evaluation_card()
    assert [c.id for c in candidates(card, Step.HANDELEN, "b4")] == [
        *(f"t1-{i}" for i in range(6)), "t2", "t4", "e2-los"]


def test_an_evaluation_round_is_never_the_card_top() -> None:
    card = evaluation_card()
    vote(card, "b2", 5, theme_id="t1-3")
    vote(card, "b2", 2, theme_id="t2")
    vote(card, "b3", 9, theme_id="te-1")
    assert voting_bijeenkomst(card, Step.HANDELEN, "b3") == "b2"
    assert voting_bijeenkomst(card, Step.HANDELEN, "b4") == "b2"
    assert titles(step_top(card, Step.HANDELEN, "b4", 3)) == ["Thema t1-3", "Thema t2"]
    # The evaluation's own round is its "nu", and only there.
    assert titles(step_top(card, Step.HANDELEN, "b3", 3, own_round_only=True)) == [
        "Thema te-1"]


@PROPERTY
@given(st.lists(st.integers(0, 6), min_size=1, max_size=10), st.integers(1, 5))
def test_a_theme_without_votes_is_never_in_a_top(counts, n) -> None:
    card = base_card(1)
    for i, count in enumerate(counts):
        theme(card, f"t{i}", "b1")
        if count:
            vote(card, "b1", count, theme_id=f"t{i}")
    top = step_top(card, Step.HANDELEN, "b1", n)
    assert all(r.count > 0 for r in top)
    assert len({r.item.id for r in top}) == len(top)

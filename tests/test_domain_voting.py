"""Quick voting on a step (issue 5): the rules in domain/voting.py, the ranking of a round,
and how rounds are stored.

Every rule returns a Change or refuses with DomainError; these tests apply the Changes the
way the Workshop does (``apply_to_card``), so what is checked is what ends up on the card.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaart_tui.bundle import card_from_data, card_to_data
from kaart_tui.domain import voting
from kaart_tui.domain.changes import Change, apply_to_card, invert
from kaart_tui.domain.model import (
    COLLECTIONS,
    Attendance,
    AttendanceStatus,
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
    candidate_key,
    candidates,
    rank,
    results_visible,
    round_ranking,
    step_top,
    tally,
    target_of,
)
from kaart_tui.domain.steps import Step
from kaart_tui.errors import DomainError
from kaart_tui.store import DataFolder
from kaart_tui.workshop import Workshop

PROPERTY = settings(max_examples=150, deadline=None)
STEP = Step.RELATIES
PRESENT, ABSENT, UNKNOWN = (AttendanceStatus.AANWEZIG, AttendanceStatus.AFWEZIG,
                            AttendanceStatus.ONBEKEND)


# -- helpers ---------------------------------------------------------------------------
def make_card(statuses=(PRESENT,) * 4, n_themes: int = 4, n_loose: int = 0,
              bijeenkomsten: int = 1) -> Card:
    """Participants p0.. with the given status in b1 (and present in later bijeenkomsten);
    themes t0.. and loose entries e0.. of STEP in b1."""
    card = Card(SessionInfo.create("Stemmen", "Team"))
    for number in range(1, bijeenkomsten + 1):
        card.put(Bijeenkomst(f"b{number}", number, date(2026, number, 1)))
    for i, status in enumerate(statuses):
        card.put(Participant(f"p{i}", f"Persoon {i}", f"Org {i % 3}"))
        if status is not UNKNOWN:
            card.put(Attendance(f"p{i}", "b1", status))
        for number in range(2, bijeenkomsten + 1):
            card.put(Attendance(f"p{i}", f"b{number}", PRESENT))
    for i in range(n_themes):
        card.put(Theme(f"t{i}", STEP, f"Thema {i}", "b1"))
        # An entry inside a theme is no candidate of its own.
        card.put(Entry(f"in{i}", STEP, f"In thema {i}", "b1", None, f"t{i}"))
    for i in range(n_loose):
        card.put(Entry(f"e{i}", STEP, f"Los {i}", "b1"))
    return card


def apply(card: Card, change: Change) -> Change:
    """Apply as the Workshop does; returns the inverse."""
    inverse = invert(change, card)
    apply_to_card(card, change)
    return inverse


def state(card: Card) -> dict[str, list]:
    return {name: list(getattr(card, name).items()) for name in COLLECTIONS.values()}


def start(card: Card, mode: VotingMode = VotingMode.STIPPEN, bijeenkomst: str = "b1",
          **kwargs) -> VotingRound:
    apply(card, voting.start_round(card, STEP, bijeenkomst, mode, **kwargs))
    return card.rounds[(STEP.value, bijeenkomst)]


def cands(card: Card, bijeenkomst: str = "b1"):
    return candidates(card, STEP, bijeenkomst)


def set_counts(card: Card, counts: list[int], bijeenkomst: str = "b1") -> None:
    for candidate, count in zip(cands(card, bijeenkomst), counts):
        apply(card, voting.set_tally(card, STEP, bijeenkomst, candidate, count))


def counts_by_key(card: Card, bijeenkomst: str = "b1") -> dict[str, int]:
    return {candidate_key(c): n for c, n in tally(card, STEP, bijeenkomst)}


# -- properties: dots ------------------------------------------------------------------
STATUS = st.sampled_from([PRESENT, PRESENT, PRESENT, ABSENT, UNKNOWN])


@st.composite
def dot_rounds(draw):
    statuses = draw(st.lists(STATUS, min_size=1, max_size=6))
    n_themes = draw(st.integers(0, 4))
    n_loose = draw(st.integers(0 if n_themes else 1, 3))
    budget = draw(st.integers(1, 5))
    maximum = draw(st.none() | st.integers(1, budget))
    mode = draw(st.sampled_from([VotingMode.STIPPEN, VotingMode.GEHEIM]))
    n_candidates = n_themes + n_loose
    ops = draw(st.lists(st.tuples(st.sampled_from(["add", "add", "remove"]),
                                  st.integers(0, len(statuses) - 1),
                                  st.integers(0, n_candidates - 1)), max_size=40))
    return statuses, n_themes, n_loose, budget, maximum, mode, ops


@PROPERTY
@given(dot_rounds())
def test_dots_keep_budget_maximum_presence_and_totals(params) -> None:
    statuses, n_themes, n_loose, budget, maximum, mode, ops = params
    card = make_card(statuses, n_themes, n_loose)
    start(card, mode, budget=budget, max_per_candidate=maximum)
    options = cands(card)
    model: dict[tuple[str, str], int] = {}  # (participant, candidate key) -> dots
    for kind, person_index, candidate_index in ops:
        person, candidate = f"p{person_index}", options[candidate_index]
        key = (person, candidate_key(candidate))
        here = model.get(key, 0)
        used = sum(n for (p, _), n in model.items() if p == person)
        if kind == "add":
            allowed = (statuses[person_index] is PRESENT and used < budget
                       and (maximum is None or here < maximum))
            rule = voting.add_dot
        else:
            allowed = here > 0
            rule = voting.remove_dot
        before = state(card)
        try:
            change = rule(card, STEP, "b1", person, candidate)
        except DomainError as error:
            assert not allowed, f"{kind} by {person} refused: {error.message}"
            assert state(card) == before  # a refused operation changes nothing
            continue
        assert allowed, f"{kind} by {person} on {key[1]} should have been refused"
        apply(card, change)
        model[key] = here + (1 if kind == "add" else -1)

    votes = list(card.votes.values())
    # One record per participant and candidate, never an empty one.
    assert all(v.count > 0 for v in votes)
    assert len({(v.participant, v.target) for v in votes}) == len(votes)
    # Totals equal the sum of the cast votes, per candidate and in all.
    totals = counts_by_key(card)
    for candidate in options:
        ckey = candidate_key(candidate)
        assert totals[ckey] == sum(n for (_, k), n in model.items() if k == ckey)
        assert totals[ckey] == sum(v.count for v in votes if v.target == target_of(candidate))
    assert sum(totals.values()) == sum(v.count for v in votes) == sum(model.values())
    voting_round = card.rounds[(STEP.value, "b1")]
    for i, status in enumerate(statuses):
        used = voting.dots_used(card, voting_round, f"p{i}")
        assert used <= budget
        for candidate in options:
            assert voting.dots_on(card, voting_round, f"p{i}", candidate) <= (maximum or budget)
        if status is not PRESENT:
            assert used == 0  # absent (or unmarked) participants never have votes
    assert all(v.participant is not None for v in votes)


# -- properties: ranking of a round ----------------------------------------------------
COUNTS = st.lists(st.integers(0, 6), min_size=1, max_size=8)


@PROPERTY
@given(COUNTS)
def test_round_ranking_is_stable_and_by_count(counts) -> None:
    card = make_card(n_themes=len(counts))
    start(card, VotingMode.TELLING)
    set_counts(card, counts)
    ranked = round_ranking(card, STEP, "b1")
    order = [c.id for c in cands(card)]
    assert [r.count for r in ranked] == sorted(counts, reverse=True)
    for a, b in zip(ranked, ranked[1:]):
        if a.count == b.count:  # equal counts keep the candidates' own order
            assert order.index(a.item.id) < order.index(b.item.id)
            assert a.place == b.place
    assert not any(r.fixed for r in ranked)


@PROPERTY
@given(st.lists(st.integers(0, 4), min_size=2, max_size=8), st.integers(1, 5))
def test_a_tie_at_the_cut_is_reported_as_shared(counts, top) -> None:
    card = make_card(n_themes=len(counts))
    start(card, VotingMode.TELLING, top_n=top)
    set_counts(card, counts)
    ranked = round_ranking(card, STEP, "b1")
    shown = step_top(card, STEP, "b1", 3)
    for r in ranked:
        tied = sum(1 for x in ranked if x.count == r.count) > 1
        assert ("gedeeld" in r.place_label) == tied
    if len(ranked) > top and ranked[top - 1].count == ranked[top].count > 0:
        # The candidate just outside the cut ties with the last one inside: both on a
        # shared place within the top, and both shown; nothing decided silently.
        last_in, first_out = ranked[top - 1], ranked[top]
        assert last_in.place == first_out.place <= top
        assert "gedeeld" in last_in.place_label and "gedeeld" in first_out.place_label
        shown_ids = [r.item.id for r in shown]
        assert last_in.item.id in shown_ids and first_out.item.id in shown_ids
        assert len(shown) > top


def pin(card: Card, order) -> None:
    """The round's pinned order as the result screen stores it."""
    voting_round = card.rounds[(STEP.value, "b1")]
    card.put(dataclasses.replace(voting_round,
                                 fixed_order=tuple(candidate_key(c) for c in order)))


@PROPERTY
@given(st.lists(st.integers(0, 5), min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_pins_never_change_the_order_between_different_counts(counts, rnd) -> None:
    """Issue 17: pinning a tie rewrote the whole ranking."""
    card = make_card(n_themes=len(counts))
    start(card, VotingMode.TELLING)
    set_counts(card, counts)
    unpinned = round_ranking(card, STEP, "b1")
    # Without pins: by count, then as the themes stand on the card.
    assert [r.item.id for r in unpinned] == [
        c.id for c, _ in sorted(zip(cands(card), counts), key=lambda pair: -pair[1])]
    order = cands(card)
    rnd.shuffle(order)
    pin(card, order[:rnd.randint(0, len(order))])
    ranked = round_ranking(card, STEP, "b1")
    assert [r.count for r in ranked] == [r.count for r in unpinned]
    assert sorted(r.item.id for r in ranked) == sorted(r.item.id for r in unpinned)
    for r in ranked:
        same = [x for x in ranked if x.count == r.count]
        assert r.fixed <= (len(same) > 1)  # only a member of a tie is ever pinned
        assert min(x.place for x in same) == min(x.place for x in unpinned
                                                 if x.count == r.count)


def test_moving_within_a_tie_pins_only_that_tie() -> None:
    """Tally 8,2,7,5,5,0,2,0,1,0,0,0, then J on a 5-vote theme (the example of issue 17)."""
    counts = [8, 2, 7, 5, 5, 0, 2, 0, 1, 0, 0, 0]
    card = make_card(n_themes=len(counts))
    start(card, VotingMode.TELLING)
    set_counts(card, counts)
    themes = cands(card)
    apply(card, voting.move_within_tie(card, STEP, "b1", themes[3], +1))
    ranked = round_ranking(card, STEP, "b1")
    assert [(r.item.id, r.count, r.place_label) for r in ranked[:6]] == [
        ("t0", 8, "1"), ("t2", 7, "2"), ("t4", 5, "3 (vastgezet)"), ("t3", 5, "4 (vastgezet)"),
        ("t1", 2, "5 (gedeeld)"), ("t6", 2, "5 (gedeeld)")]
    assert sum(r.fixed for r in ranked) == 2
    # Past a theme with another count: refused, with the counts in the message.
    with pytest.raises(DomainError, match="5 stemmen.*2 stemmen"):
        voting.move_within_tie(card, STEP, "b1", themes[3], +1)
    with pytest.raises(DomainError, match="bovenaan"):
        voting.move_within_tie(card, STEP, "b1", themes[0], -1)


def test_a_vote_change_drops_the_pins() -> None:
    card = make_card(n_themes=3)
    start(card, VotingMode.TELLING)
    set_counts(card, [2, 2, 1])
    apply(card, voting.move_within_tie(card, STEP, "b1", cands(card)[0], +1))
    assert card.rounds[(STEP.value, "b1")].fixed_order
    apply(card, voting.set_tally(card, STEP, "b1", cands(card)[2], 4))
    assert card.rounds[(STEP.value, "b1")].fixed_order == ()
    assert round_ranking(card, STEP, "b1") == rank(tally(card, STEP, "b1"))


@PROPERTY
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=12),
       st.integers(0, 3))
def test_a_dot_added_or_removed_drops_the_fixed_order(dots, index) -> None:
    card = make_card(statuses=(PRESENT,) * 4, n_themes=4)
    start(card, VotingMode.STIPPEN, budget=5)
    options = cands(card)
    for person, candidate in dots:
        try:
            apply(card, voting.add_dot(card, STEP, "b1", f"p{person}", options[candidate]))
        except DomainError:
            pass
    pin(card, list(reversed(options)))
    assert card.rounds[(STEP.value, "b1")].fixed_order
    voting_round = card.rounds[(STEP.value, "b1")]
    target = options[index]
    if voting.dots_on(card, voting_round, "p0", target):
        apply(card, voting.remove_dot(card, STEP, "b1", "p0", target))
    else:
        try:
            apply(card, voting.add_dot(card, STEP, "b1", "p0", target))
        except DomainError:  # p0's budget is spent: take one of p0's dots away instead
            placed = next(c for c in options if voting.dots_on(card, voting_round, "p0", c))
            apply(card, voting.remove_dot(card, STEP, "b1", "p0", placed))
    assert card.rounds[(STEP.value, "b1")].fixed_order == ()


# -- start_round -----------------------------------------------------------------------
def test_start_round_stores_the_settings() -> None:
    card = make_card()
    voting_round = start(card, VotingMode.STIPPEN, budget=4, max_per_candidate=2, top_n=5)
    assert voting_round == VotingRound(STEP, "b1", VotingMode.STIPPEN, 4, 2, 5)
    assert voting_round.fixed_order == () and voting_round.revealed is False


def test_a_second_round_for_the_same_step_and_bijeenkomst_is_refused() -> None:
    card = make_card()
    start(card, VotingMode.TELLING)
    before = state(card)
    for mode in VotingMode:
        with pytest.raises(DomainError, match="al een stemronde"):
            voting.start_round(card, STEP, "b1", mode)
    assert state(card) == before
    # Another step in the same bijeenkomst is a round of its own.
    card.put(Theme("w1", Step.WAARDEN, "Waarde", "b1"))
    apply(card, voting.start_round(card, Step.WAARDEN, "b1", VotingMode.TELLING))
    assert set(card.rounds) == {(STEP.value, "b1"), (Step.WAARDEN.value, "b1")}


def test_existing_votes_are_never_mixed_in_silently() -> None:
    card = make_card(n_themes=3)
    t0, t1, _ = cands(card)
    imported = [Vote("v-a", "b1", 4, None, "t0"), Vote("v-b", "b1", 2, "p1", "t1")]
    for v in imported:
        card.put(v)
    with pytest.raises(DomainError, match="al 2 stemmen"):
        voting.start_round(card, STEP, "b1", VotingMode.TELLING)
    assert card.rounds == {}

    change = voting.start_round(card, STEP, "b1", VotingMode.TELLING, replace_existing=True)
    # One Change: the round is put and the old votes go, so one undo brings them back.
    assert set(change.remove) == set(imported)
    inverse = apply(card, change)
    assert card.votes == {} and (STEP.value, "b1") in card.rounds
    apply(card, inverse)
    assert card.rounds == {} and set(card.votes.values()) == set(imported)


def test_start_round_bounds() -> None:
    card = make_card()
    before = state(card)
    bad = [dict(budget=0), dict(budget=voting.MAX_BUDGET + 1),
           dict(budget=3, max_per_candidate=0), dict(budget=3, max_per_candidate=4),
           dict(top_n=0), dict(top_n=6)]
    for kwargs in bad:
        with pytest.raises(DomainError):
            voting.start_round(card, STEP, "b1", VotingMode.STIPPEN, **kwargs)
    with pytest.raises(DomainError, match="bijeenkomst"):
        voting.start_round(card, STEP, "b-none", VotingMode.STIPPEN)
    with pytest.raises(DomainError, match="thema"):
        voting.start_round(card, Step.ACTIES, "b1", VotingMode.STIPPEN)  # nothing to vote on
    assert state(card) == before
    # The bounds themselves are allowed.
    for kwargs in [dict(budget=1, max_per_candidate=1, top_n=1),
                   dict(budget=voting.MAX_BUDGET, max_per_candidate=voting.MAX_BUDGET, top_n=5)]:
        fresh = make_card()
        assert start(fresh, VotingMode.STIPPEN, **kwargs).budget == kwargs["budget"]


def test_candidates_are_themes_and_entries_without_a_theme() -> None:
    card = make_card(n_themes=2, n_loose=2)
    assert [candidate_key(c) for c in cands(card)] == [
        "theme:t0", "theme:t1", "entry:e0", "entry:e1"]


# -- tally -----------------------------------------------------------------------------
def test_set_tally_sets_replaces_and_zero_removes() -> None:
    card = make_card(n_themes=2, n_loose=1)
    start(card, VotingMode.TELLING)
    t0, t1, e0 = cands(card)
    apply(card, voting.set_tally(card, STEP, "b1", t0, 12))
    apply(card, voting.set_tally(card, STEP, "b1", e0, 3))
    apply(card, voting.set_tally(card, STEP, "b1", t0, 7))  # replaces, does not add
    assert counts_by_key(card) == {"theme:t0": 7, "theme:t1": 0, "entry:e0": 3}
    assert len(card.votes) == 2 and all(v.participant is None for v in card.votes.values())
    inverse = apply(card, voting.set_tally(card, STEP, "b1", t0, 0))
    assert [v.target for v in card.votes.values()] == [("entry", "e0")]
    apply(card, inverse)  # undo brings the 7 back
    assert counts_by_key(card)["theme:t0"] == 7
    for bad in (-1, 1000):
        with pytest.raises(DomainError):
            voting.set_tally(card, STEP, "b1", t1, bad)


def test_set_tally_only_in_a_telling_and_only_with_a_round() -> None:
    card = make_card()
    candidate = cands(card)[0]
    with pytest.raises(DomainError, match="nog geen stemronde"):
        voting.set_tally(card, STEP, "b1", candidate, 3)
    start(card, VotingMode.STIPPEN)
    with pytest.raises(DomainError, match="stippen"):
        voting.set_tally(card, STEP, "b1", candidate, 3)
    assert card.votes == {}


# -- dots ------------------------------------------------------------------------------
def test_add_dot_refusals() -> None:
    card = make_card(statuses=(PRESENT, ABSENT, UNKNOWN))
    candidate = cands(card)[0]
    with pytest.raises(DomainError, match="nog geen stemronde"):
        voting.add_dot(card, STEP, "b1", "p0", candidate)

    tally_card = make_card()
    start(tally_card, VotingMode.TELLING)
    with pytest.raises(DomainError, match="telling"):
        voting.add_dot(tally_card, STEP, "b1", "p0", cands(tally_card)[0])

    start(card, VotingMode.STIPPEN, budget=2, max_per_candidate=1)
    for absent in ("p1", "p2"):
        with pytest.raises(DomainError, match="niet als aanwezig"):
            voting.add_dot(card, STEP, "b1", absent, candidate)
    with pytest.raises(DomainError, match="bestaat niet"):
        voting.add_dot(card, STEP, "b1", "p-gone", candidate)
    apply(card, voting.add_dot(card, STEP, "b1", "p0", candidate))
    with pytest.raises(DomainError, match="Maximaal 1"):
        voting.add_dot(card, STEP, "b1", "p0", candidate)
    apply(card, voting.add_dot(card, STEP, "b1", "p0", cands(card)[1]))
    with pytest.raises(DomainError, match="geen stippen meer"):
        voting.add_dot(card, STEP, "b1", "p0", cands(card)[2])
    with pytest.raises(DomainError, match="geen stip"):
        voting.remove_dot(card, STEP, "b1", "p0", cands(card)[2])
    assert voting.dots_used(card, card.rounds[(STEP.value, "b1")], "p0") == 2


def test_dots_of_one_participant_on_one_candidate_are_one_vote_record() -> None:
    card = make_card()
    start(card, VotingMode.STIPPEN, budget=3)
    candidate = cands(card)[0]
    for _ in range(3):
        apply(card, voting.add_dot(card, STEP, "b1", "p0", candidate))
    [record] = card.votes.values()
    assert (record.participant, record.count, record.target) == ("p0", 3, ("theme", "t0"))
    for _ in range(3):
        apply(card, voting.remove_dot(card, STEP, "b1", "p0", candidate))
    assert card.votes == {}


def test_every_dot_can_be_undone() -> None:
    card = make_card()
    start(card, VotingMode.STIPPEN, budget=3)
    a, b = cands(card)[:2]
    inverses = []
    for person, candidate in [("p0", a), ("p0", a), ("p1", b), ("p0", b)]:
        inverses.append(apply(card, voting.add_dot(card, STEP, "b1", person, candidate)))
    inverses.append(apply(card, voting.remove_dot(card, STEP, "b1", "p0", a)))
    history = []
    for inverse in reversed(inverses):
        history.append(counts_by_key(card))
        apply(card, inverse)
    assert [h["theme:t0"] for h in history] == [1, 2, 2, 2, 1]
    assert [h["theme:t1"] for h in history] == [2, 2, 1, 0, 0]
    assert card.votes == {}


def test_no_more_dots_after_a_secret_round_was_revealed() -> None:
    card = make_card()
    start(card, VotingMode.GEHEIM)
    candidate = cands(card)[0]
    apply(card, voting.add_dot(card, STEP, "b1", "p0", candidate))
    apply(card, voting.reveal(card, STEP, "b1"))
    assert card.rounds[(STEP.value, "b1")].revealed
    before = state(card)
    with pytest.raises(DomainError, match="al getoond"):
        voting.add_dot(card, STEP, "b1", "p1", candidate)
    with pytest.raises(DomainError, match="al getoond"):
        voting.remove_dot(card, STEP, "b1", "p0", candidate)
    assert state(card) == before


def test_voters_are_who_placed_a_dot() -> None:
    card = make_card()
    voting_round = start(card, VotingMode.GEHEIM)
    assert voting.voters(card, voting_round) == []
    apply(card, voting.add_dot(card, STEP, "b1", "p2", cands(card)[0]))
    apply(card, voting.add_dot(card, STEP, "b1", "p0", cands(card)[1]))
    assert voting.voters(card, voting_round) == ["p2", "p0"]


# -- cancel and reveal -----------------------------------------------------------------
def test_cancel_round_removes_round_and_votes_and_undo_restores_them() -> None:
    card = make_card(n_themes=3, n_loose=1)
    start(card, VotingMode.STIPPEN, budget=3)
    options = cands(card)
    for person, candidate in [("p0", 0), ("p1", 3), ("p1", 1), ("p2", 0)]:
        apply(card, voting.add_dot(card, STEP, "b1", person, options[candidate]))
    # A vote on another step's candidate in the same bijeenkomst is not this round's.
    card.put(Theme("w1", Step.WAARDEN, "Waarde", "b1"))
    other = Vote("v-other", "b1", 5, None, "w1")
    card.put(other)
    before = state(card)

    inverse = apply(card, voting.cancel_round(card, STEP, "b1"))
    assert card.rounds == {}
    assert list(card.votes.values()) == [other]
    assert all(n == 0 for n in counts_by_key(card).values())
    apply(card, inverse)
    assert state(card) == before
    with pytest.raises(DomainError):
        voting.cancel_round(make_card(), STEP, "b1")


def test_results_of_an_unrevealed_secret_round_are_not_visible() -> None:
    card = make_card(n_themes=3)
    start(card, VotingMode.GEHEIM)
    t0, t1, _ = cands(card)
    for person, candidate in [("p0", t0), ("p1", t0), ("p2", t1)]:
        apply(card, voting.add_dot(card, STEP, "b1", person, candidate))
    assert results_visible(card, STEP, "b1") is False
    assert step_top(card, STEP, "b1", 3) == []
    apply(card, voting.reveal(card, STEP, "b1"))
    assert results_visible(card, STEP, "b1") is True
    assert [(r.item.id, r.count) for r in step_top(card, STEP, "b1", 3)] == [
        ("t0", 2), ("t1", 1)]


def test_an_unrevealed_secret_round_shows_the_earlier_result_meanwhile() -> None:
    card = make_card(n_themes=3, bijeenkomsten=2)
    start(card, VotingMode.TELLING, bijeenkomst="b1")
    set_counts(card, [1, 5, 3], bijeenkomst="b1")
    start(card, VotingMode.GEHEIM, bijeenkomst="b2")
    for person in ("p0", "p1", "p2"):
        apply(card, voting.add_dot(card, STEP, "b2", person, cands(card, "b2")[0]))
    assert [r.item.id for r in step_top(card, STEP, "b2", 3)] == ["t1", "t2", "t0"]
    apply(card, voting.reveal(card, STEP, "b2"))
    assert [(r.item.id, r.count) for r in step_top(card, STEP, "b2", 3)] == [("t0", 3)]


def test_results_visible_for_other_modes_and_without_a_round() -> None:
    card = make_card()
    assert results_visible(card, STEP, "b1")
    start(card, VotingMode.STIPPEN)
    assert results_visible(card, STEP, "b1")


# -- history: the latest round decides -------------------------------------------------
def test_re_voting_in_a_later_bijeenkomst_keeps_the_earlier_round() -> None:
    card = make_card(n_themes=4, bijeenkomsten=2)
    start(card, VotingMode.TELLING, bijeenkomst="b1")
    set_counts(card, [9, 1, 5, 3], bijeenkomst="b1")
    b1_votes = dict(card.votes)
    b1_round = card.rounds[(STEP.value, "b1")]
    card.put(Theme("t-new", STEP, "Nieuw in b2", "b2"))

    start(card, VotingMode.STIPPEN, bijeenkomst="b2", budget=3)  # not refused: other bijeenkomst
    options = {c.id: c for c in cands(card, "b2")}
    assert "t-new" in options and "t-new" not in [c.id for c in cands(card, "b1")]
    for person, tid in [("p0", "t-new"), ("p1", "t-new"), ("p2", "t1"), ("p3", "t3")]:
        apply(card, voting.add_dot(card, STEP, "b2", person, options[tid]))

    # History: bijeenkomst 1's round and votes are all still there.
    assert card.rounds[(STEP.value, "b1")] == b1_round
    assert all(card.votes[k] == v for k, v in b1_votes.items())
    assert [r.item.id for r in step_top(card, STEP, "b1", 3)] == ["t0", "t2", "t3"]
    # The top of the step is the latest round's.
    top = step_top(card, STEP, "b2", 3)
    assert [(r.item.id, r.count) for r in top] == [("t-new", 2), ("t1", 1), ("t3", 1)]
    assert [r.place_label for r in top] == ["1", "2 (gedeeld)", "2 (gedeeld)"]
    # Cancelling the later round falls back on the earlier result.
    apply(card, voting.cancel_round(card, STEP, "b2"))
    assert [r.item.id for r in step_top(card, STEP, "b2", 3)] == ["t0", "t2", "t3"]


def test_set_top_n_5_makes_the_top_hold_5() -> None:
    card = make_card(n_themes=7)
    start(card, VotingMode.TELLING)
    set_counts(card, [7, 6, 5, 4, 3, 2, 1])
    assert len(step_top(card, STEP, "b1", 3)) == 3
    apply(card, voting.set_top_n(card, STEP, "b1", 5))
    assert card.rounds[(STEP.value, "b1")].top_n == 5
    assert [r.count for r in step_top(card, STEP, "b1", 3)] == [7, 6, 5, 4, 3]
    for bad in (0, 6):
        with pytest.raises(DomainError):
            voting.set_top_n(card, STEP, "b1", bad)


def test_clear_fixed_order_and_fixed_order_survives_new_candidates() -> None:
    card = make_card(n_themes=3)
    start(card, VotingMode.TELLING)
    set_counts(card, [2, 2, 1])
    t0, t1, t2 = cands(card)
    pin(card, [t1, t0])
    ranked = round_ranking(card, STEP, "b1")
    assert [(r.item.id, r.place_label) for r in ranked] == [
        ("t1", "1 (vastgezet)"), ("t0", "2 (vastgezet)"), ("t2", "3")]
    apply(card, voting.clear_fixed_order(card, STEP, "b1"))
    assert [(r.item.id, r.place_label) for r in round_ranking(card, STEP, "b1")] == [
        ("t0", "1 (gedeeld)"), ("t1", "1 (gedeeld)"), ("t2", "3")]


# -- store and bundle ------------------------------------------------------------------
def test_a_round_survives_close_and_reopen(tmp_path: Path) -> None:
    folder = DataFolder(tmp_path / "data").ensure()
    workshop = Workshop(folder.create(make_card(n_themes=3)))
    card = workshop.card
    workshop.apply(voting.start_round(card, STEP, "b1", VotingMode.GEHEIM, 4, 2, 5))
    t0, t1, t2 = cands(card)
    workshop.apply(voting.add_dot(card, STEP, "b1", "p0", t2))
    workshop.apply(voting.add_dot(card, STEP, "b1", "p1", t1))
    workshop.apply(voting.reveal(card, STEP, "b1"))
    workshop.apply(voting.move_within_tie(card, STEP, "b1", t2, -1))
    expected_round = card.rounds[(STEP.value, "b1")]
    expected_votes = dict(card.votes)
    slug = workshop.name
    workshop.close()

    store = DataFolder(folder.root).open(slug)
    try:
        loaded = store.load()
    finally:
        store.close()
    assert loaded.rounds == {(STEP.value, "b1"): expected_round}
    assert expected_round == VotingRound(STEP, "b1", VotingMode.GEHEIM, 4, 2, 5,
                                         ("theme:t2", "theme:t1"), True)
    assert loaded.votes == expected_votes
    assert [r.item.id for r in round_ranking(loaded, STEP, "b1")] == ["t2", "t1", "t0"]


def test_undo_of_a_cancel_is_on_disk(tmp_path: Path) -> None:
    folder = DataFolder(tmp_path / "data").ensure()
    workshop = Workshop(folder.create(make_card(n_themes=2)))
    card = workshop.card
    workshop.apply(voting.start_round(card, STEP, "b1", VotingMode.TELLING))
    workshop.apply(voting.set_tally(card, STEP, "b1", cands(card)[0], 6))
    workshop.apply(voting.cancel_round(card, STEP, "b1"))
    workshop.undo()
    slug = workshop.name
    workshop.close()
    store = DataFolder(folder.root).open(slug, read_only=True)
    try:
        loaded = store.load()
    finally:
        store.close()
    assert (STEP.value, "b1") in loaded.rounds
    assert counts_by_key(loaded)["theme:t0"] == 6


def test_the_bundle_carries_votes_and_the_round_with_its_pinned_order() -> None:
    card = make_card(n_themes=3, n_loose=1)
    start(card, VotingMode.STIPPEN, budget=3)
    options = cands(card)
    apply(card, voting.add_dot(card, STEP, "b1", "p0", options[0]))
    apply(card, voting.add_dot(card, STEP, "b1", "p1", options[3]))
    pin(card, list(reversed(options)))
    data = card_to_data(card)
    assert [r["mode"] for r in data["rounds"]] == ["stippen"]
    assert data["rounds"][0]["budget"] == 3
    assert data["rounds"][0]["fixed_order"] == [candidate_key(c) for c in reversed(options)]
    assert len(data["votes"]) == 2
    again = card_from_data(data)
    assert again.rounds == card.rounds
    assert card_to_data(again) == data
    assert counts_by_key(again) == counts_by_key(card)

"""Top-N per step, with ties shown as a shared place.

Places follow competition ranking (1, 2, 2, 4): two candidates with equal votes share a
place, and the top N holds every candidate whose place is N or better, so a tie at the
cut shows up as two candidates on a shared third place instead of being decided silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Sequence, TypeVar

from kaart_tui.domain.model import Card, Entry, Theme, VotingMode
from kaart_tui.domain.steps import Step

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Ranked(Generic[T]):
    item: T
    count: int
    place: int
    shared: bool
    # The place was set by the facilitator (a fixed order), not by the votes alone.
    fixed: bool = False

    @property
    def place_label(self) -> str:
        """The place for the facilitator: a pinned place is marked as such."""
        if self.shared:
            return f"{self.place} (gedeeld)"
        return f"{self.place} (vastgezet)" if self.fixed else str(self.place)

    @property
    def public_label(self) -> str:
        """The place for the group (beamer, poster): shared or not, nothing about pins."""
        return f"{self.place} (gedeeld)" if self.shared else str(self.place)


def rank(counted: Sequence[tuple[T, int]]) -> list[Ranked[T]]:
    """Rank by count, highest first; equal counts keep their given order and share a place."""
    order = sorted(range(len(counted)), key=lambda i: (-counted[i][1], i))
    ranked: list[Ranked[T]] = []
    frequency: dict[int, int] = {}
    for _, count in counted:
        frequency[count] = frequency.get(count, 0) + 1
    place = 0
    previous: int | None = None
    for position, index in enumerate(order, start=1):
        item, count = counted[index]
        if count != previous:
            place = position
            previous = count
        ranked.append(Ranked(item, count, place, frequency[count] > 1))
    return ranked


def pinned_rank(counted: Sequence[tuple[T, int]], keys: Sequence[str],
                pins: Sequence[str]) -> list[Ranked[T]]:
    """Rank by count; within a tie, the facilitator's pinned order decides.

    ``keys[i]`` names ``counted[i]``; ``pins`` is an order of such keys. Pins only order the
    members of one tie: a pinned member of a tie comes before the unpinned ones, in pin
    order, on a place of its own (marked ``fixed``); members left unpinned still share the
    next place. Between different counts the votes decide, whatever the pins say.
    """
    pin_position = {key: i for i, key in enumerate(dict.fromkeys(pins))}
    order = sorted(range(len(counted)), key=lambda i: (
        -counted[i][1], pin_position.get(keys[i], len(pin_position)), i))
    ranked: list[Ranked[T]] = []
    position = 0
    while position < len(order):
        count = counted[order[position]][1]
        group = [i for i in order[position:] if counted[i][1] == count]
        pinned = [i for i in group if keys[i] in pin_position] if len(group) > 1 else []
        loose = [i for i in group if i not in pinned]
        place = position + 1
        for index in pinned:
            ranked.append(Ranked(counted[index][0], count, place, False, True))
            place += 1
        for index in loose:
            ranked.append(Ranked(counted[index][0], count, place, len(loose) > 1))
        position += len(group)
    return ranked


def top_n(ranked: Sequence[Ranked[T]], n: int) -> list[Ranked[T]]:
    """The candidates on place 1..n; a candidate without votes is never in a top."""
    return [r for r in ranked if r.place <= n and r.count > 0]


# -- voting on a card --------------------------------------------------------------------
Candidate = Theme | Entry


def on_the_card(card: Card, bijeenkomst_id: str) -> set[str]:
    """The bijeenkomsten whose themes and entries a round in ``bijeenkomst_id`` votes on.

    An ordinary bijeenkomst: the card keeps growing, so every Partnerschapskaart
    bijeenkomst up to this one. An evaluation: its own answers only.
    """
    if card.is_evaluation(bijeenkomst_id):
        return {bijeenkomst_id}
    return {b.id for b in card.bijeenkomsten_up_to(bijeenkomst_id) if not b.evaluation}


def candidates(card: Card, step: Step, bijeenkomst_id: str,
               earlier: bool = False) -> list[Candidate]:
    """What can be voted on in a step: its themes and the entries that belong to no theme.

    In an ordinary bijeenkomst: those of all its Partnerschapskaart bijeenkomsten so far.
    In an evaluation: its own; with ``earlier`` (the facilitator asked for it) the card's
    earlier themes follow, after the evaluation's own.
    """
    meetings = on_the_card(card, bijeenkomst_id)
    if earlier and card.is_evaluation(bijeenkomst_id):
        before = {b.id for b in card.bijeenkomsten_up_to(bijeenkomst_id)
                  if not b.evaluation}
        return [*_candidates_of(card, step, meetings), *_candidates_of(card, step, before)]
    return _candidates_of(card, step, meetings)


def _candidates_of(card: Card, step: Step, meetings: set[str]) -> list[Candidate]:
    themes = [t for t in card.themes_of(step) if t.bijeenkomst in meetings]
    loose = [e for e in card.entries_of(step) if e.theme is None and e.bijeenkomst in meetings]
    return [*themes, *loose]


def round_candidates(card: Card, step: Step, bijeenkomst_id: str) -> list[Candidate]:
    """The candidates of the round voted (or to be voted) in this bijeenkomst."""
    voting_round = card.rounds.get((step.value, bijeenkomst_id))
    return candidates(card, step, bijeenkomst_id,
                      earlier=voting_round is not None and voting_round.include_earlier)


def target_of(candidate: Candidate) -> tuple[str, str]:
    return ("theme" if isinstance(candidate, Theme) else "entry", candidate.id)


def candidate_key(candidate: Candidate) -> str:
    """"theme:<id>" or "entry:<id>": how a fixed order names its candidates."""
    kind, record_id = target_of(candidate)
    return f"{kind}:{record_id}"


def results_visible(card: Card, step: Step, bijeenkomst_id: str) -> bool:
    """A secret round shows nothing until the facilitator reveals it."""
    voting_round = card.rounds.get((step.value, bijeenkomst_id))
    return not (voting_round is not None and voting_round.mode is VotingMode.GEHEIM
                and not voting_round.revealed)


def totals_by_target(card: Card, bijeenkomst_id: str) -> dict[tuple[str, str], int]:
    """All votes cast in one bijeenkomst, summed per target: one pass over the votes."""
    totals: dict[tuple[str, str], int] = {}
    for vote in card.votes.values():
        if vote.bijeenkomst == bijeenkomst_id:
            totals[vote.target] = totals.get(vote.target, 0) + vote.count
    return totals


def tally(card: Card, step: Step, bijeenkomst_id: str) -> list[tuple[Candidate, int]]:
    """Each candidate of the round with the votes cast on it in this bijeenkomst."""
    totals = totals_by_target(card, bijeenkomst_id)
    return [(c, totals.get(target_of(c), 0))
            for c in round_candidates(card, step, bijeenkomst_id)]


def voting_bijeenkomst(card: Card, step: Step, bijeenkomst_id: str) -> str | None:
    """The latest bijeenkomst up to this one whose round gives the card's top of a step.

    A step voted again in a later bijeenkomst takes that round's result; a bijeenkomst
    that did not vote on a step shows the step's last earlier result. An evaluation's
    round never does: it is the "nu" beside "toen", not the card's top.
    """
    # One pass over the votes for all bijeenkomsten, not one per bijeenkomst looked at: the
    # verslag and the card ask this for every step, several times.
    totals: dict[str, dict[tuple[str, str], int]] = {}
    for vote in card.votes.values():
        per_target = totals.setdefault(vote.bijeenkomst, {})
        per_target[vote.target] = per_target.get(vote.target, 0) + vote.count
    for bijeenkomst in reversed(card.bijeenkomsten_up_to(bijeenkomst_id)):
        if bijeenkomst.evaluation or not results_visible(card, step, bijeenkomst.id):
            continue
        voted = totals.get(bijeenkomst.id)
        if voted and any(voted.get(target_of(c), 0)
                         for c in round_candidates(card, step, bijeenkomst.id)):
            return bijeenkomst.id
    return None


def round_ranking(card: Card, step: Step, bijeenkomst_id: str) -> list[Ranked[Candidate]]:
    """The ranking of one bijeenkomst's votes on a step, ties ordered by the round's pins."""
    counted = tally(card, step, bijeenkomst_id)
    voting_round = card.rounds.get((step.value, bijeenkomst_id))
    pins = voting_round.fixed_order if voting_round is not None else ()
    return pinned_rank(counted, [candidate_key(c) for c, _ in counted], pins)


def step_ranking(card: Card, step: Step, bijeenkomst_id: str) -> list[Ranked[Candidate]]:
    voted_in = voting_bijeenkomst(card, step, bijeenkomst_id)
    if voted_in is None:
        return []
    return round_ranking(card, step, voted_in)


def top_size(card: Card, step: Step, bijeenkomst_id: str, n: int,
             own_round_only: bool = False) -> int:
    """How many places the top of a step has at this bijeenkomst: ``n`` (the template's),
    unless the round that decided it chose another (top 3, or top 5 for actions)."""
    voted_in = bijeenkomst_id if own_round_only else \
        voting_bijeenkomst(card, step, bijeenkomst_id)
    return _size_of(card, step, voted_in, n)


def _size_of(card: Card, step: Step, voted_in: str | None, n: int) -> int:
    voting_round = card.rounds.get((step.value, voted_in)) if voted_in else None
    return voting_round.top_n if voting_round is not None else n


def step_top(card: Card, step: Step, bijeenkomst_id: str, n: int,
             own_round_only: bool = False) -> list[Ranked[Candidate]]:
    """The top of a step as it stands at this bijeenkomst (see top_size for its size).

    ``own_round_only``: only this bijeenkomst's own votes count, as in an evaluation,
    which reports what it chose now and must not pass the earlier top off as "nu".
    """
    if own_round_only:
        if not results_visible(card, step, bijeenkomst_id):
            return []
        voted_in: str | None = bijeenkomst_id
    else:
        voted_in = voting_bijeenkomst(card, step, bijeenkomst_id)
    if voted_in is None:
        return []
    return top_n(round_ranking(card, step, voted_in), _size_of(card, step, voted_in, n))


def candidate_title(candidate: Candidate) -> str:
    return candidate.title if isinstance(candidate, Theme) else candidate.text

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
        if self.shared:
            return f"{self.place} (gedeeld)"
        return f"{self.place} (vastgezet)" if self.fixed else str(self.place)


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


def fixed_rank(counted: Sequence[tuple[T, int]], order: Sequence[int]) -> list[Ranked[T]]:
    """The facilitator's order overrides the votes: the items at the positions in ``order``
    come first, in that order, each on a place of its own; the rest follow by votes."""
    chosen = [i for i in dict.fromkeys(order) if 0 <= i < len(counted)]
    rest = rank([counted[i] for i in range(len(counted)) if i not in set(chosen)])
    ranked = [Ranked(counted[i][0], counted[i][1], place, False, True)
              for place, i in enumerate(chosen, start=1)]
    offset = len(ranked)
    ranked += [Ranked(r.item, r.count, r.place + offset, r.shared) for r in rest]
    return ranked


def top_n(ranked: Sequence[Ranked[T]], n: int) -> list[Ranked[T]]:
    """The candidates on place 1..n; a candidate without votes is never in a top."""
    return [r for r in ranked if r.place <= n and r.count > 0]


# -- voting on a card --------------------------------------------------------------------
Candidate = Theme | Entry


def candidates(card: Card, step: Step, bijeenkomst_id: str) -> list[Candidate]:
    """What can be voted on in a step: its themes and the entries that belong to no theme.

    The card grows over bijeenkomsten, so the themes and entries of earlier bijeenkomsten
    are candidates too; later ones are not.
    """
    numbers = {b.id: b.number for b in card.bijeenkomsten.values()}
    until = numbers[bijeenkomst_id]
    themes = [t for t in card.themes_of(step) if numbers[t.bijeenkomst] <= until]
    loose = [e for e in card.entries_of(step)
             if e.theme is None and numbers[e.bijeenkomst] <= until]
    return [*themes, *loose]


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


def tally(card: Card, step: Step, bijeenkomst_id: str) -> list[tuple[Candidate, int]]:
    """Each candidate with the votes cast on it in this bijeenkomst."""
    totals: dict[tuple[str, str], int] = {}
    for vote in card.votes.values():
        if vote.bijeenkomst == bijeenkomst_id:
            totals[vote.target] = totals.get(vote.target, 0) + vote.count
    return [(c, totals.get(target_of(c), 0)) for c in candidates(card, step, bijeenkomst_id)]


def voting_bijeenkomst(card: Card, step: Step, bijeenkomst_id: str) -> str | None:
    """The latest bijeenkomst up to this one in which this step was voted on.

    A step voted again in a later bijeenkomst takes that round's result; a bijeenkomst
    that did not vote on a step shows the step's last earlier result.
    """
    for bijeenkomst in reversed(card.bijeenkomsten_up_to(bijeenkomst_id)):
        if not results_visible(card, step, bijeenkomst.id):
            continue
        if any(count for _, count in tally(card, step, bijeenkomst.id)):
            return bijeenkomst.id
    return None


def round_ranking(card: Card, step: Step, bijeenkomst_id: str) -> list[Ranked[Candidate]]:
    """The ranking of one bijeenkomst's votes on a step, with the round's fixed order."""
    counted = tally(card, step, bijeenkomst_id)
    voting_round = card.rounds.get((step.value, bijeenkomst_id))
    if voting_round is not None and voting_round.fixed_order:
        positions = {candidate_key(c): i for i, (c, _) in enumerate(counted)}
        return fixed_rank(counted, [positions[k] for k in voting_round.fixed_order
                                    if k in positions])
    return rank(counted)


def step_ranking(card: Card, step: Step, bijeenkomst_id: str) -> list[Ranked[Candidate]]:
    voted_in = voting_bijeenkomst(card, step, bijeenkomst_id)
    if voted_in is None:
        return []
    return round_ranking(card, step, voted_in)


def top_size(card: Card, step: Step, bijeenkomst_id: str, n: int) -> int:
    """How many places the top of a step has at this bijeenkomst: ``n`` (the template's),
    unless the round that decided it chose another (top 3, or top 5 for actions)."""
    voted_in = voting_bijeenkomst(card, step, bijeenkomst_id)
    voting_round = card.rounds.get((step.value, voted_in)) if voted_in else None
    return voting_round.top_n if voting_round is not None else n


def step_top(card: Card, step: Step, bijeenkomst_id: str, n: int,
             own_round_only: bool = False) -> list[Ranked[Candidate]]:
    """The top of a step as it stands at this bijeenkomst (see top_size for its size).

    ``own_round_only``: only this bijeenkomst's own votes count, as in an evaluation,
    which reports what it chose now and must not pass the earlier top off as "nu".
    """
    voted_in = voting_bijeenkomst(card, step, bijeenkomst_id)
    if own_round_only and voted_in != bijeenkomst_id:
        return []
    if voted_in is None:
        return []
    return top_n(round_ranking(card, step, voted_in), top_size(card, step, bijeenkomst_id, n))


def candidate_title(candidate: Candidate) -> str:
    return candidate.title if isinstance(candidate, Theme) else candidate.text

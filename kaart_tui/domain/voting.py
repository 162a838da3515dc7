"""Quick voting on a step's themes: tally, dots per participant, and a secret round.

Each rule returns a Change (or refuses with a Dutch message); the Workshop applies it, so
every vote is on disk as it is cast and can be undone. A change to the votes drops the
pinned order of ties: it was chosen for votes that no longer stand.

``Ballots`` indexes a round's votes once (per target, per person), so a screen that shows
every theme's count and every voter's dots does one pass over the votes per redraw, not
one per theme.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kaart_tui.domain.changes import Change
from kaart_tui.domain.model import (
    AttendanceStatus,
    Card,
    Participant,
    Record,
    Vote,
    VotingMode,
    VotingRound,
    new_id,
)
from kaart_tui.domain.people import grid_order
from kaart_tui.domain.ranking import (
    Candidate,
    candidate_key,
    candidate_title,
    candidates,
    round_candidates,
    round_ranking,
    target_of,
)
from kaart_tui.domain.steps import MAX_TOP_N, Step
from kaart_tui.errors import DomainError

MAX_BUDGET = 20
MODE_LABELS = {
    VotingMode.TELLING: "Telling (handen of stickers)",
    VotingMode.STIPPEN: "Stippen per deelnemer",
    VotingMode.GEHEIM: "Geheime ronde (laptop rondgeven)",
}

Target = tuple[str, str]


def round_of(card: Card, step: Step, bijeenkomst_id: str) -> VotingRound | None:
    return card.rounds.get((step.value, bijeenkomst_id))


def _need_round(card: Card, step: Step, bijeenkomst_id: str) -> VotingRound:
    voting_round = round_of(card, step, bijeenkomst_id)
    if voting_round is None:
        raise DomainError("Er is nog geen stemronde voor deze stap; begin er eerst een.")
    return voting_round


# -- the votes of a round, indexed once ------------------------------------------------------
@dataclass
class Ballots:
    round: VotingRound
    candidates: list[Candidate]
    votes: list[Vote] = field(default_factory=list)
    per_target: dict[Target, int] = field(default_factory=dict)
    per_person: dict[str | None, int] = field(default_factory=dict)
    records: dict[tuple[str | None, Target], Vote] = field(default_factory=dict)

    def count(self, candidate: Candidate) -> int:
        return self.per_target.get(target_of(candidate), 0)

    def used(self, participant_id: str | None) -> int:
        return self.per_person.get(participant_id, 0)

    def left(self, participant_id: str) -> int:
        return self.round.budget - self.used(participant_id)

    def on(self, participant_id: str | None, candidate: Candidate) -> int:
        vote = self.records.get((participant_id, target_of(candidate)))
        return vote.count if vote is not None else 0

    def voters(self) -> list[str]:
        """Participants who have cast at least one dot, in the order they first did."""
        return [p for p in self.per_person if p is not None and self.per_person[p] > 0]


def ballots(card: Card, voting_round: VotingRound) -> Ballots:
    listed = round_candidates(card, voting_round.step, voting_round.bijeenkomst)
    index = Ballots(voting_round, listed)
    targets = {target_of(c) for c in listed}
    for vote in card.votes.values():
        if vote.bijeenkomst != voting_round.bijeenkomst or vote.target not in targets:
            continue
        index.votes.append(vote)
        index.per_target[vote.target] = index.per_target.get(vote.target, 0) + vote.count
        index.per_person[vote.participant] = index.per_person.get(vote.participant, 0) + \
            vote.count
        index.records[(vote.participant, vote.target)] = vote
    return index


def round_votes(card: Card, voting_round: VotingRound) -> list[Vote]:
    return ballots(card, voting_round).votes


def dots_used(card: Card, voting_round: VotingRound, participant_id: str) -> int:
    return ballots(card, voting_round).used(participant_id)


def dots_on(card: Card, voting_round: VotingRound, participant_id: str | None,
            candidate: Candidate) -> int:
    return ballots(card, voting_round).on(participant_id, candidate)


def voters(card: Card, voting_round: VotingRound) -> list[str]:
    return ballots(card, voting_round).voters()


# -- starting and ending a round -------------------------------------------------------------
def existing_votes(card: Card, step: Step, bijeenkomst_id: str) -> list[Vote]:
    """Votes on this step in this bijeenkomst (for instance from an imported bundle)."""
    keys = {target_of(c) for c in candidates(card, step, bijeenkomst_id, earlier=True)}
    return [v for v in card.votes.values() if v.bijeenkomst == bijeenkomst_id and v.target in keys]


def start_round(card: Card, step: Step, bijeenkomst_id: str, mode: VotingMode,
                budget: int = 3, max_per_candidate: int | None = None, top_n: int = 3,
                replace_existing: bool = False, include_earlier: bool = False) -> Change:
    """Begin voting on a step. Votes already there (an earlier round of this bijeenkomst,
    or imported) are never mixed in silently: the caller must choose to replace them,
    which replaces that round too (undo brings it back)."""
    if bijeenkomst_id not in card.bijeenkomsten:
        raise DomainError("Kies eerst een bijeenkomst.")
    existing = round_of(card, step, bijeenkomst_id)
    if existing is not None and not replace_existing:
        raise DomainError("Deze stap heeft in deze bijeenkomst al een stemronde; ga daarmee "
                          "verder, of begin een nieuwe.")
    if not 1 <= budget <= MAX_BUDGET:
        raise DomainError(f"Het aantal stippen ligt tussen 1 en {MAX_BUDGET}.")
    if max_per_candidate is not None and not 1 <= max_per_candidate <= budget:
        raise DomainError("Het maximum per thema ligt tussen 1 en het aantal stippen.")
    if not 1 <= top_n <= MAX_TOP_N:
        raise DomainError(f"Een top heeft 1 tot {MAX_TOP_N} plaatsen.")
    earlier_too = include_earlier and card.is_evaluation(bijeenkomst_id)
    if not candidates(card, step, bijeenkomst_id, earlier=earlier_too):
        raise DomainError("Deze stap heeft nog geen thema's of bijdragen om op te stemmen.")
    earlier = existing_votes(card, step, bijeenkomst_id)
    if earlier and not replace_existing:
        raise DomainError(f"Deze stap heeft in deze bijeenkomst al {len(earlier)} stem"
                          f"{'' if len(earlier) == 1 else 'men'}; kies eerst of die blijven.")
    voting_round = VotingRound(step, bijeenkomst_id, mode, budget, max_per_candidate, top_n,
                               include_earlier=earlier_too)
    return Change(f"Stemronde gestart: {MODE_LABELS[mode].lower()}", put=(voting_round,),
                  remove=tuple(earlier))


def cancel_round(card: Card, step: Step, bijeenkomst_id: str) -> Change:
    voting_round = _need_round(card, step, bijeenkomst_id)
    return Change("Stemronde geannuleerd",
                  remove=(voting_round, *round_votes(card, voting_round)))


# -- votes -----------------------------------------------------------------------------------
def _with_count(index: Ballots, participant_id: str | None, candidate: Candidate,
                count: int, label: str) -> Change:
    voting_round = index.round
    existing = index.records.get((participant_id, target_of(candidate)))
    put: list[Record] = []
    remove: list[Record] = []
    if count <= 0:
        if existing is not None:
            remove.append(existing)
    elif existing is not None:
        put.append(replace(existing, count=count))
    else:
        kind, target = target_of(candidate)
        put.append(Vote(new_id("v"), voting_round.bijeenkomst, count, participant_id,
                        theme=target if kind == "theme" else None,
                        entry=target if kind == "entry" else None))
    if voting_round.fixed_order:
        put.append(replace(voting_round, fixed_order=()))
    return Change(label, put=tuple(put), remove=tuple(remove), focus=candidate.id)


def _check_open(voting_round: VotingRound) -> None:
    if voting_round.mode is VotingMode.GEHEIM and voting_round.revealed:
        raise DomainError("De uitslag van deze geheime ronde is al getoond; er kan niet meer "
                          "gestemd worden.")


def _voter(card: Card, participant_id: str, bijeenkomst_id: str) -> Participant:
    person = card.participants.get(participant_id)
    if person is None or person.removed:
        raise DomainError("Deze deelnemer bestaat niet (meer).")
    if card.status(participant_id, bijeenkomst_id) is not AttendanceStatus.AANWEZIG:
        raise DomainError(f"{person.name} is niet als aanwezig gemarkeerd en kan niet stemmen.")
    return person


def add_dot(card: Card, step: Step, bijeenkomst_id: str, participant_id: str,
            candidate: Candidate, index: Ballots | None = None) -> Change:
    """One dot of ``participant_id`` on ``candidate``; ``index``: the round's ballots, if
    the caller has them already."""
    voting_round = _need_round(card, step, bijeenkomst_id)
    _check_open(voting_round)
    if voting_round.mode is VotingMode.TELLING:
        raise DomainError("Dit is een telling: typ het aantal stemmen.")
    person = _voter(card, participant_id, bijeenkomst_id)
    index = index if index is not None else ballots(card, voting_round)
    if target_of(candidate) not in {target_of(c) for c in index.candidates}:
        raise DomainError("Daarover wordt in deze ronde niet gestemd.")
    used = index.used(participant_id)
    if used >= voting_round.budget:
        raise DomainError(f"{person.name} heeft geen stippen meer ({used} van "
                          f"{voting_round.budget} gebruikt).")
    here = index.on(participant_id, candidate)
    if voting_round.max_per_candidate is not None and here >= voting_round.max_per_candidate:
        raise DomainError(f"Maximaal {voting_round.max_per_candidate} stip(pen) per thema.")
    return _with_count(index, participant_id, candidate, here + 1, f"Stip van {person.name}")


def remove_dot(card: Card, step: Step, bijeenkomst_id: str, participant_id: str,
               candidate: Candidate, index: Ballots | None = None) -> Change:
    voting_round = _need_round(card, step, bijeenkomst_id)
    _check_open(voting_round)
    index = index if index is not None else ballots(card, voting_round)
    here = index.on(participant_id, candidate)
    if here == 0:
        raise DomainError("Hier staat geen stip van deze deelnemer.")
    name = card.participants[participant_id].name
    return _with_count(index, participant_id, candidate, here - 1,
                       f"Stip van {name} weggehaald")


def set_tally(card: Card, step: Step, bijeenkomst_id: str, candidate: Candidate,
              count: int, index: Ballots | None = None) -> Change:
    voting_round = _need_round(card, step, bijeenkomst_id)
    if voting_round.mode is not VotingMode.TELLING:
        raise DomainError("In deze ronde stemmen deelnemers met stippen.")
    if not 0 <= count <= 999:
        raise DomainError("Een telling ligt tussen 0 en 999.")
    index = index if index is not None else ballots(card, voting_round)
    return _with_count(index, None, candidate, count, f"Telling: {count}")


# -- the result ------------------------------------------------------------------------------
def move_within_tie(card: Card, step: Step, bijeenkomst_id: str, candidate: Candidate,
                    delta: int) -> Change:
    """Move a candidate one place up (-1) or down (+1) among those with the same count.

    Pins order the members of one tie and nothing else: moving past a candidate with a
    different count is refused, and the pins of other ties stay as they are.
    """
    voting_round = _need_round(card, step, bijeenkomst_id)
    ranked = round_ranking(card, step, bijeenkomst_id)
    keys = [candidate_key(r.item) for r in ranked]
    key = candidate_key(candidate)
    if key not in keys:
        raise DomainError("Daarover wordt in deze ronde niet gestemd.")
    here = keys.index(key)
    there = here + delta
    if not 0 <= there < len(ranked):
        raise DomainError("Dit staat al " + ("bovenaan." if delta < 0 else "onderaan."))
    if ranked[there].count != ranked[here].count:
        other = ranked[there]
        raise DomainError(
            f"Alleen gelijk geëindigde thema's wisselen van plaats: "
            f"'{short_title(candidate)}' heeft {votes(ranked[here].count)}, "
            f"'{short_title(other.item)}' {votes(other.count)}.")
    count = ranked[here].count
    tie = [k for k, r in zip(keys, ranked) if r.count == count]
    position = tie.index(key)
    tie[position], tie[position + delta] = tie[position + delta], tie[position]
    others = [k for k in voting_round.fixed_order if k not in tie]
    return Change("Volgorde vastgezet",
                  put=(replace(voting_round, fixed_order=(*others, *tie)),), focus=candidate.id)


def short_title(candidate: Candidate, length: int = 40) -> str:
    title = " ".join(candidate_title(candidate).split())
    return title if len(title) <= length else title[:length - 1].rstrip() + "…"


def votes(count: int) -> str:
    return f"{count} stem" if count == 1 else f"{count} stemmen"


def clear_fixed_order(card: Card, step: Step, bijeenkomst_id: str) -> Change:
    voting_round = _need_round(card, step, bijeenkomst_id)
    return Change("Volgorde weer volgens de stemmen",
                  put=(replace(voting_round, fixed_order=()),))


def set_top_n(card: Card, step: Step, bijeenkomst_id: str, top_n: int) -> Change:
    voting_round = _need_round(card, step, bijeenkomst_id)
    if not 1 <= top_n <= MAX_TOP_N:
        raise DomainError(f"Een top heeft 1 tot {MAX_TOP_N} plaatsen.")
    return Change(f"Top {top_n}", put=(replace(voting_round, top_n=top_n),))


def reveal(card: Card, step: Step, bijeenkomst_id: str) -> Change:
    voting_round = _need_round(card, step, bijeenkomst_id)
    return Change("Uitslag getoond", put=(replace(voting_round, revealed=True),))


# -- whose turn ------------------------------------------------------------------------------
def voting_order(card: Card, bijeenkomst_id: str) -> list[Participant]:
    """Who may vote, in the order of the attendance grid."""
    present = {p.id for p in card.present(bijeenkomst_id)}
    return [p for p in grid_order(card) if p.id in present]


def next_voter(card: Card, voting_round: VotingRound, after: str | None,
               index: Ballots | None = None) -> str | None:
    """The next present participant (in grid order, after ``after``, wrapping) who still has
    dots; in a secret round also someone who has not voted yet. None: everyone is done."""
    index = index if index is not None else ballots(card, voting_round)
    order = [p.id for p in voting_order(card, voting_round.bijeenkomst)]
    secret = voting_round.mode is VotingMode.GEHEIM
    done = set(index.voters()) if secret else set()
    start = order.index(after) + 1 if after in order else 0
    for person_id in order[start:] + order[:start]:
        if person_id not in done and index.used(person_id) < voting_round.budget:
            return person_id
    return None


def who_voted(card: Card, voting_round: VotingRound, index: Ballots | None = None
              ) -> tuple[int, int]:
    """(how many present participants have voted, how many are present): the only thing a
    secret round shows before the reveal."""
    index = index if index is not None else ballots(card, voting_round)
    present = [p.id for p in voting_order(card, voting_round.bijeenkomst)]
    voted = set(index.voters())
    return sum(1 for p in present if p in voted), len(present)


"""Quick voting on a step's themes: tally, dots per participant, and a secret round.

Each rule returns a Change (or refuses with a Dutch message); the Workshop applies it, so
every vote is on disk as it is cast and can be undone. A change to the votes drops a
fixed order: it was chosen for votes that no longer stand.
"""

from __future__ import annotations

from dataclasses import replace

from kaart_tui.domain.changes import Change
from kaart_tui.domain.model import (
    AttendanceStatus,
    Card,
    Record,
    Vote,
    VotingMode,
    VotingRound,
    new_id,
)
from kaart_tui.domain.ranking import Candidate, candidate_key, candidates, target_of
from kaart_tui.domain.steps import MAX_TOP_N, Step
from kaart_tui.errors import DomainError

MAX_BUDGET = 20
MODE_LABELS = {
    VotingMode.TELLING: "Telling (handen of stickers)",
    VotingMode.STIPPEN: "Stippen per deelnemer",
    VotingMode.GEHEIM: "Geheime ronde (laptop rondgeven)",
}


def round_of(card: Card, step: Step, bijeenkomst_id: str) -> VotingRound | None:
    return card.rounds.get((step.value, bijeenkomst_id))


def _need_round(card: Card, step: Step, bijeenkomst_id: str) -> VotingRound:
    voting_round = round_of(card, step, bijeenkomst_id)
    if voting_round is None:
        raise DomainError("Er is nog geen stemronde voor deze stap; begin er eerst een.")
    return voting_round


def existing_votes(card: Card, step: Step, bijeenkomst_id: str) -> list[Vote]:
    """Votes on this step in this bijeenkomst (for instance from an imported bundle)."""
    keys = {target_of(c) for c in candidates(card, step, bijeenkomst_id)}
    return [v for v in card.votes.values() if v.bijeenkomst == bijeenkomst_id and v.target in keys]


def start_round(card: Card, step: Step, bijeenkomst_id: str, mode: VotingMode,
                budget: int = 3, max_per_candidate: int | None = None, top_n: int = 3,
                replace_existing: bool = False) -> Change:
    """Begin voting on a step. Votes already there (without a round) are never mixed in
    silently: the caller must choose to replace them."""
    if bijeenkomst_id not in card.bijeenkomsten:
        raise DomainError("Kies eerst een bijeenkomst.")
    if round_of(card, step, bijeenkomst_id) is not None:
        raise DomainError("Deze stap heeft in deze bijeenkomst al een stemronde; ga daarmee "
                          "verder, of annuleer hem eerst.")
    if not 1 <= budget <= MAX_BUDGET:
        raise DomainError(f"Het aantal stippen ligt tussen 1 en {MAX_BUDGET}.")
    if max_per_candidate is not None and not 1 <= max_per_candidate <= budget:
        raise DomainError("Het maximum per thema ligt tussen 1 en het aantal stippen.")
    if not 1 <= top_n <= MAX_TOP_N:
        raise DomainError(f"Een top heeft 1 tot {MAX_TOP_N} plaatsen.")
    if not candidates(card, step, bijeenkomst_id):
        raise DomainError("Deze stap heeft nog geen thema's of bijdragen om op te stemmen.")
    earlier = existing_votes(card, step, bijeenkomst_id)
    if earlier and not replace_existing:
        raise DomainError(f"Deze stap heeft in deze bijeenkomst al {len(earlier)} stem"
                          f"{'' if len(earlier) == 1 else 'men'}; kies eerst of die blijven.")
    voting_round = VotingRound(step, bijeenkomst_id, mode, budget, max_per_candidate, top_n)
    return Change(f"Stemronde gestart: {MODE_LABELS[mode].lower()}", put=(voting_round,),
                  remove=tuple(earlier))


def round_votes(card: Card, voting_round: VotingRound) -> list[Vote]:
    keys = {target_of(c) for c in candidates(card, voting_round.step, voting_round.bijeenkomst)}
    return [v for v in card.votes.values()
            if v.bijeenkomst == voting_round.bijeenkomst and v.target in keys]


def cancel_round(card: Card, step: Step, bijeenkomst_id: str) -> Change:
    voting_round = _need_round(card, step, bijeenkomst_id)
    return Change("Stemronde geannuleerd",
                  remove=(voting_round, *round_votes(card, voting_round)))


def dots_used(card: Card, voting_round: VotingRound, participant_id: str) -> int:
    return sum(v.count for v in round_votes(card, voting_round)
               if v.participant == participant_id)


def dots_on(card: Card, voting_round: VotingRound, participant_id: str | None,
            candidate: Candidate) -> int:
    target = target_of(candidate)
    return sum(v.count for v in round_votes(card, voting_round)
               if v.participant == participant_id and v.target == target)


def _vote_record(card: Card, voting_round: VotingRound, participant_id: str | None,
                 candidate: Candidate) -> Vote | None:
    target = target_of(candidate)
    return next((v for v in card.votes.values()
                 if v.bijeenkomst == voting_round.bijeenkomst and v.target == target
                 and v.participant == participant_id), None)


def _with_count(card: Card, voting_round: VotingRound, participant_id: str | None,
                candidate: Candidate, count: int, label: str) -> Change:
    existing = _vote_record(card, voting_round, participant_id, candidate)
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
    return Change(label, put=tuple(put), remove=tuple(remove),
                  focus=candidate.id)


def _check_open(voting_round: VotingRound) -> None:
    if voting_round.mode is VotingMode.GEHEIM and voting_round.revealed:
        raise DomainError("De uitslag van deze geheime ronde is al getoond; er kan niet meer "
                          "gestemd worden.")


def add_dot(card: Card, step: Step, bijeenkomst_id: str, participant_id: str,
            candidate: Candidate) -> Change:
    voting_round = _need_round(card, step, bijeenkomst_id)
    _check_open(voting_round)
    if voting_round.mode is VotingMode.TELLING:
        raise DomainError("Dit is een telling: typ het aantal stemmen.")
    person = card.participants.get(participant_id)
    if person is None or person.removed:
        raise DomainError("Deze deelnemer bestaat niet (meer).")
    if card.status(participant_id, bijeenkomst_id) is not AttendanceStatus.AANWEZIG:
        raise DomainError(f"{person.name} is niet als aanwezig gemarkeerd en kan niet stemmen.")
    used = dots_used(card, voting_round, participant_id)
    if used >= voting_round.budget:
        raise DomainError(f"{person.name} heeft geen stippen meer ({used} van "
                          f"{voting_round.budget} gebruikt).")
    here = dots_on(card, voting_round, participant_id, candidate)
    if voting_round.max_per_candidate is not None and here >= voting_round.max_per_candidate:
        raise DomainError(f"Maximaal {voting_round.max_per_candidate} stip(pen) per thema.")
    return _with_count(card, voting_round, participant_id, candidate, here + 1,
                       f"Stip van {person.name}")


def remove_dot(card: Card, step: Step, bijeenkomst_id: str, participant_id: str,
               candidate: Candidate) -> Change:
    voting_round = _need_round(card, step, bijeenkomst_id)
    _check_open(voting_round)
    here = dots_on(card, voting_round, participant_id, candidate)
    if here == 0:
        raise DomainError("Hier staat geen stip van deze deelnemer.")
    name = card.participants[participant_id].name
    return _with_count(card, voting_round, participant_id, candidate, here - 1,
                       f"Stip van {name} weggehaald")


def set_tally(card: Card, step: Step, bijeenkomst_id: str, candidate: Candidate,
              count: int) -> Change:
    voting_round = _need_round(card, step, bijeenkomst_id)
    if voting_round.mode is not VotingMode.TELLING:
        raise DomainError("In deze ronde stemmen deelnemers met stippen.")
    if not 0 <= count <= 999:
        raise DomainError("Een telling ligt tussen 0 en 999.")
    return _with_count(card, voting_round, None, candidate, count, f"Telling: {count}")


def set_fixed_order(card: Card, step: Step, bijeenkomst_id: str,
                    order: list[Candidate]) -> Change:
    voting_round = _need_round(card, step, bijeenkomst_id)
    fixed = tuple(candidate_key(c) for c in order)
    return Change("Volgorde vastgezet", put=(replace(voting_round, fixed_order=fixed),))


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


def voters(card: Card, voting_round: VotingRound) -> list[str]:
    """Participants who have cast at least one dot in this round."""
    return list(dict.fromkeys(v.participant for v in round_votes(card, voting_round)
                              if v.participant is not None))

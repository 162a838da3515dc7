"""What a phone sends, turned into the card's own Changes; and what a phone may see.

Every rule of the card stays where it is (``operations``, ``people``, ``voting``): joining
is ``set_attendance``, a score is ``set_score``. An entry waits on the card as a
WaitingEntry (written like a vote, not on the facilitator's undo) until the facilitator
accepts it (then it is the Entry with the same id: one undoable change) or leaves it off
(undoable too). A ballot is new here as well: a phone sends its whole ballot at once,
and it replaces that person's dots in the round in one Change, with the budget and the
maximum per theme checked as on the laptop.

``phone_view`` and ``screen_view`` build the only data that leaves the laptop. In a
secret round before the reveal neither holds a total, a count per theme or anyone's
dots but the phone's own.
"""

from __future__ import annotations

from dataclasses import replace

from kaart_tui.domain import people
from kaart_tui.domain.changes import Change
from kaart_tui.domain.model import (
    AttendanceStatus,
    Card,
    Entry,
    Participant,
    Record,
    Vote,
    VotingMode,
    VotingRound,
    WaitingEntry,
    clean_short,
    clean_text,
    new_id,
)
from kaart_tui.domain.ranking import candidate_key, candidate_title, round_ranking, target_of
from kaart_tui.domain.steps import Step
from kaart_tui.domain.templates import CardTemplate
from kaart_tui.domain.voting import Ballots, ballots, round_of, who_voted
from kaart_tui.errors import DomainError
from kaart_tui.room.room import MAX_QUEUE, Device, Newcomer, Phase, Room

MAX_PHONE_TEXT = 5_000  # a post-it, or a pasted paragraph; more is refused with a message


# -- joining -----------------------------------------------------------------------------
def choosable(card: Card, bijeenkomst_id: str) -> list[Participant]:
    """The names a phone can pick from: the team at this bijeenkomst, in grid order, not
    those who apologised (afgemeld)."""
    return [p for p in people.grid_order(card) if card.expected(p, bijeenkomst_id)
            and card.status(p.id, bijeenkomst_id) is not AttendanceStatus.AFWEZIG]


def chosen_person(card: Card, bijeenkomst_id: str, participant_id: object) -> Participant:
    if not isinstance(participant_id, str):
        raise DomainError("Kies uw naam uit de lijst.")
    for person in choosable(card, bijeenkomst_id):
        if person.id == participant_id:
            return person
    raise DomainError("Deze naam staat niet (meer) op de lijst; kies opnieuw.")


def join_change(card: Card, bijeenkomst_id: str, participant_id: str) -> Change | None:
    """Marked present on joining; None when the person is marked present already."""
    if card.status(participant_id, bijeenkomst_id) is AttendanceStatus.AANWEZIG:
        return None
    return people.set_attendance(card, participant_id, bijeenkomst_id,
                                 AttendanceStatus.AANWEZIG)


def newcomer_fields(name: object, organisation: object) -> tuple[str, str]:
    if not isinstance(name, str) or not isinstance(organisation, str):
        raise DomainError("Vul uw naam en uw organisatie in.")
    # Typed on a phone keyboard: double spaces make two people of one.
    return (" ".join(clean_short(name, "Uw naam").split()),
            " ".join(clean_short(organisation, "De organisatie").split()))


def known_newcomer(card: Card, name: str, organisation: str) -> Participant | None:
    """Someone who typed a name and organisation that are on the list already."""
    key = (people.fold(" ".join(name.split())), people.fold(" ".join(organisation.split())))
    for person in card.people():
        if (people.fold(" ".join(person.name.split())),
                people.fold(" ".join(person.organisation.split()))) == key:
            return person
    return None


def confirm_change(card: Card, bijeenkomst_id: str, newcomer: Newcomer) -> Change:
    """The facilitator's confirmation: the newcomer joins the session, marked present."""
    added = people.add_participant(card, newcomer.name, newcomer.organisation)
    person = added.put[0]
    present = people.set_attendance(_with(card, added), person.id, bijeenkomst_id,
                                    AttendanceStatus.AANWEZIG)
    return Change(f"{person.name} aangemeld via de zaal", put=(*added.put, *present.put),
                  focus=person.id)


def _with(card: Card, change: Change) -> Card:
    copied = card.copy()
    for record in change.put:
        copied.put(record)
    return copied


# -- entries -----------------------------------------------------------------------------
def phone_text(text: object) -> str:
    if not isinstance(text, str):
        raise DomainError("Typ eerst uw bijdrage.")
    return clean_text(text, "Uw bijdrage", max_length=MAX_PHONE_TEXT)


def queue_change(card: Card, entry: WaitingEntry) -> Change:
    """A phone's entry into the queue: on the card and on disk before the phone hears
    "verstuurd", so neither the laptop dying nor closing the room loses it."""
    if entry.bijeenkomst not in card.bijeenkomsten:
        raise DomainError("Deze bijeenkomst is er niet meer; wacht op de procesbegeleider.")
    if len(card.waiting) >= MAX_QUEUE:
        raise DomainError("Er wachten al veel bijdragen; probeer het zo nog eens.")
    person = card.participants.get(entry.participant) if entry.participant else None
    if entry.participant is not None and (person is None or person.removed):
        raise DomainError("U staat niet (meer) op de lijst van deze sessie.")
    return Change("Bijdrage van een telefoon in de wachtrij", put=(entry,))


def waiting(card: Card, entry_ids: list[str] | None = None) -> list[WaitingEntry]:
    """The queue (all when ``entry_ids`` is None), in the order the entries came in."""
    if entry_ids is None:
        return list(card.waiting.values())
    found = [card.waiting[i] for i in entry_ids if i in card.waiting]
    if len(found) != len(set(entry_ids)):
        raise DomainError("Deze bijdrage staat niet (meer) in de wachtrij.")
    return found


def waiting_of(card: Card, device: Device) -> int:
    return sum(1 for entry_id in device.sent if entry_id in card.waiting)


def accept_change(card: Card, entries: list[WaitingEntry]) -> Change:
    """The facilitator accepts queued entries: one Change, one undo (which puts them back
    in the queue). Each goes onto the card in the bijeenkomst it was sent in, as the Entry
    with its id; one whose sender has since been forgotten goes on without a name."""
    if not entries:
        raise DomainError("Er wachten geen bijdragen.")
    put: list[Record] = []
    for entry in entries:
        person = card.participants.get(entry.participant) if entry.participant else None
        who = entry.participant if person is not None and not person.removed else None
        put.append(Entry(entry.id, entry.step, entry.text, entry.bijeenkomst, who))
    label = "Bijdrage van een telefoon overgenomen" if len(put) == 1 else \
        f"{len(put)} bijdragen van telefoons overgenomen"
    return Change(label, put=tuple(put), remove=tuple(entries), focus=put[-1].id)


def drop_change(entries: list[WaitingEntry]) -> Change:
    """The facilitator leaves queued entries off the card (undo puts them back)."""
    if not entries:
        raise DomainError("Er wachten geen bijdragen.")
    label = "Bijdrage van een telefoon niet overgenomen" if len(entries) == 1 else \
        f"{len(entries)} bijdragen van telefoons niet overgenomen"
    return Change(label, remove=tuple(entries))


# -- votes -------------------------------------------------------------------------------
def open_round(card: Card, bijeenkomst_id: str, step: Step) -> VotingRound:
    """The round the phones vote in: dots or a secret round that is not revealed."""
    voting_round = round_of(card, step, bijeenkomst_id)
    if voting_round is None:
        raise DomainError("Er is geen stemronde open.")
    if voting_round.mode is VotingMode.TELLING:
        raise DomainError("Deze ronde is een telling door de procesbegeleider; stemmen met "
                          "de telefoon kan hier niet.")
    if voting_round.revealed:
        raise DomainError("De uitslag is getoond; er kan niet meer gestemd worden.")
    return voting_round


def _ballot_counts(index: Ballots, dots: object) -> dict[tuple[str, str], int]:
    if not isinstance(dots, dict) or len(dots) > len(index.candidates):
        raise DomainError("Deze stemming is niet te lezen; laad de pagina opnieuw.")
    known = {candidate_key(c): target_of(c) for c in index.candidates}
    counts: dict[tuple[str, str], int] = {}
    for key, count in dots.items():
        if key not in known:
            raise DomainError("Daarover wordt niet (meer) gestemd; laad de pagina opnieuw.")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise DomainError("Een aantal stippen is een heel getal, 0 of meer.")
        if count:
            counts[known[key]] = count
    return counts


def ballot_change(card: Card, bijeenkomst_id: str, step: Step, participant_id: str,
                  dots: object) -> Change:
    """Replace this person's dots in the round by ``dots`` ({"theme:<id>": n, ...})."""
    voting_round = open_round(card, bijeenkomst_id, step)
    person = card.participants.get(participant_id)
    if person is None or person.removed:
        raise DomainError("U staat niet (meer) op de lijst van deze sessie.")
    if card.status(participant_id, bijeenkomst_id) is not AttendanceStatus.AANWEZIG:
        raise DomainError("U bent niet als aanwezig gemarkeerd; vraag de procesbegeleider.")
    index = ballots(card, voting_round)
    counts = _ballot_counts(index, dots)
    total = sum(counts.values())
    if total > voting_round.budget:
        raise DomainError(f"U heeft {voting_round.budget} stippen; dit zijn er {total}.")
    limit = voting_round.max_per_candidate
    if limit is not None and any(n > limit for n in counts.values()):
        raise DomainError(f"Maximaal {limit} stip{'' if limit == 1 else 'pen'} per thema.")
    put: list[Record] = []
    remove: list[Record] = []
    for (who, target), vote in index.records.items():
        if who == participant_id and target not in counts:
            remove.append(vote)
    for target, count in counts.items():
        existing = index.records.get((participant_id, target))
        if existing is None:
            kind, record_id = target
            put.append(Vote(new_id("v"), bijeenkomst_id, count, participant_id,
                            theme=record_id if kind == "theme" else None,
                            entry=record_id if kind == "entry" else None))
        elif existing.count != count:
            put.append(replace(existing, count=count))
    if (put or remove) and voting_round.fixed_order:
        put.append(replace(voting_round, fixed_order=()))  # pins were for other votes
    return Change(f"Stemmen van {person.name} (telefoon)", put=tuple(put),
                  remove=tuple(remove))


def score_change(card: Card, bijeenkomst_id: str, participant_id: str, score: object
                 ) -> Change:
    if not isinstance(score, int) or isinstance(score, bool):
        raise DomainError("Kies een cijfer van 1 tot en met 10.")
    return people.set_score(card, participant_id, bijeenkomst_id, score)


# -- what leaves the laptop --------------------------------------------------------------
def _step_view(template: CardTemplate, step: Step) -> dict:
    text = template.step(step)
    return {"number": step.number, "name": text.name, "question": text.question}


def open_ballots(card: Card, bijeenkomst_id: str | None, room: Room) -> Ballots | None:
    """The ballots of the round the phones vote in now, if any."""
    offer = room.offer
    if offer.phase is not Phase.VOTE or offer.step is None or bijeenkomst_id is None:
        return None
    try:
        return ballots(card, open_round(card, bijeenkomst_id, offer.step))
    except DomainError:
        return None


def phone_view(card: Card, template: CardTemplate, bijeenkomst_id: str | None, room: Room,
               device: Device, index: Ballots | None = None) -> dict:
    """All a phone sees: its own name, what it may do now, and only its own dots.
    ``index``: the open round's ballots, when the caller has them (one pass over the votes
    for forty phones, not forty)."""
    view: dict = {"version": room.version, "session": card.session.title,
                  "closed": room.closed}
    person = card.participants.get(device.participant) if device.participant else None
    if room.closed:
        return {**view, "phase": "gesloten"}
    if device.newcomer is not None or person is None or bijeenkomst_id is None:
        return {**view, "phase": "bevestigen"}
    view["name"] = person.name
    offer = room.offer
    phase = offer.phase
    if phase is Phase.CONTRIBUTE and offer.step is not None:
        return {**view, "phase": phase.value, "step": _step_view(template, offer.step),
                "anonymous": offer.anonymous,
                "sent": len(device.sent), "waiting": waiting_of(card, device),
                "max_length": MAX_PHONE_TEXT}
    if phase is Phase.VOTE and offer.step is not None:
        try:
            voting_round = open_round(card, bijeenkomst_id, offer.step)
        except DomainError as error:
            return {**view, "phase": Phase.WAIT.value, "message": error.message}
        if index is None or index.round != voting_round:
            index = ballots(card, voting_round)
        mine = {candidate_key(c): index.on(person.id, c) for c in index.candidates}
        return {**view, "phase": phase.value, "step": _step_view(template, offer.step),
                "secret": voting_round.mode is VotingMode.GEHEIM,
                "budget": voting_round.budget, "max": voting_round.max_per_candidate,
                "candidates": [{"key": candidate_key(c), "title": candidate_title(c)}
                               for c in index.candidates],
                "mine": {k: n for k, n in mine.items() if n}}
    if phase is Phase.SCORE:
        score = card.scores.get((person.id, bijeenkomst_id))
        return {**view, "phase": phase.value, "score": score.score if score else None}
    return {**view, "phase": Phase.WAIT.value}


def screen_view(card: Card, template: CardTemplate, bijeenkomst_id: str | None, room: Room,
                join_url: str, qr_svg: str) -> dict:
    """The beamer page: the open step, how to join, the result once revealed."""
    view: dict = {"version": room.version, "session": card.session.title,
                  "closed": room.closed, "phase": room.offer.phase.value,
                  "joined": sum(1 for d in room.devices.values() if d.participant)}
    if room.joining_open and not room.closed:
        view.update(join_url=join_url, code=room.code, qr_svg=qr_svg)
    step = room.offer.step
    if step is None or bijeenkomst_id is None or room.closed:
        return view
    view["step"] = _step_view(template, step)
    voting_round = round_of(card, step, bijeenkomst_id)
    if room.offer.phase is Phase.VOTE and voting_round is not None:
        view["candidates"] = [candidate_title(c) for c in ballots(card, voting_round).candidates]
        if voting_round.mode is VotingMode.STIPPEN:
            voted, present = who_voted(card, voting_round)
            view["voted"] = f"{voted} van {present} gestemd"
        if voting_round.revealed:
            view["result"] = [{"place": r.public_label, "title": candidate_title(r.item),
                               "count": r.count}
                              for r in round_ranking(card, step, bijeenkomst_id)]
    return view

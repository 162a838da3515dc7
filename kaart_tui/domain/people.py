"""Participants, bijeenkomsten, attendance and the score round, as Card -> Change rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kaart_tui.domain.changes import Change
from kaart_tui.domain.integrity import MAX_SCORE, MIN_SCORE
from kaart_tui.domain.model import (
    MAX_SHORT_TEXT_LENGTH, Attendance, AttendanceStatus, Bijeenkomst, Card, Participant,
    Score, clean_optional, clean_text, new_id,
)
from kaart_tui.errors import DomainError


def _name(text: str) -> str:
    return clean_text(text, "De naam", multiline=False, max_length=MAX_SHORT_TEXT_LENGTH)


def _organisation(text: str) -> str:
    return clean_text(text, "De organisatie", multiline=False,
                      max_length=MAX_SHORT_TEXT_LENGTH)


def _participant(card: Card, participant_id: str) -> Participant:
    try:
        return card.participants[participant_id]
    except KeyError:
        raise DomainError("Deze deelnemer bestaat niet (meer).") from None


def _bijeenkomst(card: Card, bijeenkomst_id: str) -> Bijeenkomst:
    try:
        return card.bijeenkomsten[bijeenkomst_id]
    except KeyError:
        raise DomainError("Deze bijeenkomst bestaat niet (meer).") from None


def _same_person(card: Card, name: str, organisation: str, except_id: str | None = None
                 ) -> Participant | None:
    key = (" ".join(name.casefold().split()), " ".join(organisation.casefold().split()))
    for person in card.participants.values():
        if person.id != except_id and (" ".join(person.name.casefold().split()),
                                       " ".join(person.organisation.casefold().split())) == key:
            return person
    return None


def add_participant(card: Card, name: str, organisation: str) -> Change:
    person = Participant(new_id("p"), _name(name), _organisation(organisation))
    if _same_person(card, person.name, person.organisation):
        raise DomainError(f"{person.name} ({person.organisation}) staat al in de sessie.")
    return Change(f"{person.name} toegevoegd", put=(person,), focus=person.id)


def add_participants(card: Card, people: list[Participant]) -> Change:
    """Several at once (an imported list): one change, one undo."""
    count = len(people)
    return Change(f"{count} deelnemer{'' if count == 1 else 's'} ingelezen", put=tuple(people),
                  focus=people[0].id if people else None)


def edit_participant(card: Card, participant_id: str, name: str, organisation: str) -> Change:
    person = _participant(card, participant_id)
    changed = replace(person, name=_name(name), organisation=_organisation(organisation))
    if _same_person(card, changed.name, changed.organisation, except_id=participant_id):
        raise DomainError(f"{changed.name} ({changed.organisation}) staat al in de sessie.")
    return Change(f"{changed.name} gewijzigd", put=(changed,), focus=participant_id)


def remove_participant(card: Card, participant_id: str) -> Change:
    """Forget a person (AVG): the name goes; what they contributed stays, anonymous.

    Entries, votes and actions stay on the card without a name; attendance and scores,
    which say something about the person and nothing about the card, go.
    """
    person = _participant(card, participant_id)
    anonymous = [
        *(replace(e, participant=None) for e in card.entries.values()
          if e.participant == participant_id),
        *(replace(v, participant=None) for v in card.votes.values()
          if v.participant == participant_id),
        *(replace(a, owner=None) for a in card.actions.values() if a.owner == participant_id),
    ]
    personal = [
        *(a for a in card.attendance.values() if a.participant == participant_id),
        *(s for s in card.scores.values() if s.participant == participant_id),
    ]
    return Change(f"{person.name} verwijderd; bijdragen blijven, zonder naam",
                  put=tuple(anonymous), remove=(person, *personal))


def set_attendance(card: Card, participant_id: str, bijeenkomst_id: str,
                   status: AttendanceStatus) -> Change:
    person = _participant(card, participant_id)
    _bijeenkomst(card, bijeenkomst_id)
    existing = card.attendance.get((participant_id, bijeenkomst_id))
    label = f"{person.name}: {status.value}"
    # Only who is present gives a score; a score of someone no longer present goes.
    score = card.scores.get((participant_id, bijeenkomst_id))
    stale = (score,) if score is not None and status is not AttendanceStatus.AANWEZIG else ()
    if status is AttendanceStatus.ONBEKEND:
        # Unknown is the absence of a record: the verslag counts only who came or apologised.
        return Change(label, remove=((existing,) if existing else ()) + stale,
                      focus=participant_id)
    return Change(label, put=(Attendance(participant_id, bijeenkomst_id, status),),
                  remove=stale, focus=participant_id)


def next_status(status: AttendanceStatus) -> AttendanceStatus:
    """The order one key cycles through: onbekend -> aanwezig -> afwezig -> onbekend."""
    order = (AttendanceStatus.ONBEKEND, AttendanceStatus.AANWEZIG, AttendanceStatus.AFWEZIG)
    return order[(order.index(status) + 1) % len(order)]


def set_score(card: Card, participant_id: str, bijeenkomst_id: str, score: int | None
              ) -> Change:
    person = _participant(card, participant_id)
    _bijeenkomst(card, bijeenkomst_id)
    existing = card.scores.get((participant_id, bijeenkomst_id))
    if score is None:
        return Change(f"Score van {person.name} gewist", remove=(existing,) if existing else (),
                      focus=participant_id)
    if not MIN_SCORE <= score <= MAX_SCORE:
        raise DomainError(f"Een score ligt tussen {MIN_SCORE} en {MAX_SCORE}, niet {score}.")
    if card.status(participant_id, bijeenkomst_id) is not AttendanceStatus.AANWEZIG:
        raise DomainError(f"{person.name} is niet als aanwezig gemarkeerd; alleen wie er is "
                          "geeft een score.")
    return Change(f"Score van {person.name}: {score}",
                  put=(Score(participant_id, bijeenkomst_id, score),), focus=participant_id)


def edit_bijeenkomst(card: Card, bijeenkomst_id: str, number: int, day: date,
                     location: str | None) -> Change:
    bijeenkomst = _bijeenkomst(card, bijeenkomst_id)
    if number < 1:
        raise DomainError("Het nummer van een bijeenkomst is 1 of hoger.")
    taken = [b for b in card.bijeenkomsten.values() if b.number == number and b.id != bijeenkomst_id]
    if taken:
        raise DomainError(f"Er is al een bijeenkomst {number}.")
    changed = replace(bijeenkomst, number=number, date=day,
                      location=clean_optional(location, "De locatie"))
    return Change(f"{changed.label} gewijzigd", put=(changed,), focus=bijeenkomst_id)


def score_summary(card: Card, bijeenkomst_id: str) -> tuple[float | None, float | None]:
    """The average score of this bijeenkomst and its change since the previous one that
    had a score round (None where there is nothing to compare)."""
    average = card.average_score(bijeenkomst_id)
    if average is None:
        return None, None
    earlier = [b for b in card.bijeenkomsten_up_to(bijeenkomst_id) if b.id != bijeenkomst_id]
    for previous in reversed(earlier):
        before = card.average_score(previous.id)
        if before is not None:
            return average, average - before
    return average, None


def quorum_reached(card: Card, bijeenkomst_id: str) -> bool | None:
    """Whether enough of the expected participants are present (None: nobody marked)."""
    from kaart_tui.domain.attendance import presence_ratio

    ratio = presence_ratio(card, bijeenkomst_id)
    return None if ratio is None else ratio >= card.settings.quorum

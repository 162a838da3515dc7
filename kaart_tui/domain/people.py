"""Participants, bijeenkomsten, attendance and the score round, as Card -> Change rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kaart_tui.domain.changes import Change
from kaart_tui.domain.integrity import MAX_SCORE, MIN_SCORE
from kaart_tui.domain.model import (
    MAX_SHORT_TEXT_LENGTH,
    Attendance,
    AttendanceStatus,
    Bijeenkomst,
    Card,
    Participant,
    Score,
    Settings,
    clean_optional,
    clean_text,
    new_id,
)
from kaart_tui.errors import DomainError


def _name(text: str) -> str:
    return clean_text(text, "De naam", multiline=False, max_length=MAX_SHORT_TEXT_LENGTH)


def _organisation(text: str) -> str:
    return clean_text(text, "De organisatie", multiline=False,
                      max_length=MAX_SHORT_TEXT_LENGTH)


def _participant(card: Card, participant_id: str) -> Participant:
    """A participant who can be named; a forgotten one is as gone as a deleted one."""
    person = card.participants.get(participant_id)
    if person is None or person.removed:
        raise DomainError("Deze deelnemer bestaat niet (meer).")
    return person


def _bijeenkomst(card: Card, bijeenkomst_id: str) -> Bijeenkomst:
    try:
        return card.bijeenkomsten[bijeenkomst_id]
    except KeyError:
        raise DomainError("Deze bijeenkomst bestaat niet (meer).") from None


def grid_order(card: Card) -> list[Participant]:
    """The people in the order of the attendance grid: per organisation (in the order the
    organisations came in), each in the order they were added. Every list of people on
    screen uses it, so a name is always found in the same place."""
    people = card.people()
    return [p for organisation in card.organisations() for p in people
            if p.organisation == organisation]


def fold(text: str) -> str:
    """Lower case without accents, so "jose" finds "José"."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold())
                   if not unicodedata.combining(c))


def find_person(card: Card, typed: str) -> tuple[Participant | None, str | None]:
    """The participant a typed part of a name means (``@anna``, an owner typed in a form):
    (the person, None), or (None, why not: nobody, or several who fit)."""
    wanted = fold(typed.strip().lstrip("@"))
    if not wanted:
        return None, "Typ (een deel van) een naam."
    people = card.people()
    whole = [p for p in people if fold(p.name) == wanted]
    if len(whole) == 1:
        return whole[0], None
    matches = [p for p in people if wanted in fold(p.name)]
    first = [p for p in matches if fold(p.name).split()[0] == wanted]
    if len(first) == 1:
        matches = first
    if len(matches) == 1:
        return matches[0], None
    if not matches:
        return None, f"Geen deelnemer gevonden bij '{typed.strip()}'."
    names = ", ".join(p.name for p in matches[:4])
    return None, f"'{typed.strip()}' past bij {names}; typ meer letters."


def _same_person(card: Card, name: str, organisation: str, except_id: str | None = None
                 ) -> Participant | None:
    key = (" ".join(name.casefold().split()), " ".join(organisation.casefold().split()))
    for person in card.people():
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
    """Forget a person (AVG): the name goes from the session and every copy kept of it;
    what happened stays as it was.

    The person stays as a record without a name: past attendance per organisation keeps
    its numbers, their entries, votes and actions stay (without a name), and from the next
    bijeenkomst on they are no longer expected. Their scores go: a score says something
    about the person and nothing about the card. In a session without any bijeenkomst
    yet, nothing has happened: the person leaves no trace at all.
    """
    person = _participant(card, participant_id)
    label = f"{person.name} verwijderd; wat er gebeurde blijft, zonder naam"
    scores = tuple(s for s in card.scores.values() if s.participant == participant_id)
    latest = card.latest_bijeenkomst()
    if latest is None:
        return Change(label, remove=(person, *scores), forget=(person.name,))
    forgotten = replace(person, name="", removed_after=latest.id)
    return Change(label, put=(forgotten,), remove=scores, forget=(person.name,))


def set_left(card: Card, participant_id: str, bijeenkomst_id: str | None) -> Change:
    """No longer part of the team from this bijeenkomst on (None: part of it again)."""
    person = _participant(card, participant_id)
    if bijeenkomst_id is None:
        return Change(f"{person.name} hoort weer bij het team",
                      put=(replace(person, left_from=None),), focus=participant_id)
    bijeenkomst = _bijeenkomst(card, bijeenkomst_id)
    return Change(f"{person.name} hoort vanaf {bijeenkomst.label.lower()} niet meer bij het "
                  "team", put=(replace(person, left_from=bijeenkomst_id),),
                  focus=participant_id)


def set_quorum(card: Card, quorum: float) -> Change:
    if not 0 < quorum <= 1:
        raise DomainError("Het quorum ligt tussen 1 en 100 procent.")
    return Change(f"Quorum: {round(quorum * 100)}%", put=(Settings(quorum),))


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
    taken = [b for b in card.bijeenkomsten.values()
             if b.number == number and b.id != bijeenkomst_id]
    if taken:
        raise DomainError(f"Er is al een bijeenkomst {number}.")
    changed = replace(bijeenkomst, number=number, date=day,
                      location=clean_optional(location, "De locatie"))
    return Change(f"{changed.label} gewijzigd", put=(changed,), focus=bijeenkomst_id)


def set_next_meeting(card: Card, bijeenkomst_id: str, day: date | None,
                     location: str | None = None) -> Change:
    """What was agreed for the next meeting (the verslag prints it under "Afspraken")."""
    bijeenkomst = _bijeenkomst(card, bijeenkomst_id)
    if day is not None and day < bijeenkomst.date:
        raise DomainError(f"De volgende bijeenkomst kan niet voor deze "
                          f"({bijeenkomst.date.strftime('%d-%m-%Y')}) liggen.")
    changed = replace(bijeenkomst, next_date=day,
                      next_location=clean_optional(location, "De locatie") if day else None)
    label = "Volgende bijeenkomst vastgelegd" if day else "Volgende bijeenkomst gewist"
    return Change(label, put=(changed,), focus=bijeenkomst_id)


def copy_attendance(card: Card, from_id: str, to_id: str) -> Change:
    """"Zoals vorige keer": everyone marked at ``from_id`` gets the same mark at ``to_id``
    (people since left the team or forgotten are skipped); marks already made stay."""
    _bijeenkomst(card, from_id)
    target = _bijeenkomst(card, to_id)
    put = [Attendance(p.id, to_id, card.status(p.id, from_id)) for p in card.people()
           if card.status(p.id, from_id) is not AttendanceStatus.ONBEKEND
           and card.status(p.id, to_id) is AttendanceStatus.ONBEKEND
           and card.expected(p, to_id)]
    if not put:
        raise DomainError("Er is niets over te nemen: de vorige bijeenkomst heeft geen "
                          "aanwezigheid, of iedereen is hier al gemarkeerd.")
    return Change(f"Aanwezigheid zoals vorige keer ({len(put)} deelnemers); pas aan wat "
                  f"anders is in {target.label.lower()}", put=tuple(put))


def previous_bijeenkomst(card: Card, bijeenkomst_id: str) -> str | None:
    earlier = [b for b in card.bijeenkomsten_up_to(bijeenkomst_id) if b.id != bijeenkomst_id]
    return earlier[-1].id if earlier else None


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
    """Whether enough of the expected participants are present (None: nobody expected)."""
    from kaart_tui.domain.attendance import presence_ratio

    ratio = presence_ratio(card, bijeenkomst_id)
    return None if ratio is None else ratio >= card.quorum

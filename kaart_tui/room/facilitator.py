"""What the facilitator does with the room, from the terminal only (no web endpoint).

Each action that changes the card goes through ``apply``: the app's own
``screens.common.apply_change`` bound to a screen and the workshop, i.e.
``lambda make: apply_change(screen, workshop, make)``. So an accepted entry is the
facilitator's own change, on their undo stack, told to every screen; a refusal becomes a
notification and the card stays as it was (the queued entries still waiting).
"""

from __future__ import annotations

import socket
from typing import Callable

from kaart_tui.domain.changes import Applied, Change
from kaart_tui.domain.model import VotingMode
from kaart_tui.domain.voting import ballots, round_of, who_voted
from kaart_tui.errors import DomainError
from kaart_tui.room import changes as rc
from kaart_tui.room.room import Offer, Phase
from kaart_tui.room.server import RoomServer

Apply = Callable[[Callable[[], Change]], "Applied | None"]


def offer(server: RoomServer, what: Offer) -> None:
    """Open a step for contributions, a vote or the score round, or nothing (``Offer()``);
    the phones see it at once."""
    server.room.set_offer(what)
    server.notify()


def accept_entries(server: RoomServer, apply: Apply, entry_ids: list[str] | None = None
                   ) -> Applied | None:
    """Put queued entries on the card (all when ``entry_ids`` is None): one undo."""
    card = server.gateway.card
    applied = apply(lambda: rc.accept_change(card, rc.waiting(card, entry_ids)))
    server.notify()
    return applied


def drop_entries(server: RoomServer, apply: Apply, entry_ids: list[str]) -> Applied | None:
    """Leave queued entries off the card: one undo, which puts them back in the queue."""
    card = server.gateway.card
    applied = apply(lambda: rc.drop_change(rc.waiting(card, entry_ids)))
    server.notify()
    return applied


def confirm_newcomer(server: RoomServer, apply: Apply, newcomer_id: str) -> Applied | None:
    newcomer = server.room.newcomers.get(newcomer_id)
    if newcomer is None:
        raise DomainError("Deze aanmelding is er niet (meer).")
    applied = apply(lambda: rc.confirm_change(server.gateway.card, _bijeenkomst(server),
                                              newcomer))
    if applied is not None:
        server.room.confirm_newcomer(newcomer_id, applied.change.put[0].id)
        server.notify()
    return applied


def refuse_newcomer(server: RoomServer, newcomer_id: str) -> None:
    server.room.refuse_newcomer(newcomer_id)
    server.notify()


def remove_device(server: RoomServer, apply: Apply, device_id: str) -> Applied | None:
    """Take a phone out of the room; its votes in the open round go (one undo). Returns
    None when there were no votes to remove (or the removal was refused)."""
    device = server.room.devices.get(device_id)
    if device is None:
        raise DomainError("Dit apparaat is niet (meer) verbonden.")
    applied = None
    votes = _open_votes(server, device.participant)
    if votes:
        applied = apply(lambda: Change("Stemmen van een verwijderde telefoon weggehaald",
                                       remove=votes))
        if applied is None:
            return None
    server.room.remove_device(device_id)
    server.notify()
    return applied


def _open_votes(server: RoomServer, participant_id: str | None) -> tuple:
    step, bijeenkomst_id = server.room.offer.step, server.gateway.bijeenkomst_id
    if participant_id is None or step is None or bijeenkomst_id is None \
            or server.room.offer.phase is not Phase.VOTE:
        return ()
    voting_round = round_of(server.gateway.card, step, bijeenkomst_id)
    if voting_round is None or voting_round.revealed:
        return ()
    index = ballots(server.gateway.card, voting_round)
    return tuple(v for (who, _), v in index.records.items() if who == participant_id)


def _bijeenkomst(server: RoomServer) -> str:
    bijeenkomst_id = server.gateway.bijeenkomst_id
    if bijeenkomst_id is None:
        raise DomainError("Kies eerst een bijeenkomst.")
    return bijeenkomst_id


def status_line(server: RoomServer) -> str:
    """One line for the card's footer: what the room holds now. In a secret round only
    how many have voted, never a count per theme."""
    room = server.room
    if room.closed:
        return "Zaal gesloten"
    phones = sum(1 for d in room.devices.values() if d.participant)
    parts = [f"Zaal open: {phones} telefoon{'' if phones == 1 else 's'}"]
    if not room.joining_open:
        parts.append("aanmelden met de code dicht")
    card, bijeenkomst_id = server.gateway.card, server.gateway.bijeenkomst_id
    if card.waiting:
        parts.append(waiting_text(len(card.waiting)))
    if room.newcomers:
        parts.append(f"{len(room.newcomers)} aanmelding(en) te bevestigen")
    if room.offer.phase is Phase.VOTE and room.offer.step and bijeenkomst_id:
        voting_round = round_of(card, room.offer.step, bijeenkomst_id)
        if voting_round is not None and voting_round.mode is not VotingMode.TELLING:
            voted, present = who_voted(card, voting_round)
            parts.append(f"{voted} van {present} gestemd")
    return " · ".join(parts)


def waiting_text(count: int) -> str:
    return f"{count} bijdrage{'' if count == 1 else 'n'} wacht" + ("" if count == 1 else "en")


def lan_addresses() -> list[str]:
    """This laptop's own IPv4 addresses other than loopback, as the system names them
    (no packet is sent): the choices for ``--adres``. Empty when there is no network."""
    try:
        found = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return sorted({info[4][0] for info in found if not info[4][0].startswith("127.")})

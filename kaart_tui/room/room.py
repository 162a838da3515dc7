"""The room: who has joined from a phone, what the phones may do now, and what they sent.

Plain Python, no server and no Card writes: the room holds only what lives as long as the
room is open (devices, newcomers to confirm). Everything that must be kept goes onto the
card as a Change (``changes.py`` in this package), applied by the Workshop like any other:
an entry sent from a phone too, as a WaitingEntry in the session file until the
facilitator takes it onto the card, so that neither a dying laptop nor closing the room
loses it.

The facilitator decides what the phones see, one thing at a time (``Offer``): nothing,
contributions to one step, a vote on one step, or the score round.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from enum import Enum

from kaart_tui.domain.model import WaitingEntry, new_id
from kaart_tui.domain.steps import Step
from kaart_tui.errors import DomainError

MAX_DEVICES = 60  # a team is 7-20 people; room for guests, not for a flood
MAX_QUEUE = 500  # entries waiting for the facilitator (WaitingEntry on the card)
MAX_PENDING_NEWCOMERS = 30
REMEMBERED_REQUESTS = 64  # answers kept per device, so a repeated request counts once
CODE_DIGITS = 6


class Phase(str, Enum):
    WAIT = "wachten"
    CONTRIBUTE = "bijdragen"
    VOTE = "stemmen"
    SCORE = "score"


@dataclass(frozen=True, slots=True)
class Offer:
    """What the phones may do now."""

    phase: Phase = Phase.WAIT
    step: Step | None = None
    # Contributions: sent without the sender's name (the facilitator chose so).
    anonymous: bool = False


@dataclass
class Device:
    id: str
    token: str  # what the phone sends with each request; never shown anywhere
    participant: str | None  # None while a newcomer waits for the facilitator
    newcomer: str | None = None  # the id of its Newcomer while waiting
    # The entries sent from it, on the card as waiting or accepted (the phone shows
    # "3 verstuurd, 1 wacht"); a room opened anew starts counting again.
    sent: list[str] = field(default_factory=list)
    answers: OrderedDict[str, object] = field(default_factory=OrderedDict)

    def remembered(self, request_id: str) -> object | None:
        return self.answers.get(request_id)

    def remember(self, request_id: str, answer: object) -> None:
        self.answers[request_id] = answer
        while len(self.answers) > REMEMBERED_REQUESTS:
            self.answers.popitem(last=False)


@dataclass(frozen=True, slots=True)
class Newcomer:
    """Someone not on the list who typed their name: waits until the facilitator confirms."""

    id: str
    device: str
    name: str
    organisation: str


def _code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


class Room:
    """The state of one room opening. A new Room (a new secret, a new code) per opening."""

    def __init__(self, secret: str | None = None, code: str | None = None) -> None:
        self.secret = secret or secrets.token_urlsafe(16)
        self.code = code or _code()
        self.screen_key = secrets.token_urlsafe(12)  # the beamer page's own address
        self.joining_open = True
        self.closed = False
        self.offer = Offer()
        self.devices: dict[str, Device] = {}
        self.newcomers: dict[str, Newcomer] = {}
        self.version = 0  # goes up on every change the phones should hear of

    # -- the facilitator's side -------------------------------------------------------
    def touch(self) -> None:
        self.version += 1

    def set_offer(self, offer: Offer) -> None:
        if offer.phase in (Phase.CONTRIBUTE, Phase.VOTE) and offer.step is None:
            raise DomainError("Kies eerst een stap.")
        self.offer = offer
        self.touch()

    def open_joining(self, is_open: bool = True) -> None:
        self.joining_open = is_open
        self.touch()

    def close(self) -> None:
        self.closed = True
        self.joining_open = False
        self.touch()

    def remove_device(self, device_id: str) -> Device:
        device = self.devices.pop(device_id, None)
        if device is None:
            raise DomainError("Dit apparaat is niet (meer) verbonden.")
        if device.newcomer:
            self.newcomers.pop(device.newcomer, None)
        self.touch()
        return device

    def confirm_newcomer(self, newcomer_id: str, participant_id: str) -> None:
        """The facilitator added the newcomer as ``participant_id``: the phone may go on."""
        newcomer = self.newcomers.pop(newcomer_id, None)
        if newcomer is None:
            raise DomainError("Deze aanmelding is er niet (meer).")
        device = self.devices.get(newcomer.device)
        if device is not None:
            self._claim(device, participant_id)
            device.newcomer = None
        self.touch()

    def refuse_newcomer(self, newcomer_id: str) -> None:
        newcomer = self.newcomers.pop(newcomer_id, None)
        if newcomer is None:
            raise DomainError("Deze aanmelding is er niet (meer).")
        self.devices.pop(newcomer.device, None)
        self.touch()

    # -- the phones' side -------------------------------------------------------------
    def may_join(self, secret: str | None = None, code: str | None = None) -> None:
        """The secret of the QR link always lets in (while the room is open); the short code
        only while joining is open."""
        if self.closed:
            raise DomainError("De bijeenkomst is gesloten.")
        if secret is not None and secrets.compare_digest(secret, self.secret):
            return
        if code is not None:
            if not self.joining_open:
                raise DomainError("Aanmelden met de code is gesloten; scan de QR-code of "
                                  "vraag de procesbegeleider.")
            if secrets.compare_digest("".join(code.split()), self.code):
                return
            raise DomainError("Deze code klopt niet; kijk nog eens op het scherm.")
        raise DomainError("Deze link is niet (meer) geldig; scan de QR-code opnieuw.")

    def _new_device(self) -> Device:
        if len(self.devices) >= MAX_DEVICES:
            raise DomainError(f"Er zijn al {MAX_DEVICES} telefoons aangemeld; meer kan niet.")
        device = Device(secrets.token_hex(4), secrets.token_urlsafe(18), None)
        self.devices[device.id] = device
        return device

    def _claim(self, device: Device, participant_id: str) -> None:
        """One device per person: a person who joins again (a new phone, a cleared browser)
        leaves their old device behind, so they never hold two ballots."""
        for other in list(self.devices.values()):
            if other is not device and other.participant == participant_id:
                del self.devices[other.id]
        device.participant = participant_id

    def join(self, participant_id: str) -> Device:
        device = self._new_device()
        self._claim(device, participant_id)
        self.touch()
        return device

    def join_as_newcomer(self, name: str, organisation: str) -> Device:
        if len(self.newcomers) >= MAX_PENDING_NEWCOMERS:
            raise DomainError("Er wachten al veel aanmeldingen; vraag de procesbegeleider.")
        device = self._new_device()
        newcomer = Newcomer(secrets.token_hex(4), device.id, name, organisation)
        self.newcomers[newcomer.id] = newcomer
        device.newcomer = newcomer.id
        self.touch()
        return device

    def device_by_token(self, token: str | None) -> Device:
        if self.closed:
            raise DomainError("De bijeenkomst is gesloten.")
        for device in self.devices.values():
            if token and secrets.compare_digest(device.token, token):
                return device
        raise DomainError("Deze telefoon is niet (meer) aangemeld; meld u opnieuw aan.")

    def entry_from(self, device: Device, text: str, bijeenkomst_id: str) -> WaitingEntry:
        """The waiting entry a phone sends to the step open for contributions (``text``
        already cleaned); ``changes.queue_change`` puts it on the card."""
        offer = self.offer
        if offer.phase is not Phase.CONTRIBUTE or offer.step is None:
            raise DomainError("Er kan nu niets worden ingestuurd; wacht op de "
                              "procesbegeleider.")
        if device.participant is None:
            raise DomainError("De procesbegeleider heeft uw aanmelding nog niet bevestigd.")
        return WaitingEntry(new_id("e"), offer.step, text, bijeenkomst_id,
                            None if offer.anonymous else device.participant)


class RateLimiter:
    """A token bucket per key (a device, or an address while joining): ``burst`` requests
    at once, then ``per_second``. Time is passed in, so it is tested without waiting."""

    def __init__(self, burst: int, per_second: float, max_keys: int = 1000) -> None:
        self.burst = burst
        self.per_second = per_second
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, key: str, now: float) -> bool:
        tokens, last = self._buckets.pop(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + max(0.0, now - last) * self.per_second)
        allowed = tokens >= 1.0
        self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return allowed

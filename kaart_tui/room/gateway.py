"""What the room's server needs of the open session, and how it gets it from a Workshop.

The server calls the gateway from the app's own asyncio loop only: the Workshop is not
thread-safe, and a phone's change must be one write like any other.
"""

from __future__ import annotations

from typing import Callable, Protocol

from kaart_tui.domain.changes import Applied, Change
from kaart_tui.domain.model import Card
from kaart_tui.domain.templates import CardTemplate


class WorkshopGateway(Protocol):
    """What the server needs of the open session; every call comes from the app's loop."""

    @property
    def card(self) -> Card: ...

    @property
    def bijeenkomst_id(self) -> str | None: ...

    @property
    def template(self) -> CardTemplate: ...

    def apply(self, change: Change) -> None:
        """Apply a phone's change: one write, not on the facilitator's undo; tell the
        screens. Raise KaartError (the card unchanged) when it is refused or fails."""

    def room_changed(self) -> None:
        """Something the card shows about the room changed (a join, the queue)."""


class DirectGateway:
    """The gateway for a Workshop used on this same loop. ``on_applied`` tells the screens
    (post CardChanged to each); ``on_room_changed`` redraws the room's counts."""

    def __init__(self, workshop, on_applied: Callable[[Applied], None],
                 on_room_changed: Callable[[], None] = lambda: None) -> None:
        self.workshop = workshop
        self._on_applied = on_applied
        self._on_room_changed = on_room_changed

    @property
    def card(self) -> Card:
        return self.workshop.card

    @property
    def bijeenkomst_id(self) -> str | None:
        return self.workshop.current_id

    @property
    def template(self) -> CardTemplate:
        return self.workshop.current_template

    def apply(self, change: Change) -> None:
        self._on_applied(self.workshop.apply(change, undoable=False))

    def room_changed(self) -> None:
        self._on_room_changed()

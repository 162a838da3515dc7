"""What the room's server needs of the open session, and how it gets it from a Workshop.

The server calls the gateway from the app's own asyncio loop only: the Workshop is not
thread-safe, and a phone's change must go to disk like any other (written together with
the other phones' changes of the same moment).
"""

from __future__ import annotations

import asyncio
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

    async def apply_soon(self, make: Callable[[], Change | None]) -> None:
        """Apply the phone's change ``make`` makes, not on the facilitator's undo, written
        together with the other phones' changes that arrive at the same moment, and tell
        the screens. Returns once it is on disk; raises what ``make`` or the write raised
        (KaartError: the card unchanged)."""

    def room_changed(self) -> None:
        """Something the card shows about the room changed (a join, the queue)."""


class DirectGateway:
    """The gateway for a Workshop used on this same loop. ``on_applied`` tells the screens
    (post CardChanged to each); ``on_room_changed`` redraws the room's counts."""

    def __init__(self, workshop, on_applied: Callable[[Applied], None],
                 on_room_changed: Callable[[], None] = lambda: None) -> None:
        self.workshop = workshop
        self._on_applied = on_applied
        self._waiting: list[tuple[Callable[[], Change | None], asyncio.Future]] = []
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

    async def apply_soon(self, make: Callable[[], Change | None]) -> None:
        loop = asyncio.get_running_loop()
        future: asyncio.Future = loop.create_future()
        self._waiting.append((make, future))
        if len(self._waiting) == 1:
            # After the requests already on their way in this turn of the loop: forty
            # phones voting at once are a few writes, not forty fsyncs in a row.
            loop.call_soon(self._write_waiting)
        await future

    def _write_waiting(self) -> None:
        waiting, self._waiting = self._waiting, []
        try:
            results = self.workshop.apply_together([make for make, _ in waiting])
        except Exception as failed:  # the write: nothing of it was acknowledged
            for _, future in waiting:
                if not future.done():
                    future.set_exception(failed)
            return
        for (_, future), result in zip(waiting, results):
            if isinstance(result, Applied):
                self._on_applied(result)
            if future.done():
                continue  # the phone went away meanwhile
            if isinstance(result, Exception):
                future.set_exception(result)
            else:
                future.set_result(None)

    def room_changed(self) -> None:
        self._on_room_changed()

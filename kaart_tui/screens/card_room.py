"""The card's side of the room (De zaal doet mee): ``Z`` opens it and then manages it,
and the panel with the QR code on the card.

A mixin of CardScreen (see card.py). The room's server and widgets are imported only when
the room opens: a start of the app without phones loads no web server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kaart_tui.screens import room_control

if TYPE_CHECKING:
    from kaart_tui.room.server import RoomServer
    from kaart_tui.screens.card import CardScreen


class CardRoomKeys:
    room_compact = False  # the QR folded away: the panel is a line under the card

    async def action_room(self: "CardScreen") -> None:
        """Open the room; when it is open, the room screen (queue, phones, what they do)."""
        if room_control.server_of(self.app) is None:
            await room_control.open_room(self.app)
            return
        from kaart_tui.screens.room import RoomScreen

        self.app.push_screen(RoomScreen(self.workshop, self.active))

    def action_room_contribute(self: "CardScreen", anonymous: bool = False) -> None:
        if room_control.server_of(self.app) is None:
            self.notify("Open eerst de zaal (Z).", severity="warning")
            return
        room_control.offer_contributions(self.app, self.active, anonymous)

    async def mount_room_panel(self: "CardScreen", server: "RoomServer") -> None:
        from kaart_tui.widgets.footer import QuietFooter
        from kaart_tui.widgets.room_panel import RoomPanel

        await self.query("#room-panel").remove()
        panel = RoomPanel(server)
        panel.set_compact(self.room_compact)
        await self.mount(panel, before=self.query_one(QuietFooter))

    def remove_room_panel(self: "CardScreen") -> None:
        for panel in self.query("#room-panel"):
            panel.remove()

    def show_room(self: "CardScreen") -> None:
        for panel in self.query("#room-panel"):
            panel.show()  # type: ignore[attr-defined]

    def fold_room_panel(self: "CardScreen", compact: bool) -> None:
        self.room_compact = compact
        for panel in self.query("#room-panel"):
            panel.set_compact(compact)  # type: ignore[attr-defined]

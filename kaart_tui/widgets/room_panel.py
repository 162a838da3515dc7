"""The room on the card: the QR code to join, the address and code in plain text, the
beamer's address, and one line of what the room holds now.

Mounted only when the room opens (the card of a start without phones has none). ``k`` on
the room screen folds the QR away: the panel becomes a line under the card.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from kaart_tui.room import facilitator
from kaart_tui.room.qr import qr_renderable
from kaart_tui.room.room import Offer, Phase
from kaart_tui.room.server import RoomServer
from kaart_tui.widgets.steady_text import SteadyText


def offer_text(server: RoomServer) -> str:
    """What the phones may do now, in the facilitator's words."""
    offer: Offer = server.room.offer
    template = server.gateway.template
    step = offer.step
    name = f"stap {step.number} ({template.step(step).name})" if step is not None else ""
    if offer.phase is Phase.CONTRIBUTE:
        return f"Telefoons: bijdragen voor {name}" + (", zonder naam" if offer.anonymous
                                                      else ", met naam")
    if offer.phase is Phase.VOTE:
        return f"Telefoons: stemmen over {name}"
    if offer.phase is Phase.SCORE:
        return "Telefoons: scoreronde (1-10)"
    return "Telefoons: wachten op de procesbegeleider"


def join_lines(server: RoomServer) -> list[str]:
    room = server.room
    lines = ["Doe mee: scan de QR-code, of open", server.join_url]
    if room.joining_open:
        lines.append(f"Zonder camera: {server.code_url}  code {room.code}")
    else:
        lines.append("Aanmelden met de code is dicht (QR-code werkt nog)")
    lines.append(f"Beamer: {server.screen_url}")
    return lines


class RoomPanel(Vertical):
    def __init__(self, server: RoomServer) -> None:
        super().__init__(id="room-panel")
        self.server = server

    def compose(self) -> ComposeResult:
        yield Static(qr_renderable(self.server.join_url), id="room-qr")
        yield SteadyText("", id="room-join")
        yield SteadyText("", id="room-status")

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        server = self.server
        self.query_one("#room-join", SteadyText).put(Text("\n".join(join_lines(server))))
        self.query_one("#room-status", SteadyText).put(Text(
            f"{facilitator.status_line(server)}\n{offer_text(server)}\nZ: zaal beheren",
            style="bold"))

    def set_compact(self, compact: bool) -> None:
        self.set_class(compact, "compact")

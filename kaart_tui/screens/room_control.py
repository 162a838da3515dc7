"""Opening and closing the room (De zaal doet mee) from the app, and what the app tells it.

The server runs on Textual's own asyncio loop (no thread): a phone's change is applied
between two awaits like a key press, and every screen hears of it by CardChanged. Nothing
here imports aiohttp at module level: a start of the app without the room opens no socket
and loads no web server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kaart_tui.domain.changes import Applied, merged
from kaart_tui.errors import KaartError
from kaart_tui.messages import CardChanged
from kaart_tui.screens.common import apply_change

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from kaart_tui.domain.steps import Step
    from kaart_tui.room.room import Offer
    from kaart_tui.room.server import RoomServer

LOOPBACK = "127.0.0.1"


def server_of(app: "App") -> "RoomServer | None":
    return getattr(app, "room_server", None)


# Phones' changes are told to the screens together, at most this often: forty votes
# landing within a second redraw the tally a few times, not forty times, and the
# facilitator's keys in between wait for one redraw at most.
SCREEN_BATCH_SECONDS = 0.1


class PhoneNews:
    """What the phones did (changes to the card, devices joining or leaving), told to the
    screens together at most every SCREEN_BATCH_SECONDS: forty phones joining at once
    redraw the room panel once, not forty times."""

    def __init__(self, app: "App") -> None:
        self.app = app
        self.changes: list[Applied] = []
        self.waiting = False

    def card_changed(self, applied: Applied) -> None:
        self.changes.append(applied)
        self._soon()

    def room_changed(self) -> None:
        self._soon()

    def _soon(self) -> None:
        if not self.waiting:
            self.waiting = True
            self.app.set_timer(SCREEN_BATCH_SECONDS, self._tell)

    def _tell(self) -> None:
        self.waiting = False
        changes, self.changes = self.changes, []
        if changes:
            together = merged(changes)
            for screen in self.app.screen_stack:
                screen.post_message(CardChanged(together))
        refresh_room_views(self.app)


def refresh_room_views(app: "App") -> None:
    """Redraw what shows the room (the panel on the card, the room screen)."""
    for screen in app.screen_stack:
        show = getattr(screen, "show_room", None)
        if show is not None:
            show()


def choose_address(asked: str | None) -> tuple[str, list[str]]:
    """The address to listen on and the laptop's other choices. Without ``--adres``, the
    first network address of the laptop; without any network, only the laptop itself."""
    from kaart_tui.room import facilitator

    found = facilitator.lan_addresses()
    if asked:
        return asked, [a for a in found if a != asked]
    if not found:
        return LOOPBACK, []
    return found[0], found[1:]


async def open_room(app: "App") -> "RoomServer | None":
    """Start the room's server for the open session; None (and a Dutch message) when it
    cannot. Opening an open room changes nothing."""
    server = server_of(app)
    if server is not None:
        return server
    workshop = getattr(app, "workshop", None)
    if workshop is None:
        app.notify("Open eerst een sessie.", severity="warning")
        return None
    from kaart_tui.room.server import DirectGateway, RoomServer

    host, others = choose_address(getattr(app, "room_address", None))
    news = PhoneNews(app)
    server = RoomServer(DirectGateway(workshop, on_applied=news.card_changed,
                                      on_room_changed=news.room_changed))
    try:
        await server.start(host, getattr(app, "room_port", 0) or 0)
    except KaartError as error:
        app.notify(error.message, severity="error", markup=False, timeout=30)
        return None
    app.room_server = server  # type: ignore[attr-defined]
    for screen in list(app.screen_stack):
        mount = getattr(screen, "mount_room_panel", None)
        if mount is not None:
            await mount(server)
    told = f"De zaal is open: {server.code_url}, code {server.room.code}."
    if host == LOOPBACK:
        told += (" Geen netwerk gevonden: alleen deze laptop kan meedoen. Zet een hotspot "
                 "aan en open de zaal opnieuw (of kies het adres met --adres).")
    elif others:
        told += f" Andere netwerken van deze laptop: {', '.join(others)} (kies met --adres)."
    app.notify(told, markup=False, timeout=15)
    return server


async def stop_room(app: "App") -> None:
    """Close the room: the phones hear "gesloten", the socket closes, the panel goes."""
    server = server_of(app)
    if server is None:
        return
    app.room_server = None  # type: ignore[attr-defined]
    _take_room_off_screens(app)
    await server.stop()


def close_room_soon(app: "App") -> None:
    """The session is closing (another session, or the app stops) and cannot wait: the
    room refuses every phone at once, the socket closes on the loop right after."""
    server = server_of(app)
    if server is None:
        return
    server.room.close()
    app.room_server = None  # type: ignore[attr-defined]
    _take_room_off_screens(app)
    app.run_worker(server.stop(), group="room", exit_on_error=False)


def _take_room_off_screens(app: "App") -> None:
    from kaart_tui.screens.room import RoomScreen

    for screen in list(app.screen_stack):
        remove = getattr(screen, "remove_room_panel", None)
        if remove is not None:
            remove()
    while app.screen_stack and isinstance(app.screen, RoomScreen):
        app.pop_screen()


# -- what the phones may do now ------------------------------------------------------------
def offer(app: "App", what: "Offer", said: str | None = None) -> bool:
    """Offer the phones something (a step for entries, a vote, the score round, or
    nothing); False when there is no room or the offer is refused."""
    server = server_of(app)
    if server is None:
        return False
    from kaart_tui.room import facilitator

    try:
        facilitator.offer(server, what)
    except KaartError as error:
        app.notify(error.message, severity="warning", markup=False)
        return False
    refresh_room_views(app)
    if said:
        app.notify(said, markup=False, timeout=4)
    return True


def offer_round(app: "App", workshop, step: "Step", bijeenkomst_id: str) -> None:
    """The V flow started (or went on with) a round: a dots or secret round goes to the
    phones at once when the room is open; a tally of hands stays on the laptop."""
    if server_of(app) is None or bijeenkomst_id != workshop.current_id:
        return
    from kaart_tui.domain import voting
    from kaart_tui.domain.model import VotingMode
    from kaart_tui.room.room import Offer, Phase

    voting_round = voting.round_of(workshop.card, step, bijeenkomst_id)
    if voting_round is None or voting_round.revealed or \
            voting_round.mode is VotingMode.TELLING:
        return
    offer(app, Offer(Phase.VOTE, step), f"De telefoons stemmen nu over stap {step.number}.")


def offer_scores(app: "App", workshop, bijeenkomst_id: str) -> None:
    """The score round (r in the attendance screen) is given from the phones too."""
    if server_of(app) is None or bijeenkomst_id != workshop.current_id:
        return
    from kaart_tui.room.room import Offer, Phase

    offer(app, Offer(Phase.SCORE), "De telefoons geven nu hun score (1-10).")


def offer_contributions(app: "App", step: "Step", anonymous: bool = False) -> bool:
    from kaart_tui.room.room import Offer, Phase

    return offer(app, Offer(Phase.CONTRIBUTE, step, anonymous=anonymous),
                 f"De telefoons sturen nu bijdragen voor stap {step.number}"
                 + (", zonder naam." if anonymous else ", met naam."))


def applier(screen: "Screen", workshop):
    """The facilitator's side of the room changes the card as the facilitator's own."""
    def apply(make) -> Applied | None:
        return apply_change(screen, workshop, make)
    return apply


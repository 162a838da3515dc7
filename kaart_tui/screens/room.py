"""The room screen (Z on the card while the room is open): what the phones may do, the
entries they sent waiting to be accepted, newcomers to confirm, and the phones joined.

Every action here is the facilitator's own, on the terminal only: an accepted entry is an
undoable change like one typed; nothing on this screen has a web endpoint.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kaart_tui.domain.changes import Applied
from kaart_tui.domain.steps import Step
from kaart_tui.errors import KaartError
from kaart_tui.help_data import ROOM_BINDINGS
from kaart_tui.room import facilitator
from kaart_tui.room.qr import qr_renderable
from kaart_tui.room.room import Offer, Phase
from kaart_tui.screens import room_control
from kaart_tui.screens.base import KaartScreen
from kaart_tui.screens.common import ChangeAware
from kaart_tui.screens.dialogs import ConfirmDialog
from kaart_tui.widgets.footer import QuietFooter
from kaart_tui.widgets.room_panel import join_lines, offer_text
from kaart_tui.workshop import Workshop


class RoomScreen(ChangeAware, KaartScreen):
    BINDINGS = ROOM_BINDINGS  # in help_data: the help screen lists them without aiohttp

    def __init__(self, workshop: Workshop, step: Step) -> None:
        super().__init__(id="room-screen")
        self.workshop = workshop
        self.step = step  # the card's chosen step, for the status
        self.anonymous = False

    @property
    def server(self):
        return room_control.server_of(self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="room-body"):
            with Vertical(id="room-left"):
                yield Static(id="room-screen-qr")
                yield Static(id="room-screen-join")
            with Vertical(id="room-right"):
                yield Static(id="room-screen-status")
                yield OptionList(id="room-items")
        yield QuietFooter()

    def on_mount(self) -> None:
        server = self.server
        if server is not None:
            self.query_one("#room-screen-qr", Static).update(qr_renderable(server.join_url))
        self.show_room()
        self.query_one(OptionList).focus()

    # -- drawing -------------------------------------------------------------------------
    def show_room(self) -> None:
        server = self.server
        if server is None or not self.is_mounted:
            return
        self.query_one("#room-screen-join", Static).update(
            Text("\n".join(join_lines(server))))
        status = Text(facilitator.status_line(server) + "\n", style="bold")
        status.append(offer_text(server) + "\n", style="bold")
        status.append(f"Nieuwe bijdragen gaan {'zonder' if self.anonymous else 'met'} naam "
                      "(n wisselt) · 1-5 opent een stap · 0 niets · r scoreronde · c code "
                      "dicht/open · k QR op de kaart", style="dim")
        self.query_one("#room-screen-status", Static).update(status)
        self._fill_items(server)

    def _fill_items(self, server) -> None:
        items = self.query_one(OptionList)
        highlighted = items.highlighted_option.id if items.highlighted_option else None
        room, card, template = server.room, self.workshop.card, server.gateway.template
        options: list[Option] = []
        options.append(Option(Text(f"Wachtrij ({len(card.waiting)})", style="bold"),
                              disabled=True))
        for entry in card.waiting.values():
            person = card.participants.get(entry.participant) if entry.participant else None
            who = person.name if person else "zonder naam"
            options.append(Option(Text(f"  stap {entry.step.number} "
                                       f"({template.step(entry.step).name}): {entry.text} "
                                       f"— {who}"), id=f"e:{entry.id}"))
        if room.newcomers:
            options.append(Option(Text(f"Aanmeldingen te bevestigen ({len(room.newcomers)})",
                                       style="bold"), disabled=True))
            for newcomer in room.newcomers.values():
                options.append(Option(Text(f"  {newcomer.name} ({newcomer.organisation})"),
                                      id=f"n:{newcomer.id}"))
        joined = [d for d in room.devices.values() if d.participant]
        options.append(Option(Text(f"Telefoons ({len(joined)})", style="bold"), disabled=True))
        for device in joined:
            person = card.participants.get(device.participant)
            name = person.name if person else "?"
            options.append(Option(Text(f"  {name} · {len(device.sent)} verstuurd"),
                                  id=f"d:{device.id}"))
        items.clear_options()
        items.add_options(options)
        ids = [o.id for o in options]
        if highlighted is not None and highlighted in ids:
            items.highlighted = ids.index(highlighted)
        else:
            first = next((i for i, o in enumerate(options) if not o.disabled), None)
            if first is not None:
                items.highlighted = first

    def show_change(self, applied: Applied) -> None:
        self.show_room()

    def on_screen_resume(self) -> None:
        self.take_pending()
        self.show_room()

    # -- the highlighted row -------------------------------------------------------------
    def _chosen(self) -> tuple[str | None, str | None]:
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id is None:
            return None, None
        kind, _, record_id = option.id.partition(":")
        return kind, record_id

    def _run(self, act) -> None:
        """Do a room action; a refusal is a message, the room as it was."""
        try:
            act()
        except KaartError as error:
            self.notify(error.message, severity="warning", markup=False)
        self.show_room()

    def _apply(self):
        return room_control.applier(self, self.workshop)

    # -- keys ----------------------------------------------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter (or a click) on a row: the list has the key before the screen
        self.action_take()

    def action_take(self) -> None:
        server = self.server
        kind, record_id = self._chosen()
        if server is None or kind not in ("e", "n"):
            self.notify("Kies een bijdrage uit de wachtrij of een aanmelding.",
                        severity="warning")
            return
        if kind == "e":
            self._run(lambda: self._told(facilitator.accept_entries(
                server, self._apply(), [record_id])))
        else:
            self._run(lambda: self._told(facilitator.confirm_newcomer(
                server, self._apply(), record_id)))

    def action_accept_all(self) -> None:
        server = self.server
        if server is None or not self.workshop.card.waiting:
            self.notify("Er wachten geen bijdragen.", severity="warning")
            return
        self._run(lambda: self._told(facilitator.accept_entries(server, self._apply())))

    def _told(self, applied: Applied | None) -> None:
        if applied is not None:
            self.notify(f"{applied.label} (u op de kaart: ongedaan maken)", markup=False,
                        timeout=4)

    def action_drop(self) -> None:
        server = self.server
        kind, record_id = self._chosen()
        if server is None or kind is None:
            self.notify("Kies een bijdrage, aanmelding of telefoon.", severity="warning")
            return
        if kind == "e":
            self._run(lambda: self._told(facilitator.drop_entries(server, self._apply(),
                                                                  [record_id])))
        elif kind == "n":
            self._run(lambda: facilitator.refuse_newcomer(server, record_id))
            self.notify("Aanmelding geweigerd.", timeout=3)
        else:
            def removed() -> None:
                self._told(facilitator.remove_device(server, self._apply(), record_id))
                self.notify("Telefoon uit de zaal gehaald.", timeout=3)
            self._run(removed)

    def action_contribute(self, number: int) -> None:
        self.step = Step.from_number(number)
        room_control.offer_contributions(self.app, self.step, self.anonymous)
        self.show_room()

    def action_anonymous(self) -> None:
        self.anonymous = not self.anonymous
        server = self.server
        if server is not None and server.room.offer.phase is Phase.CONTRIBUTE:
            room_control.offer_contributions(self.app, server.room.offer.step, self.anonymous)
        self.show_room()

    def action_scores(self) -> None:
        if self.workshop.current_id is not None:
            room_control.offer_scores(self.app, self.workshop, self.workshop.current_id)

    def action_wait(self) -> None:
        room_control.offer(self.app, Offer(), "De telefoons wachten.")

    def action_joining(self) -> None:
        server = self.server
        if server is None:
            return
        server.room.open_joining(not server.room.joining_open)
        server.notify()
        self.notify("Aanmelden met de code is " + ("open." if server.room.joining_open else
                                                   "dicht; de QR-code werkt nog."), timeout=4)
        room_control.refresh_room_views(self.app)

    def action_fold(self) -> None:
        for screen in self.app.screen_stack:
            fold = getattr(screen, "fold_room_panel", None)
            if fold is not None:
                fold(not getattr(screen, "room_compact", False))

    def action_stop(self) -> None:
        async def confirmed(yes: bool | None) -> None:
            if yes:
                await room_control.stop_room(self.app)
                self.app.notify("De zaal is gesloten; de telefoons zien dat de bijeenkomst "
                                "gesloten is.")

        message = ("De telefoons kunnen dan niets meer insturen. Wat al op de kaart staat, "
                   "blijft.")
        waiting = len(self.workshop.card.waiting)
        # Kept in the session file: they wait for the next opening of the room.
        if waiting == 1:
            message += (" 1 bijdrage wacht nog in de wachtrij; die blijft bewaard en staat er "
                        "weer als u de zaal opnieuw opent.")
        elif waiting:
            message += (f" {waiting} bijdragen wachten nog in de wachtrij; die blijven bewaard "
                        "en staan er weer als u de zaal opnieuw opent.")
        self.app.push_screen(ConfirmDialog("Zaal sluiten?", message), confirmed)

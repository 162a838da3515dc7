"""The facilitator's side of the room (terminal only), the QR code, and the server on the
Textual app's own loop."""

from __future__ import annotations

import asyncio
import json
import socket

import aiohttp
import pytest
import segno

from kaart_tui.app import KaartApp
from kaart_tui.domain import voting
from kaart_tui.domain.model import AttendanceStatus, VotingMode
from kaart_tui.domain.steps import Step
from kaart_tui.errors import KaartError
from kaart_tui.messages import CardChanged
from kaart_tui.room import changes as rc
from kaart_tui.room import facilitator
from kaart_tui.room.qr import QUIET_ZONE, qr_lines, qr_renderable, qr_svg
from kaart_tui.room.room import Offer, Phase
from kaart_tui.room.server import DirectGateway, RoomServer
from kaart_tui.store.tables import read_session_file
from kaart_tui.workshop import Workshop


def like_apply_change(workshop: Workshop, refused: list[str]):
    """What ``screens.common.apply_change`` does, without a screen: undoable, a refusal
    becomes a message and None."""
    def apply(make):
        try:
            return workshop.apply(make())
        except KaartError as error:
            refused.append(error.message)
            return None
    return apply


def fresh(data_folder, shop: Workshop):
    """The session as the file has it, read beside the open one."""
    return read_session_file(shop.store.path, None)[0]


def setup(data_folder, demo_card):
    shop = Workshop(data_folder.create(demo_card))
    server = RoomServer(DirectGateway(shop, lambda applied: None))
    return shop, server


def phone_sends(shop: Workshop, server: RoomServer, device, text: str) -> str:
    """As the server does: the entry written as the phone's change, not on the undo."""
    entry = server.room.entry_from(device, text, shop.current_id)
    shop.apply_together([lambda: rc.queue_change(shop.card, entry)])
    return entry.id


def test_accepted_entries_are_the_facilitators_own_undoable_change(data_folder, demo_card):
    shop, server = setup(data_folder, demo_card)
    refused: list[str] = []
    apply = like_apply_change(shop, refused)
    person = shop.card.present(shop.current_id)[0]
    device = server.room.join(person.id)
    facilitator.offer(server, Offer(Phase.CONTRIBUTE, Step.VOORWAARDEN))
    first = phone_sends(shop, server, device, "Tijd om elkaar te spreken")
    second = phone_sends(shop, server, device, "Een vaste plek")
    assert shop.undo() is None  # the phones' entries are not the facilitator's to undo
    before = len(shop.card.entries)
    applied = facilitator.accept_entries(server, apply, [first])
    assert applied is not None and len(shop.card.entries) == before + 1
    assert list(shop.card.waiting) == [second]
    assert fresh(data_folder, shop).waiting.keys() == {second}  # on disk, as shown
    assert facilitator.accept_entries(server, apply, [first]) is None  # taken already
    assert refused == ["Deze bijdrage staat niet (meer) in de wachtrij."]
    assert shop.undo().label == "Bijdrage van een telefoon overgenomen"
    assert len(shop.card.entries) == before and list(shop.card.waiting) == [first, second]
    applied = facilitator.drop_entries(server, apply, [second])
    assert applied.label == "Bijdrage van een telefoon niet overgenomen"
    assert list(shop.card.waiting) == [first]
    shop.undo()  # leaving one off is undone like any other change
    assert list(shop.card.waiting) == [first, second]
    shop.close()


def test_the_queue_survives_the_laptop_and_a_new_room(data_folder, demo_card):
    shop, server = setup(data_folder, demo_card)
    device = server.room.join(shop.card.present(shop.current_id)[0].id)
    facilitator.offer(server, Offer(Phase.CONTRIBUTE, Step.WAARDEN))
    sent = phone_sends(shop, server, device, "Elkaar vertrouwen")
    slug = shop.store.name
    shop.close()  # the laptop stops, the room is gone with it
    again = Workshop(data_folder.open(slug))
    try:
        server = RoomServer(DirectGateway(again, lambda applied: None))
        assert facilitator.status_line(server).endswith("1 bijdrage wacht")
        facilitator.accept_entries(server, like_apply_change(again, []))
        assert again.card.entries[sent].text == "Elkaar vertrouwen"
    finally:
        again.close()


def test_a_confirmed_newcomer_is_on_the_card_and_present(data_folder, demo_card):
    shop, server = setup(data_folder, demo_card)
    device = server.room.join_as_newcomer("Sanne Bos", "GGD")
    newcomer_id = device.newcomer
    applied = facilitator.confirm_newcomer(server, like_apply_change(shop, []), newcomer_id)
    person = applied.change.put[0]
    assert shop.card.status(person.id, shop.current_id) is AttendanceStatus.AANWEZIG
    assert server.room.devices[device.id].participant == person.id
    assert "te bevestigen" not in facilitator.status_line(server)
    shop.close()


def test_removing_a_phone_removes_its_votes_of_the_open_round(data_folder, demo_card):
    shop, server = setup(data_folder, demo_card)
    bijeenkomst = shop.current_id
    shop.apply(voting.start_round(shop.card, Step.RELATIES, bijeenkomst, VotingMode.GEHEIM,
                                  replace_existing=True))
    facilitator.offer(server, Offer(Phase.VOTE, Step.RELATIES))
    anna, ben = (p.id for p in shop.card.present(bijeenkomst)[:2])
    devices = [server.room.join(anna), server.room.join(ben)]
    voting_round = shop.card.rounds[(Step.RELATIES.value, bijeenkomst)]
    key = f"theme:{voting.ballots(shop.card, voting_round).candidates[0].id}"
    from kaart_tui.room.changes import ballot_change
    for person in (anna, ben):
        shop.apply(ballot_change(shop.card, bijeenkomst, Step.RELATIES, person, {key: 2}),
                   undoable=False)
    line = facilitator.status_line(server)
    assert "Zaal open: 2 telefoons" in line and "2 van " in line and " 4" not in line
    facilitator.remove_device(server, like_apply_change(shop, []), devices[0].id)
    index = voting.ballots(shop.card, voting_round)
    assert (index.used(anna), index.used(ben)) == (0, 2)
    assert list(server.room.devices) == [devices[1].id]
    shop.undo()  # the facilitator changes their mind: the votes come back
    assert voting.ballots(shop.card, voting_round).used(anna) == 2
    shop.close()


# -- the QR code -------------------------------------------------------------------------
URL = "http://192.168.137.1:8765/z/Zk3t9QbR0aXy1LmN4pQr5s"


def test_the_terminal_qr_code_is_the_code_of_the_link_with_its_quiet_zone():
    lines = qr_lines(URL)
    expected = [[bool(m) for m in row]
                for row in segno.make(URL, error="m").matrix_iter(border=QUIET_ZONE)]
    top = {"█": True, "▀": True, "▄": False, " ": False}
    bottom = {"█": True, "▀": False, "▄": True, " ": False}
    rows = []
    for line in lines:
        rows.append([top[c] for c in line])
        rows.append([bottom[c] for c in line])
    assert rows[:len(expected)] == expected
    assert all(not any(row) for row in rows[:QUIET_ZONE])
    assert all(not any(row[:QUIET_ZONE]) for row in rows)
    text = qr_renderable(URL)
    assert str(text.style) == "#000000 on #ffffff"  # dark on light in any terminal theme


def test_the_beamer_qr_code_is_inline_svg_without_outside_references():
    svg = qr_svg(URL)
    assert svg.startswith("<svg") and "viewBox" in svg
    assert "http" not in svg.replace(URL, "")


# -- starting ----------------------------------------------------------------------------
def test_the_room_never_listens_on_every_network(data_folder, demo_card):
    shop, server = setup(data_folder, demo_card)
    with pytest.raises(KaartError, match="niet alle netwerken tegelijk"):
        asyncio.run(server.start("0.0.0.0", 0))
    shop.close()


def test_a_port_in_use_is_told_in_dutch(data_folder, demo_card):
    shop, server = setup(data_folder, demo_card)
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        with pytest.raises(KaartError, match="de poort is bezet"):
            asyncio.run(server.start("127.0.0.1", taken.getsockname()[1]))
    finally:
        taken.close()
        shop.close()


def test_the_server_runs_on_the_apps_own_loop_and_screens_hear_of_phone_changes(
        data_folder, demo_card):
    person = demo_card.people()[0]
    demo_card.attendance.pop((person.id, demo_card.latest_bijeenkomst().id))  # not marked yet
    shop = Workshop(data_folder.create(demo_card))
    app = KaartApp(data_folder, shop)
    heard: list[CardChanged] = []

    def tell_screens(applied) -> None:
        for screen in app.screen_stack:
            screen.post_message(CardChanged(applied))
        heard.append(applied)

    async def go():
        async with app.run_test() as pilot:
            await pilot.pause()
            server = RoomServer(DirectGateway(shop, tell_screens))
            url = await server.start("127.0.0.1", 0)
            assert shop.card.status(person.id, shop.current_id) is AttendanceStatus.ONBEKEND
            async with aiohttp.ClientSession(headers={"Origin": server.base_url}) as http:
                body = json.dumps({"geheim": server.room.secret, "deelnemer": person.id})
                async with http.post(f"{server.base_url}/api/aanmelden", data=body) as r:
                    assert r.status == 200
                    assert (await r.json())["stand"]["name"] == person.name
            await pilot.pause()
            assert shop.card.status(person.id, shop.current_id) is AttendanceStatus.AANWEZIG
            assert len(heard) == 1 and url.startswith("http://127.0.0.1:")
            await server.stop()
    asyncio.run(go())


def test_many_phone_events_at_once_reach_the_screens_as_one_change_and_one_redraw():
    """Forty phones joining and voting within a moment: the screens hear of it once (one
    CardChanged with all the changes) and the room panel redraws once, not eighty times."""
    from kaart_tui.domain.changes import Applied, Change
    from kaart_tui.domain.model import Vote
    from kaart_tui.screens.room_control import SCREEN_BATCH_SECONDS, PhoneNews

    class Screen:
        def __init__(self) -> None:
            self.messages: list[CardChanged] = []
            self.room_redraws = 0

        def post_message(self, message) -> None:
            self.messages.append(message)

        def show_room(self) -> None:
            self.room_redraws += 1

    class App:
        def __init__(self) -> None:
            self.screen_stack = [Screen(), Screen()]
            self.timers: list[tuple[float, object]] = []

        def set_timer(self, delay, callback) -> None:
            self.timers.append((delay, callback))

    app = App()
    news = PhoneNews(app)
    votes = [Vote(f"v{i}", "b1", 1, f"p{i}", theme="t1") for i in range(40)]
    for vote in votes:
        news.room_changed()  # the phone joined
        news.card_changed(Applied(Change("Stem", put=(vote,)), "Stem", frozenset({Step.WAARDEN})))
    assert [delay for delay, _ in app.timers] == [SCREEN_BATCH_SECONDS]
    app.timers.pop()[1]()
    for screen in app.screen_stack:
        [told] = screen.messages
        assert told.applied.change.put == tuple(votes)
        assert told.applied.steps == {Step.WAARDEN}
        assert screen.room_redraws == 1
    news.room_changed()  # a later event starts a new batch
    assert len(app.timers) == 1

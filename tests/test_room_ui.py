"""The room (De zaal doet mee) from the facilitator's keyboard: real key presses in
``App.run_test()``, the server on 127.0.0.1 on the app's own loop, and aiohttp's client
speaking as the phone page does."""

from __future__ import annotations

import json
import subprocess
import sys

import aiohttp
from textual.widgets import DataTable, OptionList, Static

from kaart_tui.domain.model import AttendanceStatus
from kaart_tui.domain.steps import Step
from kaart_tui.room.room import Offer, Phase
from kaart_tui.screens.card import CardScreen
from kaart_tui.screens.dialogs import ConfirmDialog
from kaart_tui.screens.help import HelpScreen
from kaart_tui.screens.room import RoomScreen
from kaart_tui.screens.voting import VotingScreen
from tests.ui_helpers import demo_app, messages, palette_options, plain, run, type_text

SIZE = (160, 50)


class Phone:
    """One phone in the room: joins with the QR link's secret, then sends as the page does."""

    def __init__(self, http: aiohttp.ClientSession, base: str) -> None:
        self.http, self.base, self.token = http, base, None
        self.bodies: list[str] = []

    async def call(self, method: str, path: str, body=None) -> tuple[int, dict]:
        headers = {"X-Kaart-Apparaat": self.token} if self.token else {}
        async with self.http.request(method, self.base + path, headers=headers,
                                     data=None if body is None else json.dumps(body)) as r:
            text = await r.text()
            self.bodies.append(text)
            return r.status, json.loads(text)

    async def join(self, secret: str, **who) -> dict:
        status, answer = await self.call("POST", "/api/aanmelden", {"geheim": secret, **who})
        assert status == 200, answer
        self.token = answer["token"]
        return answer["stand"]


def open_app(tmp_path):
    folder, app = demo_app(tmp_path)
    app.room_address = "127.0.0.1"  # never a real network in tests
    return folder, app


async def until(pilot, condition, tries: int = 60) -> None:
    """Let the app run until ``condition`` holds (a redraw, a worker): no timed assertion,
    only a bound on how long to wait for it."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    assert condition()


def shown(screen, selector: str) -> str:
    return plain(screen.query_one(selector, Static).content)


def item_texts(screen: RoomScreen) -> list[str]:
    items = screen.query_one(OptionList)
    return [plain(items.get_option_at_index(i).prompt) for i in range(items.option_count)]


async def highlight(pilot, screen: RoomScreen, text: str) -> None:
    """Up or down the room screen's list, by keys, to the row that holds ``text``."""
    items = screen.query_one(OptionList)
    wanted = next(i for i, t in enumerate(item_texts(screen)) if text in t)
    for _ in range(items.option_count + 1):
        if items.highlighted == wanted:
            return
        await pilot.press("down" if (items.highlighted or 0) < wanted else "up")
    assert items.highlighted == wanted


def test_z_opens_the_room_with_qr_address_and_code_on_the_card_and_s_closes_it(tmp_path):
    async def inner():
        folder, app = open_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            card = app.screen
            assert isinstance(card, CardScreen) and app.room_server is None
            assert not card.query("#room-panel")  # no room unless asked
            await pilot.press("Z")
            await until(pilot, lambda: bool(card.query("#room-panel")))
            server = app.room_server
            assert server is not None and server.join_url.startswith("http://127.0.0.1:")
            qr = shown(card, "#room-qr")
            assert "█" in qr and len(qr.splitlines()) > 10
            join = shown(card, "#room-join")
            assert server.join_url in join.replace("\n", "")
            assert server.room.code in join and server.screen_url in join.replace("\n", "")
            assert "Zaal open: 0 telefoons" in shown(card, "#room-status")
            assert any("De zaal is open" in m and server.room.code in m
                       for m in messages(app))
            async with aiohttp.ClientSession(headers={"Origin": server.base_url}) as http:
                phone = Phone(http, server.base_url)
                person = app.workshop.card.present(app.workshop.current_id)[0]
                await phone.join(server.room.secret, deelnemer=person.id)
                await until(pilot, lambda: "1 telefoon" in shown(card, "#room-status"))
                # Z again: the room screen; c closes joining by code, the QR link still works
                await pilot.press("Z")
                await pilot.pause()
                assert isinstance(app.screen, RoomScreen)
                assert any(person.name in t for t in item_texts(app.screen))
                await pilot.press("c")
                await pilot.pause()
                assert not server.room.joining_open
                status, answer = await Phone(http, server.base_url).call(
                    "POST", "/api/aanmelden", {"code": server.room.code,
                                               "deelnemer": person.id})
                assert status == 403 and "gesloten" in answer["fout"]
                await pilot.press("S")
                await pilot.pause()
                assert isinstance(app.screen, ConfirmDialog)
                await pilot.press("j")
                await until(pilot, lambda: app.room_server is None)
                assert isinstance(app.screen, CardScreen)
                await until(pilot, lambda: not card.query("#room-panel"))
                try:
                    status, _ = await phone.call("GET", "/api/stand")
                except aiohttp.ClientConnectorError:
                    status = None  # the socket is closed
                assert status in (None, 410)
                assert server.room.closed and server._runner is None
    run(inner())


def test_entries_from_phones_are_queued_and_accepted_with_enter_and_undone_with_u(tmp_path):
    async def inner():
        folder, app = open_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("Z")
            await until(pilot, lambda: app.room_server is not None)
            server, shop = app.room_server, app.workshop
            await pilot.press("Z")
            await pilot.pause()
            room_screen = app.screen
            assert isinstance(room_screen, RoomScreen)
            await pilot.press("2")  # step 2 open for entries, with names
            await pilot.pause()
            assert server.room.offer == Offer(Phase.CONTRIBUTE, Step.RELATIES)
            async with aiohttp.ClientSession(headers={"Origin": server.base_url}) as http:
                phone = Phone(http, server.base_url)
                person = shop.card.present(shop.current_id)[0]
                view = await phone.join(server.room.secret, deelnemer=person.id)
                assert view["phase"] == "bijdragen" and view["step"]["number"] == 2
                for n, text in enumerate(("Elkaar vaker zien", "Een vaste koffieochtend")):
                    status, _ = await phone.call("POST", "/api/bijdrage",
                                                 {"tekst": text, "rid": f"r{n}"})
                    assert status == 200
                # the same request again (a reconnect) is queued once
                await phone.call("POST", "/api/bijdrage", {"tekst": "Elkaar vaker zien",
                                                           "rid": "r0"})
                await until(pilot, lambda: sum("koffieochtend" in t or "vaker zien" in t
                                               for t in item_texts(room_screen)) == 2)
                assert any(person.name in t and "vaker zien" in t
                           for t in item_texts(room_screen))
                before = len(shop.card.entries)
                await highlight(pilot, room_screen, "Elkaar vaker zien")
                await pilot.press("enter")  # the first waiting entry onto the card
                await pilot.pause()
                assert len(shop.card.entries) == before + 1
                added = [e for e in shop.card.entries.values() if e.text == "Elkaar vaker zien"]
                assert added and added[0].step is Step.RELATIES
                assert added[0].participant == person.id
                assert [e.text for e in shop.card.waiting.values()] == \
                    ["Een vaste koffieochtend"]
                # S with an entry still waiting says it is kept; n keeps the room open
                await pilot.press("S")
                await pilot.pause()
                assert isinstance(app.screen, ConfirmDialog)
                assert "1 bijdrage wacht nog in de wachtrij; die blijft bewaard" in \
                    plain(app.screen.query_one(".dialog-message", Static).content)
                await pilot.press("n")
                await pilot.pause()
                assert app.screen is room_screen and app.room_server is server
                await pilot.press("d")  # left off the card
                await pilot.pause()
                assert not shop.card.waiting and len(shop.card.entries) == before + 1
                # a newcomer types a name; Enter confirms, and they are on the card, present
                newcomer = Phone(http, server.base_url)
                await newcomer.join(server.room.secret, naam="Sanne Bos", organisatie="GGD")
                await until(pilot, lambda: any("Sanne Bos" in t
                                               for t in item_texts(room_screen)))
                await highlight(pilot, room_screen, "Sanne Bos")
                await pilot.press("enter")
                await pilot.pause()
                sanne = next(p for p in shop.card.people() if p.name == "Sanne Bos")
                assert shop.card.status(sanne.id, shop.current_id) is AttendanceStatus.AANWEZIG
                status, view = await newcomer.call("GET", "/api/stand")
                assert view["name"] == "Sanne Bos"
                # anonymous entries: n, then the phones send without a name; A takes all
                await pilot.press("n")
                await pilot.pause()
                assert server.room.offer.anonymous
                await newcomer.call("POST", "/api/bijdrage", {"tekst": "Zonder naam gezegd"})
                await phone.call("POST", "/api/bijdrage", {"tekst": "Ook zonder naam"})
                await until(pilot, lambda: len(shop.card.waiting) == 2)
                await pilot.press("A")
                await pilot.pause()
                anonymous = [e for e in shop.card.entries.values()
                             if e.text in ("Zonder naam gezegd", "Ook zonder naam")]
                assert len(anonymous) == 2 and all(e.participant is None for e in anonymous)
                await pilot.press("escape")
                await pilot.pause()
                assert isinstance(app.screen, CardScreen)
                await pilot.press("u")  # accepting all was one change of the facilitator's
                await pilot.pause()
                assert not any(e.text == "Ook zonder naam" for e in shop.card.entries.values())
                assert any(e.text == "Elkaar vaker zien" for e in shop.card.entries.values())
                assert len(shop.card.waiting) == 2  # back in the queue, not gone
    run(inner())


def test_v_starts_a_dot_round_the_phones_vote_in_and_the_card_counts_them(tmp_path):
    async def inner():
        folder, app = open_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("Z")
            await until(pilot, lambda: app.room_server is not None)
            server, shop = app.room_server, app.workshop
            card_screen = app.screen
            version = server.room.version
            await pilot.press("left")  # Relaties, step 2
            await pilot.pause()
            assert card_screen.active is Step.RELATIES
            await pilot.press("a")
            await type_text(pilot, "Getypt")
            await pilot.press("enter", "enter")
            await pilot.pause()
            assert server.room.version > version  # the phones hear of the facilitator's own
            async with aiohttp.ClientSession(headers={"Origin": server.base_url}) as http:
                phone = Phone(http, server.base_url)
                person = shop.card.present(shop.current_id)[0]
                view = await phone.join(server.room.secret, deelnemer=person.id)
                assert view["phase"] == "wachten"
                await pilot.press("V")  # the demo has hands counted here: a new round
                await pilot.pause()
                await pilot.press("n")
                await pilot.pause()
                await pilot.press("2")  # a dot round: 3 dots, at most 2 per theme
                await pilot.pause()
                budget = app.screen.query_one("#budget")
                budget.value = ""
                await type_text(pilot, "3")
                await pilot.press("enter")
                await type_text(pilot, "2")
                await pilot.press("enter")
                await until(pilot, lambda: isinstance(app.screen, VotingScreen))
                assert server.room.offer == Offer(Phase.VOTE, Step.RELATIES)
                status, view = await phone.call("GET", "/api/stand")
                assert view["phase"] == "stemmen" and view["budget"] == 3 and view["max"] == 2
                first, second = (c["key"] for c in view["candidates"][:2])
                status, answer = await phone.call("POST", "/api/stemmen", {
                    "stap": 2, "stippen": {first: 3}})
                assert status == 409 and "Maximaal 2" in answer["fout"]
                status, answer = await phone.call("POST", "/api/stemmen", {
                    "stap": 2, "stippen": {first: 2, second: 2}})
                assert status == 409 and "3 stippen" in answer["fout"]
                status, _ = await phone.call("POST", "/api/stemmen", {
                    "stap": 2, "stippen": {first: 2, second: 1}, "rid": "s1"})
                assert status == 200
                status, _ = await phone.call("POST", "/api/stemmen", {
                    "stap": 2, "stippen": {first: 2, second: 1}, "rid": "s1"})
                assert status == 200  # a repeat after a reconnect counts once
                present = len(shop.card.present(shop.current_id))
                await pilot.press("escape")
                await until(pilot, lambda: app.screen is card_screen)
                # Phones' changes reach the screens in batches (room_control.py): soon.
                await until(pilot, lambda: f"1 van {present} gestemd" in shown(
                    card_screen, "#room-status"))
                on_disk = folder.open(shop.name, read_only=True).load()
                votes = [v for v in on_disk.votes.values()
                         if v.participant == person.id and v.bijeenkomst == shop.current_id
                         and v.theme and on_disk.themes[v.theme].step is Step.RELATIES]
                assert sum(v.count for v in votes) == 3
    run(inner())


def test_r_in_attendance_offers_the_score_round_and_a_phone_scores(tmp_path):
    async def inner():
        folder, app = open_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("Z")
            await until(pilot, lambda: app.room_server is not None)
            server, shop = app.room_server, app.workshop
            await pilot.press("g")
            await pilot.pause()
            await pilot.press("r")
            await pilot.pause()
            assert server.room.offer == Offer(Phase.SCORE)
            async with aiohttp.ClientSession(headers={"Origin": server.base_url}) as http:
                phone = Phone(http, server.base_url)
                person = shop.card.present(shop.current_id)[0]
                await phone.join(server.room.secret, deelnemer=person.id)
                status, _ = await phone.call("POST", "/api/score", {"score": 8})
                assert status == 200
            assert shop.card.scores[(person.id, shop.current_id)].score == 8
            table = app.screen.query_one(DataTable)  # the score screen shows it at once
            await until(pilot, lambda: str(table.get_cell(person.id, "score")) == "8")
    run(inner())


def test_the_palette_opens_the_room_and_leaving_the_app_closes_it(tmp_path):
    async def inner():
        folder, app = open_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            texts = await palette_options(pilot, app, "zaal",
                                          lambda t: any("Zaal openen" in x for x in t))
            assert any("Zaal openen" in t for t in texts), texts
            await pilot.press("enter")
            await until(pilot, lambda: app.room_server is not None)
            server = app.room_server
        assert server.room.closed and server._runner is None  # stopped on unmount
    run(inner())


def test_the_room_opens_at_start_with_zaal(tmp_path):
    from kaart_tui.app import KaartApp
    from kaart_tui.demo import create_demo
    from kaart_tui.store import DataFolder
    from kaart_tui.workshop import Workshop

    async def inner():
        folder = DataFolder(tmp_path / "data").ensure()
        shop = Workshop(create_demo(folder))
        app = KaartApp(folder, shop, room=True, room_address="127.0.0.1")
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: app.room_server is not None)
            await until(pilot, lambda: bool(app.screen.query("#room-panel")))
        shop.close()
    run(inner())


def test_help_lists_the_room_keys(tmp_path):
    from kaart_tui.help_data import ROOM_BINDINGS

    async def inner():
        folder, app = open_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            rendered = "\n".join(plain(s.content) for s in app.screen.query(Static))
            for binding in ROOM_BINDINGS:
                assert binding.description in rendered
            assert "Zaal" in rendered
    run(inner())


def test_starting_the_app_loads_no_web_server():
    code = ("import sys, kaart_tui.app, kaart_tui.screens.card, kaart_tui.screens.help; "
            "print(sorted(m for m in ('aiohttp', 'segno', 'fpdf') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_an_address_that_cannot_be_used_is_a_dutch_message_and_no_room(tmp_path):
    async def inner():
        folder, app = open_app(tmp_path)
        app.room_address = "0.0.0.0"  # all networks at once: refused by the server
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("Z")
            await until(pilot, lambda: bool(messages(app, "error")))
            assert "niet alle netwerken tegelijk" in messages(app, "error")[-1]
            assert app.room_server is None and not app.screen.query("#room-panel")
            await pilot.press("a")  # the card goes on as before
            await pilot.pause()
            assert app.screen.focused is not None
    run(inner())


def test_a_secret_round_from_v_shows_no_total_to_any_phone_until_r_reveals(tmp_path):
    import re

    async def inner():
        folder, app = open_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("Z")
            await until(pilot, lambda: app.room_server is not None)
            server, shop = app.room_server, app.workshop
            await pilot.press("left")  # Relaties
            await pilot.press("V")
            await pilot.pause()
            await pilot.press("n")  # the demo counted hands here: a new round
            await pilot.pause()
            await pilot.press("3")  # the secret round, 3 dots, no maximum
            await pilot.pause()
            await pilot.press("enter", "enter")
            await until(pilot, lambda: isinstance(app.screen, VotingScreen))
            assert server.room.offer == Offer(Phase.VOTE, Step.RELATIES)
            async with aiohttp.ClientSession(headers={"Origin": server.base_url}) as http:
                beamer = Phone(http, server.base_url)
                screen_path = f"/api/scherm/{server.room.screen_key}"
                phones = []
                for person in shop.card.present(shop.current_id)[:3]:
                    phone = Phone(http, server.base_url)
                    view = await phone.join(server.room.secret, deelnemer=person.id)
                    phones.append(phone)
                _, view = await phones[0].call("GET", "/api/stand")
                assert view["phase"] == "stemmen" and view["secret"]
                first, second = (c["key"] for c in view["candidates"][:2])
                for phone in phones:
                    status, _ = await phone.call("POST", "/api/stemmen", {
                        "stap": 2, "stippen": {first: 2, second: 1}})
                    assert status == 200
                    await phone.call("GET", "/api/stand")
                    await beamer.call("GET", screen_path)
                for body in [b for p in phones + [beamer] for b in p.bodies]:
                    assert not re.search(r'"(count|counts|total|totaal|voted|result|votes)":',
                                         body), body
                # the laptop says only how many have voted
                present = len(shop.card.present(shop.current_id))
                status_text = facilitator_status(server)
                assert f"3 van {present} gestemd" in status_text
                await pilot.press("R")  # reveal, on the terminal only
                await pilot.pause()
                await pilot.press("j")
                await pilot.pause()
                _, shown = await beamer.call("GET", screen_path)
                assert shown["result"][0]["count"] == 6
                status, answer = await phones[0].call("POST", "/api/stemmen", {
                    "stap": 2, "stippen": {first: 1}})
                assert status == 409 and "uitslag is getoond" in answer["fout"]
    run(inner())


def facilitator_status(server) -> str:
    from kaart_tui.room import facilitator

    return facilitator.status_line(server)


def test_opening_another_session_closes_the_room(tmp_path):
    from kaart_tui.screens.picker import PickerScreen

    async def inner():
        folder, app = open_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("Z")
            await until(pilot, lambda: app.room_server is not None)
            server = app.room_server
            texts = await palette_options(pilot, app, "andere sessie",
                                          lambda t: bool(t) and "Andere sessie" in t[0])
            assert texts and "Andere sessie openen" in texts[0], texts
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, PickerScreen))
            assert app.room_server is None and server.room.closed
            await until(pilot, lambda: server._runner is None)  # the socket closed too
    run(inner())

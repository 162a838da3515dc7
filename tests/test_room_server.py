"""The room's server on 127.0.0.1 (an ephemeral port), driven by aiohttp's own client.

Each test runs a real Workshop on a session file, so "on disk" means the file read back.
"""

from __future__ import annotations

import asyncio
import json
import re
from importlib import resources

import aiohttp
import pytest

from kaart_tui.domain import voting
from kaart_tui.domain.model import AttendanceStatus, VotingMode
from kaart_tui.domain.steps import Step
from kaart_tui.room import changes as rc
from kaart_tui.room.room import Offer, Phase
from kaart_tui.room.server import MAX_REQUEST_BYTES, DirectGateway, RoomServer
from kaart_tui.store.base import StoreError
from kaart_tui.workshop import Workshop
from tests.on_disk import beside


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Harness:
    """A workshop, its room server, and a client that speaks as the phone page does."""

    def __init__(self, data_folder, card) -> None:
        self.folder = data_folder
        self.workshop = Workshop(data_folder.create(card))
        self.applied = []
        self.room_changes = 0
        self.clock = Clock()
        self.server = RoomServer(DirectGateway(self.workshop, self.applied.append,
                                               self._room_changed), clock=self.clock)
        self.bodies: list[str] = []  # every response body, for the secret round's checks

    def _room_changed(self) -> None:
        self.room_changes += 1

    @property
    def bijeenkomst(self) -> str:
        return self.workshop.current_id

    def on_disk(self):
        return beside(self.folder, self.workshop.name)

    async def __aenter__(self) -> "Harness":
        self.url = await self.server.start("127.0.0.1", 0)
        self.base = self.server.base_url
        self.http = aiohttp.ClientSession(headers={"Origin": self.base})
        return self

    async def __aexit__(self, *exc) -> None:
        await self.http.close()
        await self.server.stop()
        self.workshop.close()

    async def call(self, method: str, path: str, body=None, token: str | None = None,
                   **kwargs) -> tuple[int, dict]:
        headers = kwargs.pop("headers", {})
        if token:
            headers["X-Kaart-Apparaat"] = token
        data = kwargs.pop("data", None)
        if body is not None:
            data = json.dumps(body)
        async with self.http.request(method, self.base + path, data=data, headers=headers,
                                     **kwargs) as response:
            text = await response.text()
            self.bodies.append(text)
            return response.status, json.loads(text)

    async def join(self, participant_id: str, rid: str | None = None) -> str:
        body = {"geheim": self.server.room.secret, "deelnemer": participant_id}
        if rid:
            body["rid"] = rid
        status, answer = await self.call("POST", "/api/aanmelden", body)
        assert status == 200, answer
        return answer["token"]


def run(coro):
    asyncio.run(coro)


def present(card) -> list[str]:
    return [p.id for p in card.present(card.latest_bijeenkomst().id)]


def start_round(harness: Harness, mode: VotingMode, budget=3, maximum=None) -> list[str]:
    shop = harness.workshop
    shop.apply(voting.start_round(shop.card, Step.RELATIES, harness.bijeenkomst, mode, budget,
                                  maximum, replace_existing=True))
    harness.server.room.set_offer(Offer(Phase.VOTE, Step.RELATIES))
    harness.server.notify()
    voting_round = shop.card.rounds[(Step.RELATIES.value, harness.bijeenkomst)]
    return [f"theme:{c.id}" for c in voting.ballots(shop.card, voting_round).candidates][:4]


# -- joining ---------------------------------------------------------------------------
def test_join_with_the_short_code_marks_present_on_disk(data_folder, demo_card):
    person = demo_card.people()[0]
    bijeenkomst = demo_card.latest_bijeenkomst().id
    demo_card.attendance.pop((person.id, bijeenkomst), None)

    async def go():
        async with Harness(data_folder, demo_card) as h:
            code = h.server.room.code
            status, names = await h.call("POST", "/api/namen", {"code": code})
            assert status == 200 and person.name in [n["naam"] for n in names["namen"]]
            status, answer = await h.call("POST", "/api/aanmelden", {
                "code": f"{code[:3]} {code[3:]}", "deelnemer": person.id, "rid": "r1"})
            assert status == 200 and answer["stand"]["name"] == person.name
            assert h.on_disk().status(person.id, bijeenkomst) is AttendanceStatus.AANWEZIG
            assert h.workshop.undo() is None  # a phone's join is not the facilitator's undo
            status, again = await h.call("POST", "/api/aanmelden", {
                "code": code, "deelnemer": person.id, "rid": "r1"})
            assert again["token"] == answer["token"] and len(h.server.room.devices) == 1
            assert len(h.applied) == 1 and h.room_changes >= 1
    run(go())


def test_phones_joining_at_once_are_one_write_and_a_repeat_in_flight_gets_the_same_answer(
        data_folder, demo_card):
    """Joins that arrive together are written together (issue 21: forty phones at once);
    a phone that sends its join again before the first answer (a reconnect) gets the same
    device, not a second one."""
    people = rc.choosable(demo_card, demo_card.latest_bijeenkomst().id)[:4]

    async def go():
        async with Harness(data_folder, demo_card) as h:
            saves = []
            store_save = h.workshop.store.save

            def counted(*args, **kwargs):
                saves.append(1)
                return store_save(*args, **kwargs)

            h.workshop.store.save = counted
            secret = h.server.room.secret
            bodies = [{"geheim": secret, "deelnemer": p.id, "rid": f"j{i}"}
                      for i, p in enumerate(people)]
            bodies.append(dict(bodies[0]))  # the first phone again, at once
            answers = await asyncio.gather(*(h.call("POST", "/api/aanmelden", b)
                                             for b in bodies))
            assert all(status == 200 for status, _ in answers), answers
            assert answers[0][1]["token"] == answers[-1][1]["token"]
            assert len(h.server.room.devices) == len(people)
            assert len(saves) < len(people)  # together, not one write each
            on_disk = h.on_disk()
            assert all(on_disk.status(p.id, h.bijeenkomst) is AttendanceStatus.AANWEZIG
                       for p in people)
    run(go())


def test_join_refusals_are_in_dutch(data_folder, demo_card):
    async def go():
        async with Harness(data_folder, demo_card) as h:
            status, answer = await h.call("POST", "/api/namen", {"code": "000000"
                                          if h.server.room.code != "000000" else "111111"})
            assert (status, answer["fout"]) == (403, "Deze code klopt niet; kijk nog eens op "
                                                     "het scherm.")
            h.server.room.open_joining(False)
            status, answer = await h.call("POST", "/api/namen", {"code": h.server.room.code})
            assert status == 403 and "Aanmelden met de code is gesloten" in answer["fout"]
            status, answer = await h.call("POST", "/api/namen",
                                          {"geheim": h.server.room.secret})
            assert status == 200  # the QR link still works
            status, answer = await h.call("POST", "/api/aanmelden", {
                "geheim": h.server.room.secret, "deelnemer": "p-bestaat-niet"})
            assert status == 409 and "kies opnieuw" in answer["fout"]
            status, answer = await h.call("GET", "/api/stand", token="geraden")
            assert status == 401 and "meld u opnieuw aan" in answer["fout"]
    run(go())


def test_a_newcomer_joins_after_the_facilitator_confirms(data_folder, demo_card):
    async def go():
        async with Harness(data_folder, demo_card) as h:
            status, answer = await h.call("POST", "/api/aanmelden", {
                "geheim": h.server.room.secret, "naam": "Sanne Bos", "organisatie": "GGD"})
            assert status == 200 and answer["stand"]["phase"] == "bevestigen"
            newcomer = next(iter(h.server.room.newcomers.values()))
            from kaart_tui.room.changes import confirm_change
            applied = h.workshop.apply(confirm_change(h.workshop.card, h.bijeenkomst,
                                                      newcomer))
            h.server.room.confirm_newcomer(newcomer.id, applied.change.put[0].id)
            status, state = await h.call("GET", "/api/stand", token=answer["token"])
            assert (state["phase"], state["name"]) == ("wachten", "Sanne Bos")
    run(go())


# -- entries ---------------------------------------------------------------------------
def test_entries_go_to_the_queue_on_disk_once_and_within_limits(data_folder, demo_card):
    async def go():
        async with Harness(data_folder, demo_card) as h:
            token = await h.join(present(demo_card)[0])
            status, answer = await h.call("POST", "/api/bijdrage", {"tekst": "Te vroeg"},
                                          token=token)
            assert status == 409 and "wacht op de procesbegeleider" in answer["fout"]
            h.server.room.set_offer(Offer(Phase.CONTRIBUTE, Step.HANDELEN))
            long_text = "Samen " + "é" * 4994
            for _ in range(2):  # a repeat after a reconnect: the same request id
                status, answer = await h.call("POST", "/api/bijdrage",
                                              {"tekst": long_text, "rid": "e1"}, token=token)
                assert status == 200
            # Answered once it is on disk, off the columns, not on the facilitator's undo.
            assert [e.text for e in h.on_disk().waiting.values()] == [long_text]
            assert [e.text for e in h.workshop.card.waiting.values()] == [long_text]
            assert h.workshop.undo() is None and len(h.applied) == 1
            assert h.applied[0].steps == frozenset()  # no column redraws for it
            assert (answer["stand"]["sent"], answer["stand"]["waiting"]) == (1, 1)
            status, answer = await h.call("POST", "/api/bijdrage",
                                          {"tekst": "x" * 5001, "rid": "e2"}, token=token)
            assert (status, answer["fout"]) == (409, "Uw bijdrage is 5.001 tekens lang; het "
                                                     "maximum is 5.000.")
            status, answer = await h.call("POST", "/api/bijdrage",
                                          data="{" + " " * MAX_REQUEST_BYTES + "}",
                                          token=token)
            assert status == 413 and "te veel tekst" in answer["fout"]
            status, answer = await h.call("POST", "/api/bijdrage", data="niet-json",
                                          token=token)
            assert status == 400 and "niet te lezen" in answer["fout"]
            assert len(h.workshop.card.waiting) == 1 and len(h.applied) == 1  # no more
    run(go())


def test_an_entry_that_cannot_be_written_is_refused_and_not_counted(data_folder, demo_card,
                                                                     monkeypatch):
    async def go():
        async with Harness(data_folder, demo_card) as h:
            token = await h.join(present(demo_card)[0])
            h.server.room.set_offer(Offer(Phase.CONTRIBUTE, Step.WAARDEN))
            saving = h.workshop.store.save

            def disk_full(*args, **kwargs):
                raise StoreError("De schijf is vol.")
            monkeypatch.setattr(h.workshop.store, "save", disk_full)
            status, answer = await h.call("POST", "/api/bijdrage",
                                          {"tekst": "Vertrouwen", "rid": "e1"}, token=token)
            assert (status, answer["fout"]) == (503, "Niet bewaard: De schijf is vol.")
            assert h.workshop.card.waiting == {} and h.on_disk().waiting == {}
            monkeypatch.setattr(h.workshop.store, "save", saving)
            status, answer = await h.call("POST", "/api/bijdrage",  # the phone tries again
                                          {"tekst": "Vertrouwen", "rid": "e1"}, token=token)
            assert status == 200 and answer["stand"]["sent"] == 1
            assert [e.text for e in h.on_disk().waiting.values()] == ["Vertrouwen"]
    run(go())


# -- votes -----------------------------------------------------------------------------
def test_a_dot_round_from_phones_within_budget_counted_once(data_folder, demo_card):
    async def go():
        async with Harness(data_folder, demo_card) as h:
            person = present(demo_card)[0]
            token = await h.join(person)
            first, second, third, _ = start_round(h, VotingMode.STIPPEN, 3, 2)
            undo_before = len(h.workshop._undo)
            ballot = {"stap": 2, "stippen": {first: 2, second: 1}, "rid": "b1"}
            for _ in range(2):
                status, answer = await h.call("POST", "/api/stemmen", ballot, token=token)
                assert status == 200, answer
            assert answer["stand"]["mine"] == {first: 2, second: 1}
            voting_round = h.on_disk().rounds[(Step.RELATIES.value, h.bijeenkomst)]
            on_disk = voting.ballots(h.on_disk(), voting_round)
            assert on_disk.used(person) == 3
            assert len(h.workshop._undo) == undo_before
            for dots, message in (({first: 2, second: 1, third: 1}, "U heeft 3 stippen; "
                                   "dit zijn er 4."),
                                  ({first: 3}, "Maximaal 2 stippen per thema.")):
                status, answer = await h.call("POST", "/api/stemmen",
                                              {"stap": 2, "stippen": dots}, token=token)
                assert (status, answer["fout"]) == (409, message)
            status, answer = await h.call("POST", "/api/stemmen",
                                          {"stap": 1, "stippen": {}}, token=token)
            assert status == 409 and "andere stap" in answer["fout"]
            assert voting.ballots(h.on_disk(), voting_round).used(person) == 3
    run(go())


def test_a_secret_round_shows_no_total_before_the_reveal(data_folder, demo_card):
    async def go():
        async with Harness(data_folder, demo_card) as h:
            people = present(demo_card)[:3]
            tokens = [await h.join(p) for p in people]
            candidates = start_round(h, VotingMode.GEHEIM, 3)
            screen = f"/api/scherm/{h.server.room.screen_key}"
            for token in tokens:
                status, _ = await h.call("POST", "/api/stemmen", {
                    "stap": 2, "stippen": {candidates[0]: 2, candidates[1]: 1}},
                    token=token)
                assert status == 200
                await h.call("GET", "/api/stand", token=token)
                await h.call("GET", screen)
            # Three voters put 6 dots on the first theme: no body may say 6, nor a tally
            for body in h.bodies:
                data = json.loads(body)
                assert "result" not in data and "voted" not in data, body
                mine = data.get("stand", data).get("mine", {})
                assert all(n <= 2 for n in mine.values())
                assert not re.search(r'"(count|counts|total|totaal|voted|result|votes)":', body)
            shop = h.workshop
            shop.apply(voting.reveal(shop.card, Step.RELATIES, h.bijeenkomst))
            _, shown = await h.call("GET", screen)
            assert shown["result"][0]["count"] == 6
            status, answer = await h.call("POST", "/api/stemmen", {
                "stap": 2, "stippen": {candidates[0]: 1}}, token=tokens[0])
            assert status == 409 and "uitslag is getoond" in answer["fout"]
    run(go())


def test_score_round_from_a_phone(data_folder, demo_card):
    async def go():
        async with Harness(data_folder, demo_card) as h:
            person = present(demo_card)[0]
            token = await h.join(person)
            status, answer = await h.call("POST", "/api/score", {"score": 8}, token=token)
            assert status == 409 and "geen scoreronde" in answer["fout"]
            h.server.room.set_offer(Offer(Phase.SCORE))
            status, answer = await h.call("POST", "/api/score", {"score": 8}, token=token)
            assert status == 200 and answer["stand"]["score"] == 8
            assert h.on_disk().scores[(person, h.bijeenkomst)].score == 8
            status, answer = await h.call("POST", "/api/score", {"score": 0}, token=token)
            assert status == 409 and "tussen 1 en 10" in answer["fout"]
    run(go())


# -- guards ----------------------------------------------------------------------------
def test_foreign_origin_and_host_are_refused(data_folder, demo_card):
    async def go():
        async with Harness(data_folder, demo_card) as h:
            body = {"geheim": h.server.room.secret}
            status, answer = await h.call("POST", "/api/namen", body,
                                          headers={"Origin": "http://elders.example"})
            assert status == 403 and "niet van de pagina" in answer["fout"]
            status, answer = await h.call("POST", "/api/namen", body,
                                          headers={"Host": "kaart.example"})
            assert status == 421 and "hoort niet bij deze bijeenkomst" in answer["fout"]
    run(go())


def test_requests_per_phone_are_limited(data_folder, demo_card):
    async def go():
        async with Harness(data_folder, demo_card) as h:
            token = await h.join(present(demo_card)[0])
            statuses = [(await h.call("GET", "/api/stand", token=token))[0]
                        for _ in range(h.server.per_device.burst + 1)]
            assert statuses[:-1] == [200] * h.server.per_device.burst
            status, answer = await h.call("GET", "/api/stand", token=token)
            assert status == 429 and "Even rustig aan" in answer["fout"]
            h.clock.now += 5  # time passes: the phone may go on
            assert (await h.call("GET", "/api/stand", token=token))[0] == 200
            guesses = [(await h.call("POST", "/api/namen", {"code": "999999"}))[0]
                       for _ in range(h.server.per_address.burst + 1)]
            assert guesses[-1] == 429  # guessing the code is slowed down per address
    run(go())


def test_phones_hear_of_changes_and_of_the_closing(data_folder, demo_card):
    async def go():
        async with Harness(data_folder, demo_card) as h:
            token = await h.join(present(demo_card)[0])
            socket = await h.http.ws_connect(f"{h.base}/api/ws?t={token}")
            assert (await socket.receive_json())["phase"] == "wachten"
            h.server.room.set_offer(Offer(Phase.CONTRIBUTE, Step.WAARDEN))
            h.server.notify()
            pushed = await asyncio.wait_for(socket.receive_json(), 5)
            assert pushed["phase"] == "bijdragen" and pushed["step"]["number"] == 1
            await h.server.stop()
            assert (await asyncio.wait_for(socket.receive_json(), 5))["phase"] == "gesloten"
            await socket.close()
            with pytest.raises(aiohttp.ClientConnectionError):
                await h.call("GET", "/api/stand", token=token)
    run(go())


def test_a_websocket_from_a_foreign_page_is_refused(data_folder, demo_card):
    async def go():
        async with Harness(data_folder, demo_card) as h:
            token = await h.join(present(demo_card)[0])
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await h.http.ws_connect(f"{h.base}/api/ws?t={token}",
                                        headers={"Origin": "http://elders.example"})
            assert refused.value.status == 403
    run(go())


def test_the_pages_are_served_from_the_package_and_name_no_outside_address(data_folder,
                                                                           demo_card):
    static = resources.files("kaart_tui.room").joinpath("static")
    for page in static.iterdir():
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"https?://|//[a-z0-9-]+\.[a-z]", text, re.I), page.name

    async def go():
        async with Harness(data_folder, demo_card) as h:
            async with h.http.get(h.url) as response:
                page = await response.text()
                assert response.status == 200 and 'lang="nl"' in page
                assert "default-src 'self'" in response.headers["Content-Security-Policy"]
                assert response.headers["Referrer-Policy"] == "no-referrer"
            for name in ("phone.js", "kaart.css"):
                async with h.http.get(f"{h.base}/static/{name}") as response:
                    assert response.status == 200
            async with h.http.get(f"{h.base}/static/../server.py") as response:
                assert response.status == 404
            async with h.http.get(h.server.screen_url) as response:
                assert response.status == 200
            async with h.http.get(f"{h.base}/scherm/geraden") as response:
                assert response.status == 404
    run(go())

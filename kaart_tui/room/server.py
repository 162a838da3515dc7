"""The room's web server: the phones' page, the beamer page and their requests.

It runs on the asyncio loop it is started from (the Textual app's own): each handler
reads the card and applies a phone's Change through the gateway between two awaits, so
the Workshop is only ever used from that loop and needs no lock. No threads, no second
process, no signal handlers (``AppRunner(handle_signals=False)``), no access log on the
terminal.

What it guards: it listens on one address only; every request must name that address as
its Host (a web page elsewhere cannot reach it through a DNS trick), every POST and
WebSocket must come from its own Origin; requests are small, limited per phone and per
address, and the facilitator's actions (accept, reveal, close) have no endpoint at all.
"""

from __future__ import annotations

import asyncio
import time
from importlib import resources
from typing import Callable

from aiohttp import WSMsgType, web

from kaart_tui.domain.changes import Change
from kaart_tui.domain.voting import Ballots
from kaart_tui.errors import DomainError, KaartError
from kaart_tui.room import changes as rc
from kaart_tui.room.answers import Answers
from kaart_tui.room.gateway import DirectGateway, WorkshopGateway
from kaart_tui.room.qr import qr_svg
from kaart_tui.room.reading import Refused, read_body, request_id
from kaart_tui.room.room import Device, Phase, RateLimiter, Room

MAX_REQUEST_BYTES = 32 * 1024  # 5,000 characters of any script, in JSON, fit easily
MAX_SOCKETS = 120
PUSH_SECONDS = 0.1  # at most one push to every phone this often
STATIC_FILES = {"phone.html", "scherm.html", "kaart.css", "phone.js", "scherm.js"}
TOKEN_HEADER = "X-Kaart-Apparaat"
__all__ = ["DirectGateway", "RoomServer", "WorkshopGateway"]


def _refuse(status: int, message: str) -> web.Response:
    return web.json_response({"fout": message}, status=status,
                             headers={"Cache-Control": "no-store"})


def _static(name: str) -> bytes:
    return resources.files("kaart_tui.room").joinpath("static", name).read_bytes()


CONTENT_TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript"}


class RoomServer:
    def __init__(self, gateway: WorkshopGateway, room: Room | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.gateway = gateway
        self.room = room or Room()
        self.clock = clock
        self.address: str | None = None  # "IP:PORT", once started
        self.per_device = RateLimiter(burst=20, per_second=2.0)
        self.per_address = RateLimiter(burst=10, per_second=0.5)  # joining: codes guessed
        self._sockets: dict[web.WebSocketResponse, str | None] = {}  # -> device id
        self._join_answers = Answers()
        self._runner: web.AppRunner | None = None
        self._push_pending = False
        self._last_push = float("-inf")
        self.app = self._make_app()

    # -- starting and stopping ----------------------------------------------------------
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on ``host`` only (port 0: any free port); returns the join URL.

        Never all interfaces at once: a laptop may also have a public address."""
        if host in ("", "0.0.0.0", "::"):
            raise KaartError("Kies het adres van één netwerk (bijvoorbeeld 192.168.137.1), "
                             "niet alle netwerken tegelijk.")
        runner = web.AppRunner(self.app, handle_signals=False, access_log=None,
                               shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except OSError as error:
            await runner.cleanup()
            raise KaartError(f"De zaal kan niet open op {host}:{port}: het adres is niet van "
                             f"deze laptop of de poort is bezet ({error.strerror}).") from None
        self._runner = runner
        bound = runner.addresses[0]
        shown = f"[{bound[0]}]" if ":" in bound[0] else bound[0]
        self.address = f"{shown}:{bound[1]}"
        return self.join_url

    async def stop(self) -> None:
        """Close the room: phones hear "gesloten", then the socket closes."""
        self.room.close()
        for socket in list(self._sockets):
            try:
                await socket.send_json({"phase": "gesloten", "closed": True})
                await socket.close()
            except (ConnectionError, RuntimeError):
                pass
        self._sockets.clear()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://{self.address}"

    @property
    def join_url(self) -> str:
        return f"{self.base_url}/z/{self.room.secret}"

    @property
    def code_url(self) -> str:
        """Where someone without a camera types the short code."""
        return f"{self.base_url}/"

    @property
    def screen_url(self) -> str:
        return f"{self.base_url}/scherm/{self.room.screen_key}"

    # -- telling the phones ---------------------------------------------------------------
    def notify(self) -> None:
        """Something changed (on the card or in the room): push the new state to every
        phone and the beamer, once, soon. Many changes close together make one push: at
        most one per PUSH_SECONDS, so that forty phones voting at once cost a few pushes
        to each, not forty (each phone's own answer already carries its new state)."""
        self.room.touch()
        if self._push_pending or not self._sockets:
            return
        self._push_pending = True
        loop = asyncio.get_running_loop()
        wait = max(0.0, self._last_push + PUSH_SECONDS - loop.time())
        loop.call_later(wait, lambda: asyncio.ensure_future(self._push()))

    async def _push(self) -> None:
        self._push_pending = False
        self._last_push = asyncio.get_running_loop().time()
        # All views from one moment (no await in between) and one pass over the round's
        # votes; a change made while sending is pushed after this.
        index = rc.open_ballots(self.gateway.card, self.gateway.bijeenkomst_id, self.room)
        views = [(socket, self._state_for(device_id, index))
                 for socket, device_id in list(self._sockets.items())]
        for socket, view in views:
            try:
                await socket.send_json(view)
            except (ConnectionError, RuntimeError):
                self._sockets.pop(socket, None)

    def _state_for(self, device_id: str | None, index: Ballots | None = None) -> dict:
        if device_id is None:
            return self._screen_view()
        device = self.room.devices.get(device_id)
        if device is None:
            return {"phase": "afgemeld", "version": self.room.version}
        return self._phone_view(device, index)

    def _phone_view(self, device: Device, index: Ballots | None = None) -> dict:
        gateway = self.gateway
        return rc.phone_view(gateway.card, gateway.template, gateway.bijeenkomst_id,
                             self.room, device, index)

    def _screen_view(self) -> dict:
        gateway = self.gateway
        return rc.screen_view(gateway.card, gateway.template, gateway.bijeenkomst_id,
                              self.room, self.join_url, qr_svg(self.join_url))

    # -- the web application --------------------------------------------------------------
    def _make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_REQUEST_BYTES,
                              middlewares=[self._guard])
        app.router.add_get("/", self._page("phone.html"))
        app.router.add_get("/z/{secret}", self._page("phone.html"))
        app.router.add_get("/scherm/{key}", self._screen_page)
        app.router.add_get("/static/{name}", self._static_file)
        app.router.add_post("/api/namen", self._names)
        app.router.add_post("/api/aanmelden", self._join)
        app.router.add_get("/api/stand", self._state)
        app.router.add_post("/api/bijdrage", self._entry)
        app.router.add_post("/api/stemmen", self._ballot)
        app.router.add_post("/api/score", self._score)
        app.router.add_get("/api/ws", self._socket)
        app.router.add_get("/api/scherm/{key}", self._screen_state)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler) -> web.StreamResponse:
        if self.address is None or request.host != self.address:
            return _refuse(421, "Dit adres hoort niet bij deze bijeenkomst.")
        is_socket = request.headers.get("Upgrade", "").lower() == "websocket"
        if request.method == "POST" or is_socket:
            origin = request.headers.get("Origin")
            if origin is not None and origin != self.base_url:
                return _refuse(403, "Dit verzoek komt niet van de pagina van de bijeenkomst.")
        if request.content_length is not None and request.content_length > MAX_REQUEST_BYTES:
            return _refuse(413, "Dit is te veel tekst in één keer; maak het korter.")
        if request.path.startswith("/api/"):
            token = request.headers.get(TOKEN_HEADER) or request.query.get("t")
            # A made-up token gets no bucket of its own: it counts against its address.
            known = token is not None and any(d.token == token
                                              for d in self.room.devices.values())
            limiter = self.per_device if known else self.per_address
            if not limiter.allow(token if known else (request.remote or "?"), self.clock()):
                return _refuse(429, "Even rustig aan: te veel verzoeken achter elkaar. "
                                    "Probeer het over een paar seconden opnieuw.")
        try:
            response = await handler(request)
        except Refused as refused:
            return _refuse(refused.status, refused.message)
        except DomainError as error:
            return _refuse(409, error.message)
        except KaartError as error:  # the write failed: nothing was kept
            return _refuse(503, f"Niet bewaard: {error.message}")
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"  # the link holds the secret
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; "
            f"connect-src 'self' ws://{self.address}; frame-ancestors 'none'")
        return response

    def _page(self, name: str):
        async def page(request: web.Request) -> web.Response:
            return web.Response(body=_static(name), content_type="text/html",
                                charset="utf-8")
        return page

    async def _screen_page(self, request: web.Request) -> web.Response:
        self._screen_key(request)
        return web.Response(body=_static("scherm.html"), content_type="text/html",
                            charset="utf-8")

    async def _static_file(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in STATIC_FILES:
            raise web.HTTPNotFound()
        suffix = name[name.rfind("."):]
        return web.Response(body=_static(name), content_type=CONTENT_TYPES[suffix],
                            charset="utf-8")

    # -- reading a request ----------------------------------------------------------------
    def _device(self, request: web.Request) -> Device:
        token = request.headers.get(TOKEN_HEADER) or request.query.get("t")
        try:
            return self.room.device_by_token(token)
        except DomainError as error:
            raise Refused(410 if self.room.closed else 401, error.message) from None

    def _screen_key(self, request: web.Request) -> None:
        if request.match_info["key"] != self.room.screen_key:
            raise Refused(404, "Deze pagina bestaat niet (meer).")

    def _let_in(self, body: dict) -> None:
        secret, code = body.get("geheim"), body.get("code")
        try:
            self.room.may_join(secret if isinstance(secret, str) else None,
                               code if isinstance(code, str) else None)
        except DomainError as error:
            raise Refused(410 if self.room.closed else 403, error.message) from None

    def _need_bijeenkomst(self) -> str:
        bijeenkomst_id = self.gateway.bijeenkomst_id
        if bijeenkomst_id is None:
            raise Refused(409, "Er is nog geen bijeenkomst; wacht op de procesbegeleider.")
        return bijeenkomst_id

    def _person(self, device: Device) -> str:
        if device.participant is None:
            raise Refused(409, "De procesbegeleider heeft uw aanmelding nog niet bevestigd.")
        return device.participant

    # -- handlers -------------------------------------------------------------------------
    async def _names(self, request: web.Request) -> web.Response:
        self._let_in(await read_body(request))
        card = self.gateway.card
        people = rc.choosable(card, self._need_bijeenkomst())
        return web.json_response({"session": card.session.title, "namen": [
            {"id": p.id, "naam": p.name, "organisatie": p.organisation} for p in people]})

    async def _join(self, request: web.Request) -> web.Response:
        body = await read_body(request)
        self._let_in(body)
        return web.json_response(await self._join_answers.once(
            request_id(body), lambda: self._join_once(body)))

    async def _join_once(self, body: dict) -> dict:
        card, bijeenkomst_id = self.gateway.card, self._need_bijeenkomst()
        if "naam" in body:
            name, organisation = rc.newcomer_fields(body.get("naam"), body.get("organisatie"))
            known = rc.known_newcomer(card, name, organisation)
            person = rc.chosen_person(card, bijeenkomst_id, known.id) if known else None
            if person is None:
                device = self.room.join_as_newcomer(name, organisation)
        else:
            person = rc.chosen_person(card, bijeenkomst_id, body.get("deelnemer"))
        if person is not None:
            # Written with the other phones joining at this moment (one write for all).
            await self.gateway.apply_soon(
                lambda: rc.join_change(self.gateway.card, bijeenkomst_id, person.id))
            device = self.room.join(person.id)
        self.gateway.room_changed()
        self.notify()
        return {"token": device.token, "stand": self._phone_view(device)}

    async def _state(self, request: web.Request) -> web.Response:
        return web.json_response(self._phone_view(self._device(request)))

    async def _once(self, request: web.Request,
                    act: Callable[[Device, dict], "Callable[[], Change | None] | None"],
                    written: Callable[[], object] = lambda: None) -> web.Response:
        """Run ``act`` once per request id: a repeat (a reconnect) gets the first answer.
        ``act`` checks the request and may return what makes its change; that change is
        written with the other phones' changes of the moment, and answered once on disk."""
        device = self._device(request)
        body = await read_body(request)
        given_id = request_id(body)
        if given_id is not None:
            earlier = device.remembered(given_id)
            if earlier is not None:
                return web.json_response(earlier)
        make = act(device, body)
        if make is not None:
            await self.gateway.apply_soon(make)
            written()
            self.notify()
        answer = {"ok": True, "stand": self._phone_view(device)}
        if given_id is not None:
            device.remember(given_id, answer)
        return web.json_response(answer)

    async def _entry(self, request: web.Request) -> web.Response:
        sent: list[tuple[Device, str]] = []  # counted as sent once it is on disk

        def send(device: Device, body: dict) -> Callable[[], Change | None]:
            bijeenkomst_id, _ = self._need_bijeenkomst(), self._person(device)
            entry = self.room.entry_from(device, rc.phone_text(body.get("tekst")),
                                         bijeenkomst_id)
            sent.append((device, entry.id))
            return lambda: rc.queue_change(self.gateway.card, entry)
        return await self._once(request, send, lambda: [d.sent.append(i) for d, i in sent])

    async def _ballot(self, request: web.Request) -> web.Response:
        def vote(device: Device, body: dict) -> Callable[[], Change | None]:
            offer = self.room.offer
            if offer.phase is not Phase.VOTE or offer.step is None:
                raise Refused(409, "Er is nu geen stemronde; wacht op de procesbegeleider.")
            if body.get("stap") != offer.step.number:
                raise Refused(409, "Er wordt nu over een andere stap gestemd; laad de "
                                   "pagina opnieuw.")
            bijeenkomst_id, person = self._need_bijeenkomst(), self._person(device)
            step, dots = offer.step, body.get("stippen")
            return lambda: rc.ballot_change(self.gateway.card, bijeenkomst_id, step, person,
                                            dots)
        return await self._once(request, vote)

    async def _score(self, request: web.Request) -> web.Response:
        def score(device: Device, body: dict) -> Callable[[], Change | None]:
            if self.room.offer.phase is not Phase.SCORE:
                raise Refused(409, "Er is nu geen scoreronde; wacht op de procesbegeleider.")
            bijeenkomst_id, person = self._need_bijeenkomst(), self._person(device)
            return lambda: rc.score_change(self.gateway.card, bijeenkomst_id, person,
                                           body.get("score"))
        return await self._once(request, score)

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        device = self._device(request)
        return await self._serve_socket(request, device.id)

    async def _screen_state(self, request: web.Request) -> web.StreamResponse:
        self._screen_key(request)
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return await self._serve_socket(request, None)
        return web.json_response(self._screen_view())

    async def _serve_socket(self, request: web.Request, device_id: str | None
                            ) -> web.WebSocketResponse:
        if len(self._sockets) >= MAX_SOCKETS:
            raise Refused(503, "Te veel verbindingen; de pagina ververst zichzelf.")
        # No permessage-deflate (browsers ask for it): a push is a few hundred bytes on
        # the room's own Wi-Fi, and deflating it for forty phones is the laptop's time.
        socket = web.WebSocketResponse(heartbeat=20, max_msg_size=1024, compress=False)
        await socket.prepare(request)
        self._sockets[socket] = device_id
        try:
            await socket.send_json(self._state_for(device_id))
            async for message in socket:  # phones only listen; anything sent is ignored
                if message.type is WSMsgType.ERROR:
                    break
        finally:
            self._sockets.pop(socket, None)
        return socket

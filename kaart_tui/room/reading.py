"""Reading a phone's request: a small JSON object, or a Dutch refusal the phone shows."""

from __future__ import annotations

import json

from aiohttp import web


class Refused(Exception):
    """A request the server answers with ``status`` and a message for the phone."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


UNREADABLE = "Dit verzoek is niet te lezen; laad de pagina opnieuw."


async def read_body(request: web.Request) -> dict:
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise Refused(413, "Dit is te veel tekst in één keer; maak het korter.") from None
    try:
        body = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise Refused(400, UNREADABLE) from None
    if not isinstance(body, dict):
        raise Refused(400, UNREADABLE)
    return body


def request_id(body: dict) -> str | None:
    """The id a phone gives a request, so that a repeat after a reconnect counts once."""
    given = body.get("rid")
    if given is None:
        return None
    if not isinstance(given, str) or not 1 <= len(given) <= 64:
        raise Refused(400, UNREADABLE)
    return given

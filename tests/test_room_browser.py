"""The phone page in a real browser: Debian's Chromium, headless, at 360x740, on 127.0.0.1.

It joins by tapping a name, taps dots, sends them, and the session file has the votes.
Screenshots of the phone page and the beamer page are saved (``KAART_SCREENSHOTS=MAP``
keeps them; else they stay in the test's temporary folder).
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest

from kaart_tui.domain import voting
from kaart_tui.domain.model import VotingMode
from kaart_tui.domain.steps import Step
from kaart_tui.room.room import Offer, Phase
from kaart_tui.room.server import DirectGateway, RoomServer
from kaart_tui.workshop import Workshop
from tests.room_browser import Browser, chromium_path

pytestmark = pytest.mark.skipif(
    chromium_path() is None,
    reason="Chromium is not installed (Debian: apt-get install chromium); the phone page "
           "is then only tested without a browser (test_room_server.py)")

VISIBLE = "!document.getElementById('{}').hidden"


def keep(path: Path) -> Path:
    target = os.environ.get("KAART_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)
    return path


def is_png(path: Path) -> bool:
    return path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5_000


def test_a_phone_joins_taps_dots_and_the_votes_are_on_disk(tmp_path, data_folder, demo_card):
    shop = Workshop(data_folder.create(demo_card))
    server = RoomServer(DirectGateway(shop, lambda applied: server.notify()))
    bijeenkomst = shop.current_id
    person = shop.card.present(bijeenkomst)[0]

    async def go():
        url = await server.start("127.0.0.1", 0)
        try:
            async with Browser(tmp_path / "profiel") as phone:
                await phone.open(url)
                await phone.wait_for(VISIBLE.format("namen"))
                width, height = await phone.size_of(".naam")
                assert width <= 360 and height >= 44  # a touch target, within the screen
                assert await phone.evaluate(
                    "document.documentElement.scrollWidth") <= 360  # nothing sideways
                await phone.tap(".naam")
                await phone.wait_for(VISIBLE.format("wachten"))
                assert person.name in await phone.evaluate(
                    "document.getElementById('wie').textContent")

                shop.apply(voting.start_round(shop.card, Step.RELATIES, bijeenkomst,
                                              VotingMode.GEHEIM, 3, 2,
                                              replace_existing=True))
                server.room.set_offer(Offer(Phase.VOTE, Step.RELATIES))
                server.notify()
                await phone.wait_for(VISIBLE.format("stemmen"))  # pushed, not reloaded
                await phone.tap(".kandidaat .stip:last-child", 0)
                await phone.tap(".kandidaat .stip:last-child", 0)
                await phone.tap(".kandidaat .stip:last-child", 1)
                assert await phone.evaluate("document.getElementById('over').textContent") \
                    == "Nog 0 van 3 stippen"
                keep(await phone.screenshot(tmp_path / "telefoon-stemmen.png"))
                await phone.tap("#stemmen-knop")
                await phone.wait_for("document.getElementById('stemmen-status').textContent"
                                     ".includes('binnen')")

                disk = data_folder.open(shop.name, read_only=True).load()
                voting_round = disk.rounds[(Step.RELATIES.value, bijeenkomst)]
                index = voting.ballots(disk, voting_round)
                first, second = index.candidates[:2]
                assert (index.on(person.id, first), index.on(person.id, second)) == (2, 1)

                await phone.open(server.screen_url)
                await phone.send("Emulation.setDeviceMetricsOverride", width=1280,
                                 height=720, deviceScaleFactor=1, mobile=False)
                await phone.wait_for("document.querySelector('#qr svg') !== null")
                beamer = keep(await phone.screenshot(tmp_path / "beamer.png"))
                assert is_png(beamer) and is_png(tmp_path / "telefoon-stemmen.png")
                text = await phone.evaluate("document.body.innerText")
                assert "Stap 2" in text and server.room.code[:3] in text
                assert "(2)" not in text and "gestemd" not in text  # secret: no totals
        finally:
            await server.stop()
            shop.close()

    asyncio.run(go())

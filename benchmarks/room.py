"""The room under load (issue 21): 40 phones join and vote at once while the facilitator
types, all on this laptop's loopback.

Run by hand: `python benchmarks/room.py`. Prints one JSON object. The facilitator's keys
during the burst are compared with the same keys typed in the same run with the room open
and no phone in it, so the ratio compares like with like. Nothing here is a test.

Unlike run.py (the app in a pty), this runs the app in-process with ``App.run_test()``, as
the room's pilot tests do: the server shares the app's asyncio loop, so every millisecond
a phone costs the server is a millisecond the facilitator's keys wait, as on the real
laptop. The phones themselves (aiohttp client sessions) run in a second process, as on
the real phones: on the app's loop, their own JSON and sockets would be counted as the
laptop's work (on this 2-core machine the two processes share the cores; the laptop's
loop still does everything the server does).

A key is timed from handing it to the driver (as the terminal would) until the app has
handled it and drawn the result: its screen has processed the messages it caused and has
no widget left to repaint. Not ``pilot.press``/``pilot.pause``: those wait until the whole
process is idle (CPU time against wall time, in 20 ms sleeps), which during the burst
measures the phones, not the key.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import platform
import resource
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import aiohttp  # noqa: E402
from textual import events  # noqa: E402

from kaart_tui.app import KaartApp  # noqa: E402
from kaart_tui.demo import create_demo  # noqa: E402
from kaart_tui.domain.model import Participant  # noqa: E402
from kaart_tui.domain.people import add_participants  # noqa: E402
from kaart_tui.domain.steps import Step  # noqa: E402
from kaart_tui.responsiveness import tune_collector  # noqa: E402
from kaart_tui.room.room import Phase  # noqa: E402
from kaart_tui.screens.card import CardScreen  # noqa: E402
from kaart_tui.screens.voting import VotingScreen  # noqa: E402
from kaart_tui.store import DataFolder  # noqa: E402
from kaart_tui.workshop import Workshop  # noqa: E402

PHONES = 40
# The whole scenario, each in a fresh app. A burst lasts about 0.1-0.2 s, so one run gives
# only three or four keys typed during it: thirty runs give about a hundred.
RUNS = 30
SIZE = (160, 50)
WORDS = ("koffie", "overleg", "samen", "wijkteam", "afspraak", "vertrouwen", "buurt")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Phone:
    """One phone, doing what phone.js does: the names, joining, the socket, one ballot.

    Each phone has its own source address (127.0.0.2, 127.0.0.3, ...), as each phone has
    its own address on the room's Wi-Fi: the server limits joining per address."""

    def __init__(self, base: str, origin: str, source: str) -> None:
        self.base = base
        self.http = aiohttp.ClientSession(
            headers={"Origin": origin},
            connector=aiohttp.TCPConnector(local_addr=(source, 0)))
        self.token: str | None = None
        self.join_ms = self.vote_ms = float("nan")
        self.pushes = 0

    async def call(self, method: str, path: str, body=None) -> tuple[int, dict]:
        headers = {"X-Kaart-Apparaat": self.token} if self.token else {}
        async with self.http.request(method, self.base + path, headers=headers,
                                     data=None if body is None else json.dumps(body)) as r:
            return r.status, await r.json()

    async def listen(self, socket) -> None:
        async for _ in socket:
            self.pushes += 1

    async def run(self, secret: str, person_id: str, index: int) -> None:
        status, _ = await self.call("POST", "/api/namen", {"geheim": secret})
        assert status == 200
        start = time.perf_counter()
        status, answer = await self.call("POST", "/api/aanmelden", {
            "geheim": secret, "deelnemer": person_id, "rid": secrets.token_hex(8)})
        self.join_ms = (time.perf_counter() - start) * 1000
        assert status == 200, answer
        self.token = answer["token"]
        view = answer["stand"]
        socket = await self.http.ws_connect(f"{self.base}/api/ws?t={self.token}")
        listener = asyncio.ensure_future(self.listen(socket))
        self._socket, self._listener, self._view = socket, listener, view
        await self.vote(index)

    async def vote(self, n: int) -> None:
        view = self._view
        first, second = (c["key"] for c in view["candidates"][:2])
        dots = {first: 2, second: 1} if n % 2 == 0 else {first: 1, second: 2}
        start = time.perf_counter()
        status, answer = await self.call("POST", "/api/stemmen", {
            "stap": view["step"]["number"], "stippen": dots, "rid": secrets.token_hex(8)})
        self.vote_ms = (time.perf_counter() - start) * 1000
        assert status == 200, answer

    async def close(self) -> None:
        if getattr(self, "_socket", None) is not None:
            self._listener.cancel()
            await self._socket.close()
        await self.http.close()


async def settle(pilot, until=lambda: True, tries: int = 200) -> None:
    for _ in range(tries):
        await pilot.pause()
        if until():
            return
    raise TimeoutError("the app did not get there")


async def key(app, pilot, name: str) -> float:
    """Milliseconds from the key reaching the app to its result being drawn."""
    char = {"enter": "\r"}.get(name, name if len(name) == 1 else None)
    event = events.Key(name, char)
    event.set_sender(app)
    start = time.perf_counter()
    app._driver.send_message(event)
    # Twice: the key's own handling may post messages (Input.Submitted) the first round
    # did not wait for.
    await pilot._wait_for_screen()
    await pilot._wait_for_screen()
    screen = app.screen
    while screen._dirty_widgets or screen._layout_required or screen._repaint_required:
        await asyncio.sleep(0.001)
    return (time.perf_counter() - start) * 1000


class Typist:
    """The facilitator typing entries into the active column: a, letters, Enter, ...

    ``a`` opens the field once (as a facilitator does, who then types entry after entry);
    it is kept apart in ``opened``: it rebuilds the footer and lays out the whole card."""

    def __init__(self, app, pilot, tag: str) -> None:
        self.app, self.pilot, self.tag = app, pilot, tag
        self.times: list[float] = []
        self.started: list[float] = []  # perf_counter() when each key of ``times`` was sent
        self.enters: list[float] = []
        self.opened = float("nan")
        self.entries = 0

    async def _key(self, name: str) -> float:
        self.started.append(time.perf_counter())
        self.times.append(await key(self.app, self.pilot, name))
        return self.times[-1]

    async def open_field(self) -> None:
        self.opened = await key(self.app, self.pilot, "a")

    async def type(self, keys: int | None = None, stop: asyncio.Event | None = None) -> None:
        """``keys`` keys, or until ``stop`` is set."""
        while (keys is not None and len(self.times) < keys) or (stop and not stop.is_set()):
            text = f"{self.tag}{self.entries:02d} {WORDS[self.entries % len(WORDS)]}"
            for letter in text:
                await self._key("space" if letter == " " else letter)
            self.enters.append(await self._key("enter"))
            self.entries += 1

    def during(self, start: float, end: float) -> list[float]:
        """The keys sent while the phones were busy (from ``start`` to ``end``)."""
        return [ms for ms, at in zip(self.times, self.started) if start <= at <= end]


async def start_dot_round(app, pilot) -> None:
    """The `V` flow of tests/test_room_ui.py: a dot round on step 2, 3 dots, at most 2."""
    await pilot.press("left")
    await pilot.pause()
    assert app.screen.active is Step.RELATIES
    await pilot.press("V")
    await pilot.pause()
    await pilot.press("n")  # the demo has hands counted here: a new round
    await pilot.pause()
    await pilot.press("2")
    await pilot.pause()
    app.screen.query_one("#budget").value = ""
    await pilot.press("3", "enter", "2", "enter")
    await settle(pilot, lambda: isinstance(app.screen, VotingScreen))
    await pilot.press("escape")
    await settle(pilot, lambda: isinstance(app.screen, CardScreen))


async def measure(work: Path) -> dict:
    folder = DataFolder(work / "data").ensure()
    shop = Workshop(create_demo(folder))
    people = [Participant(f"telefoon{i:02d}", f"Telefoon {i:02d}", "Zaal")
              for i in range(PHONES)]
    alone = Participant("telefoon-alleen", "Telefoon alleen", "Zaal")
    shop.apply(add_participants(shop.card, [*people, alone]), undoable=False)
    # As in the pilot tests (tests/conftest.py): keys come faster than any person types, so
    # the guard that holds a command key a moment in case it starts a word (keyboard.py) is
    # off. The timed keys go into the add field, where that guard does not act anyway.
    KaartApp.TYPING_GAP = 0
    app = KaartApp(folder, shop, room=True, room_address="127.0.0.1")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.room_server is not None)
        server = app.room_server
        await start_dot_round(app, pilot)
        assert server.room.offer.phase is Phase.VOTE
        await settle(pilot)

        # The vote's baseline: one phone alone in the room, nobody typing, voting 5 times
        # (a phone may change its dots until the reveal), one after the other.
        phone = Phone(server.base_url, server.base_url, "127.0.0.200")
        await phone.run(server.room.secret, alone.id, 0)
        single = [phone.vote_ms]
        for n in range(1, 5):
            await phone.vote(n)
            single.append(phone.vote_ms)
        await phone.close()
        await settle(pilot)

        # The keys' baseline: the room open, no phone typing or voting.
        baseline = Typist(app, pilot, "zonder")
        await baseline.open_field()
        await baseline.type(keys=40)
        await pilot.press("escape")
        await settle(pilot)

        # The burst: 40 phones at once, the facilitator typing until the last has voted.
        phones = await PhoneProcess.start(server.base_url, server.room.secret,
                                          [person.id for person in people])
        done = asyncio.Event()
        typist = Typist(app, pilot, "met")
        await typist.open_field()
        typing = asyncio.ensure_future(typist.type(stop=done))
        await asyncio.sleep(0.1)  # the typist is under way, as when the phones vote
        start = time.perf_counter()
        results = await phones.burst()
        end = time.perf_counter()
        burst_s = end - start
        done.set()
        await typing
        await settle(pilot)
        card = shop.card
        voted = {v.participant for v in card.votes.values()
                 if v.bijeenkomst == shop.current_id and v.participant in
                 {p.id for p in people}}
        assert len(voted) == PHONES, len(voted)
        assert all(f"met{i:02d}" in " ".join(e.text for e in card.entries.values())
                   for i in range(typist.entries))
        results.update(await phones.stop())
    return {"votes": results["votes"], "joins": results["joins"], "vote_alone": single,
            "burst_s": [burst_s], "keys": typist.during(start, end),
            "enters": typist.enters, "opened": [baseline.opened, typist.opened],
            "baseline_keys": baseline.times, "baseline_enters": baseline.enters,
            "pushes": [results["pushes"]]}


class PhoneProcess:
    """The 40 phones in a process of their own: ready (connected to nothing yet) before
    the burst, all joining and voting at once on "go", their figures as JSON lines."""

    def __init__(self, process) -> None:
        self.process = process

    @classmethod
    async def start(cls, base: str, secret: str, people: list[str]) -> "PhoneProcess":
        process = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--telefoons", base, secret, *people,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
        phones = cls(process)
        assert await phones._line() == {"klaar": True}
        return phones

    async def _line(self) -> dict:
        return json.loads(await self.process.stdout.readline())

    async def burst(self) -> dict:
        self.process.stdin.write(b"go\n")
        await self.process.stdin.drain()
        return await self._line()

    async def stop(self) -> dict:
        self.process.stdin.write(b"stop\n")
        await self.process.stdin.drain()
        pushes = await self._line()
        await self.process.wait()
        return pushes


async def phones_main(base: str, secret: str, people: list[str]) -> None:
    """The far side of PhoneProcess."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)

    def say(figures: dict) -> None:
        sys.stdout.write(json.dumps(figures) + "\n")
        sys.stdout.flush()

    phones = [Phone(base, base, f"127.0.0.{i + 2}") for i in range(len(people))]
    say({"klaar": True})
    assert await reader.readline() == b"go\n"
    await asyncio.gather(*(phone.run(secret, person, i)
                           for i, (phone, person) in enumerate(zip(phones, people))))
    say({"votes": [p.vote_ms for p in phones], "joins": [p.join_ms for p in phones]})
    assert await reader.readline() == b"stop\n"
    await asyncio.sleep(0.3)  # the pushes of the last votes arrive
    say({"pushes": sum(p.pushes for p in phones)})
    for phone in phones:
        await phone.close()


def main() -> None:
    # As `kaart open --zaal` does where the program starts (app.run_app): without it, the
    # collector's default thresholds run full collections in the middle of the burst.
    tune_collector()
    work = Path(tempfile.mkdtemp(prefix="kaart-room-bench-"))
    runs: dict[str, list[float]] = {}
    for run in range(RUNS):
        for name, values in asyncio.run(measure(work / f"run{run}")).items():
            runs.setdefault(name, []).extend(values)
        # The app of this run is gone: a real kaart runs one app, whose idle collector
        # frees what a closed session leaves; here thirty would pile up in the peak.
        gc.collect()
    votes, keys, baseline = runs["votes"], runs["keys"], runs["baseline_keys"]
    votes_p95, alone = percentile(votes, 0.95), statistics.median(runs["vote_alone"])
    keys_p95, baseline_p95 = percentile(keys, 0.95), percentile(baseline, 0.95)
    figures = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                   f"Python {platform.python_version()}",
        "room_phones": PHONES,
        "room_runs": RUNS,
        "room_burst_s": round(statistics.median(runs["burst_s"]), 2),
        "room_vote_ms_p50": round(statistics.median(votes), 1),
        "room_vote_ms_p95": round(votes_p95, 1),
        "room_vote_alone_ms_p50": round(alone, 1),
        "room_vote_ratio": round(votes_p95 / alone, 2),
        "room_join_ms_p95": round(percentile(runs["joins"], 0.95), 1),
        "room_keystrokes_in_burst": len(keys),
        "room_keystroke_ms_p50": round(statistics.median(keys), 1),
        "room_keystroke_ms_p95": round(keys_p95, 1),
        "room_keystroke_baseline_ms_p50": round(statistics.median(baseline), 1),
        "room_keystroke_baseline_ms_p95": round(baseline_p95, 1),
        "room_keystroke_ratio": round(keys_p95 / baseline_p95, 2),
        # Enter adds the entry: one write of the session file, the column redrawn.
        "room_enter_ms_p50": round(statistics.median(runs["enters"]), 1),
        "room_enter_baseline_ms_p50": round(statistics.median(runs["baseline_enters"]), 1),
        # a: opening the add field (once per typing session), with and without phones.
        "room_open_field_ms_p50": round(statistics.median(runs["opened"]), 1),
        "room_pushes_received": round(statistics.median(runs["pushes"])),
        # ru_maxrss is in KB on Linux: the laptop's process (app and server; the phones are
        # another process), at its peak over all runs.
        "room_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--telefoons"]:
        asyncio.run(phones_main(sys.argv[2], sys.argv[3], sys.argv[4:]))
    else:
        main()

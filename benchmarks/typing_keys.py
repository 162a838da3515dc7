"""Keys as the facilitator types them, measured until their result is on disk and on screen.

Several apps are open at once, one per session, and take their samples in turn (one key
in the small session, one in the large, ...), so that a slow moment of the machine hits
every session alike instead of deciding one of them. Beside the wall time each sample
records the app's own CPU time (from /proc), which a busy machine does not inflate.

The session file is watched by its inode, size and mtime (a save replaces the file), not
read on every poll: reading a 10,000-entry session each millisecond would load the very
machine being measured. Whether the save holds the new entry is checked once, after the
sample's clock has stopped.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from benchmarks.terminal import Terminal, environment, kaart
from kaart_tui.domain import voting
from kaart_tui.domain.model import Card
from kaart_tui.domain.steps import Step


def _file_state(path: Path) -> tuple[int, int, int]:
    stat = os.stat(path)
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


class Sample:
    """One key: milliseconds of wall time and of the app's CPU time."""

    def __init__(self, wall_ms: float, cpu_ms: float) -> None:
        self.wall_ms, self.cpu_ms = wall_ms, cpu_ms


class _OpenSession:
    def __init__(self, data_dir: Path, slug: str) -> None:
        self.session = data_dir / "sessions" / f"{slug}.json"
        self.terminal = Terminal(kaart("open", slug), environment(data_dir))
        self.terminal.wait_for(b"Waarden", timeout=60)
        self.terminal.settled(0.5, timeout=60)

    def _measure(self, key: bytes, screen_token: bytes) -> Sample:
        terminal = self.terminal
        terminal.read(0.01)
        mark = len(terminal.output)
        before = _file_state(self.session)
        cpu = terminal.cpu_seconds()
        start = time.perf_counter()
        terminal.write(key)
        while _file_state(self.session) == before:
            terminal.read(0.001)
        on_disk = time.perf_counter()
        on_screen = terminal.wait_for(screen_token, since=mark)
        wall = (max(on_disk, on_screen) - start) * 1000
        return Sample(wall, (terminal.cpu_seconds() - cpu) * 1000)

    def close(self) -> None:
        self.terminal.close()


class Typist(_OpenSession):
    """An app with the add field of step 1 open: each sample is one entry and its Enter."""

    def __init__(self, data_dir: Path, slug: str) -> None:
        super().__init__(data_dir, slug)
        self.terminal.write(b"a")
        time.sleep(0.3)
        self.count = 0

    def sample(self) -> Sample:
        token = f"meting{self.count:03d}x".encode()
        self.count += 1
        self.terminal.write(token)
        time.sleep(0.15)  # typing is not measured
        # On screen: the token drawn in the column (the field was cleared first).
        sample = self._measure(b"\r", token)
        if token not in self.session.read_bytes():
            raise RuntimeError(f"{token!r} is not in the saved session")
        return sample


class Voter(_OpenSession):
    """An app in a dot round on step 1: each sample is one ``+`` (a dot on the first
    theme), until the count left is on disk and on screen. ``card`` is the session as
    saved; the same rules are run on it here, to know what the screen must show."""

    def __init__(self, data_dir: Path, slug: str, card: Card, step: Step) -> None:
        super().__init__(data_dir, slug)
        self.card, self.step = card, step
        self.bijeenkomst = card.latest_bijeenkomst().id
        self.round = voting.round_of(card, step, self.bijeenkomst)
        self.voter = voting.next_voter(card, self.round, None)
        self.terminal.write(b"V")
        self.terminal.wait_for("Doorgaan met deze ronde".encode())
        time.sleep(0.3)
        self.terminal.write(b"d")
        self.terminal.wait_for(self._status_token())
        self.terminal.settled(0.5)

    def _status_token(self) -> bytes:
        index = voting.ballots(self.card, self.round)
        left = index.left(self.voter)
        return f"nog {left} stip{'' if left == 1 else 'pen'}".encode()

    def sample(self) -> Sample:
        index = voting.ballots(self.card, self.round)
        if index.left(self.voter) == 0:  # the next voter, not measured
            self.voter = voting.next_voter(self.card, self.round, self.voter, index)
            self.terminal.write(b"n")
            self.terminal.wait_for(self._status_token())
            time.sleep(0.3)
            index = voting.ballots(self.card, self.round)
        change = voting.add_dot(self.card, self.step, self.bijeenkomst, self.voter,
                                index.candidates[0], index)
        for record in change.remove:
            self.card.remove(record)
        for record in change.put:
            self.card.put(record)
        sample = self._measure(b"+", self._status_token())
        time.sleep(0.15)  # a facilitator's pace, and the app's idle work out of the way
        return sample


def interleaved(apps: dict[str, _OpenSession], count: int) -> dict[str, list[Sample]]:
    """``count`` samples of each app, taken in turn."""
    samples: dict[str, list[Sample]] = {name: [] for name in apps}
    for _ in range(count):
        for name, app in apps.items():
            samples[name].append(app.sample())
    return samples

"""Faults a facilitator can meet with the real app: the laptop dies (SIGKILL) while typing,
voting, importing or exporting; a damaged, unreadable or unwritable session; a second
window; a full disk; a sessions folder that disappears. Every time the session must still
open, nothing the screen showed as done may be lost, and every refusal is a Dutch message.

The kill tests run the real `kaart` in a pseudo-terminal (120x40), type into it and read
its screen back; they are marked `crash` (`python -m pytest -m crash`). Reproduce a failure
with KAART_FAULT_SEED=<seed from the message>.
"""

from __future__ import annotations

import dataclasses
import errno
import fcntl
import functools
import os
import pty
import random
import re
import select
import signal
import stat
import struct
import subprocess
import sys
import termios
import time
import unicodedata
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

import pytest
from conftest import DEMO_BUNDLE

from kaart_tui import safe_files as atomic
from kaart_tui.app import KaartApp
from kaart_tui.bundle import bundle_text, card_to_data, read_bundle
from kaart_tui.domain.model import (
    COLLECTIONS,
    Attendance,
    AttendanceStatus,
    Bijeenkomst,
    Card,
    Entry,
    VotingMode,
)
from kaart_tui.domain.ranking import candidate_title, candidates, target_of
from kaart_tui.domain.steps import Step
from kaart_tui.screens.card import CardScreen
from kaart_tui.screens.picker import PickerScreen
from kaart_tui.store import DataFolder
from kaart_tui.workshop import Workshop
from tests.on_disk import on_disk
from tests.preloaded import zygote
from tests.records import write
from tests.ui_helpers import messages, plain, run

COLS, ROWS = 120, 40
SEED = int(os.environ.get("KAART_FAULT_SEED", "20250807"))
# 200 kills in all: the app while typing, while voting and while exporting (key E), and
# the CLI while importing a big bundle and while exporting.
TRIALS = {"typen": 46, "stemmen": 28, "verslag-app": 12, "verslag-cli": 28, "import": 86}
SEED_ENTRIES = 300


def spread(rng: random.Random, trials: int, low: float, high: float) -> list[float]:
    """One fraction per trial, evenly spread over [low, high) and shuffled: the kills land
    before, during and after the work however fast this machine is today, because each
    fraction multiplies a duration measured on this machine in the same run."""
    width = (high - low) / trials
    fractions = [low + width * (i + rng.random()) for i in range(trials)]
    rng.shuffle(fractions)
    return fractions


def timed_run(argv: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """How long the command takes here and now, run to the end (the crash trials scale
    their kill moments by it). The preloaded Python is started first: run alone, this
    was the first use of it, and its start made the run look five times as long."""
    launcher = zygote()
    start = time.monotonic()
    process = launcher.popen(argv, env)
    try:
        out, _ = process.communicate(timeout=120)
    finally:
        process.kill()
    return time.monotonic() - start, process.returncode, out.decode()


def where(kind: str, trial: int, delay: float) -> str:
    return (f"(KAART_FAULT_SEED={SEED}, {kind} trial {trial}, kill after "
            f"{delay * 1000:.0f} ms)")


# -- a terminal: the app in a pty, its screen read back ------------------------------------
_CSI = re.compile(rb"\x1b\[([0-9;:?<>=]*)([ -/]*)([@-~])")
_OSC = re.compile(rb"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
_STRING = re.compile(rb"\x1b[P^_X][^\x1b]*\x1b\\")
_ESC = re.compile(rb"\x1b[ -/]*[0-~]")


class Screen:
    """Just enough of a terminal for Textual's output: cursor moves and text; colours and
    other sequences are skipped. Sequences split over two reads are kept until complete."""

    def __init__(self, cols: int = COLS, rows: int = ROWS) -> None:
        self.cols, self.rows = cols, rows
        self.grid = [[" "] * cols for _ in range(rows)]
        self.x = self.y = 0
        self.pending = b""

    def feed(self, data: bytes) -> None:
        data = self.pending + data
        i, n = 0, len(data)
        while i < n:
            byte = data[i]
            if byte == 0x1B:
                if i + 1 >= n:
                    break
                kind = data[i + 1:i + 2]
                pattern = {b"[": _CSI, b"]": _OSC, b"P": _STRING, b"^": _STRING,
                           b"_": _STRING, b"X": _STRING}.get(kind, _ESC)
                match = pattern.match(data, i)
                if match is None:
                    if n - i < 4096:
                        break  # incomplete: wait for the rest
                    i += 1
                    continue
                if pattern is _CSI and match.group(3) in (b"H", b"f"):
                    params = match.group(1).split(b";")
                    row = int(params[0] or 1) if params and params[0].isdigit() else 1
                    col = int(params[1] or 1) if len(params) > 1 and params[1].isdigit() else 1
                    self.y, self.x = min(row, self.rows) - 1, min(col, self.cols) - 1
                i = match.end()
                continue
            if byte == 0x0D:
                self.x, i = 0, i + 1
                continue
            if byte == 0x0A:
                self.y, i = min(self.y + 1, self.rows - 1), i + 1
                continue
            if byte < 0x20 or byte == 0x7F:
                i += 1
                continue
            length = 1 if byte < 0x80 else 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            if i + length > n:
                break
            char = data[i:i + length].decode("utf-8", "replace")
            i += length
            wide = unicodedata.east_asian_width(char) in "WF"
            if self.x < self.cols:
                self.grid[self.y][self.x] = char
                if wide and self.x + 1 < self.cols:
                    self.grid[self.y][self.x + 1] = ""
            self.x += 2 if wide else 1
        self.pending = data[i:]

    def lines(self) -> list[str]:
        return ["".join(row) for row in self.grid]

    def text(self) -> str:
        return "\n".join(self.lines())


def kaart_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "kaart_tui", *args]


def kaart_env(root: Path) -> dict[str, str]:
    env = {**os.environ, "KAART_DATA_DIR": str(root), "TERM": "xterm-256color",
           "COLUMNS": str(COLS), "LINES": str(ROWS)}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return env


class Terminal:
    """A program in a pseudo-terminal of 120x40; its output is kept whole and drawn on a
    Screen. ``observer`` is called after every read (to sample what was on screen)."""

    def __init__(self, argv: list[str], env: dict[str, str],
                 observer: Callable[[Screen], None] | None = None) -> None:
        self.screen = Screen()
        self.output = bytearray()
        self.observer = observer
        self.closed = False
        fd, child_end = pty.openpty()
        # The terminal has its size before the program starts, as a real window has.
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        try:
            self.process = zygote().spawn(argv, env, (child_end,) * 3, tty=True)
        finally:
            os.close(child_end)
        self.pid, self.fd = self.process.pid, fd
        self.status: int | None = None

    def read(self, timeout: float) -> bool:
        if self.closed:
            return False
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return False
        try:
            data = os.read(self.fd, 1 << 20)
        except OSError:  # EIO: the program is gone and everything it wrote was read
            data = b""
        if not data:
            self.closed = True
            return False
        self.output += data
        self.screen.feed(data)
        if self.observer is not None:
            self.observer(self.screen)
        return True

    def pump(self, seconds: float) -> None:
        """Keep reading (the program blocks when nobody reads its output) for a while."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0 and not self.closed:
            self.read(left)

    def wait_for(self, condition: Callable[[Screen], bool], what: str,
                 timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition(self.screen):
            if self.closed or time.monotonic() > deadline:
                raise AssertionError(
                    f"{what} did not appear on screen ({'ended' if self.closed else 'timeout'})"
                    f":\n{self.screen.text()}\n{bytes(self.output[-3000:])!r}")
            self.read(0.02)

    def write(self, data: bytes) -> None:
        os.write(self.fd, data)

    def kill(self) -> None:
        """SIGKILL, then read what the program wrote before it died."""
        self.process.kill()
        self.status = self.process.wait(30)
        while self.read(1.0):
            pass

    def wait_exit(self, timeout: float = 20.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.read(0.05)
            if (code := self.process.poll()) is not None:
                self.status = code
                while self.read(0.2):
                    pass
                return code
        raise AssertionError(f"the program did not stop:\n{self.screen.text()}")

    def close(self) -> None:
        if self.status is None:
            try:
                self.process.kill()
                self.status = self.process.wait(30)
            except ProcessLookupError:
                pass
        try:
            os.close(self.fd)
        except OSError:
            pass


def card_ready(screen: Screen) -> bool:
    """The card is drawn and takes keys: the footer offers "a Toevoegen"."""
    lines = screen.lines()
    return "Toevoegen" in lines[-1] and any("Nieuwe bijdrage, Enter" in line for line in lines)


def shown_on_card(terminal: "Terminal", token: str, input_row: int, _: Screen) -> bool:
    return token in tokens_in_columns(bytes(terminal.output), input_row)


def input_focused(screen: Screen) -> bool:
    """After `a` the add field has the focus: the card's letter keys leave the footer,
    undo stays."""
    return "Toevoegen" not in screen.lines()[-1] and "Ongedaan" in screen.lines()[-1]


# -- the session on disk ---------------------------------------------------------------------
def snapshot(card: Card) -> dict[str, dict]:
    return {name: dict(card.collection(kind)) for kind, name in COLLECTIONS.items()}


def changed_records(before: dict[str, dict], card: Card) -> tuple[dict, list]:
    """(records that are new, per collection), [records of before that changed or went]."""
    after = snapshot(card)
    new = {name: {k: r for k, r in records.items() if k not in before[name]}
           for name, records in after.items()}
    lost = [(name, key) for name, records in before.items() for key, record in records.items()
            if after[name].get(key) != record]
    return {k: v for k, v in new.items() if v}, lost


def temp_files(folder: Path) -> set[Path]:
    return set(folder.glob(".*.tmp"))


def assert_complete_docx(path: Path, context: str) -> None:
    from docx import Document

    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None, f"{path} is damaged {context}"
        assert "word/document.xml" in archive.namelist(), f"{path} is no docx {context}"
    document = Document(str(path))
    assert any(p.text.strip() for p in document.paragraphs), f"{path} is empty {context}"


def seeded_card(demo_card: Card) -> Card:
    card = Card(demo_card.session)
    for record in demo_card.records():
        card.put(record)
    steps, people = list(Step), [None, *card.participants]
    meetings = list(card.bijeenkomsten)
    for i in range(SEED_ENTRIES):
        card.put(Entry(f"e-seed-{i}", steps[i % 5], f"ingebrachte bijdrage nummer {i}",
                       meetings[i % len(meetings)], people[i % len(people)]))
    return card


@pytest.fixture(scope="module")
def workshop_session(tmp_path_factory) -> tuple[Path, str]:
    """One session that every app trial opens again, so that it grows from kill to kill."""
    root = tmp_path_factory.mktemp("kills") / "data"
    store = DataFolder(root).ensure().create(seeded_card(read_bundle(DEMO_BUNDLE)))
    slug = store.path.stem
    store.close()
    return root, slug


# -- 1. killed while typing ------------------------------------------------------------------
_STREAM = re.compile(rb"\x1b\[(\d+);\d+H|(\n)|(k\d{3}n\d{4}z)")


def tokens_in_columns(output: bytes, input_row: int) -> list[str]:
    """Entry texts the app drew anywhere but in the add field (row ``input_row``, where a
    text shows while it is typed, before it is saved). Searched in the raw output, so a
    text only counts when the app wrote it whole."""
    row, seen = 0, []
    for match in _STREAM.finditer(output):
        if match.group(1):
            row = int(match.group(1))
        elif match.group(2):
            row += 1
        elif row != input_row:
            seen.append(match.group(3).decode())
    return seen


@pytest.mark.crash
def test_killed_while_typing_keeps_every_entry_the_screen_showed(workshop_session):
    root, slug = workshop_session
    rng = random.Random(f"{SEED}-typen")
    sessions = DataFolder(root).sessions_dir
    stats = {"shown": 0, "trials_with_shown": 0, "typed": 0, "landed_unshown": 0,
             "killed_mid_save": 0}
    before = snapshot(on_disk(root, slug))
    for trial in range(TRIALS["typen"]):
        temps = temp_files(sessions)
        terminal = Terminal(kaart_argv("open", slug), kaart_env(root))
        # What a trial samples is where in a save the kill lands; a save takes about 15 ms,
        # so 0.4 s of typing spans some 25 of them (0.8 s spanned 50 and cost the child's
        # CPU for twice as long).
        delay = rng.uniform(0.0, 0.4)
        # Most kills come after the app has shown a saved entry, whatever this machine's
        # speed; the others while the first saves are on their way.
        after_first_shown = rng.random() < 0.8
        tokens: list[str] = []
        try:
            terminal.wait_for(card_ready, "the card")
            input_row = 1 + next(i for i, line in enumerate(terminal.screen.lines())
                                 if "Nieuwe bijdrage, Enter" in line)
            terminal.write(b"a")
            terminal.wait_for(input_focused, "the add field")
            if after_first_shown:
                tokens.append(f"k{trial:03d}n{len(tokens):04d}z")
                terminal.write(tokens[-1].encode() + b"\r")
                terminal.wait_for(functools.partial(shown_on_card, terminal, tokens[0],
                                                    input_row), "the first entry on the card")
            deadline = time.monotonic() + delay
            while (left := deadline - time.monotonic()) > 0:
                tokens.append(f"k{trial:03d}n{len(tokens):04d}z")
                terminal.write(tokens[-1].encode() + b"\r")
                terminal.pump(min(left, rng.uniform(0.0, 0.03)))
            terminal.kill()
        finally:
            terminal.close()
        context = where("typen", trial, delay)
        stats["killed_mid_save"] += bool(temp_files(sessions) - temps)

        card = on_disk(root, slug)
        saved = {e.text for e in card.entries.values()}
        shown = tokens_in_columns(bytes(terminal.output), input_row)
        lost = sorted({t for t in shown if t not in saved})
        assert not lost, f"entries shown on the card are not in the session file {context}: " \
                         f"{lost[:5]}"
        mine = [e for e in card.entries.values() if e.text.startswith(f"k{trial:03d}n")]
        texts = [e.text for e in mine]
        assert texts == tokens[:len(texts)], \
            f"the saved entries are not the typed ones, in order {context}: {texts[:5]}"
        assert all(e.step is Step.WAARDEN for e in mine), context
        shown_here = [tokens.index(t) for t in shown if t in tokens]
        if shown_here:
            assert len(texts) > max(shown_here), context
        new, changed = changed_records(before, card)
        assert not changed, f"records changed or lost {context}: {changed[:5]}"
        assert set(new) <= {"entries"} and len(new.get("entries", {})) == len(texts), \
            f"unexpected new records {context}: {list(new)}"
        before = snapshot(card)

        stats["shown"] += len(set(shown_here))
        stats["trials_with_shown"] += bool(shown_here)
        stats["typed"] += len(tokens)
        stats["landed_unshown"] += len(texts) - len(set(shown_here))
    summary = f"seed {SEED}, {TRIALS['typen']} kills while typing: {stats}"
    print(summary)
    # The kills must have hit a working app: most trials had saved entries on screen.
    assert stats["trials_with_shown"] >= TRIALS["typen"] // 2, summary
    assert stats["shown"] >= TRIALS["typen"] // 2, summary
    assert stats["killed_mid_save"] >= 1, summary


# -- 2. killed while voting ------------------------------------------------------------------
VOTING_ROWS = 5
TALLY_STATUS = "Typ het aantal stemmen"


def new_voting_bijeenkomst(root: Path, slug: str, trial: int) -> tuple[str, list]:
    """A bijeenkomst of its own for this trial, everyone present; the candidates to vote
    on are the first rows of the voting table (themes with distinct titles)."""
    store = DataFolder(root).open(slug)
    try:
        card = store.load()
        number = max(b.number for b in card.bijeenkomsten.values()) + 1
        meeting = Bijeenkomst(f"b-stem-{trial}", number, date(2027, 1, 4) + timedelta(trial))
        present = [Attendance(p, meeting.id, AttendanceStatus.AANWEZIG)
                   for p in card.participants]
        write(store, put=[meeting, *present])
        card = store.load()
    finally:
        store.close()
    rows = candidates(card, Step.WAARDEN, meeting.id)[:VOTING_ROWS]
    titles = [candidate_title(c) for c in rows]
    assert len(set(titles)) == len(titles) and all(len(t) < 80 for t in titles)
    return meeting.id, rows


class TallyWatcher:
    """What the voting table showed, per candidate row, matched against the digits typed.

    Every digit is typed on another row than the one before, so each sets its row's count
    to exactly that digit (1-9): the counts a row showed are a subsequence of the digits
    typed on it. ``acknowledged`` is how many digits were certainly saved: all up to the
    latest one the screen showed (the app saves before it draws, one change at a time).
    """

    def __init__(self, titles: list[str]) -> None:
        self.patterns = [re.compile(re.escape(t) + r"\s+(\d+)\b") for t in titles]
        self.typed: list[tuple[int, int]] = []           # (row, digit), in order typed
        self.matched = [-1] * len(titles)                # index into self.typed
        self.status_seen = False
        self.unexpected: list[str] = []

    def __call__(self, screen: Screen) -> None:
        lines = screen.lines()
        if not self.status_seen and any(TALLY_STATUS in line for line in lines):
            self.status_seen = True
        if not self.status_seen:
            return
        for row, pattern in enumerate(self.patterns):
            for line in lines:
                found = pattern.search(line)
                if found:
                    self.see(row, int(found.group(1)))
                    break

    def see(self, row: int, count: int) -> None:
        current = self.typed[self.matched[row]][1] if self.matched[row] >= 0 else 0
        if count == current:
            return
        later = [i for i in range(self.matched[row] + 1, len(self.typed))
                 if self.typed[i] == (row, count)]
        if later:
            self.matched[row] = later[0]
        else:
            self.unexpected.append(f"row {row} showed {count}, never typed next")

    @property
    def acknowledged(self) -> int:
        return max(self.matched) + 1

    def state_after(self, keys: int) -> dict[int, int]:
        state: dict[int, int] = {}
        for row, digit in self.typed[:keys]:
            state[row] = digit
        return state


@pytest.mark.crash
def test_killed_while_voting_keeps_every_count_the_screen_showed(workshop_session):
    root, slug = workshop_session
    rng = random.Random(f"{SEED}-stemmen")
    stats = {"round_shown": 0, "counts_typed": 0, "counts_shown": 0, "killed_at_start": 0,
             "landed_unshown": 0}
    for trial in range(TRIALS["stemmen"]):
        meeting, rows = new_voting_bijeenkomst(root, slug, trial)
        before = snapshot(on_disk(root, slug))
        watcher = TallyWatcher([candidate_title(c) for c in rows])
        terminal = Terminal(kaart_argv("open", slug), kaart_env(root), observer=watcher)
        at_start = rng.random() < 0.25
        delay = rng.uniform(0.0, 0.15) if at_start else rng.uniform(0.0, 0.3)
        try:
            terminal.wait_for(card_ready, "the card")
            terminal.write(b"V")
            terminal.wait_for(lambda s: "hoe?" in s.text(), "the choice of voting mode")
            terminal.write(b"1")  # 1: telling
            if at_start:
                terminal.pump(delay)
            else:
                terminal.wait_for(lambda s: TALLY_STATUS in s.text(), "the tally table")
                path = [*range(len(rows)), *range(len(rows) - 2, 0, -1)]
                visit = 0
                if rng.random() < 0.8:  # the clock starts once a count is on screen
                    watcher.typed.append((0, 1 + rng.randrange(9)))
                    terminal.write(str(watcher.typed[0][1]).encode() + b"\x1b[B")
                    visit = 1
                    terminal.wait_for(lambda _, seen=watcher: seen.acknowledged >= 1,
                                      "the first count")
                deadline = time.monotonic() + delay
                while (left := deadline - time.monotonic()) > 0:
                    row = path[visit % len(path)]
                    following = path[(visit + 1) % len(path)]
                    current = watcher.state_after(len(watcher.typed)).get(row, 0)
                    digit = rng.choice([d for d in range(1, 10) if d != current])
                    watcher.typed.append((row, digit))
                    arrow = b"\x1b[B" if following > row else b"\x1b[A"
                    terminal.write(str(digit).encode() + arrow)
                    visit += 1
                    terminal.pump(min(left, rng.uniform(0.01, 0.08)))
            terminal.kill()
        finally:
            terminal.close()
        context = where("stemmen", trial, delay)
        assert not watcher.unexpected, f"{watcher.unexpected[:3]} {context}"

        card = on_disk(root, slug)
        voting_round = card.rounds.get((Step.WAARDEN.value, meeting))
        votes = [v for v in card.votes.values() if v.bijeenkomst == meeting]
        if watcher.status_seen:
            assert voting_round is not None, f"the round on screen is not on disk {context}"
        if voting_round is None:
            assert not votes, context
        else:
            assert voting_round.mode is VotingMode.TELLING, context
        targets = {target_of(c): row for row, c in enumerate(rows)}
        assert all(v.participant is None and v.target in targets for v in votes), context
        tallies = {targets[v.target]: v.count for v in votes}
        assert len(tallies) == len(votes), f"two tallies for one candidate {context}"
        possible = range(watcher.acknowledged, len(watcher.typed) + 1)
        assert any(watcher.state_after(k) == tallies for k in possible), (
            f"the tallies on disk {tallies} are not the typed ones after "
            f"{watcher.acknowledged} or more of {len(watcher.typed)} digits "
            f"(shown: {watcher.state_after(watcher.acknowledged)}) {context}")
        new, changed = changed_records(before, card)
        assert not changed, f"records changed or lost {context}: {changed[:5]}"
        assert set(new) <= {"rounds", "votes"}, f"unexpected new records {context}: {list(new)}"

        stats["round_shown"] += watcher.status_seen
        stats["killed_at_start"] += at_start
        stats["counts_typed"] += len(watcher.typed)
        stats["counts_shown"] += watcher.acknowledged
        landed = next(k for k in possible if watcher.state_after(k) == tallies)
        stats["landed_unshown"] += landed - watcher.acknowledged
    summary = f"seed {SEED}, {TRIALS['stemmen']} kills while voting: {stats}"
    print(summary)
    assert stats["round_shown"] >= TRIALS["stemmen"] // 2, summary
    assert stats["counts_shown"] >= TRIALS["stemmen"] // 2, summary


# -- 3. killed while exporting ---------------------------------------------------------------
def check_exports(exports: Path, known: set[Path], context: str) -> set[Path]:
    """Every .docx in exports/ is complete; returns the new ones."""
    current = set(exports.glob("*.docx"))
    for path in sorted(current - known):
        assert_complete_docx(path, context)
    return current - known


@pytest.mark.crash
def test_killed_while_exporting_in_the_app_leaves_no_half_verslag(workshop_session):
    root, slug = workshop_session
    rng = random.Random(f"{SEED}-verslag-app")
    folder = DataFolder(root)
    session = folder.session_path(slug)
    stats = {"written": 0, "told": 0}
    # How long E takes to "Verslag klaar" here and now: the kills are spread around it.
    terminal = Terminal(kaart_argv("open", slug), kaart_env(root))
    try:
        terminal.wait_for(card_ready, "the card")
        start = time.monotonic()
        terminal.write(b"E")
        terminal.wait_for(lambda s: "Verslag klaar" in s.text(), "the verslag", timeout=90)
        duration = time.monotonic() - start
        terminal.kill()
    finally:
        terminal.close()
    known = set(folder.exports_dir.glob("*.docx"))
    stats["written"] = stats["told"] = 1  # the measured run: the export to its end
    fractions = spread(rng, TRIALS["verslag-app"], 0.1, 1.6)
    for trial in range(TRIALS["verslag-app"]):
        original = session.read_bytes()
        terminal = Terminal(kaart_argv("open", slug), kaart_env(root))
        delay = fractions[trial] * duration
        try:
            terminal.wait_for(card_ready, "the card")
            terminal.write(b"E")
            terminal.pump(delay)
            terminal.kill()
        finally:
            terminal.close()
        context = where("verslag-app", trial, delay)
        assert session.read_bytes() == original, f"the session changed {context}"
        on_disk(root, slug)
        new = check_exports(folder.exports_dir, known, context)
        told = "Verslag klaar" in terminal.screen.text()
        if told:
            assert new, f"the app said the verslag was ready, but there is none {context}"
        assert len(new) <= 1, context
        known |= new
        stats["written"] += len(new)
        stats["told"] += told
    summary = (f"seed {SEED}, {TRIALS['verslag-app']} kills while exporting in the app "
               f"(an export took {duration:.2f} s): {stats}")
    print(summary)
    # Some kills came after the verslag was written (the measured run at least), some
    # before.
    assert 0 < stats["written"] <= TRIALS["verslag-app"], summary


def run_killed_after(argv: list[str], env: dict[str, str], delay: float
                     ) -> tuple[int, str, str]:
    """Run a kaart command and kill it after ``delay`` seconds, if it is still running."""
    process = zygote().popen(argv, env)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
    out, err = process.communicate(timeout=60)
    return process.returncode, out.decode(), err.decode()


def moments(rng: random.Random, kills: int) -> list[str]:
    """Where each trial's kill goes (see run_killed): half of them before the write
    begins, half while it is written, and besides them one run in six to the end;
    shuffled."""
    chosen = ["voor", "tijdens"] * (kills // 2) + ["voor"] * (kills % 2) + ["na"] * (kills // 6)
    rng.shuffle(chosen)
    return chosen


def run_killed(argv: list[str], env: dict[str, str], watch: Path, moment: str,
               rng: random.Random, reach: list[float]) -> tuple[int, str, str, float]:
    """Run a kaart command and kill it by what it has done, not by the clock, so that the
    kills land where they are meant to on a fast machine and on a busy one:

    - "voor": before it starts writing, after a share of the shortest time it took so far
      to get there (``reach``, which this run adds to when it gets there);
    - "tijdens": as soon as its temporary file appears in ``watch`` (looked for every half
      millisecond: a write that takes less can end before the kill, or go unseen);
    - "na": not at all.

    A run that ends without its temporary file seen adds its whole length to ``reach``:
    too long, but the shortest of the last five runs counts.
    Returns the exit status, the output, and after how many seconds it was killed."""
    before = temp_files(watch)
    process = zygote().popen(argv, env)
    start = time.monotonic()
    kill_at = start + rng.uniform(0.05, 0.8) * min(reach) if moment == "voor" else None
    killed_after, writing = 0.0, False
    while process.poll() is None:
        now = time.monotonic()
        if not writing and temp_files(watch) - before:
            writing = True
            reach.append(now - start)
            del reach[:-5]  # the machine's speed of the last few runs
            if moment == "tijdens":
                now = kill_at = time.monotonic()
        if kill_at is not None and now >= kill_at:
            process.send_signal(signal.SIGKILL)
            killed_after = now - start
            break
        time.sleep(0.0005)
    else:
        if not writing:
            reach.append(time.monotonic() - start)
            del reach[:-5]
    out, err = process.communicate(timeout=60)
    return process.returncode, out.decode(), err.decode(), killed_after


@pytest.mark.crash
def test_killed_kaart_export_leaves_no_half_verslag(workshop_session):
    root, slug = workshop_session
    rng = random.Random(f"{SEED}-verslag-cli")
    folder = DataFolder(root)
    session = folder.session_path(slug)
    stats = {"finished": 0, "killed": 0, "killed_mid_write": 0}
    known = set(folder.exports_dir.glob("*.docx"))
    reach: list[float] = []
    plan = ["na"] + moments(rng, TRIALS["verslag-cli"])  # the first run shows the way
    for trial, moment in enumerate(plan):
        original = session.read_bytes()
        temps = temp_files(folder.exports_dir)
        code, out, err, killed_after = run_killed(
            kaart_argv("export", slug), kaart_env(root), folder.exports_dir, moment, rng,
            reach)
        context = where(f"verslag-cli ({moment})", trial, killed_after)
        assert session.read_bytes() == original, f"the session changed {context}"
        on_disk(root, slug)
        new = check_exports(folder.exports_dir, known, context)
        if code == 0:
            written = Path(out.strip().removeprefix("Verslag geschreven: "))
            assert new == {written}, f"{out} {context}"
            stats["finished"] += 1
        else:
            assert code == -signal.SIGKILL, f"export failed by itself {context}: {err}"
            assert not new or len(new) == 1, context
            stats["killed"] += 1
            stats["killed_mid_write"] += bool(temp_files(folder.exports_dir) - temps)
        known |= new
    summary = (f"seed {SEED}, {TRIALS['verslag-cli']} kills of kaart export (the temporary "
               f"file appeared after {min(reach) * 1000:.0f} ms at the soonest): {stats}")
    print(summary)
    # What the kills were meant to hit, they hit: before the verslag was begun and while
    # it was written; the runs let be finished.
    assert stats["finished"] >= plan.count("na"), summary
    assert stats["killed"] >= plan.count("voor") + plan.count("tijdens") // 2, summary
    assert stats["killed_mid_write"] >= plan.count("tijdens") // 2, summary


# -- 4. killed while importing ---------------------------------------------------------------
@pytest.mark.crash
def test_killed_kaart_import_leaves_no_session_or_a_whole_one(tmp_path, demo_card):
    rng = random.Random(f"{SEED}-import")
    big = seeded_card(demo_card)
    for i in range(2500):
        big.put(Entry(f"e-groot-{i}", list(Step)[i % 5], f"meegebrachte bijdrage {i} " * 3,
                      "b2", None))
    bundle = tmp_path / "big-bundle.json"
    bundle.write_text(bundle_text(big), encoding="utf-8")
    expected = card_to_data(read_bundle(bundle))
    root = tmp_path / "data"
    folder = DataFolder(root).ensure()
    stats = {"finished": 0, "killed_without_session": 0, "killed_with_session": 0,
             "killed_mid_write": 0}
    reach: list[float] = []
    plan = ["na"] + moments(rng, TRIALS["import"])  # the first run shows the way
    for trial, moment in enumerate(plan):
        existing = set(folder.sessions_dir.glob("*.json"))
        temps = temp_files(folder.sessions_dir)
        code, out, err, killed_after = run_killed(
            kaart_argv("import", str(bundle)), kaart_env(root), folder.sessions_dir, moment,
            rng, reach)
        context = where(f"import ({moment})", trial, killed_after)
        new = set(folder.sessions_dir.glob("*.json")) - existing
        assert len(new) <= 1, f"{new} {context}"
        for path in new:  # a session that is there is whole, loadable and unlocked
            card = on_disk(root, path.stem)
            assert card_to_data(card) == expected, f"{path} differs from the bundle {context}"
        if code == 0:
            assert len(new) == 1 and "geïmporteerd" in out, f"{out} {context}"
            stats["finished"] += 1
        else:
            assert code == -signal.SIGKILL, f"import failed by itself {context}: {err}"
            stats["killed_with_session" if new else "killed_without_session"] += 1
            stats["killed_mid_write"] += bool(temp_files(folder.sessions_dir) - temps)
    # Every session in the folder can be listed: none is half-written.
    assert all(s.problem is None for s in folder.list_sessions())
    summary = (f"seed {SEED}, {TRIALS['import']} kills of kaart import (the temporary file "
               f"appeared after {min(reach) * 1000:.0f} ms at the soonest): {stats}")
    print(summary)
    assert stats["finished"] >= plan.count("na"), summary
    assert stats["killed_without_session"] >= plan.count("voor") // 2, summary
    assert stats["killed_mid_write"] >= plan.count("tijdens") // 2, summary


# -- 5. damaged and unreadable session files -------------------------------------------------
def _garbage(data: bytes) -> bytes:
    return b"\x00\x01\xffPK\x03\x04 dit is geen sessie \xfe" + data[:40]


def _truncated(data: bytes) -> bytes:
    return data[: len(data) * 2 // 3]


def _empty(data: bytes) -> bytes:
    return b""


DAMAGE = {"beschadigd": _garbage, "afgebroken": _truncated, "leeg": _empty}


def session_with_backup(root: Path, title: str | None = None) -> tuple[str, Card]:
    """A session saved twice, so that a backup (the previous state) exists; returns the
    slug and that previous state."""
    card = read_bundle(DEMO_BUNDLE)
    if title:
        card.session = dataclasses.replace(card.session, title=title)
    store = DataFolder(root).ensure().create(card)
    previous = store.load()
    write(store, put=[Entry("e-laatste", Step.WAARDEN, "de laatste bijdrage", "b2")])
    store.close()
    return store.name, previous


def backup_state(root: Path, slug: str) -> Card:
    from kaart_tui.store.tables import read_session_file

    return read_session_file(DataFolder(root).backup_path(slug), None)[0]


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_kaart_open_of_a_damaged_session_is_one_dutch_line_and_touches_nothing(tmp_path, kind):
    root = tmp_path / "data"
    slug, previous = session_with_backup(root)
    path = DataFolder(root).session_path(slug)
    damaged = DAMAGE[kind](path.read_bytes())
    path.write_bytes(damaged)

    result = subprocess.run(kaart_argv("open", slug), capture_output=True, text=True,
                            env=kaart_env(root), stdin=subprocess.DEVNULL, timeout=60)

    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kaart: "), result.stderr
    assert "beschadigd" in lines[0] and str(path) in lines[0], lines[0]
    assert f"kaart herstel {slug}" in lines[0], lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert path.read_bytes() == damaged
    # The previous state is still there to restore.
    assert card_to_data(backup_state(root, slug)) == card_to_data(previous)



def test_the_picker_names_each_damaged_or_unreadable_session_and_touches_none(
        tmp_path, monkeypatch):
    root = tmp_path / "data"
    folder = DataFolder(root)
    files: dict[str, tuple[Path, bytes]] = {}
    for kind, damage in DAMAGE.items():
        slug, _ = session_with_backup(root, f"Sessie {kind}")
        path = folder.session_path(slug)
        path.write_bytes(damage(path.read_bytes()))
        files[slug] = (path, path.read_bytes())
    slug, _ = session_with_backup(root, "Sessie zonder leesrechten")
    unreadable = folder.session_path(slug)
    files[slug] = (unreadable, unreadable.read_bytes())
    real_open = Path.open

    def refusing_open(self: Path, *args, **kwargs):  # chmod 000 does not stop root
        if self == unreadable:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing_open)

    async def inner():
        app = KaartApp(DataFolder(root))
        async with app.run_test(size=(COLS, ROWS)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen)
            listed = app.screen.listings
            assert set(listed) == set(files)
            for _ in files:
                await pilot.press("enter")
                await pilot.pause()
                await pilot.press("down")
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen) and app.workshop is None
            shown = messages(app)
            await pilot.press("q")
        for slug, (path, _) in files.items():
            expected = "geen leesrechten" if path == unreadable else "beschadigd"
            told = [m for m in shown if str(path) in m]
            assert told and expected in told[0], (slug, shown)

    run(inner())
    monkeypatch.undo()
    for path, content in files.values():
        assert path.read_bytes() == content


# -- 6. saving fails while the app runs: full disk, no write permission, folder gone ---------
def pilot_session(tmp_path: Path) -> tuple[DataFolder, str, KaartApp]:
    """The demo session on disk, opened in the app as `kaart open SESSIE` does."""
    folder = DataFolder(tmp_path / "data").ensure()
    store = folder.create(read_bundle(DEMO_BUNDLE))
    return folder, store.path.stem, KaartApp(folder, Workshop(store,
                                                              templates_dir=folder.templates_dir))


def column_texts(screen: CardScreen, step: Step = Step.WAARDEN) -> list[str]:
    items = screen.column(step).items
    return [plain(items.get_option_at_index(i).prompt) for i in range(items.option_count)]


async def type_entry(pilot, text: str) -> None:
    await pilot.press("a", *text, "enter")
    await pilot.pause()


def disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def refuse_replace_of(path: Path) -> Callable:
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst) == path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dst))
        return real_replace(src, dst, *args, **kwargs)

    return replace


def start_fault(fault: str, folder: DataFolder, path: Path,
                patch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Make saving fail; returns what ends the fault (space freed, folder back)."""
    if fault == "schijf-vol":
        patch.setattr(atomic.os, "fsync", disk_full)
    elif fault == "geen-schrijfrechten":  # chmod does not stop root: refuse the swap here
        patch.setattr(atomic.os, "replace", refuse_replace_of(path))
    else:  # a synced folder moved away, a USB stick pulled
        moved = folder.root / "sessions-elders"
        folder.sessions_dir.rename(moved)
        return lambda: moved.rename(folder.sessions_dir)
    return patch.undo


REASONS = {"schijf-vol": "de schijf is vol", "geen-schrijfrechten": "geen schrijfrechten",
           "map-weg": "de map bestaat niet (meer)"}


@pytest.mark.parametrize("fault", list(REASONS))
def test_a_failed_save_is_told_keeps_the_text_and_the_next_save_works(tmp_path, fault):
    """Typing an entry while the disk is full, the folder is not writable or has gone: the
    app says so in Dutch, the entry is not shown as added, the typed text stays in the
    field, the file on disk is the previous state; once the fault is gone, Enter saves."""
    reason = REASONS[fault]
    folder, slug, app = pilot_session(tmp_path)
    path = folder.session_path(slug)

    async def inner():
        async with app.run_test(size=(COLS, ROWS)) as pilot:
            await pilot.pause()
            screen = app.screen
            await type_entry(pilot, "voordefout")
            before_card = card_to_data(app.workshop.card)
            before_bytes = path.read_bytes()
            before_column = column_texts(screen)
            with pytest.MonkeyPatch.context() as patch:
                end_fault = start_fault(fault, folder, path, patch)
                await pilot.press(*"tijdensdefout", "enter")
                await pilot.pause()
                told = [m for m in messages(app) if "Opslaan is mislukt" in m]
                end_fault()
            assert told and reason in told[0] and str(path) in told[0], messages(app)
            assert "niet bewaard" in told[0]
            assert card_to_data(app.workshop.card) == before_card
            assert column_texts(screen) == before_column
            assert not any("tijdensdefout" in t for t in column_texts(screen))
            field = screen.column(Step.WAARDEN).add_input
            assert field.value == "tijdensdefout" and app.focused is field
            assert path.read_bytes() == before_bytes
            assert not temp_files(folder.sessions_dir)
            await pilot.press("enter")  # the fault is gone: the same text is saved now
            await pilot.pause()
            assert field.value == ""
            assert any("tijdensdefout" in t for t in column_texts(screen))
            await pilot.press(*"nadefout", "enter")  # and the next one, as usual
            await pilot.pause()
            assert any("nadefout" in t for t in column_texts(screen))
            await pilot.press("escape", "q")
        card = on_disk(folder.root, slug)
        texts = [e.text for e in card.entries.values()]
        assert texts[-3:] == ["voordefout", "tijdensdefout", "nadefout"]
        assert texts.count("tijdensdefout") == 1

    run(inner())


def test_a_full_disk_during_export_is_told_and_leaves_no_verslag(tmp_path, monkeypatch):
    folder, slug, app = pilot_session(tmp_path)
    path = folder.session_path(slug)
    original = path.read_bytes()

    async def inner():
        async with app.run_test(size=(COLS, ROWS)) as pilot:
            await pilot.pause()
            monkeypatch.setattr(atomic.os, "fsync", disk_full)
            await pilot.press("E")
            for _ in range(200):  # the verslag is made in a worker thread
                await pilot.pause(0.05)
                if any("verslag" in m.lower() for m in messages(app)):
                    break
            monkeypatch.undo()
            told = [m for m in messages(app) if "verslag" in m.lower()]
            assert told and "schijf is vol" in told[0] and "niet veranderd" in told[0], \
                messages(app)
            await pilot.press("q")

    run(inner())
    assert list(folder.exports_dir.iterdir()) == []
    assert path.read_bytes() == original


def test_a_read_only_session_file_is_not_replaced_and_the_typing_is_kept(tmp_path):
    """chmod 444 on the session file while it is open (issue 20: os.replace used to
    overwrite it without a word): the save is refused with 'alleen-lezen', the typed text
    stays in the field, and the file is as it was."""
    folder, slug, app = pilot_session(tmp_path)
    path = folder.session_path(slug)
    path.chmod(0o444)
    before = path.read_bytes()

    async def inner():
        async with app.run_test(size=(COLS, ROWS)) as pilot:
            await pilot.pause()
            await type_entry(pilot, "alleenlezen")
            assert any("alleen-lezen" in m for m in messages(app, "error")), messages(app)
            assert not any("alleenlezen" in t for t in column_texts(app.screen))
            assert app.screen.column(app.screen.active).add_input.value == "alleenlezen"
            await pilot.press("escape", "q")

    run(inner())
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert path.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root, which may write in a folder "
                    "without write permission; the refusal is simulated in "
                    "test_a_failed_save_is_told_keeps_the_text_and_the_next_save_works"
                    "[geen-schrijfrechten]")
def test_a_sessions_folder_without_write_permission_is_told(tmp_path):
    folder, slug, app = pilot_session(tmp_path)
    path = folder.session_path(slug)
    before = path.read_bytes()

    async def inner():
        async with app.run_test(size=(COLS, ROWS)) as pilot:
            await pilot.pause()
            folder.sessions_dir.chmod(0o555)
            try:
                await type_entry(pilot, "geenrechten")
            finally:
                folder.sessions_dir.chmod(0o755)
            assert any("geen schrijfrechten" in m for m in messages(app)), messages(app)
            assert not any("geenrechten" in t for t in column_texts(app.screen))
            await pilot.press("escape", "q")

    run(inner())
    assert path.read_bytes() == before


def quit_from_the_add_field(terminal: "Terminal") -> None:
    """Esc leaves the add field, q quits: kaart ends normally (and releases its lock)."""
    # The footer of the field first: keys sent at once may be drawn before the footer
    # shows the field, and a footer still offering "Toevoegen" would let q go before Esc
    # was handled (q then lands in the field, as a letter).
    terminal.wait_for(input_focused, "the add field's footer")
    terminal.write(b"\x1b")
    terminal.wait_for(card_ready, "the card after Esc")
    terminal.write(b"q")
    assert terminal.wait_exit() == 0


# -- 7. two windows on one session -----------------------------------------------------------
def test_a_second_kaart_open_is_refused_and_the_first_keeps_working(tmp_path):
    root = tmp_path / "data"
    store = DataFolder(root).ensure().create(read_bundle(DEMO_BUNDLE))
    slug, path = store.path.stem, store.path
    store.close()
    first = Terminal(kaart_argv("open", slug), kaart_env(root))
    try:
        first.wait_for(card_ready, "the card of the first window")
        before = path.read_bytes()
        second = subprocess.run(kaart_argv("open", slug), capture_output=True, text=True,
                                env=kaart_env(root), stdin=subprocess.DEVNULL, timeout=60)
        assert second.returncode == 1, second
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("kaart: "), second.stderr
        assert "al geopend" in lines[0] and str(path) in lines[0], lines[0]
        assert "Traceback" not in second.stderr
        assert path.read_bytes() == before

        first.write(b"a")
        first.wait_for(input_focused, "the add field")
        first.write(b"k999n0001z\r")
        first.wait_for(lambda s: "k999n0001z" in "".join(s.lines()[:-3]),
                       "the entry on the card of the first window")
        quit_from_the_add_field(first)
    finally:
        first.close()
    assert "k999n0001z" in [e.text for e in on_disk(root, slug).entries.values()]


# -- 8. keys pressed the moment the card appears ---------------------------------------------
def test_a_key_pressed_as_the_card_first_shows_works_in_waarden(tmp_path):
    """A facilitator who presses `a` and types as soon as the card is drawn adds to step 1
    (Waarden), where the card starts: the Acties list held the focus until just after the
    first frame, and the entry landed there."""
    root = tmp_path / "data"
    store = DataFolder(root).ensure().create(read_bundle(DEMO_BUNDLE))
    slug = store.path.stem
    store.close()
    terminal = Terminal(kaart_argv("open", slug), kaart_env(root))
    try:
        # The first frame: a Waarden theme on screen, the footer perhaps not yet filled.
        terminal.wait_for(lambda s: "1 Waarden" in s.text(), "the first frame")
        terminal.write(b"ak777n0001z\r")
        terminal.wait_for(lambda s: "k777n0001z" in "".join(s.lines()[:-3]),
                          "the entry on the card")
        quit_from_the_add_field(terminal)
    finally:
        terminal.close()
    [entry] = [e for e in on_disk(root, slug).entries.values() if e.text == "k777n0001z"]
    assert entry.step is Step.WAARDEN

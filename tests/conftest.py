"""Shared fixtures: the demo card and an empty data folder per test."""

from __future__ import annotations

import compileall
import gc
import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

import kaart_tui.app  # noqa: F401  (imported here, before the freeze below)
import kaart_tui.cli  # noqa: F401
from kaart_tui.bundle import read_bundle
from kaart_tui.domain.model import Card
from kaart_tui.store import DataFolder
from tests import idle, scheduling

# Python's compiled files are kept, whatever PYTHONDONTWRITEBYTECODE says (it is set on
# the machines this suite runs on): without them each worker compiled every test module
# and pytest rewrote its asserts anew, half of the 5.5 s a collection took, and every
# kaart the tests start compiled kaart_tui again.
sys.dont_write_bytecode = False

# As kaart does where it starts (responsiveness.tune_collector, less the rare full
# collections): what the imports made lives as long as the test process, so the
# collector stops walking it. The UI tests spent 27% of their time in the collector
# (16 of 60 s in test_ui_card, test_ui_voting and test_ui_attendance; 163 full
# collections of an ever larger heap); frozen, 9 s.
gc.freeze()

ROOT = Path(__file__).resolve().parent.parent
DEMO_BUNDLE = ROOT / "kaart_tui" / "data" / "demo_bundle.json"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Textual's pilot waits after every key until the process is idle, in slices of 1/50 s: two
# slices per key, 40 ms of sleep for a key the app handles in a few. Slices of 1 ms, with
# a measure of "idle" that holds on a slow VM and on a busy machine (tests/idle.py), keep
# the same test: the pilot still waits for every widget's queue to be empty after it.
# 1 ms slices took test_ui_typing and test_ui_card from 67 to 52 s. Pinned with textual
# in constraints.txt.
idle.install()

# A text cursor blinks every 0.5 s: a snapshot of a dialog with its field taken on a busy
# machine caught it off, and no longer matched the one taken with it on (seen with the
# quorum prompt). In the tests the cursor stays on; nothing here is about blinking.
from textual.widgets import Input, TextArea  # noqa: E402

Input._toggle_cursor = lambda self: None
TextArea._toggle_cursor_blink_visible = lambda self: None

# Property tests draw the same examples on every run, so that the suite passes or fails
# on the code, not on the draw (CI lands nothing on a failure). To explore new examples:
# KAART_HYPOTHESIS_RANDOM=1 python -m pytest ...
settings.register_profile("vast", derandomize=True)
settings.register_profile("zoeken", derandomize=False)
settings.load_profile("zoeken" if os.environ.get("KAART_HYPOTHESIS_RANDOM") else "vast")

# The crash tests drive kaart in a pseudo-terminal and kill it with SIGKILL: POSIX only.
# On a Windows laptop the rest of the suite runs; CI (Linux) runs these too.
collect_ignore = ["test_faults_app.py", "test_store_crash.py", "test_herstel_crash.py"] \
    if sys.platform == "win32" else []


@pytest.fixture
def demo_card() -> Card:
    return read_bundle(DEMO_BUNDLE)


@pytest.fixture
def data_folder(tmp_path: Path) -> DataFolder:
    return DataFolder(tmp_path / "data").ensure()


@pytest.fixture(autouse=True)
def keys_at_machine_speed(monkeypatch):
    """Pilot tests press keys faster than any person; the real app would take a run of
    them as typing (keyboard.py). They run without that wait, except the tests of the
    typing guard itself, which give the app its real gap."""
    from kaart_tui.app import KaartApp

    monkeypatch.setattr(KaartApp, "TYPING_GAP", 0)


def pytest_configure(config):
    """kaart_tui compiled once, before the workers (-n) and the kaart processes the tests
    start, instead of once in each."""
    if not hasattr(config, "workerinput"):
        compileall.compile_dir(ROOT / "kaart_tui", quiet=1)


def pytest_collection_modifyitems(config, items):
    """The long tests (the 200 kills, the fresh install, the real terminal) first, each
    worker (-n) its share of them (tests/scheduling.py)."""
    def long(item) -> bool:
        return item.get_closest_marker("crash") is not None or \
            item.get_closest_marker("slow") is not None or \
            item.module.__name__.endswith("test_newcomer")

    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    items[:] = scheduling.spread_long(items, long, workers)


def pytest_xdist_make_scheduler(config, log):
    """Work stealing (tests/scheduling.py), unless a --dist other than -n's own was asked."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import WorkStealingScheduling

    return WorkStealingScheduling(config, log)


def pytest_xdist_auto_num_workers(config):
    """`-n auto` (the README's command): one worker more than the machine has cores.

    Part of the time a worker waits rather than computes (on a killed kaart in its pty,
    the fresh install, the real terminal, the pilot's idle slices), so two workers on
    this 2-core machine left the cores 18 % idle. More than three did not pay: in a fresh
    clone, within the same hour, four workers took 3:36 with 397 s of CPU, three 3:14
    with 350 s; a worker that waits for a core computes more."""
    return (os.cpu_count() or 1) + 1

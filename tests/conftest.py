"""Shared fixtures: the demo card and an empty data folder per test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kaart_tui.bundle import read_bundle
from kaart_tui.domain.model import Card
from kaart_tui.store import DataFolder

ROOT = Path(__file__).resolve().parent.parent
DEMO_BUNDLE = ROOT / "kaart_tui" / "data" / "demo_bundle.json"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The crash tests drive kaart in a pseudo-terminal and kill it with SIGKILL: POSIX only.
# On a Windows laptop the rest of the suite runs; CI (Linux) runs these too.
collect_ignore = ["test_faults_app.py", "test_store_crash.py"] if sys.platform == "win32" \
    else []


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


def pytest_collection_modifyitems(config, items):
    """The long tests first (the 200 kills, the fresh install, the real terminal): spread
    over the workers (-n), the short ones then fill in around them instead of the long
    ones running alone at the end."""
    def long(item) -> bool:
        return item.get_closest_marker("crash") is not None or \
            item.get_closest_marker("slow") is not None or \
            item.module.__name__.endswith("test_newcomer")

    items.sort(key=lambda item: not long(item))

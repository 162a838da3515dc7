"""Shared fixtures: the demo card and an empty data folder per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaart_tui.bundle import read_bundle
from kaart_tui.domain.model import Card
from kaart_tui.store import DataFolder

ROOT = Path(__file__).resolve().parent.parent
DEMO_BUNDLE = ROOT / "kaart_tui" / "data" / "demo_bundle.json"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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

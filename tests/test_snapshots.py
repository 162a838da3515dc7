"""SVG snapshots of the main screens, one per state, on the demo session.

Made with the versions in constraints.txt; after a deliberate upgrade, re-record with
`python -m pytest tests/test_snapshots.py --snapshot-update` in the same commit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kaart_tui.app import KaartApp
from kaart_tui.store import DataFolder


def demo_app(tmp_path: Path) -> KaartApp:
    # An empty data folder: the app opens the built-in demo session by itself.
    return KaartApp(DataFolder(tmp_path).ensure())


class TestCard:
    @pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
    def test_demo_card(self, snap_compare, tmp_path, size):
        assert snap_compare(demo_app(tmp_path), terminal_size=size)

    def test_guiding_questions_and_reading_order(self, snap_compare, tmp_path):
        assert snap_compare(demo_app(tmp_path), press=["v", "o"], terminal_size=(160, 50))

    def test_adding_an_entry_for_an_unknown_participant_is_refused(self, snap_compare,
                                                                   tmp_path):
        keys = ["a", *"@niemand Meer tijd", "enter"]
        assert snap_compare(demo_app(tmp_path), press=keys, terminal_size=(120, 30))


class TestPresentation:
    @pytest.mark.parametrize("size", [(80, 24), (250, 60)], ids=["80x24", "250x60"])
    def test_one_step(self, snap_compare, tmp_path, size):
        assert snap_compare(demo_app(tmp_path), press=["left", "left", "f5"],
                            terminal_size=size)

    def test_whole_card(self, snap_compare, tmp_path):
        assert snap_compare(demo_app(tmp_path), press=["f5", "k"], terminal_size=(250, 60))

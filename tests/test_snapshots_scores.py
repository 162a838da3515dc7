"""SVG snapshot of the score round on the demo: g on the card, r in the attendance grid
(issue 14 "Snapshots"). Re-record with `python -m pytest tests/test_snapshots_scores.py
--snapshot-update`.
"""

from __future__ import annotations

from kaart_tui.app import KaartApp
from kaart_tui.store import DataFolder


class TestScoreRound:
    def test_demo_score_round(self, snap_compare, tmp_path):
        # Bijeenkomst 2 of the demo: scores typed for who is present, the average above.
        app = KaartApp(DataFolder(tmp_path / "data").ensure())
        assert snap_compare(app, press=["g", "r"], terminal_size=(100, 24))

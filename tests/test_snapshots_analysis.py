"""SVG snapshot of the analysis: two cards side by side, a shared label in both tops (issue
14 "Snapshots"). Re-record with `python -m pytest tests/test_snapshots_analysis.py
--snapshot-update`.
"""

from __future__ import annotations

from kaart_tui.app import KaartApp
from kaart_tui.screens.analysis import AnalysisScreen
from kaart_tui.workshop import Workshop
from tests.test_ui_analysis import label_first_theme, two_demo_sessions


class TestAnalysis:
    def test_two_cards_side_by_side(self, snap_compare, tmp_path):
        folder, slugs = two_demo_sessions(tmp_path / "data")
        for slug in slugs:
            label_first_theme(folder, slug, ["j"])  # the suggested label, on both cards
        app = KaartApp(folder, Workshop(folder.open(slugs[0])))

        async def analysis(pilot) -> None:
            await pilot.pause()
            # What the palette's "Analyse" gives after choosing both sessions, in this order.
            pilot.app.push_screen(AnalysisScreen(folder, slugs))
            await pilot.pause()
            assert isinstance(pilot.app.screen, AnalysisScreen)

        assert snap_compare(app, run_before=analysis, terminal_size=(140, 50))

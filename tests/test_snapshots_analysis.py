"""SVG snapshot of the analysis: two teams' cards side by side, a shared label on both
(issue 14 "Snapshots"). Re-record with `python -m pytest tests/test_snapshots_analysis.py
--snapshot-update`.

Two teams of their own names: with two sessions of one team the headings show a defect of
teams._team_names (only the first gets its title), which is no state to record here.
"""

from __future__ import annotations

import dataclasses

from kaart_tui.app import KaartApp
from kaart_tui.demo import demo_card
from kaart_tui.domain.labels import add_label
from kaart_tui.screens.analysis import AnalysisScreen
from kaart_tui.store import DataFolder
from kaart_tui.workshop import Workshop
from tests.test_ui_analysis import label_first_theme


class TestAnalysis:
    def test_two_teams_side_by_side(self, snap_compare, tmp_path):
        folder = DataFolder(tmp_path / "data").ensure()
        slugs = []
        for title, team in [("Partnerschapskaart Vlinderbuurt", "Team Vlinderbuurt"),
                            ("Partnerschapskaart Kamperpoort", "Team Kamperpoort")]:
            card = demo_card()
            card.session = dataclasses.replace(card.session, title=title, team=team)
            with folder.create(card) as store:
                slugs.append(store.path.stem)
        folder.labels.update(lambda v: add_label(v, "veiligheid en vertrouwen")[0])
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

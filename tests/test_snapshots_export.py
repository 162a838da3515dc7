"""SVG snapshot of the card while the verslag is being made: the progress bar frozen half
way, set through the widget's own progress update instead of racing a real export (issue 14
"Snapshots"). Re-record with `python -m pytest tests/test_snapshots_export.py
--snapshot-update`.
"""

from __future__ import annotations

from kaart_tui.app import KaartApp
from kaart_tui.screens.card import CardScreen
from kaart_tui.store import DataFolder
from kaart_tui.widgets.export_progress import ExportProgress
from kaart_tui.widgets.footer import QuietFooter


class TestExportProgress:
    def test_verslag_half_way(self, snap_compare, tmp_path):
        async def half_way(pilot) -> None:
            await pilot.pause()
            card = pilot.app.screen
            assert isinstance(card, CardScreen)
            # Mounted where E mounts it; the label as the verslag reports its 4th of 13 parts.
            progress = ExportProgress()
            await card.mount(progress, before=card.query_one(QuietFooter))
            progress.display = True  # as start() shows it, without starting the worker
            progress._progress(4 / 13, "Stap 2")
            await pilot.pause()

        app = KaartApp(DataFolder(tmp_path / "data").ensure())
        assert snap_compare(app, run_before=half_way, terminal_size=(120, 30))

"""SVG snapshot of the label dialog with a suggestion waiting for j or n (issue 14
"Snapshots"). Re-record with `python -m pytest tests/test_snapshots_labels.py
--snapshot-update`.
"""

from __future__ import annotations

from kaart_tui.app import KaartApp
from kaart_tui.demo import create_demo
from kaart_tui.domain.labels import add_label
from kaart_tui.screens.labels import LabelDialog
from kaart_tui.store import DataFolder
from kaart_tui.workshop import Workshop


class TestLabelDialog:
    def test_a_suggestion_from_the_shared_vocabulary(self, snap_compare, tmp_path):
        folder = DataFolder(tmp_path / "data").ensure()
        with create_demo(folder) as store:
            slug = store.path.stem
        # The first theme of Waarden is about trust: this label is suggested for it.
        folder.labels.update(lambda v: add_label(v, "veiligheid en vertrouwen")[0])
        app = KaartApp(folder, Workshop(folder.open(slug)))

        async def labels(pilot) -> None:
            await pilot.pause()
            await pilot.press("L")
            await pilot.pause()
            assert isinstance(pilot.app.screen, LabelDialog)
            assert pilot.app.screen.suggestions

        assert snap_compare(app, run_before=labels, terminal_size=(120, 34))

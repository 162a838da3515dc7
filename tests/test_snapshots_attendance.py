"""SVG snapshot of the attendance grid (issue 4) on the demo session.

Made with the versions in constraints.txt; after a deliberate upgrade, re-record with
`python -m pytest tests/test_snapshots_attendance.py --snapshot-update` in the same commit.
"""

from __future__ import annotations

from kaart_tui.app import KaartApp
from kaart_tui.store import DataFolder


class TestAttendanceGrid:
    def test_demo_grid(self, snap_compare, tmp_path):
        # An empty data folder opens the demo session; g opens the grid on bijeenkomst 2.
        app = KaartApp(DataFolder(tmp_path).ensure())
        assert snap_compare(app, press=["g"], terminal_size=(110, 32))

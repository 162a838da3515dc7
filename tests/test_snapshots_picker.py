"""SVG snapshot of the session picker, with a frozen clock: each session file gets a fixed
modification time (os.utime), and the data folder is a relative path so that the folder
shown is the same on every machine (issue 14 "Snapshots"). Re-record with
`python -m pytest tests/test_snapshots_picker.py --snapshot-update`.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from kaart_tui.app import KaartApp
from kaart_tui.demo import create_demo
from kaart_tui.domain.model import Bijeenkomst, Card, SessionInfo
from kaart_tui.screens.picker import PickerScreen
from kaart_tui.store import DataFolder


def fixed_mtime(path: Path, when: datetime) -> None:
    # A naive datetime is local time, as the picker shows it: the same text in every zone.
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))


class TestPicker:
    def test_three_sessions_one_unreadable(self, snap_compare, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        folder = DataFolder(Path("data")).ensure()
        with create_demo(folder) as store:
            demo = store.path
        card = Card(SessionInfo.create("Partnerschapskaart Kamperpoort", "Team Kamperpoort"))
        card.put(Bijeenkomst("b-1", 1, date(2026, 3, 2), "Stadhuis"))
        with folder.create(card) as store:
            kamperpoort = store.path
        broken = folder.sessions_dir / "rupsstraat.json"
        broken.write_text('{"session": {"_default": {"1": ', encoding="utf-8")
        fixed_mtime(demo, datetime(2026, 11, 3, 21, 15))
        fixed_mtime(kamperpoort, datetime(2026, 3, 2, 16, 40))
        fixed_mtime(broken, datetime(2026, 1, 12, 9, 5))
        app = KaartApp(folder)

        async def picker(pilot) -> None:
            await pilot.pause()
            assert isinstance(pilot.app.screen, PickerScreen)

        assert snap_compare(app, run_before=picker, terminal_size=(100, 24))

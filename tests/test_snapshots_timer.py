"""SVG snapshot of the presentation of one step with its timer running, on a frozen clock:
the screens read time.monotonic through their module's ``time``, replaced here by a clock
the test sets (issue 14 "Snapshots", issue 17). Re-record with
`python -m pytest tests/test_snapshots_timer.py --snapshot-update`.
"""

from __future__ import annotations

from types import SimpleNamespace

from kaart_tui.app import KaartApp
from kaart_tui.screens import card_meetings, presentation
from kaart_tui.screens.presentation import PresentationScreen
from kaart_tui.store import DataFolder


class TestPresentationTimer:
    def test_one_step_with_its_timer_running(self, snap_compare, tmp_path, monkeypatch):
        clock = SimpleNamespace(now=1000.0)
        frozen = SimpleNamespace(monotonic=lambda: clock.now)
        monkeypatch.setattr(card_meetings, "time", frozen)
        monkeypatch.setattr(presentation, "time", frozen)

        async def running(pilot) -> None:
            await pilot.pause()
            await pilot.press("left", "left", "s")  # step 3, timer started (10 minutes)
            clock.now += 163  # 2:43 later: 7:17 left, still running
            await pilot.press("f5")
            await pilot.pause()
            assert isinstance(pilot.app.screen, PresentationScreen)

        app = KaartApp(DataFolder(tmp_path / "data").ensure())
        assert snap_compare(app, run_before=running, terminal_size=(120, 34))

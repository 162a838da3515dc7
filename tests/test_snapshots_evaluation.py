"""SVG snapshot of an evaluation bijeenkomst on the demo card: per step the evaluation's
question and, under "Toen gekozen", the earlier top (issue 14 "Snapshots"). The form gets a
fixed date, not "vandaag", so the header is the same on any day. Re-record with
`python -m pytest tests/test_snapshots_evaluation.py --snapshot-update`.
"""

from __future__ import annotations

from textual.widgets import Input

from kaart_tui.app import KaartApp
from kaart_tui.screens.actions import ActionsScreen
from kaart_tui.screens.card import CardScreen
from kaart_tui.screens.forms import FormDialog
from kaart_tui.store import DataFolder


class TestEvaluationBijeenkomst:
    def test_evaluation_on_the_demo(self, snap_compare, tmp_path):
        async def evaluation(pilot) -> None:
            await pilot.pause()
            card = pilot.app.screen
            assert isinstance(card, CardScreen)
            card.action_start_evaluation()  # the palette's "Evaluatiebijeenkomst starten"
            await pilot.pause()
            form = pilot.app.screen
            assert isinstance(form, FormDialog)
            form.query_one("#field-day", Input).value = "1-12-2026"
            form.query_one("#field-location", Input).value = "Wijkcentrum De Kapel"
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
            # The demo has open actions: the review comes first; Esc goes to the card.
            assert isinstance(pilot.app.screen, ActionsScreen) and pilot.app.screen.review
            await pilot.press("escape")
            await pilot.pause()
            assert pilot.app.screen is card
            pilot.app.clear_notifications()  # "... toegevoegd en gekozen" times out anyway
            await pilot.pause()

        app = KaartApp(DataFolder(tmp_path / "data").ensure())
        assert snap_compare(app, run_before=evaluation, terminal_size=(160, 40))

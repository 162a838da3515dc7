"""SVG snapshots of the dialogs that refuse what was typed, each with the refusal shown and
the typed text kept (issue 14 "Snapshots"). The action form's refusal is in
test_snapshots_actions.py.

Values are put in the fields directly (typing is covered by the pilot tests); the refusal
comes from the key a facilitator presses to confirm. Made with the versions in
constraints.txt; re-record with `python -m pytest tests/test_snapshots_dialogs.py
--snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from kaart_tui.app import KaartApp
from kaart_tui.screens.card import CardScreen
from kaart_tui.screens.dialogs import TextPrompt
from kaart_tui.screens.forms import FormDialog
from kaart_tui.screens.voting_setup import RoundSetupDialog
from kaart_tui.store import DataFolder
from tests.test_snapshots_voting import tally_app

SIZE = (110, 30)


def demo_app(tmp_path: Path) -> KaartApp:
    # An empty data folder: the app opens the built-in demo session by itself.
    return KaartApp(DataFolder(tmp_path / "data").ensure())


def refused_prompt(open_prompt, typed: str):
    """A run_before: on the card, open a TextPrompt, put ``typed`` in it, press Enter."""
    async def run_before(pilot) -> None:
        await pilot.pause()
        assert isinstance(pilot.app.screen, CardScreen)
        open_prompt(pilot.app)
        await pilot.pause()
        assert isinstance(pilot.app.screen, TextPrompt)
        pilot.app.screen.query_one("#prompt-input", Input).value = typed
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, TextPrompt)  # refused: the prompt stays

    return run_before


class TestPrompts:
    def test_quorum_of_150_percent(self, snap_compare, tmp_path):
        # The palette's "Quorum instellen".
        run_before = refused_prompt(lambda app: app._ask_quorum(), "150")
        assert snap_compare(demo_app(tmp_path), run_before=run_before, terminal_size=SIZE)

    def test_timer_minutes_that_are_no_number(self, snap_compare, tmp_path):
        # The palette's "Timer: duur instellen".
        run_before = refused_prompt(lambda app: app._ask_timer_minutes(), "abc")
        assert snap_compare(demo_app(tmp_path), run_before=run_before, terminal_size=SIZE)


class TestForms:
    def test_evaluation_dated_before_what_it_looks_back_on(self, snap_compare, tmp_path):
        async def run_before(pilot) -> None:
            await pilot.pause()
            pilot.app.screen.action_start_evaluation()  # "Evaluatiebijeenkomst starten"
            await pilot.pause()
            form = pilot.app.screen
            assert isinstance(form, FormDialog)
            # A fixed date, not "vandaag": the snapshot is the same on any day.
            form.query_one("#field-day", Input).value = "1-3-2026"
            form.query_one("#field-location", Input).value = "Wijkcentrum"
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(pilot.app.screen, FormDialog)  # refused: the form stays

        assert snap_compare(demo_app(tmp_path), run_before=run_before, terminal_size=SIZE)

    def test_round_set_up_with_a_budget_that_is_no_number(self, snap_compare, tmp_path):
        async def run_before(pilot) -> None:
            await pilot.pause()
            await pilot.press("V", "2")  # a dot round: budget and maximum
            await pilot.pause()
            dialog = pilot.app.screen
            assert isinstance(dialog, RoundSetupDialog)
            dialog.query_one("#budget", Input).value = "drie"
            await pilot.pause()
            await pilot.press("enter", "enter")  # budget, then maximum: the round is checked
            await pilot.pause()
            assert isinstance(pilot.app.screen, RoundSetupDialog)  # refused: it stays

        assert snap_compare(tally_app(tmp_path), run_before=run_before, terminal_size=SIZE)

"""SVG snapshots of the actions screen, the review of open actions and the action form's
refusal of a date it cannot read (issue 14 "Snapshots").

Made with the versions in constraints.txt; after a deliberate change to the screens,
re-record with `python -m pytest tests/test_snapshots_actions.py --snapshot-update`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input

from kaart_tui.app import KaartApp
from kaart_tui.domain.model import (
    Action,
    ActionScope,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Bijeenkomst,
    Card,
    Participant,
    SessionInfo,
)
from kaart_tui.screens.actions import ActionsScreen
from kaart_tui.screens.card import CardScreen
from kaart_tui.screens.forms import FormDialog
from kaart_tui.store import DataFolder
from kaart_tui.workshop import Workshop

SIZE = (120, 30)


def demo_app(tmp_path: Path) -> KaartApp:
    # An empty data folder: the app opens the built-in demo session by itself.
    return KaartApp(DataFolder(tmp_path / "data").ensure())


def later_bijeenkomst_app(tmp_path: Path) -> KaartApp:
    """Bijeenkomst 2 of a team with six actions from bijeenkomst 1, one of them done."""
    card = Card(SessionInfo.create("Team Rupsstraat", "Team Rupsstraat"))
    card.put(Bijeenkomst("b1", 1, date(2026, 10, 6), "Buurthuis"))
    card.put(Bijeenkomst("b2", 2, date(2026, 11, 3), "Buurthuis"))
    for n, organisation in [(1, "Welzijn"), (2, "Politie"), (3, "Gemeente")]:
        card.put(Participant(f"p{n}", f"Naam{n:02}", organisation))
        card.put(Attendance(f"p{n}", "b1", AttendanceStatus.AANWEZIG))
    scope, status = ActionScope, ActionStatus
    for key, kind, owner, state, due in [
            ("bel", scope.INDIVIDUEEL, "p1", status.OPEN, date(2026, 10, 20)),
            ("klaar", scope.INDIVIDUEEL, "p2", status.GEDAAN, None),
            ("team", scope.COLLECTIEF, None, status.OPEN, date(2026, 11, 1)),
            ("extern", scope.EXTERN, None, status.BEZIG, None),
            ("brief", scope.INDIVIDUEEL, "p3", status.OPEN, None),
            ("agenda", scope.INDIVIDUEEL, "p1", status.OPEN, None)]:
        card.put(Action(f"a-{key}", kind, f"Actie {key}", "b1", owner, due, state))
    folder = DataFolder(tmp_path / "data").ensure()
    return KaartApp(folder, Workshop(folder.create(card), templates_dir=folder.templates_dir))


class TestActions:
    def test_actions_of_the_demo(self, snap_compare, tmp_path):
        assert snap_compare(demo_app(tmp_path), press=["A"], terminal_size=SIZE)

    def test_review_of_open_actions_in_a_later_bijeenkomst(self, snap_compare, tmp_path):
        async def review(pilot) -> None:
            await pilot.pause()
            assert isinstance(pilot.app.screen, CardScreen)
            pilot.app.screen.action_review()  # the palette's "Terugblik acties"
            await pilot.pause()
            assert isinstance(pilot.app.screen, ActionsScreen) and pilot.app.screen.review

        assert snap_compare(later_bijeenkomst_app(tmp_path), run_before=review,
                            terminal_size=SIZE)


class TestActionForm:
    def test_an_unreadable_date_is_refused_and_the_rest_kept(self, snap_compare, tmp_path):
        async def unreadable_date(pilot) -> None:
            await pilot.pause()
            await pilot.press("A", "n", "1")  # a new individual action
            await pilot.pause()
            form = pilot.app.screen
            assert isinstance(form, FormDialog)
            for key, value in [("text", "Ik bel de wijkagent"), ("owner", "sanne"),
                               ("due", "1 februarie 2027")]:
                form.query_one(f"#field-{key}", Input).value = value
                await pilot.pause()
            form.query_one("#field-due", Input).focus()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(pilot.app.screen, FormDialog)  # refused: the form stays

        # Tall enough for the whole form, the refusal under the date included.
        assert snap_compare(demo_app(tmp_path), run_before=unreadable_date,
                            terminal_size=(120, 40))

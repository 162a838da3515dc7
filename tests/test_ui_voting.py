"""Pilot tests of quick voting (issue 5), by keyboard as a facilitator does it: `V` on the
card, the mode, then the votes; state read back from the card, the rendered screen and the
session file on disk.

Each test builds its own small session (the demo session already has votes without a round,
so `V` there first asks what to do with them; one test covers that question).

pytest-asyncio is not a dependency: each test runs its coroutine with ``asyncio.run``.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from rich.console import Console
from textual.widgets import DataTable, Static

from kaart_tui.app import KaartApp
from kaart_tui.domain.model import (
    Attendance,
    AttendanceStatus,
    Bijeenkomst,
    Card,
    Entry,
    Participant,
    SessionInfo,
    Theme,
    VotingMode,
)
from kaart_tui.domain.ranking import step_top, tally
from kaart_tui.domain.steps import Step
from kaart_tui.screens import voting as voting_screen
from kaart_tui.screens.card import CardScreen
from kaart_tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from kaart_tui.screens.presentation import PresentationScreen
from kaart_tui.screens.result import ResultScreen
from kaart_tui.screens.voting import VotingScreen
from kaart_tui.screens.voting_setup import RoundChoiceDialog, RoundSetupDialog
from kaart_tui.store import DataFolder
from kaart_tui.workshop import Workshop
from tests.on_disk import beside, on_disk
from tests.ui_helpers import messages, plain, run, send_at_once

SIZE = (120, 40)
STEP = Step.WAARDEN  # the card opens with step 1 active
B1 = "b-1"
ROUND = (STEP.value, B1)
AANWEZIG, AFWEZIG = AttendanceStatus.AANWEZIG, AttendanceStatus.AFWEZIG


# -- helpers ---------------------------------------------------------------------------

def numbered(prefix: str, n: int) -> list[str]:
    return [f"{prefix} {i:02d}" for i in range(1, n + 1)]


def session(tmp_path: Path, names: list[str], titles: list[str], absent: int = 0,
            loose: list[str] = ()) -> tuple[DataFolder, KaartApp]:
    """A session with one bijeenkomst; the first ``absent`` people are marked absent, the
    others present; ``titles`` are themes of step 1 (each with one entry), ``loose`` entries
    of step 1 without a theme."""
    card = Card(SessionInfo.create("Stemtest", "Team Stem"))
    card.put(Bijeenkomst(B1, 1, date(2026, 3, 2), "Stadhuis"))
    for i, name in enumerate(names):
        # Organisations in blocks: the grid's order (per organisation) is the input order.
        card.put(Participant(f"p-{i:02d}", name,
                             f"Organisatie {i * 3 // max(1, len(names)) + 1}"))
        card.put(Attendance(f"p-{i:02d}", B1, AFWEZIG if i < absent else AANWEZIG))
    for i, title in enumerate(titles):
        card.put(Theme(f"t-{i:02d}", STEP, title, B1))
        card.put(Entry(f"i-{i:02d}", STEP, f"Bijdrage bij {title}", B1, None, f"t-{i:02d}"))
    for i, text in enumerate(loose):
        card.put(Entry(f"e-{i:02d}", STEP, text, B1))
    folder = DataFolder(tmp_path / "data").ensure()
    return folder, KaartApp(folder, Workshop(folder.create(card)))


def screen_text(app: KaartApp) -> str:
    """What the terminal shows now: the composed screen, as plain text."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True,
                      color_system=None, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens))
    return console.export_text()



def static_text(app: KaartApp, selector: str) -> str:
    return plain(app.screen.query_one(selector, Static).content)


def rows(app: KaartApp, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[plain(c) for c in table.get_row_at(i)] for i in range(table.row_count)]



def counts(app: KaartApp) -> dict[str, int]:
    """Votes per candidate title in bijeenkomst 1, from the card."""
    return {getattr(c, "title", None) or c.text: n
            for c, n in tally(app.workshop.card, STEP, B1)}


PLACE_LINE = re.compile(r"^\s*(\d+(?: \((?:gedeeld|vastgezet)\))?)\s{2,}(.+?)\s{2,}(\d+)\s*(█*)")


def result_lines(app: KaartApp) -> list[tuple[str, str, int, bool]]:
    """(place label, title, count, has a bar) per ranked line of the rendered result."""
    assert isinstance(app.screen, ResultScreen)
    found = []
    for line in screen_text(app).splitlines():
        match = PLACE_LINE.match(line)
        if match:
            found.append((match[1], match[2].strip(), int(match[3]), bool(match[4])))
    return found


async def start(pilot, *keys: str) -> VotingScreen:
    """`V` on the card, then the keys of the mode dialog (and budget prompts)."""
    await pilot.press("V")
    await pilot.pause()
    assert isinstance(pilot.app.screen, RoundSetupDialog)
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, VotingScreen)
    return screen


async def type_count(pilot, count: int) -> None:
    await pilot.press(*str(count))
    await pilot.pause()


# -- 1. tally -------------------------------------------------------------------------
TALLY = [3, 9, 7, 0, 5, 8, 1, 4, 6, 2, 1, 2]


def test_tally_twelve_themes_by_digits_plus_minus_and_result(tmp_path):
    titles = numbered("Thema", 12)

    async def inner():
        folder, app = session(tmp_path, numbered("Deelnemer", 9), titles)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = await start(pilot, "1")
            voting_round = app.workshop.card.rounds[ROUND]
            assert voting_round.mode is VotingMode.TELLING and voting_round.top_n == 3
            assert "Telling" in static_text(app, "#voting-header")
            assert not app.screen.query_one("#voters", DataTable).display
            for count in TALLY:
                await type_count(pilot, count)
                await pilot.press("down")
            await pilot.pause()
            assert counts(app) == dict(zip(titles, TALLY))
            # Shown in the table as typed, each on disk as it was typed.
            assert [r[1] for r in rows(app, "#candidates")] == [str(c) for c in TALLY]
            disk = beside(app.folder, app.workshop.name)
            assert tally(disk, STEP, B1) == tally(app.workshop.card, STEP, B1)

            # The cursor stays on the last theme: + and - adjust, backspace zeroes.
            assert screen.focused_candidate().title == "Thema 12"
            await pilot.press("plus", "plus", "plus", "minus")
            await pilot.pause()
            assert counts(app)["Thema 12"] == 4
            await pilot.press("up", "backspace")
            await pilot.pause()
            assert counts(app)["Thema 11"] == 0
            assert not any(v.theme == "t-10" for v in app.workshop.card.votes.values())
            await pilot.press("up", "minus")  # Thema 10 had 2
            await pilot.pause()
            assert counts(app)["Thema 10"] == 1

            await pilot.press("r")
            await pilot.pause()
            lines = result_lines(app)
            assert lines[:3] == [("1", "Thema 02", 9, True), ("2", "Thema 06", 8, True),
                                 ("3", "Thema 03", 7, True)]
            assert len(lines) == 12
            assert "Top 3" in screen_text(app)
            # r again: back on the voting screen.
            await pilot.press("r")
            await pilot.pause()
            assert app.screen is screen
            await pilot.press("q")

    run(inner())


def test_tally_digits_on_another_row_or_after_the_window_start_a_new_number(tmp_path,
                                                                            monkeypatch):
    async def inner():
        folder, app = session(tmp_path, numbered("Deelnemer", 3), numbered("Thema", 3))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await start(pilot, "1")
            await pilot.press("4", "down", "5")
            await pilot.pause()
            assert counts(app) == {"Thema 01": 4, "Thema 02": 5, "Thema 03": 0}
            monkeypatch.setattr(voting_screen, "DIGIT_WINDOW", 0.0)
            await pilot.press("down", "1", "2")
            await pilot.pause()
            assert counts(app)["Thema 03"] == 2

    run(inner())


def test_tally_digits_typed_on_one_row_form_one_number(tmp_path):
    async def inner():
        folder, app = session(tmp_path, numbered("Deelnemer", 3), numbered("Thema", 3))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await start(pilot, "1")
            await pilot.press("1", "2", "down", "1", "0", "down", "1", "2", "5")
            await pilot.pause()
            assert counts(app) == {"Thema 01": 12, "Thema 02": 10, "Thema 03": 125}

    run(inner())


# -- 2. dots per participant ----------------------------------------------------------
def test_dots_round_with_nine_present_participants(tmp_path):
    names = numbered("Deelnemer", 9)
    titles = numbered("Thema", 5)

    async def inner():
        folder, app = session(tmp_path, names, titles)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("V", "2")
            await pilot.pause()
            # One dialog: how many dots (default 3), then the maximum per theme (none).
            assert isinstance(app.screen, RoundSetupDialog)
            assert app.screen.query_one("#budget").value == "3"
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, RoundSetupDialog)
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, VotingScreen)
            voting_round = app.workshop.card.rounds[ROUND]
            assert (voting_round.mode, voting_round.budget, voting_round.max_per_candidate) == (
                VotingMode.STIPPEN, 3, None)
            assert "3 stippen" in static_text(app, "#voting-header")
            assert "9 van 9 aanwezig" in static_text(app, "#voting-header")
            # The first present participant votes first; the pane shows what remains.
            assert screen.voter == "p-00"
            assert "Deelnemer 01 stemt: nog 3 stippen" in static_text(app, "#voting-status")
            assert [r[0] for r in rows(app, "#voters")] == names
            assert [r[1] for r in rows(app, "#voters")] == ["3"] * 9

            await pilot.press("space", "space", "down", "space")
            await pilot.pause()
            assert rows(app, "#voters")[0] == ["Deelnemer 01", "0"]
            assert "nog 0 stippen" in static_text(app, "#voting-status")
            assert [r[3] for r in rows(app, "#candidates")][:2] == ["●●", "●"]
            # A fourth dot is refused with a message; nothing is stored.
            before = dict(app.workshop.card.votes)
            await pilot.press("down", "space")
            await pilot.pause()
            assert app.workshop.card.votes == before
            assert any("geen stippen meer" in m for m in messages(app))
            # minus takes one back (on the theme the cursor is on).
            await pilot.press("up", "up", "minus")
            await pilot.pause()
            assert counts(app)["Thema 01"] == 1
            assert rows(app, "#voters")[0][1] == "1"

            # n: the next voter; everyone else spreads dots (9 present in all).
            await pilot.press("n")
            await pilot.pause()
            assert screen.voter == "p-01"
            assert "Deelnemer 02 stemt: nog 3 stippen" in static_text(app, "#voting-status")
            for _ in range(8):
                await pilot.press("space", "down", "space", "space", "n")
            await pilot.pause()
            card = app.workshop.card
            per_person = {p: sum(v.count for v in card.votes.values() if v.participant == p)
                          for p in card.participants}
            assert per_person == {"p-00": 2, **{f"p-{i:02d}": 3 for i in range(1, 9)}}
            assert sum(counts(app).values()) == 26
            assert [r[1] for r in rows(app, "#voters")] == ["1"] + ["0"] * 8
            # The voter ran through everyone and came back to the one with a dot left.
            assert screen.voter == "p-00"

            # u: undo the last dot.
            total = sum(counts(app).values())
            await pilot.press("space")
            await pilot.pause()
            assert sum(counts(app).values()) == total + 1
            await pilot.press("u")
            await pilot.pause()
            assert sum(counts(app).values()) == total
            assert any(m.startswith("Ongedaan: Stip van") for m in messages(app))
            disk = beside(app.folder, app.workshop.name)
            assert sum(v.count for v in disk.votes.values()) == total

    run(inner())


def test_dots_round_maximum_per_theme(tmp_path):
    async def inner():
        folder, app = session(tmp_path, numbered("Deelnemer", 3), numbered("Thema", 3))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await start(pilot, "2", "4", "enter", "2", "enter")
            voting_round = app.workshop.card.rounds[ROUND]
            assert (voting_round.budget, voting_round.max_per_candidate) == (4, 2)
            assert "max 2 per thema" in static_text(app, "#voting-header")
            await pilot.press("space", "space", "space")
            await pilot.pause()
            assert counts(app)["Thema 01"] == 2
            assert any("Maximaal 2" in m for m in messages(app))
            assert rows(app, "#voters")[0][1] == "2"

    run(inner())


def test_dots_round_shows_whole_names_and_titles_from_the_start(tmp_path):
    titles = ["Iedereen wordt gehoord in de wijk", "Korte lijnen met de wijkagent"]

    async def inner():
        folder, app = session(tmp_path, ["Anna de Vries", "Bram Jansen"], titles)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await start(pilot, "2", "enter", "enter")
            await pilot.pause()
            text = screen_text(app)
            for shown in [*titles, "Anna de Vries", "Bram Jansen"]:
                assert shown in text

    run(inner())


# -- 3. secret round ------------------------------------------------------------------
SECRET_TITLES = ["Samen beslissen", "Kennis delen", "Elkaar kennen", "Korte lijnen",
                 "Bewoners centraal"]
SECRET_NAMES = ["Anna", "Bram", "Cor", "Dewi"]


def candidate_pane(app: KaartApp) -> list[str]:
    """The rendered lines of the candidate table (left of the voters pane)."""
    lines = screen_text(app).splitlines()
    return [line.split("│")[0] for line in lines
            if any(title in line for title in SECRET_TITLES)]


def voters_pane(app: KaartApp) -> list[str]:
    lines = screen_text(app).splitlines()
    return [line.split("│")[1] for line in lines
            if "│" in line and any(name in line.split("│")[1] for name in SECRET_NAMES)]


def assert_nothing_given_away(app: KaartApp) -> None:
    pane = candidate_pane(app)
    assert len(pane) == len(SECRET_TITLES)
    for line in pane:
        assert not re.search(r"\d", line), line  # no count
        assert "█" not in line  # no bar
        assert "●" not in line  # nobody's dots
    # The table has no count or bar column at all, only the voter's own dots (none now).
    assert [len(r) for r in rows(app, "#candidates")] == [2] * len(SECRET_TITLES)
    assert [r[1] for r in rows(app, "#candidates")] == [""] * len(SECRET_TITLES)
    for line in voters_pane(app):
        assert not re.search(r"\d", line), line  # not how many dots anyone has left


async def vote_as(pilot, name: str, moves: list[str]) -> None:
    """A participant takes the laptop: p, their name, Enter; dots; Enter hands on."""
    await pilot.press("p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChoiceDialog)
    await pilot.press(*name.lower(), "enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, VotingScreen)
    assert pilot.app.workshop.card.participants[screen.voter].name == name
    # Each voter starts at the top, not where the previous one stopped.
    assert screen.query_one("#candidates").cursor_row == 0
    await pilot.press(*moves)
    await pilot.pause()
    own = "".join(r[1] for r in rows(pilot.app, "#candidates"))
    assert own == "●" * moves.count("space")  # the voter sees their own dots, only theirs
    await pilot.press("enter")
    await pilot.pause()
    assert screen.voter is None


def test_secret_round_shows_no_total_before_reveal(tmp_path):
    async def inner():
        folder, app = session(tmp_path, SECRET_NAMES, SECRET_TITLES)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = await start(pilot, "3", "enter", "enter")
            assert app.workshop.card.rounds[ROUND].mode is VotingMode.GEHEIM
            await pilot.press("enter")  # the facilitator hands the laptop to the first voter
            await pilot.pause()
            assert screen.voter is None
            assert_nothing_given_away(app)

            await vote_as(pilot, "Anna", ["space", "space", "down", "space"])
            assert_nothing_given_away(app)
            assert "Geef de laptop door" in static_text(app, "#voting-status")
            assert "✓ gestemd" in "".join(voters_pane(app))
            await vote_as(pilot, "Bram", ["down", "space", "down", "space", "down", "space"])
            assert_nothing_given_away(app)
            await vote_as(pilot, "Dewi", ["space", "space", "space"])
            assert_nothing_given_away(app)
            # Anna already voted: she is not offered again.
            await pilot.press("p")
            await pilot.pause()
            offered = [str(app.screen.query_one("#choices").get_option_at_index(i).prompt)
                       for i in range(app.screen.query_one("#choices").option_count)]
            assert offered == ["Cor"]
            await pilot.press("escape")
            await pilot.pause()
            await vote_as(pilot, "Cor", ["down", "down", "space"])
            assert "Iedereen heeft gestemd: R toont de uitslag" in static_text(
                app, "#voting-status")
            # Undo would show (and name) the previous voter's dot: refused in a secret round.
            before = dict(app.workshop.card.votes)
            await pilot.press("u")
            await pilot.pause()
            assert app.workshop.card.votes == before
            app.clear_notifications()
            await pilot.pause()

            # The result screen keeps the result hidden.
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, ResultScreen)
            text = screen_text(app)
            assert "nog verborgen" in text
            assert result_lines(app) == []
            assert "█" not in text and not any(t in text for t in SECRET_TITLES)
            # Pinning an order or a top 5 would answer from the hidden totals: no such keys.
            round_before, told = app.workshop.card.rounds[ROUND], len(app.told)
            await pilot.press("K", "J", "F", "N")
            await pilot.pause()
            assert app.workshop.card.rounds[ROUND] == round_before
            assert "Hoger zetten" not in screen_text(app) and len(app.told) == told
            await pilot.press("escape")
            await pilot.pause()

            # Nor does the beamer: no top for this step while unrevealed.
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, CardScreen)
            await pilot.press("f5")
            await pilot.pause()
            assert isinstance(app.screen, PresentationScreen)
            text = screen_text(app)
            assert "Top" not in text and "(3)" not in text
            assert step_top(app.workshop.card, STEP, B1, 3) == []
            await pilot.press("escape")
            await pilot.pause()

            # Back to the voting screen: nobody's dots on it; R + j reveals.
            assert isinstance(app.screen, CardScreen)
            await pilot.press("V", "d")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, VotingScreen) and screen.voter is None
            assert_nothing_given_away(app)
            await pilot.press("R")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("j")
            await pilot.pause()
            assert app.workshop.card.rounds[ROUND].revealed
            assert isinstance(app.screen, ResultScreen)
            lines = result_lines(app)
            assert lines[:3] == [("1", "Samen beslissen", 5, True),
                                 ("2 (gedeeld)", "Kennis delen", 2, True),
                                 ("2 (gedeeld)", "Elkaar kennen", 2, True)]
            assert ("4", "Korte lijnen", 1, True) in lines
            await pilot.press("escape")
            await pilot.pause()
            # After the reveal the totals are on the voting screen too; voting is closed.
            assert [r[1] for r in rows(app, "#candidates")] == ["5", "2", "2", "1", "0"]
            await pilot.press("p")
            await pilot.pause()
            if isinstance(app.screen, ChoiceDialog):
                await pilot.press("c", "o", "r", "enter")
                await pilot.pause()
            before = dict(app.workshop.card.votes)
            await pilot.press("space")
            await pilot.pause()
            assert app.workshop.card.votes == before
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("f5")
            await pilot.pause()
            text = screen_text(app)
            assert "Top 3" in text and "Samen beslissen  (5)" in text
            await pilot.press("escape", "q")
        assert on_disk(folder).rounds[ROUND].revealed

    run(inner())


# -- 4. fixing a tie ------------------------------------------------------------------
def test_fixing_a_tie_at_the_cut_in_the_result(tmp_path):
    titles = numbered("Thema", 5)

    async def inner():
        folder, app = session(tmp_path, numbered("Deelnemer", 5), titles)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await start(pilot, "1")
            for count in [5, 4, 3, 3, 1]:
                await pilot.press(str(count), "down")
            await pilot.press("r")
            await pilot.pause()
            lines = result_lines(app)
            assert [(label, title) for label, title, *_ in lines] == [
                ("1", "Thema 01"), ("2", "Thema 02"), ("3 (gedeeld)", "Thema 03"),
                ("3 (gedeeld)", "Thema 04"), ("5", "Thema 05")]
            assert "Gedeelde plaats binnen de top 3" in screen_text(app)
            assert len(step_top(app.workshop.card, STEP, B1, 3)) == 4

            # The group picks Thema 04 for the third place: down to it, K moves it up.
            await pilot.press("down", "down", "down", "K")
            await pilot.pause()
            voting_round = app.workshop.card.rounds[ROUND]
            assert voting_round.fixed_order == ("theme:t-03", "theme:t-02")
            lines = result_lines(app)
            # Only the tie is pinned; the places above it stand by their votes.
            assert [(label, title, n) for label, title, n, _ in lines[:4]] == [
                ("1", "Thema 01", 5), ("2", "Thema 02", 4),
                ("3 (vastgezet)", "Thema 04", 3), ("4 (vastgezet)", "Thema 03", 3)]
            assert "vastgezet" in screen_text(app)
            assert [r.item.title for r in step_top(app.workshop.card, STEP, B1, 3)] == [
                "Thema 01", "Thema 02", "Thema 04"]
            # J moves it back down again.
            await pilot.press("J")
            await pilot.pause()
            assert [t for _, t, *_ in result_lines(app)][2:4] == ["Thema 03", "Thema 04"]
            # Past a theme with another count: refused with a message, nothing moves.
            await pilot.press("J")
            await pilot.pause()
            assert "Alleen gelijk geëindigde" in messages(app, "error")[-1]
            assert [t for _, t, *_ in result_lines(app)][3:5] == ["Thema 04", "Thema 05"]

            # F: back to the votes, the tie shared again.
            await pilot.press("F")
            await pilot.pause()
            assert app.workshop.card.rounds[ROUND].fixed_order == ()
            assert [label for label, *_ in result_lines(app)][2:4] == ["3 (gedeeld)"] * 2

            # Fix it again, and N: top 5.
            await pilot.press("K")  # the cursor is still on Thema 04
            await pilot.pause()
            assert app.workshop.card.rounds[ROUND].fixed_order
            await pilot.press("N")
            await pilot.pause()
            assert app.workshop.card.rounds[ROUND].top_n == 5
            assert "Top 5" in screen_text(app)
            await pilot.press("N")
            await pilot.pause()
            assert app.workshop.card.rounds[ROUND].top_n == 3
            await pilot.press("N")
            await pilot.pause()
            fixed = app.workshop.card.rounds[ROUND].fixed_order
            await pilot.press("q")
        stored = on_disk(folder).rounds[ROUND]
        assert stored.fixed_order == fixed == ("theme:t-03", "theme:t-02")
        assert stored.top_n == 5

    run(inner())


def test_a_vote_after_fixing_drops_the_fixed_order(tmp_path):
    async def inner():
        folder, app = session(tmp_path, numbered("Deelnemer", 3), numbered("Thema", 3))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = await start(pilot, "1")
            await pilot.press("2", "down", "2", "r", "down", "K")  # a tie of two
            await pilot.pause()
            assert app.workshop.card.rounds[ROUND].fixed_order
            await pilot.press("escape", "plus")
            await pilot.pause()
            assert app.screen is screen
            assert app.workshop.card.rounds[ROUND].fixed_order == ()
            await pilot.press("r")
            await pilot.pause()
            assert "vastgezet" not in screen_text(app)

    run(inner())


def test_presentation_heads_the_top_with_the_rounds_size(tmp_path):
    async def inner():
        folder, app = session(tmp_path, numbered("Deelnemer", 3), numbered("Thema", 6))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await start(pilot, "1")
            for count in [6, 5, 4, 3, 2, 1]:
                await pilot.press(str(count), "down")
            await pilot.press("r", "N")
            await pilot.pause()
            assert app.workshop.card.rounds[ROUND].top_n == 5
            await pilot.press("escape", "escape", "f5")
            await pilot.pause()
            assert isinstance(app.screen, PresentationScreen)
            text = screen_text(app)
            assert "Thema 05  (2)" in text  # five are listed ...
            assert "Top 5" in text          # ... under the heading that says so

    run(inner())


# -- 5. quorum ------------------------------------------------------------------------
def test_below_the_quorum_the_screen_says_so_but_voting_works(tmp_path):
    names = numbered("Deelnemer", 10)

    async def inner():
        folder, app = session(tmp_path, names, numbered("Thema", 3), absent=4)  # 6 of 10
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = await start(pilot, "2", "enter", "enter")
            header = static_text(app, "#voting-header")
            assert "6 van 10 aanwezig" in header
            assert "onder het quorum" in header
            # Only who is present votes, and can, in the order of the grid.
            assert [r[0] for r in rows(app, "#voters")] == names[4:]
            assert screen.voter == "p-04"
            await pilot.press("space", "n", "space")
            await pilot.pause()
            assert counts(app)["Thema 01"] == 2

    run(inner())


def test_at_the_quorum_no_warning(tmp_path):
    async def inner():
        folder, app = session(tmp_path, numbered("Deelnemer", 10), numbered("Thema", 3),
                              absent=3)  # 7 of 10 = 70 %
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await start(pilot, "1")
            header = static_text(app, "#voting-header")
            assert "7 van 10 aanwezig" in header
            assert "quorum" not in header

    run(inner())


# -- 6. cancel, undo, earlier votes ---------------------------------------------------
def test_cancel_a_round_from_the_v_menu_and_undo_it_on_the_card(tmp_path):
    async def inner():
        folder, app = session(tmp_path, numbered("Deelnemer", 3), numbered("Thema", 3))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await start(pilot, "2", "enter", "enter")
            await pilot.press("space", "down", "space", "n", "space")
            await pilot.pause()
            votes = dict(app.workshop.card.votes)
            assert sum(v.count for v in votes.values()) == 3
            await pilot.press("escape", "V")
            await pilot.pause()
            assert isinstance(app.screen, RoundChoiceDialog)
            await pilot.press("x")
            await pilot.pause()
            assert isinstance(app.screen, CardScreen)
            assert app.workshop.card.rounds == {} and app.workshop.card.votes == {}
            disk = beside(app.folder, app.workshop.name)
            assert disk.votes == {} and disk.rounds == {}
            await pilot.press("u")
            await pilot.pause()
            assert ROUND in app.workshop.card.rounds
            assert app.workshop.card.votes == votes
            disk = beside(app.folder, app.workshop.name)
            assert ROUND in disk.rounds and disk.votes == votes
            # V, d: the round continues where it was.
            await pilot.press("V", "d")
            await pilot.pause()
            assert isinstance(app.screen, VotingScreen)
            # The second voter started at the top again: 2, 1, 0.
            assert [r[1] for r in rows(app, "#candidates")] == ["2", "1", "0"]

    run(inner())


def test_v_on_a_step_with_a_round_asks_and_a_digit_behind_it_counts_nothing(tmp_path):
    """Issue 16: V went straight into the tally round; the habitual V 1 overwrote a 9."""
    async def inner():
        folder, app = session(tmp_path, numbered("Deelnemer", 3), numbered("Thema", 3))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await start(pilot, "1")
            await pilot.press("9")
            await pilot.pause()
            assert counts(app)["Thema 01"] == 9
            await pilot.press("escape")
            await pilot.pause()
            send_at_once(app, ["V", "1"])  # one burst, as a habit types it
            await pilot.pause()
            assert isinstance(app.screen, RoundChoiceDialog)
            assert counts(app)["Thema 01"] == 9
            assert "getypt: 1" in plain(app.screen.query_one("#choice-feedback").content)
            await pilot.press("d")
            await pilot.pause()
            assert isinstance(app.screen, VotingScreen) and counts(app)["Thema 01"] == 9

    run(inner())


def test_escape_in_the_mode_dialog_starts_no_round(tmp_path):
    async def inner():
        folder, app = session(tmp_path, numbered("Deelnemer", 3), numbered("Thema", 3))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("V", "escape")
            await pilot.pause()
            assert isinstance(app.screen, CardScreen)
            await pilot.press("V", "2", "escape")  # escape in the budget field
            await pilot.pause()
            assert isinstance(app.screen, CardScreen)
            assert app.workshop.card.rounds == {}

    run(inner())


def test_demo_votes_without_a_round_are_replaced_only_on_request(tmp_path):
    async def inner():
        folder = DataFolder(tmp_path / "data").ensure()
        app = KaartApp(folder)  # the demo session
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            card = app.workshop.card
            current = app.workshop.current_id
            step = app.screen.active
            before = dict(card.votes)
            assert any(n for _, n in tally(card, step, current))
            await pilot.press("V")
            await pilot.pause()
            assert isinstance(app.screen, RoundChoiceDialog)
            await pilot.press("n")  # vote again
            await pilot.pause()
            await pilot.press("1")  # a tally
            await pilot.pause()
            assert isinstance(app.screen, VotingScreen)
            assert not any(n for _, n in tally(card, step, current))
            assert (step.value, current) in card.rounds
            # One undo: the round goes and the old votes are back.
            await pilot.press("u")
            await pilot.pause()
            assert isinstance(app.screen, CardScreen)
            assert card.votes == before and card.rounds == {}

    run(inner())


def test_demo_votes_without_a_round_can_be_looked_at(tmp_path):
    async def inner():
        folder = DataFolder(tmp_path / "data").ensure()
        app = KaartApp(folder)  # the demo session
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            card = app.workshop.card
            step, current = app.screen.active, app.workshop.current_id
            before = dict(card.votes)
            best, most = max(tally(card, step, current), key=lambda pair: pair[1])
            await pilot.press("V", "r")
            await pilot.pause()
            assert isinstance(app.screen, ResultScreen)
            assert card.votes == before and card.rounds == {}
            text = screen_text(app)
            assert "nog niet gestemd" not in text
            lines = result_lines(app)
            assert lines and lines[0][2] == most

    run(inner())

"""SVG snapshot of the voting result screen (issue 5).

Made with the versions in constraints.txt; after a deliberate change to the screen, re-record
with `python -m pytest tests/test_snapshots_voting.py --snapshot-update`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kaart_tui.app import KaartApp
from kaart_tui.domain.model import (
    Attendance,
    AttendanceStatus,
    Bijeenkomst,
    Card,
    Participant,
    SessionInfo,
    Theme,
)
from kaart_tui.domain.steps import Step
from kaart_tui.store import DataFolder
from kaart_tui.workshop import Workshop

THEMES = ["Iedereen wordt gehoord", "Korte lijnen met de wijkagent", "Bewoners centraal",
          "Elkaar kennen en vertrouwen", "Eén plan per gezin", "Tijd voor overleg"]
# A tally with a tie at the cut: "Bewoners centraal" and "Elkaar kennen en vertrouwen"
# share the third place of a top 3.
TALLY = ["7", "5", "4", "4", "2", "0"]


def tally_app(tmp_path: Path) -> KaartApp:
    card = Card(SessionInfo.create("Uitvoeringsteam De Linde", "Team De Linde"))
    card.put(Bijeenkomst("b-1", 1, date(2026, 3, 2), "Stadhuis"))
    for i, name in enumerate(["Anna de Vries", "Bram Jansen", "Cor Bakker", "Dewi Smit"]):
        card.put(Participant(f"p-{i}", name, "Sociaal wijkteam"))
        card.put(Attendance(f"p-{i}", "b-1", AttendanceStatus.AANWEZIG))
    for i, title in enumerate(THEMES):
        card.put(Theme(f"t-{i}", Step.WAARDEN, title, "b-1"))
    folder = DataFolder(tmp_path / "data").ensure()
    return KaartApp(folder, Workshop(folder.create(card)))


class TestResultScreen:
    def test_tally_with_a_tie_at_the_cut(self, snap_compare, tmp_path):
        keys = ["V", "1"]
        for count in TALLY:
            keys += [count, "down"]
        keys.append("r")
        assert snap_compare(tally_app(tmp_path), press=keys, terminal_size=(100, 30))

"""SVG snapshots of the quorum warning: 6 of 10 present (60 %) under a quorum of 70 %, in
the attendance grid and in the voting screen's header (issue 14 "Snapshots"). Re-record
with `python -m pytest tests/test_snapshots_quorum.py --snapshot-update`.
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

NAMES = ["Anna de Vries", "Bram Jansen", "Cor Bakker", "Dewi Smit", "Eva Mulder",
         "Fenna Bos", "Gerrit Dijk", "Hanna Kok", "Iris Vos", "Jan Peters"]
ORGANISATIONS = ["Sociaal wijkteam", "Politie", "Woningcorporatie", "Gemeente"]


def below_quorum_app(tmp_path: Path) -> KaartApp:
    card = Card(SessionInfo.create("Uitvoeringsteam De Linde", "Team De Linde"))
    card.put(Bijeenkomst("b-1", 1, date(2026, 3, 2), "Stadhuis"))
    for i, name in enumerate(NAMES):
        card.put(Participant(f"p-{i}", name, ORGANISATIONS[i % 4]))
        status = AttendanceStatus.AFWEZIG if i < 4 else AttendanceStatus.AANWEZIG
        card.put(Attendance(f"p-{i}", "b-1", status))
    for i, title in enumerate(["Iedereen wordt gehoord", "Bewoners centraal"]):
        card.put(Theme(f"t-{i}", Step.WAARDEN, title, "b-1"))
    folder = DataFolder(tmp_path / "data").ensure()
    return KaartApp(folder, Workshop(folder.create(card)))


class TestQuorumWarning:
    def test_attendance_grid_below_the_quorum(self, snap_compare, tmp_path):
        # 140 wide: the status line does not wrap, at 110 its end is cut off.
        assert snap_compare(below_quorum_app(tmp_path), press=["g"], terminal_size=(140, 24))

    def test_voting_below_the_quorum(self, snap_compare, tmp_path):
        assert snap_compare(below_quorum_app(tmp_path), press=["V", "1"],
                            terminal_size=(110, 24))

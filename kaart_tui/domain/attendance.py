"""Attendance per organisation, in the wording of the verslag (seed 000, Bijlage 1).

A cell reads "3 personen", "1 persoon (1 afwezig)" or, with nobody present, "(1 afwezig)".
A participant without a record for a bijeenkomst (onbekend) is not counted at all: the
reports list who came and who sent apologies, not who was never expected.
"""

from __future__ import annotations

from dataclasses import dataclass

from kaart_tui.domain.model import AttendanceStatus, Bijeenkomst, Card

TOTAL_LABEL = "Aanwezig"


def personen(count: int) -> str:
    return f"{count} persoon" if count == 1 else f"{count} personen"


@dataclass(frozen=True, slots=True)
class Presence:
    present: int = 0
    absent: int = 0

    @property
    def text(self) -> str:
        absent = f"({self.absent} afwezig)" if self.absent else ""
        if not self.present:
            return absent
        return f"{personen(self.present)} {absent}".strip()

    def __add__(self, other: "Presence") -> "Presence":
        return Presence(self.present + other.present, self.absent + other.absent)


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    label: str
    cells: tuple[Presence, ...]

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(cell.text for cell in self.cells)


@dataclass(frozen=True, slots=True)
class AttendanceTable:
    bijeenkomsten: tuple[Bijeenkomst, ...]
    rows: tuple[AttendanceRow, ...]
    total: AttendanceRow


def presence(card: Card, bijeenkomst_id: str, organisation: str | None = None) -> Presence:
    present = absent = 0
    for participant in card.participants.values():
        if organisation is not None and participant.organisation != organisation:
            continue
        status = card.status(participant.id, bijeenkomst_id)
        present += status is AttendanceStatus.AANWEZIG
        absent += status is AttendanceStatus.AFWEZIG
    return Presence(present, absent)


def attendance_table(card: Card, bijeenkomsten: list[Bijeenkomst] | None = None
                     ) -> AttendanceTable:
    """One row per organisation, one column per bijeenkomst, and the "Aanwezig" total row."""
    columns = tuple(bijeenkomsten if bijeenkomsten is not None
                    else card.bijeenkomsten_in_order())
    rows = tuple(
        AttendanceRow(organisation,
                      tuple(presence(card, b.id, organisation) for b in columns))
        for organisation in card.organisations()
    )
    total = AttendanceRow(TOTAL_LABEL, tuple(presence(card, b.id) for b in columns))
    return AttendanceTable(columns, rows, total)


def expected_count(card: Card, bijeenkomst_id: str) -> int:
    """Everyone expected at this bijeenkomst: the team as it stood then. Unmarked people
    count as not (yet) present, not as left out."""
    return sum(1 for p in card.participants.values() if card.expected(p, bijeenkomst_id))


def presence_ratio(card: Card, bijeenkomst_id: str) -> float | None:
    """Share of the expected participants who are present (None: nobody expected)."""
    expected = expected_count(card, bijeenkomst_id)
    if not expected:
        return None
    present = sum(1 for p in card.participants.values() if card.expected(p, bijeenkomst_id)
                  and card.status(p.id, bijeenkomst_id) is AttendanceStatus.AANWEZIG)
    return present / expected

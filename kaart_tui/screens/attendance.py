"""Attendance at the door: participants grouped by organisation x bijeenkomsten.

The organisation rows and the "Aanwezig" row read exactly as the verslag will (seed 000,
Bijlage 1), so the facilitator sees the table of the report while taking attendance.
Marking someone changes only their cell and the sums of their organisation and of the
total; adding people or bijeenkomsten rebuilds the grid. Participants and bijeenkomsten
themselves are added and changed in ``attendance_people.py``.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from kaart_tui.domain import people
from kaart_tui.domain.attendance import TOTAL_LABEL, expected_count, presence, presence_ratio
from kaart_tui.domain.changes import Applied, Change
from kaart_tui.domain.model import Attendance, AttendanceStatus
from kaart_tui.dutch import percent, short_date
from kaart_tui.screens.attendance_people import AttendancePeopleKeys
from kaart_tui.screens.base import KaartScreen
from kaart_tui.screens.common import ChangeAware, apply_change, step_back
from kaart_tui.widgets.count_table import CountTable
from kaart_tui.widgets.footer import QuietFooter
from kaart_tui.widgets.steady_text import SteadyText
from kaart_tui.workshop import Workshop

CELL = {
    AttendanceStatus.AANWEZIG: Text("✓ aanwezig", style="bold green"),
    AttendanceStatus.AFWEZIG: Text("✗ afwezig", style="red"),
    AttendanceStatus.ONBEKEND: Text("·", style="dim"),
}
LEFT_CELL = Text("– niet meer in het team", style="dim italic")
NAME_COLUMN = "naam"


class AttendanceScreen(AttendancePeopleKeys, ChangeAware, KaartScreen):
    BINDINGS = [
        Binding("space", "cycle", "Aanwezig/afwezig/onbekend"),
        Binding("a", "mark('aanwezig')", "Aanwezig ↓", show=False),
        Binding("x", "mark('afwezig')", "Afwezig ↓", show=False),
        Binding("z", "as_last_time", "Zoals vorige keer"),
        Binding("w", "left_team", "Niet meer in het team", show=False),
        Binding("n", "add_participant", "Nieuwe deelnemer"),
        Binding("e", "edit_participant", "Wijzigen", show=False),
        Binding("d,delete", "remove_participant", "Verwijderen", show=False),
        Binding("i", "import_csv", "CSV inlezen"),
        Binding("b", "add_bijeenkomst", "Nieuwe bijeenkomst", show=False),
        Binding("B", "edit_bijeenkomst", "Bijeenkomst wijzigen", show=False),
        Binding("r", "score_round", "Scoreronde"),
        Binding("u,ctrl+z", "undo", "Ongedaan", show=False),
        Binding("home", "first", "Eerste", show=False),
        Binding("end", "last", "Laatste", show=False),
        Binding("escape", "back", "Terug naar de kaart"),
        Binding("question_mark", "app.help", "Hulp", key_display="?"),
    ]
    IMMEDIATE_KEYS = frozenset({"n", "e", "i", "b", "B"})  # they open a form

    def __init__(self, workshop: Workshop) -> None:
        super().__init__(id="attendance")
        self.workshop = workshop
        self._shape: tuple = ()

    def compose(self) -> ComposeResult:
        yield Static(id="attendance-header")
        # A CountTable: a mark redraws its own row and the sums, not the whole grid.
        yield CountTable(id="grid", zebra_stripes=False, cursor_type="cell", header_height=2)
        yield SteadyText(id="attendance-status")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.rebuild()
        self.query_one(DataTable).focus()

    @property
    def grid(self) -> CountTable:
        return self.query_one(CountTable)

    # -- drawing -------------------------------------------------------------------------
    def _current_shape(self) -> tuple:
        """What the rows and columns are: when it differs, the grid is built anew."""
        card = self.workshop.card
        return (tuple((b.id, b.number, b.date) for b in card.bijeenkomsten_in_order()),
                tuple((p.id, p.name, p.organisation, p.left_from)
                      for p in people.grid_order(card)),
                tuple(card.organisations()))

    def rebuild(self, focus_row: str | None = None, focus_column: str | None = None) -> None:
        card = self.workshop.card
        grid = self.grid
        old = grid.cursor_coordinate
        grid.clear(columns=True)
        meetings = card.bijeenkomsten_in_order()
        names = [len(o) for o in card.organisations()] + \
            [len(p.name) + 2 for p in card.people()]
        grid.add_column(Text("Deelnemer", style="bold"), key=NAME_COLUMN,
                        width=max([len(TOTAL_LABEL), 10, *names]))
        # Wide enough for the longest wording: "12 personen (3 afwezig)".
        summaries = [len(presence(card, b.id, o).text) for b in meetings
                     for o in [None, *card.organisations()]]
        width = max([14, *summaries])
        for b in meetings:
            grid.add_column(Text(f"{b.label}\n{short_date(b.date)}", style="bold"), key=b.id,
                            width=width)
        ordered = people.grid_order(card)
        for organisation in card.organisations():
            grid.add_row(Text(organisation, style="bold"),
                         *self._summary_cells(organisation), key=f"org:{organisation}")
            for person in ordered:
                if person.organisation == organisation:
                    grid.add_row(Text(f"  {person.name}"),
                                 *(self._cell(person.id, b.id) for b in meetings),
                                 key=f"p:{person.id}")
        grid.add_row(Text(TOTAL_LABEL, style="bold"), *self._summary_cells(None), key="total")
        self._shape = self._current_shape()
        self._header()
        if focus_row is not None:
            try:
                row = grid.get_row_index(focus_row)
                column = grid.get_column_index(focus_column) if focus_column else old.column
                grid.cursor_coordinate = Coordinate(row, column)
            except Exception:  # the row or column is gone (removed): keep the old place
                grid.cursor_coordinate = old
        elif old.row == 0 and old.column == 0 and self.workshop.current_id:
            grid.cursor_coordinate = Coordinate(0, grid.get_column_index(self.workshop.current_id))
        else:
            grid.cursor_coordinate = old
        self._status()

    def _cell(self, participant_id: str, bijeenkomst_id: str) -> Text:
        card = self.workshop.card
        if not card.expected(card.participants[participant_id], bijeenkomst_id):
            return LEFT_CELL
        return CELL[card.status(participant_id, bijeenkomst_id)]

    def _summary_cells(self, organisation: str | None) -> list[Text]:
        card = self.workshop.card
        style = "bold" if organisation is None else "italic"
        return [Text(presence(card, b.id, organisation).text, style=style)
                for b in card.bijeenkomsten_in_order()]

    def show_change(self, applied: Applied) -> None:
        """Marks change only their cells and the sums above and below them (issue 15);
        anything that changes the rows or columns builds the grid anew."""
        if self._current_shape() != self._shape or not applied.collections <= {
                "attendance", "scores", "settings"}:
            self.rebuild()
            return
        card = self.workshop.card
        grid = self.grid
        touched: set[tuple[str, str]] = set()
        for record in (*applied.change.put, *applied.change.remove):
            if isinstance(record, Attendance):
                touched.add((record.participant, record.bijeenkomst))
        for participant_id, bijeenkomst_id in touched:
            grid.set_cell(f"p:{participant_id}", bijeenkomst_id,
                          self._cell(participant_id, bijeenkomst_id))
            organisation = card.participants[participant_id].organisation
            grid.set_cell(f"org:{organisation}", bijeenkomst_id,
                          Text(presence(card, bijeenkomst_id, organisation).text,
                               style="italic"))
            grid.set_cell("total", bijeenkomst_id,
                          Text(presence(card, bijeenkomst_id).text, style="bold"))
        self._status()

    def on_screen_resume(self) -> None:
        if self.take_pending():
            self.rebuild()

    def _header(self) -> None:
        session = self.workshop.card.session
        text = Text(f"Aanwezigheid · {session.title}", style="bold")
        text.append("   spatie: aanwezig/afwezig/onbekend · a/x: aanwezig/afwezig en omlaag · "
                    "z: zoals vorige keer", style="dim")
        self.query_one("#attendance-header", Static).update(text)

    def _status(self) -> None:
        card = self.workshop.card
        bijeenkomst_id = self.cursor_bijeenkomst() or self.workshop.current_id
        status = Text()
        if bijeenkomst_id and bijeenkomst_id in card.bijeenkomsten:
            bijeenkomst = card.bijeenkomsten[bijeenkomst_id]
            counted = presence(card, bijeenkomst_id)
            expected = expected_count(card, bijeenkomst_id)
            status.append(f"{bijeenkomst.label}: {counted.present} van {expected} aanwezig")
            ratio = presence_ratio(card, bijeenkomst_id)
            quorum = card.quorum
            if ratio is not None:
                status.append(f" ({percent(ratio)}); quorum {percent(quorum)}: ")
                if ratio >= quorum:
                    status.append("gehaald", style="bold green")
                else:
                    status.append("NIET gehaald (besluiten alleen bij voldoende aanwezigheid)",
                                  style="bold red")
        # Steady: a new count on a line of the same height lays out nothing.
        self.query_one("#attendance-status", SteadyText).put(status)

    def on_data_table_cell_highlighted(self) -> None:
        self._status()

    def typed_text(self, text: str) -> None:
        self.notify(f"Getypt in het rooster, waar geen invoerveld open was: '{text[:50]}'. "
                    "Er is niets veranderd; n: nieuwe deelnemer, e: naam wijzigen.",
                    severity="warning", markup=False, timeout=8)

    # -- where the cursor is -------------------------------------------------------------
    def cursor_keys(self) -> tuple[str, str]:
        cell = self.grid.coordinate_to_cell_key(self.grid.cursor_coordinate)
        return str(cell.row_key.value), str(cell.column_key.value)

    def cursor_bijeenkomst(self) -> str | None:
        try:
            _, column = self.cursor_keys()
        except Exception:
            return None
        return column if column != NAME_COLUMN else None

    def cursor_participant(self) -> str | None:
        try:
            row, _ = self.cursor_keys()
        except Exception:
            return None
        return row[2:] if row.startswith("p:") else None

    # -- marking -------------------------------------------------------------------------
    def _set_status(self, status: AttendanceStatus | None, move_down: bool) -> None:
        bijeenkomst_id = self.cursor_bijeenkomst() or self.workshop.current_id
        if bijeenkomst_id is None:
            self.notify("Maak eerst een bijeenkomst (b).", severity="warning")
            return
        row, _ = self.cursor_keys()
        card = self.workshop.card
        if row.startswith("org:"):
            organisation = row[4:]
            members = [p.id for p in card.people() if p.organisation == organisation
                       and card.expected(p, bijeenkomst_id)]
            target = status or AttendanceStatus.AANWEZIG
            changes = [people.set_attendance(card, p, bijeenkomst_id, target) for p in members]
            combined = Change(f"{organisation}: iedereen {target.value}",
                              put=tuple(r for c in changes for r in c.put),
                              remove=tuple(r for c in changes for r in c.remove))
            apply_change(self, self.workshop, lambda: combined)
        elif row.startswith("p:"):
            participant_id = row[2:]
            new = status or people.next_status(card.status(participant_id, bijeenkomst_id))
            apply_change(self, self.workshop, lambda: people.set_attendance(
                card, participant_id, bijeenkomst_id, new))
        else:
            return
        if move_down:
            self.grid.action_cursor_down()

    def action_cycle(self) -> None:
        self._set_status(None, move_down=False)

    def action_mark(self, status: str) -> None:
        self._set_status(AttendanceStatus(status), move_down=True)

    def action_as_last_time(self) -> None:
        """One key at the second bijeenkomst instead of a roll call: the previous
        bijeenkomst's marks, then only the changes are typed."""
        bijeenkomst_id = self.cursor_bijeenkomst() or self.workshop.current_id
        card = self.workshop.card
        previous = people.previous_bijeenkomst(card, bijeenkomst_id) if bijeenkomst_id \
            else None
        if previous is None:
            self.notify("Dit is de eerste bijeenkomst: er is geen vorige keer.",
                        severity="warning")
            return
        applied = apply_change(self, self.workshop, lambda: people.copy_attendance(
            card, previous, bijeenkomst_id))
        if applied is not None:
            self.notify(applied.label, markup=False, timeout=6)

    def action_left_team(self) -> None:
        participant_id = self.cursor_participant()
        bijeenkomst_id = self.cursor_bijeenkomst() or self.workshop.current_id
        if participant_id is None or bijeenkomst_id is None:
            self.notify("Ga op een deelnemer staan, in de kolom van de bijeenkomst vanaf "
                        "wanneer.", severity="warning")
            return
        card = self.workshop.card
        already = card.participants[participant_id].left_from is not None
        applied = apply_change(self, self.workshop, lambda: people.set_left(
            card, participant_id, None if already else bijeenkomst_id))
        if applied is not None:
            self.notify(applied.label, markup=False, timeout=5)

    def action_undo(self) -> None:
        step_back(self, self.workshop)

    def action_first(self) -> None:
        self.grid.cursor_coordinate = Coordinate(0, self.grid.cursor_coordinate.column)

    def action_last(self) -> None:
        self.grid.cursor_coordinate = Coordinate(self.grid.row_count - 1,
                                                 self.grid.cursor_coordinate.column)

    def action_back(self) -> None:
        self.app.pop_screen()

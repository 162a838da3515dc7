"""Attendance at the door: participants grouped by organisation x bijeenkomsten.

The organisation rows and the "Aanwezig" row read exactly as the verslag will (seed 000,
Bijlage 1), so the facilitator sees the table of the report while taking attendance.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Static

from kaart_tui.domain import people
from kaart_tui.domain.attendance import TOTAL_LABEL, expected_count, presence, presence_ratio
from kaart_tui.domain.changes import Change
from kaart_tui.domain.model import AttendanceStatus
from kaart_tui.domain.participants_csv import parse_participants_csv
from kaart_tui.dutch import parse_date, percent, short_date
from kaart_tui.errors import DomainError, KaartError
from kaart_tui.screens.common import add_bijeenkomst, apply_change, step_back
from kaart_tui.screens.dialogs import ChoiceDialog, ConfirmDialog, TextPrompt
from kaart_tui.screens.import_preview import ImportPreview
from kaart_tui.widgets.footer import QuietFooter
from kaart_tui.workshop import Workshop

CELL = {
    AttendanceStatus.AANWEZIG: Text("✓ aanwezig", style="bold green"),
    AttendanceStatus.AFWEZIG: Text("✗ afwezig", style="red"),
    AttendanceStatus.ONBEKEND: Text("·", style="dim"),
}
NAME_COLUMN = "naam"


class AttendanceScreen(Screen):
    BINDINGS = [
        Binding("space", "cycle", "Aanwezig/afwezig/onbekend"),
        Binding("a", "mark('aanwezig')", "Aanwezig ↓", show=False),
        Binding("x", "mark('afwezig')", "Afwezig ↓", show=False),
        Binding("n", "add_participant", "Nieuwe deelnemer"),
        Binding("e", "edit_participant", "Wijzigen", show=False),
        Binding("d,delete", "remove_participant", "Verwijderen", show=False),
        Binding("i", "import_csv", "CSV inlezen"),
        Binding("b", "add_bijeenkomst", "Nieuwe bijeenkomst", show=False),
        Binding("B", "edit_bijeenkomst", "Bijeenkomst wijzigen", show=False),
        Binding("r", "score_round", "Scoreronde"),
        Binding("u,ctrl+z", "undo", "Ongedaan", show=False),
        Binding("escape", "back", "Terug naar de kaart"),
        Binding("question_mark", "app.help", "Hulp", key_display="?"),
    ]

    def __init__(self, workshop: Workshop) -> None:
        super().__init__(id="attendance")
        self.workshop = workshop

    def compose(self) -> ComposeResult:
        yield Static(id="attendance-header")
        yield DataTable(id="grid", zebra_stripes=False, cursor_type="cell", header_height=2)
        yield Static(id="attendance-status")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.rebuild()
        self.query_one(DataTable).focus()

    @property
    def grid(self) -> DataTable:
        return self.query_one(DataTable)

    # -- drawing -------------------------------------------------------------------------
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
        for organisation in card.organisations():
            grid.add_row(Text(organisation, style="bold"),
                         *self._summary_cells(organisation), key=f"org:{organisation}")
            for person in card.people():
                if person.organisation == organisation:
                    grid.add_row(Text(f"  {person.name}"),
                                 *(CELL[card.status(person.id, b.id)]
                                   for b in card.bijeenkomsten_in_order()),
                                 key=f"p:{person.id}")
        grid.add_row(Text(TOTAL_LABEL, style="bold"), *self._summary_cells(None), key="total")
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

    def _summary_cells(self, organisation: str | None) -> list[Text]:
        card = self.workshop.card
        style = "bold" if organisation is None else "italic"
        return [Text(presence(card, b.id, organisation).text, style=style)
                for b in card.bijeenkomsten_in_order()]

    def _header(self) -> None:
        session = self.workshop.card.session
        text = Text(f"Aanwezigheid · {session.title}", style="bold")
        text.append("   spatie: aanwezig/afwezig/onbekend · a/x: aanwezig/afwezig en omlaag",
                    style="dim")
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
        self.query_one("#attendance-status", Static).update(status)

    @on(DataTable.CellHighlighted)
    def _moved(self) -> None:
        self._status()

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

    # -- changing ------------------------------------------------------------------------
    def run_change(self, make: Callable[[], Change], focus_row: str | None = None,
                   focus_column: str | None = None) -> Change | None:
        change = apply_change(self, self.workshop, make)
        if change is not None:
            self.rebuild(focus_row, focus_column)
        return change

    def _set_status(self, status: AttendanceStatus | None, move_down: bool) -> None:
        bijeenkomst_id = self.cursor_bijeenkomst() or self.workshop.current_id
        if bijeenkomst_id is None:
            self.notify("Maak eerst een bijeenkomst (b).", severity="warning")
            return
        row, _ = self.cursor_keys()
        card = self.workshop.card
        if row.startswith("org:"):
            organisation = row[4:]
            members = [p.id for p in card.people() if p.organisation == organisation]
            target = status or AttendanceStatus.AANWEZIG
            changes = [people.set_attendance(card, p, bijeenkomst_id, target) for p in members]
            combined = Change(f"{organisation}: iedereen {target.value}",
                              put=tuple(r for c in changes for r in c.put),
                              remove=tuple(r for c in changes for r in c.remove))
            self.run_change(lambda: combined, row, bijeenkomst_id)
        elif row.startswith("p:"):
            participant_id = row[2:]
            new = status or people.next_status(card.status(participant_id, bijeenkomst_id))
            self.run_change(lambda: people.set_attendance(card, participant_id, bijeenkomst_id,
                                                          new), row, bijeenkomst_id)
        else:
            return
        if move_down:
            self.grid.action_cursor_down()

    def action_cycle(self) -> None:
        self._set_status(None, move_down=False)

    def action_mark(self, status: str) -> None:
        self._set_status(AttendanceStatus(status), move_down=True)

    def action_undo(self) -> None:
        if step_back(self, self.workshop):
            self.rebuild()

    # -- participants --------------------------------------------------------------------
    def _ask_person(self, title: str, name: str, organisation: str | None,
                    done: Callable[[str, str], None]) -> None:
        card = self.workshop.card

        def named(value: str | None) -> None:
            if value is None:
                return

            def organised(choice: str | None) -> None:
                if choice is None:
                    return
                chosen = choice.removeprefix(ChoiceDialog.NEW_PREFIX)
                done(value, chosen)

            choices = [(o, o) for o in card.organisations()]
            self.app.push_screen(ChoiceDialog(
                "Organisatie", choices, filterable=True, current=organisation,
                allow_new="Nieuwe organisatie"), organised)

        self.app.push_screen(TextPrompt(title, name, placeholder="voor- en achternaam"), named)

    def action_add_participant(self) -> None:
        card = self.workshop.card
        self._ask_person("Nieuwe deelnemer", "", None, lambda name, org: self.run_change(
            lambda: people.add_participant(card, name, org)))

    def action_edit_participant(self) -> None:
        participant_id = self.cursor_participant()
        if participant_id is None:
            self.notify("Ga op een deelnemer staan.", severity="warning")
            return
        card = self.workshop.card
        person = card.participants[participant_id]
        self._ask_person("Deelnemer wijzigen", person.name, person.organisation,
                         lambda name, org: self.run_change(
                             lambda: people.edit_participant(card, participant_id, name, org),
                             f"p:{participant_id}"))

    def action_remove_participant(self) -> None:
        participant_id = self.cursor_participant()
        if participant_id is None:
            self.notify("Ga op een deelnemer staan.", severity="warning")
            return
        person = self.workshop.card.participants[participant_id]

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            applied = self.run_change(lambda: people.remove_participant(self.workshop.card,
                                                                         participant_id))
            if applied is not None:
                self.notify(applied.label, markup=False, timeout=5)

        self.app.push_screen(ConfirmDialog(
            f"{person.name} verwijderen?",
            f"{person.name} ({person.organisation}) verdwijnt uit de sessie en uit elk "
            "nieuw verslag. Bijdragen, stemmen en acties blijven staan, zonder naam; "
            "aanwezigheid en scores van deze persoon worden gewist. Verslagen die al "
            "gemaakt zijn, moet u zelf verwijderen."), confirmed)

    def action_import_csv(self) -> None:
        def chosen(path_text: str | None) -> None:
            if not path_text:
                return
            path = Path(path_text.strip().strip('"')).expanduser()
            try:
                data = path.read_bytes()
            except OSError as error:
                self.notify(f"{path} is niet te lezen: {error.strerror or error}.",
                            severity="error", markup=False, timeout=8)
                return
            try:
                preview = parse_participants_csv(data, self.workshop.card.people())
            except DomainError as error:
                self.notify(error.message, severity="error", markup=False, timeout=10)
                return

            def decided(yes: bool | None) -> None:
                if yes and preview.good:
                    card = self.workshop.card
                    if self.run_change(lambda: people.add_participants(
                            card, list(preview.participants()))):
                        self.notify(preview.summary, markup=False, timeout=6)

            self.app.push_screen(ImportPreview(path, preview), decided)

        self.app.push_screen(TextPrompt("Deelnemerslijst inlezen (CSV)",
                                        placeholder="pad naar het bestand, bv. "
                                                    "~/Documenten/deelnemers.csv"), chosen)

    # -- bijeenkomsten -------------------------------------------------------------------
    def _ask_bijeenkomst(self, title: str, day: str, location: str,
                         done: Callable[[str, str], None]) -> None:
        def dated(value: str | None) -> None:
            if value is None:
                return

            def located(place: str | None) -> None:
                if place is not None:
                    done(value, place)

            self.app.push_screen(TextPrompt("Locatie (mag leeg)", location), located)

        self.app.push_screen(TextPrompt(title, day, placeholder="bv. 3-11-2026 of vandaag"),
                             dated)

    def action_add_bijeenkomst(self) -> None:
        def done(day: str, place: str) -> None:
            try:
                parsed = parse_date(day)
            except KaartError as error:
                self.notify(error.message, severity="error", markup=False, timeout=30)
                return
            bijeenkomst = add_bijeenkomst(self, self.workshop, parsed, place or None)
            if bijeenkomst is None:
                return
            # Move into the new column: marking must go to the new meeting.
            row, _ = self.cursor_keys()
            self.rebuild(focus_row=row, focus_column=bijeenkomst.id)
            self.notify(f"{bijeenkomst.label} toegevoegd en gekozen.", markup=False)

        self._ask_bijeenkomst("Nieuwe bijeenkomst: datum", "vandaag", "", done)

    def action_edit_bijeenkomst(self) -> None:
        bijeenkomst_id = self.cursor_bijeenkomst() or self.workshop.current_id
        if bijeenkomst_id is None:
            return
        card = self.workshop.card
        b = card.bijeenkomsten[bijeenkomst_id]

        def done(day: str, place: str) -> None:
            try:
                parsed = parse_date(day)
            except DomainError as error:
                self.notify(error.message, severity="error", markup=False)
                return
            self.run_change(lambda: people.edit_bijeenkomst(card, bijeenkomst_id, b.number,
                                                             parsed, place or None))

        self._ask_bijeenkomst(f"{b.label}: datum", short_date(b.date), b.location or "", done)

    # -- elsewhere -----------------------------------------------------------------------
    def action_score_round(self) -> None:
        from kaart_tui.screens.scores import ScoreScreen

        bijeenkomst_id = self.cursor_bijeenkomst() or self.workshop.current_id
        if bijeenkomst_id is None:
            self.notify("Maak eerst een bijeenkomst (b).", severity="warning")
            return
        self.app.push_screen(ScoreScreen(self.workshop, bijeenkomst_id))

    def on_screen_resume(self) -> None:
        self.rebuild()

    def action_back(self) -> None:
        self.app.pop_screen()

"""The score round (seed 003): how does the collaboration feel now, 1 to 10?

Down the list of who is present: a digit gives the score and moves on (0 is 10).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from kaart_tui.domain import people
from kaart_tui.dutch import decimal
from kaart_tui.messages import CardChanged
from kaart_tui.screens.base import KaartScreen
from kaart_tui.screens.common import apply_change
from kaart_tui.widgets.footer import QuietFooter
from kaart_tui.workshop import Workshop


class ScoreScreen(KaartScreen):
    BINDINGS = [
        # One binding per digit; only the first is shown, standing for all of them.
        Binding("1", "score(1)", "Score (0 = 10)", key_display="1-9, 0"),
        *(Binding(str(n), f"score({n})", f"Score {n}", show=False) for n in range(2, 10)),
        Binding("0", "score(10)", "Score 10", show=False),
        Binding("backspace,delete", "clear", "Wissen"),
        Binding("escape", "app.pop_screen", "Klaar"),
    ]

    def __init__(self, workshop: Workshop, bijeenkomst_id: str) -> None:
        super().__init__(id="scores")
        self.workshop = workshop
        self.bijeenkomst_id = bijeenkomst_id

    def compose(self) -> ComposeResult:
        yield Static(id="scores-header")
        yield DataTable(id="score-table", cursor_type="row")
        yield QuietFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Deelnemer", key="naam")
        table.add_column("Organisatie", key="organisatie")
        table.add_column("Score", key="score")
        card = self.workshop.card
        present = {p.id for p in card.present(self.bijeenkomst_id)}
        # In the order of the attendance grid, the list the facilitator just went through.
        for person in (p for p in people.grid_order(card) if p.id in present):
            score = card.scores.get((person.id, self.bijeenkomst_id))
            table.add_row(person.name, person.organisation,
                          str(score.score) if score else "", key=person.id)
        table.focus()
        self._header()

    def _header(self) -> None:
        card = self.workshop.card
        bijeenkomst = card.bijeenkomsten[self.bijeenkomst_id]
        text = Text(f"Scoreronde · {bijeenkomst.label}", style="bold")
        text.append("   Hoe voelt de samenwerking nu, van 1 tot 10? ", style="italic")
        average, change = people.score_summary(card, self.bijeenkomst_id)
        if average is not None:
            text.append(f"  Gemiddeld {decimal(average)}")
            if change is not None:
                text.append(f" ({'+' if change >= 0 else ''}{decimal(change)} sinds de vorige)")
        if not card.present(self.bijeenkomst_id):
            text.append("\nNog niemand is als aanwezig gemarkeerd (aanwezigheid: g).",
                        style="bold red")
        self.query_one("#scores-header", Static).update(text)

    def _set(self, score: int | None) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        row = table.cursor_row
        participant_id = str(table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value)
        if apply_change(self, self.workshop, lambda: people.set_score(
                self.workshop.card, participant_id, self.bijeenkomst_id, score)) is None:
            return
        table.update_cell(participant_id, "score", "" if score is None else str(score))
        self._header()
        if score is not None and row < table.row_count - 1:
            table.move_cursor(row=row + 1)

    def action_score(self, score: int) -> None:
        self._set(score)

    def action_clear(self) -> None:
        self._set(None)

    def on_card_changed(self, message: CardChanged) -> None:
        """A score given elsewhere (a phone in the room): the column shows it at once."""
        if not message.applied.touches("scores"):
            return
        table = self.query_one(DataTable)
        card = self.workshop.card
        for row_key in list(table.rows):
            score = card.scores.get((str(row_key.value), self.bijeenkomst_id))
            table.update_cell(row_key, "score", str(score.score) if score else "")
        self._header()

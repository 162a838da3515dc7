"""The help screen (?): every key of the card, the picker and the typing tips."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from kaart_tui.help_data import ROOM_BINDINGS, TYPING_TIPS, binding_rows
from kaart_tui.screens.base import KaartModal


def _table(title: str, rows: list[tuple[str, str]]) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", show_header=False,
                  box=None, padding=(0, 2), expand=True)
    table.add_column(style="bold cyan", no_wrap=True, min_width=14)
    table.add_column(ratio=1)
    for key, description in rows:
        table.add_row(Text(key), Text(description))
    return table


class HelpScreen(KaartModal):
    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "Sluiten")]

    def compose(self) -> ComposeResult:
        from kaart_tui.screens.actions import ActionsScreen
        from kaart_tui.screens.attendance import AttendanceScreen
        from kaart_tui.screens.card import CardScreen
        from kaart_tui.screens.picker import PickerScreen
        from kaart_tui.screens.presentation import PresentationScreen
        from kaart_tui.screens.result import ResultScreen
        from kaart_tui.screens.scores import ScoreScreen
        from kaart_tui.screens.voting import VotingScreen

        with VerticalScroll(id="help", classes="dialog dialog-wide"):
            yield Static(Text("Hulp: alle toetsen", style="bold"), classes="dialog-title")
            yield Static(Text("Esc of ? sluit dit venster.", style="dim"))
            yield Static(_table("De kaart", binding_rows(CardScreen.BINDINGS)))
            yield Static(_table("Typen", TYPING_TIPS))
            yield Static(_table("Presenteren (beamer)", binding_rows(PresentationScreen.BINDINGS)))
            yield Static(_table("Stemmen (V)", binding_rows(VotingScreen.BINDINGS)))
            yield Static(_table("Uitslag (r op het stemscherm)",
                                binding_rows(ResultScreen.BINDINGS)))
            yield Static(_table("Acties (A)", binding_rows(ActionsScreen.BINDINGS)))
            yield Static(_table("Aanwezigheid (g)", binding_rows(AttendanceScreen.BINDINGS)))
            yield Static(_table("Scoreronde (r in aanwezigheid)",
                                binding_rows(ScoreScreen.BINDINGS)))
            yield Static(_table("De zaal (Z, als de zaal open is)", binding_rows(ROOM_BINDINGS)))
            yield Static(_table("Sessies kiezen", binding_rows(PickerScreen.BINDINGS)))
            yield Static(_table("Overal", [("Ctrl+P", "opdrachtenpalet"), ("q / Ctrl+Q",
                                                                          "stoppen")]))

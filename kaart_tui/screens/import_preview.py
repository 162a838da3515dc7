"""What a CSV file will add, row by row, before anything is added."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from kaart_tui.domain.participants_csv import CsvPreview
from kaart_tui.screens.base import KaartModal


class ImportPreview(KaartModal):
    BINDINGS = [Binding("enter,j", "accept", "Inlezen"), Binding("escape,n", "cancel", "Annuleren")]

    def __init__(self, path: Path, preview: CsvPreview) -> None:
        super().__init__()
        self.path = path
        self.preview = preview

    def compose(self) -> ComposeResult:
        table = Table(show_header=True, header_style="bold", box=None, expand=True)
        table.add_column("regel", justify="right", no_wrap=True)
        table.add_column("naam")
        table.add_column("organisatie")
        table.add_column("")
        for row in self.preview.rows:
            mark = Text("✓", style="green") if row.ok else Text(row.problem or "", style="red")
            table.add_row(str(row.line), Text(row.name or ""), Text(row.organisation or ""), mark)
        with VerticalScroll(classes="dialog dialog-wide", id="import-preview"):
            yield Static(Text(f"Voorbeeld: {self.path.name}", style="bold"),
                         classes="dialog-title")
            yield Static(Text(self.preview.summary))
            yield Static(table)
            hint = ("Enter: de goede regels inlezen · Esc: annuleren" if self.preview.good
                    else "Er is niets in te lezen. Esc: terug")
            yield Static(Text(hint, style="dim"), classes="dialog-hint")

    def action_accept(self) -> None:
        self.dismiss(bool(self.preview.good))

    def action_cancel(self) -> None:
        self.dismiss(False)

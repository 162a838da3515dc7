"""The least any Textual card of a session can cost to start, for comparison with kaart.

    python benchmarks/startup_floor.py text|lists SESSIE

Both variants import what kaart imports to open a session, open it (lock, read, check)
and draw the card's texts in five bordered columns under the session's title, and
nothing else: no focus, no add field, no footer, no themes folded, no voting marks.
"text" puts each column in one Static; "lists" puts each column's items in an OptionList,
the widget kaart's columns are built on. run.py measures both beside kaart, so the
start-up figure can be read against what Textual itself needs for such a screen.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static

from kaart_tui.domain.steps import PAPER_ORDER, Step
from kaart_tui.store import DataFolder
from kaart_tui.workshop import Workshop


def column_lines(workshop: Workshop, step: Step) -> list[str]:
    card, text = workshop.card, workshop.template.step(step)
    lines = [f"{step.number} {text.name}", text.question]
    for theme in card.themes_of(step):
        lines.append(f"▾ {theme.title}")
        lines.extend(f"  · {e.text}" for e in card.entries_of(step) if e.theme == theme.id)
    lines.extend(f"· {e.text}" for e in card.entries_of(step) if e.theme is None)
    return lines


class FloorApp(App):
    CSS = """
    .column { width: 1fr; height: 1fr; border: round $panel; }
    .column OptionList { height: 1fr; border: none; }
    """

    def __init__(self, workshop: Workshop, lists: bool) -> None:
        super().__init__()
        self.workshop, self.lists = workshop, lists

    def compose(self) -> ComposeResult:
        yield Static(self.workshop.card.session.title, markup=False)
        with Horizontal():
            for step in PAPER_ORDER:
                lines = column_lines(self.workshop, step)
                if self.lists:
                    with Vertical(classes="column"):
                        yield Static("\n".join(lines[:2]), markup=False)
                        yield OptionList(*lines[2:], markup=False)
                else:
                    yield Static("\n".join(lines), markup=False, classes="column")


def main() -> None:
    variant, slug = sys.argv[1], sys.argv[2]
    folder = DataFolder.from_settings(None).ensure()
    workshop = Workshop(folder.open(slug), templates_dir=folder.templates_dir)
    try:
        FloorApp(workshop, lists=variant == "lists").run()
    finally:
        workshop.close()


if __name__ == "__main__":
    main()

"""Presentation mode for the beamer: no chrome, the focused step or the whole card.

A terminal cannot enlarge its letters; "large" here means generous spacing and only what
the group needs to read. Enlarge the terminal font on the beamer laptop for the rest.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from kaart_tui.domain.ranking import candidate_title, step_top, top_size
from kaart_tui.domain.steps import FILL_ORDER, PAPER_ORDER, Step
from kaart_tui.workshop import Workshop


class PresentationScreen(Screen):
    BINDINGS = [
        Binding("escape,f5", "app.pop_screen", "Terug naar de kaart"),
        Binding("k", "toggle_whole", "Hele kaart / één stap"),
        Binding("left", "step(-1)", "Vorige stap"),
        Binding("right", "step(1)", "Volgende stap"),
    ]

    def __init__(self, workshop: Workshop, step: Step) -> None:
        super().__init__(id="presentation")
        self.workshop = workshop
        self.step = step
        self.whole = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="presentation-single"):
            yield Static(id="presentation-step")
        with Horizontal(id="presentation-whole"):
            for step in PAPER_ORDER:
                yield Static(id=f"presentation-{step.value}", classes="presentation-column")

    def on_mount(self) -> None:
        self.redraw()

    def _step_renderable(self, step: Step, compact: bool) -> Group:
        card, template = self.workshop.card, self.workshop.current_template
        text = template.step(step)
        current = self.workshop.current_id
        parts: list = [Text(f"{step.number}  {text.name.upper()}", style="bold"),
                       Text(text.question, style="italic")]
        evaluation = card.is_evaluation(current)
        top = step_top(card, step, current, text.top_n, own_round_only=evaluation) \
            if current else []
        if top:
            parts.append(Text(""))
            size = top_size(card, step, current, text.top_n)
            parts.append(Text(f"Top {size}", style="bold underline"))
            for ranked in top:
                line = Text(f"{ranked.place_label}. ", style="bold")
                line.append(candidate_title(ranked.item))
                line.append(f"  ({ranked.count})", style="dim")
                parts.append(line)
        parts.append(Text(""))
        numbers = {b.id: b.number for b in card.bijeenkomsten.values()}
        until = numbers.get(current or "", 0)
        for theme in card.themes_of(step):
            if numbers[theme.bijeenkomst] > until:
                continue
            parts.append(Text(f"▪ {theme.title}", style="bold"))
            if not compact:
                for entry in card.entries_in_theme(theme.id):
                    parts.append(Text(f"    {entry.text}"))
            parts.append(Text(""))
        for entry in card.entries_of(step):
            if entry.theme is None and numbers[entry.bijeenkomst] <= until:
                parts.append(Text(f"· {entry.text}"))
        return Group(*parts)

    def redraw(self) -> None:
        self.query_one("#presentation-single").display = not self.whole
        self.query_one("#presentation-whole").display = self.whole
        if self.whole:
            for step in PAPER_ORDER:
                self.query_one(f"#presentation-{step.value}", Static).update(
                    self._step_renderable(step, compact=True))
        else:
            self.query_one("#presentation-step", Static).update(
                self._step_renderable(self.step, compact=False))

    def action_toggle_whole(self) -> None:
        self.whole = not self.whole
        self.redraw()

    def action_step(self, delta: int) -> None:
        # As on paper: ← is a higher step.
        index = (FILL_ORDER.index(self.step) - delta) % len(FILL_ORDER)
        self.step = FILL_ORDER[index]
        self.redraw()

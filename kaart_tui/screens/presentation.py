"""Presentation mode for the beamer: no chrome, the focused step or the whole card.

A terminal cannot enlarge its letters; "large" here means generous spacing and only what
the group needs to read. Enlarge the terminal font on the beamer laptop for the rest.
"""

from __future__ import annotations

import time

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from kaart_tui.domain.changes import Applied
from kaart_tui.domain.ranking import candidate_title, on_the_card, step_top, top_size
from kaart_tui.domain.steps import FILL_ORDER, PAPER_ORDER, Step
from kaart_tui.domain.timer import StepTimer
from kaart_tui.screens.base import KaartScreen
from kaart_tui.screens.card_meetings import timer_text
from kaart_tui.screens.common import ChangeAware
from kaart_tui.workshop import Workshop


class PresentationScreen(ChangeAware, KaartScreen):
    BINDINGS = [
        Binding("escape,f5", "app.pop_screen", "Terug naar de kaart"),
        Binding("k", "toggle_whole", "Hele kaart / één stap"),
        Binding("left", "step(-1)", "Vorige stap"),
        Binding("right", "step(1)", "Volgende stap"),
    ]

    def __init__(self, workshop: Workshop, step: Step,
                 timers: dict[Step, StepTimer] | None = None) -> None:
        super().__init__(id="presentation")
        self.workshop = workshop
        self.step = step
        self.whole = False
        # The card's own timers: the group sees the time of the step running.
        self.timers = timers or {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="presentation-single"):
            yield Static(id="presentation-step")
        with Horizontal(id="presentation-whole"):
            for step in PAPER_ORDER:
                yield Static(id=f"presentation-{step.value}", classes="presentation-column")

    def on_mount(self) -> None:
        self.redraw()
        self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        if any(t.running for t in self.timers.values()):
            self.redraw()

    def show_change(self, applied: Applied) -> None:
        self.redraw()  # live: votes and entries coming in show on the beamer at once

    def on_screen_resume(self) -> None:
        if self.take_pending():
            self.redraw()

    def _step_renderable(self, step: Step, compact: bool) -> Group:
        card, template = self.workshop.card, self.workshop.current_template
        text = template.step(step)
        current = self.workshop.current_id
        heading = Text(f"{step.number}  {text.name.upper()}", style="bold")
        timer = self.timers.get(step)
        if timer is not None and timer.started():
            heading.append(f"   {timer_text(timer, time.monotonic())}", style="bold yellow")
        parts: list = [heading, Text(text.question, style="italic")]
        evaluation = card.is_evaluation(current)
        top = step_top(card, step, current, text.top_n, own_round_only=evaluation) \
            if current else []
        if top:
            parts.append(Text(""))
            size = top_size(card, step, current, text.top_n, own_round_only=evaluation)
            parts.append(Text(f"Top {size}", style="bold underline"))
            for ranked in top:
                # The group's words only: "gedeeld", never the facilitator's "vastgezet".
                line = Text(f"{ranked.public_label}. ", style="bold")
                line.append(candidate_title(ranked.item))
                line.append(f"  ({ranked.count})", style="dim")
                parts.append(line)
        parts.append(Text(""))
        shown = on_the_card(card, current) if current else set()
        for theme in card.themes_of(step):
            if theme.bijeenkomst not in shown:
                continue
            parts.append(Text(f"▪ {theme.title}", style="bold"))
            if not compact:
                for entry in card.entries_in_theme(theme.id):
                    parts.append(Text(f"    {entry.text}"))
            parts.append(Text(""))
        for entry in card.entries_of(step):
            if entry.theme is None and entry.bijeenkomst in shown:
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

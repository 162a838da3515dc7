"""The result of a vote: ranked, with bars, the top N marked, ties shown as shared.

A tie at the cut is never decided silently: the facilitator may move candidates by hand
(J/K); that order is stored and marked "vastgezet".
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from kaart_tui.domain import voting
from kaart_tui.domain.ranking import candidate_title, results_visible, round_ranking, top_n
from kaart_tui.domain.steps import Step
from kaart_tui.screens.base import KaartScreen
from kaart_tui.screens.common import apply_change
from kaart_tui.widgets.footer import QuietFooter
from kaart_tui.widgets.vote_table import bar, short
from kaart_tui.workshop import Workshop

BAR_WIDTH = 12  # fixed, so that bars stay in proportion at every screen width


class ResultScreen(KaartScreen):
    BINDINGS = [
        Binding("up", "cursor(-1)", "Omhoog", show=False),
        Binding("down", "cursor(1)", "Omlaag", show=False),
        Binding("K,shift+up", "move(-1)", "Hoger zetten"),
        Binding("J,shift+down", "move(1)", "Lager zetten"),
        Binding("F", "unfix", "Volgens de stemmen"),
        Binding("N", "toggle_top", "Top 3 / top 5"),
        Binding("home", "cursor(-1000)", "Eerste", show=False),
        Binding("end", "cursor(1000)", "Laatste", show=False),
        Binding("escape,r", "app.pop_screen", "Terug"),
    ]

    def __init__(self, workshop: Workshop, step: Step, bijeenkomst_id: str) -> None:
        super().__init__(id="result")
        self.workshop = workshop
        self.step = step
        self.bijeenkomst_id = bijeenkomst_id
        self.cursor = 0

    def compose(self) -> ComposeResult:
        yield Static(id="result-body")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.redraw()

    def ranking(self):
        return round_ranking(self.workshop.card, self.step, self.bijeenkomst_id)

    def redraw(self) -> None:
        self.refresh_bindings()  # the keys of a shown result come and go with it
        card = self.workshop.card
        voting_round = voting.round_of(card, self.step, self.bijeenkomst_id)
        step_text = self.workshop.current_template.step(self.step)
        body = self.query_one("#result-body", Static)
        title = Text(f"Uitslag · {step_text.heading} · "
                     f"{card.bijeenkomsten[self.bijeenkomst_id].label}", style="bold")
        ranked = self.ranking()
        if not any(r.count for r in ranked):
            body.update(Text.assemble(title, "\n\nEr is nog niet gestemd."))
            return
        if not results_visible(card, self.step, self.bijeenkomst_id):
            body.update(Text.assemble(title, "\n\nDe uitslag is nog verborgen. Onthul hem met "
                                             "R op het stemscherm."))
            return
        size = voting_round.top_n if voting_round is not None else step_text.top_n
        top = {id(r) for r in top_n(ranked, size)}
        most = max((r.count for r in ranked), default=0)
        table = Table(box=None, expand=True, show_header=True, header_style="bold")
        table.add_column("Plaats", no_wrap=True)
        table.add_column("Thema of bijdrage", ratio=3)
        table.add_column("Stemmen", justify="right", no_wrap=True)
        table.add_column("", width=BAR_WIDTH, no_wrap=True)
        self.cursor = max(0, min(self.cursor, len(ranked) - 1))
        for index, r in enumerate(ranked):
            in_top = id(r) in top
            style = "bold" if in_top else "dim"
            if index == self.cursor:
                style += " reverse"
            table.add_row(Text(r.place_label, style=style),
                          Text(short(candidate_title(r.item), 70), style=style),
                          Text(str(r.count), style=style),
                          Text(bar(r.count, most, BAR_WIDTH),
                               style="green" if in_top else "dim green"))
        notes = Text()
        shared = [r for r in ranked if r.shared and r.place <= size and r.count]
        if shared:
            notes.append(f"\nGedeelde plaats binnen de top {size}: zet de "
                         "volgorde met J/K als de groep kiest, of laat hem gedeeld. J/K "
                         "wisselt alleen thema's met evenveel stemmen.",
                         style="bold yellow")
        if voting_round is None:
            notes.append("\nDeze stemmen horen bij geen stemronde (bijvoorbeeld ingelezen); "
                         "om de volgorde vast te zetten: begin een ronde met V.", style="dim")
        elif voting_round.fixed_order:
            notes.append("\nDe volgorde is met de hand vastgezet (F: terug naar de stemmen).",
                         style="italic")
        header = Text.assemble(title, f"   Top {size}\n")
        from rich.console import Group
        body.update(Group(header, table, notes))

    # What can only be done on a result that is shown: before the reveal of a secret round
    # a key that answers "moved" or "not a tie" would tell what the hidden totals are.
    _ON_SHOWN_RESULT = {"cursor", "move", "unfix", "toggle_top"}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self._ON_SHOWN_RESULT:
            card = self.workshop.card
            return any(r.count for r in self.ranking()) and \
                results_visible(card, self.step, self.bijeenkomst_id)
        return True

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta
        self.redraw()

    def action_move(self, delta: int) -> None:
        """J/K: one place down or up, only among themes with the same count."""
        ranked = self.ranking()
        if not ranked:
            return
        item = ranked[self.cursor].item
        if apply_change(self, self.workshop, lambda: voting.move_within_tie(
                self.workshop.card, self.step, self.bijeenkomst_id, item, delta)) is None:
            return
        self.cursor = [r.item.id for r in self.ranking()].index(item.id)
        self.redraw()

    def action_unfix(self) -> None:
        if apply_change(self, self.workshop, lambda: voting.clear_fixed_order(
                self.workshop.card, self.step, self.bijeenkomst_id)) is not None:
            self.redraw()

    def action_toggle_top(self) -> None:
        voting_round = voting.round_of(self.workshop.card, self.step, self.bijeenkomst_id)
        if voting_round is None:
            return
        new = 5 if voting_round.top_n != 5 else 3
        if apply_change(self, self.workshop, lambda: voting.set_top_n(
                self.workshop.card, self.step, self.bijeenkomst_id, new)) is not None:
            self.redraw()

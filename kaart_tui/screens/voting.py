"""Quick voting on a step: faster than dot stickers, and fair.

Three ways, chosen per round: a tally the facilitator types, dots per present participant,
or a secret round in which the laptop goes round and no total is on screen until the
facilitator reveals it. Every vote is on disk as it is cast and can be undone.
"""

from __future__ import annotations

import time
from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Static

from kaart_tui.domain import voting
from kaart_tui.domain.attendance import presence
from kaart_tui.domain.changes import Change
from kaart_tui.domain.model import Theme, VotingMode, VotingRound
from kaart_tui.domain.people import quorum_reached
from kaart_tui.domain.ranking import Candidate, candidate_title, candidates, tally
from kaart_tui.domain.steps import Step
from kaart_tui.screens.common import apply_change, step_back
from kaart_tui.screens.dialogs import ChoiceDialog, ConfirmDialog, TextPrompt
from kaart_tui.widgets.footer import QuietFooter
from kaart_tui.workshop import Workshop

TITLE_LENGTH = 90
# Digits typed within this many seconds on the same row make one number ("1", "2" -> 12).
DIGIT_WINDOW = 1.5


def short(text: str, length: int = TITLE_LENGTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def bar(count: int, most: int, width: int = 20) -> str:
    return "█" * round(width * count / most) if most else ""


class VotingScreen(Screen):
    BINDINGS = [
        Binding("space,plus", "more", "Stip / +1"),
        Binding("minus", "less", "Stip weg / -1"),
        Binding("p", "choose_voter", "Wie stemt"),
        Binding("n", "next_voter", "Volgende", show=False),
        Binding("enter", "hand_on", "Klaar, doorgeven", show=False),
        Binding("r", "result", "Uitslag"),
        Binding("R", "reveal", "Uitslag onthullen", show=False),
        Binding("u,ctrl+z", "undo", "Ongedaan"),
        Binding("c", "cancel_round", "Ronde annuleren", show=False),
        Binding("escape", "back", "Terug naar de kaart"),
        Binding("question_mark", "app.help", "Hulp", key_display="?"),
        *(Binding(str(n), f"digit({n})", "Telling typen", show=False) for n in range(10)),
        Binding("backspace", "zero", "Telling op 0", show=False),
    ]

    def __init__(self, workshop: Workshop, step: Step, bijeenkomst_id: str) -> None:
        super().__init__(id="voting")
        self.workshop = workshop
        self.step = step
        self.bijeenkomst_id = bijeenkomst_id
        self.voter: str | None = None
        self._digits = ""
        self._digit_row: int | None = None
        self._digit_time = 0.0
        self._replace_existing = False
        self._row_keys: list[str] = []

    # -- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="voting-header")
        with Horizontal(id="voting-body"):
            yield DataTable(id="candidates", cursor_type="row")
            yield DataTable(id="voters", cursor_type="none")
        yield Static(id="voting-status")
        yield QuietFooter()

    @property
    def round(self) -> VotingRound | None:
        return voting.round_of(self.workshop.card, self.step, self.bijeenkomst_id)

    @property
    def secret(self) -> bool:
        r = self.round
        return r is not None and r.mode is VotingMode.GEHEIM and not r.revealed

    def on_mount(self) -> None:
        # Fixed widths: auto-sized columns took the width of the empty table they started as.
        table = self.query_one("#candidates", DataTable)
        table.add_column("Thema of bijdrage", key="title", width=TITLE_LENGTH)
        table.add_column("Stemmen", key="count", width=8)
        table.add_column("", key="bar", width=20)
        table.add_column("Jij", key="own", width=8)
        voters = self.query_one("#voters", DataTable)
        voters.add_column("Deelnemer", key="name", width=20)
        voters.add_column("Over", key="left", width=9)
        table.focus()
        if self.round is not None:
            self.redraw()
        elif voting.existing_votes(self.workshop.card, self.step, self.bijeenkomst_id):
            self._ask_about_earlier_votes()
        else:
            self._start_round()

    def _ask_about_earlier_votes(self) -> None:
        count = len(voting.existing_votes(self.workshop.card, self.step, self.bijeenkomst_id))

        def chosen(choice: str | None) -> None:
            if choice == "opnieuw":
                self._replace_existing = True
                self._start_round()
            else:
                self.app.pop_screen()
                if choice == "uitslag":
                    from kaart_tui.screens.result import ResultScreen

                    self.app.push_screen(ResultScreen(self.workshop, self.step,
                                                      self.bijeenkomst_id))

        self.app.push_screen(ChoiceDialog(
            f"Deze stap heeft al {count} stemmen in deze bijeenkomst",
            [("uitslag", "1  Uitslag bekijken"),
             ("opnieuw", "2  Opnieuw stemmen (de oude stemmen gaan weg; u maakt dat ongedaan)")],
            shortcuts={"1": "uitslag", "2": "opnieuw"}), chosen)

    def _start_round(self) -> None:
        template_top = self.workshop.current_template.step(self.step).top_n
        choices = [(mode.value, f"{n}  {label}") for n, (mode, label) in
                   enumerate(voting.MODE_LABELS.items(), start=1)]

        def chosen(mode_value: str | None) -> None:
            if mode_value is None:
                self.app.pop_screen()
                return
            mode = VotingMode(mode_value)
            if mode is VotingMode.TELLING:
                self._begin(mode, 3, None, template_top)
                return

            def budgeted(value: str | None) -> None:
                if value is None:
                    self.app.pop_screen()
                    return
                try:
                    budget = int(value or "3")
                except ValueError:
                    self.notify(f"'{value}' is geen aantal.", severity="error", markup=False)
                    self.app.pop_screen()
                    return

                def limited(maximum: str | None) -> None:
                    if maximum is None:
                        self.app.pop_screen()
                        return
                    try:
                        limit = int(maximum) if maximum.strip() else None
                    except ValueError:
                        self.notify(f"'{maximum}' is geen aantal.", severity="error",
                                    markup=False)
                        self.app.pop_screen()
                        return
                    self._begin(mode, budget, limit, template_top)

                self.app.push_screen(TextPrompt("Maximum stippen per thema (leeg: geen)", ""),
                                     limited)

            self.app.push_screen(TextPrompt("Hoeveel stippen per deelnemer?", "3"), budgeted)

        self.app.push_screen(ChoiceDialog(
            f"Stemmen over stap {self.step.number}: hoe?", choices,
            hint="1-3 of ↑↓ Enter · Esc: terug",
            shortcuts={str(n): mode.value for n, mode in
                       enumerate(voting.MODE_LABELS, start=1)}), chosen)

    def _begin(self, mode: VotingMode, budget: int, limit: int | None, top_n: int) -> None:
        if apply_change(self, self.workshop, lambda: voting.start_round(
                self.workshop.card, self.step, self.bijeenkomst_id, mode, budget, limit,
                top_n, self._replace_existing)) is None:
            self.app.pop_screen()
            return
        if mode is not VotingMode.TELLING:
            self.voter = self._next_voter()
        self.redraw()

    # -- drawing -------------------------------------------------------------------------
    def candidate_list(self) -> list[Candidate]:
        return candidates(self.workshop.card, self.step, self.bijeenkomst_id)

    def redraw(self) -> None:
        card = self.workshop.card
        voting_round = self.round
        if voting_round is None:
            return
        table = self.query_one("#candidates", DataTable)
        counts = dict((c.id, n) for c, n in tally(card, self.step, self.bijeenkomst_id))
        most = max(counts.values(), default=0)
        hidden = self.secret
        listed = self.candidate_list()
        keys = [c.id for c in listed]
        if keys != self._row_keys:
            # New candidates: build the rows. Otherwise cells are updated in place, so the
            # cursor stays put and typed digits keep adding up.
            row = table.cursor_row
            table.clear()
            for candidate in listed:
                table.add_row(Text(short(candidate_title(candidate)),
                                   style="bold" if isinstance(candidate, Theme)
                                   else ""), "", "", "", key=candidate.id)
            self._row_keys = keys
            if table.row_count:
                table.cursor_coordinate = Coordinate(min(max(row, 0), table.row_count - 1), 0)
        for candidate in listed:
            count = counts.get(candidate.id, 0)
            own = voting.dots_on(card, voting_round, self.voter, candidate) if self.voter else 0
            table.update_cell(candidate.id, "count",
                              Text("" if hidden else str(count), justify="right"))
            table.update_cell(candidate.id, "bar", Text("" if hidden else bar(count, most),
                                                        style="green"))
            table.update_cell(candidate.id, "own", Text("●" * own, style="bold yellow"))
        self._draw_voters()
        self._draw_header()

    def _draw_voters(self) -> None:
        card = self.workshop.card
        voting_round = self.round
        table = self.query_one("#voters", DataTable)
        table.display = voting_round is not None and voting_round.mode is not VotingMode.TELLING
        table.clear()
        if not table.display or voting_round is None:
            return
        voted = set(voting.voters(card, voting_round))
        for person in card.present(self.bijeenkomst_id):
            used = voting.dots_used(card, voting_round, person.id)
            if self.secret:
                # Whether someone has voted, never how: that would give their dots away.
                left = Text("✓ gestemd" if person.id in voted else "", style="green")
            else:
                left = Text(str(voting_round.budget - used))
            name = Text(person.name, style="bold reverse" if person.id == self.voter else "")
            table.add_row(name, left, key=person.id)

    def _draw_header(self) -> None:
        card = self.workshop.card
        voting_round = self.round
        if voting_round is None:
            return
        text_step = self.workshop.current_template.step(self.step)
        bijeenkomst = card.bijeenkomsten[self.bijeenkomst_id]
        header = Text(f"Stemmen · {text_step.heading} · {bijeenkomst.label}", style="bold")
        mode = voting.MODE_LABELS[voting_round.mode]
        detail = f"   {mode}"
        if voting_round.mode is not VotingMode.TELLING:
            detail += f", {voting_round.budget} stippen"
            if voting_round.max_per_candidate:
                detail += f", max {voting_round.max_per_candidate} per thema"
        detail += f", top {voting_round.top_n}"
        header.append(detail)
        counted = presence(card, self.bijeenkomst_id)
        header.append(f"\n{counted.present} van {counted.present + counted.absent} aanwezig")
        if quorum_reached(card, self.bijeenkomst_id) is False:
            header.append("  · onder het quorum: de uitslag telt met minder stemmen",
                          style="bold red")
        self.query_one("#voting-header", Static).update(header)
        status = Text()
        if voting_round.mode is VotingMode.TELLING:
            status.append("Typ het aantal stemmen (cijfers), + en - tellen bij of af, "
                          "↑↓ naar het volgende thema.")
        elif self.voter is None:
            if self.secret:
                status.append("Geef de laptop door. Volgende deelnemer: p en kies je naam.",
                              style="bold")
            else:
                status.append("Kies wie stemt: p (of n voor de volgende).")
        else:
            person = card.participants[self.voter]
            left = voting_round.budget - voting.dots_used(card, voting_round, self.voter)
            status.append(f"{person.name} stemt: ", style="bold")
            status.append(f"nog {left} stip{'' if left == 1 else 'pen'}. ")
            status.append("Spatie: stip, -: weghalen" + (", Enter: klaar en doorgeven."
                                                         if self.secret else ", n: volgende."))
        self.query_one("#voting-status", Static).update(status)

    # -- helpers -------------------------------------------------------------------------
    def focused_candidate(self) -> Candidate | None:
        table = self.query_one("#candidates", DataTable)
        options = self.candidate_list()
        if not table.row_count or not options:
            return None
        return options[min(table.cursor_row, len(options) - 1)]

    def run_change(self, make: Callable[[], Change], quiet: bool = True) -> Change | None:
        change = apply_change(self, self.workshop, make)
        if change is None:
            return None
        self.redraw()
        if not quiet:
            self.notify(change.label, markup=False, timeout=3)
        return change

    def _next_voter(self) -> str | None:
        card = self.workshop.card
        voting_round = self.round
        if voting_round is None:
            return None
        present = [p.id for p in card.present(self.bijeenkomst_id)]
        done = set(voting.voters(card, voting_round)) if self.secret else set()
        start = present.index(self.voter) + 1 if self.voter in present else 0
        for person_id in present[start:] + present[:start]:
            if person_id in done:
                continue
            if voting.dots_used(card, voting_round, person_id) < voting_round.budget:
                return person_id
        return None

    # -- actions -------------------------------------------------------------------------
    def action_more(self) -> None:
        self._adjust(+1)

    def action_less(self) -> None:
        self._adjust(-1)

    def _adjust(self, delta: int) -> None:
        voting_round, candidate = self.round, self.focused_candidate()
        if voting_round is None or candidate is None:
            return
        card = self.workshop.card
        if voting_round.mode is VotingMode.TELLING:
            count = dict((c.id, n) for c, n in tally(card, self.step, self.bijeenkomst_id))
            new = max(0, count.get(candidate.id, 0) + delta)
            self.run_change(lambda: voting.set_tally(card, self.step, self.bijeenkomst_id,
                                                     candidate, new))
            return
        if self.voter is None:
            self.notify("Kies eerst wie stemt (p).", severity="warning")
            return
        rule = voting.add_dot if delta > 0 else voting.remove_dot
        self.run_change(lambda: rule(card, self.step, self.bijeenkomst_id, self.voter,
                                     candidate))

    def action_digit(self, digit: int) -> None:
        voting_round, candidate = self.round, self.focused_candidate()
        if voting_round is None or candidate is None or voting_round.mode is not VotingMode.TELLING:
            return
        table = self.query_one("#candidates", DataTable)
        now = time.monotonic()
        if self._digit_row == table.cursor_row and now - self._digit_time < DIGIT_WINDOW:
            self._digits += str(digit)
        else:
            self._digits = str(digit)
        self._digit_row, self._digit_time = table.cursor_row, now
        count = int(self._digits[-3:])
        self.run_change(lambda: voting.set_tally(self.workshop.card, self.step,
                                                 self.bijeenkomst_id, candidate, count))

    def action_zero(self) -> None:
        voting_round, candidate = self.round, self.focused_candidate()
        if voting_round is not None and candidate is not None and \
                voting_round.mode is VotingMode.TELLING:
            self.run_change(lambda: voting.set_tally(self.workshop.card, self.step,
                                                     self.bijeenkomst_id, candidate, 0))

    def action_choose_voter(self) -> None:
        card = self.workshop.card
        voting_round = self.round
        if voting_round is None or voting_round.mode is VotingMode.TELLING:
            return
        present = card.present(self.bijeenkomst_id)
        if not present:
            self.notify("Niemand is als aanwezig gemarkeerd; alleen wie aanwezig is stemt "
                        "(aanwezigheid: g op de kaart).", severity="warning", timeout=8)
            return
        done = set(voting.voters(card, voting_round)) if self.secret else set()
        choices = [(p.id, p.name) for p in present if p.id not in done]
        if not choices:
            self.notify("Iedereen heeft gestemd. R: uitslag onthullen.", severity="warning")
            return

        def chosen(person_id: str | None) -> None:
            if person_id is not None:
                self.voter = person_id
                self.redraw()

        self.app.push_screen(ChoiceDialog("Wie stemt?", choices, filterable=True), chosen)

    def action_next_voter(self) -> None:
        if self.round is None or self.round.mode is VotingMode.TELLING:
            return
        self.voter = self._next_voter()
        if self.voter is None:
            self.notify("Iedereen heeft zijn stippen gezet.", timeout=4)
        self.redraw()

    def action_hand_on(self) -> None:
        if self.secret and self.voter is not None:
            self.voter = None  # nothing of the previous voter stays on screen
            self.redraw()

    def action_reveal(self) -> None:
        if not self.secret:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.voter = None
                self.run_change(lambda: voting.reveal(self.workshop.card, self.step,
                                                      self.bijeenkomst_id), quiet=False)
                self.action_result()

        self.app.push_screen(ConfirmDialog("Uitslag onthullen?",
                                           "Daarna kan er in deze ronde niet meer gestemd "
                                           "worden."), confirmed)

    def action_result(self) -> None:
        from kaart_tui.screens.result import ResultScreen

        self.app.push_screen(ResultScreen(self.workshop, self.step, self.bijeenkomst_id))

    def action_undo(self) -> None:
        if self.secret:
            # Undo would reach the previous voter's dots (and name them in its message).
            self.notify("In een geheime ronde haalt ieder een eigen stip weg met -.",
                        severity="warning")
            return
        if step_back(self, self.workshop) is None:
            return
        if self.round is None:  # the round itself was undone
            self.app.pop_screen()
            return
        self.redraw()

    def action_cancel_round(self) -> None:
        if self.round is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes and self.run_change(lambda: voting.cancel_round(
                    self.workshop.card, self.step, self.bijeenkomst_id), quiet=False):
                self.app.pop_screen()

        self.app.push_screen(ConfirmDialog("Stemronde annuleren?",
                                           "Alle stemmen van deze ronde worden weggehaald "
                                           "(u maakt dat weer ongedaan)."), confirmed)

    def on_screen_resume(self) -> None:
        self.redraw()

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(DataTable.RowSelected, "#candidates")
    def _enter(self, event: DataTable.RowSelected) -> None:
        # The table takes Enter itself (as "select") before the screen's binding runs.
        event.stop()
        self.action_hand_on()

    @on(DataTable.RowHighlighted, "#candidates")
    def _moved(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row != self._digit_row:  # a new row starts a new number
            self._digits = ""

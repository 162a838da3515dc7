"""Quick voting on a step: faster than dot stickers, and fair.

Three ways, chosen per round (screens/voting_setup.py): a tally the facilitator types,
dots per present participant, or a secret round in which the laptop goes round and no
total is on screen until the facilitator reveals it. Every vote is on disk as it is cast
and can be undone. The screen counts only with its counting keys: in a tally only digits,
+ and -; in a dot round space and -. Letters only get a hint.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from kaart_tui.domain import voting
from kaart_tui.domain.changes import Applied
from kaart_tui.domain.model import Theme, VotingMode, VotingRound
from kaart_tui.domain.ranking import Candidate, candidate_title
from kaart_tui.domain.steps import Step
from kaart_tui.screens.base import KaartScreen
from kaart_tui.screens.common import ChangeAware, apply_change, step_back
from kaart_tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from kaart_tui.widgets.count_table import CountTable
from kaart_tui.widgets.footer import QuietFooter
from kaart_tui.widgets.steady_text import SteadyText
from kaart_tui.widgets.vote_table import bar, fitted_title_width, short
from kaart_tui.widgets.voting_header import round_header, round_status
from kaart_tui.workshop import Workshop

# Digits typed within this many seconds on the same row make one number ("1", "2" -> 12).
DIGIT_WINDOW = 1.5
# Below this width the list of voters goes: the counts and bars need the room.
VOTERS_WIDTH = 100
COUNT, OWN = 8, 8


class VotingScreen(ChangeAware, KaartScreen):
    BINDINGS = [
        Binding("space", "more", "Stip (stippen)"),
        Binding("plus", "more", "+1 (telling)", show=False),
        Binding("minus", "less", "Stip weg / -1"),
        Binding("p", "choose_voter", "Wie stemt"),
        Binding("n", "next_voter", "Volgende", show=False),
        Binding("enter", "hand_on", "Klaar, doorgeven", show=False),
        Binding("r", "result", "Uitslag"),
        Binding("R", "reveal", "Uitslag onthullen", show=False),
        Binding("u,ctrl+z", "undo", "Ongedaan"),
        Binding("home", "first", "Eerste", show=False),
        Binding("end", "last", "Laatste", show=False),
        Binding("escape", "back", "Terug naar de kaart"),
        Binding("question_mark", "app.help", "Hulp", key_display="?"),
        *(Binding(str(n), f"digit({n})", "Telling typen", show=False) for n in range(10)),
        Binding("backspace", "zero", "Telling op 0", show=False),
    ]
    # Counting keys run at once; every other printable key waits to see whether it is
    # part of a sentence typed by mistake (see keyboard.py).
    IMMEDIATE_KEYS = frozenset({*"0123456789", "plus", "minus"})
    IMMEDIATE_KEYS_OPEN_FIELDS = False  # each is a whole count, however fast they come

    def __init__(self, workshop: Workshop, step: Step, bijeenkomst_id: str) -> None:
        super().__init__(id="voting")
        self.workshop = workshop
        self.step = step
        self.bijeenkomst_id = bijeenkomst_id
        self.voter: str | None = None
        self._digits = ""
        self._digit_row: int | None = None
        self._digit_time = 0.0
        self._row_keys: list[str] = []
        self._layout: tuple | None = None
        self._voter_rows: list[str] = []

    # -- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield SteadyText(id="voting-header")
        with Horizontal(id="voting-body"):
            yield CountTable(id="candidates", cursor_type="row")
            yield CountTable(id="voters", cursor_type="none")
        yield SteadyText(id="voting-status")
        yield QuietFooter()

    @property
    def round(self) -> VotingRound | None:
        return voting.round_of(self.workshop.card, self.step, self.bijeenkomst_id)

    @property
    def secret(self) -> bool:
        r = self.round
        return r is not None and r.mode is VotingMode.GEHEIM and not r.revealed

    @property
    def dots(self) -> bool:
        r = self.round
        return r is not None and r.mode is not VotingMode.TELLING

    def on_mount(self) -> None:
        voters = self.query_one("#voters", DataTable)
        voters.add_column("Deelnemer", key="name", width=20)
        voters.add_column("Over", key="left", width=9)
        if self.dots and not self.secret:
            self.voter = self._next_voter()
        self.query_one("#candidates", DataTable).focus()
        self.redraw()

    def on_resize(self) -> None:
        self.redraw()

    def _columns(self) -> tuple:
        """Which columns, and how wide, for this round at this width: the counts and the bar
        stay visible at 80 columns, the titles are shortened to what is left."""
        wide = self.app.size.width >= VOTERS_WIDTH
        total = self.app.size.width - (33 if wide and self.dots else 0)
        bar_width = max(5, min(20, total // 6))
        if self.secret:
            fixed = [OWN]  # no count, no bar: nothing of the others' votes on screen
        elif self.dots:
            fixed = [COUNT, bar_width, OWN]
        else:
            fixed = [COUNT, bar_width]
        return (self.secret, self.dots, wide, fitted_title_width(total, fixed), bar_width)

    def _build_table(self) -> None:
        layout = self._columns()
        self._layout = layout
        secret, dots, wide, title_width, bar_width = layout
        table = self.query_one("#candidates", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_column("Thema of bijdrage", key="title", width=title_width)
        if not secret:
            table.add_column("Stemmen", key="count", width=COUNT)
            table.add_column("", key="bar", width=bar_width)
        if dots:
            table.add_column("Jij", key="own", width=OWN)
        for candidate in self.candidate_list():
            table.add_row(*self._row(candidate, title_width), key=candidate.id)
        self._row_keys = [c.id for c in self.candidate_list()]
        self.query_one("#voters", DataTable).display = dots and wide
        if table.row_count:
            table.cursor_coordinate = Coordinate(min(max(row, 0), table.row_count - 1), 0)

    def _row(self, candidate: Candidate, title_width: int) -> list[Text]:
        cells = [Text(short(candidate_title(candidate), title_width),
                      style="bold" if isinstance(candidate, Theme) else "")]
        if not self.secret:
            cells += [Text(""), Text("")]
        if self.dots:
            cells.append(Text(""))
        return cells

    # -- drawing -------------------------------------------------------------------------
    def candidate_list(self) -> list[Candidate]:
        voting_round = self.round
        if voting_round is None:
            return []
        return voting.ballots(self.workshop.card, voting_round).candidates

    def redraw(self) -> None:
        voting_round = self.round
        if voting_round is None:
            return
        card = self.workshop.card
        index = voting.ballots(card, voting_round)  # one pass over the votes per redraw
        if self._columns() != self._layout or [c.id for c in index.candidates] != \
                self._row_keys:
            self._build_table()
        table = self.query_one("#candidates", CountTable)
        most = max(index.per_target.values(), default=0)
        bar_width = self._layout[4]
        secret, dots, cell = self.secret, self.dots, table.set_cell
        for candidate in index.candidates:
            if not secret:
                count = index.count(candidate)
                cell(candidate.id, "count", Text(str(count), justify="right"))
                cell(candidate.id, "bar", Text(bar(count, most, bar_width), style="green"))
            if dots:
                own = index.on(self.voter, candidate) if self.voter else 0
                cell(candidate.id, "own", Text("●" * own, style="bold yellow"))
        self._draw_voters(index)
        self._draw_header(index)

    def show_change(self, applied: Applied) -> None:
        self.redraw()

    def on_screen_resume(self) -> None:
        if self.take_pending():
            self.redraw()

    def _draw_voters(self, index: voting.Ballots) -> None:
        table = self.query_one("#voters", CountTable)
        if not table.display:
            return
        voted = set(index.voters())
        people = voting.voting_order(self.workshop.card, self.bijeenkomst_id)
        rebuild = [p.id for p in people] != self._voter_rows
        if rebuild:  # someone came or went: new rows; otherwise only changed cells
            table.clear()
            self._voter_rows = [p.id for p in people]
        for person in people:
            if self.secret:
                # Whether someone has voted, never how: that would give their dots away.
                left = Text("✓ gestemd" if person.id in voted else "", style="green")
            else:
                left = Text(str(index.left(person.id)))
            name = Text(short(person.name, 20),
                        style="bold reverse" if person.id == self.voter else "")
            if rebuild:
                table.add_row(name, left, key=person.id)
            else:
                table.set_cell(person.id, "name", name)
                table.set_cell(person.id, "left", left)

    def _draw_header(self, index: voting.Ballots) -> None:
        # Steady: a new count in a line of the same height lays out nothing.
        self.query_one("#voting-header", SteadyText).put(
            round_header(self.workshop, self.step, self.bijeenkomst_id, index))
        self.query_one("#voting-status", SteadyText).put(
            round_status(self.workshop.card, index, self.voter))

    def typed_text(self, text: str) -> None:
        """A sentence or letters typed here by mistake: nothing is counted."""
        hint = "cijfers, + en -" if not self.dots else "spatie (stip) en -"
        self.notify(f"Hier tellen alleen {hint}; '{short(text, 40)}' is niet gebruikt.",
                    severity="warning", markup=False, timeout=6)

    # -- helpers -------------------------------------------------------------------------
    def focused_candidate(self, index: voting.Ballots | None = None) -> Candidate | None:
        table = self.query_one("#candidates", DataTable)
        options = index.candidates if index is not None else self.candidate_list()
        if not table.row_count or not options:
            return None
        return options[min(table.cursor_row, len(options) - 1)]

    def _next_voter(self) -> str | None:
        voting_round = self.round
        if voting_round is None:
            return None
        return voting.next_voter(self.workshop.card, voting_round, self.voter)

    def _to_top(self) -> None:
        table = self.query_one("#candidates", DataTable)
        if table.row_count:
            table.cursor_coordinate = Coordinate(0, 0)

    def _vote(self, make) -> None:
        apply_change(self, self.workshop, make)  # the screen redraws on CardChanged

    # -- actions -------------------------------------------------------------------------
    def action_more(self) -> None:
        self._adjust(+1)

    def action_less(self) -> None:
        self._adjust(-1)

    def _adjust(self, delta: int) -> None:
        voting_round = self.round
        if voting_round is None:
            return
        card = self.workshop.card
        index = voting.ballots(card, voting_round)  # for the rule and the row both
        candidate = self.focused_candidate(index)
        if candidate is None:
            return
        if voting_round.mode is VotingMode.TELLING:
            new = max(0, index.count(candidate) + delta)
            self._vote(lambda: voting.set_tally(card, self.step, self.bijeenkomst_id,
                                                candidate, new, index))
            return
        if self.voter is None:
            self.notify("Kies eerst wie stemt (p).", severity="warning")
            return
        rule = voting.add_dot if delta > 0 else voting.remove_dot
        self._vote(lambda: rule(card, self.step, self.bijeenkomst_id, self.voter, candidate,
                                index))

    def action_digit(self, digit: int) -> None:
        voting_round, candidate = self.round, self.focused_candidate()
        if voting_round is None or candidate is None:
            return
        if voting_round.mode is not VotingMode.TELLING:
            self.notify("In een stipronde zet spatie een stip; cijfers tellen alleen in een "
                        "telling.", severity="warning", timeout=5)
            return
        table = self.query_one("#candidates", DataTable)
        now = time.monotonic()
        if self._digit_row == table.cursor_row and now - self._digit_time < DIGIT_WINDOW:
            self._digits += str(digit)
        else:
            self._digits = str(digit)
        self._digit_row, self._digit_time = table.cursor_row, now
        count = int(self._digits[-3:])
        self._vote(lambda: voting.set_tally(self.workshop.card, self.step,
                                            self.bijeenkomst_id, candidate, count))

    def action_zero(self) -> None:
        voting_round, candidate = self.round, self.focused_candidate()
        if voting_round is not None and candidate is not None and \
                voting_round.mode is VotingMode.TELLING:
            self._vote(lambda: voting.set_tally(self.workshop.card, self.step,
                                                self.bijeenkomst_id, candidate, 0))

    def action_first(self) -> None:
        self._to_top()

    def action_last(self) -> None:
        table = self.query_one("#candidates", DataTable)
        if table.row_count:
            table.cursor_coordinate = Coordinate(table.row_count - 1, 0)

    def action_choose_voter(self) -> None:
        voting_round = self.round
        if voting_round is None or not self.dots:
            return
        card = self.workshop.card
        present = voting.voting_order(card, self.bijeenkomst_id)
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
                self._to_top()  # each voter starts at the top, not where the last one was
                self.redraw()

        self.app.push_screen(ChoiceDialog("Wie stemt?", choices, filterable=True), chosen)

    def action_next_voter(self) -> None:
        if not self.dots or self.secret:
            return
        self.voter = self._next_voter()
        self._to_top()
        if self.voter is None:
            self.notify("Iedereen heeft zijn stippen gezet.", timeout=4)
        self.redraw()

    def action_hand_on(self) -> None:
        if self.secret and self.voter is not None:
            self.voter = None  # nothing of the previous voter stays on screen
            self._to_top()
            self.redraw()

    def action_reveal(self) -> None:
        if not self.secret:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.voter = None
                if apply_change(self, self.workshop, lambda: voting.reveal(
                        self.workshop.card, self.step, self.bijeenkomst_id)) is not None:
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
        if step_back(self, self.workshop) is not None and self.round is None:
            self.app.pop_screen()  # the round itself was undone

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # The table takes Enter itself (as "select") before the screen's binding runs.
        event.stop()
        self.action_hand_on()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row != self._digit_row:  # a new row starts a new number
            self._digits = ""

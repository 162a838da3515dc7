"""The card: five step columns, filled from step 1 on the right, kept by keyboard.

This module holds the screen itself: layout, focus, what a column shows, redrawing what
a change altered, undo, and the ways to other screens. What the keys do to entries and
themes is in ``card_entries.py`` and ``card_themes.py``; bijeenkomsten, the verslag and
the timers in ``card_meetings.py``.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input

from kaart_tui.domain.actions import looked_back_on
from kaart_tui.domain.changes import Applied
from kaart_tui.domain.ranking import (
    candidate_key,
    candidate_title,
    results_visible,
    round_ranking,
    step_top,
    top_n,
    top_size,
    voting_bijeenkomst,
)
from kaart_tui.domain.steps import FILL_ORDER, PAPER_ORDER, Step
from kaart_tui.messages import ColumnFocused
from kaart_tui.screens.base import KaartScreen
from kaart_tui.screens.card_entries import CardEntryKeys
from kaart_tui.screens.card_meetings import CardMeetingKeys
from kaart_tui.screens.card_poster import CardPosterKeys
from kaart_tui.screens.card_room import CardRoomKeys
from kaart_tui.screens.card_themes import CardThemeKeys
from kaart_tui.screens.common import ChangeAware, step_back
from kaart_tui.widgets.card_header import CardHeader
from kaart_tui.widgets.footer import QuietFooter
from kaart_tui.widgets.step_column import ColumnView, StepColumn, item_id, split_item_id
from kaart_tui.widgets.vote_table import place_mark
from kaart_tui.workshop import Workshop


def vote_marks(card, step: Step, bijeenkomst_id: str | None, evaluation: bool,
               top: int) -> dict[str, str]:
    """What the vote gave each theme of a step, as the card shows it: "① (9)" for a place
    in the top (a shared place "②="), "(2)" for votes outside it. In an evaluation: its
    own round (the "nu"); elsewhere the round that gives the card's top."""
    if bijeenkomst_id is None:
        return {}
    voted_in = bijeenkomst_id if evaluation else voting_bijeenkomst(card, step, bijeenkomst_id)
    if voted_in is None or not results_visible(card, step, voted_in):
        return {}
    ranked = round_ranking(card, step, voted_in)
    size = top_size(card, step, bijeenkomst_id, top, own_round_only=evaluation)
    in_top = {id(r) for r in top_n(ranked, size)}
    return {candidate_key(r.item): (f"{place_mark(r)} ({r.count})" if id(r) in in_top
                                    else f"({r.count})")
            for r in ranked if r.count}


class CardScreen(CardEntryKeys, CardThemeKeys, CardMeetingKeys, CardPosterKeys, CardRoomKeys,
                 ChangeAware, KaartScreen):
    """Focus starts on Waarden (step 1): the card is filled from the right."""

    BINDINGS = [
        # The keys that open a field to type in are priority bindings: see check_action.
        Binding("a", "add", "Toevoegen", priority=True),
        Binding("e,f2", "edit", "Bewerken", priority=True),
        Binding("d,delete", "delete", "Verwijderen"),
        Binding("space", "select", "Selecteren", show=False),
        Binding("t", "theme", "Thema", priority=True),
        Binding("p", "attribute", "Deelnemer", priority=True),
        Binding("m", "move", "Verplaatsen", show=False),
        Binding("x", "ungroup", "Uit thema / opheffen", show=False),
        Binding("M", "merge", "Thema's samenvoegen", show=False, priority=True),
        Binding("enter", "fold", "Thema in-/uitklappen; op een bijdrage: bewerken", show=False),
        Binding("u,ctrl+z", "undo", "Ongedaan"),
        Binding("U,ctrl+y", "redo", "Opnieuw", show=False),
        Binding("b", "switch_bijeenkomst", "Bijeenkomst", priority=True),
        Binding("g", "attendance", "Aanwezigheid"),
        Binding("V", "vote", "Stemmen", priority=True),
        Binding("A", "actions", "Acties"),
        Binding("E", "export", "Verslag"),
        Binding("Z", "room", "Zaal"),
        Binding("L", "labels", "Labels", show=False, priority=True),
        Binding("N", "step_note", "Aantekening bij de stap", show=False, priority=True),
        Binding("left", "column(-1)", "Vorige kolom", show=False),
        Binding("right", "column(1)", "Volgende kolom", show=False),
        Binding("v", "guiding", "Hulpvragen", show=False),
        Binding("o", "order", "Leesrichting", show=False),
        Binding("s", "timer", "Timer start/pauze", show=False),
        Binding("S", "timer_reset", "Timer terug", show=False),
        Binding("f5", "presentation", "Presenteren", show=False),
        Binding("escape", "clear_selection", "Selectie wissen", show=False),
        Binding("question_mark", "app.help", "Hulp", key_display="?"),
    ]

    # Below this width the columns without focus show only their themes.
    NARROW_WIDTH = 120
    # Keys that open a field or dialog run at once: what is typed behind them is text in
    # that field. Every other printable key waits a moment (keyboard.py).
    IMMEDIATE_KEYS = frozenset({"a", "e", "t", "p", "b", "m", "M", "L", "V", "N"})

    def __init__(self, workshop: Workshop) -> None:
        super().__init__(id="card-screen")
        self.workshop = workshop
        self.active: Step = Step.WAARDEN
        # The list that has the focus from the first frame on. Left to Textual, the first
        # list (Acties) took it when the card was composed and Waarden only a moment after
        # the first frame: a key pressed as soon as the card showed ran in Acties ('a' added
        # the entry there, V started the round for step 5), and the card was drawn again.
        self.AUTO_FOCUS = f"#items-{self.active.value}"
        self.paper_order = True
        self.selected: set[str] = set()
        self.folded: set[str] = set()
        self.init_timers()

    # -- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # Classes are right from the start: each one set after mounting restyles the card.
        self.set_class(self.narrow, "narrow")
        yield CardHeader(id="card-header")
        with Horizontal(id="card"):
            for step in PAPER_ORDER:
                yield StepColumn(self.workshop.template.step(step), active=step is self.active)
        # The export progress bar is mounted by the first export (see card_meetings).
        yield QuietFooter()

    def on_mount(self) -> None:
        created = self.workshop.ensure_bijeenkomst()
        if created is not None:
            self.notify(f"{created.label} aangemaakt met de datum van vandaag.", markup=False)
        self.tell_template_problems()
        self.tell_waiting()
        self.redraw()
        self.set_interval(1.0, self.tick_timers)

    def column(self, step: Step) -> StepColumn:
        return self.query_one(f"#column-{step.value}", StepColumn)

    @property
    def order(self) -> tuple[Step, ...]:
        return PAPER_ORDER if self.paper_order else FILL_ORDER

    @property
    def narrow(self) -> bool:
        # The app's size: known already in compose, before the screen has one.
        return self.app.size.width < self.NARROW_WIDTH

    def view(self, step: Step) -> ColumnView:
        card, current = self.workshop.card, self.workshop.current_id
        evaluation = card.is_evaluation(current)
        then: tuple[str, ...] = ()
        if evaluation and current is not None:
            before = looked_back_on(card, current)
            if before is not None:
                size = self.workshop.template.step(step).top_n
                then = tuple(f"{r.place_label}. {candidate_title(r.item)}"
                             for r in step_top(card, step, before, size))
        return ColumnView(current, self.selected, self.folded,
                          compact=self.narrow and step is not self.active,
                          only_current=evaluation, then=then, labels=self._label_names(),
                          votes=vote_marks(card, step, current, evaluation,
                                           self.workshop.current_template.step(step).top_n),
                          note=note.text if (note := card.notes.get((step.value, current)))
                          else "")

    def _label_names(self) -> dict[str, tuple[str, ...]] | None:
        vocabulary = self.app.vocabulary
        card = self.workshop.card
        if vocabulary is None or not card.labelings:
            return None
        return {key: tuple(label.name for label in
                           (vocabulary.get(i) for i in labeling.labels) if label)
                for key, labeling in card.labelings.items()}

    # -- drawing -------------------------------------------------------------------------
    def redraw(self, steps: set[Step] | frozenset[Step] | None = None,
               focus: object = None) -> None:
        card = self.workshop.card
        focus_id = None
        if focus in card.themes:
            focus_id = item_id("t", focus)
        elif focus in card.entries:
            focus_id = item_id("e", focus)
        template = self.workshop.current_template
        for step in steps if steps is not None else FILL_ORDER:
            column = self.column(step)
            column.set_step_text(template.step(step))
            column.show(card, self.view(step), focus_id)
        self.draw_header()

    def draw_header(self) -> None:
        self.query_one(CardHeader).show(self.workshop, len(self.selected), self.paper_order)

    def show_change(self, applied: Applied) -> None:
        """Redraw the columns ``applied`` altered (and the header, which is cheap)."""
        self.selected.intersection_update(self.workshop.card.entries)
        if applied.touches("bijeenkomsten"):
            self.tell_template_problems()
        self.redraw(applied.steps, applied.focus)

    def on_screen_resume(self) -> None:
        # Back from another screen or a dialog: only what changed meanwhile is redrawn.
        pending = self.take_pending()
        if pending:
            self.selected.intersection_update(self.workshop.card.entries)
            steps = frozenset().union(*(a.steps for a in pending))
            self.redraw(steps, pending[-1].focus)
        elif self.narrow != self.has_class("narrow"):
            self.on_resize()

    # -- the focused item ----------------------------------------------------------------
    def focused_item(self) -> tuple[str | None, str | None]:
        option = self.column(self.active).items.highlighted_option
        return split_item_id(option.id if option else None)

    def focused_entry_id(self) -> str | None:
        kind, record_id = self.focused_item()
        return record_id if kind == "e" else None

    def focused_theme_id(self) -> str | None:
        kind, record_id = self.focused_item()
        return record_id if kind == "t" else None

    def need(self, value: str | None, message: str) -> str | None:
        if value is None:
            self.notify(message, severity="warning", markup=False)
        return value

    @on(ColumnFocused)
    def _column_focused(self, event: ColumnFocused) -> None:
        previous, self.active = self.active, event.step
        for step in FILL_ORDER:
            self.column(step).set_class(step is event.step, "active")
        if self.narrow and previous is not event.step:
            self.redraw({previous, event.step})

    def on_resize(self, event: events.Resize | None = None) -> None:
        if (event is not None and self.size and event.size == self.size
                and not self.has_class("narrow")):
            # The terminal did not change: Textual sends a new screen a Resize for being
            # shown and one the app kept from its own start, each of which would lay out
            # and repaint the whole card again (two full repaints after the first frame
            # of 2,000 entries). On a wide card the lists keep room for their scrollbar
            # (kaart.tcss), so no list's width depends on that layout. On a narrow card a
            # scrollbar that appears narrows its list, and only that layout makes the list
            # measure its entries again at the new width: there it stays.
            event.prevent_default()
            return
        if self.narrow != self.has_class("narrow"):
            self.set_class(self.narrow, "narrow")
            self.redraw()

    # Textual hands each key to the widget that has focus when the key arrives, and runs
    # an ordinary binding only after its key has passed that widget: by then the keys
    # typed right behind it are handed out too, to the list, as commands (d deletes).
    # A key that opens a field (the add field, a dialog) is therefore a priority binding:
    # it runs on arrival and moves the focus first, so the keys behind it are text.
    TYPING_ACTIONS = frozenset({"add", "edit", "theme", "attribute", "merge",
                                "switch_bijeenkomst", "labels", "vote", "step_note"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.TYPING_ACTIONS and isinstance(self.focused, Input):
            return False  # typing in a field: the letter is text
        return True

    # -- undo ----------------------------------------------------------------------------
    def action_undo(self) -> None:
        step_back(self, self.workshop, undo=True)

    def action_redo(self) -> None:
        step_back(self, self.workshop, undo=False)

    # -- navigation and view -------------------------------------------------------------
    def action_column(self, delta: int) -> None:
        order = self.order
        index = (order.index(self.active) + delta) % len(order)
        self.column(order[index]).items.focus()

    def action_guiding(self) -> None:
        self.column(self.active).toggle_class("show-guiding")

    def action_order(self) -> None:
        self.paper_order = not self.paper_order
        container = self.query_one("#card")
        previous = None
        for step in self.order:
            column = self.column(step)
            if previous is None:
                container.move_child(column, before=0)
            else:
                container.move_child(column, after=previous)
            previous = column
        self.draw_header()

    # -- other screens -------------------------------------------------------------------
    def action_actions(self, review: bool = False) -> None:
        from kaart_tui.screens.actions import ActionsScreen

        self.app.push_screen(ActionsScreen(self.workshop, review=review))

    def action_review(self) -> None:
        self.action_actions(review=True)

    def action_vote(self) -> None:
        """The first dialog opens at once (a priority binding): a digit typed in the same
        burst as V lands in it, never on a theme."""
        from kaart_tui.screens.voting_setup import VotingStart

        if self.workshop.current_id is None:
            self.notify("Kies eerst een bijeenkomst (b).", severity="warning")
            return
        VotingStart(self, self.workshop, self.active, self.workshop.current_id).begin()

    def action_attendance(self) -> None:
        from kaart_tui.screens.attendance import AttendanceScreen

        self.app.push_screen(AttendanceScreen(self.workshop))

    def action_presentation(self) -> None:
        from kaart_tui.screens.presentation import PresentationScreen

        self.app.push_screen(PresentationScreen(self.workshop, self.active, self.timers))

    def typed_text(self, text: str) -> None:
        """Letters typed at typing speed with no field open: into the add field, whole."""
        field = self.column(self.active).add_input
        field.hand_over(text)
        self.set_focus(field)
        self.notify("Er stond geen invoerveld open; de tekst staat nu in het invoerveld. "
                    "Enter voegt hem toe, Esc laat hem staan.", severity="warning", timeout=6)

    def tell_template_problems(self) -> None:
        for problem in self.workshop.take_template_problems():
            self.notify(problem, severity="error", markup=False, timeout=20)

    def tell_waiting(self) -> None:
        waiting = len(self.workshop.card.waiting)
        if waiting:  # sent from phones before the laptop stopped or the room closed
            self.notify(f"{waiting} bijdrage{'' if waiting == 1 else 'n'} van telefoons "
                        f"wacht{'' if waiting == 1 else 'en'} nog in de wachtrij: Z opent de "
                        "zaal, daar neemt u ze over.", timeout=10)

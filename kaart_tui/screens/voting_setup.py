"""Starting to vote on a step: which kind of round, or what to do with the round there is.

``V`` on the card opens one of these dialogs at once (a priority binding), so that keys
typed right behind ``V`` land in the dialog and never on a theme: the habitual ``V 1``
starts a tally, and on a step that has a round already, a digit only gets a hint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from kaart_tui.domain import voting
from kaart_tui.domain.model import VotingMode
from kaart_tui.domain.steps import Step
from kaart_tui.errors import DomainError
from kaart_tui.screens.common import apply_change
from kaart_tui.screens.dialogs import _Dialog
from kaart_tui.widgets.text_field import TextField
from kaart_tui.workshop import Workshop

MODES = {"1": VotingMode.TELLING, "2": VotingMode.STIPPEN, "3": VotingMode.GEHEIM}


@dataclass(frozen=True)
class RoundSetup:
    mode: VotingMode
    budget: int = 3
    maximum: int | None = None
    include_earlier: bool = False


def parse_count(text: str, what: str, allow_empty: bool = False) -> int | None:
    value = text.strip()
    if not value and allow_empty:
        return None
    if not value.isdigit():
        raise DomainError(f"{what}: typ een getal, bijvoorbeeld 3" +
                          (" (of laat het leeg)." if allow_empty else "."))
    return int(value)


class RoundSetupDialog(_Dialog):
    """1 telling, 2 stippen, 3 geheime ronde; for dots the budget and maximum in the same
    dialog, checked before it closes (a refused number stays, with what was expected)."""

    IMMEDIATE_KEYS = frozenset({"1", "2", "3", "e"})
    # A choice closes the dialog: "V 1 9" typed fast is telling, then a 9 on the first row.
    IMMEDIATE_KEYS_OPEN_FIELDS = False

    def __init__(self, what: str, evaluation: bool,
                 check: Callable[[RoundSetup], object]) -> None:
        """``check`` raises DomainError for a setup the round's rules refuse."""
        super().__init__(f"Stemmen over {what}: hoe?",
                         "1-3 kiest · Esc: terug" + (" · e: ook de thema's van eerder"
                                                     if evaluation else ""))
        self.evaluation = evaluation
        self.check = check
        self.include_earlier = False
        self.mode: VotingMode | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from self.compose_header()
            for key, mode in MODES.items():
                yield Static(Text(f"{key}  {voting.MODE_LABELS[mode]}"), classes="choice")
            yield Static("", id="earlier-note")
            with Vertical(id="dots-fields"):
                yield Static("Hoeveel stippen per deelnemer?")
                # Disabled until a dot round is chosen: a digit typed now picks the mode.
                yield TextField("3", id="budget", disabled=True)
                yield Static("Maximum stippen per thema (leeg: geen)")
                yield TextField("", id="maximum", disabled=True)
            yield Static("", id="setup-feedback", classes="dialog-feedback")

    def on_mount(self) -> None:
        self.query_one("#dots-fields").display = False
        self._show_earlier()

    def _show_earlier(self) -> None:
        note = self.query_one("#earlier-note", Static)
        note.display = self.evaluation
        note.update(Text("Alleen de antwoorden van deze evaluatie" if not self.include_earlier
                         else "De antwoorden van deze evaluatie, daarna de thema's van eerder",
                         style="italic"))

    def on_key(self, event: events.Key) -> None:
        if self.mode is not None:
            return  # typing in the fields
        if event.character in MODES:
            event.stop()
            self.mode = MODES[event.character]
            if self.mode is VotingMode.TELLING:
                self._finish(RoundSetup(self.mode, include_earlier=self.include_earlier))
                return
            self.query_one("#dots-fields").display = True
            for field in self.query(Input):
                field.disabled = False
            self.query_one("#budget", Input).focus()
        elif event.character == "e" and self.evaluation:
            event.stop()
            self.include_earlier = not self.include_earlier
            self._show_earlier()
        elif event.is_printable:
            event.stop()
            self._feedback("Kies eerst hoe: 1, 2 of 3.", error=True)

    def _feedback(self, text: str, error: bool = False) -> None:
        feedback = self.query_one("#setup-feedback", Static)
        feedback.set_class(error, "dialog-error")
        feedback.update(Text(text))

    @on(Input.Submitted, "#budget")
    def _budget_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#maximum", Input).focus()

    @on(Input.Submitted, "#maximum")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        assert self.mode is not None
        budget_field, maximum_field = self.query_one("#budget", Input), \
            self.query_one("#maximum", Input)
        try:
            budget = parse_count(budget_field.value, "Het aantal stippen")
        except DomainError as error:
            self._feedback(error.message, error=True)
            budget_field.focus()
            return
        try:
            maximum = parse_count(maximum_field.value, "Het maximum per thema",
                                  allow_empty=True)
        except DomainError as error:
            self._feedback(error.message, error=True)
            return
        self._finish(RoundSetup(self.mode, budget or 0, maximum, self.include_earlier))

    def _finish(self, setup: RoundSetup) -> None:
        try:
            self.check(setup)
        except DomainError as error:
            # Refused (no themes yet, a maximum above the budget): said here, typed values kept.
            self._feedback(error.message, error=True)
            if setup.mode is VotingMode.TELLING:
                self.mode = None
            return
        self.dismiss(setup)


class RoundChoiceDialog(_Dialog):
    """A step that has votes in this bijeenkomst already: go on, start anew, or look."""

    def __init__(self, title: str, can_continue: bool) -> None:
        super().__init__(title, "Esc: terug naar de kaart")
        self.can_continue = can_continue

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from self.compose_header()
            if self.can_continue:
                yield Static(Text("d  Doorgaan met deze ronde"), classes="choice")
            yield Static(Text("n  Nieuwe ronde (de stemmen van nu gaan weg; u maakt dat "
                              "ongedaan)"), classes="choice")
            yield Static(Text("r  De uitslag bekijken"), classes="choice")
            if self.can_continue:
                yield Static(Text("x  De ronde annuleren (alle stemmen van deze ronde weg; u "
                                  "maakt dat ongedaan)"), classes="choice")
            yield Static("", id="choice-feedback", classes="dialog-feedback")

    def on_key(self, event: events.Key) -> None:
        choice = {"d": "doorgaan", "n": "nieuw", "r": "uitslag",
                  "x": "annuleren"}.get(event.character or "")
        if choice in ("doorgaan", "annuleren") and not self.can_continue:
            choice = None
        if choice is not None:
            event.stop()
            self.dismiss(choice)
        elif event.is_printable:
            event.stop()
            letters = "d, n, r of x" if self.can_continue else "n of r"
            feedback = self.query_one("#choice-feedback", Static)
            feedback.add_class("dialog-error")
            feedback.update(Text(f"Er zijn al stemmen voor deze stap: kies eerst {letters} "
                                 f"(getypt: {event.character})."))


class VotingStart:
    """What ``V`` does, from the first dialog to the voting screen."""

    def __init__(self, screen: Screen, workshop: Workshop, step: Step,
                 bijeenkomst_id: str) -> None:
        self.screen, self.workshop, self.step = screen, workshop, step
        self.bijeenkomst_id = bijeenkomst_id

    @property
    def app(self):
        return self.screen.app

    def begin(self) -> None:
        card = self.workshop.card
        existing = voting.round_of(card, self.step, self.bijeenkomst_id)
        earlier = voting.existing_votes(card, self.step, self.bijeenkomst_id)
        if existing is None and not earlier:
            self._ask_setup()
            return
        kind = voting.MODE_LABELS[existing.mode].lower() if existing else "zonder ronde"
        count = sum(v.count for v in earlier)
        title = (f"Stap {self.step.number} heeft al een stemronde in deze bijeenkomst "
                 f"({kind}, {voting.votes(count)})")
        self.app.push_screen(RoundChoiceDialog(title, existing is not None), self._chosen)

    def _chosen(self, choice: str | None) -> None:
        if choice == "doorgaan":
            self._open_voting()
        elif choice == "uitslag":
            from kaart_tui.screens.result import ResultScreen

            self.app.push_screen(ResultScreen(self.workshop, self.step, self.bijeenkomst_id))
        elif choice == "nieuw":
            self._ask_setup()
        elif choice == "annuleren":
            applied = apply_change(self.screen, self.workshop, lambda: voting.cancel_round(
                self.workshop.card, self.step, self.bijeenkomst_id))
            if applied is not None:
                self.screen.notify(f"{applied.label} (u: ongedaan maken)", markup=False)

    def _start(self, setup: RoundSetup):
        """The Change that starts the round (pure: also used to check the dialog's input)."""
        card = self.workshop.card
        top = self.workshop.template_for(self.bijeenkomst_id).step(self.step).top_n
        replacing = voting.round_of(card, self.step, self.bijeenkomst_id) is not None or \
            bool(voting.existing_votes(card, self.step, self.bijeenkomst_id))
        return voting.start_round(card, self.step, self.bijeenkomst_id, setup.mode,
                                  setup.budget, setup.maximum, top, replace_existing=replacing,
                                  include_earlier=setup.include_earlier)

    def _ask_setup(self) -> None:
        name = self.workshop.template_for(self.bijeenkomst_id).step(self.step).name
        self.app.push_screen(RoundSetupDialog(
            f"stap {self.step.number} ({name})",
            self.workshop.card.is_evaluation(self.bijeenkomst_id), self._start), self._set_up)

    def _set_up(self, setup: RoundSetup | None) -> None:
        if setup is not None and apply_change(self.screen, self.workshop,
                                              lambda: self._start(setup)) is not None:
            self._open_voting()

    def _open_voting(self) -> None:
        from kaart_tui.screens.room_control import offer_round
        from kaart_tui.screens.voting import VotingScreen

        self.app.push_screen(VotingScreen(self.workshop, self.step, self.bijeenkomst_id))
        offer_round(self.app, self.workshop, self.step, self.bijeenkomst_id)  # the phones

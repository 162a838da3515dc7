"""The card's keys for the bijeenkomst as a whole: switching, an evaluation, the review of
open actions, the verslag, and the timer of each step.

A mixin of CardScreen (see card.py).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from kaart_tui.domain import operations
from kaart_tui.domain.actions import open_before
from kaart_tui.domain.steps import FILL_ORDER
from kaart_tui.domain.timer import StepTimer
from kaart_tui.dutch import minutes_seconds, short_date
from kaart_tui.screens.attendance_people import ask_new_bijeenkomst
from kaart_tui.screens.dialogs import ChoiceDialog, TextEditor
from kaart_tui.widgets.export_progress import ExportProgress
from kaart_tui.widgets.footer import QuietFooter

if TYPE_CHECKING:
    from kaart_tui.screens.card import CardScreen

NEW_BIJEENKOMST = "nieuw"


class CardMeetingKeys:
    # -- bijeenkomsten -------------------------------------------------------------------
    def action_switch_bijeenkomst(self: "CardScreen") -> None:
        card = self.workshop.card
        choices = [(b.id, f"{b.label} — {short_date(b.date)}"
                    + (f" — {b.location}" if b.location else "")
                    + (" — evaluatie" if b.evaluation else ""))
                   for b in card.bijeenkomsten_in_order()]
        choices.append((NEW_BIJEENKOMST, "+ Nieuwe bijeenkomst (datum en plaats vragen)"))

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            if choice == NEW_BIJEENKOMST:
                ask_new_bijeenkomst(self, self.workshop,
                                    on_added=lambda _: self.now_in(new=True))
                return
            self.workshop.switch_to(choice)
            self.now_in(new=False)

        self.app.push_screen(ChoiceDialog("Welke bijeenkomst?", choices,
                                          current=self.workshop.current_id), chosen)

    def now_in(self: "CardScreen", new: bool) -> None:
        """The card of another (or a new) bijeenkomst: everything is drawn anew."""
        bijeenkomst = self.workshop.current
        self.selected.clear()
        self.redraw()  # loads the (own) evaluation template where it is one
        self.tell_template_problems()
        if bijeenkomst is not None and bijeenkomst.evaluation:
            self.notify(f"{bijeenkomst.label}: evaluatie met de Evaluatiekaart. Boven elke "
                        "kolom staat wat het team toen koos.", markup=False, timeout=8)
        elif bijeenkomst is not None:
            self.notify(f"Nu: {bijeenkomst.label}", markup=False, timeout=3)
        self.offer_review(new=new)

    def action_start_evaluation(self: "CardScreen") -> None:
        ask_new_bijeenkomst(self, self.workshop, evaluation=True,
                            on_added=lambda _: self.now_in(new=True))

    def action_next_meeting(self: "CardScreen") -> None:
        from kaart_tui.screens.actions import ask_next_meeting

        ask_next_meeting(self, self.workshop)

    def action_step_note(self: "CardScreen") -> None:
        """What the group said about the step, beyond its post-its: for the verslag."""
        current = self.workshop.current_id
        if current is None:
            self.notify("Kies eerst een bijeenkomst (b).", severity="warning")
            return
        step = self.active
        note = self.workshop.card.notes.get((step.value, current))

        def save(text: str | None) -> None:
            if text is not None:
                self.run_change(lambda: operations.set_step_note(self.workshop.card, step,
                                                                 current, text))

        name = self.workshop.current_template.step(step).name
        self.app.push_screen(TextEditor(f"Aantekening bij stap {step.number} ({name})",
                                        note.text if note else ""), save)

    def offer_review(self: "CardScreen", new: bool) -> None:
        """A later bijeenkomst starts with what is still open from before."""
        current = self.workshop.current_id
        if current is None:
            return
        pending = sum(len(g.actions) for g in open_before(self.workshop.card, current))
        if not pending:
            return
        if new:
            self.action_review()
        else:
            self.notify(f"{pending} actie(s) uit eerdere bijeenkomsten staan nog open. "
                        "Terugblik: opdrachtenpalet (Ctrl+P), 'Terugblik acties'.",
                        markup=False, timeout=8)

    # -- the verslag ---------------------------------------------------------------------
    async def action_export(self: "CardScreen", anonymous: bool = False) -> None:
        """Write the Word verslag of the current bijeenkomst, in a worker thread.

        The worker gets its own copy of the card, so the facilitator can go on typing.
        """
        current = self.workshop.current
        if current is None:
            self.notify("Er is nog geen bijeenkomst om te verslaan.", severity="warning")
            return
        mounted = self.query(ExportProgress)
        progress = mounted.first() if mounted else ExportProgress()
        if not mounted:
            await self.mount(progress, before=self.query_one(QuietFooter))
        folder, slug, number = self.app.folder, self.workshop.name, current.number

        def job(card, report):
            from kaart_tui.export.run import export_verslag

            return export_verslag(card, slug, folder.exports_dir, folder.templates_dir,
                                  number, anonymous=anonymous, progress=report)

        progress.start(self.workshop.card.copy(), job)

    # -- timers --------------------------------------------------------------------------
    def init_timers(self: "CardScreen") -> None:
        self.timers = {step: StepTimer() for step in FILL_ORDER}

    def action_timer(self: "CardScreen") -> None:
        self.timers[self.active].toggle(time.monotonic())
        self.draw_timers()

    def action_timer_reset(self: "CardScreen") -> None:
        self.timers[self.active].reset()
        self.draw_timers()

    def set_timer_minutes(self: "CardScreen", minutes: float) -> None:
        timer = self.timers[self.active]
        timer.reset()
        timer.set_minutes(minutes)
        self.draw_timers()

    def draw_timers(self: "CardScreen") -> None:
        now = time.monotonic()
        for step, timer in self.timers.items():
            self.column(step).set_timer_text(timer_text(timer, now))

    def tick_timers(self: "CardScreen") -> None:
        now = time.monotonic()
        for step, timer in self.timers.items():
            if timer.due_signal(now):
                self.app.bell()
                name = self.workshop.current_template.step(step).name
                self.notify(f"De tijd voor stap {step.number} ({name}) is om.", timeout=10)
        if any(t.running for t in self.timers.values()):
            self.draw_timers()


def timer_text(timer: StepTimer, now: float) -> str:
    if not timer.started():
        return ""
    if timer.remaining(now) <= 0:
        return "⏱ tijd is om"
    state = "" if timer.running else " (pauze)"
    return f"⏱ {minutes_seconds(timer.remaining(now))}{state}"

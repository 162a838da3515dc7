"""The card: five step columns, filled from step 1 on the right, kept by keyboard."""

from __future__ import annotations

import time
from datetime import date
from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, OptionList, ProgressBar, Static

from kaart_tui.widgets.footer import QuietFooter
from kaart_tui.domain import operations
from kaart_tui.domain.changes import Change
from kaart_tui.domain.steps import FILL_ORDER, PAPER_ORDER, Step
from kaart_tui.domain.timer import StepTimer
from kaart_tui.domain.actions import is_evaluation, looked_back_on, open_before
from kaart_tui.domain.attendance import presence
from kaart_tui.domain.labels import add_label, labels_on, set_labels, suggest
from kaart_tui.domain.ranking import candidate_title, step_top
from kaart_tui.domain.people import quorum_reached, score_summary
from kaart_tui.dutch import decimal, minutes_seconds, short_date
from kaart_tui.errors import KaartError
from kaart_tui.messages import ColumnFocused, EntrySubmitted
from kaart_tui.screens.common import apply_change, step_back
from kaart_tui.screens.dialogs import ChoiceDialog, TextEditor, TextPrompt, fold
from kaart_tui.widgets.step_column import ColumnView, StepColumn, item_id, split_item_id
from kaart_tui.workshop import Workshop

NEW_BIJEENKOMST = "nieuw"

# The card is drawn by then; see IdleCollector.settle.
SETTLE_AFTER_SECONDS = 0.5

ANONYMOUS = "-"


class CardScreen(Screen):
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
        Binding("V", "vote", "Stemmen"),
        Binding("A", "actions", "Acties"),
        Binding("E", "export", "Verslag"),
        Binding("L", "labels", "Labels", show=False, priority=True),
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

    def __init__(self, workshop: Workshop) -> None:
        super().__init__(id="card-screen")
        self.workshop = workshop
        self.active: Step = Step.WAARDEN
        self.paper_order = True
        self.selected: set[str] = set()
        self.folded: set[str] = set()
        self.timers = {step: StepTimer() for step in FILL_ORDER}
        self._export_widgets: tuple[Horizontal, Static, ProgressBar] | None = None

    # -- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # Classes are right from the start: each one set after mounting restyles the card.
        self.set_class(self.narrow, "narrow")
        yield Static(id="card-header")
        with Horizontal(id="card"):
            for step in PAPER_ORDER:
                yield StepColumn(self.workshop.template.step(step), active=step is self.active)
        # The export progress bar is mounted by the first export (see _show_export_progress).
        yield QuietFooter()

    def on_mount(self) -> None:
        created = self.workshop.ensure_bijeenkomst()
        if created is not None:
            self.notify(f"{created.label} aangemaakt met de datum van vandaag.", markup=False)
        self._tell_template_problems()
        self.redraw()
        self.column(self.active).items.focus()
        self.set_interval(1.0, self._tick)
        # Not in the way of the first frame: a full collection takes 10-50 ms.
        self.set_timer(SETTLE_AFTER_SECONDS, self.app.idle_collector.settle)

    def column(self, step: Step) -> StepColumn:
        return self.query_one(f"#column-{step.value}", StepColumn)

    @property
    def order(self) -> tuple[Step, ...]:
        return PAPER_ORDER if self.paper_order else FILL_ORDER

    # Below this width the columns without focus show only their themes.
    NARROW_WIDTH = 120

    @property
    def narrow(self) -> bool:
        # The app's size: known already in compose, before the screen has one.
        return self.app.size.width < self.NARROW_WIDTH

    def view(self, step: Step) -> ColumnView:
        card, current = self.workshop.card, self.workshop.current_id
        evaluation = is_evaluation(card, current)
        then: tuple[str, ...] = ()
        if evaluation and current is not None:
            before = looked_back_on(card, current)
            if before is not None:
                size = self.workshop.template.step(step).top_n
                then = tuple(f"{r.place_label}. {candidate_title(r.item)}"
                             for r in step_top(card, step, before, size))
        return ColumnView(current, self.selected, self.folded,
                          compact=self.narrow and step is not self.active,
                          only_current=evaluation, then=then, labels=self._label_names())

    def _label_names(self) -> dict[str, tuple[str, ...]] | None:
        vocabulary = self.app.vocabulary
        card = self.workshop.card
        if vocabulary is None or not card.labelings:
            return None
        return {key: tuple(label.name for label in
                           (vocabulary.get(i) for i in labeling.labels) if label)
                for key, labeling in card.labelings.items()}

    def redraw(self, steps: set[Step] | None = None, focus: object = None) -> None:
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
        self._draw_header()

    def _draw_header(self) -> None:
        workshop = self.workshop
        session = workshop.card.session
        header = Text()
        header.append(session.title, style="bold")
        if session.team and session.team != session.title:
            header.append(f" · {session.team}")
        current = workshop.current
        if current is not None:
            header.append("   ")
            header.append(f" {current.label} ", style="reverse bold")
            if is_evaluation(workshop.card, current.id):
                header.append(" Evaluatiekaart ", style="bold yellow reverse")
            header.append(f" {short_date(current.date)}")
            if current.location:
                header.append(f" · {current.location}")
            counted = presence(workshop.card, current.id)
            if counted.present or counted.absent:
                header.append(f"  {counted.present}/{counted.present + counted.absent} "
                              "aanwezig")
                if quorum_reached(workshop.card, current.id) is False:
                    header.append(" (onder quorum)", style="bold red")
            average, change = score_summary(workshop.card, current.id)
            if average is not None:
                header.append(f"  score {decimal(average)}")
                if change is not None:
                    header.append(f" ({'+' if change >= 0 else ''}{decimal(change)})")
            later = [b for b in workshop.card.bijeenkomsten_in_order()
                     if b.number > current.number]
            if later:
                header.append(f"  (er zijn {len(later)} latere)", style="italic")
        if self.selected:
            header.append(f"   {len(self.selected)} geselecteerd", style="bold green")
        header.append("   leesrichting: " + ("papier 5→1" if self.paper_order else "1→5"),
                      style="dim")
        self.query_one("#card-header", Static).update(header)

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

    def _need(self, value: str | None, message: str) -> str | None:
        if value is None:
            self.notify(message, severity="warning", markup=False)
        return value

    # -- applying ------------------------------------------------------------------------
    def run_change(self, make: Callable[[], Change], quiet: bool = False) -> Change | None:
        """Build a change with a domain rule and apply it; a refusal becomes a message."""
        change = apply_change(self, self.workshop, make)
        if change is None:
            return None
        self.redraw(self.workshop.last_affected, change.focus)
        if not quiet:
            self.notify(change.label, markup=False, timeout=3)
        return change

    @on(ColumnFocused)
    def _column_focused(self, event: ColumnFocused) -> None:
        previous, self.active = self.active, event.step
        for step in FILL_ORDER:
            self.column(step).set_class(step is event.step, "active")
        if self.narrow and previous is not event.step:
            self.redraw({previous, event.step})

    def on_resize(self) -> None:
        if self.narrow != self.has_class("narrow"):
            self.set_class(self.narrow, "narrow")
            self.redraw()

    @on(EntrySubmitted)
    def _entry_submitted(self, event: EntrySubmitted) -> None:
        column = self.column(event.step)
        text = event.text.strip()
        if not text:  # Enter on an empty field: done adding
            column.items.focus()
            return
        participant_id = None
        added = None
        if text.startswith("@"):
            token, _, rest = text[1:].partition(" ")
            participant_id = self._participant_by_token(token)
            text_to_add = rest if participant_id is not None else None
        else:
            text_to_add = text
        if text_to_add is not None:
            current = self.workshop.current_id or ""
            added = self.run_change(lambda: operations.add_entry(
                self.workshop.card, event.step, text_to_add, current, participant_id),
                quiet=True)
        if added is None:
            # Refused: the message is shown; give the typed text back so nothing is lost.
            field = column.add_input
            field.value = event.text + field.value
            field.cursor_position = len(event.text)

    def _participant_by_token(self, token: str) -> str | None:
        wanted = fold(token)
        people = list(self.workshop.card.participants.values())
        matches = [p for p in people if wanted and wanted in fold(p.name)]
        exact = [p for p in matches if fold(p.name).split()[0] == wanted]
        if len(exact) == 1:
            matches = exact
        if len(matches) == 1:
            return matches[0].id
        if not matches:
            self.notify(f"Geen deelnemer gevonden bij '@{token}'.", severity="error",
                        markup=False)
        else:
            names = ", ".join(p.name for p in matches[:4])
            self.notify(f"'@{token}' past bij {names}; typ meer letters.", severity="error",
                        markup=False)
        return None

    # -- actions: entries ----------------------------------------------------------------
    # Textual hands each key to the widget that has focus when the key arrives, and runs
    # an ordinary binding only after its key has passed that widget: by then the keys
    # typed right behind it are handed out too, to the list, as commands (d deletes).
    # A key that opens a field (the add field, a dialog) is therefore a priority binding:
    # it runs on arrival and moves the focus first, so the keys behind it are text.
    TYPING_ACTIONS = frozenset({"add", "edit", "theme", "attribute", "merge",
                                "switch_bijeenkomst", "labels"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.TYPING_ACTIONS and isinstance(self.focused, Input):
            return False  # typing in a field: the letter is text
        return True

    def action_add(self) -> None:
        self.set_focus(self.column(self.active).add_input)  # not focus(): see above

    def action_edit(self) -> None:
        card = self.workshop.card
        kind, record_id = self.focused_item()
        if kind == "e":
            entry = card.entries[record_id]

            def save(text: str | None) -> None:
                if text is not None:
                    self.run_change(lambda: operations.edit_entry(card, record_id, text))

            self.app.push_screen(TextEditor("Bijdrage bewerken", entry.text), save)
        elif kind == "t":
            self._rename_theme(record_id)
        else:
            self.notify("Kies eerst een bijdrage of thema.", severity="warning")

    def action_delete(self) -> None:
        kind, record_id = self.focused_item()
        card = self.workshop.card
        if kind == "e":
            self.selected.discard(record_id)
            self.run_change(lambda: operations.delete_entry(card, record_id))
        elif kind == "t":
            self.run_change(lambda: operations.ungroup_theme(card, record_id))
        else:
            self.notify("Kies eerst een bijdrage of thema.", severity="warning")

    def action_select(self) -> None:
        entry_id = self._need(self.focused_entry_id(), "Alleen bijdragen kun je selecteren.")
        if entry_id is None:
            return
        self.selected.symmetric_difference_update({entry_id})
        self.redraw({self.active})
        items = self.column(self.active).items
        if items.highlighted is not None and items.highlighted < items.option_count - 1:
            items.action_cursor_down()  # on to the next, without wrapping to the top

    def action_clear_selection(self) -> None:
        if self.selected:
            steps = {self.workshop.card.entries[e].step for e in self.selected
                     if e in self.workshop.card.entries}
            self.selected.clear()
            self.redraw(steps)

    def action_attribute(self) -> None:
        entry_id = self._need(self.focused_entry_id(), "Kies eerst een bijdrage.")
        if entry_id is None:
            return
        card = self.workshop.card
        if not card.participants:
            self.notify("Er zijn nog geen deelnemers in deze sessie.", severity="warning")
            return
        choices = [(ANONYMOUS, "(anoniem)")] + [
            (p.id, f"{p.name} — {p.organisation}") for p in card.participants.values()]

        def chosen(participant_id: str | None) -> None:
            if participant_id is not None:
                who = None if participant_id == ANONYMOUS else participant_id
                self.run_change(lambda: operations.attribute_entry(card, entry_id, who))

        self.app.push_screen(ChoiceDialog("Van wie is deze bijdrage?", choices,
                                          filterable=True,
                                          current=card.entries[entry_id].participant),
                             chosen)

    def action_move(self) -> None:
        entry_id = self._need(self.focused_entry_id(), "Kies eerst een bijdrage.")
        if entry_id is None:
            return
        template = self.workshop.current_template
        choices = [(s.value, f"{s.number}  {template.step(s).name}") for s in FILL_ORDER]

        def chosen(step_key: str | None) -> None:
            if step_key is not None:
                self.run_change(lambda: operations.move_entry(
                    self.workshop.card, entry_id, Step(step_key)))

        self.app.push_screen(ChoiceDialog(
            "Naar welke stap?", choices, hint="1-5 of ↑↓ Enter · Esc: annuleren",
            shortcuts={str(s.number): s.value for s in FILL_ORDER}), chosen)

    # -- actions: themes -----------------------------------------------------------------
    def _selection_in_step(self) -> list[str]:
        card = self.workshop.card
        chosen = [e for e in card.entries if e in self.selected]
        if not chosen and self.focused_entry_id():
            chosen = [self.focused_entry_id()]
        return chosen

    def action_theme(self) -> None:
        card = self.workshop.card
        entries = self._selection_in_step()
        theme_id = self.focused_theme_id()
        if theme_id is not None and entries:
            if self.run_change(lambda: operations.add_to_theme(card, entries, theme_id)):
                self.selected.clear()
                self.redraw()
            return
        if not entries:
            self.notify("Selecteer bijdragen met spatie, of ga op een bijdrage staan.",
                        severity="warning")
            return

        def named(title: str | None) -> None:
            if title is None:
                return
            current = self.workshop.current_id or ""
            if self.run_change(lambda: operations.group_entries(card, entries, title, current)):
                self.selected.clear()
                self.redraw()

        self.app.push_screen(TextPrompt(f"Nieuw thema voor {len(entries)} bijdrage(n)",
                                        placeholder="naam van het thema"), named)

    def _rename_theme(self, theme_id: str) -> None:
        card = self.workshop.card

        def named(title: str | None) -> None:
            if title is not None:
                self.run_change(lambda: operations.rename_theme(card, theme_id, title))

        self.app.push_screen(TextPrompt("Thema hernoemen", card.themes[theme_id].title), named)

    def action_ungroup(self) -> None:
        card = self.workshop.card
        kind, record_id = self.focused_item()
        if kind == "t":
            self.run_change(lambda: operations.ungroup_theme(card, record_id))
        elif kind == "e":
            self.run_change(lambda: operations.remove_from_theme(card, record_id))

    def action_merge(self) -> None:
        source = self._need(self.focused_theme_id(), "Ga op het thema staan dat moet opgaan "
                                                     "in een ander.")
        if source is None:
            return
        card = self.workshop.card
        others = [(t.id, t.title) for t in card.themes_of(self.active) if t.id != source]
        if not others:
            self.notify("Er is geen ander thema in deze stap.", severity="warning")
            return

        def chosen(target: str | None) -> None:
            if target is not None:
                self.run_change(lambda: operations.merge_themes(card, source, target))

        self.app.push_screen(ChoiceDialog(f"'{card.themes[source].title}' samenvoegen met:",
                                          others, filterable=True), chosen)

    @on(OptionList.OptionSelected)
    def _item_selected(self, event: OptionList.OptionSelected) -> None:
        # The column's list takes Enter itself (as "select"), before the screen's binding.
        event.stop()
        self.action_fold()

    def action_fold(self) -> None:
        theme_id = self.focused_theme_id()
        if theme_id is None:
            self.action_edit()
            return
        self.folded.symmetric_difference_update({theme_id})
        self.redraw({self.active}, theme_id)

    # -- actions: undo -------------------------------------------------------------------
    def _undo_redo(self, undo: bool) -> None:
        change = step_back(self, self.workshop, undo)
        if change is not None:
            self.selected.intersection_update(self.workshop.card.entries)
            self.redraw(self.workshop.last_affected, change.focus)

    def action_undo(self) -> None:
        self._undo_redo(undo=True)

    def action_redo(self) -> None:
        self._undo_redo(undo=False)

    # -- actions: navigation and view ----------------------------------------------------
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
        self._draw_header()

    def action_switch_bijeenkomst(self) -> None:
        card = self.workshop.card
        choices = [(b.id, f"{b.label} — {short_date(b.date)}"
                    + (f" — {b.location}" if b.location else ""))
                   for b in card.bijeenkomsten_in_order()]
        choices.append((NEW_BIJEENKOMST, "+ Nieuwe bijeenkomst (vandaag)"))

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            try:
                if choice == NEW_BIJEENKOMST:
                    bijeenkomst = self.workshop.add_bijeenkomst(date.today())
                else:
                    bijeenkomst = self.workshop.switch_to(choice)
            except KaartError as error:
                self.notify(error.message, severity="error", markup=False)
                return
            self.selected.clear()
            self.redraw()
            self._tell_template_problems()
            self.notify(f"Nu: {bijeenkomst.label}", markup=False, timeout=3)
            self._offer_review(new=choice == NEW_BIJEENKOMST)

        self.app.push_screen(ChoiceDialog("Welke bijeenkomst?", choices,
                                          current=self.workshop.current_id), chosen)

    def action_actions(self, review: bool = False) -> None:
        from kaart_tui.screens.actions import ActionsScreen

        self.app.push_screen(ActionsScreen(self.workshop, review=review))

    def action_review(self) -> None:
        self.action_actions(review=True)

    def _offer_review(self, new: bool) -> None:
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

    def action_vote(self) -> None:
        from kaart_tui.screens.voting import VotingScreen

        if self.workshop.current_id is None:
            self.notify("Kies eerst een bijeenkomst (b).", severity="warning")
            return
        self.app.push_screen(VotingScreen(self.workshop, self.active, self.workshop.current_id))

    def action_attendance(self) -> None:
        from kaart_tui.screens.attendance import AttendanceScreen

        self.app.push_screen(AttendanceScreen(self.workshop))

    def on_screen_resume(self) -> None:
        # Names, bijeenkomsten or the current one may have changed on another screen.
        self.selected.intersection_update(self.workshop.card.entries)
        self.redraw()

    def _tell_template_problems(self) -> None:
        for problem in self.workshop.take_template_problems():
            self.notify(problem, severity="error", markup=False, timeout=20)

    def start_evaluation(self) -> None:
        try:
            bijeenkomst = self.workshop.start_evaluation(date.today())
        except KaartError as error:
            self.notify(error.message, severity="error", markup=False)
            return
        self.selected.clear()
        self.redraw()  # loads the (own) evaluation template
        self._tell_template_problems()
        self.notify(f"{bijeenkomst.label}: evaluatie met de Evaluatiekaart. Boven elke kolom "
                    "staat wat het team toen koos.", markup=False, timeout=8)
        self._offer_review(new=True)

    # -- labels --------------------------------------------------------------------------
    def action_labels(self) -> None:
        kind_key, record_id = self.focused_item()
        if kind_key not in ("t", "e") or record_id is None:
            self.notify("Ga op een thema of bijdrage staan.", severity="warning")
            return
        kind = "theme" if kind_key == "t" else "entry"
        vocabulary = self.app.load_vocabulary()
        if vocabulary is None:
            return
        card = self.workshop.card
        wording = card.themes[record_id].title if kind == "theme" else card.entries[record_id].text
        current = [label.id for label in labels_on(card, vocabulary, kind, record_id)]
        # Suggestions only for what has no label yet; they are offered, never applied.
        suggestions = [] if current else suggest(vocabulary, wording)

        def chosen(result) -> None:
            if result is None:
                return
            label_ids, new_names = result
            try:
                if new_names:
                    def with_new(v):
                        for name in new_names:
                            v, _ = add_label(v, name)
                        return v
                    vocabulary_now = self.app.folder.labels.update(with_new)
                    self.app.vocabulary = vocabulary_now
                    label_ids = (*label_ids, *(vocabulary_now.by_name(n).id for n in new_names))
                change = self.workshop.apply(set_labels(self.workshop.card, kind, record_id,
                                                        tuple(label_ids)))
            except KaartError as error:
                self.notify(error.message, severity="error", markup=False, timeout=8)
                return
            self.redraw(self.workshop.last_affected or None, record_id)
            self.notify(change.label, markup=False, timeout=3)

        from kaart_tui.screens.labels import LabelDialog

        self.app.push_screen(LabelDialog(f"Labels voor dit {'thema' if kind == 'theme' else 'punt'}",
                                         wording, vocabulary, current, suggestions), chosen)

    # -- the verslag ---------------------------------------------------------------------
    def action_export(self, anonymous: bool = False) -> None:
        """Write the Word verslag of the current bijeenkomst, in a worker thread.

        The worker gets its own copy of the card, so the facilitator can go on typing.
        """
        current = self.workshop.current
        if current is None:
            self.notify("Er is nog geen bijeenkomst om te verslaan.", severity="warning")
            return
        card = self.workshop.store.load()
        slug, number = self.workshop.name, current.number
        self._show_export_progress()
        self.run_worker(lambda: self._export_job(card, slug, number, anonymous),
                        thread=True, exclusive=True, group="export", exit_on_error=False)

    def _export_job(self, card, slug: str, number: int, anonymous: bool) -> None:
        from kaart_tui.export.run import export_verslag

        def progress(fraction: float, label: str) -> None:
            self.app.call_from_thread(self._export_progress, fraction, label)

        try:
            path = export_verslag(self.app.folder, slug, card, number, anonymous=anonymous,
                                  progress=progress)
        except KaartError as error:
            self.app.call_from_thread(self._export_done, None, error.message)
        else:
            self.app.call_from_thread(self._export_done, path, None)

    def _show_export_progress(self) -> None:
        if self._export_widgets is None:
            label = Static("Verslag maken…", id="export-label")
            bar = ProgressBar(total=1.0, show_eta=False, id="export-bar")
            row = Horizontal(label, bar, id="export-progress")
            self.mount(row, before=self.query_one(QuietFooter))
            self._export_widgets = row, label, bar
        row, _, bar = self._export_widgets
        row.display = True
        bar.update(progress=0)

    def _export_progress(self, fraction: float, label: str) -> None:
        assert self._export_widgets is not None
        _, label_widget, bar = self._export_widgets
        label_widget.update(Text(f"Verslag: {label}"))
        bar.update(progress=fraction)

    def _export_done(self, path, error: str | None) -> None:
        if self._export_widgets is not None:
            self._export_widgets[0].display = False
        if error is not None:
            self.notify(error, severity="error", markup=False, timeout=15)
        else:
            self.notify(f"Verslag klaar: {path}", markup=False, timeout=15)

    def action_presentation(self) -> None:
        from kaart_tui.screens.presentation import PresentationScreen

        self.app.push_screen(PresentationScreen(self.workshop, self.active))

    # -- timer ---------------------------------------------------------------------------
    def action_timer(self) -> None:
        timer = self.timers[self.active]
        timer.toggle(time.monotonic())
        self._draw_timers()

    def action_timer_reset(self) -> None:
        self.timers[self.active].reset()
        self._draw_timers()

    def set_timer_minutes(self, minutes: float) -> None:
        timer = self.timers[self.active]
        timer.reset()
        timer.set_minutes(minutes)
        self._draw_timers()

    def _draw_timers(self) -> None:
        now = time.monotonic()
        for step, timer in self.timers.items():
            if not timer.started():
                text = ""
            else:
                state = "" if timer.running else " (pauze)"
                text = f"⏱ {minutes_seconds(timer.remaining(now))}{state}"
                if timer.remaining(now) <= 0:
                    text = "⏱ tijd is om"
            self.column(step).set_timer_text(text)

    def _tick(self) -> None:
        now = time.monotonic()
        for step, timer in self.timers.items():
            if timer.due_signal(now):
                self.app.bell()
                name = self.workshop.current_template.step(step).name
                self.notify(f"De tijd voor stap {step.number} ({name}) is om.", timeout=10)
        if any(t.running for t in self.timers.values()):
            self._draw_timers()

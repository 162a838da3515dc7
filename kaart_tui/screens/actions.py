"""Actions: individual, collective and external, with owner, date, status and a note.

Also the review that opens a later bijeenkomst: the actions still open from earlier
bijeenkomsten, per owner, marked with single keys.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Static

from kaart_tui.domain import actions
from kaart_tui.domain.changes import Change
from kaart_tui.domain.model import Action, ActionScope, ActionStatus
from kaart_tui.dutch import parse_date, short_date
from kaart_tui.errors import KaartError
from kaart_tui.screens.common import apply_change, step_back
from kaart_tui.screens.dialogs import ChoiceDialog, TextPrompt
from kaart_tui.widgets.footer import QuietFooter
from kaart_tui.workshop import Workshop

STATUS_TEXT = {
    ActionStatus.OPEN: Text("open", style="yellow"),
    ActionStatus.BEZIG: Text("bezig", style="cyan"),
    ActionStatus.GEDAAN: Text("gedaan", style="bold green"),
}
SCOPE_SHORT = {ActionScope.INDIVIDUEEL: "individueel", ActionScope.COLLECTIEF: "collectief",
               ActionScope.EXTERN: "extern"}
NOBODY = "-"
TEXT_LENGTH = 60


class ActionsScreen(Screen):
    BINDINGS = [
        Binding("n", "add", "Nieuwe actie"),
        Binding("space", "cycle_status", "Status"),
        Binding("1", "status('open')", "Open", show=False),
        Binding("2", "status('bezig')", "Bezig", show=False),
        Binding("3", "status('gedaan')", "Gedaan", show=False),
        Binding("k", "note", "Notitie"),
        Binding("e", "edit", "Tekst", show=False),
        Binding("o", "owner", "Eigenaar", show=False),
        Binding("t", "due", "Datum", show=False),
        Binding("d,delete", "delete", "Verwijderen", show=False),
        Binding("u,ctrl+z", "undo", "Ongedaan"),
        Binding("escape", "app.pop_screen", "Terug naar de kaart"),
        Binding("question_mark", "app.help", "Hulp", key_display="?"),
    ]

    def __init__(self, workshop: Workshop, review: bool = False) -> None:
        super().__init__(id="review" if review else "actions")
        self.workshop = workshop
        self.review = review

    def compose(self) -> ComposeResult:
        yield Static(id="actions-header")
        yield DataTable(id="action-table", cursor_type="row")
        yield Static(id="actions-status")
        yield QuietFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # Status right after the owner: it is what the review is about, and must not
        # scroll off the right edge behind a long action text.
        for label, key in (("Wie", "owner"), ("Status", "status"), ("Actie", "text"),
                           ("Soort", "scope"), ("Datum", "due"), ("Notitie", "note"),
                           ("B", "bijeenkomst")):
            table.add_column(label, key=key)
        table.focus()
        self.redraw()

    # -- drawing -------------------------------------------------------------------------
    def shown(self) -> list[Action]:
        card = self.workshop.card
        current = self.workshop.current_id
        if self.review and current is not None:
            return [a for group in actions.open_before(card, current) for a in group.actions]
        order = {ActionScope.INDIVIDUEEL: 0, ActionScope.COLLECTIEF: 1, ActionScope.EXTERN: 2}
        return sorted(card.actions.values(), key=lambda a: order[a.scope])

    def redraw(self, focus: str | None = None) -> None:
        card = self.workshop.card
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        numbers = {b.id: b.number for b in card.bijeenkomsten.values()}
        for action in self.shown():
            table.add_row(
                Text(actions.owner_label(card, action), style="bold"),
                STATUS_TEXT[action.status],
                Text(action.text if len(action.text) <= TEXT_LENGTH
                     else action.text[:TEXT_LENGTH - 1] + "…"),
                Text(SCOPE_SHORT[action.scope], style="dim"),
                Text(short_date(action.due) if action.due else ""),
                Text(action.note or "", style="italic"),
                Text(f"B{numbers.get(action.bijeenkomst, '?')}", style="dim"),
                key=action.id)
        if table.row_count:
            index = row
            if focus is not None:
                ids = [a.id for a in self.shown()]
                index = ids.index(focus) if focus in ids else row
            table.cursor_coordinate = Coordinate(max(0, min(index, table.row_count - 1)), 0)
        self._draw_header()

    def _draw_header(self) -> None:
        card = self.workshop.card
        current = self.workshop.current
        header = Text()
        status = Text()
        if self.review:
            header.append("Terugblik: wat heb je sinds de vorige bijeenkomst gedaan?",
                          style="bold")
            count = len(self.shown())
            header.append(f"\n{count} actie{'' if count == 1 else 's'} uit eerdere "
                          "bijeenkomsten staan nog open of bezig.")
            status.append("1 open · 2 bezig · 3 gedaan · spatie: volgende status · "
                          "k: korte notitie", style="dim")
        else:
            header.append("Acties", style="bold")
            if current is not None:
                header.append(f" · {current.label}")
                missing = actions.without_individual_action(card, current.id)
                if not card.present(current.id):
                    status.append("Nog niemand als aanwezig gemarkeerd (g op de kaart).",
                                  style="dim")
                elif missing:
                    names = ", ".join(p.name for p in missing)
                    status.append(f"Nog zonder individuele actie ({len(missing)}): ",
                                  style="bold yellow")
                    status.append(names)
                else:
                    status.append("Iedereen die aanwezig is heeft een individuele actie. ✓",
                                  style="bold green")
        self.query_one("#actions-header", Static).update(header)
        self.query_one("#actions-status", Static).update(status)

    # -- helpers -------------------------------------------------------------------------
    def focused_action(self) -> Action | None:
        table = self.query_one(DataTable)
        shown = self.shown()
        if not table.row_count or not shown:
            return None
        return shown[min(table.cursor_row, len(shown) - 1)]

    def run_change(self, make: Callable[[], Change]) -> Change | None:
        change = apply_change(self, self.workshop, make)
        if change is not None:
            self.redraw(change.focus if isinstance(change.focus, str) else None)
        return change

    def _on_focused(self, make: Callable[[Action], Change]) -> None:
        action = self.focused_action()
        if action is None:
            self.notify("Er is hier nog geen actie.", severity="warning")
            return
        self.run_change(lambda: make(action))

    def _owner_choices(self, scope: ActionScope) -> list[tuple[str, str]]:
        card = self.workshop.card
        current = self.workshop.current_id
        present = {p.id for p in card.present(current)} if current else set()
        people = sorted(card.people(), key=lambda p: p.id not in present)
        choices = [(p.id, f"{p.name} — {p.organisation}") for p in people]
        if scope is not ActionScope.INDIVIDUEEL:
            choices.insert(0, (NOBODY, "(niemand in het bijzonder)"))
        return choices

    # -- actions -------------------------------------------------------------------------
    def action_add(self) -> None:
        current = self.workshop.current_id
        if current is None:
            self.notify("Kies eerst een bijeenkomst.", severity="warning")
            return
        card = self.workshop.card
        scopes = [(s.value, f"{n}  {actions.SCOPE_LABELS[s]}")
                  for n, s in enumerate(ActionScope, start=1)]

        def scoped(scope_value: str | None) -> None:
            if scope_value is None:
                return
            scope = ActionScope(scope_value)

            def written(text: str | None) -> None:
                if not text:
                    return

                def owned(owner: str | None) -> None:
                    if owner is None:
                        return
                    owner_id = None if owner == NOBODY else owner

                    def dated(due_text: str | None) -> None:
                        if due_text is None:
                            return
                        try:
                            due = parse_date(due_text) if due_text.strip() else None
                        except KaartError as error:
                            self.notify(error.message, severity="error", markup=False)
                            return
                        self.run_change(lambda: actions.add_action(
                            card, scope, text, current, owner_id, due))

                    self.app.push_screen(TextPrompt("Wanneer klaar? (mag leeg)", "",
                                                    placeholder="bv. 1-3-2027"), dated)

                missing = actions.without_individual_action(card, current)
                self.app.push_screen(ChoiceDialog(
                    "Van wie is deze actie?", self._owner_choices(scope), filterable=True,
                    current=missing[0].id if missing and scope is ActionScope.INDIVIDUEEL
                    else None), owned)

            self.app.push_screen(TextPrompt(f"Actie ({scope.value})",
                                            placeholder="wat gaat er gebeuren?"), written)

        self.app.push_screen(ChoiceDialog(
            "Wat voor actie?", scopes, hint="1-3 of ↑↓ Enter · Esc: annuleren",
            shortcuts={str(n): s.value for n, s in enumerate(ActionScope, start=1)}), scoped)

    def action_cycle_status(self) -> None:
        card = self.workshop.card
        self._on_focused(lambda a: actions.set_status(card, a.id, actions.next_status(a.status)))

    def action_status(self, value: str) -> None:
        card = self.workshop.card
        self._on_focused(lambda a: actions.set_status(card, a.id, ActionStatus(value)))

    def action_note(self) -> None:
        action = self.focused_action()
        if action is None:
            return
        card = self.workshop.card

        def noted(text: str | None) -> None:
            if text is not None:
                self.run_change(lambda: actions.set_note(card, action.id, text))

        self.app.push_screen(TextPrompt("Korte notitie (wat is er gedaan?)", action.note or ""),
                             noted)

    def action_edit(self) -> None:
        action = self.focused_action()
        if action is None:
            return
        card = self.workshop.card

        def written(text: str | None) -> None:
            if text is not None:
                self.run_change(lambda: actions.edit_action(card, action.id, text))

        self.app.push_screen(TextPrompt("Actie wijzigen", action.text), written)

    def action_owner(self) -> None:
        action = self.focused_action()
        if action is None:
            return
        card = self.workshop.card

        def owned(owner: str | None) -> None:
            if owner is not None:
                owner_id = None if owner == NOBODY else owner
                self.run_change(lambda: actions.set_owner(card, action.id, owner_id))

        self.app.push_screen(ChoiceDialog("Van wie is deze actie?",
                                          self._owner_choices(action.scope), filterable=True,
                                          current=action.owner), owned)

    def action_due(self) -> None:
        action = self.focused_action()
        if action is None:
            return
        card = self.workshop.card

        def dated(text: str | None) -> None:
            if text is None:
                return
            try:
                due = parse_date(text) if text.strip() else None
            except KaartError as error:
                self.notify(error.message, severity="error", markup=False)
                return
            self.run_change(lambda: actions.set_due(card, action.id, due))

        self.app.push_screen(TextPrompt("Wanneer klaar? (leeg: geen datum)",
                                        short_date(action.due) if action.due else ""), dated)

    def action_delete(self) -> None:
        card = self.workshop.card
        self._on_focused(lambda a: actions.delete_action(card, a.id))

    def action_undo(self) -> None:
        if step_back(self, self.workshop):
            self.redraw()

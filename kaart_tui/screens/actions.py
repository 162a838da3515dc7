"""Actions: individual, collective and external, with owner, date, status and a note.

Also the review that opens a later bijeenkomst: the actions still open from earlier
bijeenkomsten, per owner, marked with single keys. A new action is one form (kind, text,
owner, date) that keeps everything typed when it refuses something.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Static

from kaart_tui.domain import actions, people
from kaart_tui.domain.changes import Applied
from kaart_tui.domain.model import Action, ActionScope, ActionStatus
from kaart_tui.dutch import long_date, parse_date, short_date
from kaart_tui.errors import DomainError
from kaart_tui.screens.base import KaartScreen
from kaart_tui.screens.common import ChangeAware, apply_change, step_back
from kaart_tui.screens.dialogs import TextPrompt
from kaart_tui.screens.forms import Field, FieldError, FormDialog
from kaart_tui.widgets.footer import QuietFooter
from kaart_tui.workshop import Workshop

STATUS_TEXT = {
    ActionStatus.OPEN: Text("open", style="yellow"),
    ActionStatus.BEZIG: Text("bezig", style="cyan"),
    ActionStatus.GEDAAN: Text("gedaan", style="bold green"),
}
SCOPE_SHORT = {ActionScope.INDIVIDUEEL: "individueel", ActionScope.COLLECTIEF: "collectief",
               ActionScope.EXTERN: "extern"}
SCOPE_KEYS = {"1": ActionScope.INDIVIDUEEL, "i": ActionScope.INDIVIDUEEL,
              "2": ActionScope.COLLECTIEF, "c": ActionScope.COLLECTIEF,
              "3": ActionScope.EXTERN, "e": ActionScope.EXTERN}
# Fixed columns (owner, status, kind, date, B); the action text and the note share the rest.
FIXED = {"owner": 22, "status": 7, "scope": 11, "due": 10, "bijeenkomst": 3}


# -- reading the form -------------------------------------------------------------------------
def parse_scope(text: str, _raw: dict[str, str]) -> ActionScope:
    scope = SCOPE_KEYS.get(text.strip().lower()[:1])
    if scope is None:
        raise DomainError("Typ 1 (individueel), 2 (collectief) of 3 (extern).")
    return scope


def owner_reader(workshop: Workshop):
    """How the owner field reads: a participant when the text names one; for a collective
    or external action any other text is a free-text owner ("de wijkmanager")."""

    def parse(text: str, raw: dict[str, str]) -> tuple[str | None, str | None]:
        scope = SCOPE_KEYS.get(raw.get("scope", "").strip().lower()[:1])
        if not text.strip():
            if scope is ActionScope.INDIVIDUEEL:
                raise DomainError("Wie gaat het doen? Typ (een deel van) de naam.")
            return None, None
        person, problem = people.find_person(workshop.card, text)
        if person is not None:
            return person.id, None
        if scope is ActionScope.INDIVIDUEEL or "past bij" in (problem or ""):
            raise DomainError(problem or "Geen deelnemer gevonden.")
        return None, text.strip()

    return parse


def owner_preview(workshop: Workshop):
    def preview(value: tuple[str | None, str | None]) -> str:
        owner_id, text = value
        if owner_id is not None:
            person = workshop.card.participants[owner_id]
            return f"→ {person.name} ({person.organisation})"
        return f"→ {text} (geen deelnemer)" if text else "→ (niemand in het bijzonder)"

    return preview


def parse_due(text: str, _raw: dict[str, str]) -> date | None:
    return parse_date(text) if text.strip() else None


def due_preview(day: date | None) -> str:
    return f"→ {long_date(day)}" if day else "(geen datum)"


class ActionsScreen(ChangeAware, KaartScreen):
    BINDINGS = [
        Binding("n", "add", "Nieuwe actie"),
        Binding("space", "cycle_status", "Status"),
        Binding("1", "status('open')", "Open", show=False),
        Binding("2", "status('bezig')", "Bezig", show=False),
        Binding("3", "status('gedaan')", "Gedaan", show=False),
        Binding("k", "note", "Notitie"),
        Binding("e", "edit", "Bewerken", show=False),
        Binding("v", "next_meeting", "Volgende bijeenkomst", show=False),
        Binding("d,delete", "delete", "Verwijderen", show=False),
        Binding("u,ctrl+z", "undo", "Ongedaan"),
        Binding("home", "first", "Eerste", show=False),
        Binding("end", "last", "Laatste", show=False),
        Binding("escape", "app.pop_screen", "Terug naar de kaart"),
        Binding("question_mark", "app.help", "Hulp", key_display="?"),
    ]
    IMMEDIATE_KEYS = frozenset({"n", "k", "e", "v"})  # they open a form or a field

    def __init__(self, workshop: Workshop, review: bool = False) -> None:
        super().__init__(id="review" if review else "actions")
        self.workshop = workshop
        self.review = review
        # The review keeps the rows it opened with until it is left: a row set to
        # "gedaan" by a wrong key stays in sight, to be put right.
        self._review_ids: list[str] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="actions-header")
        yield DataTable(id="action-table", cursor_type="row")
        yield Static(id="actions-status")
        yield QuietFooter()

    def on_mount(self) -> None:
        current = self.workshop.current_id
        if self.review and current is not None:
            self._review_ids = [a.id for g in actions.open_before(self.workshop.card, current)
                                for a in g.actions]
        self.query_one(DataTable).focus()
        self.rebuild()

    def on_resize(self) -> None:
        self.rebuild()

    # -- drawing -------------------------------------------------------------------------
    def shown(self) -> list[Action]:
        card = self.workshop.card
        if self._review_ids is not None:
            return [card.actions[i] for i in self._review_ids if i in card.actions]
        order = {ActionScope.INDIVIDUEEL: 0, ActionScope.COLLECTIEF: 1, ActionScope.EXTERN: 2}
        return sorted(card.actions.values(), key=lambda a: order[a.scope])

    def _widths(self) -> tuple[int, int]:
        """The text and note columns share what the fixed columns leave of the width."""
        spare = self.app.size.width - sum(FIXED.values()) - 2 * (len(FIXED) + 2) - 2
        text = max(20, spare * 2 // 3)
        return text, max(12, spare - text)

    def rebuild(self, focus: str | None = None) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        text_width, note_width = self._widths()
        for label, key, width in (("Wie", "owner", FIXED["owner"]),
                                  ("Status", "status", FIXED["status"]),
                                  ("Actie", "text", text_width), ("Soort", "scope", FIXED["scope"]),
                                  ("Datum", "due", FIXED["due"]),
                                  ("Notitie", "note", note_width),
                                  ("B", "bijeenkomst", FIXED["bijeenkomst"])):
            table.add_column(label, key=key, width=width)
        for action in self.shown():
            # height=None: a long action wraps over several lines instead of being cut off.
            table.add_row(*self._cells(action), key=action.id, height=None)
        ids = [a.id for a in self.shown()]
        if table.row_count:
            index = ids.index(focus) if focus in ids else row
            table.cursor_coordinate = Coordinate(max(0, min(index, table.row_count - 1)), 0)
        self._draw_header()

    def _cells(self, action: Action) -> list[Text]:
        card = self.workshop.card
        numbers = {b.id: b.number for b in card.bijeenkomsten.values()}
        return [Text(actions.owner_label(card, action), style="bold"),
                STATUS_TEXT[action.status], Text(action.text),
                Text(SCOPE_SHORT[action.scope], style="dim"),
                Text(short_date(action.due) if action.due else ""),
                Text(action.note or "", style="italic"),
                Text(f"B{numbers.get(action.bijeenkomst, '?')}", style="dim")]

    def show_change(self, applied: Applied) -> None:
        """Only the rows that changed are drawn again (issue 15); new or removed actions,
        or people renamed, rebuild the table."""
        table = self.query_one(DataTable)
        ids = [a.id for a in self.shown()]
        keys = [str(k.value) for k in table.rows]
        if ids != keys or not applied.collections <= {"actions"}:
            self.rebuild(applied.focus if isinstance(applied.focus, str) else None)
            return
        card = self.workshop.card
        for record in applied.change.put:
            if isinstance(record, Action) and record.id in card.actions:
                for column, cell in zip(("owner", "status", "text", "scope", "due", "note",
                                         "bijeenkomst"), self._cells(card.actions[record.id])):
                    table.update_cell(record.id, column, cell, update_width=False)
        self._draw_header()

    def on_screen_resume(self) -> None:
        if self.take_pending():
            self.rebuild()

    def _draw_header(self) -> None:
        card = self.workshop.card
        current = self.workshop.current
        header = Text()
        status = Text()
        if self.review:
            header.append("Terugblik: wat heb je sinds de vorige bijeenkomst gedaan?",
                          style="bold")
            count = sum(1 for a in self.shown() if a.status is not ActionStatus.GEDAAN)
            header.append(f"\n{count} actie{'' if count == 1 else 's'} uit eerdere "
                          "bijeenkomsten staan nog open of bezig.")
            status.append("1 open · 2 bezig · 3 gedaan · spatie: volgende status · "
                          "k: korte notitie · wat gedaan is blijft staan tot u teruggaat",
                          style="dim")
        else:
            header.append("Acties", style="bold")
            if current is not None:
                header.append(f" · {current.label}")
                if current.next_date:
                    where = f", {current.next_location}" if current.next_location else ""
                    header.append(f" · volgende bijeenkomst {long_date(current.next_date)}"
                                  f"{where}", style="dim")
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

    def _on_focused(self, make) -> None:
        action = self.focused_action()
        if action is None:
            self.notify("Er is hier nog geen actie.", severity="warning")
            return
        apply_change(self, self.workshop, lambda: make(action))

    def typed_text(self, text: str) -> None:
        """A sentence typed with no field open is most likely an action: into the form."""
        self.action_add(text)

    # -- the form ------------------------------------------------------------------------
    def _form(self, title: str, action: Action | None, text: str = "") -> FormDialog:
        card = self.workshop.card
        current = self.workshop.current_id
        suggested = ""
        if action is not None:
            owner = actions.owner_label(card, action) if action.owner or action.owner_text \
                else ""
            scope_key = {v: k for k, v in SCOPE_KEYS.items() if k.isdigit()}[action.scope]
            values = {"scope": scope_key, "text": action.text, "owner": owner,
                      "due": short_date(action.due) if action.due else ""}
        else:
            missing = actions.without_individual_action(card, current) if current else []
            suggested = missing[0].name if missing else ""
            values = {"scope": "", "text": text, "owner": "", "due": ""}
        fields = [
            Field("scope", "Soort: 1 individueel · 2 collectief · 3 extern", values["scope"],
                  parse=parse_scope, preview=lambda s: f"→ {actions.SCOPE_LABELS[s]}",
                  auto_advance=action is None),
            Field("text", "Wat gaat er gebeuren?", values["text"],
                  placeholder="bv. Ik bel de wijkagent over de hangplek",
                  typed=action is None and bool(text)),
            Field("owner", "Van wie? (een deelnemer; bij collectief of extern mag ook "
                  "'de wijkmanager')", values["owner"],
                  placeholder=f"bv. {suggested}" if suggested else "naam",
                  parse=owner_reader(self.workshop), preview=owner_preview(self.workshop)),
            Field("due", "Wanneer klaar? (mag leeg)", values["due"],
                  placeholder="bv. 1 maart, 1-3-2027", parse=parse_due, preview=due_preview),
        ]
        return FormDialog(title, fields, check=self._check(action),
                          focus="scope" if action is None else "text")

    def _check(self, action: Action | None):
        def check(values: dict[str, Any]) -> object:
            make = self._change(action, values)
            try:
                return make()
            except DomainError as error:
                key = "owner" if "eigenaar" in error.message or "deelnemer" in \
                    error.message else "text"
                raise FieldError(key, error.message) from None

        return check

    def _change(self, action: Action | None, values: dict[str, Any]):
        card = self.workshop.card
        owner_id, owner_text = values["owner"]
        if action is None:
            current = self.workshop.current_id or ""
            return lambda: actions.add_action(card, values["scope"], values["text"], current,
                                              owner_id, values["due"], owner_text=owner_text)
        return lambda: actions.update_action(card, action.id, values["text"],
                                             values["scope"], owner_id, owner_text,
                                             values["due"])

    # -- actions -------------------------------------------------------------------------
    def action_add(self, text: str = "") -> None:
        if self.workshop.current_id is None:
            self.notify("Kies eerst een bijeenkomst.", severity="warning")
            return

        def done(values: dict[str, Any] | None) -> None:
            if values is not None:
                apply_change(self, self.workshop, self._change(None, values))

        self.app.push_screen(self._form("Nieuwe actie", None, text), done)

    def action_edit(self) -> None:
        action = self.focused_action()
        if action is None:
            self.notify("Er is hier nog geen actie.", severity="warning")
            return

        def done(values: dict[str, Any] | None) -> None:
            if values is not None:
                apply_change(self, self.workshop, self._change(action, values))

        self.app.push_screen(self._form("Actie wijzigen", action), done)

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
                apply_change(self, self.workshop, lambda: actions.set_note(card, action.id,
                                                                           text))

        self.app.push_screen(TextPrompt("Korte notitie (wat is er gedaan?)", action.note or ""),
                             noted)

    def action_next_meeting(self) -> None:
        ask_next_meeting(self, self.workshop)

    def action_delete(self) -> None:
        card = self.workshop.card
        self._on_focused(lambda a: actions.delete_action(card, a.id))

    def action_undo(self) -> None:
        step_back(self, self.workshop)

    def action_first(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            table.cursor_coordinate = Coordinate(0, 0)

    def action_last(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            table.cursor_coordinate = Coordinate(table.row_count - 1, 0)


def ask_next_meeting(screen: Screen, workshop: Workshop) -> None:
    """The date (and place) agreed for the next meeting: from the card and the actions."""
    current = workshop.current
    if current is None:
        screen.notify("Kies eerst een bijeenkomst.", severity="warning")
        return
    fields = [
        Field("day", "Datum van de volgende bijeenkomst (leeg: nog niet bekend)",
              short_date(current.next_date) if current.next_date else "",
              placeholder="bv. 12 maart of 12-3-2027", parse=parse_due, preview=due_preview),
        Field("location", "Waar? (mag leeg)", current.next_location or ""),
    ]

    def check(values: dict[str, Any]) -> object:
        try:
            return people.set_next_meeting(workshop.card, current.id, values["day"],
                                           values["location"])
        except DomainError as error:
            raise FieldError("day", error.message) from None

    def done(values: dict[str, Any] | None) -> None:
        if values is not None:
            applied = apply_change(screen, workshop, lambda: people.set_next_meeting(
                workshop.card, current.id, values["day"], values["location"]))
            if applied is not None:
                screen.notify(applied.label, markup=False, timeout=4)

    screen.app.push_screen(FormDialog(f"Na {current.label.lower()}: de volgende", fields,
                                      check=check), done)

"""The verslag's parts about votes and actions: the vote bars of a step, the actions of
this bijeenkomst, the progress since the previous one, and an evaluation's look back.

A mixin of ``Verslag`` (verslag.py): it uses the writer's paragraphs and tables and the
verslag's card, names and ``say`` (free text, anonymised when asked).
"""

from __future__ import annotations

from kaart_tui.domain.actions import looked_back_on
from kaart_tui.domain.model import Action, ActionScope, ActionStatus
from kaart_tui.domain.ranking import candidate_title, step_ranking, step_top
from kaart_tui.domain.steps import FILL_ORDER, Step
from kaart_tui.export.docx_tools import set_cell_text, shade
from kaart_tui.export.docx_writer import (
    fitted_widths,
    lay_out_rows,
    look,
    merge_across,
    set_table_widths,
    text_width_cm,
)

BAR_CELLS = 10
BAR_FILL = "4F81BD"
TEXT_WIDTH_CM = 16.0
STATUS_LABEL = {ActionStatus.OPEN: "open", ActionStatus.BEZIG: "bezig",
                ActionStatus.GEDAAN: "gedaan"}
SCOPES = [
    (ActionScope.INDIVIDUEEL, "Individuele acties: wat ga ik doen?"),
    (ActionScope.COLLECTIEF, "Collectieve acties: wat gaan we als team doen?"),
    (ActionScope.EXTERN, "Externe verzoeken: wat vragen we anderen?"),
]


def due_text(action: Action) -> str:
    return action.due.strftime("%d-%m-%Y") if action.due else ""


class ActionParts:
    def _vote_bars(self, step: Step) -> None:
        """The vote result as shaded cells: easier to take in than numbers alone."""
        ranking = [r for r in step_ranking(self.card, step, self.bijeenkomst.id) if r.count]
        if not ranking:
            return
        most = max(r.count for r in ranking)
        table = self.add_table(1 + len(ranking), 2 + BAR_CELLS)
        grid = self.cells(table)
        header = grid[0]
        set_cell_text(header[0], "Thema of bijdrage")
        set_cell_text(header[1], "Stemmen")
        set_cell_text(merge_across(header[2:]), "Uitslag")
        for ranked, cells in zip(ranking, grid[1:]):
            set_cell_text(cells[0], self.say(candidate_title(ranked.item))[:120])
            set_cell_text(cells[1], str(ranked.count))
            filled = round(BAR_CELLS * ranked.count / most)
            for cell in cells[2:2 + filled]:
                shade(cell, BAR_FILL)
        bar = 0.45
        votes = text_width_cm("Stemmen")
        look(table)
        set_table_widths(table, [TEXT_WIDTH_CM - votes - bar * BAR_CELLS, votes]
                         + [bar] * BAR_CELLS)
        lay_out_rows(table)
        self.paragraph("")

    def _action_table(self, actions: list[Action], header: list[str], values,
                      flexible: set[int] = frozenset({1})) -> None:
        rows = [values(a) for a in actions]
        columns = [[h, *(row[i] for row in rows)] for i, h in enumerate(header)]
        widths = fitted_widths(TEXT_WIDTH_CM, columns, flexible=set(flexible),
                               minimums={0: 3.3, len(header) - 1: 2.0})
        self.table(header, rows, widths)

    def _actions(self) -> None:
        self.heading("Acties", 1)
        actions = [a for a in self.card.actions.values()
                   if a.bijeenkomst == self.bijeenkomst.id]
        if not actions:
            self.paragraph("In deze bijeenkomst zijn geen acties afgesproken."
                           if any(a.bijeenkomst in self.shown for a in self.card.actions.values())
                           else "Er zijn nog geen acties afgesproken.")
            return
        for scope, title in SCOPES:
            chosen = [a for a in actions if a.scope is scope]
            self.heading(title, 2)
            if not chosen:
                self.paragraph("Geen.")
                continue
            if scope is ActionScope.INDIVIDUEEL:
                chosen.sort(key=lambda a: self.names.owner(a).casefold())
            self._action_table(chosen, ["Wie", "Actie", "Wanneer", "Status"], lambda a: [
                self.say(self.names.owner(a)), self.say(a.text), due_text(a),
                STATUS_LABEL[a.status]])

    def _pending(self) -> list[Action]:
        return [a for a in self.card.actions.values()
                if a.bijeenkomst in self.shown and a.status is not ActionStatus.GEDAAN]

    def _earlier_actions(self) -> list[Action]:
        return [a for a in self.card.actions.values()
                if a.bijeenkomst in self.shown and a.bijeenkomst != self.bijeenkomst.id]

    def _status_table(self, actions: list[Action]) -> None:
        self._action_table(actions, ["Wie", "Actie", "Status", "Toelichting"], lambda a: [
            self.say(self.names.owner(a)), self.say(a.text), STATUS_LABEL[a.status],
            self.say(a.note)], flexible={1, 3} if any(a.note for a in actions) else {1})

    # -- progress since the previous bijeenkomst -------------------------------------------
    def _since_previous(self) -> None:
        """New themes, changed tops and what became of the earlier actions: the one place
        a later verslag speaks of what came before (the card itself is Bijlage 2)."""
        if self.previous is None or self.evaluation:
            return
        number = self.previous.number
        self.heading(f"Sinds bijeenkomst {number}", 1)
        lines = []
        for step in FILL_ORDER:
            said = []
            new = len(self.card.themes_of(step, self.bijeenkomst.id))
            if new:
                said.append(f"{new} nieuw thema" if new == 1 else f"{new} nieuwe thema's")
            top_n = self.template.step(step).top_n
            before = {r.item.id for r in step_top(self.card, step, self.previous.id, top_n)}
            now = [r.item.id for r in self._top(step)]
            entered = sum(item not in before for item in now)
            if before and now:
                said.append("de top is gelijk gebleven" if not entered else
                            "de top is helemaal nieuw" if entered == len(now) else
                            f"{entered} van de top {len(now)} {'is' if entered == 1 else 'zijn'}"
                            " nieuw")
            elif now:
                said.append("voor het eerst een top")
            if said:
                lines.append(f"{self.template.step(step).heading}: {', '.join(said)}.")
        self.paragraph("Wat er op de kaart bijkwam en veranderde (de thema's en de toppen "
                       "staan bij de stappen):" if lines else
                       f"Er kwamen geen nieuwe thema's bij en de toppen bleven gelijk aan "
                       f"bijeenkomst {number}.")
        self.bullets(lines)
        earlier = self._earlier_actions()
        if not earlier:
            return
        done = sum(a.status is ActionStatus.GEDAAN for a in earlier)
        busy = sum(a.status is ActionStatus.BEZIG for a in earlier)
        self.paragraph(f"Van de {len(earlier)} acties van eerdere bijeenkomsten "
                       f"{'is' if done == 1 else 'zijn'} er {done} gedaan, {busy} bezig en "
                       f"{len(earlier) - done - busy} open.")
        self._status_table(earlier)

    # -- an evaluation: then and now -------------------------------------------------------
    def _evaluation(self) -> None:
        if not self.evaluation:
            return
        self.heading("Terugblik: toen en nu", 1)
        before = looked_back_on(self.card, self.bijeenkomst.id)
        rows = []
        for step in FILL_ORDER:
            then = step_top(self.card, step, before, self.card_template.step(step).top_n) \
                if before else []
            now = self._top(step)
            rows.append([self.template.step(step).heading,
                         "\n".join(f"{r.place}. {self.say(candidate_title(r.item))}"
                                   for r in then) or "(geen uitslag)",
                         "\n".join(f"{r.place}. {self.say(candidate_title(r.item))}"
                                   for r in now) or "(nog geen uitslag)"])
        label = (f"Toen (bijeenkomst {self.card.bijeenkomsten[before].number})" if before
                 else "Toen")
        self.table(["Stap", label, "Nu"], rows, [3.5, 6.25, 6.25])
        self.heading("Wat is er van de acties gekomen?", 2)
        earlier = self._earlier_actions()
        if not earlier:
            self.paragraph("Er waren geen eerdere acties.")
            return
        self._status_table(earlier)

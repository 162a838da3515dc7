"""What the poster shows: the card as five columns of paragraphs, in the paper order.

Pure domain reading, no PDF: a column is a heading (step name, core question) and a list
of paragraphs, each with a kind that says how it looks and what may be left out first when
the card does not fit one sheet (entries, then themes, then actions; the top never).
The selection follows the verslag's whole-card table: the top as it stands at the
bijeenkomst, the other themes with their entries, the loose entries; in an evaluation
"toen" (the card's top before) and "nu" (what the evaluation itself chose and said).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from kaart_tui.domain.actions import looked_back_on, owner_label
from kaart_tui.domain.model import Action, ActionScope, Card, Entry, Theme
from kaart_tui.domain.ranking import Ranked, candidate_title, step_top, top_size
from kaart_tui.domain.steps import PAPER_ORDER, Step
from kaart_tui.domain.templates import CardTemplate
from kaart_tui.dutch import long_date


class Kind(str, Enum):
    LABEL = "label"        # "Top 3", "Andere thema's", "Individueel": a small heading
    TOP = "top"            # a place in the top: bold, larger, numbered
    THEME = "theme"        # another theme: bold
    ENTRY = "entry"        # a contribution (post-it): smaller, with a dash
    ACTION = "action"      # an action of step 5, with its owner
    EMPTY = "empty"        # "Nog geen bijdragen."


# What may be left out when even the smallest type does not fit, in this order.
DROP_ORDER = (Kind.ENTRY, Kind.THEME, Kind.ACTION)


@dataclass(frozen=True, slots=True)
class Paragraph:
    kind: Kind
    text: str
    # A place in the top ("1", "2"), printed hanging before the text.
    mark: str = ""
    # A label belongs to the paragraphs after it: left out with the last of them.
    group: int = 0


@dataclass
class Column:
    step: Step
    number: int
    name: str
    subtitle: str
    question: str
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class PosterContent:
    title: str
    subtitle: str        # team, wijk
    meeting: str         # which bijeenkomst, dates
    columns: list[Column]
    evaluation: bool
    # Made without participant names (owners as organisation and initial).
    anonymous: bool = False


SCOPES = (
    (ActionScope.INDIVIDUEEL, "Individueel: wat ga ik doen?"),
    (ActionScope.COLLECTIEF, "Collectief: wat gaan we als team doen?"),
    (ActionScope.EXTERN, "Extern: wat vragen we anderen?"),
)


def owner_name(card: Card, action: Action, anonymous: bool) -> str:
    """The owner as the verslag names them: anonymous is organisation and initial."""
    person = card.participants.get(action.owner) if action.owner else None
    if person is not None and not person.removed and anonymous:
        initial = person.name.strip()[:1].upper()
        return f"{person.organisation} ({initial}.)" if initial else person.organisation
    return owner_label(card, action)


def place_mark(ranked: Ranked) -> str:
    return f"{ranked.place}."


def ranked_text(ranked: Ranked) -> str:
    text = candidate_title(ranked.item)
    return f"{text} (gedeelde plaats)" if ranked.shared else text


class _Builder:
    def __init__(self, card: Card, template: CardTemplate, bijeenkomst_id: str,
                 anonymous: bool, evaluation_template: CardTemplate | None) -> None:
        self.card = card
        self.bijeenkomst = card.bijeenkomsten[bijeenkomst_id]
        self.evaluation = card.is_evaluation(bijeenkomst_id)
        self.card_template = template
        self.template = (evaluation_template or template) if self.evaluation else template
        self.anonymous = anonymous
        self.meetings = card.bijeenkomsten_up_to(bijeenkomst_id)
        self.shown = {b.id for b in self.meetings}
        self.group = 0
        self.before = looked_back_on(card, bijeenkomst_id) if self.evaluation else None

    def build(self) -> PosterContent:
        session = self.card.session
        team = session.team if session.team != session.title else None
        wijk = f"wijk {session.wijk}" if session.wijk else None
        subtitle = " · ".join(part for part in (team, wijk) if part)
        kind = "Evaluatiekaart" if self.evaluation else self.card_template.name
        dates = ", ".join(long_date(b.date) for b in self.meetings)
        plural = "Bijeenkomst" if len(self.meetings) == 1 else "Bijeenkomsten"
        meeting = (f"{kind}, bijeenkomst {self.bijeenkomst.number} "
                   f"({plural.lower()}: {dates})")
        return PosterContent(session.title, subtitle, meeting,
                             [self.column(step) for step in PAPER_ORDER],
                             self.evaluation, self.anonymous)

    # -- one column ------------------------------------------------------------------------
    def column(self, step: Step) -> Column:
        text = self.template.step(step)
        column = Column(step, step.number, text.name, text.subtitle, text.question)
        out = column.paragraphs
        if self.evaluation:
            self._then(step, out)
        top = step_top(self.card, step, self.bijeenkomst.id, text.top_n,
                       own_round_only=self.evaluation)
        themes, themed, loose = self._themes_and_entries(step)
        in_top = {r.item.id for r in top}
        if top:
            size = top_size(self.card, step, self.bijeenkomst.id, text.top_n,
                            own_round_only=self.evaluation)
            self._label(out, f"Nu: top {size}" if self.evaluation else f"Top {size}")
            for ranked in top:
                out.append(Paragraph(Kind.TOP, ranked_text(ranked), place_mark(ranked),
                                     group=self.group))
                if isinstance(ranked.item, Theme):
                    out.extend(self._entries(themed.get(ranked.item.id, [])))
        others = [t for t in themes if t.id not in in_top]
        rest = [e for e in loose if e.id not in in_top]
        if others:
            self._label(out, "Andere thema's" if top else "Thema's")
            for theme in others:
                out.append(Paragraph(Kind.THEME, theme.title, group=self.group))
                out.extend(self._entries(themed.get(theme.id, [])))
        if rest:
            self._label(out, "Losse bijdragen" if (top or others) else "Bijdragen")
            out.extend(self._entries(rest))
        if step is Step.ACTIES:
            self._actions(out)
        if not out:
            out.append(Paragraph(Kind.EMPTY, "Nog geen bijdragen."))
        return column

    def _label(self, out: list[Paragraph], text: str) -> None:
        self.group += 1
        out.append(Paragraph(Kind.LABEL, text, group=self.group))

    def _entries(self, entries: list[Entry]) -> list[Paragraph]:
        return [Paragraph(Kind.ENTRY, e.text, group=self.group) for e in entries]

    def _then(self, step: Step, out: list[Paragraph]) -> None:
        """An evaluation looks back: the top the card held before, above what is said now."""
        if self.before is None:
            return
        then = step_top(self.card, step, self.before,
                        self.card_template.step(step).top_n)
        number = self.card.bijeenkomsten[self.before].number
        self._label(out, f"Toen (bijeenkomst {number})")
        if not then:
            out.append(Paragraph(Kind.EMPTY, "Geen uitslag."))
        for ranked in then:
            out.append(Paragraph(Kind.TOP, ranked_text(ranked), place_mark(ranked)))

    def _themes_and_entries(self, step: Step) -> tuple[list[Theme], dict[str, list[Entry]],
                                                       list[Entry]]:
        visible = [e for e in self.card.entries_of(step) if e.bijeenkomst in self.shown]
        if self.evaluation:
            visible = [e for e in visible if e.bijeenkomst == self.bijeenkomst.id]
        themed: dict[str, list[Entry]] = {}
        loose = []
        for entry in visible:
            if entry.theme is not None:
                themed.setdefault(entry.theme, []).append(entry)
            else:
                loose.append(entry)
        themes = [t for t in self.card.themes_of(step)
                  if t.id in themed or (t.bijeenkomst in self.shown and not self.evaluation)
                  or t.bijeenkomst == self.bijeenkomst.id]
        return themes, themed, loose

    def _actions(self, out: list[Paragraph]) -> None:
        actions = [a for a in self.card.actions.values() if a.bijeenkomst in self.shown]
        for scope, title in SCOPES:
            chosen = [a for a in actions if a.scope is scope]
            if not chosen:
                continue
            if scope is ActionScope.INDIVIDUEEL:
                chosen.sort(key=lambda a: owner_name(self.card, a, self.anonymous).casefold())
            self._label(out, title)
            for action in chosen:
                owner = owner_name(self.card, action, self.anonymous)
                out.append(Paragraph(Kind.ACTION, f"{action.text} ({owner})",
                                     group=self.group))


def poster_content(card: Card, template: CardTemplate, bijeenkomst_id: str,
                   anonymous: bool = False,
                   evaluation_template: CardTemplate | None = None) -> PosterContent:
    return _Builder(card, template, bijeenkomst_id, anonymous, evaluation_template).build()

"""Cards side by side: which labelled themes recur per step and across steps.

What researchers did by hand for seeds 000 and 001: lay the teams' cards next to each
other, see per step which themes each team chose (its top 3) or only mentioned, and
which themes cut across steps or teams ("overstijgende thema's").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from kaart_tui.domain.attendance import presence
from kaart_tui.domain.labels import Label, Vocabulary, target_key
from kaart_tui.domain.model import Card, Entry, Theme
from kaart_tui.domain.ranking import candidate_title, step_top
from kaart_tui.domain.steps import FILL_ORDER, Step
from kaart_tui.domain.templates import CardTemplate


class Presence(str, Enum):
    TOP = "top"        # shown as "top 3", or "top 5" for a step with a top 5
    PRESENT = "genoemd"
    ABSENT = "—"


def presence_text(cell: Presence, top_size: int) -> str:
    return f"top {top_size}" if cell is Presence.TOP else cell.value


@dataclass(frozen=True)
class Team:
    """One session in the analysis: its name as a column heading, and its card."""

    name: str
    card: Card
    template: CardTemplate


@dataclass(frozen=True)
class LabelRow:
    label: Label
    cells: tuple[Presence, ...]  # one per team

    @property
    def teams(self) -> int:
        return sum(cell is not Presence.ABSENT for cell in self.cells)

    @property
    def teams_in_top(self) -> int:
        return sum(cell is Presence.TOP for cell in self.cells)


@dataclass(frozen=True)
class CrossCutting:
    label: Label
    steps: tuple[Step, ...]
    teams: tuple[str, ...]
    in_every_team: bool
    where: tuple[tuple[str, Step], ...]  # (team, step) pairs where it occurs


@dataclass(frozen=True)
class TeamPresence:
    team: str
    bijeenkomsten: tuple[tuple[int, str, float | None], ...]  # number, "9 personen ...", score


@dataclass(frozen=True)
class Analysis:
    teams: tuple[str, ...]
    per_step: dict[Step, tuple[LabelRow, ...]]
    # Per step: per team, the top as (place label, title): "3 (gedeeld)" shows a tie.
    tops: dict[Step, tuple[tuple[tuple[str, str], ...], ...]]
    cross_cutting: tuple[CrossCutting, ...]
    presence: tuple[TeamPresence, ...]


def _latest(card: Card) -> str | None:
    latest = card.latest_bijeenkomst()
    return latest.id if latest else None


def _labels_of(card: Card, vocabulary: Vocabulary, kind: str, record_id: str) -> set[str]:
    labeling = card.labelings.get(target_key(kind, record_id))
    if labeling is None:
        return set()
    return {live for live in (vocabulary.resolve(i) for i in labeling.labels) if live}


def _candidate_labels(card: Card, vocabulary: Vocabulary, item: Theme | Entry) -> set[str]:
    """A theme carries its own labels and those of its entries."""
    if isinstance(item, Theme):
        found = _labels_of(card, vocabulary, "theme", item.id)
        for entry in card.entries_in_theme(item.id):
            found |= _labels_of(card, vocabulary, "entry", entry.id)
        return found
    return _labels_of(card, vocabulary, "entry", item.id)


def step_labels(team: Team, vocabulary: Vocabulary, step: Step) -> dict[str, Presence]:
    """Per live label id: in this team's top of the step, or only mentioned in the step."""
    card = team.card
    found: dict[str, Presence] = {}
    for theme in card.themes_of(step):
        for label_id in _candidate_labels(card, vocabulary, theme):
            found.setdefault(label_id, Presence.PRESENT)
    for entry in card.entries_of(step):
        for label_id in _labels_of(card, vocabulary, "entry", entry.id):
            found.setdefault(label_id, Presence.PRESENT)
    latest = _latest(card)
    if latest is not None:
        for ranked in step_top(card, step, latest, team.template.step(step).top_n):
            for label_id in _candidate_labels(card, vocabulary, ranked.item):
                found[label_id] = Presence.TOP
    return found


def distinct_names(names: list[str]) -> tuple[str, ...]:
    """Column headings that tell teams apart: a repeated name gets " (2)", " (3)"."""
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return tuple(result)


def analyse(teams: list[Team], vocabulary: Vocabulary) -> Analysis:
    # Two sessions may carry the same title (a team's second card); they stay two teams.
    names = distinct_names([team.name for team in teams])
    per_team = [{step: step_labels(team, vocabulary, step) for step in FILL_ORDER}
                for team in teams]
    per_step: dict[Step, tuple[LabelRow, ...]] = {}
    for step in FILL_ORDER:
        rows = []
        for label in vocabulary.labels:
            cells = tuple(found[step].get(label.id, Presence.ABSENT) for found in per_team)
            if any(cell is not Presence.ABSENT for cell in cells):
                rows.append(LabelRow(label, cells))
        rows.sort(key=lambda r: (-r.teams, -r.teams_in_top, r.label.name.casefold()))
        per_step[step] = tuple(rows)

    tops: dict[Step, tuple[tuple[str, ...], ...]] = {}
    for step in FILL_ORDER:
        columns = []
        for team in teams:
            latest = _latest(team.card)
            ranked = step_top(team.card, step, latest, team.template.step(step).top_n) \
                if latest else []
            columns.append(tuple((r.place_label, candidate_title(r.item)) for r in ranked))
        tops[step] = tuple(columns)

    crossing = []
    for label in vocabulary.labels:
        where = tuple((name, step) for name, found in zip(names, per_team)
                      for step in FILL_ORDER if label.id in found[step])
        steps = tuple(step for step in FILL_ORDER if any(s is step for _, s in where))
        in_teams = tuple(dict.fromkeys(name for name, _ in where))
        every = len(teams) > 1 and len(in_teams) == len(teams)
        if len(steps) >= 2 or every:
            crossing.append(CrossCutting(label, steps, in_teams, every, where))
    crossing.sort(key=lambda c: (-len(c.teams), -len(c.steps), c.label.name.casefold()))

    attendance = []
    for name, team in zip(names, teams):
        card = team.card
        attendance.append(TeamPresence(name, tuple(
            (b.number, presence(card, b.id).text, card.average_score(b.id))
            for b in card.bijeenkomsten_in_order())))
    return Analysis(names, per_step, tops, tuple(crossing), tuple(attendance))

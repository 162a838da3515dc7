"""The records of a session and the Card that holds them.

Plain frozen dataclasses: a change is a new record (``dataclasses.replace``), which keeps
undo simple and lets the store write exactly what changed. Nothing here knows Textual,
TinyDB or files.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Iterable, Iterator, Union

from kaart_tui.domain.steps import Step
from kaart_tui.domain.text import (  # noqa: F401  (the names records are made with)
    MAX_SHORT_TEXT_LENGTH,
    MAX_TEXT_LENGTH,
    clean_optional,
    clean_short,
    clean_text,
)
from kaart_tui.errors import DomainError


class AttendanceStatus(str, Enum):
    AANWEZIG = "aanwezig"
    AFWEZIG = "afwezig"
    ONBEKEND = "onbekend"


class ActionScope(str, Enum):
    INDIVIDUEEL = "individueel"
    COLLECTIEF = "collectief"
    EXTERN = "extern"


class ActionStatus(str, Enum):
    OPEN = "open"
    BEZIG = "bezig"
    GEDAAN = "gedaan"


TEMPLATES = ("partnerschapskaart", "evaluatiekaart")


def new_id(prefix: str) -> str:
    """A short random id; random rather than counted so two laptops never collide."""
    return f"{prefix}-{secrets.token_hex(5)}"


@dataclass(frozen=True, slots=True)
class SessionInfo:
    title: str
    team: str
    wijk: str | None = None
    facilitators: tuple[str, ...] = ()
    opdrachtgever: str | None = None
    template: str = "partnerschapskaart"

    @classmethod
    def create(cls, title: str, team: str, wijk: str | None = None,
               facilitators: Iterable[str] = (), opdrachtgever: str | None = None,
               template: str = "partnerschapskaart") -> "SessionInfo":
        if template not in TEMPLATES:
            raise DomainError(
                f"Onbekend kaartsjabloon '{template}': kies {' of '.join(TEMPLATES)}.")
        return cls(clean_short(title, "De titel"), clean_short(team, "De teamnaam"),
                   clean_optional(wijk, "De wijk"),
                   tuple(clean_short(name, "De naam van een procesbegeleider")
                         for name in facilitators),
                   clean_optional(opdrachtgever, "De opdrachtgever"), template)


@dataclass(frozen=True, slots=True)
class Participant:
    id: str
    name: str
    organisation: str
    # No longer part of the team from this bijeenkomst on: not expected there or later.
    left_from: str | None = None
    # Forgotten at their own request (AVG): the name is gone (""), what happened stays.
    # The latest bijeenkomst when that was done: the person is counted (without a name)
    # up to it and expected at no later one.
    removed_after: str | None = None

    @property
    def removed(self) -> bool:
        return self.removed_after is not None


@dataclass(frozen=True, slots=True)
class Bijeenkomst:
    id: str
    number: int
    date: date
    location: str | None = None
    # Held with the Evaluatiekaart, looking back on the card.
    evaluation: bool = False
    # What was agreed for the next meeting (printed under "Afspraken" in the verslag).
    next_date: date | None = None
    next_location: str | None = None

    @property
    def label(self) -> str:
        return f"Bijeenkomst {self.number}"


@dataclass(frozen=True, slots=True)
class Attendance:
    participant: str
    bijeenkomst: str
    status: AttendanceStatus

    @property
    def key(self) -> tuple[str, str]:
        return (self.participant, self.bijeenkomst)


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    step: Step
    title: str
    bijeenkomst: str


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    step: Step
    text: str
    bijeenkomst: str
    participant: str | None = None
    theme: str | None = None


@dataclass(frozen=True, slots=True)
class Vote:
    """Votes cast on one theme or one unthemed entry.

    ``participant`` is None for a tally (hands or stickers counted by the facilitator).
    Votes have no id in the exchange format; the id here only lets the store find one.
    """

    id: str
    bijeenkomst: str
    count: int
    participant: str | None = None
    theme: str | None = None
    entry: str | None = None

    @property
    def target(self) -> tuple[str, str]:
        return ("theme", self.theme) if self.theme is not None else ("entry", self.entry)


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    scope: ActionScope
    text: str
    bijeenkomst: str
    owner: str | None = None
    due: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    # "Wat heb je sinds de vorige bijeenkomst gedaan?"
    note: str | None = None
    # An owner who is not a participant ("de wijkmanager", "het hele team"): kept apart
    # from ``owner`` so that an anonymous verslag still hides every participant's name.
    owner_text: str | None = None


@dataclass(frozen=True, slots=True)
class Score:
    participant: str
    bijeenkomst: str
    score: int

    @property
    def key(self) -> tuple[str, str]:
        return (self.participant, self.bijeenkomst)


class VotingMode(str, Enum):
    TELLING = "telling"    # hands or stickers, counted by the facilitator
    STIPPEN = "stippen"    # each present participant spreads a budget of dots
    GEHEIM = "geheim"      # dots, laptop passed round, totals hidden until revealed


@dataclass(frozen=True, slots=True)
class VotingRound:
    """How a step is voted on in one bijeenkomst."""

    step: Step
    bijeenkomst: str
    mode: VotingMode
    budget: int = 3
    max_per_candidate: int | None = None
    top_n: int = 3
    # The facilitator's own order (candidate keys "theme:<id>" / "entry:<id>"), used to
    # settle a tie; empty when the ranking follows the votes alone.
    fixed_order: tuple[str, ...] = ()
    revealed: bool = False
    # In an evaluation: also the card's earlier themes (asked for; shown after its own).
    include_earlier: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.step.value, self.bijeenkomst)


@dataclass(frozen=True, slots=True)
class Labeling:
    """The labels (ids from the data folder's vocabulary) on one theme or entry.

    ``target`` is "theme:<id>" or "entry:<id>". Kept in the session file only.
    """

    target: str
    labels: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.target


DEFAULT_QUORUM = 0.7


@dataclass(frozen=True, slots=True)
class Settings:
    """The session's own settings, one record (key ``"session"``), changed like any other.

    ``quorum``: the share of the expected participants that must be present for a
    decision to count (seed 001); screens warn below it, never forbid.
    """

    quorum: float = DEFAULT_QUORUM

    @property
    def key(self) -> str:
        return "session"


@dataclass(frozen=True, slots=True)
class StepNote:
    """What the group said about a step in one bijeenkomst, beyond its post-its."""

    step: Step
    bijeenkomst: str
    text: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.step.value, self.bijeenkomst)


@dataclass(frozen=True, slots=True)
class WaitingEntry:
    """A phone's entry the facilitator has not yet taken onto the card (then the Entry
    with this id) or left off. In the session file, so a dying laptop loses none."""

    id: str
    step: Step
    text: str
    bijeenkomst: str  # open when it was sent: it goes onto the card there
    participant: str | None = None  # None: sent anonymously


Record = Union[Participant, Bijeenkomst, Attendance, Theme, Entry, Vote, Action, Score,
               VotingRound, Labeling, Settings, StepNote, WaitingEntry]

# Collection name per record type: the same names the bundle and the store use.
COLLECTIONS: dict[type, str] = {
    Participant: "participants",
    Bijeenkomst: "bijeenkomsten",
    Attendance: "attendance",
    Theme: "themes",
    Entry: "entries",
    Vote: "votes",
    Action: "actions",
    Score: "scores",
    VotingRound: "rounds",
    Labeling: "labelings",
    Settings: "settings",
    StepNote: "notes",
    WaitingEntry: "waiting",
}
# Records known by what they are about rather than by an id of their own.
_KEYED = (Attendance, Score, VotingRound, Labeling, Settings, StepNote)


def record_key(record: Record) -> object:
    return record.key if isinstance(record, _KEYED) else record.id


@dataclass
class Card:
    """Everything recorded in one session, in insertion order."""

    session: SessionInfo
    participants: dict[str, Participant] = field(default_factory=dict)
    bijeenkomsten: dict[str, Bijeenkomst] = field(default_factory=dict)
    attendance: dict[tuple[str, str], Attendance] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    entries: dict[str, Entry] = field(default_factory=dict)
    votes: dict[str, Vote] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    scores: dict[tuple[str, str], Score] = field(default_factory=dict)
    rounds: dict[tuple[str, str], VotingRound] = field(default_factory=dict)
    labelings: dict[str, Labeling] = field(default_factory=dict)
    settings: dict[str, Settings] = field(default_factory=dict)
    notes: dict[tuple[str, str], StepNote] = field(default_factory=dict)
    waiting: dict[str, WaitingEntry] = field(default_factory=dict)

    # -- changing --------------------------------------------------------------------
    def collection(self, record_type: type) -> dict:
        return getattr(self, COLLECTIONS[record_type])

    def put(self, record: Record, before: object = None) -> None:
        """Insert or replace a record; a replaced record keeps its place in the order.

        ``before`` puts a new record in front of the record with that key (undo uses it to
        bring a deleted record back where it stood).
        """
        collection = self.collection(type(record))
        key = record_key(record)
        if key in collection or before is None or before not in collection:
            collection[key] = record
            return
        items = list(collection.items())
        index = next(i for i, (k, _) in enumerate(items) if k == before)
        items.insert(index, (key, record))
        collection.clear()
        collection.update(items)

    def remove(self, record: Record) -> None:
        self.collection(type(record)).pop(record_key(record), None)

    def records(self) -> Iterator[Record]:
        for name in COLLECTIONS.values():
            yield from getattr(self, name).values()

    def copy(self) -> "Card":
        """An independent card with the same records (records are immutable)."""
        copied = Card(self.session)
        for name in COLLECTIONS.values():
            setattr(copied, name, dict(getattr(self, name)))
        return copied

    # -- reading ---------------------------------------------------------------------
    @property
    def quorum(self) -> float:
        settings = self.settings.get("session")
        return settings.quorum if settings is not None else DEFAULT_QUORUM

    def people(self) -> list[Participant]:
        """The participants who can be named and chosen: everyone not forgotten."""
        return [p for p in self.participants.values() if p.removed_after is None]

    def number_of(self, bijeenkomst_id: str | None) -> int:
        bijeenkomst = self.bijeenkomsten.get(bijeenkomst_id) if bijeenkomst_id else None
        return bijeenkomst.number if bijeenkomst is not None else 0

    def expected(self, person: Participant, bijeenkomst_id: str) -> bool:
        """Whether ``person`` is one of the team at this bijeenkomst (quorum's base)."""
        number = self.number_of(bijeenkomst_id)
        if person.left_from is not None and number >= self.number_of(person.left_from):
            return False
        if person.removed_after is not None and number > self.number_of(person.removed_after):
            return False
        return True

    def is_evaluation(self, bijeenkomst_id: str | None) -> bool:
        bijeenkomst = self.bijeenkomsten.get(bijeenkomst_id) if bijeenkomst_id else None
        return bijeenkomst is not None and bijeenkomst.evaluation

    def bijeenkomsten_in_order(self) -> list[Bijeenkomst]:
        return sorted(self.bijeenkomsten.values(), key=lambda b: (b.number, b.date))

    def latest_bijeenkomst(self) -> Bijeenkomst | None:
        ordered = self.bijeenkomsten_in_order()
        return ordered[-1] if ordered else None

    def bijeenkomsten_up_to(self, bijeenkomst_id: str) -> list[Bijeenkomst]:
        until = self.bijeenkomsten[bijeenkomst_id].number
        return [b for b in self.bijeenkomsten_in_order() if b.number <= until]

    def status(self, participant_id: str, bijeenkomst_id: str) -> AttendanceStatus:
        record = self.attendance.get((participant_id, bijeenkomst_id))
        return record.status if record else AttendanceStatus.ONBEKEND

    def present(self, bijeenkomst_id: str) -> list[Participant]:
        """Who is present and can be named (votes, actions): forgotten people are not."""
        return [p for p in self.people()
                if self.status(p.id, bijeenkomst_id) is AttendanceStatus.AANWEZIG]

    def organisations(self) -> list[str]:
        """In the order their first participant was added; a forgotten person's too."""
        return list(dict.fromkeys(p.organisation for p in self.participants.values()))

    def entries_of(self, step: Step, bijeenkomst_id: str | None = None) -> list[Entry]:
        return [e for e in self.entries.values() if e.step is step
                and (bijeenkomst_id is None or e.bijeenkomst == bijeenkomst_id)]

    def themes_of(self, step: Step, bijeenkomst_id: str | None = None) -> list[Theme]:
        return [t for t in self.themes.values() if t.step is step
                and (bijeenkomst_id is None or t.bijeenkomst == bijeenkomst_id)]

    def entries_in_theme(self, theme_id: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.theme == theme_id]

    def scores_of(self, bijeenkomst_id: str) -> list[Score]:
        return [s for s in self.scores.values() if s.bijeenkomst == bijeenkomst_id]

    def average_score(self, bijeenkomst_id: str) -> float | None:
        scores = [s.score for s in self.scores_of(bijeenkomst_id)]
        return sum(scores) / len(scores) if scores else None

"""The records of a session and the Card that holds them.

Plain frozen dataclasses: a change is a new record (``dataclasses.replace``), which keeps
undo simple and lets the store write exactly what changed. Nothing here knows Textual,
TinyDB or files.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Iterable, Iterator, Union

from kaart_tui.domain.steps import Step
from kaart_tui.errors import DomainError

# Long enough for a pasted paragraph (5,000 characters must fit); a limit at all so that an
# accidental paste of a whole document is refused with a message instead of swamping the card.
MAX_TEXT_LENGTH = 10_000
MAX_SHORT_TEXT_LENGTH = 200


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


def _thousands(number: int) -> str:
    """10000 -> "10.000", the Dutch way."""
    return f"{number:,}".replace(",", ".")


def clean_text(text: str, what: str = "De tekst", *, multiline: bool = True,
               max_length: int = MAX_TEXT_LENGTH) -> str:
    """Normalise text typed or pasted by a facilitator, or refuse it with a message.

    Control characters (other than newline and tab) are dropped: they cannot be shown,
    and Word refuses them in a document. Emoji and all other text are kept.
    """
    if not isinstance(text, str):
        raise DomainError(f"{what} moet tekst zijn.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for char in text:
        if char == "\n":
            kept.append(char if multiline else " ")
        elif char == "\t":
            kept.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cs"):
            continue
        else:
            kept.append(char)
    cleaned = "".join(kept).strip()
    if not cleaned:
        raise DomainError(f"{what} is leeg.")
    if len(cleaned) > max_length:
        raise DomainError(f"{what} is {_thousands(len(cleaned))} tekens lang; het maximum is "
                          f"{_thousands(max_length)}.")
    return cleaned


def clean_optional(text: str | None, what: str) -> str | None:
    if text is None or not str(text).strip():
        return None
    return clean_text(text, what, multiline=False, max_length=MAX_SHORT_TEXT_LENGTH)


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
                f"Onbekend kaartsjabloon '{template}': kies {' of '.join(TEMPLATES)}."
            )
        return cls(
            title=clean_text(title, "De titel", multiline=False,
                             max_length=MAX_SHORT_TEXT_LENGTH),
            team=clean_text(team, "De teamnaam", multiline=False,
                            max_length=MAX_SHORT_TEXT_LENGTH),
            wijk=clean_optional(wijk, "De wijk"),
            facilitators=tuple(
                clean_text(name, "De naam van een procesbegeleider", multiline=False,
                           max_length=MAX_SHORT_TEXT_LENGTH)
                for name in facilitators
            ),
            opdrachtgever=clean_optional(opdrachtgever, "De opdrachtgever"),
            template=template,
        )


@dataclass(frozen=True, slots=True)
class Participant:
    id: str
    name: str
    organisation: str


@dataclass(frozen=True, slots=True)
class Bijeenkomst:
    id: str
    number: int
    date: date
    location: str | None = None

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
    # "Wat heb je sinds de vorige bijeenkomst gedaan?" Kept in the session file only.
    note: str | None = None


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
    """How a step is voted on in one bijeenkomst. Not part of bundle v1 (the votes are)."""

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
    """Per-session settings that are not part of the exchange format (bundle v1).

    ``quorum``: the share of expected participants (present or absent) that must be
    present for a decision to count (seed 001); screens warn below it, never forbid.
    """

    quorum: float = DEFAULT_QUORUM
    # Bijeenkomsten held with the Evaluatiekaart (looking back on the card).
    evaluations: tuple[str, ...] = ()


Record = Union[Participant, Bijeenkomst, Attendance, Theme, Entry, Vote, Action, Score,
               VotingRound, Labeling]

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
}


def record_key(record: Record) -> object:
    return record.key if isinstance(record, (Attendance, Score, VotingRound, Labeling)) \
        else record.id


@dataclass
class Card:
    """Everything recorded in one session, in insertion order."""

    session: SessionInfo
    settings: Settings = field(default_factory=Settings)
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

    # -- reading ---------------------------------------------------------------------
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
        return [p for p in self.participants.values()
                if self.status(p.id, bijeenkomst_id) is AttendanceStatus.AANWEZIG]

    def organisations(self) -> list[str]:
        """Organisations in the order their first participant was added."""
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

"""The record codec: records as plain JSON values and back, one strict way.

The kaart-bundle and the session file both use it, so a session file and a bundle can
never disagree about what a record looks like. Decoding checks every item (shape, types,
ids, references) and reports the first problem naming the item; every text is cleaned
the way typed text is, so nothing a file holds can reach the card unchecked.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from enum import Enum
from typing import Any, Callable

from kaart_tui.domain.integrity import MAX_SCORE, MIN_SCORE, check_card
from kaart_tui.domain.model import (
    MAX_SHORT_TEXT_LENGTH,
    TEMPLATES,
    Action,
    ActionScope,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Bijeenkomst,
    Card,
    Entry,
    Labeling,
    Participant,
    Record,
    Score,
    SessionInfo,
    Settings,
    StepNote,
    Theme,
    Vote,
    VotingMode,
    VotingRound,
    WaitingEntry,
    clean_text,
    record_key,
)
from kaart_tui.domain.steps import MAX_TOP_N, Step
from kaart_tui.errors import DomainError, KaartError


class BundleError(KaartError):
    """A bundle (or a stored document) that does not follow the format."""


# -- JSON that cannot hurt --------------------------------------------------------------------
def _no_constant(name: str) -> Any:
    raise ValueError(f"'{name}' is geen getal in JSON")


def parse_json(raw: bytes | str, what: str) -> Any:
    """Parse JSON, refusing what Python's parser lets through or chokes on: NaN and
    Infinity, integers too long to convert, and nesting so deep it exhausts the stack.
    Every problem is a BundleError naming ``what``."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise BundleError(f"{what} is geen UTF-8-tekst.") from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise BundleError(f"{what} is geen geldige JSON (regel {error.lineno}, kolom "
                          f"{error.colno}); waarschijnlijk afgebroken.") from None
    except RecursionError:
        raise BundleError(f"{what} is te diep genest om te lezen.") from None
    except ValueError as error:  # a constant above, or an integer of over 4,300 digits
        reason = str(error) if "JSON" in str(error) else "een getal is te lang"
        raise BundleError(f"{what} is onleesbaar: {reason}.") from None


# -- reading one item ---------------------------------------------------------------------
def shown(value: str) -> str:
    """A value as it may appear in a one-line message: escaped if it holds anything that
    is not printable (a newline, a terminal escape, a lone surrogate)."""
    return value if value.isprintable() else json.dumps(value)[1:-1]


def shown_value(value: Any) -> str:
    try:
        # A lone surrogate or a control character stays escaped: the message must print.
        return shown(json.dumps(value, ensure_ascii=False)[:60])
    except (ValueError, RecursionError):
        return "(onleesbaar)"


class Item:
    """Typed access to one JSON object, with errors that name the item and the key."""

    def __init__(self, raw: Any, where: str, keys: tuple[str, ...]) -> None:
        if not isinstance(raw, dict):
            raise BundleError(f"{where}: moet een object {{...}} zijn.")
        ident = raw.get("id")
        self.where = f"{where} (id '{shown(ident)}')" if isinstance(ident, str) else where
        extra = [k for k in raw if k not in keys]
        if extra:
            raise BundleError(f"{self.where}: onbekende sleutel '{shown(str(extra[0]))}'.")
        missing = [k for k in keys if k not in raw]
        if missing:
            raise BundleError(f"{self.where}: sleutel '{missing[0]}' ontbreekt.")
        self.raw = raw

    def fail(self, key: str, expected: str) -> BundleError:
        return BundleError(f"{self.where}: '{key}' moet {expected} zijn, "
                           f"niet {shown_value(self.raw.get(key))}.")

    def ident(self, key: str = "id", nullable: bool = False) -> str | None:
        value = self.raw.get(key)
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not value.strip() or len(value) > 100:
            raise self.fail(key, "een niet-lege tekst (id)" + (" of null" if nullable else ""))
        if not value.isprintable():
            # A newline or a lone surrogate in an id cannot be shown or even written.
            raise self.fail(key, "een id zonder stuurtekens")
        return value

    def text(self, key: str, nullable: bool = False, multiline: bool = True,
             short: bool = False) -> str | None:
        value = self.raw.get(key)
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            raise self.fail(key, "een tekst" + (" of null" if nullable else ""))
        if nullable and not value.strip():
            return None
        try:
            return clean_text(value, f"{self.where}: '{key}'", multiline=multiline and not short,
                              **({"max_length": MAX_SHORT_TEXT_LENGTH} if short else {}))
        except DomainError as error:
            raise BundleError(error.message) from None

    def integer(self, key: str, low: int, high: int | None = None,
                nullable: bool = False) -> int | None:
        value = self.raw.get(key)
        if value is None and nullable:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < low or (
                high is not None and value > high):
            expected = f"een geheel getal van {low} tot en met {high}" if high else \
                f"een geheel getal van {low} of meer"
            raise self.fail(key, expected + (" of null" if nullable else ""))
        return value

    def number(self, key: str, low: float, high: float) -> float:
        value = self.raw.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value) or not low <= value <= high:
            raise self.fail(key, f"een getal van {low:g} tot en met {high:g}")
        return float(value)

    def boolean(self, key: str) -> bool:
        value = self.raw.get(key)
        if not isinstance(value, bool):
            raise self.fail(key, "true of false")
        return value

    def day(self, key: str, nullable: bool = False) -> date | None:
        value = self.raw.get(key)
        if value is None and nullable:
            return None
        try:
            # fromisoformat also reads week dates ("2026-W02-3"); the format is JJJJ-MM-DD.
            if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(key, "een datum JJJJ-MM-DD" + (" of null" if nullable else "")) \
                from None

    def choice(self, key: str, options: type[Enum] | tuple[str, ...],
               exclude: tuple[str, ...] = ()) -> Any:
        values = [o.value for o in options] if isinstance(options, type) else list(options)
        values = [v for v in values if v not in exclude]
        value = self.raw.get(key)
        if not isinstance(value, str) or value not in values:
            raise self.fail(key, "één van " + ", ".join(f"'{v}'" for v in values))
        return options(value) if isinstance(options, type) else value

    def strings(self, key: str, what: str) -> tuple[str, ...]:
        value = self.raw.get(key)
        if not isinstance(value, list) or not all(
                isinstance(x, str) and x and len(x) <= 100 and x.isprintable() for x in value):
            raise self.fail(key, what)
        return tuple(value)


def _participant(item: Item) -> Participant:
    removed_after = item.ident("removed_after", nullable=True)
    # A forgotten person has no name: only what they are counted as remains.
    name = "" if removed_after is not None and item.raw.get("name") is None else \
        item.text("name", short=True)
    return Participant(item.ident(), name, item.text("organisation", short=True),
                       item.ident("left_from", nullable=True), removed_after)


def _bijeenkomst(item: Item) -> Bijeenkomst:
    return Bijeenkomst(item.ident(), item.integer("number", 1), item.day("date"),
                       item.text("location", nullable=True, short=True),
                       item.boolean("evaluation"), item.day("next_date", nullable=True),
                       item.text("next_location", nullable=True, short=True))


def _attendance(item: Item) -> Attendance:
    return Attendance(item.ident("participant"), item.ident("bijeenkomst"),
                      item.choice("status", AttendanceStatus,
                                  exclude=(AttendanceStatus.ONBEKEND.value,)))


def _theme(item: Item) -> Theme:
    return Theme(item.ident(), item.choice("step", Step), item.text("title", short=True),
                 item.ident("bijeenkomst"))


def _entry(item: Item) -> Entry:
    return Entry(item.ident(), item.choice("step", Step), item.text("text"),
                 item.ident("bijeenkomst"), item.ident("participant", nullable=True),
                 item.ident("theme", nullable=True))


def _vote(item: Item) -> Vote:
    theme, entry = item.raw.get("theme"), item.raw.get("entry")
    if (theme is None) == (entry is None):
        raise BundleError(f"{item.where}: een stem heeft precies één van 'theme' of 'entry'.")
    return Vote(item.ident(), item.ident("bijeenkomst"), item.integer("count", 1),
                item.ident("participant", nullable=True),
                theme=item.ident("theme") if theme is not None else None,
                entry=item.ident("entry") if entry is not None else None)


def _action(item: Item) -> Action:
    return Action(item.ident(), item.choice("scope", ActionScope), item.text("text"),
                  item.ident("bijeenkomst"), item.ident("owner", nullable=True),
                  item.day("due", nullable=True), item.choice("status", ActionStatus),
                  item.text("note", nullable=True),
                  item.text("owner_text", nullable=True, short=True))


def _round(item: Item) -> VotingRound:
    order = item.strings("fixed_order", "een lijst van teksten")
    return VotingRound(item.choice("step", Step), item.ident("bijeenkomst"),
                       item.choice("mode", VotingMode), item.integer("budget", 1),
                       item.integer("max_per_candidate", 1, nullable=True),
                       item.integer("top_n", 1, MAX_TOP_N), order, item.boolean("revealed"),
                       item.boolean("include_earlier"))


def _labeling(item: Item) -> Labeling:
    target = item.ident("target")
    if not target.startswith(("theme:", "entry:")):
        raise item.fail("target", "'theme:<id>' of 'entry:<id>'")
    return Labeling(target, item.strings("labels", "een lijst van label-id's"))


def _score(item: Item) -> Score:
    return Score(item.ident("participant"), item.ident("bijeenkomst"),
                 item.integer("score", MIN_SCORE, MAX_SCORE))


def _settings(item: Item) -> Settings:
    return Settings(item.number("quorum", 0, 1))


def _note(item: Item) -> StepNote:
    return StepNote(item.choice("step", Step), item.ident("bijeenkomst"), item.text("text"))


def _waiting(item: Item) -> WaitingEntry:
    return WaitingEntry(item.ident(), item.choice("step", Step), item.text("text"),
                        item.ident("bijeenkomst"), item.ident("participant", nullable=True))


# Per collection: record type, keys (all required, in the documented order), decoder.
CODECS: dict[str, tuple[type, tuple[str, ...], Callable[[Item], Record]]] = {
    "participants": (Participant, ("id", "name", "organisation", "left_from",
                                   "removed_after"), _participant),
    "bijeenkomsten": (Bijeenkomst, ("id", "number", "date", "location", "evaluation",
                                    "next_date", "next_location"), _bijeenkomst),
    "attendance": (Attendance, ("participant", "bijeenkomst", "status"), _attendance),
    "themes": (Theme, ("id", "step", "title", "bijeenkomst"), _theme),
    "entries": (Entry, ("id", "step", "text", "bijeenkomst", "participant", "theme"), _entry),
    "votes": (Vote, ("id", "theme", "entry", "bijeenkomst", "participant", "count"), _vote),
    "actions": (Action, ("id", "scope", "text", "owner", "owner_text", "due", "status",
                         "note", "bijeenkomst"), _action),
    "scores": (Score, ("participant", "bijeenkomst", "score"), _score),
    "rounds": (VotingRound, ("step", "bijeenkomst", "mode", "budget", "max_per_candidate",
                             "top_n", "fixed_order", "revealed", "include_earlier"), _round),
    "labelings": (Labeling, ("target", "labels"), _labeling),
    "settings": (Settings, ("quorum",), _settings),
    "notes": (StepNote, ("step", "bijeenkomst", "text"), _note),
    "waiting": (WaitingEntry, ("id", "step", "text", "bijeenkomst", "participant"), _waiting),
}


def decode_record(collection: str, raw: Any, where: str) -> Record:
    _, keys, decoder = CODECS[collection]
    return decoder(Item(raw, where, keys))


def encode_record(record: Record) -> dict[str, Any]:
    """A record as the JSON object of its collection, keys in the documented order."""
    match record:
        case Participant():
            return {"id": record.id, "name": record.name if not record.removed else None,
                    "organisation": record.organisation, "left_from": record.left_from,
                    "removed_after": record.removed_after}
        case Bijeenkomst():
            return {"id": record.id, "number": record.number,
                    "date": record.date.isoformat(), "location": record.location,
                    "evaluation": record.evaluation,
                    "next_date": record.next_date.isoformat() if record.next_date else None,
                    "next_location": record.next_location}
        case Attendance():
            return {"participant": record.participant, "bijeenkomst": record.bijeenkomst,
                    "status": record.status.value}
        case Theme():
            return {"id": record.id, "step": record.step.value, "title": record.title,
                    "bijeenkomst": record.bijeenkomst}
        case Entry():
            return {"id": record.id, "step": record.step.value, "text": record.text,
                    "bijeenkomst": record.bijeenkomst, "participant": record.participant,
                    "theme": record.theme}
        case Vote():
            return {"id": record.id, "theme": record.theme, "entry": record.entry,
                    "bijeenkomst": record.bijeenkomst, "participant": record.participant,
                    "count": record.count}
        case Action():
            return {"id": record.id, "scope": record.scope.value, "text": record.text,
                    "owner": record.owner, "owner_text": record.owner_text,
                    "due": record.due.isoformat() if record.due else None,
                    "status": record.status.value, "note": record.note,
                    "bijeenkomst": record.bijeenkomst}
        case Score():
            return {"participant": record.participant, "bijeenkomst": record.bijeenkomst,
                    "score": record.score}
        case VotingRound():
            return {"step": record.step.value, "bijeenkomst": record.bijeenkomst,
                    "mode": record.mode.value, "budget": record.budget,
                    "max_per_candidate": record.max_per_candidate, "top_n": record.top_n,
                    "fixed_order": list(record.fixed_order), "revealed": record.revealed,
                    "include_earlier": record.include_earlier}
        case Labeling():
            return {"target": record.target, "labels": list(record.labels)}
        case Settings():
            return {"quorum": record.quorum}
        case StepNote():
            return {"step": record.step.value, "bijeenkomst": record.bijeenkomst,
                    "text": record.text}
        case WaitingEntry():
            return {"id": record.id, "step": record.step.value, "text": record.text,
                    "bijeenkomst": record.bijeenkomst, "participant": record.participant}
    raise TypeError(f"not a record: {record!r}")


def encode_session(info: SessionInfo) -> dict[str, Any]:
    return {"title": info.title, "team": info.team, "wijk": info.wijk,
            "facilitators": list(info.facilitators), "opdrachtgever": info.opdrachtgever,
            "template": info.template}


def decode_session(raw: Any, where: str = "session") -> SessionInfo:
    item = Item(raw, where, ("title", "team", "wijk", "facilitators", "opdrachtgever",
                              "template"))
    facilitators = raw["facilitators"]
    if not isinstance(facilitators, list) or not all(isinstance(f, str) for f in facilitators):
        raise item.fail("facilitators", "een lijst van teksten")
    try:
        return SessionInfo.create(item.text("title", short=True),
                                  item.text("team", short=True),
                                  item.text("wijk", nullable=True, short=True),
                                  facilitators,
                                  item.text("opdrachtgever", nullable=True, short=True),
                                  item.choice("template", TEMPLATES))
    except DomainError as error:
        raise BundleError(f"{where}: {error.message}") from None


def card_from_items(session: SessionInfo, items: dict[str, list[Any]],
                    where: Callable[[str, int], str]) -> Card:
    """Decode every collection's items into a checked Card (bundle and session file)."""
    card = Card(session)
    for collection, (record_type, _, _) in CODECS.items():
        target = card.collection(record_type)
        for index, raw in enumerate(items.get(collection, ())):
            record = decode_record(collection, raw, where(collection, index))
            key = record_key(record)
            if key in target:
                named = "/".join(key) if isinstance(key, tuple) else str(key)
                raise BundleError(f"{where(collection, index)}: dubbele id '{shown(named)}'.")
            card.put(record)
    if len(card.settings) > 1:
        raise BundleError("settings: er is precies één document met instellingen.")
    try:
        check_card(card)
    except DomainError as error:
        raise BundleError(error.message) from None
    return card



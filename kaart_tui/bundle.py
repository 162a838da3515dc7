"""The kaart-bundle: the public JSON exchange format, version 1 (see docs/bundle.md).

One strict codec turns records into plain JSON values and back. The bundle uses it for
backup, moving a session and research; the store uses the same codec for its documents,
so a session file and a bundle can never disagree about what a record looks like.

Reading is all or nothing: the whole bundle is checked (shape, types, ids, references)
before a Card is returned, and the first problem is reported naming the item.
"""

from __future__ import annotations

import json
import re
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, Callable

from kaart_tui.domain.integrity import MAX_SCORE, MIN_SCORE, check_card
from kaart_tui.domain.model import (
    TEMPLATES, Action, ActionScope, ActionStatus, Attendance, AttendanceStatus, Bijeenkomst,
    Card, Entry, Labeling, Participant, Record, Score, SessionInfo, Theme, Vote, VotingMode,
    VotingRound, clean_text, new_id, record_key,
)
from kaart_tui.domain.steps import MAX_TOP_N
from kaart_tui.domain.steps import Step
from kaart_tui.errors import DomainError, KaartError

FORMAT = "kaart-bundle"
VERSION = 1
TOP_LEVEL_KEYS = ("format", "version", "session", "participants", "bijeenkomsten",
                  "attendance", "themes", "entries", "votes", "actions", "scores")


class BundleError(KaartError):
    """A bundle (or a stored document) that does not follow the format."""


# -- reading one item ---------------------------------------------------------------------
def _shown(value: str) -> str:
    """A value as it may appear in a one-line message: escaped if it holds anything that
    is not printable (a newline, a terminal escape, a lone surrogate)."""
    return value if value.isprintable() else json.dumps(value)[1:-1]


class _Item:
    """Typed access to one JSON object, with errors that name the item and the key."""

    def __init__(self, raw: Any, where: str, keys: tuple[str, ...],
                 optional: tuple[str, ...] = ()) -> None:
        if not isinstance(raw, dict):
            raise BundleError(f"{where}: moet een object {{...}} zijn.")
        ident = raw.get("id")
        self.where = f"{where} (id '{_shown(ident)}')" if isinstance(ident, str) else where
        extra = [k for k in raw if k not in keys and k not in optional]
        if extra:
            raise BundleError(f"{self.where}: onbekende sleutel '{extra[0]}'.")
        missing = [k for k in keys if k not in raw]
        if missing:
            raise BundleError(f"{self.where}: sleutel '{missing[0]}' ontbreekt.")
        self.raw = raw

    def fail(self, key: str, expected: str) -> BundleError:
        return BundleError(f"{self.where}: '{key}' moet {expected} zijn, "
                           f"niet {json.dumps(self.raw.get(key), ensure_ascii=False)[:60]}.")

    def ident(self, key: str = "id", nullable: bool = False) -> str | None:
        value = self.raw.get(key)
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "een niet-lege tekst (id)" + (" of null" if nullable else ""))
        if not value.isprintable():
            # A newline or a lone surrogate in an id cannot be shown or even written.
            raise self.fail(key, "een id zonder stuurtekens")
        return value

    def text(self, key: str, nullable: bool = False, multiline: bool = True) -> str | None:
        value = self.raw.get(key)
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            raise self.fail(key, "een tekst" + (" of null" if nullable else ""))
        if nullable and not value.strip():
            return None
        try:
            return clean_text(value, f"{self.where}: '{key}'", multiline=multiline)
        except DomainError as error:
            raise BundleError(error.message) from None

    def integer(self, key: str, low: int, high: int | None = None) -> int:
        value = self.raw.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < low or (
                high is not None and value > high):
            expected = f"een geheel getal van {low} tot en met {high}" if high else \
                f"een geheel getal van {low} of meer"
            raise self.fail(key, expected)
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
            raise self.fail(key, "een datum JJJJ-MM-DD" + (" of null" if nullable else ""))

    def choice(self, key: str, options: type[Enum] | tuple[str, ...],
               exclude: tuple[str, ...] = ()) -> Any:
        values = [o.value for o in options] if isinstance(options, type) else list(options)
        values = [v for v in values if v not in exclude]
        value = self.raw.get(key)
        if value not in values:
            raise self.fail(key, "één van " + ", ".join(f"'{v}'" for v in values))
        return options(value) if isinstance(options, type) else value


def _participant(item: _Item) -> Participant:
    return Participant(item.ident(), item.text("name", multiline=False),
                       item.text("organisation", multiline=False))


def _bijeenkomst(item: _Item) -> Bijeenkomst:
    return Bijeenkomst(item.ident(), item.integer("number", 1), item.day("date"),
                       item.text("location", nullable=True, multiline=False))


def _attendance(item: _Item) -> Attendance:
    return Attendance(item.ident("participant"), item.ident("bijeenkomst"),
                      item.choice("status", AttendanceStatus,
                                  exclude=(AttendanceStatus.ONBEKEND.value,)))


def _theme(item: _Item) -> Theme:
    return Theme(item.ident(), item.choice("step", Step), item.text("title", multiline=False),
                 item.ident("bijeenkomst"))


def _entry(item: _Item) -> Entry:
    return Entry(item.ident(), item.choice("step", Step), item.text("text"),
                 item.ident("bijeenkomst"), item.ident("participant", nullable=True),
                 item.ident("theme", nullable=True))


def _vote(item: _Item) -> Vote:
    has_theme, has_entry = "theme" in item.raw, "entry" in item.raw
    if has_theme == has_entry:
        raise BundleError(f"{item.where}: een stem heeft precies één van 'theme' of 'entry'.")
    vote_id = item.ident() if "id" in item.raw else new_id("v")
    return Vote(vote_id, item.ident("bijeenkomst"), item.integer("count", 1),
                item.ident("participant", nullable=True),
                theme=item.ident("theme") if has_theme else None,
                entry=item.ident("entry") if has_entry else None)


def _action(item: _Item) -> Action:
    return Action(item.ident(), item.choice("scope", ActionScope), item.text("text"),
                  item.ident("bijeenkomst"), item.ident("owner", nullable=True),
                  item.day("due", nullable=True), item.choice("status", ActionStatus),
                  item.text("note", nullable=True) if "note" in item.raw else None)


def _round(item: _Item) -> VotingRound:
    raw = item.raw
    maximum = raw.get("max_per_candidate")
    if maximum is not None:
        maximum = item.integer("max_per_candidate", 1)
    order = raw.get("fixed_order")
    if not isinstance(order, list) or not all(isinstance(k, str) and k.isprintable()
                                              for k in order):
        raise item.fail("fixed_order", "een lijst van teksten")
    if not isinstance(raw.get("revealed"), bool):
        raise item.fail("revealed", "true of false")
    return VotingRound(item.choice("step", Step), item.ident("bijeenkomst"),
                       item.choice("mode", VotingMode), item.integer("budget", 1),
                       maximum, item.integer("top_n", 1, MAX_TOP_N), tuple(order),
                       raw["revealed"])


def _labeling(item: _Item) -> Labeling:
    target = item.ident("target")
    if not target.startswith(("theme:", "entry:")):
        raise item.fail("target", "'theme:<id>' of 'entry:<id>'")
    labels = item.raw.get("labels")
    if not isinstance(labels, list) or not all(isinstance(x, str) and x and x.isprintable()
                                               for x in labels):
        raise item.fail("labels", "een lijst van label-id's")
    return Labeling(target, tuple(labels))


def _score(item: _Item) -> Score:
    return Score(item.ident("participant"), item.ident("bijeenkomst"),
                 item.integer("score", MIN_SCORE, MAX_SCORE))


# Per collection: record type, required keys, and the decoder.
_VOTE_KEYS = ("bijeenkomst", "participant", "count")
CODECS: dict[str, tuple[type, tuple[str, ...], Callable[[_Item], Record]]] = {
    "participants": (Participant, ("id", "name", "organisation"), _participant),
    "bijeenkomsten": (Bijeenkomst, ("id", "number", "date", "location"), _bijeenkomst),
    "attendance": (Attendance, ("participant", "bijeenkomst", "status"), _attendance),
    "themes": (Theme, ("id", "step", "title", "bijeenkomst"), _theme),
    "entries": (Entry, ("id", "step", "text", "bijeenkomst", "participant", "theme"), _entry),
    "votes": (Vote, _VOTE_KEYS, _vote),
    "actions": (Action, ("id", "scope", "text", "owner", "due", "status", "bijeenkomst"),
                _action),
    "scores": (Score, ("participant", "bijeenkomst", "score"), _score),
}


# Kept in the session file only: how a step was voted on (mode, budget, a fixed order).
# Bundle v1 has a fixed shape; it carries the votes themselves.
LOCAL_CODECS: dict[str, tuple[type, tuple[str, ...], Callable[[_Item], Record]]] = {
    "rounds": (VotingRound, ("step", "bijeenkomst", "mode", "budget", "max_per_candidate",
                             "top_n", "fixed_order", "revealed"), _round),
    "labelings": (Labeling, ("target", "labels"), _labeling),
}
STORED_CODECS = {**CODECS, **LOCAL_CODECS}


def decode_record(collection: str, raw: Any, where: str, *, stored: bool = False
                  ) -> Record:
    _, keys, decoder = STORED_CODECS[collection]
    optional: tuple[str, ...] = ()
    if collection == "votes":
        optional = ("theme", "entry") + (("id",) if stored else ())
    elif collection == "actions" and stored:
        optional = ("note",)
    return decoder(_Item(raw, where, keys, optional))


def encode_record(record: Record, *, stored: bool = False) -> dict[str, Any]:
    """A record as the JSON object of its collection, keys in the documented order.

    ``stored``: for the session file, which also keeps what bundle v1 has no place for
    (a vote's id, an action's note)."""
    match record:
        case Participant():
            return {"id": record.id, "name": record.name, "organisation": record.organisation}
        case Bijeenkomst():
            return {"id": record.id, "number": record.number,
                    "date": record.date.isoformat(), "location": record.location}
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
            kind, target = record.target
            encoded = {"id": record.id} if stored else {}
            encoded.update({kind: target, "bijeenkomst": record.bijeenkomst,
                            "participant": record.participant, "count": record.count})
            return encoded
        case Action():
            encoded = {"id": record.id, "scope": record.scope.value, "text": record.text,
                       "owner": record.owner,
                       "due": record.due.isoformat() if record.due else None,
                       "status": record.status.value, "bijeenkomst": record.bijeenkomst}
            if stored and record.note:
                encoded["note"] = record.note
            return encoded
        case Score():
            return {"participant": record.participant, "bijeenkomst": record.bijeenkomst,
                    "score": record.score}
        case Labeling():
            return {"target": record.target, "labels": list(record.labels)}
        case VotingRound():
            return {"step": record.step.value, "bijeenkomst": record.bijeenkomst,
                    "mode": record.mode.value, "budget": record.budget,
                    "max_per_candidate": record.max_per_candidate, "top_n": record.top_n,
                    "fixed_order": list(record.fixed_order), "revealed": record.revealed}
    raise TypeError(f"not a record: {record!r}")


def encode_session(info: SessionInfo) -> dict[str, Any]:
    return {"title": info.title, "team": info.team, "wijk": info.wijk,
            "facilitators": list(info.facilitators), "opdrachtgever": info.opdrachtgever,
            "template": info.template}


def decode_session(raw: Any, where: str = "session") -> SessionInfo:
    item = _Item(raw, where, ("title", "team", "wijk", "facilitators", "opdrachtgever",
                              "template"))
    facilitators = raw["facilitators"]
    if not isinstance(facilitators, list) or not all(isinstance(f, str) for f in facilitators):
        raise item.fail("facilitators", "een lijst van teksten")
    try:
        return SessionInfo.create(item.text("title", multiline=False),
                                  item.text("team", multiline=False),
                                  item.text("wijk", nullable=True, multiline=False),
                                  facilitators,
                                  item.text("opdrachtgever", nullable=True, multiline=False),
                                  item.choice("template", TEMPLATES))
    except DomainError as error:
        raise BundleError(f"{where}: {error.message}") from None


# -- whole bundles ------------------------------------------------------------------------
def card_from_data(data: Any) -> Card:
    """Check a parsed bundle completely and return its Card; BundleError on any problem."""
    if not isinstance(data, dict):
        raise BundleError("Een kaart-bundle moet een JSON-object {...} zijn.")
    if data.get("format") != FORMAT:
        raise BundleError(f"Dit is geen kaart-bundle: 'format' moet '{FORMAT}' zijn.")
    version = data.get("version")
    if type(version) is not int or version != VERSION:  # true == 1 in Python
        raise BundleError(f"Bundle-versie {data.get('version')!r} wordt niet ondersteund; "
                          f"deze versie van kaart leest versie {VERSION}.")
    extra = [k for k in data if k not in TOP_LEVEL_KEYS]
    if extra:
        raise BundleError(f"Onbekende sleutel '{extra[0]}' in de bundle.")
    missing = [k for k in TOP_LEVEL_KEYS if k not in data]
    if missing:
        raise BundleError(f"Sleutel '{missing[0]}' ontbreekt in de bundle.")
    card = Card(decode_session(data["session"]))
    for collection, (record_type, _, _) in CODECS.items():
        items = data[collection]
        if not isinstance(items, list):
            raise BundleError(f"'{collection}' moet een lijst [...] zijn.")
        target = card.collection(record_type)
        for index, raw in enumerate(items):
            record = decode_record(collection, raw, f"{collection}[{index}]")
            key = record_key(record)
            if key in target:
                shown = "/".join(key) if isinstance(key, tuple) else key
                raise BundleError(f"{collection}[{index}]: dubbele id '{shown}'.")
            card.put(record)
    try:
        check_card(card)
    except DomainError as error:
        raise BundleError(error.message) from None
    return card


def card_to_data(card: Card) -> dict[str, Any]:
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION,
                            "session": encode_session(card.session)}
    for collection, (record_type, _, _) in CODECS.items():
        data[collection] = [encode_record(r) for r in card.collection(record_type).values()]
    return data


def read_bundle(path: Path) -> Card:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BundleError(f"Bestand {path} bestaat niet.") from None
    except UnicodeDecodeError:
        raise BundleError(f"Bestand {path} is geen UTF-8-tekst; is het wel een kaart-bundle?") \
            from None
    except OSError as error:
        raise BundleError(f"Bestand {path} is niet te lezen: {error.strerror}.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BundleError(f"Bestand {path} is geen geldige JSON (regel {error.lineno}, "
                          f"kolom {error.colno}).") from None
    return card_from_data(data)


def bundle_text(card: Card) -> str:
    return json.dumps(card_to_data(card), ensure_ascii=False, indent=2) + "\n"

"""The kaart-bundle: the public JSON exchange format (see docs/bundle.md).

Version 3 holds everything a session file holds, plus the labels the session uses, in
the record codec the store uses too (``codec.py``). Version 2 is version 3 without the
entries still waiting from phones (it had none). Version 1 (participants to scores
only) is still read: its items are upgraded to the version 2 shape first, and
``Bundle.missing`` says what such a bundle could not carry.

Reading is all or nothing: the whole bundle is checked before a Card is returned.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kaart_tui.codec import (
    CODECS,
    BundleError,
    Item,
    card_from_items,
    decode_session,
    encode_record,
    encode_session,
    parse_json,
    shown,
)
from kaart_tui.domain.labels import Label
from kaart_tui.domain.model import Card, new_id
from kaart_tui.errors import describe_os_error

__all__ = ["BundleError", "Bundle", "bundle_from_data", "card_from_data", "card_to_data",
           "read_bundle", "read_bundle_file", "bundle_text"]

FORMAT = "kaart-bundle"
VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
# What version 3 added: the phones' entries waiting for the facilitator.
V3_COLLECTIONS = ("waiting",)
# A session of thousands of entries is a few MB; anything far bigger is the wrong file
# (or /dev/zero), and is refused before it is read into memory.
MAX_BUNDLE_BYTES = 64 * 1024 * 1024


# -- version 1 ------------------------------------------------------------------------------
V1_COLLECTIONS = ("participants", "bijeenkomsten", "attendance", "themes", "entries",
                  "votes", "actions", "scores")
# What version 2 added per item, with the value a version 1 bundle stands for.
_V1_DEFAULTS: dict[str, dict[str, Any]] = {
    "participants": {"left_from": None, "removed_after": None},
    "bijeenkomsten": {"evaluation": False, "next_date": None, "next_location": None},
    "actions": {"owner_text": None, "note": None},
}
# Said when a version 1 bundle is imported: what it never had room for.
V1_CANNOT_CARRY = ("stemrondes (manier van stemmen, vastgezette volgorde, geheime ronde)",
                   "welke bijeenkomsten evaluaties waren", "het quorum",
                   "notities bij acties", "labels", "aantekeningen per stap",
                   "de datum van de volgende bijeenkomst")


def _upgrade_v1(collection: str, raw: Any) -> Any:
    if not isinstance(raw, dict):
        return raw  # refused with its name by the decoder
    upgraded = dict(raw)
    for key, value in _V1_DEFAULTS.get(collection, {}).items():
        if key in upgraded:
            raise BundleError(f"{collection}: '{key}' bestaat pas in versie 2 van de bundle.")
        upgraded[key] = value
    if collection == "votes":
        if "id" in upgraded:
            raise BundleError("votes: een stem heeft in versie 1 geen 'id'.")
        upgraded = {"id": new_id("v"), "theme": upgraded.pop("theme", None),
                    "entry": upgraded.pop("entry", None), **upgraded}
    return upgraded


# -- whole bundles ------------------------------------------------------------------------
@dataclass(frozen=True)
class Bundle:
    card: Card
    # The labels the session's labelings name (version 2), for the data folder's vocabulary.
    labels: tuple[Label, ...] = ()
    version: int = VERSION

    @property
    def missing(self) -> tuple[str, ...]:
        """What the bundle's version could not carry (empty from version 2 on: a version 2
        bundle had no phones' entries waiting, there were none before version 3)."""
        return V1_CANNOT_CARRY if self.version == 1 else ()


def _labels(data: dict[str, Any]) -> tuple[Label, ...]:
    raw = data["labels"]
    if not isinstance(raw, list):
        raise BundleError("'labels' moet een lijst [...] zijn.")
    labels = []
    for index, entry in enumerate(raw):
        item = Item(entry, f"labels[{index}]", ("id", "name"))
        labels.append(Label(item.ident(), item.text("name", short=True)))
    if len({label.id for label in labels}) != len(labels):
        raise BundleError("labels: een label-id staat er meer dan eens in.")
    return tuple(labels)


def _version_text(version: Any) -> str:
    try:
        return repr(version)[:40]
    except ValueError:  # an integer too long to write out
        return "(een te groot getal)"


def bundle_from_data(data: Any) -> Bundle:
    """Check a parsed bundle completely; BundleError on any problem."""
    if not isinstance(data, dict):
        raise BundleError("Een kaart-bundle moet een JSON-object {...} zijn.")
    if data.get("format") != FORMAT:
        raise BundleError(f"Dit is geen kaart-bundle: 'format' moet '{FORMAT}' zijn.")
    version = data.get("version")
    if type(version) is not int or version not in READABLE_VERSIONS:  # true == 1 in Python
        raise BundleError(f"Bundle-versie {_version_text(version)} wordt niet ondersteund; "
                          f"deze versie van kaart leest versie 1, 2 en 3.")
    collections = V1_COLLECTIONS if version == 1 else tuple(
        c for c in CODECS if version >= 3 or c not in V3_COLLECTIONS)
    keys = ("format", "version", "session", *collections, *(() if version == 1 else
                                                             ("labels",)))
    extra = [k for k in data if k not in keys]
    if extra:
        raise BundleError(f"Onbekende sleutel '{shown(str(extra[0]))}' in de bundle "
                          f"(versie {version}).")
    missing = [k for k in keys if k not in data]
    if missing:
        raise BundleError(f"Sleutel '{missing[0]}' ontbreekt in de bundle.")
    items: dict[str, list[Any]] = {}
    for collection in collections:
        if not isinstance(data[collection], list):
            raise BundleError(f"'{collection}' moet een lijst [...] zijn.")
        items[collection] = data[collection] if version >= 2 else \
            [_upgrade_v1(collection, raw) for raw in data[collection]]
    card = card_from_items(decode_session(data["session"]), items,
                           lambda collection, index: f"{collection}[{index}]")
    return Bundle(card, _labels(data) if version >= 2 else (), version)


def card_from_data(data: Any) -> Card:
    return bundle_from_data(data).card


def card_to_data(card: Card, labels: tuple[Label, ...] = ()) -> dict[str, Any]:
    """The version 3 bundle of ``card``; ``labels``: the labels its labelings name."""
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION,
                            "session": encode_session(card.session)}
    for collection, (record_type, _, _) in CODECS.items():
        data[collection] = [encode_record(r) for r in card.collection(record_type).values()]
    data["labels"] = [{"id": label.id, "name": label.name} for label in labels]
    return data


def read_bundle_file(path: Path) -> Bundle:
    path = Path(path)
    try:
        with path.open("rb") as handle:
            # A regular file is judged by its size; a device (/dev/zero) by a bounded read.
            too_big = os.fstat(handle.fileno()).st_size > MAX_BUNDLE_BYTES
            raw = b"" if too_big else handle.read(MAX_BUNDLE_BYTES + 1)
    except FileNotFoundError:
        raise BundleError(f"Bestand {path} bestaat niet.") from None
    except IsADirectoryError:
        raise BundleError(f"{path} is een map, geen bundle-bestand.") from None
    except OSError as error:
        raise BundleError(f"Bestand {path} is niet te lezen: "
                          f"{describe_os_error(error, reading=True)}.") \
            from None
    if too_big or len(raw) > MAX_BUNDLE_BYTES:
        raise BundleError(f"Bestand {path} is groter dan {MAX_BUNDLE_BYTES // 2**20} MB; "
                          "dat is geen kaart-bundle.")
    return bundle_from_data(parse_json(raw, f"Bestand {path}"))


def read_bundle(path: Path) -> Card:
    return read_bundle_file(path).card


def bundle_text(card: Card, labels: tuple[Label, ...] = ()) -> str:
    return json.dumps(card_to_data(card, labels), ensure_ascii=False, indent=2) + "\n"

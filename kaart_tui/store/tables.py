"""The layout of a session file: TinyDB's tables (``{"table": {"doc id": {...}}}``).

One table per collection, documents in the record codec (the kaart-bundle's shape),
numbered 1, 2, 3 ... in the order the card shows them; plus ``session`` (the session's
info) and ``meta`` (the schema version). Reading checks everything and migrates an older
schema; anything unreadable is a SessionCorruptError and the file is left as it is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from kaart_tui.codec import (
    CODECS,
    BundleError,
    card_from_items,
    decode_session,
    encode_record,
    encode_session,
    parse_json,
    shown,
)
from kaart_tui.domain.model import Card
from kaart_tui.errors import DomainError, describe_os_error
from kaart_tui.store import migrations
from kaart_tui.store.base import SessionCorruptError, StoreError

META_TABLE, SESSION_TABLE = "meta", "session"
# Every table of every schema (0 to now); TinyDB's own default table stays empty.
KNOWN_TABLES = {*CODECS, META_TABLE, SESSION_TABLE, "_default"}
# Far above any real session (2,000 entries are about 1 MB): a bigger file is not ours.
MAX_SESSION_BYTES = 256 * 1024 * 1024


def encode_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def encode_file(data: dict[str, Any], table_texts: dict[str, str] | None = None) -> bytes:
    """The file's bytes; ``table_texts`` gives the JSON text of some tables, already made
    (the same text ``encode_json`` makes of them), so that only the others are encoded."""
    if not table_texts:
        return encode_json(data).encode("utf-8")
    parts = []
    for name, table in data.items():
        text = table_texts.get(name)
        parts.append(f"{encode_json(name)}:{encode_json(table) if text is None else text}")
    return ("{" + ",".join(parts) + "}").encode("utf-8")


def table_text(doc_ids: Iterable[str], document_texts: list[str]) -> str:
    """The JSON text of a table whose documents are already encoded, in doc-id order."""
    # TinyDB's doc ids are decimal numbers as text: quoted, they are their own JSON (and a
    # json.dumps per id was half the cost of the table).
    return "{" + ",".join(f'"{doc_id}":{text}' if doc_id.isdecimal() and doc_id.isascii()
                          else f"{encode_json(doc_id)}:{text}"
                          for doc_id, text in zip(doc_ids, document_texts)) + "}"


def table_of(card: Card, collection: str) -> dict[str, Any]:
    record_type = CODECS[collection][0]
    return {str(doc_id): encode_record(record) for doc_id, record in
            enumerate(card.collection(record_type).values(), start=1)}


def tables_from_card(card: Card) -> dict[str, Any]:
    data: dict[str, Any] = {
        META_TABLE: {"1": {"schema_version": migrations.CURRENT}},
        SESSION_TABLE: {"1": encode_session(card.session)},
    }
    for collection in CODECS:
        data[collection] = table_of(card, collection)
    return data


def card_from_tables(data: dict[str, Any]) -> Card:
    """Decode and check the tables of the current schema (BundleError on a problem)."""
    session_docs = list(data.get(SESSION_TABLE, {}).values())
    if len(session_docs) != 1:
        raise BundleError("de sessiegegevens ontbreken")
    items: dict[str, list[Any]] = {}
    for collection in CODECS:
        table = data.get(collection, {})
        if not isinstance(table, dict) or not all(
                isinstance(doc_id, str) and doc_id.isascii() and doc_id.isdigit()
                and len(doc_id) < 10 for doc_id in table):
            raise BundleError(f"{collection}: een document heeft geen getal als sleutel")
        # In doc id order: the order the facilitator saw.
        items[collection] = [document for _, document in
                             sorted(table.items(), key=lambda item: int(item[0]))]
    return card_from_items(decode_session(session_docs[0]), items,
                           lambda collection, index: f"{collection}/{index + 1}")


def _corrupt(path: Path, backup: Path | None, reason: str) -> SessionCorruptError:
    good_backup = backup if backup is not None and backup.is_file() else None
    offer = (f" Er is een reservekopie van de vorige opgeslagen toestand: herstel die met "
             f"'kaart herstel {path.stem}'." if good_backup else " Er is geen reservekopie.")
    return SessionCorruptError(f"Het sessiebestand {path} is beschadigd ({reason}). Het "
                               f"bestand is niet aangeraakt.{offer}", path, good_backup)


def read_session_file(path: Path, backup: Path | None) -> tuple[Card, int]:
    """The session in a file, and the schema version the file had.

    Anything unreadable raises SessionCorruptError (or StoreError when the file cannot be
    opened at all) and leaves the file as it is.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_SESSION_BYTES + 1)
    except FileNotFoundError:
        raise StoreError(f"Het sessiebestand {path} bestaat niet (meer).") from None
    except OSError as error:
        raise StoreError(f"Het sessiebestand {path} is niet te lezen: "
                         f"{describe_os_error(error, reading=True)}.") from None
    if not raw.strip():
        raise _corrupt(path, backup, "het bestand is leeg")
    if len(raw) > MAX_SESSION_BYTES:
        raise _corrupt(path, backup, "het bestand is veel te groot")
    try:
        data = parse_json(raw, "het bestand")
    except BundleError as error:
        raise _corrupt(path, backup, error.message.removeprefix("het bestand ")
                       .rstrip(".")) from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise _corrupt(path, backup, "onverwachte opbouw")
    # A table kaart never wrote is damage (a flipped byte in "meta" would otherwise read
    # as a file of schema 0, without a meta table, and be migrated: rewritten).
    unknown = sorted(set(data) - KNOWN_TABLES)
    if unknown:
        raise _corrupt(path, backup, f"onbekende tabel '{shown(unknown[0][:40])}'")
    try:
        version = migrations.schema_version(data)
    except (KeyError, TypeError, ValueError, StopIteration, AttributeError):
        raise _corrupt(path, backup, "de schemaversie is onleesbaar") from None
    if version > migrations.CURRENT:
        raise StoreError(f"Het sessiebestand {path} is gemaakt met een nieuwere versie van "
                         f"kaart (schema {version}); werk kaart bij om het te openen.")
    try:
        data = migrations.migrate(data)
    except Exception as error:  # a migration met data it did not expect
        raise _corrupt(path, backup, f"omzetten van schema {version} mislukt: "
                       f"{type(error).__name__}") from None
    try:
        return card_from_tables(data), version
    except (BundleError, DomainError) as error:
        raise _corrupt(path, backup, str(error).rstrip(".")) from None
    except RecursionError:
        raise _corrupt(path, backup, "te diep genest") from None

"""The session store on TinyDB: one JSON file per session, written atomically.

TinyDB's own JSONStorage truncates the file and writes it in place, so a crash mid-write
leaves half a file. Here TinyDB runs on a storage that keeps the data in memory (we hold
the only write lock, so memory and disk cannot drift apart) and replaces the file
atomically once per ``apply``. Several record changes therefore land in one write.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

import filelock
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from kaart_tui.bundle import (
    STORED_CODECS, BundleError, decode_record, decode_session, encode_record, encode_session,
)
from kaart_tui.domain.integrity import check_card
from kaart_tui.domain.model import (
    COLLECTIONS, DEFAULT_QUORUM, Card, Record, SessionInfo, Settings, record_key,
)
from kaart_tui.errors import DomainError
from kaart_tui.store import migrations
from kaart_tui.store.atomic import atomic_write, describe_os_error, keep_previous
from kaart_tui.store.base import (
    SessionCorruptError, SessionLockedError, SessionStore, StoreError, StoreWriteError,
)

META_TABLE, SESSION_TABLE, SETTINGS_TABLE = "meta", "session", "settings"


def encode_settings(settings: Settings) -> dict[str, Any]:
    return {"quorum": settings.quorum, "evaluations": list(settings.evaluations)}


def decode_settings(data: dict[str, Any]) -> Settings:
    documents = list(data.get(SETTINGS_TABLE, {}).values())
    if not documents:
        return Settings()  # files from before settings existed
    if not isinstance(documents[0], dict):
        raise BundleError("settings: het document moet een object {...} zijn")
    quorum = documents[0].get("quorum", DEFAULT_QUORUM)
    if isinstance(quorum, bool) or not isinstance(quorum, (int, float)) or not 0 <= quorum <= 1:
        raise BundleError("settings: 'quorum' moet een getal tussen 0 en 1 zijn")
    evaluations = documents[0].get("evaluations", [])
    if not isinstance(evaluations, list) or not all(isinstance(e, str) for e in evaluations):
        raise BundleError("settings: 'evaluations' moet een lijst van bijeenkomst-id's zijn")
    return Settings(quorum=float(quorum), evaluations=tuple(evaluations))


def encode_file(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def read_file_data(path: Path, backup: Path | None) -> tuple[dict[str, Any], int]:
    """The raw tables of a session file, migrated to the current schema, and the schema
    version the file had.

    Anything unreadable raises SessionCorruptError and leaves the file as it is.
    """
    good_backup = backup if backup is not None and backup.is_file() else None

    def corrupt(reason: str) -> SessionCorruptError:
        offer = (f" Er is een reservekopie van de vorige opgeslagen toestand: herstel die met "
                 f"'kaart herstel {path.stem}'." if good_backup else
                 " Er is geen reservekopie.")
        return SessionCorruptError(
            f"Het sessiebestand {path} is beschadigd ({reason}). Het bestand is niet "
            f"aangeraakt.{offer}", path, good_backup)

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"Het sessiebestand {path} bestaat niet (meer).") from None
    except PermissionError:
        raise StoreError(f"Het sessiebestand {path} is niet te lezen: geen leesrechten.") \
            from None
    except OSError as error:
        raise StoreError(f"Het sessiebestand {path} is niet te lezen: "
                         f"{describe_os_error(error)}.") from None
    if not raw.strip():
        raise corrupt("het bestand is leeg")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise corrupt("geen UTF-8-tekst") from None
    except json.JSONDecodeError as error:
        raise corrupt(f"geen geldige JSON op regel {error.lineno}, kolom {error.colno}; "
                      "waarschijnlijk afgebroken") from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise corrupt("onverwachte opbouw")
    try:
        version = migrations.schema_version(data)
    except (KeyError, TypeError, ValueError, StopIteration):
        raise corrupt("de schemaversie is onleesbaar") from None
    if version > migrations.CURRENT:
        raise StoreError(f"Het sessiebestand {path} is gemaakt met een nieuwere versie van "
                         f"kaart (schema {version}); werk kaart bij om het te openen.")
    try:
        return migrations.migrate(data), version
    except Exception as error:  # a migration met data it did not expect
        raise corrupt(f"omzetten van schema {version} mislukt: {error}") from None


def card_from_tables(data: dict[str, Any]) -> tuple[Card, dict[str, dict[object, int]]]:
    """Decode the tables into a Card, plus for each collection the TinyDB doc id per key."""
    session_docs = list(data.get(SESSION_TABLE, {}).values())
    if len(session_docs) != 1:
        raise BundleError("de sessiegegevens ontbreken")
    card = Card(decode_session(session_docs[0]), decode_settings(data))
    doc_ids: dict[str, dict[object, int]] = {}
    for collection in STORED_CODECS:
        ids = doc_ids[collection] = {}
        # Sorted by doc id: a record restored by undo gets its old doc id back (see
        # _put_document), so this is the order the facilitator saw.
        table = data.get(collection, {})
        if not all(str(doc_id).isascii() and str(doc_id).isdigit() for doc_id in table):
            raise BundleError(f"{collection}: een document heeft geen getal als sleutel")
        documents = sorted(table.items(), key=lambda item: int(item[0]))
        for doc_id, raw in documents:
            record = decode_record(collection, raw, f"{collection}/{doc_id}",
                                   stored=True)
            key = record_key(record)
            if key in ids:
                raise BundleError(f"{collection}/{doc_id}: dubbele id")
            ids[key] = int(doc_id)
            card.put(record)
    check_card(card)
    return card, doc_ids


class _MemoryFirstStorage(Storage):
    """Reads from memory, writes atomically to disk, unless writes are held for a batch."""

    def __init__(self, path: Path, backup: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.backup = backup
        self.data = data
        self.hold = 0

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        if not self.hold:
            self.flush()

    def flush(self) -> None:
        atomic_write(self.path, encode_file(self.data), self.backup)

    @contextmanager
    def held(self) -> Iterator[None]:
        self.hold += 1
        try:
            yield
        finally:
            self.hold -= 1


class TinyDBSessionStore(SessionStore):
    def __init__(self, path: Path, backup: Path, lock_path: Path | None,
                 read_only: bool = False) -> None:
        """Open an existing session file; takes the write lock unless ``read_only``."""
        self.path = path
        self.backup = backup
        self.read_only = read_only
        self._lock: filelock.BaseFileLock | None = None
        self._db: TinyDB | None = None
        # Doc ids of records removed in this session, so that undo restores their order.
        self._graveyard: dict[tuple[str, object], int] = {}
        if not read_only:
            assert lock_path is not None
            self._lock = acquire_lock(lock_path, path)
            remove_stale_temp_files(path)
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    def _open(self) -> None:
        data, version = read_file_data(self.path, self.backup)
        try:
            self._card, self._doc_ids = card_from_tables(data)
        except (BundleError, DomainError) as error:
            good = self.backup if self.backup.is_file() else None
            offer = (f" Herstel de reservekopie met 'kaart herstel {self.path.stem}'."
                     if good else " Er is geen reservekopie.")
            raise SessionCorruptError(
                f"Het sessiebestand {self.path} is beschadigd: {str(error).rstrip('.')}. "
                "Het bestand is niet "
                f"aangeraakt.{offer}", self.path, good) from None
        self._storage = _MemoryFirstStorage(self.path, self.backup, data)
        self._db = TinyDB(storage=lambda: self._storage)
        if version < migrations.CURRENT and not self.read_only:
            # Keep the file as it was before the migration, then write the new schema.
            keep = self.backup.with_name(f"{self.path.stem}.voor-migratie.json")

            def keep_original_then_write() -> None:
                if not keep.exists():
                    atomic_write(keep, self.path.read_bytes())
                self._storage.flush()

            self._write(keep_original_then_write)

    # -- reading -------------------------------------------------------------------------
    def load(self) -> Card:
        """A copy of the session: callers may change it without touching the store."""
        card = Card(self._card.session, self._card.settings)
        for record in self._card.records():
            card.put(record)
        return card

    # -- writing -------------------------------------------------------------------------
    def _check_writable(self) -> None:
        if self._db is None:
            raise StoreError("Deze sessie is gesloten.")
        if self.read_only:
            raise StoreError(f"Sessie {self.path.stem} is alleen-lezen geopend; "
                             "er is niets opgeslagen.")

    def _write(self, change: Any) -> None:
        """Run a change that ends in an atomic write; on failure forget it entirely."""
        try:
            change()
        except OSError as error:
            self._reset_to_card()
            raise StoreWriteError(
                f"Opslaan is mislukt: {describe_os_error(error)} ({self.path}). De laatste "
                "wijziging is niet bewaard; alles daarvoor staat veilig op schijf."
            ) from None
        except BaseException:
            self._reset_to_card()
            raise

    def _reset_to_card(self) -> None:
        """Forget a change that did not reach the disk.

        The Card is only updated after a successful write, so it still holds exactly what
        is on disk; TinyDB's tables are rebuilt from it (TinyDB edits documents in place,
        so its own tables cannot simply be rolled back).
        """
        data = tables_from_card(self._card)
        self._doc_ids = index_of(self._card)
        self._graveyard.clear()  # doc ids are renumbered
        self._storage = _MemoryFirstStorage(self.path, self.backup, data)
        self._db = TinyDB(storage=lambda: self._storage)

    def apply(self, put: Iterable[Record] = (), remove: Iterable[Record] = (),
              session: SessionInfo | None = None, settings: Settings | None = None) -> None:
        self._check_writable()
        put, remove = list(put), list(remove)

        def change() -> None:
            assert self._db is not None
            with self._storage.held():
                for record in put:
                    self._put_document(record)
                for record in remove:
                    self._remove_document(record)
                if session is not None:
                    self._db.table(SESSION_TABLE).update(encode_session(session))
                if settings is not None:
                    table = self._db.table(SETTINGS_TABLE)
                    table.truncate()
                    table.insert(encode_settings(settings))
            self._storage.flush()

        self._write(change)
        for record in put:
            self._card.put(record)
        for record in remove:
            self._card.remove(record)
        if session is not None:
            self._card.session = session
        if settings is not None:
            self._card.settings = settings

    def forget_previous_version(self) -> None:
        self._check_writable()
        try:
            keep_previous(self.path, self.backup)
        except OSError as error:
            raise StoreWriteError(f"De reservekopie kon niet worden bijgewerkt: "
                                  f"{describe_os_error(error)} ({self.backup}).") from None

    def _put_document(self, record: Record) -> None:
        assert self._db is not None
        collection = COLLECTIONS[type(record)]
        table = self._db.table(collection)
        document = encode_record(record, stored=True)
        ids = self._doc_ids[collection]
        key = record_key(record)
        if key in ids:
            # update() with a dict merges keys, and a vote moved from a theme to an entry
            # would keep its old "theme" key; this replaces the document's content whole.
            def overwrite(stored: dict) -> None:
                stored.clear()
                stored.update(document)

            table.update(overwrite, doc_ids=[ids[key]])
            return
        old_id = self._graveyard.pop((collection, key), None)
        if old_id is not None and not table.contains(doc_id=old_id):
            ids[key] = table.insert(Document(document, doc_id=old_id))
        else:
            ids[key] = table.insert(document)

    def _remove_document(self, record: Record) -> None:
        assert self._db is not None
        collection = COLLECTIONS[type(record)]
        key = record_key(record)
        doc_id = self._doc_ids[collection].pop(key, None)
        if doc_id is not None:
            self._db.table(collection).remove(doc_ids=[doc_id])
            self._graveyard[(collection, key)] = doc_id

    def replace(self, card: Card) -> None:
        self._check_writable()
        check_card(card)
        data = tables_from_card(card)
        self._write(lambda: self._storage.write(data))
        self._card = Card(card.session, card.settings)
        for record in card.records():
            self._card.put(record)
        # A fresh TinyDB: the old one's tables cache their next doc id.
        self._reset_to_card()

    def close(self) -> None:
        self._db = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def tables_from_card(card: Card) -> dict[str, Any]:
    data: dict[str, Any] = {
        META_TABLE: {"1": {"schema_version": migrations.CURRENT}},
        SESSION_TABLE: {"1": encode_session(card.session)},
        SETTINGS_TABLE: {"1": encode_settings(card.settings)},
    }
    for collection, (record_type, _, _) in STORED_CODECS.items():
        data[collection] = {
            str(doc_id): encode_record(record, stored=True)
            for doc_id, record in enumerate(card.collection(record_type).values(), start=1)
        }
    return data


def remove_stale_temp_files(path: Path) -> None:
    """Remove temp files a killed writer left behind (only safe while holding the lock)."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            stale.unlink()
        except OSError:
            pass  # harmless: it is never read, and the next open tries again


def index_of(card: Card) -> dict[str, dict[object, int]]:
    """The doc id of each record as tables_from_card numbers them."""
    return {
        collection: {record_key(r): doc_id for doc_id, r in
                     enumerate(card.collection(record_type).values(), start=1)}
        for collection, (record_type, _, _) in STORED_CODECS.items()
    }


def acquire_lock(lock_path: Path, session_path: Path) -> filelock.BaseFileLock:
    # thread_local=False: the app may release the lock from another thread than it took it.
    lock = filelock.FileLock(lock_path, timeout=0, thread_local=False)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise SessionLockedError(
            f"Sessie '{session_path.stem}' is al geopend in een ander venster of programma "
            f"(bestand {session_path}). Sluit dat eerst; twee vensters die tegelijk schrijven "
            "zouden elkaars werk overschrijven.") from None
    except OSError as error:
        raise StoreError(f"Sessie '{session_path.stem}' kan niet worden vergrendeld "
                         f"({lock_path}): {describe_os_error(error)}.") from None
    return lock


def write_new_session(path: Path, card: Card) -> None:
    """Write a complete new session file (the caller holds its lock)."""
    try:
        atomic_write(path, encode_file(tables_from_card(card)))
    except OSError as error:
        raise StoreWriteError(f"De sessie kon niet worden opgeslagen in {path}: "
                              f"{describe_os_error(error)}.") from None

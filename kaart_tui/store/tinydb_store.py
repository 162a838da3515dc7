"""The session store on TinyDB: one JSON file per session, written atomically.

TinyDB's own JSONStorage truncates the file and writes it in place, so a crash mid-write
leaves half a file. Here TinyDB runs on a storage that keeps the tables in memory (we
hold the only write lock, so memory and disk cannot drift apart) and replaces the file
atomically once per ``save``: every change, however many records, is one write.

The card is the source of order: a save rewrites the tables it touches in the card's
order (numbered 1, 2, 3 ...), so the store needs no bookkeeping of its own to put a
record back where it stood.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

import filelock
from tinydb import TinyDB
from tinydb.storages import Storage

from kaart_tui.codec import CODECS, encode_record, encode_session
from kaart_tui.domain.model import Card, Record, record_key
from kaart_tui.errors import describe_os_error
from kaart_tui.safe_files import (
    ReadOnlyFileError,
    atomic_write,
    create_new,
    is_read_only,
    keep_previous,
    sweep_temp_files,
)
from kaart_tui.store import migrations
from kaart_tui.store.base import (
    ALL_COLLECTIONS,
    SessionLockedError,
    SessionStore,
    StoreError,
    StoreWriteError,
)
from kaart_tui.store.forgetting import kept_copies, scrub_exports, scrub_kept_copy
from kaart_tui.store.tables import (
    SESSION_TABLE,
    card_from_tables,
    encode_file,
    encode_json,
    read_session_file,
    table_text,
    tables_from_card,
)


class _MemoryFirstStorage(Storage):
    """Reads from memory, writes atomically to disk, unless writes are held for a batch."""

    def __init__(self, path: Path, backup: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.backup = backup
        self.data = data
        self.hold = 0
        # The JSON text of a table, beside the table it was made of. TinyDB replaces a
        # table's dict on every change to it, so a text whose table is no longer the one
        # in ``data`` is out of date and that table is encoded again.
        self.texts: dict[str, tuple[dict[str, Any], str]] = {}

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        if not self.hold:
            self.flush()

    def flush(self) -> None:
        for name, table in self.data.items():
            known = self.texts.get(name)
            if known is None or known[0] is not table:
                self.texts[name] = (table, encode_json(table))
        atomic_write(self.path, encode_file(self.data, {name: self.texts[name][1]
                                                        for name in self.data}), self.backup)

    @contextmanager
    def held(self) -> Iterator[None]:
        self.hold += 1
        try:
            yield
        finally:
            self.hold -= 1


def read_only_message(path: Path) -> str:
    return (f"Het sessiebestand {path} is alleen-lezen (het kenmerk 'alleen-lezen' staat "
            "aan). Zet dat uit in de eigenschappen van het bestand om erin te werken; "
            f"bekijken, een verslag of een bundle maken kan wel.")


class TinyDBSessionStore(SessionStore):
    def __init__(self, path: Path, backup: Path, lock_path: Path | None,
                 read_only: bool = False, exports_dir: Path | None = None) -> None:
        """Open an existing session file; takes the write lock unless ``read_only``.
        ``exports_dir`` holds what was exported of it (a removed name leaves it too)."""
        self.path = path
        self.exports_dir = exports_dir
        self.name = path.stem
        self.backup = backup
        self.read_only = read_only
        self._lock: filelock.BaseFileLock | None = None
        self._db: TinyDB | None = None
        if not read_only:
            assert lock_path is not None
            self._lock = acquire_lock(lock_path, path)
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    def _open(self) -> None:
        card, version = read_session_file(self.path, self.backup)
        if not self.read_only and is_read_only(self.path):
            raise StoreError(read_only_message(self.path))
        if not self.read_only:
            sweep_temp_files(self.path.parent)  # a killed writer's leftovers (we hold the lock)
        # The tables as the card has them: cleaned on loading the way typed text is (a
        # lone surrogate in the file must not make every later write fail).
        self._storage = _MemoryFirstStorage(self.path, self.backup, tables_from_card(card))
        self._db = TinyDB(storage=lambda: self._storage)
        self._opened: Card | None = card
        # What each record was encoded to (document and its JSON text), so that a save
        # encodes only what changed: at 10,000 entries encoding the whole file was a third
        # of a keystroke.
        self._encoded: dict[str, dict[object, tuple[Record, dict[str, Any], str]]] = {}
        # Per table: the table as last written (the dict in the storage) and the records it
        # holds, in order; a save that only adds records after them appends.
        self._saved: dict[str, tuple[dict[str, Any], list[Record]]] = {}
        if version < migrations.CURRENT and not self.read_only:
            # Keep the file as it was before the migration, then write the new schema.
            keep = self.backup.with_name(f"{self.path.stem}.voor-migratie.json")
            self._guarded(lambda: self._keep_then_flush(keep))

    def _keep_then_flush(self, keep: Path) -> None:
        if not keep.exists():
            create_new(keep, self.path.read_bytes())
        self._storage.flush()

    # -- reading -------------------------------------------------------------------------
    def load(self) -> Card:
        """The session as a card the caller owns."""
        if self._db is None:
            raise StoreError("Deze sessie is gesloten.")
        opened, self._opened = self._opened, None
        if opened is not None:  # decoded and checked at opening; handed out once
            return opened
        return card_from_tables(self._storage.data)

    # -- writing -------------------------------------------------------------------------
    def _check_writable(self) -> TinyDB:
        if self._db is None:
            raise StoreError("Deze sessie is gesloten.")
        if self.read_only:
            raise StoreError(f"Sessie {self.path.stem} is alleen-lezen geopend; "
                             "er is niets opgeslagen.")
        return self._db

    def _guarded(self, write: Any) -> None:
        """Run a write that ends on disk; on failure the tables are as before it."""
        before = dict(self._storage.data)
        try:
            write()
        except BaseException as error:
            self._storage.data = before
            for table in self._db.tables() if self._db else ():
                self._db.table(table).clear_cache()
            if isinstance(error, ReadOnlyFileError):
                raise StoreWriteError(read_only_message(self.path) + " De laatste wijziging "
                                      "is niet bewaard.") from None
            if isinstance(error, OSError):
                raise StoreWriteError(
                    f"Opslaan is mislukt: {describe_os_error(error)} ({self.path}). De laatste "
                    "wijziging is niet bewaard; alles daarvoor staat veilig op schijf."
                ) from None
            raise

    def _documents(self, records: list[Record], collection: str
                   ) -> tuple[list[dict[str, Any]], list[str]]:
        """The documents of ``records`` and their JSON texts; unchanged records reuse what
        they were encoded to last time."""
        cache = self._encoded.setdefault(collection, {})
        documents, texts = [], []
        fresh: dict[object, tuple[Record, dict[str, Any], str]] = {}
        for record in records:
            key = record_key(record)
            known = cache.get(key)
            if known is None or known[0] is not record:
                document = encode_record(record)
                known = (record, document, encode_json(document))
            fresh[key] = known
            documents.append(known[1])
            texts.append(known[2])
        self._encoded[collection] = fresh
        return documents, texts

    def _write_table(self, db: TinyDB, card: Card, name: str) -> None:
        """Put the collection in its table, numbered 1, 2, 3 ... in the card's order."""
        records = list(card.collection(CODECS[name][0]).values())
        table = db.table(name)
        stored = self._storage.data.get(name)
        saved = self._saved.get(name)
        text = self._storage.texts.get(name)
        if (saved is not None and text is not None and saved[0] is stored is text[0]
                and len(records) > len(saved[1]) and records[:len(saved[1])] == saved[1]):
            # Only new records at the end (a new entry, the usual change): the table as
            # written stays, the new ones are added after it. (Equal records, the same
            # objects or not, are the same documents.)
            cache = self._encoded.setdefault(name, {})
            documents, texts = [], []
            for record in records[len(saved[1]):]:
                document = encode_record(record)
                texts.append(encode_json(document))
                documents.append(document)
                cache[record_key(record)] = (record, document, texts[-1])
            first = len(saved[1]) + 1
            table.insert_multiple(documents)
            stored = self._storage.data[name]
            if next(reversed(stored)) == str(len(records)):
                added = ",".join(f'"{first + i}":{t}' for i, t in enumerate(texts))
                body = text[1][:-1]
                self._storage.texts[name] = (stored, f"{body}{',' if first > 1 else ''}{added}}}")
                self._saved[name] = (stored, records)
                return
        # Anything else (a record changed, removed or put back between others): the
        # whole table again, unchanged records from the cache.
        table.truncate()
        documents, texts = self._documents(records, name)
        table.insert_multiple(documents)
        stored = self._storage.data[name]
        self._storage.texts[name] = (stored, table_text(stored, texts))
        self._saved[name] = (stored, records)

    def save(self, card: Card, collections: Iterable[str] = ALL_COLLECTIONS) -> None:
        db = self._check_writable()
        names = list(collections)
        self._opened = None  # the card decoded at opening is out of date from now on

        def write() -> None:
            with self._storage.held():
                for name in names:
                    self._write_table(db, card, name)
                db.table(SESSION_TABLE).truncate()
                db.table(SESSION_TABLE).insert(encode_session(card.session))
            self._storage.flush()

        self._guarded(write)

    def forget(self, texts: Iterable[str], keep: Iterable[str] = ()) -> list[str]:
        self._check_writable()
        texts, keep = list(texts), list(keep)
        try:
            keep_previous(self.path, self.backup)
            for kept in kept_copies(self.backup.parent, self.name):
                scrub_kept_copy(kept, texts, keep)
        except OSError as error:
            raise StoreWriteError(f"De reservekopie kon niet worden bijgewerkt: "
                                  f"{describe_os_error(error)} ({self.backup}).") from None
        if self.exports_dir is None:
            return []
        try:
            return scrub_exports(self.exports_dir, self.name, texts, keep)
        except OSError as error:
            # The session and its copies are done; an export open in Word is not.
            return [f"Een verslag of poster in {self.exports_dir} kon niet worden "
                    f"bijgewerkt ({describe_os_error(error)}); daar staat de naam nog in. "
                    "Sluit het bestand en verwijder de persoon opnieuw, of verwijder het "
                    "bestand zelf."]

    def close(self) -> None:
        self._db = None
        self._opened = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None


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
    """Write a complete new session file under a name nobody has (the caller holds its
    lock); FileExistsError if the name was taken after all."""
    try:
        create_new(path, encode_file(tables_from_card(card)))
    except FileExistsError:
        raise
    except OSError as error:
        raise StoreWriteError(f"De sessie kon niet worden opgeslagen in {path}: "
                              f"{describe_os_error(error)}.") from None

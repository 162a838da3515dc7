"""The one interface through which the UI and the exporter reach a session on disk."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Iterable

from kaart_tui.domain.model import Card, Record, SessionInfo, Settings
from kaart_tui.errors import KaartError


class StoreError(KaartError):
    """A session file could not be opened, read or written."""


class SessionLockedError(StoreError):
    """Another window or program has this session open for writing."""


class SessionCorruptError(StoreError):
    """The file is unreadable; it is left untouched. ``backup`` is a last good copy, if any."""

    def __init__(self, message: str, path: Path, backup: Path | None) -> None:
        super().__init__(message)
        self.path = path
        self.backup = backup


class StoreWriteError(StoreError):
    """A change could not be written (disk full, folder gone); the file is as before."""


class SessionStore(ABC):
    """One session's records on disk.

    Every method that changes something returns only once the change is on disk (written
    to a temporary file, flushed, fsynced and moved over the old file): an acknowledged
    change survives a crash. A failed write raises StoreWriteError and changes nothing.
    """

    path: Path
    read_only: bool

    @abstractmethod
    def load(self) -> Card:
        """The whole session as the domain sees it."""

    @abstractmethod
    def apply(self, put: Iterable[Record] = (), remove: Iterable[Record] = (),
              session: SessionInfo | None = None, settings: Settings | None = None) -> None:
        """Insert or replace ``put``, delete ``remove`` (and replace the session info or
        settings), in one atomic write: either all of it is on disk afterwards, or none."""

    def put(self, *records: Record) -> None:
        self.apply(put=records)

    def remove(self, *records: Record) -> None:
        self.apply(remove=records)

    @abstractmethod
    def forget_previous_version(self) -> None:
        """Make the backup equal to the current state, so that what was just removed (a
        person who asked to be forgotten) is not kept in the previous version either."""

    @abstractmethod
    def replace(self, card: Card) -> None:
        """Replace everything with ``card`` in one atomic write (import, restore)."""

    @abstractmethod
    def close(self) -> None:
        """Release the lock. The store cannot be used afterwards."""

    def __enter__(self) -> "SessionStore":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

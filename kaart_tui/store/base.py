"""The one interface through which the app reaches a session's records on disk."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Iterable

from kaart_tui.domain.model import COLLECTIONS, Card
from kaart_tui.errors import KaartError

ALL_COLLECTIONS: tuple[str, ...] = tuple(COLLECTIONS.values())


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
    """One session's records.

    ``save`` returns only once the change is on disk (written to a temporary file,
    flushed, fsynced and moved over the old file): an acknowledged change survives a
    crash. A failed write raises StoreWriteError and changes nothing, in memory or on disk.
    """

    #: The session's short name (the file name without ``.json``).
    name: str
    read_only: bool = False

    @abstractmethod
    def load(self) -> Card:
        """The whole session, as a card the caller owns."""

    @abstractmethod
    def save(self, card: Card, collections: Iterable[str] = ALL_COLLECTIONS) -> None:
        """Store ``card``'s records of these collections (and its session info), in one
        atomic write: either all of it is on disk afterwards, or none of it."""

    @abstractmethod
    def forget(self, texts: Iterable[str], keep: Iterable[str] = ()) -> list[str]:
        """Make the backup equal to the current state, and take ``texts`` (the name of a
        person who asked to be forgotten) out of every other copy kept of the session and
        out of what was exported of it, sparing the names in ``keep`` (people who stay);
        returns what it did to the exports, in Dutch."""

    @abstractmethod
    def close(self) -> None:
        """Release the lock. The store cannot be used afterwards."""

    def __enter__(self) -> "SessionStore":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

"""Persistence: the session-store interface and its TinyDB implementation."""

from kaart_tui.store.base import (  # noqa: F401
    SessionCorruptError,
    SessionLockedError,
    SessionStore,
    StoreError,
    StoreWriteError,
)
from kaart_tui.store.folder import DataFolder, SessionListing, slugify  # noqa: F401

"""The session file as the next window finds it, for the tests that check what was saved."""

from __future__ import annotations

from pathlib import Path

from kaart_tui.domain.model import Card
from kaart_tui.store import DataFolder


def on_disk(folder: DataFolder | Path, slug: str | None = None) -> Card:
    """The session once the app (or a killed kaart) has stopped: opened for writing, which
    works only if it released its lock, and loaded whole. Without ``slug``, the one
    session in the folder."""
    folder = DataFolder(folder if isinstance(folder, Path) else folder.root)
    if slug is None:
        [slug] = folder.slugs()
    return _load(folder, slug, read_only=False)


def beside(folder: DataFolder, slug: str) -> Card:
    """The session file as it is now, read while a running app holds its lock."""
    return _load(DataFolder(folder.root), slug, read_only=True)


def _load(folder: DataFolder, slug: str, read_only: bool) -> Card:
    store = folder.open(slug, read_only=read_only)
    try:
        return store.load()
    finally:
        store.close()

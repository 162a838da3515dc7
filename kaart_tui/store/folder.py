"""The data folder: ``sessions/`` (one file per session) and ``exports/`` (verslagen).

Beside the session files live two hidden folders the facilitator never needs to open:
``sessions/.backup/`` (the previous version of each session, the "last good copy") and
``sessions/.locks/`` (the lock files that keep a second window from writing).
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kaart_tui.domain.model import Card
from kaart_tui.domain.templates import OVERRIDE_FOLDER
from kaart_tui.errors import KaartError
from kaart_tui.bundle import BundleError
from kaart_tui.errors import DomainError
from kaart_tui.store.atomic import describe_os_error, unused_path
from kaart_tui.store.base import SessionCorruptError, StoreError
from kaart_tui.store.tinydb_store import (
    TinyDBSessionStore, acquire_lock, card_from_tables, read_file_data, write_new_session,
)

DATA_DIR_ENV = "KAART_DATA_DIR"
SUFFIX = ".json"


def slugify(title: str) -> str:
    """A file-name-safe, readable name: "Team Kamperpoort (2e)" -> "team-kamperpoort-2e"."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-") or "sessie"


@dataclass(frozen=True)
class SessionListing:
    slug: str
    path: Path
    modified: datetime
    title: str | None = None
    team: str | None = None
    bijeenkomsten: int = 0
    problem: str | None = None


class DataFolder:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.sessions_dir = self.root / "sessions"
        self.exports_dir = self.root / "exports"
        self.backups_dir = self.sessions_dir / ".backup"
        self.locks_dir = self.sessions_dir / ".locks"
        # A facilitator's own card templates (e.g. evaluatiekaart.toml) override ours.
        self.templates_dir = self.root / OVERRIDE_FOLDER

    @classmethod
    def from_settings(cls, data_dir: str | os.PathLike | None = None) -> "DataFolder":
        """``--data-dir`` wins over KAART_DATA_DIR, which wins over the current folder."""
        chosen = data_dir or os.environ.get(DATA_DIR_ENV) or os.getcwd()
        return cls(Path(chosen).expanduser())

    def ensure(self) -> "DataFolder":
        for folder in (self.sessions_dir, self.exports_dir):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"Map {folder} kan niet worden aangemaakt: "
                                 f"{describe_os_error(error)}.") from None
        return self

    # -- paths ---------------------------------------------------------------------------
    def session_path(self, slug: str) -> Path:
        return self.sessions_dir / f"{slug}{SUFFIX}"

    def backup_path(self, slug: str) -> Path:
        return self.backups_dir / f"{slug}{SUFFIX}"

    def lock_path(self, slug: str) -> Path:
        return self.locks_dir / f"{slug}.lock"

    def _prepare_hidden_dirs(self) -> None:
        for folder in (self.backups_dir, self.locks_dir):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"Map {folder} kan niet worden aangemaakt: "
                                 f"{describe_os_error(error)}. Is de map {self.sessions_dir} "
                                 "schrijfbaar?") from None

    @property
    def labels(self):
        """The label vocabulary shared by the sessions in this folder."""
        from kaart_tui.store.labels_file import LabelFile

        return LabelFile(self.sessions_dir)

    # -- finding -------------------------------------------------------------------------
    def slugs(self) -> list[str]:
        if not self.sessions_dir.is_dir():
            return []
        return sorted(p.stem for p in self.sessions_dir.glob(f"*{SUFFIX}") if p.is_file())

    def list_sessions(self) -> list[SessionListing]:
        """Every session, most recently changed first; unreadable ones carry a problem."""
        listings = []
        for slug in self.slugs():
            path = self.session_path(slug)
            try:
                modified = datetime.fromtimestamp(path.stat().st_mtime)
            except OSError:
                continue  # deleted while listing
            try:
                store = TinyDBSessionStore(path, self.backup_path(slug), None, read_only=True)
                card = store.load()
                store.close()
                listings.append(SessionListing(slug, path, modified, card.session.title,
                                               card.session.team, len(card.bijeenkomsten)))
            except KaartError as error:
                listings.append(SessionListing(slug, path, modified, problem=error.message))
        return sorted(listings, key=lambda s: s.modified, reverse=True)

    def resolve(self, name: str) -> str:
        """The slug of a session named by slug, file name or title (case-insensitive)."""
        wanted = name.strip()
        slugs = self.slugs()
        for candidate in (wanted, wanted.removesuffix(SUFFIX), slugify(wanted)):
            if candidate in slugs:
                return candidate
        for listing in self.list_sessions():
            if listing.title and listing.title.casefold() == wanted.casefold():
                return listing.slug
        known = ", ".join(slugs) if slugs else "er zijn nog geen sessies"
        raise StoreError(f"Sessie '{name}' niet gevonden in {self.sessions_dir} ({known}).")

    def free_slug(self, title: str) -> str:
        base = slugify(title)
        slug, number = base, 2
        while self.session_path(slug).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug

    # -- opening and creating ------------------------------------------------------------
    def open(self, name: str, read_only: bool = False) -> TinyDBSessionStore:
        """Open a session for writing (locked) or, for export and bundles, read-only."""
        slug = self.resolve(name)
        if not read_only:
            self._prepare_hidden_dirs()
        return TinyDBSessionStore(self.session_path(slug), self.backup_path(slug),
                                  None if read_only else self.lock_path(slug), read_only)

    def create(self, card: Card) -> TinyDBSessionStore:
        """Save a new session under a free name derived from its title, and open it."""
        self.ensure()
        self._prepare_hidden_dirs()
        slug = self.free_slug(card.session.title)
        lock = acquire_lock(self.lock_path(slug), self.session_path(slug))
        try:
            if self.session_path(slug).exists():  # created by another process meanwhile
                raise StoreError(f"Sessie '{slug}' bestaat al; probeer het opnieuw.")
            write_new_session(self.session_path(slug), card)
        finally:
            lock.release()
        return self.open(slug)

    def restore_backup(self, name: str) -> tuple[Path, Path]:
        """Put the last good copy back; the damaged file is kept aside, never deleted.

        Returns (the restored session file, where the damaged file was kept).
        """
        slug = self.resolve(name)
        path, backup = self.session_path(slug), self.backup_path(slug)
        self._prepare_hidden_dirs()
        # The lock first: restoring under an open window would be overwritten by it.
        lock = acquire_lock(self.lock_path(slug), path)
        try:
            if not backup.is_file():
                raise StoreError(f"Er is geen reservekopie van sessie '{slug}'.")
            try:
                card_from_tables(read_file_data(backup, None)[0])
            except (SessionCorruptError, BundleError, DomainError):
                raise StoreError(f"De reservekopie {backup} is zelf ook beschadigd; "
                                 "er is niets hersteld.") from None
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            kept = unused_path(self.backups_dir / f"{slug}.beschadigd-{stamp}{SUFFIX}")
            if path.exists():
                os.replace(path, kept)
            shutil.copy2(backup, path)
        except OSError as error:
            raise StoreError(f"Herstellen is mislukt: {describe_os_error(error)}.") from None
        finally:
            lock.release()
        return path, kept

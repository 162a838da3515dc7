"""The data folder: ``sessions/`` (one file per session) and ``exports/`` (verslagen).

Beside the session files live two hidden folders the facilitator never needs to open:
``sessions/.backup/`` (the previous version of each session, the "last good copy") and
``sessions/.locks/`` (the lock files that keep a second window from writing).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kaart_tui.domain.model import Card
from kaart_tui.errors import KaartError, describe_os_error
from kaart_tui.safe_files import atomic_write, sweep_temp_files, write_new
from kaart_tui.store.base import SessionStore, StoreError
from kaart_tui.store.tables import encode_file, read_session_file, tables_from_card
from kaart_tui.store.tinydb_store import TinyDBSessionStore, acquire_lock, write_new_session
from kaart_tui.template_files import OVERRIDE_FOLDER

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


def _summary(card: Card) -> dict[str, int]:
    return {"deelnemers": len(card.people()), "bijeenkomsten": len(card.bijeenkomsten),
            "bijdragen": len(card.entries), "thema's": len(card.themes),
            "stemmen": len(card.votes), "acties": len(card.actions),
            "aanwezigheid": len(card.attendance), "scores": len(card.scores)}


def what_would_be_lost(current: Card, backup: Card) -> str:
    """How the backup differs from the session, in counts, for a forced restore."""
    now, then = _summary(current), _summary(backup)
    changed = [f"{what} {now[what]} → {then[what]}" for what in now if now[what] != then[what]]
    return ", ".join(changed) if changed else "de laatste wijziging (de aantallen blijven gelijk)"


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

    def sweep(self) -> None:
        """Remove what killed writers left behind: temp files of exports, backups and the
        label file (those of a session go when it is next opened, under its lock)."""
        for folder in (self.exports_dir, self.backups_dir, self.root):
            if folder.is_dir():
                sweep_temp_files(folder)

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
        try:
            return sorted(p.stem for p in self.sessions_dir.glob(f"*{SUFFIX}") if p.is_file())
        except OSError:
            return []

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
                card, _ = read_session_file(path, self.backup_path(slug))
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

    # -- opening and creating ------------------------------------------------------------
    def open(self, name: str, read_only: bool = False) -> SessionStore:
        """Open a session for writing (locked) or, for export and bundles, read-only."""
        slug = self.resolve(name)
        if not read_only:
            self._prepare_hidden_dirs()
        return TinyDBSessionStore(self.session_path(slug), self.backup_path(slug),
                                  None if read_only else self.lock_path(slug), read_only,
                                  self.exports_dir)

    def create(self, card: Card) -> SessionStore:
        """Save a new session under a free name derived from its title, and open it."""
        self.ensure()
        self._prepare_hidden_dirs()
        base = slugify(card.session.title)
        for number in range(1, 10_000):
            slug = base if number == 1 else f"{base}-{number}"
            if self.session_path(slug).exists():
                continue
            lock = acquire_lock(self.lock_path(slug), self.session_path(slug))
            try:
                write_new_session(self.session_path(slug), card)
            except FileExistsError:
                continue  # made by another process meanwhile: the next name
            finally:
                lock.release()
            return self.open(slug)
        raise StoreError(f"Er zijn te veel sessies met de naam '{base}'.")

    # -- restoring -----------------------------------------------------------------------
    def restore_backup(self, name: str, force: bool = False) -> tuple[Path, Path | None, str]:
        """Put the last good copy back; the file it replaces is kept aside, never deleted.

        A session that reads fine is refused unless ``force``: the backup is one change
        behind it. Returns (the restored session file, where the replaced file was kept,
        what was lost if the session was readable). The restore is one atomic write: if it
        fails, the session is exactly as before.
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
                good, _ = read_session_file(backup, None)
            except KaartError:
                raise StoreError(f"De reservekopie {backup} is zelf ook beschadigd; "
                                 "er is niets hersteld.") from None
            lost = ""
            try:
                current, _ = read_session_file(path, backup)
            except KaartError:
                current = None
            if current is not None:
                lost = what_would_be_lost(current, good)
                if not force:
                    raise StoreError(
                        f"Sessie '{slug}' is niet beschadigd: zij opent gewoon. De "
                        f"reservekopie is één wijziging ouder; terugzetten zou dit weggooien: "
                        f"{lost}. Wilt u dat toch, gebruik dan 'kaart herstel {slug} "
                        "--forceer'.")
            kept = None
            try:
                original = path.read_bytes()
            except FileNotFoundError:
                original = None
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            if original is not None:
                kept = write_new(self.backups_dir / f"{slug}.beschadigd-{stamp}{SUFFIX}",
                                 original)
            # The backup is decoded and written anew, through the same atomic write as
            # every change: a kill now leaves the old file or the restored one.
            atomic_write(path, encode_file(tables_from_card(good)))
        except OSError as error:
            raise StoreError(f"Herstellen is mislukt: {describe_os_error(error)}. De sessie "
                             "is niet veranderd.") from None
        finally:
            lock.release()
        return path, kept, lost

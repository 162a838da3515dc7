"""The shared label vocabulary: one file beside the sessions, ``labels.json``.

Written by the store's own rules: atomically (temp file, fsync, replace), with the
previous version kept as a backup, under a lock so two windows cannot interleave a
read-modify-write. A damaged file is refused and left untouched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from kaart_tui.domain.labels import Label, Vocabulary
from kaart_tui.safe_files import atomic_write, describe_os_error
from kaart_tui.store.base import SessionLockedError, StoreError, StoreWriteError
from kaart_tui.store.tinydb_store import acquire_lock

FORMAT = "kaart-labels"
VERSION = 1


class LabelFile:
    def __init__(self, sessions_dir: Path) -> None:
        self.path = sessions_dir.parent / "labels.json"
        self.backup = sessions_dir / ".backup" / "labels.json"
        self.lock_path = sessions_dir / ".locks" / "labels.lock"

    def load(self) -> Vocabulary:
        if not self.path.exists():
            return Vocabulary()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("version") != VERSION:
                raise ValueError("geen kaart-labels versie 1")
            labels = tuple(Label(str(item["id"]), str(item["name"])) for item in data["labels"])
            aliases = {str(k): str(v) for k, v in data.get("aliases", {}).items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise StoreError(f"Het labelbestand {self.path} is niet te lezen ({error}). Het "
                             f"bestand is niet aangeraakt; een vorige versie staat in "
                             f"{self.backup}.") from None
        return Vocabulary(labels, aliases)

    def update(self, change: Callable[[Vocabulary], Vocabulary]) -> Vocabulary:
        """Read, change and write the vocabulary under the lock; returns the new one."""
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            lock = acquire_lock(self.lock_path, self.path)
        except SessionLockedError:
            raise SessionLockedError(f"Het labelbestand {self.path} wordt al bewerkt in een "
                                     "ander venster; probeer het zo nog eens.") from None
        try:
            vocabulary = change(self.load())
            data = {"format": FORMAT, "version": VERSION,
                    "labels": [{"id": lab.id, "name": lab.name} for lab in vocabulary.labels],
                    "aliases": vocabulary.aliases}
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            try:
                atomic_write(self.path, text.encode("utf-8"), self.backup)
            except OSError as error:
                raise StoreWriteError(f"De labels konden niet worden opgeslagen: "
                                      f"{describe_os_error(error)} ({self.path}).") from None
            return vocabulary
        finally:
            lock.release()

"""Crash-safe files: replacing one atomically, and creating one that never overwrites.

The new content goes to a temporary file in the same folder, is flushed and fsynced, and
then swapped in (``os.replace``) or linked to its final name (``os.link``, which fails if
the name exists, so a file made in between is never overwritten); the folder is fsynced
so the swap itself is durable. A kill at any moment leaves either the complete old file
or the complete new one, plus at most a temporary file, which the next start removes.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import stat
import tempfile
import time
from pathlib import Path

from kaart_tui.errors import describe_os_error  # noqa: F401  (re-exported for the store)

TEMP_SUFFIX = ".tmp"
# A virus scanner or the search indexer on Windows holds a just-written file for a moment;
# the swap is tried again for about half a second before it counts as failed.
_RETRIES = 10
_RETRY_SECONDS = 0.05


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a folder; NTFS journals the rename.
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _retrying(operation, *args) -> None:
    for attempt in range(_RETRIES):
        try:
            operation(*args)
            return
        except PermissionError:
            if os.name != "nt" or attempt == _RETRIES - 1:
                raise
            time.sleep(_RETRY_SECONDS)


def keep_previous(path: Path, backup: Path) -> None:
    """Make ``backup`` the current ``path`` before it is replaced.

    A hard link costs nothing and keeps the old file's content exactly; where a file
    system has no hard links (a FAT USB stick) it falls back to a copy.
    """
    if not path.exists():
        return
    backup.parent.mkdir(parents=True, exist_ok=True)
    staging = backup.with_name(f"{temp_name(backup)}{secrets.token_hex(4)}{TEMP_SUFFIX}")
    try:
        try:
            os.link(path, staging)
        except OSError:
            shutil.copy2(path, staging)
        _retrying(os.replace, staging, backup)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise


def _read_umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# Read once at import: os.umask can only be read by setting it, which is not thread-safe.
_UMASK = _read_umask()


def is_read_only(path: Path) -> bool:
    """The file's read-only mark (chmod a-w, or Windows' "alleen-lezen" attribute): a
    rename would replace it regardless, so kaart checks the mark itself."""
    try:
        return not stat.S_IMODE(path.stat().st_mode) & stat.S_IWUSR
    except FileNotFoundError:
        return False


class ReadOnlyFileError(PermissionError):
    def __init__(self, path: Path) -> None:
        super().__init__(errno.EROFS, "alleen-lezen", str(path))


def temp_name(path: Path) -> str:
    """The prefix of a temporary file for ``path``, with the writer's process id, so the
    next start can tell a dead writer's leftovers from a running writer's file."""
    return f".{path.name}.{os.getpid()}."


def _write_temp(path: Path, data: bytes, mode: int | None) -> Path:
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=temp_name(path),
                                    suffix=TEMP_SUFFIX)
    tmp = Path(tmp_name)
    try:
        # mkstemp makes a private (0600) file; keep the mode the file had, or the usual one.
        os.chmod(tmp, mode if mode is not None else 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def atomic_write(path: Path, data: bytes, backup: Path | None = None) -> None:
    """Replace ``path`` with ``data`` atomically; on any error the old file is untouched.

    A file marked read-only is refused (ReadOnlyFileError), not silently replaced.
    """
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    if mode is not None and not mode & stat.S_IWUSR:
        raise ReadOnlyFileError(path)
    tmp = _write_temp(path, data, mode)
    try:
        if backup is not None:
            keep_previous(path, backup)
        _retrying(os.replace, tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def create_new(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``; FileExistsError if the name is taken, even by a file
    that appeared a moment ago (the name is claimed by a link, which cannot overwrite)."""
    tmp = _write_temp(path, data, None)
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:
            # No hard links here (a FAT stick): claim the name exclusively, then fill it.
            with open(path, "xb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)


def numbered(path: Path, number: int) -> Path:
    return path if number < 2 else path.with_name(f"{path.stem}-{number}{path.suffix}")


def write_new(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` or, if that name is taken, to ``name-2.ext``,
    ``name-3.ext`` ...: an existing file is never overwritten. Returns the path used."""
    for number in range(1, 10_000):
        candidate = numbered(path, number)
        if candidate.exists():
            continue
        try:
            create_new(candidate, data)
            return candidate
        except FileExistsError:
            continue  # made by someone else just now: take the next number
    raise FileExistsError(errno.EEXIST, "te veel bestanden met deze naam", str(path))


def _writer_alive(name: str) -> bool:
    """Whether the process whose id stands in a temp file's name still runs."""
    parts = name.split(".")
    pid = int(parts[-3]) if len(parts) >= 4 and parts[-3].isdigit() else None
    if pid is None:
        return False  # an older kaart's temp file: its writer is long gone
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # no cheap portable check; sweep_temp_files then goes by age
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


# A temp file older than this is a dead writer's, whatever its name says.
STALE_SECONDS = 600


def sweep_temp_files(folder: Path) -> int:
    """Remove what killed writers left in ``folder``: temp files of dead processes (and
    any older than ten minutes). Returns how many were removed."""
    removed = 0
    try:
        candidates = [p for p in folder.glob(f".*{TEMP_SUFFIX}") if p.is_file()]
    except OSError:
        return 0
    now = time.time()
    for stale in candidates:
        try:
            old = now - stale.stat().st_mtime > STALE_SECONDS
            if old or not _writer_alive(stale.name):
                stale.unlink()
                removed += 1
        except OSError:
            pass  # harmless: it is never read, and the next start tries again
    return removed

"""Crash-safe file replacement.

The new content goes to a temporary file in the same folder, is flushed and fsynced, and
then ``os.replace`` swaps it in; the folder is fsynced so the swap itself is durable. A
kill at any moment leaves either the complete old file or the complete new one.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a folder; NTFS journals the rename.
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def keep_previous(path: Path, backup: Path) -> None:
    """Make ``backup`` the current ``path`` before it is replaced.

    A hard link costs nothing and keeps the old file's content exactly; where a file
    system has no hard links (a FAT USB stick) it falls back to a copy.
    """
    if not path.exists():
        return
    backup.parent.mkdir(parents=True, exist_ok=True)
    staging = backup.with_name(backup.name + ".new")
    staging.unlink(missing_ok=True)
    try:
        os.link(path, staging)
    except OSError:
        shutil.copy2(path, staging)
    os.replace(staging, backup)


def _read_umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# Read once at import: os.umask can only be read by setting it, which is not thread-safe.
_UMASK = _read_umask()


def atomic_write(path: Path, data: bytes, backup: Path | None = None) -> None:
    """Replace ``path`` with ``data`` atomically; on any error the old file is untouched."""
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        # mkstemp makes a private (0600) file; keep the mode the file had, or the usual one.
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_UMASK
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if backup is not None:
            keep_previous(path, backup)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def describe_os_error(error: OSError) -> str:
    """A Dutch reason for the OS errors a facilitator can meet while saving."""
    reasons = {
        errno.ENOSPC: "de schijf is vol",
        errno.EDQUOT: "de schijfruimte (quotum) is op",
        errno.EACCES: "geen schrijfrechten",
        errno.EPERM: "geen schrijfrechten",
        errno.EROFS: "de schijf is alleen-lezen",
        errno.ENOENT: "de map bestaat niet (meer)",
    }
    return reasons.get(error.errno, error.strerror or str(error))


def unused_path(path: Path) -> Path:
    """``path``, or ``name-2.ext``, ``name-3.ext`` ...: an existing file is never overwritten."""
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate

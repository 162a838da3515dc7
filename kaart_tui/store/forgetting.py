"""A removed person's name leaves every copy of the session and what was exported (AVG).

The copies set aside beside the backup (a restore's .beschadigd-*, a migration's
.voor-migratie) are rewritten as bytes: they may be damaged and unreadable as a session.
The verslagen (.docx), the bundles (.json) and the posters (.pdf) of a session in
``exports/`` hold the names as they were when they were made. When a person is removed,
the name is replaced in place by "(naam verwijderd)", as a verslag made now would write
it, so a verslag stays the verslag that was sent, without the name. A poster's text is
drawn with an embedded font and cannot be edited as bytes: a poster that is not anonymous
is removed, and the facilitator makes it again from the command palette. What has already
been mailed or printed is out of kaart's reach; the confirmation says so.

Only this session's files are touched (by their names), and a name is replaced only where
it stands as a whole and is not part of a name that stays: removing "Jan" leaves "Janneke"
and the participant "Jan de Boer" alone.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Iterable

from kaart_tui.safe_files import TEMP_SUFFIX, atomic_write

REPLACEMENT = "(naam verwijderd)"
KEPT_COPY_REPLACEMENT = "(verwijderd)"


def session_exports(exports_dir: Path, slug: str) -> list[Path]:
    """The files kaart wrote for this session: verslagen, posters, bundles."""
    if not exports_dir.is_dir():
        return []
    made = re.compile(rf"{re.escape(slug)}(-poster)?-bijeenkomst-\d+-.*\.(docx|pdf)"
                      rf"|{re.escape(slug)}(-\d+)?\.json", re.IGNORECASE)
    return sorted(path for path in exports_dir.iterdir()
                  if path.is_file() and not path.name.endswith(TEMP_SUFFIX)
                  and made.fullmatch(path.name))


def _forms(text: str, xml: bool) -> list[str]:
    """How a file writes ``text``: as XML text (.docx) or as a JSON string (bundle)."""
    if xml:
        found = {text, html.escape(text, quote=False), html.escape(text)}
    else:
        found = {json.dumps(text, ensure_ascii=ascii_only)[1:-1] for ascii_only in (False, True)}
    return sorted(found, key=len, reverse=True)


def replace_names(content: str, texts: Iterable[str], keep: Iterable[str], xml: bool,
                  replacement: str = REPLACEMENT) -> str:
    """``content`` with each of ``texts`` replaced where it stands whole, except inside
    one of the names in ``keep`` (people who stay)."""
    texts = [t for t in texts if t.strip()]
    shielded: dict[str, str] = {}
    # A name that stays and holds a forgotten one is set aside first, the longest first.
    for number, name in enumerate(sorted({k for k in keep if any(t in k for t in texts)
                                          and k not in texts}, key=len, reverse=True)):
        for form in _forms(name, xml):
            marker = f"\x00{number}.{len(shielded)}\x00"
            if form in content:
                shielded[marker] = form
                content = content.replace(form, marker)
    spoken = html.escape(replacement) if xml else replacement
    for text in texts:
        for form in _forms(text, xml):
            content = re.sub(rf"(?<!\w){re.escape(form)}(?!\w)", spoken, content)
    for marker, form in shielded.items():
        content = content.replace(marker, form)
    return content


def kept_copies(backups_dir: Path, slug: str) -> list[Path]:
    """The copies kept of a session beside its backup: files set aside by a restore, and
    the file as it was before a schema migration."""
    if not backups_dir.is_dir():
        return []
    return sorted(backups_dir.glob(f"{slug}.beschadigd-*.json")) + \
        sorted(backups_dir.glob(f"{slug}.voor-migratie.json"))


def scrub_kept_copy(path: Path, texts: Iterable[str], keep: Iterable[str] = ()) -> None:
    """Take ``texts`` out of a copy kept beside the backup, as JSON writes them. The copy
    may be damaged: its bytes are read as they are (undecodable ones kept exactly)."""
    data = path.read_bytes()
    content = data.decode("utf-8", errors="surrogateescape")
    new = replace_names(content, texts, keep, xml=False, replacement=KEPT_COPY_REPLACEMENT)
    if new != content:
        atomic_write(path, new.encode("utf-8", errors="surrogateescape"))


def _scrubbed_docx(data: bytes, texts: list[str], keep: list[str]) -> bytes:
    """The same document, member for member, with the names replaced in its XML."""
    out = io.BytesIO()
    changed = False
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = source.read(info)
            if info.filename.endswith((".xml", ".rels")):
                text = member.decode("utf-8")
                new = replace_names(text, texts, keep, xml=True)
                if new != text:
                    member, changed = new.encode("utf-8"), True
            target.writestr(info, member)
    return out.getvalue() if changed else data


def scrub_exports(exports_dir: Path, slug: str, texts: Iterable[str],
                  keep: Iterable[str] = ()) -> list[str]:
    """Take ``texts`` out of the session's exports, sparing the names in ``keep``; returns
    what was done, in Dutch.

    Raises OSError when a file cannot be read or rewritten; the files done so far stay
    done (each one is replaced atomically), the rest are as before.
    """
    texts = [t for t in texts if t and t.strip()]
    keep = list(keep)
    if not texts:
        return []
    done: list[str] = []
    for path in session_exports(exports_dir, slug):
        data = path.read_bytes()
        if path.suffix.lower() == ".pdf":
            if "-anoniem" not in path.stem:
                path.unlink()
                done.append(f"Poster {path.name} verwijderd: er stonden namen op. "
                            "Maak hem opnieuw met Ctrl+P, Poster maken.")
            continue
        try:
            if path.suffix.lower() == ".docx":
                new = _scrubbed_docx(data, texts, keep)
            else:
                new = replace_names(data.decode("utf-8"), texts, keep, xml=False
                                    ).encode("utf-8")
        except (zipfile.BadZipFile, UnicodeDecodeError, ValueError):
            # Not a file kaart wrote after all (or a damaged one): it cannot be read, so
            # kaart cannot say the name is out of it.
            done.append(f"{path.name} kon niet worden gelezen; kijk zelf of de naam erin "
                        "staat.")
            continue
        if new != data:
            atomic_write(path, new)
            done.append(f"De naam is ook uit {path.name} gehaald.")
    return done

"""Removing a person removes them everywhere (AVG): after undo and redo, after `kaart
herstel`, after a schema migration and after a writer was killed mid-save, the removed
person's name is in no file of the data folder: not in the session, its backup, the copies
set aside by a restore (.beschadigd-*) or a migration (.voor-migratie), a dead writer's
temp files, labels.json, nor the verslagen exported afterwards.

Each scenario first checks that the name is where the scenario put it (so the search can
fail), then removes the person through the Workshop and reads every file as bytes (and
every member of a .docx, which is a zip).
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from docx import Document

from kaart_tui.cli import main
from kaart_tui.domain import people
from kaart_tui.domain.labels import add_label
from kaart_tui.domain.model import Entry
from kaart_tui.domain.steps import Step
from kaart_tui.store import DataFolder
from kaart_tui.workshop import Workshop
from tests.records import write

NAME = 'Zoë "Ŋina" d\'Ålmeida & Co'
ORGANISATION = "Buurtwerk Kamperpoort"


def forms(text: str) -> list[bytes]:
    """How a file may hold ``text``: plain, as JSON writes it (with and without \\u
    escapes) and as XML (a .docx) writes it."""
    found = {text.encode("utf-8"), html.escape(text, quote=False).encode("utf-8"),
             html.escape(text).encode("utf-8")}
    for ascii_only in (False, True):
        found.add(json.dumps(text, ensure_ascii=ascii_only)[1:-1].encode("utf-8"))
    return sorted(found)


def contents(path: Path) -> list[tuple[str, bytes]]:
    data = path.read_bytes()
    parts = [(str(path), data)]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            parts += [(f"{path}!{member}", archive.read(member))
                      for member in archive.namelist()]
    return parts


def files_holding(root: Path, text: str) -> list[str]:
    """Every file (or .docx member) under ``root``, hidden ones included, that holds
    ``text`` in any of its forms."""
    paths = [root] if root.is_file() else sorted(root.rglob("*"))
    return [where for path in paths if path.is_file()
            for where, data in contents(path) if any(form in data for form in forms(text))]


def new_session(root: Path, demo_card) -> tuple[DataFolder, str, str]:
    """A session (the demo, with bijeenkomsten) with NAME in it, saved twice (a backup
    exists); returns the folder, the slug and the person's id."""
    folder = DataFolder(root).ensure()
    workshop = Workshop(folder.create(demo_card))
    person = workshop.apply(people.add_participant(workshop.card, NAME, ORGANISATION)).focus
    write(workshop.store, put=[Entry("e-erbij", Step.WAARDEN, "nog een bijdrage", "b2",
                                     person)])
    workshop.close()
    # The shared labels.json (twice, so it has a backup too) is searched as well.
    folder.labels.update(lambda vocabulary: add_label(vocabulary, "Vertrouwen")[0])
    folder.labels.update(lambda vocabulary: add_label(vocabulary, "Samen doen")[0])
    return folder, workshop.name, person


def remove(folder: DataFolder, slug: str, person: str) -> None:
    """What the facilitator does: open the session, remove the person, close it."""
    workshop = Workshop(folder.open(slug))
    try:
        workshop.apply(people.remove_participant(workshop.card, person))
    finally:
        workshop.close()


def start_and_export(root: Path, slug: str) -> None:
    """The next `kaart` in this folder (it sweeps dead writers' leftovers) makes a verslag."""
    assert main(["--data-dir", str(root), "export", slug]) == 0
    assert list((root / "exports").glob("*.docx"))


def assert_gone(root: Path) -> None:
    assert (root / "labels.json").is_file() and (root / "sessions/.backup/labels.json").is_file()
    assert files_holding(root, NAME) == []
    assert files_holding(root, ORGANISATION)  # the search does find what is still there


# -- the scenarios -------------------------------------------------------------------------
def test_after_undo_and_redo_no_file_holds_the_name(tmp_path, demo_card):
    root = tmp_path / "data"
    folder, slug, person = new_session(root, demo_card)
    workshop = Workshop(folder.open(slug))
    workshop.apply(people.remove_participant(workshop.card, person))
    workshop.undo()
    assert workshop.card.participants[person].name == NAME
    assert files_holding(root, NAME)  # undone: the person is back, on disk too
    workshop.redo()
    assert workshop.card.participants[person].name == ""
    workshop.close()
    start_and_export(root, slug)
    assert_gone(root)


def test_after_herstel_the_copy_set_aside_loses_the_name(tmp_path, demo_card):
    root = tmp_path / "data"
    folder, slug, person = new_session(root, demo_card)
    path = folder.session_path(slug)
    data = path.read_bytes()
    path.write_bytes(data[:-20])  # its end cut off: kaart herstel proceeds
    _, kept, _ = folder.restore_backup(slug)
    assert kept is not None and files_holding(kept, NAME), "the copy set aside has the name"
    # A forced restore of the healthy session sets aside one more, complete, copy.
    _, kept_whole, _ = folder.restore_backup(slug, force=True)
    assert kept_whole is not None and files_holding(kept_whole, NAME)
    remove(folder, slug, person)
    start_and_export(root, slug)
    assert kept.exists() and kept_whole.exists()  # kept, without the name
    assert_gone(root)


def test_after_a_migration_the_file_before_it_loses_the_name(tmp_path, demo_card):
    root = tmp_path / "data"
    folder, slug, person = new_session(root, demo_card)
    path = folder.session_path(slug)
    tables = json.loads(path.read_bytes())
    # Schema 1, as tests/test_store.py builds it (json.dumps escapes ë as \u00eb).
    tables["meta"] = {"1": {"schema_version": 1}}
    tables["settings"] = {"1": {"quorum": 0.6, "evaluations": []}}
    for document in tables["bijeenkomsten"].values():
        for key in ("evaluation", "next_date", "next_location"):
            del document[key]
    for document in tables["actions"].values():
        del document["owner_text"]
        if document["note"] is None:
            del document["note"]
    for document in tables["participants"].values():
        del document["left_from"], document["removed_after"]
    del tables["notes"]
    path.write_text(json.dumps(tables), encoding="utf-8")
    folder.open(slug).close()  # opening for writing migrates and keeps the file before it
    before = folder.backups_dir / f"{slug}.voor-migratie.json"
    assert json.dumps(NAME)[1:-1].encode() in before.read_bytes()
    remove(folder, slug, person)
    start_and_export(root, slug)
    assert before.exists()
    assert_gone(root)


KILLED_WRITER = r'''
import os, signal, sys
from kaart_tui.domain.model import Entry
from kaart_tui.domain.steps import Step
from kaart_tui.store import DataFolder
from tests.records import write

store = DataFolder(sys.argv[1]).open(sys.argv[2])
print(os.getpid(), flush=True)
os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)  # dies mid-save
write(store, put=[Entry("e-nooit", Step.WAARDEN, "komt nooit aan", "b2")])
'''


def test_after_a_killed_write_no_temp_file_keeps_the_name(tmp_path, demo_card):
    root = tmp_path / "data"
    folder, slug, person = new_session(root, demo_card)
    writer = tmp_path / "writer.py"
    writer.write_text(KILLED_WRITER, encoding="utf-8")
    env = {"PYTHONPATH": ":".join(p for p in sys.path if p)}
    done = subprocess.run([sys.executable, str(writer), str(root), slug], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == -9, done.stderr
    pid = int(done.stdout.split()[0])
    # The killed writer left its session temp and the backup's staging link; a label file
    # and a verslag it was writing as well would leave these.
    session = folder.session_path(slug).read_bytes()
    (root / f".labels.json.{pid}.k1q2w3e4.tmp").write_bytes(session)
    (folder.exports_dir / f".verslag.docx.{pid}.a1s2d3f4.tmp").write_bytes(session)
    left = sorted(p.name for p in root.rglob(".*.tmp"))
    assert len(left) == 4 and all(str(pid) in name for name in left), left
    assert len([w for w in files_holding(root, NAME) if w.endswith(".tmp")]) == 4
    main(["--data-dir", str(root), "lijst"])  # the next start
    remove(folder, slug, person)
    start_and_export(root, slug)
    assert list(root.rglob("*.tmp")) == []
    assert_gone(root)


def test_what_was_exported_before_the_removal_loses_the_name_too(tmp_path, demo_card):
    """The verslag (plain and anonymous) and the bundle keep their place and lose the name,
    as a verslag made now would write it; the poster, whose text cannot be edited, goes."""
    root = tmp_path / "data"
    folder, slug, person = new_session(root, demo_card)
    start_and_export(root, slug)
    assert main(["--data-dir", str(root), "bundel", slug]) == 0
    assert main(["--data-dir", str(root), "poster", slug]) == 0
    exports = root / "exports"
    [verslag] = exports.glob("*.docx")
    [bundle] = exports.glob("*.json")
    [poster] = exports.glob("*.pdf")
    assert files_holding(verslag, NAME) and files_holding(bundle, NAME)
    workshop = Workshop(folder.open(slug))
    try:
        applied = workshop.apply(people.remove_participant(workshop.card, person))
    finally:
        workshop.close()
    assert_gone(root)
    assert verslag.is_file() and bundle.is_file() and not poster.exists()
    document = Document(str(verslag))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [cell.text for t in document.tables for row in t.rows
                        for cell in row.cells])
    assert "(naam verwijderd)" in text  # still a document Word opens, in its place
    assert json.loads(bundle.read_text(encoding="utf-8"))  # still a bundle
    told = " ".join(applied.notes)
    assert verslag.name in told and bundle.name in told and poster.name in told


def test_the_next_start_removes_a_dead_writers_label_file_temp(tmp_path, demo_card):
    """`.labels.json.*.tmp` (beside sessions/, like labels.json) of a dead writer goes at
    the next `kaart`, whatever it does: no session needs to be opened for it."""
    root = tmp_path / "data"
    folder, slug, _ = new_session(root, demo_card)
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, timeout=60)
    dead = int(done.stdout)  # a process id that has ended
    stray = root / f".labels.json.{dead}.k1q2w3e4.tmp"
    stray.write_bytes(folder.session_path(slug).read_bytes())
    alive = root / f".labels.json.{os.getpid()}.z9x8c7v6.tmp"
    alive.write_bytes(b"{}")  # a running writer's: left alone
    assert main(["--data-dir", str(root), "lijst"]) == 0
    assert not stray.exists() and alive.exists()
    assert files_holding(folder.sessions_dir, NAME)  # the session itself still has it

"""The storage layer: what a facilitator relies on when the laptop, the disk or a second
window misbehaves. Nothing acknowledged may be lost, a damaged file is never touched, and
every refusal says in Dutch which file it is about and what to do."""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES

from kaart_tui import safe_files as atomic
from kaart_tui.bundle import card_to_data
from kaart_tui.domain.model import (
    AttendanceStatus,
    Bijeenkomst,
    Card,
    Entry,
    Participant,
    SessionInfo,
    Theme,
    Vote,
    WaitingEntry,
)
from kaart_tui.domain.steps import Step
from kaart_tui.store import (
    DataFolder,
    SessionCorruptError,
    SessionLockedError,
    StoreError,
    StoreWriteError,
    slugify,
)
from kaart_tui.store.memory_store import MemorySessionStore
from kaart_tui.store.migrations import CURRENT
from tests.on_disk import beside
from tests.records import write

V0_FIXTURE = FIXTURES / "session_v0.json"


# -- helpers --------------------------------------------------------------------------------
def raw_tables(path: Path) -> dict:
    return json.loads(path.read_bytes().decode("utf-8"))


def docs(tables: dict, collection: str) -> list[dict]:
    return list(tables[collection].values())


def new_entry(ident: str, text: str = "we nemen elkaar serieus", step: Step = Step.WAARDEN,
              theme: str | None = None) -> Entry:
    return Entry(ident, step, text, "b1", "p01", theme)


def leftovers(folder: DataFolder) -> list[Path]:
    return sorted(folder.sessions_dir.rglob("*.tmp"))


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return env


@pytest.fixture
def store(data_folder, demo_card):
    opened = data_folder.create(demo_card)
    yield opened
    opened.close()


# -- round trip -----------------------------------------------------------------------------
def test_create_close_reopen_gives_the_same_card(data_folder, demo_card):
    store = data_folder.create(demo_card)
    slug = store.path.stem
    store.close()

    reopened = DataFolder(data_folder.root).open(slug)
    try:
        loaded = reopened.load()
        assert card_to_data(loaded) == card_to_data(demo_card)
        assert list(loaded.votes) == list(demo_card.votes)
    finally:
        reopened.close()


def test_save_is_on_disk_when_it_returns(store, demo_card, data_folder):
    slug = store.path.stem
    added = new_entry("e-nieuw", "iedereen komt aan het woord")
    first_entry = next(iter(demo_card.entries.values()))
    edited = dataclasses.replace(first_entry, text="we spreken elkaar aan, ook als het lastig is")
    removed_vote = next(iter(demo_card.votes.values()))
    info = dataclasses.replace(demo_card.session, title="Vlinderbuurt, tweede ronde")

    card = store.load()
    card.session = info
    card.put(added)
    card.put(edited)
    card.remove(removed_vote)
    store.save(card, ["entries", "votes"])

    expected = store.load()
    assert expected.entries["e-nieuw"] == added
    assert expected.entries[first_entry.id] == edited
    assert removed_vote.id not in expected.votes
    assert expected.session == info
    # A second window sees it while the first still holds the session open.
    assert card_to_data(beside(data_folder, slug)) == card_to_data(expected)

    # And the file itself, parsed as plain JSON.
    tables = raw_tables(store.path)
    assert docs(tables, "meta") == [{"schema_version": CURRENT}]
    assert docs(tables, "session")[0]["title"] == "Vlinderbuurt, tweede ronde"
    by_id = {d["id"]: d for d in docs(tables, "entries")}
    assert by_id["e-nieuw"]["text"] == "iedereen komt aan het woord"
    assert by_id[first_entry.id]["text"] == edited.text
    assert removed_vote.id not in {d["id"] for d in docs(tables, "votes")}
    assert len(docs(tables, "votes")) == len(demo_card.votes) - 1


def test_insertion_order_is_kept_and_a_replaced_record_keeps_its_place(store, demo_card,
                                                                      data_folder):
    slug = store.path.stem
    a, b, c = new_entry("e-a", "eerste"), new_entry("e-b", "tweede"), new_entry("e-c", "derde")
    write(store, put=[a])
    write(store, put=[b, c])
    edited_b = dataclasses.replace(b, text="tweede, herschreven")
    middle = list(demo_card.entries)[len(demo_card.entries) // 2]
    edited_middle = dataclasses.replace(demo_card.entries[middle], text="aangepast")
    write(store, put=[edited_b, edited_middle])
    store.close()

    reopened = DataFolder(data_folder.root).open(slug)
    try:
        card = reopened.load()
        assert list(card.entries) == list(demo_card.entries) + ["e-a", "e-b", "e-c"]
        assert card.entries["e-b"].text == "tweede, herschreven"
        assert card.entries[middle].text == "aangepast"
        assert [d["id"] for d in docs(raw_tables(reopened.path), "entries")] == list(card.entries)
    finally:
        reopened.close()


def test_a_removed_record_stays_removed_and_new_ones_go_last(store, demo_card, data_folder):
    """And undo puts a record back where it stood: the card is the order."""
    slug = store.path.stem
    last = list(demo_card.entries.values())[-1]
    votes_on_last = [v for v in demo_card.votes.values() if v.entry == last.id]
    write(store, remove=[last, *votes_on_last])
    write(store, put=[new_entry("e-na-verwijderen")])
    card = beside(data_folder, slug)
    assert last.id not in card.entries
    assert list(card.entries)[-1] == "e-na-verwijderen"
    assert list(card.entries)[:-1] == list(demo_card.entries)[:-1]


def test_a_record_put_back_before_another_keeps_its_place_on_disk(store, demo_card,
                                                                  data_folder):
    card = store.load()
    middle = list(card.entries.values())[3]
    successor = list(card.entries)[4]
    card.remove(middle)
    store.save(card, ["entries"])
    card.put(middle, before=successor)
    store.save(card, ["entries"])
    assert list(beside(data_folder, store.name).entries) == list(demo_card.entries)


def test_the_memory_store_keeps_what_the_file_would(demo_card):
    store = MemorySessionStore(demo_card)
    card = store.load()
    card.put(new_entry("e-in-het-geheugen"))
    store.save(card, ["entries"])
    assert card_to_data(store.load()) == card_to_data(card)
    store.close()
    with pytest.raises(StoreError, match="gesloten"):
        store.load()


def test_saving_every_collection_puts_a_whole_other_card_on_disk(store, demo_card,
                                                                 data_folder):
    slug = store.path.stem
    other = Card(SessionInfo.create("Geïmporteerde sessie", "Team Holtenbroek"))
    other.put(Participant("p1", "Sanne", "Travers"))
    other.put(Bijeenkomst("b1", 1, date(2024, 2, 1)))
    other.put(Theme("t1", Step.RELATIES, "Kennis delen", "b1"))
    other.put(Entry("e1", Step.RELATIES, "casusoverleg elke week", "b1", "p1", "t1"))
    other.put(Vote("v1", "b1", 2, None, theme="t1"))

    store.save(other)

    assert card_to_data(store.load()) == card_to_data(other)
    assert card_to_data(beside(data_folder, slug)) == card_to_data(other)
    tables = raw_tables(store.path)
    assert docs(tables, "meta") == [{"schema_version": CURRENT}]
    assert [d["id"] for d in docs(tables, "entries")] == ["e1"]


def test_a_loaded_card_is_a_copy(store, demo_card):
    card = store.load()
    card.put(new_entry("e-alleen-in-het-geheugen"))
    assert "e-alleen-in-het-geheugen" not in store.load().entries


def test_adding_after_saving_a_whole_other_card_works(data_folder, demo_card):
    small = Card(demo_card.session)
    for record in demo_card.records():
        if not isinstance(record, (Entry, Vote)):
            small.put(record)
    store = data_folder.create(small)
    try:
        write(store, put=[new_entry("e-voor-import")])
        store.save(demo_card)  # e.g. an import into the open session
        write(store, put=[new_entry("e-na-import")])
        assert "e-na-import" in beside(data_folder, store.path.stem).entries
    finally:
        store.close()


def test_a_vote_moved_to_another_kind_of_target_survives_reopening(store, demo_card,
                                                                  data_folder):
    vote = next(v for v in demo_card.votes.values() if v.theme is not None)
    entry = next(iter(demo_card.entries.values()))
    moved = dataclasses.replace(vote, theme=None, entry=entry.id)
    write(store, put=[moved])
    assert beside(data_folder, store.path.stem).votes[vote.id] == moved


# -- the lock -------------------------------------------------------------------------------
def test_a_second_open_in_the_same_process_is_refused(store, data_folder):
    slug = store.path.stem
    with pytest.raises(SessionLockedError) as caught:
        DataFolder(data_folder.root).open(slug)
    assert str(store.path) in str(caught.value)
    assert "al geopend" in str(caught.value)

    store.close()
    again = DataFolder(data_folder.root).open(slug)
    again.close()


OPEN_IN_CHILD = (
    "import sys\n"
    "from kaart_tui.store import DataFolder\n"
    "store = DataFolder(sys.argv[1]).open(sys.argv[2])\n"
    "print('OPEN', len(store.load().entries))\n"
    "store.close()\n"
)


def test_a_second_process_is_refused_until_the_first_closes(store, data_folder, demo_card):
    command = [sys.executable, "-c", OPEN_IN_CHILD, str(data_folder.root), store.path.stem]
    refused = subprocess.run(command, capture_output=True, text=True, env=subprocess_env(),
                             timeout=60)
    assert refused.returncode != 0
    assert "SessionLockedError" in refused.stderr
    assert "al geopend" in refused.stderr and str(store.path) in refused.stderr
    assert "OPEN" not in refused.stdout

    store.close()
    allowed = subprocess.run(command, capture_output=True, text=True, env=subprocess_env(),
                             timeout=60)
    assert allowed.returncode == 0, allowed.stderr
    assert allowed.stdout.strip() == f"OPEN {len(demo_card.entries)}"


def test_read_only_open_works_while_locked_and_refuses_changes(store, data_folder, demo_card):
    write(store, put=[new_entry("e-van-de-schrijver")])
    before = store.path.read_bytes()
    reader = DataFolder(data_folder.root).open(store.path.stem, read_only=True)
    try:
        assert card_to_data(reader.load()) == card_to_data(store.load())
        with pytest.raises(StoreError) as caught:
            write(reader, put=[new_entry("e-van-de-lezer")])
        assert "alleen-lezen" in str(caught.value)
        with pytest.raises(StoreError):
            reader.save(demo_card)
        with pytest.raises(StoreError):
            reader.forget(["Sanne Bakker"])
    finally:
        reader.close()
    assert store.path.read_bytes() == before
    # The writer still holds its lock and can go on.
    write(store, put=[new_entry("e-daarna")])
    assert "e-daarna" in beside(data_folder, store.path.stem).entries


# -- damaged files --------------------------------------------------------------------------
def _empty(data: bytes) -> bytes:
    return b""


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _not_json(data: bytes) -> bytes:
    return b"\x00\x01\xffPK\x03\x04 dit is geen sessie \xfe"


def _broken_reference(data: bytes) -> bytes:
    tables = json.loads(data)
    first = next(iter(tables["entries"]))
    tables["entries"][first]["bijeenkomst"] = "b-bestaat-niet"
    return json.dumps(tables).encode("utf-8")


DAMAGE = {"leeg": _empty, "afgebroken": _truncated, "geen-json": _not_json,
          "kapotte-verwijzing": _broken_reference}


def damage(path: Path, kind: str) -> bytes:
    bad = DAMAGE[kind](path.read_bytes())
    path.write_bytes(bad)
    return bad


@pytest.mark.parametrize("with_backup", [False, True], ids=["zonder-reserve", "met-reserve"])
@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_file_is_refused_and_left_untouched(data_folder, demo_card, kind,
                                                      with_backup):
    store = data_folder.create(demo_card)
    slug, path = store.path.stem, store.path
    if with_backup:
        write(store, put=[new_entry("e-een")])
    store.close()
    backup = data_folder.backup_path(slug)
    assert backup.is_file() == with_backup
    bad = damage(path, kind)

    for read_only in (True, False):
        with pytest.raises(SessionCorruptError) as caught:
            DataFolder(data_folder.root).open(slug, read_only=read_only)
        message = str(caught.value)
        assert str(path) in message and "beschadigd" in message
        assert "niet aangeraakt" in message
        assert caught.value.path == path
        if with_backup:
            assert caught.value.backup == backup
            assert f"kaart herstel {slug}" in message
        else:
            assert caught.value.backup is None
            assert "kaart herstel" not in message and "geen reservekopie" in message
        assert path.read_bytes() == bad
    # A failed writable open did not keep the lock.
    if with_backup:
        data_folder.restore_backup(slug)
        DataFolder(data_folder.root).open(slug).close()


def test_restore_refuses_a_session_that_reads_fine_unless_forced(data_folder, demo_card):
    """Issue 20: herstel on a healthy session threw the last change away unasked."""
    store = data_folder.create(demo_card)
    slug, path = store.name, store.path
    write(store, put=[new_entry("e-laatste")])
    store.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        data_folder.restore_backup(slug)
    message = str(caught.value)
    assert "niet beschadigd" in message and "--forceer" in message
    assert "bijdragen 77 → 76" in message
    assert path.read_bytes() == before
    restored, kept, lost = data_folder.restore_backup(slug, force=True)
    assert lost == "bijdragen 77 → 76"
    assert kept.read_bytes() == before
    assert "e-laatste" not in beside(data_folder, slug).entries


def test_a_file_from_a_newer_kaart_is_refused_and_left_untouched(store, data_folder):
    slug, path = store.path.stem, store.path
    write(store, put=[new_entry("e-een")])
    store.close()
    tables = raw_tables(path)
    tables["meta"]["1"]["schema_version"] = CURRENT + 1
    newer = json.dumps(tables).encode("utf-8")
    path.write_bytes(newer)

    for read_only in (True, False):
        with pytest.raises(StoreError) as caught:
            DataFolder(data_folder.root).open(slug, read_only=read_only)
        assert not isinstance(caught.value, SessionCorruptError)  # not damaged: just newer
        message = str(caught.value)
        assert str(path) in message and "nieuwere versie" in message
        assert f"schema {CURRENT + 1}" in message
        assert "kaart herstel" not in message
        assert path.read_bytes() == newer


def test_a_non_numeric_document_key_is_reported_as_damage(store, data_folder):
    slug, path = store.path.stem, store.path
    store.close()
    tables = raw_tables(path)
    tables["entries"] = {f"x{key}": doc for key, doc in tables["entries"].items()}
    path.write_bytes(json.dumps(tables).encode("utf-8"))
    with pytest.raises(SessionCorruptError) as caught:
        DataFolder(data_folder.root).open(slug, read_only=True)
    assert str(path) in str(caught.value)
    assert data_folder.list_sessions()[0].problem


@pytest.mark.parametrize("kind", ["afgebroken", "kapotte-verwijzing"])
def test_restore_backup_brings_back_the_last_good_copy(data_folder, demo_card, kind):
    store = data_folder.create(demo_card)
    slug, path = store.path.stem, store.path
    write(store, put=[new_entry("e-een")])
    good = store.load()
    write(store, put=[new_entry("e-twee")])
    store.close()
    bad = damage(path, kind)

    with pytest.raises(SessionCorruptError) as caught:
        DataFolder(data_folder.root).open(slug)
    restored, kept, lost = DataFolder(data_folder.root).restore_backup(slug)

    assert restored == path and lost == ""
    assert kept.parent == data_folder.backups_dir
    assert kept.read_bytes() == bad  # the damaged file is kept, byte for byte
    assert caught.value.backup is not None
    reopened = DataFolder(data_folder.root).open(slug)
    try:
        # The backup is the state before the last change.
        assert card_to_data(reopened.load()) == card_to_data(good)
    finally:
        reopened.close()


def test_restore_refuses_a_backup_that_is_damaged_itself(data_folder, demo_card):
    store = data_folder.create(demo_card)
    slug, path = store.path.stem, store.path
    write(store, put=[new_entry("e-een")])
    store.close()
    bad = damage(path, "afgebroken")
    backup = data_folder.backup_path(slug)
    bad_backup = damage(backup, "afgebroken")

    with pytest.raises(StoreError) as caught:
        DataFolder(data_folder.root).restore_backup(slug)
    assert str(backup) in str(caught.value) and "beschadigd" in str(caught.value)
    assert "niets hersteld" in str(caught.value)
    assert path.read_bytes() == bad
    assert backup.read_bytes() == bad_backup
    assert not list(data_folder.backups_dir.glob("*beschadigd*"))


def test_restore_without_a_backup_says_so(data_folder, demo_card):
    store = data_folder.create(demo_card)
    slug, path = store.path.stem, store.path
    store.close()
    bad = damage(path, "leeg")
    with pytest.raises(StoreError) as caught:
        data_folder.restore_backup(slug)
    assert "geen reservekopie" in str(caught.value) and slug in str(caught.value)
    assert path.read_bytes() == bad


def test_restore_refuses_a_backup_with_a_broken_reference(data_folder, demo_card):
    store = data_folder.create(demo_card)
    slug, path = store.path.stem, store.path
    write(store, put=[new_entry("e-een")])
    store.close()
    bad = damage(path, "afgebroken")
    damage(data_folder.backup_path(slug), "kapotte-verwijzing")

    with pytest.raises(StoreError):
        DataFolder(data_folder.root).restore_backup(slug)
    assert path.read_bytes() == bad


def test_two_restores_keep_both_damaged_files(data_folder, demo_card, monkeypatch):
    import kaart_tui.store.folder as folder_module

    class FrozenClock(folder_module.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2024, 3, 1, 10, 0, 0)

    monkeypatch.setattr(folder_module, "datetime", FrozenClock)
    store = data_folder.create(demo_card)
    slug, path = store.path.stem, store.path
    write(store, put=[new_entry("e-een")])
    store.close()
    first_bad = damage(path, "afgebroken")
    data_folder.restore_backup(slug)
    second_bad = damage(path, "leeg")
    data_folder.restore_backup(slug)
    kept = sorted(p.read_bytes() for p in data_folder.backups_dir.glob("*beschadigd*"))
    assert kept == sorted([first_bad, second_bad])


# -- failed writes --------------------------------------------------------------------------
def disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def compound_change(card: Card) -> dict:
    """A theme with two entries moved into it and a vote removed: one apply."""
    theme = Theme("t-nieuw", Step.WAARDEN, "Elkaar kennen", "b1")
    moved = [dataclasses.replace(e, theme=theme.id)
             for e in card.entries.values() if e.step is Step.WAARDEN][:2]
    return {"put": [theme, *moved, new_entry("e-los")],
            "remove": [next(iter(card.votes.values()))]}


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_full_disk_changes_nothing_and_the_next_save_works(store, data_folder, demo_card,
                                                            monkeypatch, failing):
    slug, path = store.path.stem, store.path
    write(store, put=[new_entry("e-voor")])
    before_bytes = path.read_bytes()
    before = card_to_data(store.load())

    with monkeypatch.context() as patch:
        if failing == "fsync":
            patch.setattr(atomic.os, "fsync", disk_full)
        else:
            real_replace = os.replace

            def replace(src, dst, *args, **kwargs):
                if Path(dst) == path:  # the swap of the session file itself
                    disk_full()
                return real_replace(src, dst, *args, **kwargs)

            patch.setattr(atomic.os, "replace", replace)
        with pytest.raises(StoreWriteError) as caught:
            write(store, **compound_change(store.load()))

    message = str(caught.value)
    assert "schijf is vol" in message and str(path) in message
    assert path.read_bytes() == before_bytes
    assert leftovers(data_folder) == []
    assert card_to_data(store.load()) == before
    assert card_to_data(beside(data_folder, slug)) == before

    # The facilitator frees some space and saves again: this and the retried change land.
    write(store, put=[new_entry("e-na")])
    change = compound_change(store.load())
    write(store, **change)
    after = store.load()
    assert "e-na" in after.entries and "e-los" in after.entries and "t-nieuw" in after.themes
    assert change["remove"][0].id not in after.votes
    assert card_to_data(beside(data_folder, slug)) == card_to_data(after)
    assert list(after.entries)[-2:] == ["e-na", "e-los"]


def test_a_vanished_folder_is_a_write_error_and_nothing_is_lost(store, data_folder):
    slug = store.path.stem
    write(store, put=[new_entry("e-voor")])
    before = card_to_data(store.load())
    before_bytes = store.path.read_bytes()
    moved = data_folder.root / "sessions-weg"
    data_folder.sessions_dir.rename(moved)  # a USB stick pulled, a sync client moving it

    with pytest.raises(StoreWriteError) as caught:
        write(store, put=[new_entry("e-tijdens")])
    assert type(caught.value) is StoreWriteError
    assert "map bestaat niet" in str(caught.value) and str(store.path) in str(caught.value)
    assert card_to_data(store.load()) == before
    assert (moved / store.path.name).read_bytes() == before_bytes
    assert not list(moved.rglob("*.tmp"))

    moved.rename(data_folder.sessions_dir)  # the stick is back
    write(store, put=[new_entry("e-erna")])
    card = beside(data_folder, slug)
    assert "e-erna" in card.entries and "e-tijdens" not in card.entries
    assert card_to_data(card) == card_to_data(store.load())


# -- migration ------------------------------------------------------------------------------
def install_v0(data_folder: DataFolder, slug: str = "assendorp-oud") -> Path:
    path = data_folder.session_path(slug)
    shutil.copyfile(V0_FIXTURE, path)
    return path


def check_v0_card(card: Card) -> None:
    steps = {e.id: e.step for e in card.entries.values()}
    assert steps == {"e1": Step.WAARDEN, "e2": Step.RELATIES, "e3": Step.HANDELEN,
                     "e4": Step.VOORWAARDEN, "e5": Step.ACTIES}
    assert card.themes["t-vertrouwen"].step is Step.WAARDEN
    assert card.themes["t-samen"].step is Step.ACTIES
    assert card.status("p1", "b1") is AttendanceStatus.AANWEZIG
    assert card.status("p2", "b1") is AttendanceStatus.AFWEZIG
    assert card.status("p2", "b2") is AttendanceStatus.AANWEZIG
    assert card.status("p1", "b2") is AttendanceStatus.ONBEKEND
    assert list(card.votes) == ["v1", "v2"] and card.votes["v2"].entry == "e2"
    assert card.session.title == "Wijkteam Assendorp (oud)"
    assert card.scores[("p3", "b1")].score == 7


def test_a_schema_0_file_is_migrated_and_the_original_kept(data_folder):
    path = install_v0(data_folder)
    original = path.read_bytes()

    store = data_folder.open("assendorp-oud")
    try:
        check_v0_card(store.load())
    finally:
        store.close()

    tables = raw_tables(path)
    assert docs(tables, "meta") == [{"schema_version": CURRENT}]
    assert all("stap" not in d and "step" in d for d in docs(tables, "entries"))
    assert all("aanwezig" not in d for d in docs(tables, "attendance"))
    kept = data_folder.backups_dir / "assendorp-oud.voor-migratie.json"
    assert kept.read_bytes() == original

    reopened = DataFolder(data_folder.root).open("assendorp-oud")
    try:
        check_v0_card(reopened.load())
        write(reopened, put=[Entry("e6", Step.WAARDEN, "na de omzetting", "b2")])
    finally:
        reopened.close()
    assert kept.read_bytes() == original  # a later save does not overwrite it
    assert "e6" in beside(data_folder, "assendorp-oud").entries


def test_a_read_only_open_of_a_schema_0_file_changes_nothing(data_folder):
    path = install_v0(data_folder)
    original = path.read_bytes()
    store = data_folder.open("assendorp-oud", read_only=True)
    try:
        check_v0_card(store.load())
    finally:
        store.close()
    assert path.read_bytes() == original
    assert not (data_folder.backups_dir / "assendorp-oud.voor-migratie.json").exists()


def test_a_full_disk_during_migration_is_a_clear_refusal(data_folder, monkeypatch):
    path = install_v0(data_folder)
    original = path.read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr(Path, "write_bytes", disk_full)
        patch.setattr(atomic.os, "fsync", disk_full)
        with pytest.raises(StoreError) as caught:
            data_folder.open("assendorp-oud")
    assert "schijf is vol" in str(caught.value)
    assert path.read_bytes() == original


# -- the data folder ------------------------------------------------------------------------
def test_from_settings_argument_beats_environment_beats_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KAART_DATA_DIR", raising=False)
    assert DataFolder.from_settings().root == tmp_path

    monkeypatch.setenv("KAART_DATA_DIR", str(tmp_path / "uit-env"))
    assert DataFolder.from_settings().root == tmp_path / "uit-env"

    assert DataFolder.from_settings(tmp_path / "argument").root == tmp_path / "argument"
    assert DataFolder.from_settings(str(tmp_path / "tekst")).root == tmp_path / "tekst"


def test_ensure_creates_sessions_and_exports(tmp_path):
    folder = DataFolder(tmp_path / "nieuw" / "kaart")
    assert folder.ensure() is folder
    assert (tmp_path / "nieuw" / "kaart" / "sessions").is_dir()
    assert (tmp_path / "nieuw" / "kaart" / "exports").is_dir()
    folder.ensure()  # a second time is fine


@pytest.mark.parametrize("title, slug", [
    ("Team Kamperpoort (2e)", "team-kamperpoort-2e"),
    ("Één café in Zwolle-Zuid!", "een-cafe-in-zwolle-zuid"),
    ("  Wijkteam   Diezerpoort  ", "wijkteam-diezerpoort"),
    ("", "sessie"),
    ("?!… —", "sessie"),
    ("日本語", "sessie"),
])
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_slugify_keeps_names_short():
    slug = slugify("Uitvoeringsteam " * 10)
    assert len(slug) <= 60 and not slug.endswith("-") and slug.startswith("uitvoeringsteam-")


def test_free_slug_counts_on(data_folder, demo_card):
    paths = []
    for _ in range(3):
        store = data_folder.create(demo_card)
        paths.append(store.path.name)
        store.close()
    assert paths == ["uitvoeringsteam-vlinderbuurt.json", "uitvoeringsteam-vlinderbuurt-2.json",
                     "uitvoeringsteam-vlinderbuurt-3.json"]



def test_create_never_overwrites_a_file_that_appears_in_between(data_folder, demo_card,
                                                                monkeypatch):
    """Issue 14: a free name found, then a file made under it by someone else, then ours
    moved over it. The name is claimed by a link that cannot overwrite."""
    import kaart_tui.store.tinydb_store as tinydb_store

    intruder = data_folder.session_path("uitvoeringsteam-vlinderbuurt")
    real = tinydb_store.create_new

    def someone_else_first(path, data):
        if path == intruder and not intruder.exists():
            intruder.write_bytes(b"van een ander programma")
        return real(path, data)

    monkeypatch.setattr(tinydb_store, "create_new", someone_else_first)
    store = data_folder.create(demo_card)
    store.close()
    assert intruder.read_bytes() == b"van een ander programma"
    assert store.name == "uitvoeringsteam-vlinderbuurt-2"


def test_write_new_numbers_on_and_never_overwrites(tmp_path):
    target = tmp_path / "verslag.docx"
    assert atomic.write_new(target, b"een") == target
    assert atomic.write_new(target, b"twee") == tmp_path / "verslag-2.docx"
    assert target.read_bytes() == b"een"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_read_only_session_file_is_refused_with_a_message(data_folder, demo_card):
    """Issue 20: a read-only file was replaced without a word by os.replace."""
    store = data_folder.create(demo_card)
    path, slug = store.path, store.name
    store.close()
    path.chmod(0o444)
    try:
        with pytest.raises(StoreError) as caught:
            DataFolder(data_folder.root).open(slug)
        assert "alleen-lezen" in str(caught.value) and str(path) in str(caught.value)
        reader = DataFolder(data_folder.root).open(slug, read_only=True)
        assert reader.load().entries  # reading, a verslag, a bundle: still fine
        reader.close()
    finally:
        path.chmod(0o644)


def test_a_file_made_read_only_while_open_is_not_replaced(store, data_folder):
    before = store.path.read_bytes()
    store.path.chmod(0o444)
    try:
        with pytest.raises(StoreWriteError, match="alleen-lezen"):
            write(store, put=[new_entry("e-niet-bewaard")])
        assert store.path.read_bytes() == before
    finally:
        store.path.chmod(0o644)
    write(store, put=[new_entry("e-wel-bewaard")])
    assert "e-wel-bewaard" in beside(data_folder, store.name).entries


def written_as_schema(data_folder: DataFolder, card: Card, version: int, older) -> tuple[str, Path]:
    """A session file of ``card`` as an older kaart wrote it: ``older`` takes out of its
    tables what schema ``version`` did not have yet."""
    store = data_folder.create(card)
    slug, path = store.name, store.path
    store.close()
    tables = raw_tables(path)
    tables["meta"] = {"1": {"schema_version": version}}
    older(tables)
    path.write_text(json.dumps(tables), encoding="utf-8")
    return slug, path


def schema_1(tables: dict) -> None:
    tables["settings"] = {"1": {"quorum": 0.6, "evaluations": ["b2"]}}
    for document in tables["bijeenkomsten"].values():
        for key in ("evaluation", "next_date", "next_location"):
            del document[key]
    for document in tables["actions"].values():
        del document["owner_text"]
        if document["note"] is None:
            del document["note"]
    for document in tables["participants"].values():
        del document["left_from"], document["removed_after"]
    del tables["notes"], tables["waiting"]


def test_a_schema_1_file_moves_evaluations_and_the_quorum_into_records(data_folder,
                                                                       demo_card):
    slug, _ = written_as_schema(data_folder, demo_card, 1, schema_1)
    card = beside(data_folder, slug)
    assert card.quorum == 0.6 and card.is_evaluation("b2") and not card.is_evaluation("b1")
    assert card_to_data(card)["participants"] == card_to_data(demo_card)["participants"]


def test_a_schema_2_file_gets_an_empty_queue_and_then_keeps_what_phones_sent(data_folder,
                                                                          demo_card):
    # Schema 2 kept the phones' queue in memory only.
    slug, path = written_as_schema(data_folder, demo_card, 2,
                                   lambda tables: tables.pop("waiting"))
    original = path.read_bytes()

    store = data_folder.open(slug)
    try:
        assert store.load().waiting == {}
        sent = WaitingEntry("e-telefoon", Step.RELATIES, "Wie belt wie?", "b2", "p11")
        write(store, put=[sent])
    finally:
        store.close()
    assert docs(raw_tables(path), "meta") == [{"schema_version": CURRENT}]
    assert (data_folder.backups_dir / f"{slug}.voor-migratie.json").read_bytes() == original
    assert beside(data_folder, slug).waiting == {"e-telefoon": sent}


def test_resolve_by_slug_file_name_and_title(data_folder, demo_card):
    data_folder.create(demo_card).close()
    other = Card(SessionInfo.create("Sociaal Wijkteam Holtenbroek", "Holtenbroek"))
    data_folder.create(other).close()

    assert data_folder.resolve("uitvoeringsteam-vlinderbuurt") == "uitvoeringsteam-vlinderbuurt"
    assert data_folder.resolve("uitvoeringsteam-vlinderbuurt.json") == \
        "uitvoeringsteam-vlinderbuurt"
    assert data_folder.resolve("sociaal wijkteam HOLTENBROEK") == "sociaal-wijkteam-holtenbroek"

    with pytest.raises(StoreError) as caught:
        data_folder.resolve("Kamperpoort")
    message = str(caught.value)
    assert "Kamperpoort" in message and "niet gevonden" in message
    assert "uitvoeringsteam-vlinderbuurt" in message and "sociaal-wijkteam-holtenbroek" in message
    assert str(data_folder.sessions_dir) in message


def test_resolve_in_an_empty_folder_says_there_are_no_sessions(data_folder):
    with pytest.raises(StoreError) as caught:
        data_folder.open("iets")
    assert "nog geen sessies" in str(caught.value)


def test_list_sessions_shows_a_damaged_file_instead_of_failing(data_folder, demo_card):
    data_folder.create(demo_card).close()
    damaged = data_folder.session_path("kapot")
    damaged.write_bytes(b'{"session": {"1": ')
    install_v0(data_folder)

    listings = {listing.slug: listing for listing in data_folder.list_sessions()}
    assert set(listings) == {"uitvoeringsteam-vlinderbuurt", "kapot", "assendorp-oud"}
    good = listings["uitvoeringsteam-vlinderbuurt"]
    assert good.problem is None and good.title == demo_card.session.title
    assert good.bijeenkomsten == len(demo_card.bijeenkomsten)
    assert listings["assendorp-oud"].problem is None  # old schema: listed, not migrated
    assert listings["kapot"].problem and str(damaged) in listings["kapot"].problem
    assert listings["kapot"].title is None
    assert damaged.read_bytes() == b'{"session": {"1": '
    assert data_folder.session_path("assendorp-oud").read_bytes() == V0_FIXTURE.read_bytes()


def test_a_file_with_a_table_kaart_never_wrote_is_damaged_and_left_untouched(tmp_path):
    """A flipped byte in "meta" made the file read as schema 0 (no meta table): it was
    migrated, so rewritten. Found by tests/test_fuzz_cli.py."""
    from kaart_tui.demo import demo_card
    from kaart_tui.store.base import SessionCorruptError

    folder = DataFolder(tmp_path / "data").ensure()
    store = folder.create(demo_card())
    path, slug = store.path, store.name
    store.close()
    damaged = path.read_bytes().replace(b'"meta"', b'" eta"', 1)
    assert damaged != path.read_bytes()
    path.write_bytes(damaged)
    with pytest.raises(SessionCorruptError) as refused:
        folder.open(slug)
    assert "onbekende tabel" in refused.value.message
    assert path.read_bytes() == damaged

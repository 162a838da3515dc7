"""Labels: the shared vocabulary a researcher uses to lay teams' cards side by side.

What must hold: one label per wording (however it is capitalised or accented), a rename
or merge shows in every session without rewriting any session file, suggestions are
offered for a close wording and never for an unrelated one, and the labels file beside
the sessions follows the store's crash-safe rules.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import filelock
import pytest
from analysis_fixtures import (
    AVG,
    BEWONERS,
    KENNEN,
    LIJNEN,
    LIJNTJES,
    PLAN,
    VEILIG,
    ZICHTBAAR,
    AnalysisFolder,
    label_spec,
    load_analysis_folder,
)

from kaart_tui import safe_files as atomic
from kaart_tui.domain import operations
from kaart_tui.domain.labels import (
    MAX_SUGGESTIONS,
    Label,
    Vocabulary,
    add_label,
    labels_on,
    merge_labels,
    rename_label,
    set_labels,
    suggest,
    target_key,
)
from kaart_tui.domain.model import Card, Labeling
from kaart_tui.errors import DomainError
from kaart_tui.store import DataFolder, SessionLockedError, StoreError, StoreWriteError
from kaart_tui.workshop import Workshop

KAMPERPOORT, BINNENSTAD, ASSENDORP = 0, 1, 2


def fixture_vocabulary() -> Vocabulary:
    return Vocabulary(tuple(Label(i["id"], i["name"]) for i in label_spec()["labels"]))


@pytest.fixture
def teams(tmp_path: Path) -> AnalysisFolder:
    return load_analysis_folder(tmp_path / "data")


def session_card(loaded: AnalysisFolder, team: int) -> Card:
    """What a new window finds on disk for one team."""
    with DataFolder(loaded.folder.root).open(loaded.slugs[team], read_only=True) as store:
        return store.load()


def session_bytes(loaded: AnalysisFolder) -> list[bytes]:
    return [loaded.folder.session_path(slug).read_bytes() for slug in loaded.slugs]


def names_on(card: Card, vocabulary: Vocabulary, kind: str, record_id: str) -> list[str]:
    return [label.name for label in labels_on(card, vocabulary, kind, record_id)]


# -- adding ---------------------------------------------------------------------------------
def test_add_label_gives_a_fresh_id_and_keeps_the_wording() -> None:
    vocabulary, label = add_label(fixture_vocabulary(), "  Rugdekking van de leiding ")
    assert label.name == "Rugdekking van de leiding"
    assert label.id not in {lab.id for lab in fixture_vocabulary().labels}
    assert vocabulary.labels[-1] == label
    assert vocabulary.get(label.id) == label
    _, other = add_label(vocabulary, "Uitje")
    assert other.id != label.id


@pytest.mark.parametrize("wording", [
    "veiligheid en vertrouwen",
    "Veiligheid en Vertrouwen",
    "VEILIGHEID EN VERTROUWEN",
    "veiligheid en vertrouwén",
    "véiligheid   en vertrouwen",
])
def test_add_refuses_a_name_that_exists_case_and_accent_insensitively(wording: str) -> None:
    with pytest.raises(DomainError, match="bestaat al"):
        add_label(fixture_vocabulary(), wording)


def test_add_refuses_an_accented_duplicate_of_an_accented_label() -> None:
    vocabulary, _ = add_label(Vocabulary(), "Eén integraal plan")
    with pytest.raises(DomainError, match="bestaat al"):
        add_label(vocabulary, "een Integraal Plan")


def test_add_refuses_an_empty_name() -> None:
    with pytest.raises(DomainError, match="leeg"):
        add_label(Vocabulary(), "   ")


# -- renaming -------------------------------------------------------------------------------
def test_a_rename_shows_in_two_sessions_without_rewriting_them(teams: AnalysisFolder) -> None:
    before = session_bytes(teams)
    teams.folder.labels.update(
        lambda v: rename_label(v, LIJNEN, "Korte lijnen, snel schakelen"))
    vocabulary = DataFolder(teams.folder.root).labels.load()

    binnenstad, assendorp = session_card(teams, BINNENSTAD), session_card(teams, ASSENDORP)
    # Binnenstad's "We stemmen af ..." and Assendorp's "We spreken elkaar aan ..." (relaties).
    assert names_on(binnenstad, vocabulary, "theme", "b-r2") == ["Korte lijnen, snel schakelen"]
    assert names_on(assendorp, vocabulary, "theme", "a-r2") == ["Korte lijnen, snel schakelen"]
    assert vocabulary.by_name("korte lijnen") is None
    assert session_bytes(teams) == before


def test_rename_to_an_existing_name_is_refused_with_advice_to_merge() -> None:
    with pytest.raises(DomainError, match="samen"):
        rename_label(fixture_vocabulary(), LIJNEN, "Elkaar Leren Kennen")


def test_rename_to_its_own_name_in_other_capitals_is_allowed() -> None:
    vocabulary = rename_label(fixture_vocabulary(), AVG, "avg en informatie delen")
    assert vocabulary.get(AVG).name == "avg en informatie delen"
    assert len(vocabulary.labels) == len(fixture_vocabulary().labels)


def test_rename_of_an_unknown_label_is_refused() -> None:
    with pytest.raises(DomainError, match="bestaat niet"):
        rename_label(fixture_vocabulary(), "l-weg", "Iets")


# -- merging --------------------------------------------------------------------------------
def test_a_merge_resolves_to_the_target_in_two_sessions(teams: AnalysisFolder) -> None:
    before = session_bytes(teams)
    teams.folder.labels.update(lambda v: merge_labels(v, ZICHTBAAR, BEWONERS))
    vocabulary = DataFolder(teams.folder.root).labels.load()

    assert vocabulary.resolve(ZICHTBAAR) == BEWONERS
    assert vocabulary.get(ZICHTBAAR).name == "bewoners betrekken"
    assert ZICHTBAAR not in {label.id for label in vocabulary.labels}
    assert vocabulary.by_name("vindbaar en zichtbaar") is None

    kamperpoort, assendorp = session_card(teams, KAMPERPOORT), session_card(teams, ASSENDORP)
    # Both sessions still store the old id: the vocabulary resolves it.
    assert kamperpoort.labelings["theme:k-r3"].labels == (ZICHTBAAR,)
    assert names_on(kamperpoort, vocabulary, "theme", "k-r3") == ["bewoners betrekken"]
    assert names_on(assendorp, vocabulary, "theme", "a-r3") == ["bewoners betrekken"]
    # A theme that carried both labels now carries the one label once.
    assert names_on(kamperpoort, vocabulary, "theme", "k-a2") == ["bewoners betrekken"]
    assert session_bytes(teams) == before


def test_merging_a_label_into_itself_is_refused() -> None:
    with pytest.raises(DomainError, match="ander label"):
        merge_labels(fixture_vocabulary(), VEILIG, VEILIG)
    merged = merge_labels(fixture_vocabulary(), ZICHTBAAR, BEWONERS)
    # The merged id now stands for the target: merging it into the target again is the same.
    with pytest.raises(DomainError, match="ander label"):
        merge_labels(merged, ZICHTBAAR, BEWONERS)


def test_merging_with_an_unknown_label_is_refused() -> None:
    with pytest.raises(DomainError, match="bestaat niet"):
        merge_labels(fixture_vocabulary(), "l-weg", VEILIG)
    with pytest.raises(DomainError, match="bestaat niet"):
        merge_labels(fixture_vocabulary(), VEILIG, "l-weg")


def test_a_chain_of_merges_resolves_to_the_last_target(teams: AnalysisFolder) -> None:
    teams.folder.labels.update(lambda v: merge_labels(v, LIJNTJES, LIJNEN))
    teams.folder.labels.update(lambda v: merge_labels(v, LIJNEN, KENNEN))
    vocabulary = DataFolder(teams.folder.root).labels.load()  # aliases survive the file

    assert vocabulary.resolve(LIJNTJES) == KENNEN
    assert vocabulary.resolve(LIJNEN) == KENNEN
    assert [lab.id for lab in vocabulary.labels if lab.id in (LIJNTJES, LIJNEN, KENNEN)] == [KENNEN]
    kamperpoort = session_card(teams, KAMPERPOORT)
    # "Bevlogen en out of the box werken" carried buiten de lijntjes.
    assert names_on(kamperpoort, vocabulary, "theme", "k-h1") == ["elkaar leren kennen"]
    # A renamed end of the chain shows through the whole chain.
    vocabulary = teams.folder.labels.update(
        lambda v: rename_label(v, KENNEN, "Elkaars expertise kennen"))
    assert names_on(kamperpoort, vocabulary, "theme", "k-h1") == ["Elkaars expertise kennen"]
    assert names_on(kamperpoort, vocabulary, "theme", "k-h4") == ["Elkaars expertise kennen"]


# -- suggestions ----------------------------------------------------------------------------
@pytest.mark.parametrize(("wording", "expected"), [
    ("Er heerst vertrouwen en veiligheid in het team", VEILIG),
    ("veiligheid & vertrouwen", VEILIG),
    ("Veiligheid en vertrouwn", VEILIG),  # a typo
    ("Elkaar beter leren kennen", KENNEN),
    ("Soms buiten de lijntjes kleuren", LIJNTJES),
    ("Integrale aanpak", PLAN),
])
def test_a_close_wording_is_suggested_first(wording: str, expected: str) -> None:
    suggested = suggest(fixture_vocabulary(), wording)
    assert suggested and suggested[0].id == expected


@pytest.mark.parametrize("wording", [
    "We plannen een teamuitje in december",
    "Koffie en koek bij de start",
    "De parkeerplaats is te klein",
    "...",
])
def test_an_unrelated_wording_gets_no_suggestion(wording: str) -> None:
    assert suggest(fixture_vocabulary(), wording) == []


def test_never_more_than_three_suggestions() -> None:
    wording = ("korte lijnen, integraal plan, elkaar leren kennen, vindbaar en zichtbaar, "
               "veiligheid en vertrouwen")
    suggested = suggest(fixture_vocabulary(), wording)
    assert MAX_SUGGESTIONS == 3
    assert len(suggested) == 3
    assert {lab.id for lab in suggested} <= {LIJNEN, PLAN, KENNEN, ZICHTBAAR, VEILIG}


def test_excluded_labels_are_not_suggested() -> None:
    wording = "Veiligheid en vertrouwen in een integraal plan"
    assert {lab.id for lab in suggest(fixture_vocabulary(), wording)} >= {VEILIG, PLAN}
    suggested = suggest(fixture_vocabulary(), wording, exclude=(VEILIG,))
    assert [lab.id for lab in suggested] == [PLAN]


def test_a_merged_label_is_never_suggested() -> None:
    vocabulary = merge_labels(fixture_vocabulary(), ZICHTBAAR, BEWONERS)
    assert ZICHTBAAR not in {lab.id for lab in suggest(vocabulary, "Vindbaar en zichtbaar")}


# -- labels on a card -----------------------------------------------------------------------
def test_set_labels_stores_them_once_each_in_the_session_file(teams: AnalysisFolder) -> None:
    workshop = Workshop(teams.folder.open(teams.slugs[BINNENSTAD]))
    try:
        # "Good practices uit de regio ophalen" (handelen) has no label yet.
        change = set_labels(workshop.card, "theme", "b-h4", (KENNEN, PLAN, KENNEN))
        workshop.apply(change)
        entry_change = set_labels(workshop.card, "entry", "b-h4-e1", (LIJNTJES,))
        workshop.apply(entry_change)
    finally:
        workshop.close()
    card = session_card(teams, BINNENSTAD)
    assert card.labelings[target_key("theme", "b-h4")] == Labeling("theme:b-h4", (KENNEN, PLAN))
    assert card.labelings["entry:b-h4-e1"].labels == (LIJNTJES,)
    # Labels on a theme's entry show on the entry only, not as the theme's own labels.
    assert names_on(card, fixture_vocabulary(), "theme", "b-h4") == [
        "elkaar leren kennen", "integraal plan"]


def test_set_labels_with_none_removes_the_labeling(teams: AnalysisFolder) -> None:
    workshop = Workshop(teams.folder.open(teams.slugs[KAMPERPOORT]))
    try:
        workshop.apply(set_labels(workshop.card, "theme", "k-w1", ()))
        assert "theme:k-w1" not in workshop.card.labelings
        # Nothing to remove: a change that does nothing.
        empty = set_labels(workshop.card, "theme", "k-w1", ())
        assert empty.put == () and empty.remove == ()
        # Undo brings the label back, on disk as well.
        workshop.undo()
    finally:
        workshop.close()
    assert session_card(teams, KAMPERPOORT).labelings["theme:k-w1"].labels == (VEILIG,)


def test_set_labels_on_an_unknown_theme_or_entry_is_refused(teams: AnalysisFolder) -> None:
    card = session_card(teams, KAMPERPOORT)
    with pytest.raises(DomainError, match="bestaat niet"):
        set_labels(card, "theme", "k-w9", (VEILIG,))
    with pytest.raises(DomainError, match="bestaat niet"):
        set_labels(card, "entry", "k-w1", (VEILIG,))  # a theme id is not an entry


@pytest.mark.parametrize("edit", ["ungroup_theme", "delete_entry", "merge_themes"])
def test_removing_a_labelled_theme_or_entry_keeps_the_session_openable(
        teams: AnalysisFolder, edit: str) -> None:
    workshop = Workshop(teams.folder.open(teams.slugs[BINNENSTAD]))
    try:
        card = workshop.card
        if edit == "ungroup_theme":  # "Balans tussen fysieke en sociale vragen", labelled
            workshop.apply(operations.ungroup_theme(card, "b-w2"))
        elif edit == "delete_entry":  # the entry that carries "veiligheid en vertrouwen"
            workshop.apply(operations.delete_entry(card, "b-w1-e1"))
        else:  # "Een integraal plan dat preventief werkt" into the first theme
            workshop.apply(operations.merge_themes(card, "b-w4", "b-w1"))
    finally:
        workshop.close()
    card = session_card(teams, BINNENSTAD)  # raises SessionCorruptError today
    assert all(labeling.target.partition(":")[2] in (card.themes | card.entries)
               for labeling in card.labelings.values())


# -- the labels file ------------------------------------------------------------------------
def temp_files(folder: DataFolder) -> list[str]:
    return sorted(p.name for p in folder.root.rglob("*") if p.name.endswith((".tmp", ".new")))


def test_no_labels_file_is_an_empty_vocabulary(data_folder: DataFolder) -> None:
    assert data_folder.labels.load() == Vocabulary()
    assert not data_folder.labels.path.exists()


def test_update_writes_the_vocabulary_and_leaves_no_temp_files(data_folder: DataFolder) -> None:
    labels = data_folder.labels
    vocabulary = labels.update(lambda v: add_label(v, "Veiligheid en vertrouwén")[0])
    vocabulary = labels.update(lambda v: add_label(v, "Integraal plan")[0])
    first, second = vocabulary.labels
    labels.update(lambda v: merge_labels(v, second.id, first.id))

    assert labels.path == data_folder.root / "labels.json"  # beside sessions/
    data = json.loads(labels.path.read_text(encoding="utf-8"))
    assert data == {"format": "kaart-labels", "version": 1,
                    "labels": [{"id": first.id, "name": "Veiligheid en vertrouwén"}],
                    "aliases": {second.id: first.id}}
    assert "vertrouwén" in labels.path.read_text(encoding="utf-8")  # readable, not \u00e9
    assert DataFolder(data_folder.root).labels.load() == Vocabulary((first,),
                                                                    {second.id: first.id})
    assert temp_files(data_folder) == []


def test_the_previous_version_is_kept_as_backup(data_folder: DataFolder) -> None:
    labels = data_folder.labels
    labels.update(lambda v: add_label(v, "Korte lijnen")[0])
    first_version = labels.path.read_bytes()
    labels.update(lambda v: add_label(v, "Bewoners betrekken")[0])

    backup = data_folder.sessions_dir / ".backup" / "labels.json"
    assert labels.backup == backup
    assert backup.read_bytes() == first_version
    assert labels.path.read_bytes() != first_version


def disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_failed_write_changes_nothing_and_says_why(data_folder: DataFolder,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    labels = data_folder.labels
    labels.update(lambda v: add_label(v, "Korte lijnen")[0])
    before = labels.path.read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr(atomic.os, "fsync", disk_full)
        with pytest.raises(StoreWriteError) as caught:
            labels.update(lambda v: add_label(v, "Bewoners betrekken")[0])
    assert "De labels konden niet worden opgeslagen: de schijf is vol" in str(caught.value)
    assert labels.path.read_bytes() == before
    assert temp_files(data_folder) == []
    # The lock was released: the next save works.
    assert [lab.name for lab in labels.update(lambda v: add_label(v, "Uitje")[0]).labels] == [
        "Korte lijnen", "Uitje"]


@pytest.mark.parametrize("damage", [
    b'{"format": "kaart-labels", "version": 1, "labels": [{"id": "l-1", "na',  # cut off
    b'{"format": "kaart-labels", "version": 1, "labels": [{"id": "l-1"}]}',  # no name
    b'{"format": "iets anders", "version": 1, "labels": []}',
    b'{"format": "kaart-labels", "version": 2, "labels": []}',
    b'["niet", "goed"]',
    b"\xff\xfe\x00 geen utf-8",
    b"",
])
def test_a_damaged_labels_file_is_refused_and_left_untouched(data_folder: DataFolder,
                                                             damage: bytes) -> None:
    labels = data_folder.labels
    labels.update(lambda v: add_label(v, "Korte lijnen")[0])
    labels.update(lambda v: add_label(v, "Bewoners betrekken")[0])
    backup_before = labels.backup.read_bytes()
    labels.path.write_bytes(damage)

    with pytest.raises(StoreError) as caught:
        labels.load()
    message = str(caught.value)
    assert f"Het labelbestand {labels.path} is niet te lezen" in message
    assert "niet aangeraakt" in message and str(labels.backup) in message

    called = []
    with pytest.raises(StoreError):
        labels.update(lambda v: called.append(v) or v)
    assert called == []
    assert labels.path.read_bytes() == damage
    assert labels.backup.read_bytes() == backup_before
    assert temp_files(data_folder) == []


def test_a_second_update_under_the_lock_is_refused(data_folder: DataFolder) -> None:
    labels = data_folder.labels
    labels.update(lambda v: add_label(v, "Korte lijnen")[0])
    before = labels.path.read_bytes()

    other_window = filelock.FileLock(labels.lock_path, timeout=0, thread_local=False)
    other_window.acquire()
    try:
        called = []
        with pytest.raises(SessionLockedError) as caught:
            labels.update(lambda v: called.append(v) or add_label(v, "Uitje")[0])
        assert "labelbestand" in str(caught.value) and "ander venster" in str(caught.value)
        assert str(labels.path) in str(caught.value)
        assert called == []
        assert labels.path.read_bytes() == before
    finally:
        other_window.release()
    assert [lab.name for lab in labels.update(lambda v: add_label(v, "Uitje")[0]).labels] == [
        "Korte lijnen", "Uitje"]

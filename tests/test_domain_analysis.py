"""Cards side by side: the analysis researchers of seeds 000 and 001 did by hand.

The three uitvoeringsteams of seed 000 (tests/fixtures/analysis, placement documented in
tests/analysis_fixtures.py) are analysed and every table is checked cell by cell.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from analysis_fixtures import (
    ANALYSIS_FIXTURES,
    AVG,
    BALANS,
    BEWONERS,
    TEAM_FILES,
    TEAM_NAMES,
    VEILIG,
    ZICHTBAAR,
    AnalysisFolder,
    load_analysis_folder,
    load_teams,
)

from kaart_tui.domain.analysis import Analysis, Presence, Team, analyse, presence_text
from kaart_tui.domain.labels import add_label, merge_labels, rename_label
from kaart_tui.domain.steps import FILL_ORDER, Step

T, P, A = Presence.TOP, Presence.PRESENT, Presence.ABSENT
K, B, AP = TEAM_NAMES
W, R, H, C, ACT = Step.WAARDEN, Step.RELATIES, Step.HANDELEN, Step.VOORWAARDEN, Step.ACTIES

# Per step: (label, cells for Kamperpoort, Binnenstad-Marslanden, Assendorp-Pierik), in the
# order a researcher reads them: most teams first, then most teams with it in the top, then
# by name.
EXPECTED_ROWS: dict[Step, list[tuple[str, tuple[Presence, ...]]]] = {
    W: [("veiligheid en vertrouwen", (T, T, T)),
        ("integraal plan", (T, P, T)),
        ("fysiek en sociaal in balans", (P, T, A)),
        ("bewoners betrekken", (A, A, T)),
        ("elkaar leren kennen", (A, T, A)),
        ("rollen en taken helder", (T, A, A)),
        ("AVG en informatie delen", (P, A, A)),
        ("korte lijnen", (A, A, P))],
    R: [("vindbaar en zichtbaar", (T, T, T)),
        ("elkaar leren kennen", (T, P, T)),
        ("korte lijnen", (A, T, T)),
        ("veiligheid en vertrouwen", (T, A, P)),
        ("bewoners betrekken", (A, T, A)),
        ("rollen en taken helder", (P, A, A))],
    H: [("elkaar leren kennen", (T, T, T)),
        ("buiten de lijntjes", (T, A, P)),
        ("korte lijnen", (P, A, T)),
        ("rollen en taken helder", (A, T, A))],
    C: [("elkaar leren kennen", (T, T, T)),
        ("integraal plan", (T, T, T)),
        ("bewoners betrekken", (A, P, T)),
        ("buiten de lijntjes", (T, A, A)),
        ("rollen en taken helder", (A, T, A))],
    ACT: [("elkaar leren kennen", (T, T, T)),
          ("rollen en taken helder", (T, T, T)),
          ("bewoners betrekken", (T, T, P)),
          ("integraal plan", (T, P, T)),
          ("korte lijnen", (P, T, T)),
          ("vindbaar en zichtbaar", (T, A, T))],
}

# Per step, per team: the ids of the themes in its top, best first (3; 5 for the acties).
TOP_IDS = {step: tuple(tuple(f"{team}-{letter}{place}" for place in range(1, size + 1))
                       for team in "kba")
           for step, letter, size in ((W, "w", 3), (R, "r", 3), (H, "h", 3), (C, "c", 3),
                                      (ACT, "a", 5))}

# (label, steps, teams, in every team), in the order of the analysis.
EXPECTED_CROSS_CUTTING = [
    ("elkaar leren kennen", {W, R, H, C, ACT}, (K, B, AP), True),
    ("rollen en taken helder", {W, R, H, C, ACT}, (K, B, AP), True),
    ("bewoners betrekken", {W, R, C, ACT}, (K, B, AP), True),
    ("korte lijnen", {W, R, H, ACT}, (K, B, AP), True),
    ("integraal plan", {W, C, ACT}, (K, B, AP), True),
    ("veiligheid en vertrouwen", {W, R}, (K, B, AP), True),
    ("vindbaar en zichtbaar", {R, ACT}, (K, B, AP), True),
    ("buiten de lijntjes", {H, C}, (K, AP), False),
]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> AnalysisFolder:
    return load_analysis_folder(tmp_path_factory.mktemp("analyse") / "data")


@pytest.fixture(scope="module")
def teams(loaded: AnalysisFolder) -> list[Team]:
    return load_teams(loaded.folder, loaded.slugs)


@pytest.fixture(scope="module")
def analysis(loaded: AnalysisFolder, teams: list[Team]) -> Analysis:
    return analyse(teams, loaded.folder.labels.load())


def rows_of(analysis: Analysis, step: Step) -> list[tuple[str, tuple[Presence, ...]]]:
    return [(row.label.name, row.cells) for row in analysis.per_step[step]]


def theme_titles() -> dict[str, str]:
    titles = {}
    for file_name in TEAM_FILES:
        bundle = json.loads((ANALYSIS_FIXTURES / file_name).read_text(encoding="utf-8"))
        titles.update({theme["id"]: theme["title"] for theme in bundle["themes"]})
    return titles


# -- the tables per step --------------------------------------------------------------------
def test_the_columns_are_the_teams_in_the_given_order(analysis: Analysis) -> None:
    assert analysis.teams == TEAM_NAMES


@pytest.mark.parametrize("step", FILL_ORDER, ids=lambda s: s.value)
def test_label_table_per_step_cell_by_cell(analysis: Analysis, step: Step) -> None:
    assert rows_of(analysis, step) == EXPECTED_ROWS[step]


def test_row_counts_follow_the_cells(analysis: Analysis) -> None:
    relaties = {row.label.name: row for row in analysis.per_step[R]}
    assert (relaties["veiligheid en vertrouwen"].teams,
            relaties["veiligheid en vertrouwen"].teams_in_top) == (2, 1)
    assert (relaties["korte lijnen"].teams, relaties["korte lijnen"].teams_in_top) == (2, 2)


def test_presence_cells_read_as_in_the_verslag() -> None:
    assert [presence_text(cell, 3) for cell in (T, P, A)] == ["top 3", "genoemd", "—"]
    assert presence_text(T, 5) == "top 5"  # the actions' top has five places


def test_a_theme_counts_the_labels_of_its_entries(analysis: Analysis) -> None:
    # Binnenstad's first waarden theme has no label of its own; one of its entries carries
    # "veiligheid en vertrouwen", so the label is in Binnenstad's top 3.
    waarden = dict(rows_of(analysis, W))
    assert waarden["veiligheid en vertrouwen"][1] is T
    # Assendorp's "Ruimte om kwetsbaar te zijn" (relaties, 4th): mentioned, not in the top.
    assert dict(rows_of(analysis, R))["veiligheid en vertrouwen"][2] is P


def test_the_top_of_an_earlier_bijeenkomst_stands_when_a_step_was_not_voted_again(
        teams: list[Team], analysis: Analysis) -> None:
    # Waarden were voted on in bijeenkomst 1 only; the analysis reads the card as it stands
    # after bijeenkomst 2.
    for team in teams:
        assert team.card.latest_bijeenkomst().number == 2
        assert {t.bijeenkomst for t in team.card.themes_of(W)} == {"b1"}
    assert dict(rows_of(analysis, W))["veiligheid en vertrouwen"] == (T, T, T)


def test_swapping_the_teams_swaps_the_columns_not_the_rows(loaded: AnalysisFolder,
                                                           teams: list[Team]) -> None:
    swapped = analyse(list(reversed(teams)), loaded.folder.labels.load())
    assert swapped.teams == tuple(reversed(TEAM_NAMES))
    for step in FILL_ORDER:
        assert rows_of(swapped, step) == [(name, tuple(reversed(cells)))
                                          for name, cells in EXPECTED_ROWS[step]]


def test_an_unused_label_gets_no_row(loaded: AnalysisFolder, teams: list[Team]) -> None:
    vocabulary, unused = add_label(loaded.folder.labels.load(), "Rugdekking")
    result = analyse(teams, vocabulary)
    assert all(row.label != unused for step in FILL_ORDER for row in result.per_step[step])
    assert all(c.label != unused for c in result.cross_cutting)


# -- the tops side by side ------------------------------------------------------------------
@pytest.mark.parametrize("step", FILL_ORDER, ids=lambda s: s.value)
def test_tops_side_by_side_are_each_teams_top_titles(analysis: Analysis, step: Step) -> None:
    titles = theme_titles()
    expected = tuple(tuple(titles[theme_id] for theme_id in team) for team in TOP_IDS[step])
    assert tuple(tuple(title for _, title in top) for top in analysis.tops[step]) == expected
    # No ties in these fixtures: places 1, 2, 3 (... 5).
    assert all([place for place, _ in top] == [str(i) for i in range(1, len(top) + 1)]
               for top in analysis.tops[step])


def test_top_3_waarden_as_the_teams_chose_them(analysis: Analysis) -> None:
    assert tuple(tuple(title for _, title in top) for top in analysis.tops[W]) == (
        ("Er is veiligheid en vertrouwen", "Duidelijke doelen in een integraal plan",
         "Verwachtingen naar elkaar zijn helder"),
        ("Veilig en met vertrouwen samenwerken", "Balans tussen fysieke en sociale vragen",
         "We leren van elkaar door elkaar te zien en te kennen"),
        ("Eén integraal plan met doelen op korte en lange termijn",
         "Er is veiligheid en vertrouwen in het team", "De wijk denkt mee over de prioriteiten"),
    )
    assert [len(column) for column in analysis.tops[ACT]] == [5, 5, 5]


# -- cross-cutting labels -------------------------------------------------------------------
def test_cross_cutting_labels_with_steps_and_teams(analysis: Analysis) -> None:
    found = [(c.label.name, set(c.steps), c.teams, c.in_every_team)
             for c in analysis.cross_cutting]
    assert found == EXPECTED_CROSS_CUTTING
    for crossing in analysis.cross_cutting:
        assert len(crossing.steps) == len(set(crossing.steps))  # each step once


def test_where_veiligheid_en_vertrouwen_and_buiten_de_lijntjes_occur(analysis: Analysis
                                                                     ) -> None:
    where = {c.label.name: set(c.where) for c in analysis.cross_cutting}
    assert where["veiligheid en vertrouwen"] == {(K, W), (K, R), (B, W), (AP, W), (AP, R)}
    assert where["buiten de lijntjes"] == {(K, H), (K, C), (AP, H)}


def test_a_label_in_one_step_of_too_few_teams_is_not_cross_cutting(analysis: Analysis
                                                                   ) -> None:
    crossing_ids = {c.label.id for c in analysis.cross_cutting}
    # Mentioned by Kamperpoort only, in waarden only (a loose entry).
    assert dict(rows_of(analysis, W))["AVG en informatie delen"] == (P, A, A)
    assert AVG not in crossing_ids
    # Two teams, one step: recurring, but not cross-cutting.
    assert BALANS not in crossing_ids


def test_cross_cutting_steps_are_listed_in_card_order(loaded: AnalysisFolder,
                                                      teams: list[Team],
                                                      analysis: Analysis) -> None:
    swapped = analyse(list(reversed(teams)), loaded.folder.labels.load())
    for result in (analysis, swapped):
        for crossing in result.cross_cutting:
            assert list(crossing.steps) == [s for s in FILL_ORDER if s in crossing.steps]


# -- presence and scores over time ----------------------------------------------------------
def test_presence_per_team_per_bijeenkomst_and_score_averages(analysis: Analysis) -> None:
    presence = {p.team: p.bijeenkomsten for p in analysis.presence}
    assert list(presence) == list(TEAM_NAMES)
    assert presence[K] == ((1, "8 personen", 6.25), (2, "6 personen (2 afwezig)", 7.0))
    assert presence[B] == ((1, "6 personen (1 afwezig)", pytest.approx(35 / 6)),
                           (2, "7 personen", None))  # no score round in bijeenkomst 2
    # Assendorp-Pierik: the wijkagent has no record in bijeenkomst 2 and is not counted.
    assert presence[AP] == ((1, "6 personen (1 afwezig)", pytest.approx(40 / 6)),
                            (2, "5 personen (1 afwezig)", pytest.approx(7.4)))


# -- the vocabulary changes the analysis ----------------------------------------------------
def test_a_merge_combines_the_rows(tmp_path: Path) -> None:
    loaded = load_analysis_folder(tmp_path / "data")
    loaded.folder.labels.update(lambda v: merge_labels(v, ZICHTBAAR, BEWONERS))
    result = analyse(load_teams(loaded.folder, loaded.slugs), loaded.folder.labels.load())

    assert all(row.label.id != ZICHTBAAR for step in FILL_ORDER
               for row in result.per_step[step])
    # Relaties: vindbaar en zichtbaar (T, T, T) and bewoners betrekken (-, T, -) combine.
    assert rows_of(result, R) == [
        ("bewoners betrekken", (T, T, T)),
        ("elkaar leren kennen", (T, P, T)),
        ("korte lijnen", (A, T, T)),
        ("veiligheid en vertrouwen", (T, A, P)),
        ("rollen en taken helder", (P, A, A))]
    # Acties: Assendorp mentioned bewoners betrekken and had zichtbaar in its top: top wins.
    assert rows_of(result, ACT) == [
        ("bewoners betrekken", (T, T, T)),
        ("elkaar leren kennen", (T, T, T)),
        ("rollen en taken helder", (T, T, T)),
        ("integraal plan", (T, P, T)),
        ("korte lijnen", (P, T, T))]
    # Untouched steps stay as they were.
    assert rows_of(result, H) == EXPECTED_ROWS[H]
    crossing = {c.label.name: c for c in result.cross_cutting}
    assert "vindbaar en zichtbaar" not in crossing
    assert set(crossing["bewoners betrekken"].steps) == {W, R, C, ACT}
    assert set(crossing["bewoners betrekken"].where) == {
        (K, R), (K, ACT), (B, R), (B, C), (B, ACT), (AP, W), (AP, R), (AP, C), (AP, ACT)}


def test_a_rename_shows_in_the_analysis(tmp_path: Path) -> None:
    loaded = load_analysis_folder(tmp_path / "data")
    loaded.folder.labels.update(lambda v: rename_label(v, VEILIG, "Veilig en vertrouwd"))
    result = analyse(load_teams(loaded.folder, loaded.slugs), loaded.folder.labels.load())
    assert rows_of(result, W)[0] == ("Veilig en vertrouwd", (T, T, T))
    assert "Veilig en vertrouwd" in {c.label.name for c in result.cross_cutting}


def test_a_tie_in_a_teams_top_shows_as_a_shared_place() -> None:
    from datetime import date

    from kaart_tui.domain.labels import Vocabulary
    from kaart_tui.domain.model import Bijeenkomst, Card, SessionInfo, Vote
    from kaart_tui.domain.model import Theme as ThemeRecord
    from kaart_tui.template_files import load_template

    card = Card(SessionInfo.create("Team gelijk", "Team gelijk"))
    card.put(Bijeenkomst("b1", 1, date(2026, 1, 5)))
    for index, count in enumerate((5, 4, 3, 3), start=1):
        card.put(ThemeRecord(f"t{index}", Step.WAARDEN, f"Thema {index}", "b1"))
        card.put(Vote(f"v{index}", "b1", count, theme=f"t{index}"))
    other = Card(SessionInfo.create("Team ander", "Team ander"))
    template = load_template("partnerschapskaart")
    result = analyse([Team("gelijk", card, template), Team("ander", other, template)],
                     Vocabulary())
    assert result.tops[Step.WAARDEN][0] == (("1", "Thema 1"), ("2", "Thema 2"),
                                            ("3 (gedeeld)", "Thema 3"),
                                            ("3 (gedeeld)", "Thema 4"))


def test_two_sessions_of_one_team_both_get_their_title_as_heading() -> None:
    from kaart_tui.domain.model import Card, SessionInfo
    from kaart_tui.teams import _team_names

    cards = [Card(SessionInfo.create(title, "Team De Linde")) for title in ("Voorjaar", "Najaar")]
    cards.append(Card(SessionInfo.create("Start", "Team Noord")))
    assert _team_names(cards) == ["Team De Linde (Voorjaar)", "Team De Linde (Najaar)",
                                  "Team Noord"]

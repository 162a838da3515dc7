"""The sessions to lay side by side, as the analysis's teams (read-only: the app may have
them open). Shared by the analysis screen and the analysis export."""

from __future__ import annotations

from pathlib import Path

from kaart_tui.domain.analysis import Team
from kaart_tui.domain.labels import Vocabulary
from kaart_tui.errors import DomainError
from kaart_tui.store import DataFolder
from kaart_tui.template_files import load_with_override


def _team_names(cards: list) -> list[str]:
    """The team name as a column heading; two sessions of one team get their titles."""
    teams = [card.session.team for card in cards]
    # Counted in the teams as given, not in the list being rewritten: two sessions of one
    # team both get their title.
    names = [f"{card.session.team} ({card.session.title})" if teams.count(card.session.team) > 1
             else card.session.team for card in cards]
    return names  # any name still shared is numbered by analysis.distinct_names


def load_teams(folder: DataFolder, names: list[str]) -> tuple[list[Team], Vocabulary]:
    """The sessions (read-only: the app may have them open) and the folder's labels."""
    slugs = [folder.resolve(name) for name in names]
    for slug in slugs:
        if slugs.count(slug) > 1:
            raise DomainError(f"Sessie '{slug}' staat meer dan eens in de lijst; kies "
                              "verschillende sessies.")
    if len(slugs) < 2:
        raise DomainError("Een analyse legt kaarten naast elkaar: kies minstens twee "
                          "sessies.")
    cards = []
    for slug in slugs:
        with folder.open(slug, read_only=True) as store:
            cards.append(store.load())
    teams = []
    for name, card in zip(_team_names(cards), cards):
        template, _ = load_with_override(card.session.template, folder.templates_dir)
        teams.append(Team(name, card, template))
    return teams, folder.labels.load()


def write_team_analysis(folder: DataFolder, names: list[str], output: Path | None = None,
                        into_folder: bool = False) -> tuple[Path, Path]:
    """The sessions read (read-only) and their analysis written (.docx and .csv)."""
    # Imported here: python-docx costs ~90 ms, which every start of the app would pay.
    from kaart_tui.export.analysis import write_analysis
    from kaart_tui.export.verslag import ExportError

    try:
        teams, vocabulary = load_teams(folder, list(names))
    except DomainError as error:  # a choice of sessions the analysis cannot use
        raise ExportError(error.message) from None
    return write_analysis(teams, vocabulary, folder.exports_dir, output, into_folder)

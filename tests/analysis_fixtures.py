"""The three teams of seed 000 in one data folder, labelled: the cross-team analysis fixtures.

``tests/fixtures/analysis/`` holds one kaart-bundle v1 per uitvoeringsteam (Kamperpoort,
Binnenstad-Marslanden, Assendorp-Pierik; top 3 per step after chapter 3 of seed 000, top 5
for the acties, dates and organisations after its Bijlage 1) and ``labels.json``:

    {"labels": [{"id": "l-veilig", "name": "veiligheid en vertrouwen"}, ...],
     "assignments": {"kamperpoort.json": {"theme:k-w1": ["l-veilig"],
                                          "entry:k-w-los1": ["l-avg"], ...}, ...}}

Bundle v1 carries no labels: the vocabulary goes to the folder's labels file
(``DataFolder.labels.update``) and the assignments into each session file as Labeling
records, exactly as the app keeps them.

Theme ids read ``<team><step><place>``: team k/b/a, step w(aarden) r(elaties) h(andelen)
c (voorwaarden, "condities") a(cties), place = the theme's place in that step's ranking
(1 has the most votes). Waarden and relaties were voted on in bijeenkomst 1, the other
steps in bijeenkomst 2.

Label placement (T = in the team's top, P = mentioned only, - = absent; columns K, B, A):

    step         label                          K  B  A
    waarden      veiligheid en vertrouwen       T  T  T   (B: through an entry's label)
                 integraal plan                 T  P  T
                 fysiek en sociaal in balans    P  T  -
                 bewoners betrekken             -  -  T
                 elkaar leren kennen            -  T  -
                 rollen en taken helder         T  -  -
                 AVG en informatie delen        P  -  -   (a loose entry, 1 vote)
                 korte lijnen                   -  -  P
    relaties     vindbaar en zichtbaar          T  T  T
                 elkaar leren kennen            T  P  T
                 korte lijnen                   -  T  T
                 veiligheid en vertrouwen       T  -  P   (A: through an entry's label)
                 bewoners betrekken             -  T  -
                 rollen en taken helder         P  -  -
    handelen     elkaar leren kennen            T  T  T
                 buiten de lijntjes             T  -  P
                 korte lijnen                   P  -  T
                 rollen en taken helder         -  T  -
    voorwaarden  elkaar leren kennen            T  T  T
                 integraal plan                 T  T  T
                 bewoners betrekken             -  P  T
                 buiten de lijntjes             T  -  -
                 rollen en taken helder         -  T  -
    acties       elkaar leren kennen            T  T  T
                 rollen en taken helder         T  T  T
                 bewoners betrekken             T  T  P
                 integraal plan                 T  P  T
                 korte lijnen                   P  T  T
                 vindbaar en zichtbaar          T  -  T

Not cross-cutting: "fysiek en sociaal in balans" (two teams, one step) and "AVG en
informatie delen" (one team, one step). Every other label is cross-cutting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kaart_tui.bundle import read_bundle
from kaart_tui.domain.analysis import Team
from kaart_tui.domain.labels import Label, Vocabulary
from kaart_tui.domain.model import Labeling
from kaart_tui.store import DataFolder
from kaart_tui.template_files import load_template
from tests.records import write

ANALYSIS_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "analysis"
TEAM_FILES = ("kamperpoort.json", "binnenstad-marslanden.json", "assendorp-pierik.json")
TEAM_NAMES = ("Uitvoeringsteam Kamperpoort", "Uitvoeringsteam Binnenstad-Marslanden",
              "Uitvoeringsteam Assendorp-Pierik")

# Label ids as labels.json gives them.
VEILIG, PLAN, KENNEN, LIJNTJES = "l-veilig", "l-plan", "l-kennen", "l-lijntjes"
ZICHTBAAR, LIJNEN, ROLLEN, BEWONERS = "l-zichtbaar", "l-lijnen", "l-rollen", "l-bewoners"
BALANS, AVG = "l-balans", "l-avg"


def label_spec() -> dict:
    return json.loads((ANALYSIS_FIXTURES / "labels.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class AnalysisFolder:
    folder: DataFolder
    slugs: tuple[str, ...]  # in TEAM_FILES order
    vocabulary: Vocabulary


def load_analysis_folder(root: Path) -> AnalysisFolder:
    """A data folder at ``root`` with the three sessions and the labels of the fixtures."""
    folder = DataFolder(root).ensure()
    spec = label_spec()
    labels = tuple(Label(item["id"], item["name"]) for item in spec["labels"])
    vocabulary = folder.labels.update(lambda _: Vocabulary(labels))
    slugs = []
    for file_name in TEAM_FILES:
        card = read_bundle(ANALYSIS_FIXTURES / file_name)
        with folder.create(card) as store:
            write(store, put=[Labeling(target, tuple(ids))
                              for target, ids in spec["assignments"][file_name].items()])
            slugs.append(store.name)
    return AnalysisFolder(folder, tuple(slugs), vocabulary)


def load_teams(folder: DataFolder, slugs: tuple[str, ...]) -> list[Team]:
    """The sessions as analysis columns (read-only, as an analysis opens them)."""
    teams = []
    for slug in slugs:
        with folder.open(slug, read_only=True) as store:
            card = store.load()
        teams.append(Team(card.session.team, card, load_template(card.session.template)))
    return teams

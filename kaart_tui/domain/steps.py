"""The five steps of the card.

The step keys and numbers are fixed by the method; the texts shown for them (names,
questions) come from the card templates, so an Evaluatiekaart can reword them.
"""

from enum import Enum


class Step(str, Enum):
    WAARDEN = "waarden"
    RELATIES = "relaties"
    HANDELEN = "handelen"
    VOORWAARDEN = "voorwaarden"
    ACTIES = "acties"

    @property
    def number(self) -> int:
        return FILL_ORDER.index(self) + 1

    @classmethod
    def from_number(cls, number: int) -> "Step":
        return FILL_ORDER[number - 1]


# Filled from step 1 (waarden) on the right of the paper card ...
FILL_ORDER: tuple[Step, ...] = (
    Step.WAARDEN,
    Step.RELATIES,
    Step.HANDELEN,
    Step.VOORWAARDEN,
    Step.ACTIES,
)
# ... and read left to right, as the columns stand on paper.
PAPER_ORDER: tuple[Step, ...] = tuple(reversed(FILL_ORDER))

# A top has at most five places: the 2023 teams chose a top 5 for the actions (seed 000).
MAX_TOP_N = 5

"""SVG snapshots of the voting screen in each mode, and of the card after a round (issue 14
"Snapshots", issue 17).

Made with the versions in constraints.txt; after a deliberate change to the screen, re-record
with `python -m pytest tests/test_snapshots_voting_modes.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from tests.test_snapshots_voting import TALLY, tally_app

# V, 1: a tally; a count per row, typed on its own row (digits on one row make one number).
TALLY_KEYS = ["V", "1"] + [key for count in TALLY for key in (count, "down")]
# V, 2, Enter, Enter: dots, 3 per participant, no maximum; the first present voter is chosen.
DOTS_KEYS = ["V", "2", "enter", "enter"]
# V, 3, Enter, Enter: a secret round; p, a name, Enter: that participant takes the laptop.
SECRET_KEYS = ["V", "3", "enter", "enter", "p", *"bram", "enter"]


class TestVotingScreen:
    @pytest.mark.parametrize("size", [(80, 24), (120, 30)], ids=["80x24", "120x30"])
    def test_tally(self, snap_compare, tmp_path, size):
        # At 80x24 the counts and bars stay visible, the titles are shortened.
        assert snap_compare(tally_app(tmp_path), press=TALLY_KEYS, terminal_size=size)

    def test_dots_with_a_voter_chosen(self, snap_compare, tmp_path):
        # Anna has set two dots on the first theme and one on the second: 0 left.
        keys = [*DOTS_KEYS, "space", "space", "down", "space"]
        assert snap_compare(tally_app(tmp_path), press=keys, terminal_size=(120, 30))

    def test_secret_round_shows_only_the_voters_own_dots(self, snap_compare, tmp_path):
        # Bram votes twice: his own two dots show, no totals, no bars, nobody else's dots.
        keys = [*SECRET_KEYS, "down", "space", "down", "space"]
        assert snap_compare(tally_app(tmp_path), press=keys, terminal_size=(120, 30))


def everyone_voted() -> list[str]:
    """A secret round in which each of the four takes the laptop, sets a dot, hands on."""
    keys = ["V", "3", "enter", "enter"]
    for name, downs in [("anna", 0), ("bram", 1), ("cor", 2), ("dewi", 0)]:
        keys += ["p", *name, "enter", *["down"] * downs, "space", "enter"]
    return keys


class TestSecretRoundDone:
    def test_everyone_has_voted(self, snap_compare, tmp_path):
        # "Iedereen heeft gestemd: R toont de uitslag", still no totals on screen.
        assert snap_compare(tally_app(tmp_path), press=everyone_voted(),
                            terminal_size=(120, 30))

    def test_the_result_stays_hidden_until_revealed(self, snap_compare, tmp_path):
        assert snap_compare(tally_app(tmp_path), press=[*everyone_voted(), "r"],
                            terminal_size=(120, 30))


class TestCardAfterARound:
    def test_places_and_votes_on_the_column(self, snap_compare, tmp_path):
        # After the tally, Esc back to the card: "① (7)" etc. before the titles.
        keys = [*TALLY_KEYS, "escape"]
        assert snap_compare(tally_app(tmp_path), press=keys, terminal_size=(160, 40))

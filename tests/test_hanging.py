"""The card's list items: text wraps under itself, next to its marker, within the width."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich._wrap import divide_line
from rich.console import Console
from rich.text import Text
from textual.style import Style
from textual.visual import RenderOptions

from kaart_tui.widgets.hanging import HangingPrompt, line_count

CONSOLE = Console(width=80)
OPTIONS = RenderOptions(get_style=Style.parse, rules={})


def lines(prompt: HangingPrompt, width: int, style: Style = Style()) -> list[str]:
    visual = prompt.visualize()
    strips = visual.render_strips(width, None, style, OPTIONS)
    assert len(strips) == visual.get_height({}, width)
    return [strip.text for strip in strips]


def test_a_long_entry_wraps_under_its_own_text_not_under_the_marker() -> None:
    prompt = HangingPrompt(Text("· "), Text("we na een jaar weten hoe de ander werkt en waarom"),
                           CONSOLE)
    drawn = lines(prompt, 20)
    assert drawn[0].startswith("· we na een")
    assert len(drawn) > 2
    for line in drawn[1:]:
        assert line.startswith("  ") and not line.startswith("   ")
    assert all(len(line) <= 20 for line in drawn)
    assert " ".join(line[2:].strip() for line in drawn) == prompt.text.plain


def test_the_space_a_line_breaks_at_is_not_drawn() -> None:
    drawn = lines(HangingPrompt(Text("▾ "), Text("Aanwezig zijn in de wijk"), CONSOLE), 14)
    assert all(line == line.rstrip() for line in drawn)


def test_the_highlight_lies_under_the_whole_item_and_the_text_keeps_its_own_style() -> None:
    prompt = HangingPrompt(Text("· ", style="dim"), Text("vieren", style="bold"), CONSOLE)
    highlight = Style.parse("on red")
    strips = prompt.visualize().render_strips(30, None, highlight, OPTIONS)
    segments = [s for s in strips[0] if s.text]
    assert all(s.style.bgcolor.triplet == (255, 0, 0) for s in segments)
    assert [s.style.bold for s in segments if s.text == "vieren"] == [True]


def test_a_theme_in_a_narrow_column_is_one_line_cut_with_an_ellipsis() -> None:
    title = Text("Samen eigenaar van de wijkopgave", style="bold", no_wrap=True,
                 overflow="ellipsis")
    drawn = lines(HangingPrompt(Text("▸ "), title, CONSOLE), 12)
    assert drawn == ["▸ Samen eig…"]


# Measuring counts lines without building them (hanging.py): the count must be the number
# of lines drawn, for every text, width and overflow the card uses.
@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "bb", "woord", "langerewoordzonderspatie", " ", "  ",
                                 "\n", "\t", "😀", "界", "é"]), max_size=30).map("".join),
       st.integers(1, 40), st.sampled_from([None, "fold", "crop", "ellipsis", "ignore"]),
       st.booleans(), st.sampled_from(["· ", "▾ ", "", "10 "]))
def test_the_measured_height_is_the_drawn_height(text, width, overflow, no_wrap, marker):
    visual = HangingPrompt(Text(marker), Text(text, overflow=overflow, no_wrap=no_wrap),
                           CONSOLE).visualize()
    height = visual.get_height({}, width)
    assert height == len(visual.render_strips(width, None, Style(), OPTIONS))


# The count for printable ASCII is made without rich's per-word cell measure: it must be
# rich's own, for every paragraph and width (leading spaces, runs of spaces, words longer
# than the column, folded or cropped).
@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["a", "bb", "woord", "langerewoordzonderspatie", " ", "   ",
                                 ",", "-", "é"]), max_size=40).map("".join),
       st.integers(1, 40), st.booleans())
def test_the_line_count_is_richs(text, room, fold):
    assert line_count(text, room, fold) == len(divide_line(text, room, fold=fold)) + 1

"""A list item that wraps under its own text (hanging indent) and measures itself once.

OptionList measures the height of every option whenever its options are set. Rich's
tables (the obvious way to get a hanging indent) are slow to measure, and a column of
the card can hold hundreds of entries. This Visual wraps the text itself and keeps the
result per width, so an option that did not change costs nothing to measure again.
Measuring only counts the lines (rich's own line breaking on the plain text); the styled
lines are built when the item is drawn, so a column of 400 entries with 20 on screen
builds 20 (at start-up of 2,000 entries, building them all was a third of the first
frame).
"""

from __future__ import annotations

import os
import re

from rich._wrap import divide_line
from rich.console import Console
from rich.segment import Segment
from rich.text import Text
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

# benchmarks/run.py counts how many items are wrapped again at another width once the
# first frame is drawn (a scrollbar that appears late narrows a list and re-wraps it all):
# only when KAART_COUNT_REWRAPS names a file, which gets the count each time it changes, so
# it is there however the app ends.
_REWRAPS_FILE = os.environ.get("KAART_COUNT_REWRAPS")
_rewraps = {"drawn": False, "count": 0}


# rich's word: the text up to the end of the next run of spaces (rich._wrap.re_word).
_WORD = re.compile(r"\s*\S+\s*")


def line_count(line: str, room: int, fold: bool = True) -> int:
    """How many lines rich breaks one paragraph into: len(divide_line(...)) + 1.

    Printable ASCII (one cell per character, as nearly every entry is) is counted here
    with len() instead of rich's cell measure of every word twice: at start-up of the
    2,000-entry session divide_line was a sixth of the first frame. Any other text goes
    to divide_line itself. tests/test_hanging.py holds both side by side."""
    if not (line.isascii() and line.isprintable()):
        return len(divide_line(line, room, fold=fold)) + 1
    breaks = offset = 0
    for match in _WORD.finditer(line):
        start, word = match.start(), match.group()
        length = len(word.rstrip())
        if room - offset >= length:
            offset += len(word)
        elif length > room:
            if fold:  # chop_cells: pieces of `room` characters, a break before each
                pieces = -(-len(word) // room)
                breaks += pieces if start else pieces - 1
                offset = len(word) - (pieces - 1) * room
            else:
                breaks += bool(start)
                offset = len(word)
        elif offset and start:
            breaks += 1
            offset = len(word)
    return breaks + 1


def _write_rewraps() -> None:
    with open(_REWRAPS_FILE, "w", encoding="utf-8") as file:
        file.write(str(_rewraps["count"]))


def _note_first_frame() -> None:
    _rewraps["drawn"] = True
    _write_rewraps()


def _note_rewrap() -> None:
    if _rewraps["drawn"]:
        _rewraps["count"] += 1
        _write_rewraps()


class HangingPrompt:
    """``marker`` in a gutter; ``text`` wraps under itself, not under the marker."""

    def __init__(self, marker: Text, text: Text, console: Console) -> None:
        self.marker = marker
        self.text = text
        self.console = console

    def visualize(self) -> Visual:  # Textual's protocol for objects that render themselves
        return _HangingVisual(self.marker, self.text, self.console)

    @property
    def plain(self) -> str:
        return self.marker.plain + self.text.plain


class _HangingVisual(Visual):
    def __init__(self, marker: Text, text: Text, console: Console) -> None:
        self._marker = marker
        self._text = text
        self._console = console
        # Per width: the wrapped lines (measuring needs only their count) and, once the
        # item is actually drawn, its strips on a given base style.
        self._lines: dict[int, list[Text]] = {}
        self._counts: dict[int, int] = {}  # per width: how many lines (get_height)
        self._strips: dict[tuple[int, Style], list[Strip]] = {}

    def _wrap(self, width: int) -> list[Text]:
        lines = self._lines.get(width)
        if lines is None:
            if _REWRAPS_FILE and self._lines and width not in self._counts:
                _note_rewrap()
            gutter = self._marker.cell_len
            wrapped = self._text.wrap(self._console, max(1, width - gutter),
                                      overflow=self._text.overflow or "fold",
                                      no_wrap=bool(self._text.no_wrap))
            indent = Text(" " * gutter)
            lines = []
            for index, line in enumerate(wrapped):
                line.rstrip()  # the space a line was broken at is not drawn
                lines.append(Text.assemble(self._marker if index == 0 else indent, line,
                                           end=""))
            self._lines[width] = lines
        return lines

    def _count(self, width: int) -> int:
        """len(self._wrap(width)), without building the lines: Text.wrap makes one line
        per paragraph of the plain text, and divides each at divide_line's offsets (one
        more line than offsets); justifying and truncating keep the count."""
        count = self._counts.get(width)
        if count is None:
            text = self._text
            plain = text.plain
            if "\t" in plain:  # rich expands tabs before breaking: let it
                count = len(self._wrap(width))
            elif text.no_wrap or text.overflow == "ignore":
                count = plain.count("\n") + 1
            else:
                if _REWRAPS_FILE and self._counts:
                    _note_rewrap()
                room = max(1, width - self._marker.cell_len)
                fold = (text.overflow or "fold") == "fold"
                count = sum(line_count(line, room, fold) for line in plain.split("\n"))
            self._counts[width] = count
        return count

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._count(width)

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        # The lines are wrapped already: they go straight to segments on the base style,
        # instead of through Content, which would wrap them a second time.
        strips = self._strips.get((width, style))
        if strips is None:
            if _REWRAPS_FILE and not _rewraps["drawn"]:
                _note_first_frame()
            base = style.rich_style
            strips = [Strip(list(Segment.apply_style(line.render(self._console), base)),
                            line.cell_len)
                      for line in self._wrap(width)]
            self._strips[(width, style)] = strips
        return strips if height is None else strips[:height]

"""A list item that wraps under its own text (hanging indent) and measures itself once.

OptionList measures the height of every option whenever its options are set. Rich's
tables (the obvious way to get a hanging indent) are slow to measure, and a column of
the card can hold hundreds of entries. This Visual wraps the text itself and keeps the
result per width, so an option that did not change costs nothing to measure again.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


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
        # Per width: the wrapped text (measuring needs only its line count) and, once
        # the item is actually drawn, its Content.
        self._wrapped: dict[int, Text] = {}
        self._heights: dict[int, int] = {}
        self._contents: dict[int, Content] = {}

    def _wrap(self, width: int) -> Text:
        wrapped = self._wrapped.get(width)
        if wrapped is None:
            gutter = self._marker.cell_len
            lines = self._text.wrap(self._console, max(1, width - gutter),
                                    overflow=self._text.overflow or "fold",
                                    no_wrap=bool(self._text.no_wrap))
            wrapped = Text()
            for index, line in enumerate(lines):
                if index:
                    wrapped.append("\n")
                wrapped.append_text(self._marker if index == 0 else Text(" " * gutter))
                wrapped.append_text(line)
            self._wrapped[width] = wrapped
            self._heights[width] = len(lines)
        return wrapped

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        if width not in self._heights:
            self._wrap(width)
        return self._heights[width]

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        content = self._contents.get(width)
        if content is None:
            content = Content.from_rich_text(self._wrap(width), console=self._console)
            self._contents[width] = content
        return content.render_strips(width, height, style, options)

"""A text that changes often and seldom changes height.

Static.update lays out the whole screen, because a new text may need another height. On
the card that is about 60 ms: every column, header and footer drawn again, for a count
in the header after each entry or a "3 van 9 gestemd" in the room panel after each
phone. A SteadyText lays out only when its text needs a different number of lines, and
does nothing at all when the text is the same.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class SteadyText(Static):
    _shown: tuple[str, int | None] | None = None

    def put(self, text: Text) -> None:
        if self._shown is not None and self._shown[0] == text.markup:
            return  # most redraws: the same text, not even wrapped again
        width = self.content_region.width
        lines = len(text.wrap(self.app.console, width)) if width else None
        same_height = lines is not None and self._shown is not None \
            and self._shown[1] == lines
        self._shown = (text.markup, lines)
        self.update(text, layout=not same_height)

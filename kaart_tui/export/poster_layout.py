"""Fitting the card on one sheet: wrapping, one type size for all five columns, leaving out.

Text is wrapped here rather than by fpdf2's ``multi_cell``: that one measures a paragraph
in about 2 ms, and choosing a size tries several sizes for every paragraph (2,000 entries
would take seconds). Widths come from the same font tables fpdf2 draws with (no text
shaping, so a line is the sum of its characters' advances) and scale with the size, so
each word is measured once and every candidate size is plain arithmetic; the lines drawn
are exactly the lines measured.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Callable, Sequence

from kaart_tui.export.poster_content import DROP_ORDER, Column, Kind, Paragraph

PT_TO_MM = 25.4 / 72
LINE_HEIGHT = 1.22          # line pitch as a multiple of the type size
SMALLEST_PT = 7.0           # nothing printed smaller: readable at arm's length on A3
LARGEST_BODY_PT = 16.0
BODY_STEP_PT = 0.25
PLACEHOLDER = "\u25a1"      # □ for a character the font does not have (most emoji)
# Drawn by nothing on their own: joiners, variation selectors, skin tones, tag characters.
_SILENT = {0x200D, 0xFE0E, 0xFE0F, 0x20E3, *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)}


@dataclass(frozen=True, slots=True)
class Style:
    scale: float        # of the body size
    bold: bool
    indent: str = ""    # a hanging mark before the first line ("–", "•"); "mark" = place
    space_before: float = 0.0   # in lines of this style
    space_after: float = 0.15


STYLES: dict[Kind, Style] = {
    Kind.LABEL: Style(0.85, True, space_before=0.7, space_after=0.1),
    Kind.TOP: Style(1.15, True, indent="mark", space_before=0.2, space_after=0.1),
    Kind.THEME: Style(1.0, True, space_before=0.35, space_after=0.05),
    Kind.ENTRY: Style(0.85, False, indent="–"),
    Kind.ACTION: Style(0.9, False, indent="•"),
    Kind.EMPTY: Style(0.85, False),
}
SMALLEST_SCALE = min(style.scale for style in STYLES.values())
SMALLEST_BODY_PT = SMALLEST_PT / SMALLEST_SCALE


class Metrics:
    """Character widths (in thousandths of the type size) of the regular and bold faces;
    a character the bold face lacks is drawn (and so measured) in the regular one."""

    def __init__(self, regular: dict[int, int], bold: dict[int, int],
                 regular_widths: Callable[[int], int], bold_widths: Callable[[int], int]
                 ) -> None:
        self.has = regular
        self.has_bold = bold
        self._regular = regular_widths
        self._bold = bold_widths
        self._cache: dict[tuple[str, bool], float] = {}

    def printable(self, text: str) -> str:
        """The text as the font can print it: composed accents (NFC), and a □ for what it
        has no glyph for (an emoji sequence becomes one □, never a crash or a gap)."""
        out: list[str] = []
        for char in unicodedata.normalize("NFC", text):
            code = ord(char)
            if code in _SILENT:  # before the font: DejaVu has a (blank) joiner
                continue
            if char in "\n " or code in self.has:
                out.append(char)
            elif not out or out[-1] != PLACEHOLDER:
                out.append(PLACEHOLDER)
        return "".join(out)

    def width(self, text: str, bold: bool) -> float:
        """Width at 1 pt, in mm."""
        key = (text, bold)
        cached = self._cache.get(key)
        if cached is None:
            total = 0
            for char in text:
                code = ord(char)
                total += self._bold(code) if bold and code in self.has_bold \
                    else self._regular(code)
            cached = self._cache[key] = total * 0.001 * PT_TO_MM
        return cached


@dataclass
class Prepared:
    """A paragraph measured once: its words (per hard line) with their widths at 1 pt."""

    paragraph: Paragraph
    style: Style
    mark: str
    mark_width: float
    lines: list[list[tuple[str, float]]]
    space: float
    metrics: Metrics

    def wrap(self, body_pt: float, width_mm: float) -> list[str]:
        size = body_pt * self.style.scale
        room = width_mm / size - self.mark_width  # in mm per pt
        wrapped: list[str] = []
        for words in self.lines:
            current: list[str] = []
            used = 0.0
            for word, word_width in words:
                if word_width > room:  # a word longer than the column: broken, never cut
                    if current:
                        wrapped.append(" ".join(current))
                        current, used = [], 0.0
                    for piece, piece_width in self._pieces(word, room):
                        if current:
                            wrapped.append(current[0])
                        current, used = [piece], piece_width
                    continue
                extra = word_width + (self.space if current else 0.0)
                if current and used + extra > room:
                    wrapped.append(" ".join(current))
                    current, used = [word], word_width
                else:
                    current.append(word)
                    used += extra
            wrapped.append(" ".join(current))
        return wrapped

    def _pieces(self, word: str, room: float) -> list[tuple[str, float]]:
        pieces: list[tuple[str, float]] = []
        start, used = 0, 0.0
        for index, char in enumerate(word):
            char_width = self.metrics.width(char, self.style.bold)
            if used + char_width > room and index > start:
                pieces.append((word[start:index], used))
                start, used = index, 0.0
            used += char_width
        pieces.append((word[start:], used))
        return pieces


def prepare(paragraph: Paragraph, metrics: Metrics, style: Style | None = None) -> Prepared:
    """Measure a paragraph once; ``style`` overrides its kind's (headings, the header)."""
    style = style or STYLES[paragraph.kind]
    text = metrics.printable(paragraph.text)
    mark = paragraph.mark if style.indent == "mark" else style.indent
    mark = f"{mark} " if mark else ""
    # The hanging indent is as wide as the widest mark, so the texts of a top line up.
    mark_width = metrics.width("5. " if style.indent == "mark" else mark, style.bold)
    lines = [[(word, metrics.width(word, style.bold)) for word in line.split()]
             for line in text.split("\n")]
    lines = [line for line in lines if line] or [[("", 0.0)]]
    return Prepared(paragraph, style, mark, mark_width, lines,
                    metrics.width(" ", style.bold), metrics)


def prepare_text(text: str, bold: bool, metrics: Metrics) -> Prepared:
    """A heading or header text, wrapped at the size it is given (``wrap(size, width)``)."""
    return prepare(Paragraph(Kind.EMPTY, text), metrics, Style(1.0, bold))


def line_mm(body_pt: float, style: Style) -> float:
    return body_pt * style.scale * PT_TO_MM * LINE_HEIGHT


def height(prepared: Prepared, body_pt: float, width_mm: float, first: bool) -> float:
    line = line_mm(body_pt, prepared.style)
    before = 0.0 if first else prepared.style.space_before * line
    rows = len(prepared.wrap(body_pt, width_mm))
    return before + rows * line + prepared.style.space_after * line


def column_height(items: Sequence[Prepared], body_pt: float, width_mm: float) -> float:
    return sum(height(p, body_pt, width_mm, i == 0) for i, p in enumerate(items))


@dataclass
class Fitted:
    """The outcome: the body size and, per column, the paragraphs that are printed."""

    body_pt: float
    columns: list[list[Prepared]]
    left_out: dict[Kind, int]
    # Per column, how many entries, themes, actions were left out (for its own note).
    column_left_out: list[int]
    shortened: int = 0

    @property
    def left_out_total(self) -> int:
        return sum(self.left_out.values())


def body_sizes() -> list[float]:
    sizes, size = [], LARGEST_BODY_PT
    while size >= SMALLEST_BODY_PT - 1e-9:
        sizes.append(round(size, 2))
        size -= BODY_STEP_PT
    if sizes[-1] > SMALLEST_BODY_PT:
        sizes.append(SMALLEST_BODY_PT)
    return sizes


def prepare_columns(columns: Sequence[Column], metrics: Metrics) -> list[list[Prepared]]:
    return [[prepare(p, metrics) for p in column.paragraphs] for column in columns]


def fit(prepared: Sequence[list[Prepared]], metrics: Metrics, widths: Sequence[float],
        room_mm: float) -> Fitted:
    """The largest body size at which every column (of ``widths[i]`` mm) fits ``room_mm``;
    at the smallest size, what does not fit is left out: entries, then themes, actions."""

    def fits(size: float) -> bool:
        return all(column_height(items, size, width) <= room_mm
                   for items, width in zip(prepared, widths))

    sizes = body_sizes()  # largest first; a smaller size never needs more lines
    low, high = 0, len(sizes) - 1
    if fits(sizes[high]):
        while low < high:
            middle = (low + high) // 2
            if fits(sizes[middle]):
                high = middle
            else:
                low = middle + 1
        return Fitted(sizes[low], list(prepared), {}, [0] * len(prepared))
    size = sizes[-1]
    left_out: dict[Kind, int] = {}
    per_column: list[int] = []
    shortened = 0
    kept_columns = []
    for items, width in zip(prepared, widths):
        kept, dropped, cut = _leave_out(items, size, width, room_mm, metrics)
        for kind, count in dropped.items():
            left_out[kind] = left_out.get(kind, 0) + count
        per_column.append(sum(dropped.values()))
        shortened += cut
        kept_columns.append(kept)
    return Fitted(size, kept_columns, left_out, per_column, shortened)


def note_paragraph(count: int) -> Paragraph:
    what = "onderdeel" if count == 1 else "onderdelen"
    return Paragraph(Kind.EMPTY, f"… en nog {count} {what}: zie het verslag.")


def _leave_out(items: list[Prepared], size: float, width_mm: float, room_mm: float,
               metrics: Metrics) -> tuple[list[Prepared], dict[Kind, int], int]:
    heights = [height(p, size, width_mm, i == 0) for i, p in enumerate(items)]
    if sum(heights) <= room_mm:
        return items, {}, 0
    # Room for the column's own note ("… en nog 40 onderdelen").
    room = room_mm - height(prepare(note_paragraph(9999), metrics), size, width_mm, False)
    total = sum(heights)
    dropped = [False] * len(items)
    counts: dict[Kind, int] = {}
    for kind in DROP_ORDER:
        for index in range(len(items) - 1, -1, -1):
            if total <= room:
                break
            if items[index].paragraph.kind is kind and not dropped[index]:
                dropped[index] = True
                total -= heights[index]
                counts[kind] = counts.get(kind, 0) + 1
        if total <= room:
            break
    kept = _without_empty_labels([p for p, gone in zip(items, dropped) if not gone], items,
                                 dropped)
    cut = 0
    limit = 600
    while column_height(kept, size, width_mm) > room and limit >= 40:
        kept, changed = _shorten(kept, limit, metrics)
        cut = max(cut, changed)
        limit //= 2
    while column_height(kept, size, width_mm) > room and len(kept) > 1:
        # A tie can put every theme in the top: the last places go, counted as themes.
        gone = kept.pop()
        if gone.paragraph.kind is not Kind.LABEL:
            counts[Kind.THEME] = counts.get(Kind.THEME, 0) + 1
    return kept, counts, cut


def _without_empty_labels(kept: list[Prepared], items: list[Prepared],
                          dropped: list[bool]) -> list[Prepared]:
    """A label ("Andere thema's") whose paragraphs were all left out goes too."""
    emptied = set()
    groups: dict[int, list[bool]] = {}
    for item, gone in zip(items, dropped):
        if item.paragraph.kind is not Kind.LABEL:
            groups.setdefault(item.paragraph.group, []).append(gone)
    for group, gone in groups.items():
        if gone and all(gone):
            emptied.add(group)
    return [p for p in kept
            if not (p.paragraph.kind is Kind.LABEL and p.paragraph.group in emptied)]


def _shorten(items: list[Prepared], limit: int, metrics: Metrics
             ) -> tuple[list[Prepared], int]:
    """The last resort, for a top of very long texts: each cut to ``limit`` characters."""
    out, changed = [], 0
    for item in items:
        text = item.paragraph.text
        if len(text) > limit:
            short = Paragraph(item.paragraph.kind, text[:limit].rstrip() + " …",
                              item.paragraph.mark, item.paragraph.group)
            out.append(prepare(short, metrics))
            changed += 1
        else:
            out.append(item)
    return out, changed

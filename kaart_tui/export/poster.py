"""The card on the wall: the filled card as a one-page PDF poster (A3, or A4), landscape.

Five columns in the paper order (5 Acties ... 1 Waarden, left to right), each with the
step's name and core question from the template, its top, its other themes with their
entries, and for step 5 the actions. One type size for the whole card, the largest that
fits; never below 7 pt; what does not fit even then is left out (entries first) and the
page says so. fpdf2 writes the PDF with a DejaVu font shipped in the package, so names
such as "Chantal Koç" print the same on any laptop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from fpdf import FPDF

from kaart_tui.domain.model import Card
from kaart_tui.domain.steps import Step
from kaart_tui.domain.templates import CardTemplate
from kaart_tui.errors import KaartError
from kaart_tui.export.choose import choose_bijeenkomst as choose
from kaart_tui.export.poster_content import Kind, PosterContent, poster_content
from kaart_tui.export.poster_layout import (
    PT_TO_MM,
    Fitted,
    Metrics,
    Prepared,
    Style,
    line_mm,
    note_paragraph,
    prepare,
    prepare_columns,
    prepare_text,
)
from kaart_tui.export.poster_widths import NARROWEST, arrange
from kaart_tui.safe_files import describe_os_error, write_new
from kaart_tui.template_files import load_with_override

PAPER = {"A3": (420.0, 297.0), "A4": (297.0, 210.0)}
FAMILY = "dejavu"
FONT_FILES = {"": "DejaVuSansCondensed.ttf", "B": "DejaVuSansCondensed-Bold.ttf"}
# Per step: the band behind the heading and the darker colour of its marks and labels.
COLOURS = {
    Step.ACTIES: ((250, 215, 180), (170, 80, 10)),
    Step.VOORWAARDEN: ((250, 236, 170), (140, 105, 0)),
    Step.HANDELEN: ((200, 232, 195), (40, 115, 45)),
    Step.RELATIES: ((196, 222, 245), (25, 90, 150)),
    Step.WAARDEN: ((225, 208, 240), (105, 55, 145)),
}
TEXT = (25, 25, 25)
MUTED = (90, 90, 90)
GAP_MM = 5.0
PAD_MM = 3.0


class PosterError(KaartError):
    """The poster could not be made or written; the session is never changed."""


@dataclass(frozen=True)
class Sheet:
    width: float
    height: float
    scale: float    # of the header and heading sizes, against A3

    @property
    def margin(self) -> float:
        return 12.0 * self.scale


def _number(count: int) -> str:
    return f"{count:,}".replace(",", ".")


def left_out_note(fitted: Fitted) -> str | None:
    """"Niet alles past op één vel: 1.234 bijdragen staan in het verslag." or None."""
    words = {Kind.ENTRY: ("bijdrage", "bijdragen"), Kind.THEME: ("thema", "thema's"),
             Kind.ACTION: ("actie", "acties")}
    parts = [f"{_number(fitted.left_out[kind])} "
             f"{one if fitted.left_out[kind] == 1 else many}"
             for kind, (one, many) in words.items() if fitted.left_out.get(kind)]
    if not parts and not fitted.shortened:
        return None
    note = "Niet alles past op één vel: "
    if parts:
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
        verb = "staat" if len(parts) == 1 and listed.startswith("1 ") else "staan"
        note += f"{listed} {verb} alleen in het verslag."
    if fitted.shortened:
        note += (" " if parts else "") + "Zeer lange teksten in de top zijn ingekort."
    return note


class _Poster:
    def __init__(self, content: PosterContent, paper: str) -> None:
        width, height = PAPER[paper]
        self.sheet = Sheet(width, height, width / PAPER["A3"][0])
        self.content = content
        self.pdf = FPDF(orientation="L", unit="mm", format=paper)
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margin(0)
        folder = resources.files("kaart_tui") / "fonts"
        for style, name in FONT_FILES.items():
            with resources.as_file(folder / name) as path:
                self.pdf.add_font(FAMILY, style, str(path))
        regular, bold = self.pdf.fonts[FAMILY], self.pdf.fonts[FAMILY + "B"]
        self.metrics = Metrics(regular.cmap, bold.cmap, regular.cw.__getitem__,
                               bold.cw.__getitem__)

    # -- text primitives -------------------------------------------------------------------
    def _run(self, x: float, baseline: float, text: str, size: float, bold: bool) -> float:
        """Draw one line at ``x``; characters the bold face lacks (symbols, emoji) in the
        regular face. Returns the width drawn."""
        has_bold = self.metrics.has_bold
        start = 0
        drawn = 0.0
        while start < len(text):
            in_bold = bold and ord(text[start]) in has_bold
            end = start + 1
            while end < len(text) and (bold and ord(text[end]) in has_bold) == in_bold:
                end += 1
            piece = text[start:end]
            self.pdf.set_font(FAMILY, "B" if in_bold else "", size)
            if piece.strip():
                self.pdf.text(x + drawn, baseline, piece)
            drawn += self.metrics.width(piece, in_bold) * size
            start = end
        return drawn

    def _lines(self, x: float, top: float, width: float, text: str, size: float, bold: bool,
               colour: tuple[int, int, int] = TEXT) -> float:
        """Wrap and draw a plain text; returns the height used."""
        item = prepare_text(text, bold, self.metrics)
        lines = item.wrap(size, width)
        pitch = size * PT_TO_MM * 1.2
        self.pdf.set_text_color(*colour)
        for index, line in enumerate(lines):
            self._run(x, top + index * pitch + 0.9 * size * PT_TO_MM, line, size, bold)
        return len(lines) * pitch

    def _measure(self, text: str, width: float, size: float, bold: bool) -> float:
        return len(prepare_text(text, bold, self.metrics).wrap(size, width)) * \
            size * PT_TO_MM * 1.2

    # -- the page --------------------------------------------------------------------------
    def build(self) -> bytes:
        content, pdf, sheet = self.content, self.pdf, self.sheet
        pdf.set_title(content.title)
        pdf.set_subject(content.meeting)
        pdf.set_creator("kaart")
        pdf.set_author("")
        pdf.set_lang("nl-NL")
        pdf.add_page()
        top = self._header()
        footer_mm = 12.0 * sheet.scale
        bottom = sheet.height - sheet.margin - footer_mm
        count = len(content.columns)
        total = sheet.width - 2 * sheet.margin - GAP_MM * (count - 1)
        prepared = prepare_columns(content.columns, self.metrics)
        # The bands above the columns line up. The space for them is reserved as for the
        # narrowest width a column may get; drawn, they are as tall as the widths allow.
        narrowest = [NARROWEST * total / count - 2 * PAD_MM] * count
        self.name_pt = self._name_size(narrowest)
        heading = self._bands(narrowest)
        room = bottom - (top + heading) - 2 * PAD_MM
        fitted, inner = arrange(prepared, self.metrics, total - 2 * PAD_MM * count, room)
        widths = [width + 2 * PAD_MM for width in inner]
        safe_pt, self.name_pt = self.name_pt, self._name_size(inner)
        if self._bands(inner) > heading:
            self.name_pt = safe_pt
        heading = self._bands(inner)
        x = sheet.margin
        for index, (column, width) in enumerate(zip(content.columns, widths)):
            self._column(column, fitted, index, x, top, width, heading, bottom)
            x += width + GAP_MM
        self._footer(fitted, bottom + 3.0)
        return bytes(pdf.output())

    def _header(self) -> float:
        content, sheet = self.content, self.sheet
        x, y = sheet.margin, sheet.margin
        width = sheet.width - 2 * sheet.margin
        y += self._lines(x, y, width * 0.75, content.title, 26 * sheet.scale, True)
        if content.subtitle:
            y += self._lines(x, y, width, content.subtitle, 14 * sheet.scale, False)
        y += self._lines(x, y, width, content.meeting, 11 * sheet.scale, False, MUTED)
        self.pdf.set_text_color(*MUTED)
        size = 10 * self.sheet.scale
        hint = "Gelezen van links naar rechts, ingevuld van rechts naar links (stap 1 rechts)"
        hint_width = self.metrics.width(self.metrics.printable(hint), False) * size
        self._run(sheet.width - sheet.margin - hint_width, sheet.margin + 5 * sheet.scale,
                  hint, size, False)
        return y + 4.0 * sheet.scale

    def _heading_sizes(self) -> tuple[float, float, float]:
        scale = self.sheet.scale
        return self.name_pt, 10 * scale, 11 * scale  # name, subtitle, question

    def _name_size(self, inner: list[float]) -> float:
        """One size for the five step names, at most 20 pt, so that each fits its band."""
        size = 20.0 * self.sheet.scale
        for column, width in zip(self.content.columns, inner):
            label = f"{column.number}  {self.metrics.printable(column.name)}"
            needed = self.metrics.width(label, True)
            if needed * size > width:
                size = max(8.0, width / needed)
        return size

    def _bands(self, inner: list[float]) -> float:
        return max(self._heading_height(c, w) for c, w in zip(self.content.columns, inner))

    def _heading_height(self, column, inner: float) -> float:
        name_pt, subtitle_pt, question_pt = self._heading_sizes()
        height = name_pt * PT_TO_MM * 1.2
        if column.subtitle:
            height += self._measure(column.subtitle, inner, subtitle_pt, False)
        height += 1.5 + self._measure(column.question, inner, question_pt, False)
        return height + 2 * PAD_MM

    def _column(self, column, fitted: Fitted, index: int, x: float, top: float,
                width: float, heading: float, bottom: float) -> None:
        pdf = self.pdf
        band, dark = COLOURS[column.step]
        light = tuple(255 - (255 - c) // 4 for c in band)
        pdf.set_draw_color(*dark)
        pdf.set_line_width(0.4)
        pdf.set_fill_color(*light)
        pdf.rect(x, top, width, bottom - top, style="DF")
        pdf.set_fill_color(*band)
        pdf.rect(x, top, width, heading, style="DF")
        name_pt, subtitle_pt, question_pt = self._heading_sizes()
        inner = width - 2 * PAD_MM
        y = top + PAD_MM
        pdf.set_text_color(*dark)
        drawn = self._run(x + PAD_MM, y + 0.9 * name_pt * PT_TO_MM, f"{column.number}  ",
                          name_pt, True)
        pdf.set_text_color(*TEXT)
        self._run(x + PAD_MM + drawn, y + 0.9 * name_pt * PT_TO_MM,
                  self.metrics.printable(column.name), name_pt, True)
        y += name_pt * PT_TO_MM * 1.2
        if column.subtitle:
            y += self._lines(x + PAD_MM, y, inner, column.subtitle, subtitle_pt, False, MUTED)
        y += 1.5
        self._lines(x + PAD_MM, y, inner, column.question, question_pt, False)
        y = top + heading + PAD_MM
        items = list(fitted.columns[index])
        if fitted.column_left_out[index]:
            items.append(prepare(note_paragraph(fitted.column_left_out[index]), self.metrics))
        for position, item in enumerate(items):
            y = self._paragraph(item, fitted.body_pt, x + PAD_MM, y, inner, position == 0,
                                dark, bottom - PAD_MM)

    def _paragraph(self, item: Prepared, body: float, x: float, y: float, width: float,
                   first: bool, dark: tuple[int, int, int], limit: float) -> float:
        style: Style = item.style
        size = body * style.scale
        pitch = line_mm(body, style)
        if not first:
            y += style.space_before * pitch
        kind = item.paragraph.kind
        colour = {Kind.LABEL: dark, Kind.ENTRY: (55, 55, 55), Kind.EMPTY: MUTED}.get(kind, TEXT)
        indent = item.mark_width * size
        for number, line in enumerate(item.wrap(body, width)):
            if y + pitch > limit + 0.01:  # never past the frame, whatever went wrong
                break
            baseline = y + 0.9 * size * PT_TO_MM
            if number == 0 and item.mark:
                self.pdf.set_text_color(*(dark if kind is Kind.TOP else MUTED))
                self._run(x, baseline, item.mark, size, style.bold)
            self.pdf.set_text_color(*colour)
            self._run(x + indent, baseline, line, size, style.bold)
            y += pitch
        return y + style.space_after * pitch

    def _footer(self, fitted: Fitted, y: float) -> None:
        sheet = self.sheet
        size = 9 * sheet.scale
        note = left_out_note(fitted)
        width = sheet.width - 2 * sheet.margin
        if note:
            self._lines(sheet.margin, y, width * 0.7, note, size, True)
        made = f"Gemaakt met kaart op {date.today().strftime('%d-%m-%Y')}"
        made_width = self.metrics.width(made, False) * size
        self.pdf.set_text_color(*MUTED)
        self._run(sheet.width - sheet.margin - made_width, y + 0.9 * size * PT_TO_MM, made,
                  size, False)


# -- making and writing --------------------------------------------------------------------
def poster_bytes(card: Card, bijeenkomst_id: str, template: CardTemplate,
                 evaluation_template: CardTemplate | None = None, paper: str = "A3",
                 anonymous: bool = False) -> bytes:
    """The PDF of the poster, in memory."""
    if bijeenkomst_id not in card.bijeenkomsten:
        raise PosterError("Deze bijeenkomst bestaat niet in de sessie.")
    if paper not in PAPER:
        raise PosterError(f"Onbekend papierformaat '{paper}': kies A3 of A4.")
    content = poster_content(card, template, bijeenkomst_id, anonymous, evaluation_template)
    return _Poster(content, paper).build()


def choose_bijeenkomst(card: Card, number: int | None) -> str:
    """The bijeenkomst with this number, or the latest one."""
    return choose(card, number, PosterError, "Deze sessie heeft nog geen bijeenkomst; er "
                  "is nog geen kaart om af te drukken.")


def poster_name(slug: str, card: Card, bijeenkomst_id: str, paper: str = "A3",
                anonymous: bool = False) -> str:
    bijeenkomst = card.bijeenkomsten[bijeenkomst_id]
    size = "" if paper == "A3" else f"-{paper.lower()}"
    suffix = "-anoniem" if anonymous else ""
    return (f"{slug}-poster-bijeenkomst-{bijeenkomst.number}-"
            f"{bijeenkomst.date.isoformat()}{size}{suffix}.pdf")


def export_poster(card: Card, bijeenkomst_id: str, folder: Path, slug: str,
                  templates_dir: Path | None = None, paper: str = "A3",
                  anonymous: bool = False) -> Path:
    """Write the poster of a bijeenkomst into ``folder`` and return the path written.

    A file of the same name is never overwritten: the poster gets a number (``-2``). A
    missing or unwritable folder is refused with a Dutch message; ``templates_dir`` may
    hold the facilitator's own card templates (as for the verslag).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise PosterError(f"De map {folder} bestaat niet; de poster is niet gemaakt.")
    template, _ = load_with_override(card.session.template, templates_dir)
    evaluation, _ = load_with_override("evaluatiekaart", templates_dir)
    data = poster_bytes(card, bijeenkomst_id, template, evaluation, paper, anonymous)
    target = folder / poster_name(slug, card, bijeenkomst_id, paper, anonymous)
    try:
        return write_new(target, data)
    except OSError as error:
        raise PosterError(f"De poster kon niet worden geschreven naar {folder}: "
                          f"{describe_os_error(error)}. De sessie is niet veranderd.") from None


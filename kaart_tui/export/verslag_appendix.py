"""The verslag's Bijlagen: attendance as in Bijlage 1 of seed 000, and the whole card.

Bijlage 2 is the card as it stands at this bijeenkomst (all bijeenkomsten so far), on a
landscape page in the paper order, the full text width. Its type is made smaller for a
big card so that it fits one page where it can, never below 7 pt; a card that still does
not fit runs on with its header row repeated. A very long entry is shortened on the card
with a pointer to where it stands whole.

A mixin of ``Verslag`` (verslag.py).
"""

from __future__ import annotations

import math

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Cm

from kaart_tui.domain.attendance import attendance_table
from kaart_tui.domain.ranking import candidate_title
from kaart_tui.domain.steps import PAPER_ORDER, Step
from kaart_tui.dutch import long_date
from kaart_tui.export.docx_writer import (
    PT_CM,
    fitted_widths,
    lay_out_rows,
    look,
    set_table_widths,
    text_width_cm,
)

CARD_MARGIN_CM = 1.5
CARD_SIZES = (9.0, 8.5, 8.0, 7.5, 7.0)  # points, largest first; never below 7
CARD_STYLE, CARD_TOP_STYLE = "Kaart", "Kaart top"
# Room for the card's rows on a landscape page: the page less margins, heading,
# introduction and header row.
CARD_HEIGHT_CM = 21.0 - 2 * CARD_MARGIN_CM - 3.3
LONG_ENTRY = 280  # characters shown on the card of an entry longer than this
GLYPH_EM = 0.5
BOLD_WIDER = 1.1
WRAP_LOSS = 2.0  # characters per line
LINE_EM = 1.2


def column_height_cm(lines: list[tuple[str, bool]], width_cm: float, size_pt: float) -> float:
    """An estimate of the height of a card column: each line wrapped at the average glyph
    width (wider in bold), less what a line loses where a word does not fit, single-spaced,
    1 pt after each paragraph. Checked against LibreOffice on the demo's cards."""
    height = 0.0
    for text, bold in lines:
        glyph = size_pt * PT_CM * GLYPH_EM * (BOLD_WIDER if bold else 1.0)
        per_line = max(1.0, (width_cm - 0.38) / glyph - WRAP_LOSS)
        height += max(1, math.ceil(len(text) / per_line)) * size_pt * LINE_EM * PT_CM + PT_CM
    return height


class Appendices:
    # -- Bijlage 1: attendance -------------------------------------------------------------
    def _attendance(self) -> None:
        self.heading("Bijlage 1: Aanwezigheid", 1, new_page=True)
        table = attendance_table(self.card, self.meetings)
        self.caption(f"Tabel 1 aanwezigheid deelnemers {self.say(self.card.session.team)}")
        header = ["Organisatie", *(f"Bijeenkomst {b.number} {long_date(b.date).capitalize()}"
                                   for b in table.bijeenkomsten)]
        rows = [[row.label, *row.texts] for row in table.rows]
        rows.append([table.total.label, *table.total.texts])
        columns = [[h, *(r[i] for r in rows)] for i, h in enumerate(header)]
        # "9 personen (3 afwezig)" on one line where the page allows; the organisations
        # take the rest.
        whole = {i: min(6.5, max(text_width_cm(r[i]) for r in rows))
                 for i in range(1, len(header))}
        widths = fitted_widths(16.0, columns, flexible={0}, minimums=whole)
        self.table(header, rows, widths, total_row=True)
        scores = [(b, self.card.average_score(b.id)) for b in self.meetings]
        held = [(b, s) for b, s in scores if s is not None]
        if held:
            from kaart_tui.dutch import decimal

            self.paragraph("")
            self.paragraph("In de scoreronde (hoe voelt de samenwerking, 1-10) gaf de groep "
                           + "; ".join(f"in bijeenkomst {b.number} gemiddeld een {decimal(s)}"
                                       for b, s in held) + ".")

    # -- Bijlage 2: the whole card ---------------------------------------------------------
    def _card_lines(self, step: Step) -> list[tuple[str, bool]]:
        """(text, is part of the top) for each line of a card column."""
        top = self._top(step)
        chosen = {r.item.id for r in top}
        lines = [(f"{r.place}. {self._card_text(candidate_title(r.item), step, r.item)}",
                  True) for r in top]
        themes, themed, loose = self._themes_and_entries(step, self._card_meetings())
        for theme in themes:
            if theme.id not in chosen:
                lines.append((self._card_text(theme.title, step, theme), False))
            lines.extend((f"– {self._card_text(e.text, step, e)}", False)
                         for e in themed.get(theme.id, []))
        lines.extend((f"– {self._card_text(e.text, step, e)}", False)
                     for e in loose if e.id not in chosen)
        return lines or [("Geen bijdragen.", False)]

    def _card_meetings(self) -> set[str]:
        if self.evaluation:
            return {self.bijeenkomst.id}
        return self.shown

    def _card_text(self, text: str, step: Step, record) -> str:
        text = self.say(text)
        if len(text) <= LONG_ENTRY:
            return text
        short = text[:LONG_ENTRY].rsplit(" ", 1)[0].rstrip(" ,.;:")
        if record.bijeenkomst == self.bijeenkomst.id:
            where = f"volledig onder {self.template.step(step).heading}"
        else:
            number = self.card.bijeenkomsten[record.bijeenkomst].number
            where = f"volledig in het verslag van bijeenkomst {number}"
        return f"{short} … ({where})"

    def _whole_card(self) -> None:
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(CARD_MARGIN_CM))
        width = 29.7 - 2 * CARD_MARGIN_CM
        columns = [self._card_lines(step) for step in PAPER_ORDER]
        column_width = width / len(PAPER_ORDER)
        size = next((s for s in CARD_SIZES
                     if max(column_height_cm(lines, column_width, s) for lines in columns)
                     <= CARD_HEIGHT_CM), CARD_SIZES[-1])
        fits = max(column_height_cm(lines, column_width, size)
                   for lines in columns) <= CARD_HEIGHT_CM
        self.paragraph_style(CARD_STYLE, size)
        self.paragraph_style(CARD_TOP_STYLE, size, bold=True, base=CARD_STYLE)

        self.heading("Bijlage 2: De hele kaart", 1)
        self.paragraph("Zoals de kaart er na deze bijeenkomst uitziet, in de volgorde van de "
                       "papieren kaart. Bovenaan elke kolom de gekozen top.", style="Quote")
        table = self.add_table(2, len(PAPER_ORDER))
        for cell, step in zip(table.rows[0].cells, PAPER_ORDER):
            self.cell_lines(cell, [self.template.step(step).heading], [CARD_TOP_STYLE])
        for cell, lines in zip(table.rows[1].cells, columns):
            self.cell_lines(cell, [text for text, _ in lines],
                            [CARD_TOP_STYLE if top else CARD_STYLE for _, top in lines])
        look(table)
        set_table_widths(table, [column_width] * len(PAPER_ORDER))
        # One row of columns: it may only break over pages when it cannot fit on one.
        lay_out_rows(table, split_rows=not fits)

"""The poster's own wrapping and fitting: rules, checked for any text."""

from __future__ import annotations

from functools import lru_cache

from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st

from kaart_tui.domain.steps import PAPER_ORDER
from kaart_tui.export.poster import FAMILY, FONT_FILES
from kaart_tui.export.poster_content import Column, Kind, Paragraph
from kaart_tui.export.poster_layout import (
    PLACEHOLDER,
    SMALLEST_BODY_PT,
    Metrics,
    body_sizes,
    column_height,
    prepare,
    prepare_columns,
)
from kaart_tui.export.poster_widths import arrange


@lru_cache(maxsize=1)
def metrics() -> Metrics:
    from importlib import resources

    pdf = FPDF()
    for style, name in FONT_FILES.items():
        with resources.as_file(resources.files("kaart_tui") / "fonts" / name) as path:
            pdf.add_font(FAMILY, style, str(path))
    regular, bold = pdf.fonts[FAMILY], pdf.fonts[FAMILY + "B"]
    return Metrics(regular.cmap, bold.cmap, regular.cw.__getitem__, bold.cw.__getitem__)


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=400)


@settings(max_examples=150, deadline=None)
@given(text=texts, body=st.sampled_from(body_sizes()), width=st.floats(20, 160),
       kind=st.sampled_from(list(Kind)))
def test_wrapped_lines_fit_and_keep_every_word(text, body, width, kind) -> None:
    m = metrics()
    item = prepare(Paragraph(kind, text, "2."), m)
    lines = item.wrap(body, width)
    size = body * item.style.scale
    room = width - item.mark_width * size
    for line in lines:
        # A line is never wider than the column, unless it is one character that is.
        assert m.width(line, item.style.bold) * size <= room + 1e-6 or len(line) == 1
    printed = m.printable(text)
    # Nothing is cut: the lines hold every character that is not white space, in order.
    assert "".join("".join(lines).split()) == "".join(printed.split())


@settings(max_examples=100, deadline=None)
@given(text=texts)
def test_printable_text_only_has_characters_the_font_has(text) -> None:
    m = metrics()
    printed = m.printable(text)
    assert all(c in "\n " or ord(c) in m.has for c in printed)
    assert PLACEHOLDER * 2 not in printed  # one box per run of missing glyphs


def columns(counts: list[int], length: int) -> list[Column]:
    out = []
    for step, count in zip(PAPER_ORDER, counts):
        paragraphs = [Paragraph(Kind.THEME, "Thema"),
                      *(Paragraph(Kind.ENTRY, "bijdrage " * length, group=0)
                        for _ in range(count))]
        out.append(Column(step, step.number, step.value, "", "Vraag?", paragraphs))
    return out


@settings(max_examples=40, deadline=None)
@given(counts=st.lists(st.integers(0, 60), min_size=5, max_size=5),
       length=st.integers(1, 30))
def test_the_chosen_size_fits_and_one_step_larger_would_not(counts, length) -> None:
    m = metrics()
    prepared = prepare_columns(columns(counts, length), m)
    total, room = 380.0, 200.0
    fitted, widths = arrange(prepared, m, total, room)
    assert sum(widths) <= total + 0.01
    for items, width in zip(fitted.columns, widths):
        assert column_height(items, fitted.body_pt, width) <= room + 1e-6
    sizes = body_sizes()
    if not fitted.left_out and fitted.body_pt != sizes[0] and widths == [total / 5] * 5:
        larger = sizes[sizes.index(fitted.body_pt) - 1]
        assert any(column_height(items, larger, width) > room
                   for items, width in zip(prepared, widths))
    if fitted.left_out:
        assert fitted.body_pt == SMALLEST_BODY_PT
        kept = sum(len(c) for c in fitted.columns)
        assert kept < sum(len(c) for c in prepared)

"""Textual's lines with their memo tables made on first use (kaart_tui/strips.py) give the
same results as with the tables made up front, and still remember what they worked out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

import kaart_tui.app  # noqa: F401  (installs the lazy caches, as the program does)
from kaart_tui import strips

STYLES = [None, Style(bold=True), Style(color="red", bgcolor="black"), Style(italic=True)]
texts = st.text(alphabet=st.sampled_from("ab cé—漢\t"), max_size=12)
segment_lists = st.lists(st.tuples(texts, st.sampled_from(STYLES)), max_size=6)
operations = st.lists(st.one_of(
    st.tuples(st.just("crop"), st.integers(0, 30), st.integers(0, 40)),
    st.tuples(st.just("divide"), st.lists(st.integers(1, 40), max_size=4)),
    st.tuples(st.just("style"), st.sampled_from(STYLES[1:])),
    st.tuples(st.just("length"), st.integers(0, 40)),
    st.tuples(st.just("crop_extend"), st.integers(0, 30), st.integers(0, 40)),
    st.tuples(st.just("extend"), st.integers(0, 40)),
), max_size=8)


def eager(segments: list[Segment]) -> Strip:
    """A strip made as Textual makes it, with every table up front."""
    strip = Strip.__new__(Strip)
    strips.EAGER_INIT(strip, segments)
    return strip


def apply(strip: Strip, operation: tuple):
    name, *args = operation
    if name == "crop":
        return strip.crop(min(args), max(args))
    if name == "divide":
        return list(strip.divide(sorted(args[0])))
    if name == "style":
        return strip.apply_style(args[0])
    if name == "length":
        return strip.adjust_cell_length(args[0])
    if name == "crop_extend":
        return strip.crop_extend(min(args), max(args), None)
    return strip.extend_cell_length(args[0])


def drawn(result) -> list:
    console = Console(color_system="truecolor", width=80)
    results = result if isinstance(result, list) else [result]
    return [(list(r), r.cell_length, r.render(console)) for r in results]


def test_the_pinned_textual_has_the_lazy_tables():
    # Fails when an upgrade renamed Strip's slots: strips.py then changes nothing.
    assert strips.install()
    assert Strip.__init__ is strips._lazy_init


@given(segment_lists, operations)
def test_a_lazy_strip_gives_what_an_eager_one_gives(parts, steps):
    segments = [Segment(text, style) for text, style in parts]
    lazy, reference = Strip(segments), eager(segments)
    for operation in steps:
        for _ in range(2):  # the second time answers from the table
            assert drawn(apply(lazy, operation)) == drawn(apply(reference, operation))
    assert lazy.text == reference.text and lazy.cell_length == reference.cell_length


def test_a_strip_makes_a_table_when_first_asked_and_then_remembers():
    strip = Strip([Segment("Vertrouwen in elkaar", Style(bold=True))])
    for name in strips.CACHE_SIZES:
        slot = Strip.__dict__[name].slot  # the slot itself, without filling it
        assert not hasattr_slot(slot, strip), f"{name} was made up front"
    first = strip.crop(2, 10)
    assert strip.crop(2, 10) is first
    assert strip._crop_cache._maxsize == 16  # the size Textual gives it
    assert strip.divide([4, 8]) is strip.divide([4, 8])


def hasattr_slot(slot, strip: Strip) -> bool:
    try:
        slot.__get__(strip, Strip)
    except AttributeError:
        return False
    return True

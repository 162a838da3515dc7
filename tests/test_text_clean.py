"""clean_text's fast path for text already clean must accept and refuse exactly what the
full character loop does: a session file may be hand-edited or damaged."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaart_tui.domain import text as text_module
from kaart_tui.domain.text import INVISIBLE, clean_text
from kaart_tui.errors import DomainError


def loop_only(text, what="De tekst", *, multiline=True, max_length=text_module.MAX_TEXT_LENGTH):
    """clean_text as it was before the fast path: always the character loop."""
    if not isinstance(text, str):
        raise DomainError(f"{what} moet tekst zijn.")
    cleaned = text_module._dropped(text, multiline).strip()
    if not cleaned:
        raise DomainError(f"{what} is leeg.")
    if len(cleaned) > max_length:
        raise DomainError("te lang")
    return cleaned


def outcome(function, text, **options):
    try:
        return ("ok", function(text, **options))
    except DomainError as error:
        return ("refused", "leeg" in error.message, "lang" in error.message)


# Every kind of character the loop treats specially, beside ordinary text.
SPECIAL = sorted(INVISIBLE) + ["\n", "\r", "\r\n", "\t", "\x00", "\x1f", "\x7f", "\x85",
                               "\ud800", "\udfff", "\u200d", "\u00a0", "\u2028", "\u3000",
                               "\ue000", "\U0001f468", " ", "é"]
texts = st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=4)),
                 max_size=12).map("".join)


@settings(max_examples=600, deadline=None)
@given(texts, st.booleans(), st.sampled_from([1, 3, 200, 10_000]))
def test_the_fast_path_gives_what_the_loop_gives(text, multiline, max_length):
    options = {"multiline": multiline, "max_length": max_length}
    assert outcome(clean_text, text, **options) == outcome(loop_only, text, **options)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=30), st.booleans())
def test_any_unicode_text(text, multiline):
    assert (outcome(clean_text, text, multiline=multiline)
            == outcome(loop_only, text, multiline=multiline))


def test_every_code_point_the_fast_path_takes_is_one_the_loop_keeps():
    """With the next test, for every code point: where clean_text skips the loop, the loop
    would have kept the text as it is (elsewhere clean_text runs the loop itself)."""
    for multiline in (True, False):
        for code in range(0x110000):
            sample = f"a{chr(code)}b"
            if text_module._nothing_to_drop(sample, multiline):
                assert text_module._dropped(sample, multiline) == sample, hex(code)


def test_nothing_the_loop_drops_passes_the_fast_check():
    for code in range(0x110000):
        char = chr(code)
        if char != "\n" and (char in INVISIBLE or unicodedata.category(char) in ("Cc", "Cs")):
            assert not text_module._nothing_to_drop(f"a{char}", multiline=True), hex(code)


@pytest.mark.parametrize("text", ["  Anna  ", "Anna\n\nBob", "x\u200by", "a\tb", "a\r\nb"])
def test_examples(text):
    assert clean_text(text) == loop_only(text)

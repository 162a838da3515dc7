"""Text as a facilitator types, pastes or imports it: cleaned the same way on every path.

Typed in the app, read from a CSV, a bundle or a session file: every text goes through
``clean_text``, so what reaches the card can always be shown, written and exported.
"""

from __future__ import annotations

import unicodedata

from kaart_tui.errors import DomainError

# Long enough for a pasted paragraph (5,000 characters must fit); a limit at all so that an
# accidental paste of a whole document is refused with a message instead of swamping the card.
MAX_TEXT_LENGTH = 10_000
MAX_SHORT_TEXT_LENGTH = 200


def _thousands(number: int) -> str:
    """10000 -> "10.000", the Dutch way."""
    return f"{number:,}".replace(",", ".")


# Characters that show nothing but make two equal names differ, or turn text around:
# zero-width space and non-joiner, direction marks and embeddings, word joiner and
# invisible operators, the byte order mark, the soft hyphen. The zero-width joiner stays:
# emoji such as a family are built with it.
INVISIBLE = frozenset(
    "\u00ad\u200b\u200c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)


def clean_text(text: str, what: str = "De tekst", *, multiline: bool = True,
               max_length: int = MAX_TEXT_LENGTH) -> str:
    """Normalise text typed, pasted, imported or loaded, or refuse it with a message.

    Control characters (other than newline and tab), lone surrogates and invisible
    characters are dropped: they cannot be shown, Word refuses some of them, and they
    make "Anna" and "Anna\u200b" two people. Emoji and all other text are kept.
    """
    if not isinstance(text, str):
        raise DomainError(f"{what} moet tekst zijn.")
    if _nothing_to_drop(text, multiline):
        cleaned = text.strip()  # what the loop below would give, without a look per char
    else:
        cleaned = _dropped(text, multiline).strip()
    if not cleaned:
        raise DomainError(f"{what} is leeg.")
    if len(cleaned) > max_length:
        raise DomainError(f"{what} is {_thousands(len(cleaned))} tekens lang; het maximum is "
                          f"{_thousands(max_length)}.")
    return cleaned


def _nothing_to_drop(text: str, multiline: bool) -> bool:
    """True when the character loop of ``_dropped`` would return ``text`` unchanged.

    A session file holds texts cleaned when they were written, and a start-up of 2,000
    entries spent half its decoding in that loop. ``str.isprintable`` is one pass in C and
    is False for every category the loop drops or changes: Cc (newline, tab, carriage
    return and all other controls), Cs, and Cf (all of INVISIBLE). It is also False for
    characters the loop keeps (the zero-width joiner, a no-break space): those texts take
    the loop, so the result is always the loop's. tests/test_text_clean.py holds the two
    against each other.
    """
    if multiline and "\n" in text:
        text = text.replace("\n", "")
    return text.isprintable()


def _dropped(text: str, multiline: bool) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for char in text:
        if char == "\n":
            kept.append(char if multiline else " ")
        elif char == "\t":
            kept.append(" ")
        elif char in INVISIBLE or unicodedata.category(char) in ("Cc", "Cs"):
            continue
        else:
            kept.append(char)
    return "".join(kept)


def clean_short(text: str, what: str) -> str:
    """A name, an organisation, a title: one line of at most 200 characters."""
    return clean_text(text, what, multiline=False, max_length=MAX_SHORT_TEXT_LENGTH)


def clean_optional(text: str | None, what: str) -> str | None:
    if text is None or not str(text).strip():
        return None
    return clean_short(text, what)

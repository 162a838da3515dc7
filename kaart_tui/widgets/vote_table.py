"""How votes look wherever they are shown: on the voting and result screens, on the card,
on the beamer. One place, so the screens that show votes need not import each other."""

from __future__ import annotations

from kaart_tui.domain.ranking import Ranked

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def short(text: str, length: int) -> str:
    """One line of at most ``length`` characters; a cut is marked with an ellipsis."""
    text = " ".join(text.split())
    if length < 2:
        return text[:max(0, length)]
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def bar(count: int, most: int, width: int = 20) -> str:
    return "█" * round(width * count / most) if most and width > 0 else ""


def place_mark(ranked: Ranked) -> str:
    """①, ② ... before a theme in the top; a shared place gets its number with '='."""
    number = CIRCLED[ranked.place - 1] if 1 <= ranked.place <= len(CIRCLED) else \
        f"({ranked.place})"
    return f"{number}=" if ranked.shared else number


def fitted_title_width(total: int, fixed: list[int], padding: int = 2,
                       minimum: int = 12) -> int:
    """The width left for a title column beside ``fixed`` columns in a table ``total``
    wide (each column padded by ``padding``): the counts and bars always fit, and the
    title takes the rest, shortened where it must be."""
    return max(minimum, total - sum(fixed) - padding * (len(fixed) + 1) - 2)

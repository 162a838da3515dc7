"""The join link as a QR code: text for the terminal, SVG for the beamer page.

Dark on light whatever the terminal's theme (a phone camera reads a light code on a dark
background badly), with the quiet zone of four modules around it that scanners need.
"""

from __future__ import annotations

import segno

QUIET_ZONE = 4


def _matrix(url: str) -> list[list[bool]]:
    code = segno.make(url, error="m", micro=False)
    return [[bool(module) for module in row] for row in code.matrix_iter(border=QUIET_ZONE)]


def qr_lines(url: str) -> list[str]:
    """The code in half blocks, two rows of modules per line: a character's drawn part is
    a dark module. Draw them dark on light (``qr_renderable`` does)."""
    rows = _matrix(url)
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    blocks = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
    return ["".join(blocks[(top, bottom)] for top, bottom in zip(upper, lower))
            for upper, lower in zip(rows[0::2], rows[1::2])]


def qr_renderable(url: str):
    """A Rich Text of the code, black on white, for a Static on the card."""
    from rich.text import Text

    return Text("\n".join(qr_lines(url)), style="#000000 on #ffffff", no_wrap=True)


def qr_svg(url: str, scale: int = 8) -> str:
    """An SVG element (no XML declaration) to put inline in the beamer page."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(scale=scale, border=QUIET_ZONE, dark="#000", light="#fff", omitsize=True,
                           title="QR-code om mee te doen")

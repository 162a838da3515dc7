"""Lines for the terminal that survive any encoding.

A message can hold what a file held: a lone surrogate (``\\ud800``) or a character the
terminal's code page lacks. Printed as is, it raises UnicodeEncodeError; here it is
replaced instead, on stdout as on stderr.
"""

from __future__ import annotations

import sys
from typing import TextIO


def printable(message: str, stream: TextIO) -> str:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return message.encode(encoding, "replace").decode(encoding, "replace")


def tell(message: str) -> None:
    """A line on stdout."""
    print(printable(message, sys.stdout))


def say(message: str) -> None:
    """A message on stderr."""
    print(printable(message, sys.stderr), file=sys.stderr)

"""Textual's drawn lines (Strip) make their memo tables when first used, not when made.

Every Strip that Textual makes creates seven small caches at once (for crop, divide,
style and four more), and most strips are drawn once and dropped without using any of
them: a frame of the card makes thousands. Making the caches was a sixth of the time
of a pilot test (py-spy: Strip.__init__ with FIFOCache.__init__ 15 % of test_ui_card)
and a strip took 2.0 against 0.35 microseconds to make. Here each cache is made the first
time a strip's method looks in it; what the methods return is the same (a test holds
the two side by side).

Leans on Strip's slot names in the pinned Textual (8.2.8); if they are not there, as
after an upgrade that changed them, nothing is changed and a test says so.
"""

from __future__ import annotations

from textual.cache import FIFOCache
from textual.strip import Strip

# The memo tables and their sizes, as Textual's Strip.__init__ makes them.
CACHE_SIZES = {"_divide_cache": 4, "_crop_cache": 16, "_style_cache": 16,
               "_filter_cache": 4, "_line_length_cache": 4, "_crop_extend_cache": 4,
               "_offsets_cache": 4}
EAGER_INIT = Strip.__init__


class _CacheOnFirstUse:
    """In place of a slot of Strip: reads the slot, and fills it on the first read."""

    __slots__ = ("slot", "size")

    def __init__(self, slot, size: int) -> None:
        self.slot, self.size = slot, size

    def __get__(self, strip, owner=None):
        if strip is None:
            return self
        try:
            return self.slot.__get__(strip, owner)
        except AttributeError:
            cache = FIFOCache(self.size)
            self.slot.__set__(strip, cache)
            return cache

    def __set__(self, strip, value) -> None:
        self.slot.__set__(strip, value)


def _lazy_init(self, segments, cell_length=None) -> None:
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def _fits() -> bool:
    slots = set(getattr(Strip, "__slots__", ()))
    expected = {*CACHE_SIZES, "_segments", "_cell_length", "_render_cache", "_link_ids",
                "_cell_count"}
    return slots == expected and all(type(Strip.__dict__.get(name)).__name__ ==
                                     "member_descriptor" for name in CACHE_SIZES)


def install() -> bool:
    """Once, before the first frame (kaart_tui.app does it on import). True if Strip is
    (now) lazy."""
    if Strip.__init__ is _lazy_init:
        return True
    if not _fits():
        return False
    for name, size in CACHE_SIZES.items():
        setattr(Strip, name, _CacheOnFirstUse(Strip.__dict__[name], size))
    Strip.__init__ = _lazy_init
    return True

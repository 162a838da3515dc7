"""How wide each of the five columns is: equal as on paper, or as wide as each needs.

Equal columns while the type stays comfortable; a full Acties column beside a short
Waarden column otherwise gets the room, so the whole card can keep larger type (one size
for all five columns) or leave less out.
"""

from __future__ import annotations

from typing import Sequence

from kaart_tui.export.poster_layout import (
    Fitted,
    Metrics,
    Prepared,
    body_sizes,
    column_height,
    fit,
)


def min_width(items: Sequence[Prepared], size: float, room_mm: float, low: float,
              high: float) -> float | None:
    """The narrowest width (within ``low``..``high``, to 0.5 mm) at which a column fits
    ``room_mm`` at this size, or None if it does not fit even ``high``."""
    if column_height(items, size, low) <= room_mm:
        return low
    if column_height(items, size, high) > room_mm:
        return None
    while high - low > 0.5:  # a wider column never needs more lines
        middle = (low + high) / 2
        if column_height(items, size, middle) <= room_mm:
            high = middle
        else:
            low = middle
    return high


NARROWEST = 0.6    # of an equal share: a column is never narrower (nor wider than:)
WIDEST = 2.2
COMFORTABLE_PT = 10.0   # equal columns, as on paper, as long as the body is this large


def arrange(prepared: Sequence[list[Prepared]], metrics: Metrics, total_mm: float,
            room_mm: float) -> tuple[Fitted, list[float]]:
    """Column widths and type size: equal columns as on the paper card while the type
    stays comfortable; otherwise each column as wide as it needs (a full Acties column
    beside a short Waarden column), for the largest type at which everything fits, and
    when nothing fits, the narrow columns as narrow as they can be and the rest shared
    among the full ones before anything is left out."""
    count = len(prepared)
    equal = total_mm / count
    low = NARROWEST * equal
    high = min(WIDEST * equal, total_mm - (count - 1) * low)
    even = fit(prepared, metrics, [equal] * count, room_mm)
    if even.body_pt >= COMFORTABLE_PT:
        return even, [equal] * count

    def needed(size: float) -> list[float | None]:
        return [min_width(items, size, room_mm, low, high) for items in prepared]

    sizes = body_sizes()
    first = 0
    while first < len(sizes) and sizes[first] > even.body_pt:
        first += 1  # only a size larger than the even layout's is worth the uneven look
    candidates = sizes[:first]
    chosen: tuple[float, list[float]] | None = None
    lo, hi = 0, len(candidates) - 1
    while lo <= hi and not even.left_out_total:
        middle = (lo + hi) // 2
        widths = needed(candidates[middle])
        if all(w is not None for w in widths) and sum(widths) <= total_mm:
            chosen = (candidates[middle], widths)  # type: ignore[assignment]
            hi = middle - 1
        else:
            lo = middle + 1
    if even.left_out_total:
        widths = needed(sizes[-1])
        if all(w is not None for w in widths) and sum(widths) <= total_mm:
            chosen = (sizes[-1], widths)  # type: ignore[assignment]
        else:
            return _sharing(prepared, metrics, widths, total_mm, room_mm, low, high, even,
                            equal)
    if chosen is None:
        return even, [equal] * count
    size, widths = chosen
    slack = (total_mm - sum(widths)) / count
    widths = [w + slack for w in widths]
    return fit(prepared, metrics, widths, room_mm), widths


def _sharing(prepared, metrics, needs, total_mm, room_mm, low, high, even, equal):
    """Nothing fits at the smallest type: columns that fit take what they need, the
    others share the rest as much as each holds (never narrower than ``low``), and those
    leave out what still does not fit. Kept only if it leaves out less than equal columns."""
    count = len(needs)
    area = [sum(len(p.lines) + sum(w for line in p.lines for _, w in line)
                for p in items) for items in prepared]
    widths = [w if w is not None else 0.0 for w in needs]
    full = [i for i in range(count) if needs[i] is None]
    fixed: set[int] = set()
    while True:  # share, clamp to low..high, and share again what the clamps freed
        free = [i for i in full if i not in fixed]
        if not free:
            break
        left = total_mm - sum(widths[i] for i in range(count) if i not in free)
        share = sum(area[i] for i in free) or 1.0
        for i in free:
            widths[i] = left * area[i] / share
        clamped = [i for i in free if not low <= widths[i] <= high]
        if not clamped:
            break
        for i in clamped:
            widths[i] = min(max(widths[i], low), high)
            fixed.add(i)
    if min(widths) < low - 0.01 or sum(widths) > total_mm + 0.01:
        return even, [equal] * count
    spare = (total_mm - sum(widths)) / count
    widths = [w + spare for w in widths]
    shared = fit(prepared, metrics, widths, room_mm)
    if shared.left_out_total < even.left_out_total:
        return shared, widths
    return even, [equal] * count

"""A DataTable whose cells change one at a time: the voting screen's counts, the
attendance grid's marks."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey


class CountTable(DataTable):
    """A DataTable whose cells change without the whole table being drawn again.

    DataTable.update_cell counts an update, and every row, cell and line it has cached
    carries that count in its key: one changed count drew all visible rows of the voting
    screen's two tables again, some 90 lines and 60 ms for each dot on the 2,000-entry
    session, and a mark in the attendance grid 65 ms. ``set_cell`` drops only the changed
    row from those caches and repaints that row; it is for rows of one line, whose height
    a new text cannot change. It reaches into DataTable's caches (Textual is pinned in
    constraints.txt); the voting and attendance tests and snapshots show it if an upgrade
    changes them.
    """

    def set_cell(self, row_key: str, column_key: str, value: Text) -> None:
        row = RowKey(row_key)
        self._data[row][ColumnKey(column_key)] = value
        index = self._row_locations.get(row)
        self._row_renderable_cache.discard((self._update_count, index))
        for cache in (self._cell_render_cache, self._row_render_cache):
            for key in [key for key in cache.keys() if key[0] == row]:
                cache.discard(key)
        self._line_cache.clear()  # keyed by screen line; rebuilt from the rows' caches
        self.refresh_row(index)


class ShownCells:
    """What each cell of some CountTables shows now, so that only changed cells are set
    (a dot changes two or three cells of some 600 on a step of the 2,000-entry session)."""

    def __init__(self) -> None:
        self._shown: dict[tuple[int, str, str], tuple[str, str]] = {}

    def note(self, table: CountTable, row: str, column: str, text: Text) -> None:
        """``text`` was just put in this cell (a new row)."""
        self._shown[(id(table), row, column)] = (text.plain, str(text.style))

    def update(self, table: CountTable, row: str, column: str, text: Text) -> None:
        key, look = (id(table), row, column), (text.plain, str(text.style))
        if self._shown.get(key) != look:
            self._shown[key] = look
            table.set_cell(row, column, text)

    def forget(self, table: CountTable) -> None:
        """The table was cleared."""
        self._shown = {k: v for k, v in self._shown.items() if k[0] != id(table)}

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
        """Show ``value`` in the cell; a cell that shows the same already is left alone
        (a dot changes two or three cells of some 600 on a step of the 2,000-entry
        session)."""
        row, column = RowKey(row_key), ColumnKey(column_key)
        cells = self._data[row]
        old = cells.get(column)
        if isinstance(old, Text) and old.plain == value.plain and \
                str(old.style) == str(value.style):
            return
        cells[column] = value
        index = self._row_locations.get(row)
        self._row_renderable_cache.discard((self._update_count, index))
        for cache in (self._cell_render_cache, self._row_render_cache):
            for key in [key for key in cache.keys() if key[0] == row]:
                cache.discard(key)
        self._line_cache.clear()  # keyed by screen line; rebuilt from the rows' caches
        self.refresh_row(index)

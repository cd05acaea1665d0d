"""One cell of a DataTable changed by a ticking clock, repainting only its row.

``DataTable.update_cell`` repaints the whole table: a running stand-up's speaker list and a
review's agenda change one time cell a second, and each repaint sent the whole table to the
terminal (about 5 KB a second). Here only the row goes out, unless the new text is wider than
its column, when the table must be laid out again anyway.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Region
from textual.widgets import DataTable


def update_cell_in_row(table: DataTable, row: str, column: str, value: Text | str) -> None:
    """``table.update_cell(row, column, value)``, repainting that row alone when it fits."""
    width = cell_len(value.plain if isinstance(value, Text) else value)
    fits = any(c.key.value == column and width <= c.content_width for c in table.columns.values())
    if not fits:
        table.update_cell(row, column, value, update_width=True)
        return
    own = vars(table).get("refresh")
    table.refresh = _no_refresh  # type: ignore[method-assign,assignment]  # not the whole table
    try:
        table.update_cell(row, column, value)
    finally:
        if own is None:
            del table.refresh
        else:
            table.refresh = own  # type: ignore[method-assign]
    _refresh_row(table, table.get_row_index(row))


def _refresh_row(table: DataTable, index: int) -> None:
    """``table.refresh_row(index)`` without its walk over every row to find where the row is:
    when each row is one line high (the table's height is its header and one line a row), it
    is at line ``index`` under the header. A review list of 300 reviews redid that walk at
    every change of one review (benchmarks/scale.py --only meetings)."""
    header = table.header_height if table.show_header else 0
    if table.virtual_size.height != header + table.row_count:
        table.refresh_row(index)  # rows of several lines, or not laid out yet
        return
    width = max(table.size.width, table.virtual_size.width)
    region = Region(0, header + index, width, 1)
    if table.window_region.overlaps(region):
        table.refresh(region.translate(-table.scroll_offset))


def _no_refresh(*_regions: object, **_options: object) -> None:
    return None

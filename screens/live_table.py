"""One cell of a DataTable changed by a ticking clock, repainting only its row.

``DataTable.update_cell`` repaints the whole table: a running stand-up's speaker list and a
review's agenda change one time cell a second, and each repaint sent the whole table to the
terminal (about 5 KB a second). Here only the row goes out, unless the new text is wider than
its column, when the table must be laid out again anyway.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
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
    table.refresh_row(table.get_row_index(row))


def _no_refresh(*_regions: object, **_options: object) -> None:
    return None

"""A ticking cell repaints its row only, and still shows the new value at the right width."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from screens.live_table import update_cell_in_row


class Table(App[None]):
    def __init__(self, rows: int = 5) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Name", key="name")
        table.add_column("Time", key="time")
        for n in range(self.rows):
            table.add_row(f"person {n}", "0:00", key=str(n))


async def test_a_cell_that_fits_repaints_only_its_row(monkeypatch) -> None:
    app = Table()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        repaints: list[tuple] = []
        real_refresh = DataTable.refresh

        def spy(self, *regions, **options):
            repaints.append(regions)
            return real_refresh(self, *regions, **options)

        monkeypatch.setattr(DataTable, "refresh", spy)
        update_cell_in_row(table, "2", "time", "0:07")
        await pilot.pause()
        assert table.get_cell("2", "time") == "0:07"
        assert repaints and all(regions for regions in repaints)  # regions: never the whole
        assert all(region.height == 1 for regions in repaints for region in regions)
        assert "0:07" in "".join(s.text for s in table.render_line(3))  # header, rows 0..2


async def test_a_wider_value_widens_its_column() -> None:
    app = Table()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        before = table.columns[next(k for k in table.columns if k.value == "time")].content_width
        update_cell_in_row(table, "1", "time", "+12:34 over")
        await pilot.pause()
        after = table.columns[next(k for k in table.columns if k.value == "time")].content_width
        assert table.get_cell("1", "time") == "+12:34 over" and after > before


async def test_a_row_of_a_long_scrolled_table_is_found_without_walking_the_rows(
    monkeypatch,
) -> None:
    """300 one-line rows, scrolled: the changed row is repainted where it is on screen, and
    the table's ordered rows (a walk over all 300) are not asked for."""
    app = Table(rows=300)
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        table.move_cursor(row=150, animate=False)
        await pilot.pause()
        top = round(table.scroll_y)
        assert top > 100
        walks: list[int] = []
        ordered = DataTable.ordered_rows

        def counted(self):  # type: ignore[no-untyped-def]
            walks.append(1)
            return ordered.fget(self)

        monkeypatch.setattr(DataTable, "ordered_rows", property(counted))
        update_cell_in_row(table, "152", "time", "0:42")
        assert walks == []
        monkeypatch.undo()
        await pilot.pause()
        line = 152 - top + table.header_height  # the row's line in the table's window
        assert "0:42" in "".join(s.text for s in table.render_line(line))
        update_cell_in_row(table, "3", "time", "0:43")  # off screen: nothing to repaint now
        table.move_cursor(row=3, animate=False)
        await pilot.pause()
        assert table.get_cell("3", "time") == "0:43"
        assert "0:43" in "".join(s.text for s in table.render_line(3 - round(table.scroll_y) + 1))

"""A ticking cell repaints its row only, and still shows the new value at the right width."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from screens.live_table import update_cell_in_row


class Table(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Name", key="name")
        table.add_column("Time", key="time")
        for n in range(5):
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

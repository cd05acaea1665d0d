"""Snapshots of the board and the plan at 80x24, 120x40 and with the 16 ANSI colours (the
terminal's own palette: the cursor's column must differ from an over-WIP one by more than red).
"""

from __future__ import annotations

import pytest

from ritual.iteration import Column
from screens.app import RitualApp

SIZES = [(80, 24), (120, 40)]


def _over_wip(services) -> None:
    it = services.board.current_iteration()
    services.board.set_wip_limit(it.id, Column.REVIEW, 2)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_board(snap_compare, demo_services, size) -> None:
    _over_wip(demo_services)
    assert snap_compare(RitualApp(demo_services, mode="board"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_plan(snap_compare, demo_services, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("right")  # one card planned in
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = RitualApp(demo_services, mode="plan")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("mode", ["board", "plan"])
def test_16_colours(snap_compare, demo_services, mode) -> None:
    _over_wip(demo_services)

    async def run_before(pilot) -> None:
        pilot.app.ansi_color = True  # the terminal's 16 colours, no truecolor theme
        await pilot.pause()

    app = RitualApp(demo_services, mode=mode)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)

"""How the screens look, at the 80x24 an SSH session often has: compared with accepted SVGs.

Deterministic: a fixed user, a manual clock, the demo team. After a deliberate change to a
screen's look, review the new pictures and accept them with ``pytest --snapshot-update``.
"""

from __future__ import annotations

from screens.app import RitualApp


def test_home(snap_compare, demo_services) -> None:
    assert snap_compare(RitualApp(demo_services), terminal_size=(80, 24))


def test_board(snap_compare, demo_services) -> None:
    assert snap_compare(RitualApp(demo_services, mode="board"), terminal_size=(80, 24))


def test_standup_running_in_overtime(snap_compare, demo_services) -> None:
    clock = demo_services.clock

    async def run_before(pilot) -> None:
        await pilot.press("space")
        await pilot.app.workers.wait_for_complete()
        clock.advance(125)  # the first speaker is 5 s over their 2:00
        pilot.app.screen.tick()
        await pilot.pause()

    app = RitualApp(demo_services, mode="standup")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_review_meeting(snap_compare, demo_services) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("enter")  # open the demo review
        await pilot.pause()

    app = RitualApp(demo_services, mode="review")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)

"""The plan screen as a person uses it: the backlog beside the iteration being planned, cards
moved in and out with keys, the capacity gauge, and after the start the scope log and the
burn-up; an early close that starts the next iteration today."""

from __future__ import annotations

from board_helpers import screen_text
from helpers.pilot import settle
from textual.widgets import Static

from ritual.clock import team_today
from screens.app import RitualApp
from screens.dialogs import PromptDialog
from screens.plan.screen import PlanScreen
from screens.services import Services


def plan(app: RitualApp) -> PlanScreen:
    return next(s for s in app.screen_stack if isinstance(s, PlanScreen))


async def test_plan_the_next_iteration_against_its_capacity(demo_services: Services) -> None:
    board = demo_services.board
    nxt = board.next_iteration()
    assert nxt is not None and nxt.capacity == 60
    app = RitualApp(demo_services, mode="plan")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan(app)
        assert screen.target.id == nxt.id
        backlog_before = [c.id for c in screen.backlog]
        first = screen.backlog[0]
        await pilot.press("right")  # into the iteration being planned
        await settle(pilot)
        assert app.screen is screen  # before the start: one key, no question
        assert board.card(first.id).iteration_id == nxt.id
        committed = sum(c.points or 0 for c in screen.sprint)
        assert f"{committed} committed of 60 pts" in screen_text(app)
        assert [c.id for c in screen.backlog] == backlog_before[1:]
        # Planning ahead is not a change of scope of the running iteration.
        assert board.iteration(nxt.id).scope == []
        # Over capacity is said in words, not only in colour.
        board.update_iteration(nxt.id, capacity=1)
        app.broadcast_change()
        await settle(pilot)
        assert "over capacity" in screen_text(app)
        await pilot.press("tab", "left")  # to the iteration's list, then back out
        await settle(pilot)
        assert board.card(first.id).iteration_id is None
        assert [c.id for c in screen.backlog] == backlog_before


async def test_after_the_start_scope_changes_show_in_the_log_and_the_burn_up(
    demo_services: Services,
) -> None:
    board = demo_services.board
    current, nxt = board.current_iteration(), board.next_iteration()
    tz = demo_services.team.team().timezone
    today = team_today(demo_services.clock, tz)
    board.close_iteration(current.id, "backlog")  # closed early: Sprint 15 starts today
    started = board.iteration(nxt.id)
    assert started.state == "current" and started.start == today.isoformat()
    assert started.days_left(today) == 14
    app = RitualApp(demo_services, mode="plan")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan(app)
        assert screen.target.id == nxt.id
        card = screen.backlog[0]
        await pilot.press("right")  # under way: the change asks why, optionally
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)
        assert "Why the scope changes (optional; escape cancels)" in screen_text(app)
        await pilot.press(*"customer asked", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert board.card(card.id).iteration_id == nxt.id
        text = screen_text(app)
        assert "Burn-up" in text and "Scope changes" in text
        assert f"+#{card.id} " in text
        side = str(screen.query_one("#plan-side", Static).content)  # wider than the screen
        assert f"+#{card.id} " in side and "(maya: customer asked)" in side
        await pilot.press("tab", "left")
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"no time", "escape")  # escape cancels the whole change
        await settle(pilot)
        assert app.screen is screen
        assert board.card(card.id).iteration_id == nxt.id
        assert len(board.iteration(nxt.id).scope) == 1
        await pilot.press("left", "enter")  # an empty reason is fine
        await settle(pilot)
        assert app.screen is screen
        scope = board.iteration(nxt.id).scope
        assert [(s["card"], s["change"], s["by"], s["reason"]) for s in scope] == [
            (card.id, "added", "maya", "customer asked"),
            (card.id, "removed", "maya", ""),
        ]
        assert board.card(card.id).iteration_id is None
        assert f"−#{card.id} " in screen_text(app)

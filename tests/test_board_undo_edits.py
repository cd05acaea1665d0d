"""ctrl+z on the board also puts back a card's edit (the card form) and an iteration's goal,
WIP limits, days off or focus: as a new change, refused after a teammate's change."""

from __future__ import annotations

from pathlib import Path

import pytest

from ritual.clock import ManualClock
from ritual.errors import RitualError
from ritual.iteration import Column
from storage.board_repo import BoardRepo
from storage.store import Store


@pytest.fixture
def repo(store: Store) -> BoardRepo:
    return BoardRepo(store)


def test_a_card_edit_is_undone_with_its_move(repo: BoardRepo) -> None:
    repo.plan_iteration("Sprint 1", "2026-11-30", "2026-12-11")
    card = repo.add_card("Login", column="todo", points=3, labels=["api"])
    repo.edit_card(card, title="Log in", points="5", labels=["api", "web"])
    assert repo.undo().startswith("undone: 1 card change")
    back = repo.card(card.id)
    assert (back.title, back.points, back.labels) == ("Login", 3, ["api"])
    repo.edit_card(back, title="Sign in", column="doing")
    assert repo.card(card.id).column is Column.DOING
    repo.undo()
    again = repo.card(card.id)
    assert (again.title, again.column) == ("Login", Column.TODO)


def test_a_card_edit_is_not_undone_after_a_teammates_change(
    repo: BoardRepo, db_path: Path, clock: ManualClock
) -> None:
    card = repo.add_card("Login", column="backlog", iteration_id=None)
    repo.edit_card(card, description="the form")
    bob = BoardRepo(Store(db_path, "bob", clock).open())
    bob.edit_card(bob.card(card.id), title="Login page")
    with pytest.raises(RitualError, match="bob changed card"):
        repo.undo()
    assert repo.card(card.id).description == "the form"


def test_an_iterations_goal_limits_and_days_off_are_undone(
    repo: BoardRepo, db_path: Path, clock: ManualClock
) -> None:
    repo.team.add_member("Ann")
    it = repo.plan_iteration("Sprint 1", "2026-11-30", "2026-12-11", goal="Ship login")
    repo.set_goal(it.id, "Ship checkout")
    assert "iteration's settings are back" in repo.undo()
    assert repo.iteration(it.id).goal == "Ship login"
    repo.set_away(it.id, "Ann", 2)
    assert repo.iteration(it.id).days_off  # kept by Ann's id
    repo.undo()
    assert repo.iteration(it.id).away == {} and not repo.iteration(it.id).days_off
    repo.set_wip_limit(it.id, Column.DOING, 3)
    bob = BoardRepo(Store(db_path, "bob", clock).open())
    bob.set_goal(it.id, "Bob's goal")
    with pytest.raises(RitualError, match="bob changed iteration 'Sprint 1' since your change"):
        repo.undo()
    assert repo.iteration(it.id).wip_limits == {"doing": 3}


async def test_ctrl_z_on_the_plan_puts_the_goal_back(demo_services) -> None:
    from helpers.pilot import settle
    from textual.widgets import Input

    from screens.app import RitualApp
    from screens.dialogs import PromptDialog
    from screens.plan.screen import PlanScreen

    board = demo_services.board
    app = RitualApp(demo_services, mode="plan")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = next(s for s in app.screen_stack if isinstance(s, PlanScreen))
        it = screen.target
        assert it is not None
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)
        app.screen.query_one(Input).value = "A new goal"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert board.iteration(it.id).goal == "A new goal"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert board.iteration(it.id).goal == it.goal
        assert any("iteration's settings are back" in n.message for n in app._notifications)


async def test_ctrl_z_on_the_board_puts_a_card_edit_back(demo_services) -> None:
    from helpers.pilot import settle
    from textual.widgets import Input

    from screens.app import RitualApp
    from screens.board.card_form import CardForm
    from screens.board.screen import BoardScreen

    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = next(s for s in app.screen_stack if isinstance(s, BoardScreen))
        card = screen.current_card
        assert card is not None
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, CardForm)
        app.screen.query_one("#title", Input).value = "Renamed"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_services.board.card(card.id).title == "Renamed"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert demo_services.board.card(card.id).title == card.title

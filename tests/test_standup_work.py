"""The work in view while someone speaks: their cards, what moved since the last stand-up."""

from __future__ import annotations

from pathlib import Path

import pendulum
from helpers.cli import ritual
from helpers.pilot import settle
from textual.widgets import Static

from ritual.clock import ManualClock
from ritual.iteration import Card, Column
from ritual.standup import Standup
from ritual.standup_work import work_in_view, working_days_between
from screens.app import RitualApp
from screens.services import Services
from storage.standup_repo import StandupRepo

NOW = pendulum.datetime(2026, 11, 27, 9, 0, tz="UTC")  # a Friday
LAST = "2026-11-26T09:00:00+00:00"  # Thursday's stand-up


def card(i: int, column: Column, **kw) -> Card:
    fields = {"assignee": "Ann", "updated_at": "2026-11-26T10:00:00+00:00", **kw}
    return Card(i, f"Card {i}", column, 1, **fields)


def test_changed_cards_first_then_those_in_progress_with_their_days() -> None:
    cards = [
        card(1, Column.DONE, done_at="2026-11-26T15:00:00+00:00"),  # finished since
        card(2, Column.DONE, done_at="2026-11-20T15:00:00+00:00"),  # finished before
        card(3, Column.REVIEW, column_since="2026-11-26T16:00:00+00:00"),  # moved since
        card(4, Column.TODO, blocked=True, blocked_since="2026-11-26T11:00:00+00:00"),
        card(
            5,
            Column.DOING,
            column_since="2026-11-20T09:00:00+00:00",
            updated_at="2026-11-24T09:00:00+00:00",  # untouched Tue -> Fri: 3 working days
        ),
        card(6, Column.DOING, column_since="2026-11-25T09:00:00+00:00"),
        card(7, Column.DOING, assignee="Ben"),  # someone else's
    ]
    lines = work_in_view(cards, "ann", LAST, NOW, stale_days=2)
    assert [(w.card_id, w.kind) for w in lines] == [
        (1, "done"),
        (3, "moved"),
        (4, "blocked"),
        (5, "in progress"),
        (6, "in progress"),
    ]
    five, six = lines[3], lines[4]
    assert (five.days, five.stale) == (7, True)
    assert (six.days, six.stale) == (2, False)


def test_working_days_skip_the_weekend() -> None:
    friday = pendulum.datetime(2026, 11, 27, tz="UTC")
    assert working_days_between(friday, friday.add(days=3)) == 1  # Mon
    assert working_days_between(friday.subtract(days=1), friday) == 1


async def test_a_card_moved_by_another_process_is_in_view_while_its_owner_speaks(
    services: Services, db_path: Path, clock: ManualClock
) -> None:
    services.team.add_member("Ann", login="ann")
    services.team.add_member("Ben", login="ben")
    board = services.board
    board.start_iteration("S1", "2026-11-23", "2026-12-04")
    moved = board.add_card("Search results page", column="doing", assignee="Ann")
    board.add_card("Someone else's card", column="doing", assignee="Ben")
    repo = StandupRepo(services.store)
    yesterday = repo.today()
    repo.act(yesterday, Standup.start)
    repo.act(yesterday, Standup.end)
    # between the two stand-ups a teammate's script moves Ann's card (a real process)
    done = ritual(db_path, "card", "move", str(moved.id), "review")
    assert done.returncode == 0, done.stderr
    clock.advance(days=1)
    services.store.refresh()
    app = RitualApp(services, mode="standup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("space")  # Ann speaks first
        await settle(pilot)
        work = str(app.screen.query_one("#speaker-work", Static).render())
        assert f"#{moved.id} Search results page (→ In review)" in work
        assert "Someone else" not in work
        await pilot.press("n")  # Ben: his card is in progress, not moved
        await settle(pilot)
        work = str(app.screen.query_one("#speaker-work", Static).render())
        assert "Someone else's card (In progress 1d)" in work and "Search results" not in work


def test_walking_the_board_orders_people_by_their_cards_right_to_left() -> None:
    from ritual.standup_work import board_order

    people = [(1, "Ann"), (2, "Ben"), (3, "Cy"), (4, "Di")]
    cards = [
        Card(1, "a", Column.TODO, 1, assignee="Ann"),
        Card(2, "b", Column.REVIEW, 1, assignee="Cy", column_since="2026-11-26T09:00:00Z"),
        Card(3, "c", Column.REVIEW, 1, assignee="Ben", column_since="2026-11-25T09:00:00Z"),
        Card(4, "d", Column.DONE, 1, assignee="Di"),  # done: nothing to walk
    ]
    # Ben's card has sat in review longest, then Cy's; Ann's is only to do; Di has none left
    assert board_order(people, cards) == [2, 3, 1, 4]


async def test_w_before_the_start_walks_the_board(services: Services, clock: ManualClock) -> None:
    for name in ("Ann", "Ben", "Cy"):
        services.team.add_member(name)
    board = services.board
    board.start_iteration("S1", "2026-11-23", "2026-12-04")
    board.add_card("Review me", column="review", assignee="Cy")
    board.add_card("Doing it", column="doing", assignee="Ben")
    app = RitualApp(services, mode="standup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
    s = StandupRepo(services.store).for_date("2026-11-26")
    assert [sp.name for sp in s.speakers] == ["Cy", "Ben", "Ann"]
    assert s.current_speaker.name == "Cy"

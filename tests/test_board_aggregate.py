"""The board's rules (ritual/board.py) through the repository that applies them in one unit of
work: one place per card, scope changes after the start, closing early, WIP limits kept."""

from __future__ import annotations

from pathlib import Path

import orjson
import pendulum
import pytest
from helpers.cli import ritual

from ritual.board import Board, becomes_current_when
from ritual.clock import ManualClock
from ritual.errors import RitualError
from ritual.iteration import Column, Iteration
from storage.board_repo import BoardRepo
from storage.schema import SCHEMA_VERSION
from storage.store import Store


@pytest.fixture
def repo(store: Store) -> BoardRepo:
    return BoardRepo(store)


def test_without_an_iteration_cards_go_to_the_backlog_and_sprint_columns_are_refused(
    repo: BoardRepo,
) -> None:
    card = repo.add_card("An idea")
    assert (card.column, card.iteration_id) == (Column.BACKLOG, None)
    with pytest.raises(RitualError, match="no current iteration"):
        repo.add_card("Work", column="doing")
    with pytest.raises(RitualError, match="no current iteration"):
        repo.move_card(card.id, Column.DOING)
    assert repo.card(card.id).column is Column.BACKLOG


def test_every_card_is_in_one_place_and_moves_record_since_when(
    repo: BoardRepo, clock: ManualClock
) -> None:
    it = repo.plan_iteration("Sprint 1", "2026-11-30", "2026-12-11")
    card = repo.add_card("Login", column="backlog")
    clock.advance(minutes=5)
    moved = repo.move_card(card.id, "doing")
    assert (moved.column, moved.iteration_id) == (Column.DOING, it.id)
    assert moved.column_since == clock.now().in_timezone("UTC").isoformat()
    back = repo.move_card(card.id, "backlog")
    assert (back.column, back.iteration_id) == (Column.BACKLOG, None)
    blocked = repo.set_blocked(card.id, True, "waiting on legal")
    assert blocked.blocked_since and blocked.blocked_reason == "waiting on legal"
    clock.advance(minutes=5)
    again = repo.set_blocked(card.id, True, "still legal")
    assert again.blocked_since == blocked.blocked_since  # blocked since the first time
    assert repo.set_blocked(card.id, False).blocked_since == ""


def test_scope_changes_after_the_start_are_recorded_with_who_when_and_why(
    repo: BoardRepo,
) -> None:
    it = repo.plan_iteration("Sprint 1", "2026-11-30", "2026-12-11")
    planned = repo.plan_iteration("Sprint 2", "2026-12-14", "2026-12-25")
    idea = repo.add_card("Idea", column="backlog", points=3)
    repo.plan_card(idea.id, planned.id)  # planning a future iteration is not a scope change
    assert repo.iteration(planned.id).scope == []
    pulled = repo.add_card("Hotfix", column="backlog", points=2)
    repo.move_card(pulled.id, "todo", reason="prod is down")
    direct = repo.add_card("Direct", column="todo")
    repo.move_card(direct.id, "backlog")
    repo.delete_card(pulled.id, reason="duplicate")
    scope = repo.iteration(it.id).scope
    assert [(s["title"], s["change"], s["by"], s["reason"]) for s in scope] == [
        ("Hotfix", "added", "alice", "prod is down"),
        ("Direct", "added", "alice", ""),
        ("Direct", "removed", "alice", ""),
        ("Hotfix", "removed", "alice", "duplicate"),
    ]
    assert all(s["at"] for s in scope)


def test_closing_early_starts_the_next_today_with_its_length_and_keeps_wip_limits(
    repo: BoardRepo, clock: ManualClock
) -> None:
    today = clock.now().in_timezone(repo.team.team().timezone).date()
    first = repo.plan_iteration("Sprint 1", today.subtract(days=3).isoformat(), "2099-01-10")
    repo.set_wip_limit(first.id, Column.DOING, 2)
    start, end = today.add(days=20), today.add(days=33)
    second = repo.plan_iteration("Sprint 2", start.isoformat(), end.isoformat())
    assert second.wip_limits == {"doing": 2}  # a new iteration starts with the latest limits
    repo.update_iteration(second.id, wip_limits={})
    left = repo.add_card("Unfinished", column="doing")
    moved = repo.close_iteration(first.id, "next")
    assert moved == 1
    closed, now = repo.iteration(first.id), repo.iteration(second.id)
    assert closed.end == today.isoformat()
    assert (now.state, now.start, now.end) == (
        "current",
        today.isoformat(),
        today.add(days=13).isoformat(),
    )
    assert now.days_left(today) == 14
    assert now.wip_limits == {"doing": 2}
    card = repo.card(left.id)
    assert (card.iteration_id, card.column) == (second.id, Column.DOING)


def test_the_new_iteration_form_says_which_one_starts_on_close() -> None:
    cur = Iteration(1, "Sprint 1", state="current")
    nxt = Iteration(2, "Sprint 2", start="2026-12-14", state="planned")
    assert becomes_current_when([]) == "It starts now."
    assert becomes_current_when([cur]) == "It becomes current when you close Sprint 1."
    assert "after Sprint 2" in becomes_current_when([cur, nxt])


def test_the_aggregate_changes_only_what_the_operation_touched() -> None:
    it = Iteration(1, "S", start="2026-11-30", end="2026-12-11", state="current")
    board = Board([it], [], "ann", "2026-12-01T09:00:00+00:00")
    board.close(1, pendulum.date(2026, 12, 1))
    assert board.changed_iterations == {1} and board.card_changes == {}
    with pytest.raises(RitualError, match="already closed"):
        board.close(1, pendulum.date(2026, 12, 1))


def _v1_file(path: Path) -> bytes:
    data = {
        "meta": {"1": {"schema": 1, "next_id": {"cards": 6, "iterations": 3}}},
        "iterations": {
            "1": {"name": "Old", "state": "closed", "start": "2026-11-02", "end": "2026-11-13"},
            "2": {"name": "Now", "state": "current", "start": "2026-11-16", "end": "2026-11-27"},
        },
        "cards": {
            "1": {"title": "sprint backlog", "column": "backlog", "iteration_id": 2},
            "2": {"title": "before any iteration", "column": "doing", "iteration_id": None},
            "3": {"title": "product backlog", "column": "backlog", "iteration_id": None},
            "4": {"title": "in progress", "column": "doing", "iteration_id": 2, "blocked": True},
            "5": {"title": "done long ago", "column": "done", "iteration_id": 1},
        },
    }
    path.write_bytes(orjson.dumps(data))
    return path.read_bytes()


def test_a_version_1_file_migrates_every_card_into_one_place_after_a_backup(
    tmp_path: Path, clock: ManualClock
) -> None:
    db = tmp_path / "team.json"
    original = _v1_file(db)
    store = Store(db, "ann", clock).open()
    repo = BoardRepo(store)
    places = {c.title: (c.column.value, c.iteration_id) for c in repo.cards("all")}
    assert places == {
        "sprint backlog": ("backlog", None),
        "before any iteration": ("doing", 2),
        "product backlog": ("backlog", None),
        "in progress": ("doing", 2),
        "done long ago": ("done", 1),
    }
    assert db.read_bytes() == original  # reading never writes
    repo.add_card("after")
    assert (tmp_path / "team.json.v1.bak").read_bytes() == original
    assert orjson.loads(db.read_bytes())["meta"]["1"]["schema"] == SCHEMA_VERSION
    # The board and `card list` show the same cards, each once.
    listed = orjson.loads(ritual(db, "card", "list", "--json").stdout)
    board = repo.board_cards(2)
    assert sorted(c["id"] for c in listed) == sorted(c.id for c in board)
    backlog = orjson.loads(ritual(db, "card", "list", "--column", "backlog", "--json").stdout)
    assert {c["title"] for c in backlog} == {"sprint backlog", "product backlog"}


def test_without_an_iteration_a_file_puts_sprint_cards_in_the_backlog(
    tmp_path: Path, clock: ManualClock
) -> None:
    db = tmp_path / "team.json"
    db.write_bytes(
        orjson.dumps(
            {
                "meta": {"1": {"schema": 1, "next_id": {"cards": 2}}},
                "cards": {"1": {"title": "t", "column": "review", "iteration_id": None}},
            }
        )
    )
    card = BoardRepo(Store(db, "ann", clock).open()).card(1)
    assert (card.column, card.iteration_id) == (Column.BACKLOG, None)


def test_undo_puts_back_my_last_move_block_and_delete_as_new_changes(
    repo: BoardRepo, clock: ManualClock
) -> None:
    it = repo.plan_iteration("Sprint 1", "2026-11-30", "2026-12-11")
    card = repo.add_card("Login", column="todo", points=3)
    repo.move_card(card.id, "backlog")
    assert repo.undo().startswith("undone")
    back = repo.card(card.id)
    assert (back.column, back.iteration_id) == (Column.TODO, it.id)
    assert [s["change"] for s in repo.iteration(it.id).scope][-2:] == ["removed", "added"]
    repo.set_blocked(card.id, True, "legal")
    repo.undo()
    assert not repo.card(card.id).blocked
    repo.delete_card(card.id)
    repo.undo()
    [again] = [c for c in repo.cards(it.id) if c.title == "Login"]
    assert (again.column, again.points) == (Column.TODO, 3)
    with pytest.raises(RitualError, match="nothing to undo"):
        repo.undo()


def test_undo_is_refused_when_a_teammate_changed_the_card_since(
    repo: BoardRepo, store: Store, db_path: Path, clock: ManualClock
) -> None:
    repo.plan_iteration("Sprint 1", "2026-11-30", "2026-12-11")
    card = repo.add_card("Login", column="todo")
    repo.move_card(card.id, "doing")
    bob = BoardRepo(Store(db_path, "bob", clock).open())
    bob.move_card(card.id, "review")
    before = db_path.read_bytes()
    with pytest.raises(RitualError, match="bob changed card"):
        repo.undo()
    assert db_path.read_bytes() == before
    assert repo.card(card.id).column is Column.REVIEW

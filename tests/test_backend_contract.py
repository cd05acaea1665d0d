"""One contract, two backends: the shared file (storage.store.Store) and the team database
(storage.pg_store.PgStore) must behave the same for everything the repositories do.

The database runs in a throw-away PostgreSQL server (tests/helpers/pg.py); without server
binaries these skip with the reason locally and fail in CI.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import backend_workers as w

from ritual.clock import ManualClock
from ritual.iteration import Column
from storage.backend import Backend
from storage.board_repo import CARDS, BoardRepo
from storage.errors import NotFound
from storage.pg_store import PgStore
from storage.store import Store
from storage.team_repo import TeamRepo


@pytest.fixture(params=["file", "postgres"])
def team(request, tmp_path: Path, clock: ManualClock) -> tuple[str, Callable[..., Any]]:
    """(location, open_as): ``open_as(user)`` is a new handle on one fresh, empty team."""
    if request.param == "file":
        path = tmp_path / "team.json"
        with Store(path, "alice", clock).open(create=True).transaction() as tx:
            tx.ensure_meta()  # the file exists, as after 'ritual init'

        def open_file(user: str, create: bool = False) -> Store:
            return Store(path, user, clock).open(create=True)

        return str(path), open_file
    server = request.getfixturevalue("pg_server")
    db = server.new_database()
    PgStore(server.url(db, "alice"), None, clock).open(create=True)
    server.grant(db)

    def open_db(user: str, create: bool = False) -> PgStore:
        return PgStore(server.url(db, user), None, clock).open()

    return server.url(db, "alice"), open_db


def scenario(store: Backend, clock: ManualClock) -> None:
    """Every kind of repository operation the app and the CLI use, in one script."""
    from ritual.cli.demo import seed
    from storage.review_repo import ReviewRepo
    from storage.standup_repo import StandupRepo

    seed(store, clock)  # type: ignore[arg-type]
    team, board = TeamRepo(store), BoardRepo(store)  # type: ignore[arg-type]
    team.update_team(name="Platform")
    team.add_member("Zoe", login="zoe")
    team.remove_member("Zoe")
    card = board.add_card("Contract card", column="todo", points=3)
    board.move_card(card.id, Column.DOING)
    board.set_blocked(card.id, True, "waiting for keys")
    stale = board.card(card.id)
    board.edit_card(stale, title="Mine first")
    edit = board.edit_card(stale, title="Theirs second")
    assert edit.conflicts, "the stale edit is told someone else changed the title"
    board.clear_conflicts(card.id)
    board.delete_card(board.add_card("Short-lived").id)
    reviews = ReviewRepo(store)  # type: ignore[arg-type]
    review = reviews.reviews()[0]
    item = reviews.add_item(review.id, "Contract item")
    reviews.save_notes(item, "notes typed")
    standups = StandupRepo(store)  # type: ignore[arg-type]
    standups.current()


def test_the_same_operations_leave_the_same_records_in_the_file_and_the_database(
    pg_server, tmp_path: Path, clock: ManualClock
):
    file_store = Store(tmp_path / "team.json", "alice", clock).open(create=True)
    db = pg_server.new_database()
    db_store = PgStore(pg_server.url(db, "alice"), None, clock).open(create=True)
    scenario(file_store, clock)
    scenario(db_store, clock)
    from_file, from_db = file_store.dump(), db_store.dump()
    assert from_file.keys() == from_db.keys()
    assert {t: len(r) for t, r in from_file.items()} == {t: len(r) for t, r in from_db.items()}
    assert from_file == from_db
    # and a second handle reads it all back from the database alone
    again = PgStore(pg_server.url(db, "alice"), None, clock).open()
    assert again.dump() == from_db


def test_ids_are_distinct_and_never_reused_after_a_delete(team):
    _, open_as = team
    store = open_as("alice")
    with store.transaction() as tx:
        first = tx.insert(CARDS, {"title": "a"})["id"]
        second = tx.insert(CARDS, {"title": "b"})["id"]
        tx.delete(CARDS, second)
    with open_as("bob").transaction() as tx:
        third = tx.insert(CARDS, {"title": "c"})["id"]
    assert len({first, second, third}) == 3
    store.refresh()
    assert [d["title"] for d in store.all(CARDS)] == ["a", "c"]


def test_a_failed_unit_of_work_writes_nothing(team):
    _, open_as = team
    store = open_as("alice")
    with pytest.raises(ZeroDivisionError), store.transaction() as tx:
        tx.insert(CARDS, {"title": "half"})
        1 / 0  # noqa: B018
    assert store.all(CARDS) == []
    assert open_as("bob").all(CARDS) == []
    with pytest.raises(NotFound), store.transaction() as tx:
        tx.patch(CARDS, 999, {"title": "x"})
    with pytest.raises(RuntimeError), store.transaction(), store.transaction():
        pass


def test_who_when_and_revision_are_stamped_and_meta_round_trips(team, clock: ManualClock):
    _, open_as = team
    alice, bob = open_as("alice"), open_as("bob")
    with alice.transaction() as tx:
        doc = tx.insert(CARDS, {"title": "a"})
        tx.set_meta("standup", {"bell": True})
    clock.advance(60)
    with bob.transaction() as tx:
        changed = tx.patch(CARDS, doc["id"], {"column": "doing"}).doc
        assert tx.get_meta("standup") == {"bell": True}
    assert (doc["rev"], doc["updated_by"]) == (1, "alice")
    assert (changed["rev"], changed["updated_by"], changed["created_by"]) == (2, "bob", "alice")
    assert changed["updated_at"] > doc["updated_at"]
    alice.refresh()
    assert alice.meta()["standup"] == {"bell": True}


def test_two_stale_copies_keep_both_texts_as_conflict_copies_until_cleared(team):
    _, open_as = team
    alice, bob = open_as("alice"), open_as("bob")
    card = BoardRepo(alice).add_card("Original", iteration_id=None)
    BoardRepo(bob).edit_card(card, title="Bob's title")
    edit = BoardRepo(alice).edit_card(card, title="Alice's title")
    assert [(c.field, c.text, c.by) for c in edit.conflicts] == [("title", "Bob's title", "bob")]
    bob.refresh()
    stored = BoardRepo(bob).card(card.id)
    assert stored.title == "Alice's title"
    assert [(c["text"], c["by"]) for c in stored.conflicts] == [("Bob's title", "bob")]
    BoardRepo(bob).clear_conflicts(card.id)
    alice.refresh()
    assert BoardRepo(alice).card(card.id).conflicts == []


def test_writers_in_four_processes_lose_no_update_and_share_no_id(team):
    location, open_as = team
    ctx = multiprocessing.get_context("spawn")
    go, out = ctx.Event(), ctx.Queue()
    procs = [
        ctx.Process(target=w.add_cards, args=(location, None, f"p{i}", 25, out, go))
        for i in range(4)
    ]
    for p in procs:
        p.start()
    go.set()
    results = dict(out.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(30)
    ids = [i for got in results.values() for i in got]
    assert len(ids) == 100 == len(set(ids))
    some = ids[:5]
    go2 = ctx.Event()
    procs = [
        ctx.Process(target=w.set_own_field, args=(location, None, f"w{i}", some, 6, go2))
        for i in range(3)
    ]
    for p in procs:
        p.start()
    go2.set()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    store = open_as("alice")
    assert store.count(CARDS) == 100
    for card_id in some:
        doc = store.get(CARDS, card_id)
        assert {doc[f"field_w{i}"] for i in range(3)} == {5}, doc
        assert doc["rev"] == 1 + 3 * 6


def test_another_process_s_change_is_heard_and_read_within_a_second(team):
    location, open_as = team
    watching = open_as("alice")
    heard: list[bool] = []
    watcher = watching.watcher(lambda: heard.append(True))
    watcher.start_polling()
    if hasattr(watcher, "wait_listening"):
        assert watcher.wait_listening()
    try:
        before = watching.version
        ctx = multiprocessing.get_context("spawn")
        go, out = ctx.Event(), ctx.Queue()
        proc = ctx.Process(target=w.add_cards, args=(location, None, "far", 1, out, go))
        proc.start()
        go.set()
        _, (card_id,) = out.get(timeout=60)
        proc.join(30)
        deadline = time.monotonic() + 1.0
        while not watcher.check() and time.monotonic() < deadline:
            time.sleep(0.02)  # polling an event with a deadline, not waiting for a timer
        assert heard, "no change heard within a second of the other process's commit"
        assert watching.refresh()
        assert watching.version != before
        assert watching.get(CARDS, card_id)["title"] == "far-0"
    finally:
        watcher.stop()


def test_repositories_in_one_unit_of_work_see_its_changes_and_land_whole(team):
    from storage.unit_of_work import UnitOfWork

    _, open_as = team
    store, other = open_as("alice"), open_as("bob")
    with UnitOfWork(store) as uow:
        uow.team.add_member("Maya", login="maya")
        card = uow.board.add_card("Fix login", column="backlog", assignee="Maya")
        uow.board.set_blocked(card.id, True, "waiting for keys")
        assert other.count(CARDS) == 0  # nothing is visible to others before the unit ends
    other.refresh()
    stored = BoardRepo(other).card(card.id)
    assert (stored.assignee, stored.blocked, stored.blocked_reason) == (
        "Maya",
        True,
        "waiting for keys",
    )
    with pytest.raises(ZeroDivisionError), UnitOfWork(store) as uow:
        uow.board.add_card("Half done")
        1 / 0  # noqa: B018
    assert [c.title for c in BoardRepo(store).cards()] == ["Fix login"]


def test_agenda_counts_follow_adds_removals_moves_and_another_handle_s_change(team):
    """The review list's counts are derived once per version of the records (Store.derived,
    PgStore.derived) and follow every kind of change, in both backends."""
    from storage.review_repo import ITEMS, ReviewRepo

    _, open_as = team
    alice, bob = open_as("alice"), open_as("bob")
    alice.read_memory_only()  # as the app: another's change is read by refresh()
    repo = ReviewRepo(alice)  # type: ignore[arg-type]
    first = repo.create_review("First", "2026-12-01 10:00")
    second = repo.create_review("Second", "2026-12-02 10:00")
    a, b = (repo.add_item(first.id, t) for t in ("a", "b"))
    listing = repo.review_listing()
    assert repo.agenda_counts() == {first.id: (0, 2)}
    repo.decide(a, "approved")
    with alice.transaction() as tx:  # moved to the other review
        tx.patch(ITEMS, a.id, {"review_id": second.id})
    assert repo.agenda_counts() == {first.id: (0, 1), second.id: (1, 1)}
    repo.delete_item(b.id)
    assert repo.agenda_counts() == {second.id: (1, 1)}
    assert repo.review_listing().changed_since(listing) == {first.id, second.id}

    theirs = ReviewRepo(bob)  # type: ignore[arg-type]
    theirs.add_item(second.id, "c")
    theirs.update_review(first.id, title="Renamed", when="2026-12-01 10:00")
    before = repo.review_listing()
    assert alice.refresh()
    assert repo.agenda_counts() == {second.id: (1, 2)}
    now = repo.review_listing()
    assert now.changed_since(before) == {first.id, second.id}
    assert [r.title for r in now.reviews] == ["Renamed", "Second"]

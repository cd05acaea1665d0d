"""The review repository against a real team file: meetings, decisions, conflicts, cards."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from helpers import review_workers as w

from ritual.clock import ManualClock
from ritual.errors import RitualError
from storage.board_repo import BoardRepo
from storage.review_repo import ReviewRepo
from storage.store import Store
from storage.team_repo import TeamRepo


@pytest.fixture
def repo(store: Store) -> ReviewRepo:
    team = TeamRepo(store)
    team.update_team(timezone="Europe/Berlin")
    for name in ("Maya", "王芳", "Jonas"):
        team.add_member(name)
    return ReviewRepo(store)


def test_create_review_with_team_as_default_attendees(repo: ReviewRepo) -> None:
    r = repo.create_review("Checkout v2", "fri 14:00", facilitator="maya", note_taker="王芳")
    assert r.when == "2026-11-27T13:00:00+00:00"
    assert (r.facilitator, r.note_taker, r.status) == ("Maya", "王芳", "planned")
    assert r.attendees == ["Maya", "王芳", "Jonas"]
    with pytest.raises(RitualError, match="not a team member"):
        repo.create_review("x", "fri 14:00", attendees=["nobody"])
    with pytest.raises(RitualError, match="needs a title"):
        repo.create_review("  ", "fri 14:00")
    assert [x.id for x in repo.reviews()] == [r.id]


def test_agenda_add_edit_reorder_remove(repo: ReviewRepo) -> None:
    r = repo.create_review("R", "fri 14:00")
    a = repo.add_item(r.id, "A", background="why", timebox_minutes="15")
    b = repo.add_item(r.id, "B")
    c = repo.add_item(r.id, "C")
    assert (a.timebox_seconds, b.timebox_seconds, a.background) == (900, 600, "why")
    repo.move_item(c.id, -1)
    assert [i.title for i in repo.items(r.id)] == ["A", "C", "B"]
    repo.move_item(a.id, -1)  # already first: nothing moves
    assert [i.title for i in repo.items(r.id)] == ["A", "C", "B"]
    edit = repo.edit_item(b, title="B2", acceptance="Given/When/Then", link="https://x/1")
    assert (edit.item.title, edit.item.acceptance, edit.conflicts) == ("B2", "Given/When/Then", [])
    repo.delete_item(c.id)
    assert [i.title for i in repo.items(r.id)] == ["A", "B2"]
    with pytest.raises(RitualError, match="timebox"):
        repo.add_item(r.id, "D", timebox_minutes="0")


def test_running_stores_segments_not_ticks(repo: ReviewRepo, clock: ManualClock) -> None:
    r = repo.create_review("R", "today 09:00")
    a, b = repo.add_item(r.id, "A"), repo.add_item(r.id, "B")
    repo.start(r.id)
    clock.advance(minutes=3)
    repo.step(r.id, +1)
    clock.advance(minutes=2)
    repo.step(r.id, -1)
    clock.advance(minutes=1)
    ended = repo.end(r.id)
    a, b = repo.item(a.id), repo.item(b.id)
    assert ended.status == "done" and ended.current_item_id is None
    assert a.segments == [
        ["2026-11-26T08:00:00+00:00", "2026-11-26T08:03:00+00:00"],
        ["2026-11-26T08:05:00+00:00", "2026-11-26T08:06:00+00:00"],
    ]
    assert b.segments == [["2026-11-26T08:03:00+00:00", "2026-11-26T08:05:00+00:00"]]


def test_decisions_and_rationale_rule(repo: ReviewRepo) -> None:
    r = repo.create_review("R", "fri 14:00")
    item = repo.add_item(r.id, "A")
    with pytest.raises(RitualError, match="Rejected needs a rationale"):
        repo.decide(item, "rejected")
    assert repo.item(item.id).decision == ""
    edit = repo.decide(
        item, "approved", estimate="5", difficulty="2", feasibility="4", owner="jonas"
    )
    got = edit.item
    assert (got.decision, got.estimate, got.difficulty, got.feasibility, got.owner) == (
        "approved",
        5,
        2,
        4,
        "Jonas",
    )


def test_concurrent_notes_added_apart_merge_without_conflict(
    db_path: Path, repo: ReviewRepo, clock
) -> None:
    """Two people adding lines from the same text: every line once, nothing to resolve."""
    r = repo.create_review("R", "fri 14:00")
    item = repo.add_item(r.id, "A")
    repo.save_notes(item, "Agreed: checkout first")
    other = ReviewRepo(Store(db_path, "bob", clock).open())
    seen_by_alice, seen_by_bob = repo.item(item.id), other.item(item.id)
    other.save_notes(seen_by_bob, "Agreed: checkout first\nBob: needs an index on orders")
    result = repo.save_notes(seen_by_alice, "Agreed: checkout first\nAlice: p95 under 200 ms")
    assert result.conflicts == []
    stored = repo.item(item.id)
    assert stored.notes.split("\n") == [
        "Agreed: checkout first",
        "Alice: p95 under 200 ms",
        "Bob: needs an index on orders",
    ]
    assert stored.conflicts == []


def test_concurrent_notes_true_conflict_shown_once_with_both_sides(
    db_path: Path, repo: ReviewRepo, clock
) -> None:
    r = repo.create_review("R", "fri 14:00")
    item = repo.add_item(r.id, "A")
    repo.save_notes(item, "Scope: cards\nRisk: none\nOwner: tbd")
    other = ReviewRepo(Store(db_path, "bob", clock).open())
    seen_by_alice, seen_by_bob = repo.item(item.id), other.item(item.id)
    other.save_notes(seen_by_bob, "Scope: cards and wallets\nRisk: none\nOwner: tbd")
    result = repo.save_notes(seen_by_alice, "Scope: cards only\nRisk: none\nOwner: Maya")
    assert [c.text for c in result.conflicts] == ["Scope: cards and wallets"]
    stored = repo.item(item.id)
    assert stored.notes == "Scope: cards only\nRisk: none\nOwner: Maya"
    (conflict,) = stored.conflicts_on("notes")
    assert (conflict["mine"], conflict["text"], conflict["by"]) == (
        "Scope: cards only",
        "Scope: cards and wallets",
        "bob",
    )
    merged = repo.resolve_conflicts(item.id, merge=True)
    assert merged.notes.split("\n") == [
        "Scope: cards only",
        "Scope: cards and wallets",
        "Risk: none",
        "Owner: Maya",
    ]
    assert merged.conflicts == []


def test_action_items_due_dates_and_done(repo: ReviewRepo) -> None:
    r = repo.create_review("R", "fri 14:00")
    a = repo.add_action(r.id, "Ask legal", owner="maya", due="fri")
    b = repo.add_action(r.id, "Write spec", owner="王芳", due="+3d")
    assert (a.owner, a.due, b.due) == ("Maya", "2026-11-27", "2026-11-29")
    with pytest.raises(RitualError, match="is not a due date"):
        repo.add_action(r.id, "x", due="someday")
    repo.set_action_done(a.id, True)
    assert [x.text for x in repo.actions(open_only=True)] == ["Write spec"]


def test_approved_items_become_cards_once(repo: ReviewRepo, store: Store) -> None:
    r = repo.create_review("R", "fri 14:00")
    a, b, c = (repo.add_item(r.id, t) for t in ("Pay by link", "Refunds", "Dark mode"))
    repo.decide(a, "approved", estimate="5", owner="Jonas")
    repo.decide(b, "approved_with_changes", estimate="3")
    repo.decide(c, "rejected", rationale="not our product")
    board = BoardRepo(store)
    first = repo.cards_from_approved(r.id, board)
    second = repo.cards_from_approved(r.id, board)
    assert [x.id for x in first] == [x.id for x in second]
    cards = board.cards(None)
    assert [(x.title, x.points, x.assignee, x.column.value) for x in cards] == [
        ("Pay by link", 5, "Jonas", "backlog"),
        ("Refunds", 3, "", "backlog"),
    ]
    assert cards[0].source == f"review {r.id} item {a.id}"


def test_carry_over_once_into_the_next_review(repo: ReviewRepo) -> None:
    r1 = repo.create_review("R1", "today 10:00")
    r2 = repo.create_review("R2", "2026-12-03 10:00")
    a, b, c = (repo.add_item(r1.id, t, description="what") for t in ("A", "B", "C"))
    repo.decide(a, "deferred", rationale="Q1")
    repo.decide(b, "approved")
    target, added = repo.carry_over(r1.id)
    assert (target.id, added) == (r2.id, 2)
    assert repo.carry_over(r1.id) == (target, 0)
    carried = repo.items(r2.id)
    assert [(i.title, i.carried_from, i.description) for i in carried] == [
        ("A", "2026-11-26", "what"),
        ("C", "2026-11-26", "what"),
    ]
    assert repo.carried_into(r1.id) == "R2 (2026-12-03)"
    assert repo.carried_into(r2.id) == ""
    with pytest.raises(RitualError, match="no later planned review"):
        repo.carry_over(r2.id)


def test_conflicts_on_other_texts_merge_or_dismiss(db_path: Path, repo: ReviewRepo, clock) -> None:
    r = repo.create_review("R", "fri 14:00")
    item = repo.add_item(r.id, "Title A", description="what")
    other = ReviewRepo(Store(db_path, "bob", clock).open())
    other.edit_item(other.item(item.id), title="Title B", description="what, by Bob")
    result = repo.edit_item(item, title="Title C", description="what, by Alice")
    assert sorted(c.field for c in result.conflicts) == ["description", "title"]
    merged = repo.resolve_conflicts(item.id, merge=True)
    assert merged.title == "Title C"  # a one-line field is not merged, only dismissed
    assert "what, by Alice" in merged.description and "what, by Bob" in merged.description
    assert merged.conflicts == []
    repo.edit_item(merged, description="x")
    other.edit_item(item, description="y")  # an old view: conflict again
    kept = repo.resolve_conflicts(item.id, merge=False)
    assert (kept.description, kept.conflicts) == ("y", [])


@pytest.fixture(scope="module")
def procs():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["helpers.review_workers"])
    return context


def _run(procs_ctx, target, args_per_process) -> None:
    barrier = procs_ctx.Barrier(len(args_per_process))
    ps = [procs_ctx.Process(target=target, args=(*a, barrier)) for a in args_per_process]
    for p in ps:
        p.start()
    for p in ps:
        p.join(60)
    assert [p.exitcode for p in ps] == [0] * len(ps)


def test_two_processes_adding_notes_keep_every_line_once(
    procs, db_path: Path, repo: ReviewRepo
) -> None:
    r = repo.create_review("R", "fri 14:00")
    item = repo.add_item(r.id, "A")
    repo.save_notes(item, "Shared: checkout first\nShared: cards only")
    _run(
        procs,
        w.edit_notes,
        [
            (str(db_path), "alice", item.id, ["Alice: p95 under 200 ms", "Both: ship in Q1"]),
            (str(db_path), "bob", item.id, ["Bob: index on orders", "Both: ship in Q1"]),
        ],
    )
    repo.store.refresh()
    stored = repo.item(item.id)
    lines = stored.notes.split("\n")
    assert sorted(lines) == sorted(
        [
            "Shared: checkout first",
            "Shared: cards only",
            "Alice: p95 under 200 ms",
            "Bob: index on orders",
            "Both: ship in Q1",
        ]
    )
    assert lines[:2] == ["Shared: checkout first", "Shared: cards only"]
    assert stored.conflicts == []


def test_two_processes_changing_one_line_leave_one_conflict(
    procs, db_path: Path, repo: ReviewRepo
) -> None:
    r = repo.create_review("R", "fri 14:00")
    item = repo.add_item(r.id, "A")
    repo.save_notes(item, "Scope: cards\nRisk: none")
    _run(
        procs,
        w.replace_line,
        [
            (str(db_path), "alice", item.id, "Scope: cards", "Scope: cards only"),
            (str(db_path), "bob", item.id, "Scope: cards", "Scope: cards and wallets"),
        ],
    )
    repo.store.refresh()
    stored = repo.item(item.id)
    (conflict,) = stored.conflicts_on("notes")
    sides = {conflict["mine"], conflict["text"]}
    assert sides == {"Scope: cards only", "Scope: cards and wallets"}
    assert stored.notes.split("\n") == [conflict["mine"], "Risk: none"]
    assert conflict["by"] in ("alice", "bob") and conflict["by"] != stored.updated_by

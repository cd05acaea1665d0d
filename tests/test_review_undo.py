"""ctrl+z in a review: my last decision (or agreed estimate) on an item put back as a new
change, refused (nothing written) when someone changed that item since."""

from __future__ import annotations

from pathlib import Path

import pytest

from ritual.clock import ManualClock
from ritual.errors import RitualError
from storage.private_votes import PrivateVotes
from storage.review_repo import ReviewRepo
from storage.store import Store
from storage.team_repo import TeamRepo


@pytest.fixture
def repo(store: Store) -> ReviewRepo:
    team = TeamRepo(store)
    for name in ("Maya", "Jonas"):
        team.add_member(name)
    return ReviewRepo(store)


def test_undo_puts_back_the_previous_decision_then_none(
    repo: ReviewRepo, db_path: Path, clock: ManualClock
) -> None:
    r = repo.create_review("R", "today 10:00")
    item = repo.add_item(r.id, "Pay by link", acceptance="Given a link")
    repo.decide(item, "deferred", rationale="Q1")
    repo.decide(repo.item(item.id), "approved", estimate="5", owner="Jonas")
    approved = repo.item(item.id)
    assert approved.baseline and approved.owner == "Jonas"
    assert repo.undo() == "undone: your last change to Pay by link."
    back = ReviewRepo(Store(db_path, "x", clock).open()).item(item.id)
    assert (back.decision, back.rationale, back.estimate, back.owner) == (
        "deferred",
        "Q1",
        None,
        "",
    )
    assert back.baseline == {} and back.updated_by == "alice"  # a new change, by me
    with pytest.raises(RitualError, match="nothing to undo"):
        repo.undo()
    repo.decide(back, "rejected", rationale="no")
    repo.undo()
    assert repo.item(item.id).decision == "deferred"


def test_my_own_moves_between_items_do_not_stop_the_undo(
    repo: ReviewRepo, clock: ManualClock
) -> None:
    r = repo.create_review("R", "today 10:00")
    a, b = repo.add_item(r.id, "A"), repo.add_item(r.id, "B")
    repo.start(r.id)
    repo.decide(repo.item(a.id), "approved")
    clock.advance(60)
    repo.step(r.id, 1)  # the clock stops on A: a new revision of A, by me
    repo.save_notes(repo.item(b.id), "talked")
    repo.undo()
    assert repo.item(a.id).decision == ""


def test_undo_is_refused_after_a_teammate_changed_the_item(
    repo: ReviewRepo, db_path: Path, clock: ManualClock
) -> None:
    r = repo.create_review("R", "today 10:00")
    item = repo.add_item(r.id, "A")
    repo.decide(item, "approved")
    bob = ReviewRepo(Store(db_path, "bob", clock).open())
    bob.save_notes(bob.item(item.id), "bob's notes")
    before = db_path.read_bytes()
    with pytest.raises(RitualError, match="bob changed the item A since your change"):
        repo.undo()
    assert db_path.read_bytes() == before
    assert repo.item(item.id).decision == "approved"


def test_undo_is_refused_when_the_item_was_removed(repo: ReviewRepo) -> None:
    r = repo.create_review("R", "today 10:00")
    item = repo.add_item(r.id, "A")
    repo.decide(item, "approved")
    undo = repo.last_change
    repo.delete_item(item.id)
    with pytest.raises(RitualError, match="removed since"):
        repo.undo(undo)


def test_an_agreed_estimate_is_undone(
    db_path: Path, store: Store, clock: ManualClock, tmp_path: Path
) -> None:
    TeamRepo(store).add_member("Alice")
    alice = ReviewRepo(store, private_votes=PrivateVotes(tmp_path / "state"))
    r = alice.create_review("R", "today 10:00")
    item = alice.add_item(r.id, "A")
    alice.decide(item, "approved", estimate="3")
    alice.start(r.id)
    alice.poker_start(r.id)
    alice.vote(r.id, "8")
    alice.reveal(r.id)
    assert alice.agree(r.id, "8").estimate == 8
    alice.undo()
    undone = alice.item(item.id)
    assert (undone.estimate, undone.decision) == (3, "approved")
    assert undone.votes[-1]["agreed"] == 8  # the vote stays on the record


def test_the_aggregate_restores_decision_fields_only() -> None:
    from ritual.review import Review, ReviewItem
    from ritual.review_meeting import ReviewMeeting

    m = ReviewMeeting(Review(1, "R"), [ReviewItem(7, 1, "A", decision="approved", estimate=5)])
    m.restore_item(7, {"decision": "", "estimate": None})
    assert (m.item(7).decision, m.item(7).estimate) == ("", None)
    with pytest.raises(RitualError, match="not undone"):
        m.restore_item(7, {"title": "B"})


# -- in the app -------------------------------------------------------------------------------


async def test_ctrl_z_in_the_meeting_puts_the_previous_decision_back(
    services, db_path: Path, clock: ManualClock
) -> None:
    from helpers.pilot import settle
    from textual.widgets import Select

    from screens.app import RitualApp
    from screens.review.forms import DecisionForm
    from screens.review.meeting import MeetingScreen

    services.team.add_member("Jonas")
    r = services.review.create_review("R", "today 10:00")
    item = services.review.add_item(r.id, "Pay by link")
    services.review.decide(item, "deferred", rationale="Q1")
    submitted: list[tuple[str, object]] = []
    submit = services.writer.submit

    def spy(reply_to, fn, *args, kind="", **kwargs):  # type: ignore[no-untyped-def]
        submitted.append((kind, fn))
        return submit(reply_to, fn, *args, kind=kind, **kwargs)

    services.writer.submit = spy  # type: ignore[method-assign]
    other = ReviewRepo(Store(db_path, "x", clock).open())
    app = RitualApp(services, mode="review")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(MeetingScreen(services, r.id))
        await settle(pilot)

        async def decide(decision: str) -> None:
            await pilot.press("d")
            assert isinstance(app.screen, DecisionForm)
            app.screen.query_one("#decision", Select).value = decision
            await pilot.pause()
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, MeetingScreen)

        await decide("approved")
        assert other.item(item.id).decision == "approved"
        await pilot.press("ctrl+z")
        await settle(pilot)
        back = other.item(item.id)
        assert (back.decision, back.rationale) == ("deferred", "Q1")  # stored
        assert ("undo", services.review.undo) in submitted  # through the app's writer
        messages = [n.message for n in app._notifications]
        assert "Undone: your last change to Pay by link." in messages

        await decide("approved")
        bob = ReviewRepo(Store(db_path, "bob", clock).open())
        bob.save_notes(bob.item(item.id), "bob was here")
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert other.item(item.id).decision == "approved"  # not undone
        assert any(
            "bob changed the item Pay by link since your change: nothing undone." in n.message
            for n in app._notifications
        )

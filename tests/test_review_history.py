"""Requirement history: revisions, the baseline frozen at approval, the diff, re-review."""

from __future__ import annotations

import pytest

from ritual.review_history import changed_since_approved, history_lines, requirement_diff
from storage.review_repo import ReviewRepo
from storage.store import Store


@pytest.fixture
def repo(store: Store) -> ReviewRepo:
    return ReviewRepo(store)


def test_edits_before_and_after_approval(repo: ReviewRepo, clock) -> None:
    r = repo.create_review("R", "today 10:00")
    later = repo.create_review("Next", "2026-12-03 10:00")
    item = repo.add_item(r.id, "Pay by link", acceptance="Link expires after 7 days.")
    clock.advance(minutes=1)
    item = repo.edit_item(
        item, description="Send a link", acceptance="Link expires after 7 days."
    ).item
    assert [list(rev["fields"]) for rev in item.revisions] == [["description"]]
    assert item.revisions[0]["fields"]["description"] == ["", "Send a link"]
    assert not changed_since_approved(item) and requirement_diff(item) == ""
    item = repo.decide(item, "approved", estimate="5").item
    assert item.baseline["acceptance"] == "Link expires after 7 days."
    assert not changed_since_approved(item)
    edit = repo.edit_item(item, description="Send a link")  # no change: no revision
    assert len(edit.item.revisions) == 1 and not edit.offers_rereview
    clock.advance(minutes=1)
    edit = repo.edit_item(
        edit.item, acceptance="Link expires after 3 days.\nPaid orders move to 'Paid'."
    )
    assert changed_since_approved(edit.item) and edit.offers_rereview
    assert requirement_diff(edit.item).splitlines() == [
        "== Acceptance criteria ==",
        "@@ -1 +1,2 @@",
        "-Link expires after 7 days.",
        "+Link expires after 3 days.",
        "+Paid orders move to 'Paid'.",
    ]
    who = repo.store.user
    assert history_lines(edit.item) == [
        f"2026-11-26 08:01 {who}: Description (what)",
        f"2026-11-26 08:02 {who}: Acceptance criteria",
    ]
    # Deciding Approved again (say, to fix the estimate) keeps the baseline.
    again = repo.decide(edit.item, "approved", estimate="8").item
    assert changed_since_approved(again)
    target, added = repo.rereview(item.id)
    assert (target.id, added) == (later.id, 1)
    (copy,) = repo.items(later.id)
    assert copy.carried_label == "carried from 2026-11-26 (Approved)"
    assert requirement_diff(copy) == requirement_diff(edit.item)
    assert repo.rereview(item.id)[1] == 0  # once

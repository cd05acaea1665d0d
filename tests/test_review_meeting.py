"""The review aggregate and the three-way merge, as plain Python (no file, no clock)."""

from __future__ import annotations

import pytest

from ritual.errors import RitualError
from ritual.review import Review, ReviewItem, Status
from ritual.review_meeting import ReviewMeeting
from ritual.text_merge import merge3

NOW = "2026-11-26T09:00:00+00:00"


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "merged", "clashes"),
    [
        ("a\nb", "a\nb\nmine", "a\nb\ntheirs", "a\nb\nmine\ntheirs", 0),
        ("a\nb\nc", "A\nb\nc", "a\nb\nC", "A\nb\nC", 0),
        ("a\nb", "a\nb\nsame", "a\nb\nsame", "a\nb\nsame", 0),
        ("a\nb", "a\nb\nx\nmine", "a\nb\nx\ntheirs", "a\nb\nx\nmine\ntheirs", 0),
        ("a\nb", "b", "a\nb\nc", "b\nc", 0),
        ("a\nb\nc", "a\nB1\nc", "a\nB2\nc", "a\nB1\nc", 1),
        ("a\nb\nc", "a\nc", "a\nB2\nc", "a\nc", 1),
    ],
)
def test_merge3_keeps_each_line_once_and_flags_only_real_conflicts(
    base: str, mine: str, theirs: str, merged: str, clashes: int
) -> None:
    result = merge3(base, mine, theirs)
    assert (result.text, len(result.clashes)) == (merged, clashes)


def meeting() -> ReviewMeeting:
    review = Review(1, "R", when="2026-11-26T09:00:00+00:00")
    items = [ReviewItem(i, 1, t, position=i) for i, t in ((1, "A"), (2, "B"), (3, "C"))]
    return ReviewMeeting(review, items, [])


def test_running_moves_the_clock_between_items() -> None:
    m = meeting()
    m.start(NOW)
    assert (m.review.status, m.review.current_item_id) == (Status.RUNNING.value, 1)
    m.step("2026-11-26T09:05:00+00:00", +1)
    assert m.item(1).segments == [[NOW, "2026-11-26T09:05:00+00:00"]]
    assert m.item(2).segments == [["2026-11-26T09:05:00+00:00", ""]]
    m.end("2026-11-26T09:07:00+00:00")
    assert m.item(2).segments[-1][1] == "2026-11-26T09:07:00+00:00"
    with pytest.raises(RitualError, match="not running"):
        m.go_to(NOW, 1)


def test_carry_over_takes_context_and_the_day_the_meeting_ran() -> None:
    src = meeting()
    src.review.when = "2026-11-24T09:00:00+00:00"  # planned Tuesday, run on Thursday
    src.start("2026-11-26T08:30:00+00:00")
    a, b, c = src.items
    a.decision, a.rationale, a.notes = "needs_clarification", "which wallets?", "Ask legal"
    b.decision, b.rationale = "deferred", "Q1"
    c.decision = "approved"
    target = ReviewMeeting(Review(2, "Next", when="2026-12-03T09:00:00+00:00"), [], [])
    assert src.carry_into(target, "Europe/Berlin") == 2
    assert [
        (i.title, i.carried_from, i.carried_decision, i.rationale, i.notes) for i in target.items
    ] == [
        ("A", "2026-11-26", "needs_clarification", "which wallets?", "Ask legal"),
        ("B", "2026-11-26", "deferred", "Q1", ""),
    ]
    assert src.carry_into(target, "Europe/Berlin") == 0
    # Carried again from the follow-up, it keeps its first origin and is not added twice.
    follow_up = ReviewMeeting(Review(3, "Later"), [], [])
    target.carry_into(follow_up, "Europe/Berlin")
    assert [i.carried_key for i in follow_up.items] == ["review:1:item:1", "review:1:item:2"]

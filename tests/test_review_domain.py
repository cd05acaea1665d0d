"""The review's rules: decisions, ratings, timers and due dates, without storage or a terminal."""

from __future__ import annotations

import pendulum
import pytest

from ritual.clock import ManualClock
from ritual.due_dates import parse_due, parse_when
from ritual.errors import RitualError
from ritual.review import (
    Decision,
    Review,
    ReviewItem,
    carry_candidates,
    check_decision,
    item_state,
    parse_timebox_minutes,
)
from ritual.review_time import seconds_spent, timer_state

# 2026-11-26 is a Thursday.
THURSDAY_MORNING = "2026-11-26T08:00:00Z"


@pytest.mark.parametrize("decision", [Decision.DEFERRED, Decision.REJECTED])
def test_deferred_and_rejected_need_a_rationale(decision: Decision) -> None:
    with pytest.raises(RitualError, match="needs a rationale"):
        check_decision(decision, rationale="   ")
    assert check_decision(decision, rationale="Not this quarter").rationale == "Not this quarter"


@pytest.mark.parametrize(
    "decision",
    [Decision.APPROVED, Decision.APPROVED_WITH_CHANGES, Decision.NEEDS_CLARIFICATION],
)
def test_other_decisions_need_no_rationale(decision: Decision) -> None:
    assert check_decision(decision).decision is decision


def test_decision_parses_labels_and_values_and_refuses_others() -> None:
    assert Decision.parse("Approved with changes") is Decision.APPROVED_WITH_CHANGES
    assert Decision.parse("needs_clarification") is Decision.NEEDS_CLARIFICATION
    assert Decision.parse("REJECTED") is Decision.REJECTED
    with pytest.raises(RitualError, match="'maybe' is not a decision"):
        Decision.parse("maybe")
    assert Decision.APPROVED.approved and Decision.APPROVED_WITH_CHANGES.approved
    assert not Decision.DEFERRED.approved


def test_estimate_and_ratings_are_checked() -> None:
    got = check_decision("approved", estimate="5", difficulty="3", feasibility=4, owner=" Ann ")
    assert (got.estimate, got.difficulty, got.feasibility, got.owner) == (5, 3, 4, "Ann")
    for bad in ({"estimate": "-1"}, {"estimate": "2.5"}, {"difficulty": "6"}, {"feasibility": "x"}):
        with pytest.raises(RitualError):
            check_decision("approved", **bad)


def test_timebox_minutes() -> None:
    assert parse_timebox_minutes("") == 600
    assert parse_timebox_minutes("15") == 900
    for bad in ("0", "-3", "ten", "1000"):
        with pytest.raises(RitualError, match="timebox"):
            parse_timebox_minutes(bad)


def test_timer_warns_at_a_fifth_left_and_counts_up_in_overtime() -> None:
    start = pendulum.parse("2026-11-26T09:00:00Z")
    item = ReviewItem(1, 1, "Checkout", timebox_seconds=600, segments=[[start.isoformat(), ""]])
    assert timer_state(item, start.add(seconds=479)).warning is False
    at_fifth = timer_state(item, start.add(seconds=480))
    assert at_fifth.warning and not at_fifth.overtime and at_fifth.label == "02:00"
    over = timer_state(item, start.add(seconds=665))
    assert over.overtime and not over.warning and over.label == "+01:05"


def test_time_spent_sums_closed_and_open_segments() -> None:
    segments = [
        ["2026-11-26T09:00:00+00:00", "2026-11-26T09:03:00+00:00"],
        ["2026-11-26T09:10:00+00:00", ""],
    ]
    now = pendulum.parse("2026-11-26T09:12:30Z")
    assert seconds_spent(segments, now) == 3 * 60 + 150


def test_item_state_and_carry_candidates() -> None:
    review = Review(1, "R", status="running", current_item_id=2)
    items = [
        ReviewItem(1, 1, "a", decision="approved"),
        ReviewItem(2, 1, "b"),
        ReviewItem(3, 1, "c", decision="deferred"),
        ReviewItem(4, 1, "d", decision="rejected"),
    ]
    assert [item_state(review, i) for i in items] == ["decided", "current", "decided", "decided"]
    assert [i.id for i in carry_candidates(items)] == [2, 3]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fri", "2026-11-27"),
        ("Friday", "2026-11-27"),
        ("thu", "2026-11-26"),  # a weekday on that very day is today
        ("next thu", "2026-12-03"),
        ("mon", "2026-11-30"),
        ("+3d", "2026-11-29"),
        ("3 days", "2026-11-29"),
        ("+2w", "2026-12-10"),
        ("2026-12-01", "2026-12-01"),
        ("today", "2026-11-26"),
        ("tomorrow", "2026-11-27"),
    ],
)
def test_due_dates(text: str, expected: str) -> None:
    clock = ManualClock(THURSDAY_MORNING)
    assert parse_due(text, clock, "Europe/Berlin").isoformat() == expected


@pytest.mark.parametrize("text", ["someday", "2026-02-30", "+d", "fri 3", "12/01", "+9999d"])
def test_due_date_garbage_is_refused_with_a_message(text: str) -> None:
    with pytest.raises(RitualError, match="is not a due date: use a date such as"):
        parse_due(text, ManualClock(THURSDAY_MORNING), "UTC")


def test_empty_due_date_is_none() -> None:
    assert parse_due("  ", ManualClock(THURSDAY_MORNING), "UTC") is None


def test_due_dates_count_from_the_team_day() -> None:
    # 23:30 UTC on Thursday is already Friday in Shanghai, still Thursday in Los Angeles.
    clock = ManualClock("2026-11-26T23:30:00Z")
    assert parse_due("tomorrow", clock, "Asia/Shanghai").isoformat() == "2026-11-28"
    assert parse_due("fri", clock, "Asia/Shanghai").isoformat() == "2026-11-27"
    assert parse_due("+3d", clock, "Asia/Shanghai").isoformat() == "2026-11-30"
    assert parse_due("tomorrow", clock, "America/Los_Angeles").isoformat() == "2026-11-27"


def test_meeting_time_is_read_in_the_team_zone() -> None:
    clock = ManualClock(THURSDAY_MORNING)
    assert (
        parse_when("fri 14:00", clock, "Europe/Berlin").isoformat() == "2026-11-27T13:00:00+00:00"
    )
    assert parse_when("2026-12-01 09:30", clock, "Asia/Shanghai").isoformat() == (
        "2026-12-01T01:30:00+00:00"
    )
    assert parse_when("16:00", clock, "UTC").isoformat() == "2026-11-26T16:00:00+00:00"
    for bad in ("fri 25:00", "someday 10:00", "10am"):
        with pytest.raises(RitualError, match="is not a"):
            parse_when(bad, clock, "UTC")

"""The stand-up's state machine, on a manual clock: order, turns, pauses, overtime, the day."""

from __future__ import annotations

import pytest

from ritual.clock import ManualClock, team_today
from ritual.errors import RitualError
from ritual.standup import (
    ABSENT,
    DONE,
    ENDED,
    PAUSED,
    RUNNING,
    SKIPPED,
    SPEAKING,
    WAITING,
    new_standup,
)
from ritual.standup_summary import averages, history, summarize
from ritual.standup_time import clock_text
from ritual.team import Member

MEMBERS = [Member(1, "Ann"), Member(2, "Ben"), Member(3, "王芳"), Member(4, "Dee")]


def names(s) -> list[str]:
    return [sp.name for sp in s.speakers]


def statuses(s) -> dict[str, str]:
    return {sp.name: sp.status for sp in s.speakers}


def spoken(s, clock) -> dict[str, int]:
    return {sp.name: int(s.spoken(sp, clock.now())) for sp in s.speakers}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock("2026-11-26T08:00:00Z")


@pytest.fixture
def standup():
    return new_standup("2026-11-26", MEMBERS)


def test_roster_order_and_start_gives_first_the_floor(standup, clock) -> None:
    assert names(standup) == ["Ann", "Ben", "王芳", "Dee"]
    standup.start(clock.now())
    assert standup.state == RUNNING and standup.current_speaker.name == "Ann"
    assert standup.next_up().name == "Ben"
    clock.advance(30)
    assert standup.remaining(clock.now()) == 90
    assert clock_text(standup.remaining(clock.now())) == "1:30"


def test_shuffle_is_the_same_all_day_and_differs_between_days() -> None:
    many = [Member(i, f"M{i}") for i in range(1, 11)]
    a = names(new_standup("2026-11-26", many, shuffle=True))
    b = names(new_standup("2026-11-26", many, shuffle=True))
    c = names(new_standup("2026-11-27", many, shuffle=True))
    assert a == b
    assert a != c
    assert sorted(a) == sorted(c)


def test_reshuffle_only_moves_those_still_waiting(standup, clock) -> None:
    standup.start(clock.now())
    standup.next(clock.now())  # Ann done, Ben speaking
    before = names(standup)
    for _ in range(5):
        standup.shuffle()
        assert names(standup)[:2] == before[:2]
        assert sorted(names(standup)[2:]) == sorted(before[2:])


def test_move_by_hand(standup) -> None:
    standup.move(3, -1)
    assert names(standup) == ["Ann", "王芳", "Ben", "Dee"]
    standup.move(1, +5)
    assert names(standup) == ["王芳", "Ben", "Dee", "Ann"]


def test_warning_at_a_fifth_left_and_overtime_after_the_box(standup, clock) -> None:
    standup.start(clock.now())
    clock.advance(95)
    assert standup.phase(clock.now()) == "normal"
    clock.advance(1)  # 0:24 left
    assert standup.phase(clock.now()) == "warning"
    clock.advance(24)  # 0:00
    assert standup.phase(clock.now()) == "warning"
    clock.advance(5)
    assert standup.phase(clock.now()) == "overtime"
    assert standup.overtime(standup.current_speaker, clock.now()) == 5


def test_pause_freezes_the_countdown_and_the_meeting_clock(standup, clock) -> None:
    standup.start(clock.now())
    clock.advance(40)
    standup.toggle(clock.now())
    assert standup.state == PAUSED
    clock.advance(300)
    assert standup.remaining(clock.now()) == 80
    assert standup.meeting_elapsed(clock.now()) == 40
    standup.toggle(clock.now())
    clock.advance(10)
    assert standup.remaining(clock.now()) == 70
    assert standup.meeting_elapsed(clock.now()) == 50
    assert standup.current_speaker.segments[0][1] == "2026-11-26T08:00:40+00:00"
    standup.pause(clock.now())
    clock.advance(60)
    standup.end(clock.now())  # a pause that lasts to the end is not meeting time either
    clock.advance(600)
    assert standup.meeting_elapsed(clock.now()) == 50
    assert summarize(standup, clock.now()).total == 50


def test_a_stand_up_without_anyone_present_cannot_start(clock) -> None:
    empty = new_standup("2026-11-26", [])
    with pytest.raises(RitualError, match="add members first"):
        empty.start(clock.now())
    assert not empty.started
    everyone_away = new_standup("2026-11-26", MEMBERS[:2])
    everyone_away.toggle_absent(1, clock.now())
    everyone_away.toggle_absent(2, clock.now())
    with pytest.raises(RitualError, match="everyone is marked absent"):
        everyone_away.start(clock.now())
    everyone_away.toggle_absent(2, clock.now())
    everyone_away.start(clock.now())
    assert everyone_away.current_speaker.name == "Ben"


def test_averages_count_only_turns_taken(clock) -> None:
    """Absent and back again without speaking does not pull an average down (2:09 -> 1:26)."""
    days = []
    for day in ("2026-11-24", "2026-11-25", "2026-11-26"):
        s = new_standup(day, MEMBERS[:2])
        s.start(clock.now())
        if day == "2026-11-26":
            clock.advance(2)
            s.toggle_absent(1, clock.now())  # Ann seems away as her turn starts ...
            s.toggle_absent(1, clock.now())  # ... and is back, but the round ends first
            clock.advance(60)
        else:
            clock.advance(129)
            s.next(clock.now())
            clock.advance(60)
        s.end(clock.now())
        days.append(s)
    result = {a.name: (a.seconds, a.spoke) for a in averages(days)}
    assert result["Ann"] == (129, 2)
    assert result["Ben"] == (60, 3)


def test_next_previous_skip_absent_give_order_and_times(standup, clock) -> None:
    standup.start(clock.now())
    clock.advance(60)
    standup.next(clock.now())  # Ann 60, Ben speaking
    clock.advance(20)
    standup.previous(clock.now())  # back to Ann; Ben waits, next again
    assert standup.current_speaker.name == "Ann"
    assert statuses(standup)["Ben"] == WAITING
    assert standup.next_up().name == "Ben"
    clock.advance(15)
    standup.next(clock.now())  # Ann 75, Ben again
    assert standup.current_speaker.name == "Ben"
    clock.advance(10)
    standup.skip(clock.now())  # Ben 30 so far, back at the end
    assert names(standup) == ["Ann", "王芳", "Dee", "Ben"]
    assert statuses(standup)["Ben"] == SKIPPED
    assert standup.current_speaker.name == "王芳"
    standup.toggle_absent(4, clock.now())  # Dee absent before her turn
    clock.advance(50)
    standup.next(clock.now())  # 王芳 50; Dee absent, so Ben comes back
    assert standup.current_speaker.name == "Ben"
    clock.advance(5)
    standup.next(clock.now())
    assert standup.current is None and standup.next_up() is None
    assert statuses(standup) == {"Ann": DONE, "王芳": DONE, "Dee": ABSENT, "Ben": DONE}
    assert spoken(standup, clock) == {"Ann": 75, "王芳": 50, "Dee": 0, "Ben": 35}


def test_absent_current_speaker_hands_the_floor_on_and_can_come_back(standup, clock) -> None:
    standup.start(clock.now())
    clock.advance(5)
    standup.toggle_absent(1, clock.now())
    assert standup.current_speaker.name == "Ben"
    assert statuses(standup)["Ann"] == ABSENT
    assert spoken(standup, clock)["Ann"] == 5
    standup.toggle_absent(1, clock.now())
    assert statuses(standup)["Ann"] == WAITING
    assert standup.next_up().name == "Ann"


def test_refusals(standup, clock) -> None:
    with pytest.raises(RitualError, match="space"):
        standup.next(clock.now())
    standup.start(clock.now())
    with pytest.raises(RitualError, match="no one to go back"):
        standup.previous(clock.now())
    standup.next(clock.now())
    with pytest.raises(RitualError, match="already spoken"):
        standup.toggle_absent(1, clock.now())
    with pytest.raises(RitualError, match="empty"):
        standup.add_blocker(" \x1b ", "Ben", "alice", clock.now())
    standup.end(clock.now())
    with pytest.raises(RitualError, match="ended"):
        standup.start(clock.now())


def test_end_and_summary(standup, clock) -> None:
    standup.start(clock.now())
    clock.advance(130)
    standup.add_blocker("Waiting on \x1b[31mstaging\x1b[0m", "Ann", "alice", clock.now())
    standup.next(clock.now())
    clock.advance(60)
    standup.add_parking("Release date", "alice", clock.now())
    standup.toggle_absent(4, clock.now())
    standup.end(clock.now())
    assert standup.state == ENDED and standup.current is None
    clock.advance(600)  # a summary read later says the same
    summary = summarize(standup, clock.now())
    assert summary.total == 190
    assert [(s.name, s.spoken, s.overtime) for s in summary.speakers] == [
        ("Ann", 130, 10),
        ("Ben", 60, 0),
        ("王芳", 0, 0),
        ("Dee", 0, 0),
    ]
    assert summary.absent == ["Dee"]
    assert summary.overtime_count == 1
    assert [(b.n, b.text, b.member) for b in summary.blockers] == [
        (1, "Waiting on [31mstaging[0m", "Ann")
    ]
    assert summary.parking[0].text == "Release date"
    [line] = history([standup])
    assert (line.total, line.overtime_count, line.blockers, line.absent) == (190, 1, 1, 1)
    assert {a.name: a.seconds for a in averages([standup])} == {"Ann": 130, "Ben": 60}


def test_speaking_status_is_shown_for_the_current_speaker(standup, clock) -> None:
    standup.start(clock.now())
    assert statuses(standup)["Ann"] == SPEAKING


def test_team_day_at_half_past_midnight_is_that_date() -> None:
    clock = ManualClock("2026-11-25T23:30:00Z")  # 00:30 on the 26th in Berlin
    assert str(team_today(clock, "Europe/Berlin")) == "2026-11-26"
    assert str(team_today(clock, "UTC")) == "2026-11-25"
    assert str(team_today(ManualClock("2026-11-26T16:30:00Z"), "Asia/Shanghai")) == "2026-11-27"


def test_members_who_joined_later_wait_at_the_end(standup) -> None:
    standup.add_members([*MEMBERS, Member(9, "Eve"), Member(10, "Old", active=False)])
    assert names(standup) == ["Ann", "Ben", "王芳", "Dee", "Eve"]

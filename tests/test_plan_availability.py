"""Capacity from members' availability: days off per member and iteration, a focus factor,
and the team's points per focused day learnt from past iterations; set from the CLI and the
plan screen, shown with how it was computed."""

from __future__ import annotations

from pathlib import Path

import pytest
from board_helpers import screen_text
from helpers.cli import ritual
from helpers.pilot import settle

from ritual.errors import RitualError
from ritual.iteration import Iteration
from ritual.planning import (
    available_days,
    capacity_of,
    focus_of,
    parse_focus,
    points_per_day,
)
from ritual.team import Member
from screens.app import RitualApp
from screens.services import Services

# 2026-11-02 is a Monday: two weeks hold 10 working days.
PAST = Iteration(1, "Sprint 1", start="2026-11-02", end="2026-11-13", state="closed")
NEXT = Iteration(2, "Sprint 2", start="2026-11-16", end="2026-11-27", state="planned")


ANN, BO, CY = Member(1, "Ann"), Member(2, "Bo"), Member(3, "Cy")


def test_available_days_are_working_days_less_days_off() -> None:
    it = Iteration(2, "S", start="2026-11-16", end="2026-11-27", days_off={"1": 3, "2": 12})
    # Ann 10 - 3, Bo none left (never below 0), Cy 10.
    assert available_days(it, [ANN, BO, CY]) == 17
    # Days off an older version kept by name are read by name (any case) until folded.
    old = Iteration(2, "S", start="2026-11-16", end="2026-11-27", away={"ann": 3, "Bo": 12})
    assert available_days(old, [ANN, BO, CY]) == 17
    assert focus_of(it) == 0.7
    it.focus_pct = 50
    assert focus_of(it) == 0.5


def test_points_per_day_come_from_the_last_three_closed_iterations() -> None:
    older = Iteration(0, "S0", start="2026-10-19", end="2026-10-30", state="closed")
    done = {0: 100, 1: 14}
    # S0: 20 member-days x 0.7 = 14; S1: 14. (100 + 14) / 28.
    assert points_per_day([older, PAST, NEXT], done, [ANN, BO]) == pytest.approx(114 / 28)
    assert points_per_day([NEXT], done, [ANN]) is None  # nothing closed yet
    assert points_per_day([PAST], done, []) is None  # nobody to count days for


def test_capacity_prefers_recorded_availability_then_the_set_capacity_then_velocity() -> None:
    members = [ANN, BO]
    per_day = points_per_day([PAST], {1: 28}, members)  # 28 pts / (20 days x 0.7) = 2
    assert per_day == pytest.approx(2.0)
    it = Iteration(2, "S2", start="2026-11-16", end="2026-11-27", capacity=30)
    # Nothing recorded for the iteration: its own capacity, then the velocity.
    assert capacity_of(it, [("S1", 28)], members, per_day).source == "set"
    it.capacity = None
    assert capacity_of(it, [("S1", 28)], members, per_day).points == 28
    # Ann away 5 days, focus 0.5: (10 + 5) x 0.5 x 2 = 15.
    it.away, it.focus_pct, it.capacity = {"Ann": 5}, 50, 30
    cap = capacity_of(it, [("S1", 28)], members, per_day)
    assert (cap.points, cap.source) == (15, "availability")
    assert cap.describe() == (
        "15 pts (from availability: 15 member-days × focus 0.5 × 2.00 pts/day (velocity))"
    )
    # Without a known points-per-day the recorded availability cannot give points.
    assert capacity_of(it, [], members, None).source == "set"


def test_focus_factor_is_read_as_a_fraction_or_a_percentage() -> None:
    assert parse_focus("0.7") == 70 and parse_focus("65%") == 65 and parse_focus("80") == 80
    assert parse_focus("") is None and parse_focus("default") is None
    for bad in ("x", "0", "nan", "inf", "-0.5", "120"):
        with pytest.raises(RitualError):
            parse_focus(bad)


def test_cli_records_days_off_and_focus_and_refuses_bad_input(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    assert ritual(db, "init").returncode == 0
    ritual(db, "member", "add", "Ann")
    started = ritual(
        db, "iteration", "start", "S1", "--start", "2026-11-16", "--end", "2026-11-27"
    )  # fmt: skip
    assert started.returncode == 0, started.stderr
    away = ritual(db, "member", "away", "ann", "2")
    assert away.returncode == 0, away.stderr
    assert "Ann 2d" in away.stdout
    focus = ritual(db, "iteration", "focus", "60%")
    assert focus.returncode == 0, focus.stderr
    assert "focus factor 0.6" in focus.stdout
    refusals = [
        ("member", "away", "Ann", "-1"),
        ("member", "away", "Zed", "1"),
        ("iteration", "focus", "2"),
        ("member", "away", "Ann", "1", "--iteration", "9"),
    ]
    for bad in refusals:
        refused = ritual(db, *bad)
        assert refused.returncode == 2, bad
        assert refused.stderr.startswith("ritual: ") and refused.stderr.count("\n") == 1, bad
    from storage.board_repo import BoardRepo
    from storage.store import Store

    it = BoardRepo(Store(db, "t").open()).current_iteration()
    assert it is not None and (it.days_off, it.away, it.focus_pct) == ({"1": 2}, {}, 60)


async def test_plan_screen_days_off_and_focus_change_the_gauge(demo_services: Services) -> None:
    board = demo_services.board
    current = board.current_iteration()
    assert current is not None and board.done_points_by_iteration().get(current.id)
    board.close_iteration(current.id)  # its velocity gives the points per day
    nxt = board.current_iteration()  # what the plan screen plans now
    assert nxt is not None and board.next_iteration() is None
    members = demo_services.team.members()
    app = RitualApp(demo_services, mode="plan")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "set for the iteration" in screen_text(app)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k", *"50%", "enter")
        await settle(pilot)
        assert board.iteration(nxt.id).focus_pct == 50
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*f"{members[0].name} 3", "enter")
        await settle(pilot)
        it = board.iteration(nxt.id)
        assert (it.days_off, it.away) == ({str(members[0].id): 3}, {})
        per_day = points_per_day(board.iterations(), board.done_points_by_iteration(), members)
        expected = capacity_of(it, [], members, per_day)
        assert expected.source == "availability"
        text = screen_text(app)
        assert f"of {expected.points} pts" in text and "from availability:" in text
        assert f"{expected.days} member-days × focus 0.5" in text
        assert "Focus 0.5" in text and f"{members[0].name} 3d" in text


def test_a_rename_keeps_the_days_off_and_the_capacity(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    assert ritual(db, "init").returncode == 0
    ritual(db, "member", "add", "Ann")
    ritual(db, "member", "add", "Bo")
    ritual(db, "iteration", "start", "S1", "--start", "2026-11-16", "--end", "2026-11-27")
    assert ritual(db, "member", "away", "Ann", "3").returncode == 0

    def capacity() -> tuple[int | None, str, int]:
        from storage.board_repo import BoardRepo
        from storage.store import Store

        repo = BoardRepo(Store(db, "t").open())
        it = repo.current_iteration()
        assert it is not None
        cap = capacity_of(it, [], repo.team.members(), 2.0)
        return cap.points, cap.source, cap.days

    before = capacity()
    assert before == (round(17 * 0.7 * 2), "availability", 17)  # Ann 10 - 3, Bo 10
    renamed = ritual(db, "member", "edit", "Ann", "--name", "Anna")
    assert renamed.returncode == 0, renamed.stderr
    assert capacity() == before
    shown = ritual(db, "member", "away", "Bo", "1")  # lists everyone's days off
    assert shown.returncode == 0, shown.stderr
    assert "Anna 3d" in shown.stdout and "Bo 1d" in shown.stdout and "Ann " not in shown.stdout


def test_days_off_an_older_version_kept_by_name_survive_a_rename(tmp_path: Path) -> None:
    from ritual.planning import days_off_shown, member_days_off
    from storage.board_repo import BoardRepo
    from storage.store import Store

    repo = BoardRepo(Store(tmp_path / "t.json", "t").open(create=True))
    ann, bo = repo.team.add_member("Ann"), repo.team.add_member("Bo")
    it = repo.start_iteration("S1", "2026-11-16", "2026-11-27")
    # As an older version stored them: by name, one of them for someone who left long ago.
    repo.update_iteration(it.id, away={"Ann": 3, "Bo": 1, "Zoe": 2})
    repo.team.edit_member("Ann", name="Anna")
    it = repo.iteration(it.id)
    assert it is not None
    assert (it.days_off, it.away) == ({str(ann.id): 3}, {"Bo": 1, "Zoe": 2})
    anna = repo.team.members()[0]
    assert (anna.name, member_days_off(it, anna), member_days_off(it, bo)) == ("Anna", 3, 1)
    # The next change of days off folds every name a member has into their id.
    it = repo.set_away(it.id, "anna", 4)
    assert (it.days_off, it.away) == ({str(ann.id): 4, str(bo.id): 1}, {"Zoe": 2})
    team = repo.team.members(include_inactive=True)
    assert days_off_shown(it, team) == [("Anna", 4), ("Bo", 1), ("Zoe", 2)]
    it = repo.set_away(it.id, "Bo", 0)  # 0 clears them
    assert (it.days_off, it.away) == ({str(ann.id): 4}, {"Zoe": 2})

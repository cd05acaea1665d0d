"""The stand-up in the team file: one record per team day, one facilitator, no lost changes."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from ritual.clock import ManualClock
from ritual.standup import NotFacilitator, Standup, StandupNotes
from storage.standup_repo import StandupRepo, StandupSettings
from storage.store import Store
from storage.team_repo import TeamRepo


@pytest.fixture
def repo(store: Store) -> StandupRepo:
    team = TeamRepo(store)
    team.update_team(timezone="Europe/Berlin")
    for name in ("Ann", "Ben", "王芳"):
        team.add_member(name)
    return StandupRepo(store)


def test_today_is_a_preview_until_someone_drives(repo: StandupRepo, store: Store) -> None:
    today = repo.current()
    assert today.id == 0 and [sp.name for sp in today.speakers] == ["Ann", "Ben", "王芳"]
    assert store.all("standups") == []
    started = repo.act(today.date, Standup.start)
    assert started.id > 0 and started.facilitator == "alice"
    assert repo.current().current_speaker.name == "Ann"


def test_state_is_timestamps_and_a_new_process_resumes(
    repo: StandupRepo, db_path: Path, clock: ManualClock
) -> None:
    date = repo.today()
    repo.act(date, Standup.start)
    clock.advance(50)
    repo.act(date, Standup.next)
    clock.advance(30)
    [doc] = Store(db_path, "x", clock).open().all("standups")
    assert doc["since"] == "2026-11-26T08:00:50+00:00"
    assert doc["speakers"][0]["segments"] == [
        ["2026-11-26T08:00:00+00:00", "2026-11-26T08:00:50+00:00"]
    ]
    again = StandupRepo(Store(db_path, "alice", clock).open()).current()
    assert again.current_speaker.name == "Ben"
    assert again.remaining(clock.now()) == 90


def test_a_second_user_is_refused_until_taking_over(repo: StandupRepo, db_path, clock) -> None:
    date = repo.today()
    repo.act(date, Standup.start)
    bob = StandupRepo(Store(db_path, "bob", clock).open())
    with pytest.raises(NotFacilitator) as refused:
        bob.act(date, Standup.next)
    assert refused.value.facilitator == "alice"
    assert bob.current().current_speaker.name == "Ann"
    taken = bob.act(date, Standup.next, take_over=True)
    assert taken.facilitator == "bob" and taken.current_speaker.name == "Ben"
    with pytest.raises(NotFacilitator):
        repo.act(date, Standup.next)


def test_heartbeat_only_from_the_facilitator(repo: StandupRepo, db_path, clock) -> None:
    date = repo.today()
    repo.act(date, Standup.start)
    clock.advance(20)
    assert repo.heartbeat(date)
    assert repo.current().heartbeat == "2026-11-26T08:00:20+00:00"
    assert not StandupRepo(Store(db_path, "bob", clock).open()).heartbeat(date)


def test_team_day_decides_the_record(repo: StandupRepo, clock: ManualClock) -> None:
    clock.set("2026-11-25T23:30:00Z")  # 00:30 in Berlin
    assert repo.act(repo.today(), Standup.start).date == "2026-11-26"


def test_settings_are_kept_on_the_team_and_reach_today(repo: StandupRepo) -> None:
    date = repo.today()
    repo.act(date, Standup.start)
    saved = repo.save_settings(StandupSettings(90, 600, False, True))
    assert saved == StandupSettings(90, 600, False, True)
    team = repo.team.team()
    assert (team.speaker_seconds, team.meeting_seconds, team.overtime_bell) == (90, 600, False)
    assert repo.current().speaker_seconds == 90


def test_notes_keep_the_other_persons_text(repo: StandupRepo, db_path, clock) -> None:
    date = repo.today()
    blank = StandupNotes(0, date, 1, "Ann")
    repo.save_notes(date, 1, "Ann", {"today": "Ship the export"}, blank)
    bob = StandupRepo(Store(db_path, "bob", clock).open())
    result = bob.save_notes(date, 1, "Ann", {"today": "Review PRs"}, blank)
    assert result.conflicted and result.conflicts[0].text == "Ship the export"
    assert repo.notes(date)[1].today == "Review PRs"


def test_blockers_become_cards_once(repo: StandupRepo, store: Store, clock) -> None:
    date = repo.today()
    repo.act(date, Standup.start)
    repo.act(date, lambda s, now: s.add_blocker("Staging is down", "Ann", "alice", now))
    repo.act(date, lambda s, now: s.add_parking("Retro format", "alice", now))
    first = repo.to_card(date, "blocker", 1)
    second = repo.to_card(date, "blocker", 1)
    topic = repo.to_card(date, "parking", 1)
    assert first.id == second.id and topic.id != first.id
    cards = store.all("cards")
    assert [
        (c["title"], c["column"], c.get("iteration_id"), c.get("source_key", "")) for c in cards
    ] == [
        ("Staging is down", "backlog", None, f"standup:{date}:blocker:1"),
        ("Retro format", "backlog", None, f"standup:{date}:parking:1"),
    ]


def _add_blockers(db: str, user: str, date: str, count: int) -> None:
    repo = StandupRepo(Store(db, user).open())
    for i in range(count):
        repo.act(
            date,
            lambda s, now, i=i: s.add_blocker(f"{user} {i}", user, user, now),
            take_over=True,
        )


def test_two_processes_driving_lose_nothing(repo: StandupRepo, db_path: Path) -> None:
    date = repo.today()
    repo.act(date, Standup.start)
    ctx = multiprocessing.get_context("spawn")
    procs = [
        ctx.Process(target=_add_blockers, args=(str(db_path), u, date, 8)) for u in ("p1", "p2")
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    blockers = repo.for_date(date).blockers
    assert sorted(b.n for b in blockers) == list(range(1, 17))
    assert sorted(b.text for b in blockers) == sorted(
        f"{u} {i}" for u in ("p1", "p2") for i in range(8)
    )

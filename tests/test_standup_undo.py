"""ctrl+z on the stand-up: the facilitator's last driving change put back as a new change,
refused (nothing written) once the meeting moved on, ended or changed hands."""

from __future__ import annotations

from pathlib import Path

import pytest

from ritual.clock import ManualClock
from ritual.errors import RitualError
from ritual.standup import ABSENT, DONE, SKIPPED, SPEAKING, WAITING, Standup
from storage.standup_repo import StandupRepo
from storage.store import Store
from storage.team_repo import TeamRepo


@pytest.fixture
def repo(store: Store) -> StandupRepo:
    team = TeamRepo(store)
    for name in ("Ann", "Ben", "Cem"):
        team.add_member(name)
    return StandupRepo(store)


def order(s: Standup) -> list[tuple[str, str]]:
    return [(sp.name, sp.status) for sp in s.speakers]


def test_absent_then_undo_is_present_again_and_stored(
    repo: StandupRepo, db_path: Path, clock: ManualClock
) -> None:
    date = repo.today()
    ben = repo.current().speakers[1].member_id
    repo.act(date, lambda s, now: s.toggle_absent(ben, now))
    assert repo.current().speaker(ben).status == ABSENT
    message = repo.undo()
    assert message == "undone: your last change to Ben."
    fresh = StandupRepo(Store(db_path, "x", clock).open()).current()
    assert fresh.speaker(ben).status == WAITING
    with pytest.raises(RitualError, match="nothing to undo"):
        repo.undo()


def test_undo_of_next_gives_the_floor_back_with_its_time(
    repo: StandupRepo, clock: ManualClock
) -> None:
    date = repo.today()
    repo.act(date, Standup.start)
    clock.advance(40)
    repo.act(date, Standup.next)
    clock.advance(10)
    repo.undo()
    s = repo.current()
    assert order(s) == [("Ann", SPEAKING), ("Ben", WAITING), ("Cem", WAITING)]
    assert s.current_speaker.name == "Ann" and s.speakers[0].segments == []
    assert s.spoken(s.speakers[0], clock.now()) == 50  # the floor never left her


def test_undo_of_skip_and_of_a_move_restores_the_order(
    repo: StandupRepo, clock: ManualClock
) -> None:
    date = repo.today()
    ann = repo.current().speakers[0].member_id
    repo.act(date, lambda s, now: s.move(ann, 1))
    assert [sp.name for sp in repo.current().speakers] == ["Ben", "Ann", "Cem"]
    repo.undo()
    assert [sp.name for sp in repo.current().speakers] == ["Ann", "Ben", "Cem"]
    repo.act(date, Standup.start)
    clock.advance(5)
    repo.act(date, Standup.skip)
    assert order(repo.current()) == [("Ben", SPEAKING), ("Cem", WAITING), ("Ann", SKIPPED)]
    repo.undo()
    s = repo.current()
    assert order(s) == [("Ann", SPEAKING), ("Ben", WAITING), ("Cem", WAITING)]
    assert s.current_speaker.name == "Ann"


def test_starting_and_pausing_are_not_undone(repo: StandupRepo) -> None:
    date = repo.today()
    repo.act(date, Standup.start)
    repo.act(date, Standup.pause)
    with pytest.raises(RitualError, match="nothing to undo"):
        repo.undo()


def test_undo_is_refused_once_the_turn_moved_on(repo: StandupRepo, clock: ManualClock) -> None:
    date = repo.today()
    repo.act(date, Standup.start)
    clock.advance(30)
    repo.act(date, Standup.next)
    undo = repo.last_change
    clock.advance(30)
    repo.act(date, Standup.next)  # Cem has the floor now: Ben's turn is over
    with pytest.raises(RitualError, match="Ben's turn changed since your change"):
        repo.undo(undo)
    assert repo.current().current_speaker.name == "Cem"


def test_undo_is_refused_after_a_teammate_took_over(
    repo: StandupRepo, db_path: Path, clock: ManualClock
) -> None:
    date = repo.today()
    ben = repo.current().speakers[1].member_id
    repo.act(date, lambda s, now: s.toggle_absent(ben, now))
    bob = StandupRepo(Store(db_path, "bob", clock).open())
    bob.act(date, lambda s, now: s.toggle_absent(ben, now), take_over=True)
    before = db_path.read_bytes()
    with pytest.raises(RitualError, match="bob facilitates the stand-up since your change"):
        repo.undo()
    assert db_path.read_bytes() == before


def test_a_teammates_blocker_does_not_stop_the_undo(
    repo: StandupRepo, db_path: Path, clock: ManualClock
) -> None:
    date = repo.today()
    repo.act(date, Standup.start)
    repo.act(date, Standup.next)
    bob = StandupRepo(Store(db_path, "bob", clock).open())
    bob.contribute(date, lambda s, now: s.add_blocker("VPN down", "Ben", "bob", now))
    repo.undo()
    s = repo.current()
    assert s.current_speaker.name == "Ann" and [b.text for b in s.blockers] == ["VPN down"]


def test_undo_is_refused_once_the_meeting_ended(repo: StandupRepo) -> None:
    date = repo.today()
    repo.act(date, Standup.start)
    repo.act(date, Standup.next)
    repo.act(date, Standup.end)
    with pytest.raises(RitualError, match="has ended: nothing undone"):
        repo.undo()
    assert repo.current().speakers[1].status == DONE


def test_the_domain_refuses_a_moved_on_turn_and_changes_nothing() -> None:
    from ritual.standup import Speaker

    s = Standup(1, "2026-11-26", [Speaker(1, "Ann"), Speaker(2, "Ben")])
    before = s.turns()
    s.toggle_absent(2, None)  # type: ignore[arg-type]  # not current: no clock needed
    after = s.turns()
    changed = [k for k in after if before[k] != after[k]]
    s.move(2, -1)
    with pytest.raises(RitualError, match="Ben's turn changed"):
        s.undo_turns({k: before[k] for k in changed}, {k: after[k] for k in changed})
    assert [(sp.name, sp.status) for sp in s.speakers] == [("Ben", ABSENT), ("Ann", WAITING)]


# -- in the app -------------------------------------------------------------------------------


async def test_ctrl_z_in_the_app_marks_present_again_and_refuses_after_a_teammate(
    services, db_path: Path, clock: ManualClock
) -> None:
    from helpers.pilot import settle

    from screens.app import RitualApp
    from screens.standup.screen import StandupScreen

    for name in ("Ann", "Ben", "Cem"):
        services.team.add_member(name)
    submitted: list[tuple[str, object]] = []
    submit = services.writer.submit

    def spy(reply_to, fn, *args, kind="", **kwargs):  # type: ignore[no-untyped-def]
        submitted.append((kind, fn))
        return submit(reply_to, fn, *args, kind=kind, **kwargs)

    services.writer.submit = spy  # type: ignore[method-assign]
    app = RitualApp(services, mode="standup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StandupScreen)
        ann = screen.running.highlighted_id()
        await pilot.press("a")
        await settle(pilot)
        other = StandupRepo(Store(db_path, "x", clock).open())
        assert other.current().speaker(ann).status == ABSENT
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert other.current().speaker(ann).status == WAITING  # present again, on disk
        assert ("undo", services.standup.undo) in submitted  # through the app's writer
        assert "Undone: your last change to Ann." in [n.message for n in app._notifications]

        await pilot.press("a")
        await settle(pilot)
        bob = StandupRepo(Store(db_path, "bob", clock).open())
        bob.act(bob.today(), lambda s, now: s.toggle_absent(ann, now), take_over=True)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert other.current().speaker(ann).status == WAITING  # bob's change stands
        assert any(
            "bob facilitates the stand-up since your change" in n.message
            for n in app._notifications
        )

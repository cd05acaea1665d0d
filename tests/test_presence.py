"""The stand-up's heartbeat lives beside the team file: the file and its readers stay still."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ritual.clock import ManualClock
from ritual.standup import Standup
from storage.presence import presence_path
from storage.sharedfile import stat_signature
from storage.standup_repo import StandupRepo
from storage.store import Store
from storage.team_repo import TeamRepo

BEAT = """
import sys
from ritual.clock import ManualClock
from storage.standup_repo import StandupRepo
from storage.store import Store
store = Store(sys.argv[1], sys.argv[2], ManualClock(sys.argv[3])).open()
repo = StandupRepo(store)
print(repo.heartbeat(sys.argv[4]))
"""


def beat_in_another_process(db: Path, user: str, at: str, date: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", BEAT, str(db), user, at, date],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def started(store: Store) -> tuple[StandupRepo, str]:
    team = TeamRepo(store)
    for name in ("Ann", "Ben"):
        team.add_member(name)
    repo = StandupRepo(store)
    date = repo.today()
    repo.act(date, Standup.start)  # alice facilitates, at 08:00:00
    return repo, date


def test_a_heartbeat_changes_nothing_in_the_team_file(
    store: Store, db_path: Path, clock: ManualClock
) -> None:
    repo, date = started(store)
    before, signature = db_path.read_bytes(), stat_signature(db_path)
    follower = StandupRepo(Store(db_path, "bob", clock).open())
    assert follower.current().heartbeat == "2026-11-26T08:00:00+00:00"

    assert beat_in_another_process(db_path, "alice", "2026-11-26T08:00:40+00:00", date) == "True"

    assert db_path.read_bytes() == before and stat_signature(db_path) == signature
    assert not follower.store.changed_on_disk()  # no watcher on the file fires
    assert follower.current().heartbeat == "2026-11-26T08:00:40+00:00"
    assert presence_path(db_path).exists()


def test_only_the_facilitator_of_that_day_counts(
    store: Store, db_path: Path, clock: ManualClock
) -> None:
    repo, date = started(store)
    assert beat_in_another_process(db_path, "bob", "2026-11-26T08:05:00+00:00", date) == "False"
    assert repo.current().heartbeat == "2026-11-26T08:00:00+00:00"
    # A heartbeat left from another day, or by someone who no longer facilitates, is ignored.
    beat_in_another_process(db_path, "alice", "2026-11-26T08:05:00+00:00", date)
    bob = StandupRepo(Store(db_path, "bob", clock).open())
    clock.advance(600)
    taken = bob.act(date, Standup.next, take_over=True)
    assert taken.facilitator == "bob"
    assert bob.current().heartbeat == "2026-11-26T08:10:00+00:00"  # bob's take-over, not alice


def test_an_older_heartbeat_never_hides_a_later_action(
    store: Store, db_path: Path, clock: ManualClock
) -> None:
    repo, date = started(store)
    beat_in_another_process(db_path, "alice", "2026-11-26T08:00:10+00:00", date)
    clock.advance(30)
    repo.act(date, Standup.next)
    assert repo.current().heartbeat == "2026-11-26T08:00:30+00:00"


def test_a_broken_presence_file_means_nobody_said_anything(
    store: Store, db_path: Path, clock: ManualClock
) -> None:
    repo, date = started(store)
    presence_path(db_path).write_bytes(b'{"standup:')  # torn, or hand-edited
    assert repo.current().heartbeat == "2026-11-26T08:00:00+00:00"
    clock.advance(15)
    assert repo.heartbeat(date)  # and the next beat writes it whole again
    assert repo.current().heartbeat == "2026-11-26T08:00:15+00:00"


def test_the_presence_file_takes_the_team_files_mode(store: Store, db_path: Path) -> None:
    repo, date = started(store)
    db_path.chmod(0o660)
    assert repo.heartbeat(date)
    assert presence_path(db_path).stat().st_mode & 0o777 == 0o660

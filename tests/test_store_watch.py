"""The change watcher: another process's write reaches us, idle polling costs next to nothing."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from storage.board_repo import BoardRepo
from storage.store import Store
from storage.watch import FileWatcher

WORKER = Path(__file__).parent / "helpers" / "store_workers.py"


def write_elsewhere(db: Path, title: str) -> None:
    subprocess.run([sys.executable, str(WORKER), "write-one", str(db), title], check=True)


def test_check_notices_another_process_s_write_once(tmp_path: Path):
    db = tmp_path / "team.json"
    BoardRepo(Store(db, "ann").open(create=True)).add_card("first")
    seen: list[int] = []
    watcher = FileWatcher(db, lambda: seen.append(1)).start_polling()
    assert watcher.check() is False
    write_elsewhere(db, "second")
    assert watcher.check() is True
    assert watcher.check() is False
    assert seen == [1]


def test_check_notices_the_file_appearing_and_going(tmp_path: Path):
    db = tmp_path / "team.json"
    seen: list[int] = []
    watcher = FileWatcher(db, lambda: seen.append(1)).start_polling()
    write_elsewhere(db, "first")
    assert watcher.check() is True
    db.unlink()
    assert watcher.check() is True
    assert seen == [1, 1]


def test_the_watcher_thread_reports_a_write_within_half_a_second(tmp_path: Path):
    db = tmp_path / "team.json"
    BoardRepo(Store(db, "ann").open(create=True)).add_card("first")
    fired = threading.Event()
    watcher = FileWatcher(db, fired.set, interval=0.1).start()
    try:
        write_elsewhere(db, "second")
        written = time.monotonic()
        assert fired.wait(timeout=5)
        latency = time.monotonic() - written
    finally:
        watcher.stop()
    assert latency < 0.5
    assert watcher._thread is None


async def test_an_apps_reads_come_from_memory_until_its_watcher_sees_a_change(
    services, db_path, clock
) -> None:
    """Issue 8: the UI thread never looks at the disk; the watcher's worker does."""
    from helpers.pilot import settle

    from screens.app import RitualApp
    from storage.store import Store
    from storage.team_repo import TeamRepo

    services.team.add_member("Ann")
    app = RitualApp(services, mode="home")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        TeamRepo(Store(db_path, "bob", clock).open()).add_member("Bob")
        assert [m.name for m in services.team.members()] == ["Ann"]  # memory, no stat
        app._watcher.check()
        await settle(pilot)
        assert [m.name for m in services.team.members()] == ["Ann", "Bob"]

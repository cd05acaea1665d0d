"""The shared file under the mistakes real teams make: a stale-looking lock deleted under a
stopped writer, a symlinked team file, a file deleted or emptied while open, a full disk.
Every test uses real processes where the mistake involves more than one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from helpers import store_workers as w

from ritual.clock import ManualClock
from storage.board_repo import CARDS, BoardRepo
from storage.errors import FileUnavailable, MissingFile, StoreError, missing_file_message
from storage.lock import lock_path_for
from storage.sharedfile import sweep_temp_files
from storage.store import Store

WORKER = Path(__file__).parent / "helpers" / "store_workers.py"


def worker(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(WORKER), *args])


def titles(db: Path) -> set[str]:
    return {c["title"] for c in orjson.loads(db.read_bytes())[CARDS].values()}


def wait_for(condition, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)


# -- 3. a lock file deleted under a stopped holder -------------------------------------------


def test_a_lock_file_deleted_under_a_stopped_writer_costs_no_acknowledged_write(tmp_path: Path):
    db = tmp_path / "team.json"
    BoardRepo(Store(db, "seed").open(create=True)).add_card("seed")
    for attempt in range(12):
        acks = tmp_path / f"acks{attempt}"
        holder = worker("stop-inside", str(db), str(acks))
        _, status = os.waitpid(holder.pid, os.WUNTRACED)  # stopped inside its transaction
        assert os.WIFSTOPPED(status)
        lock_path_for(db).unlink()  # "it has been busy for ages: the lock must be stale"
        writers = [worker("add-acked", str(db), f"w{attempt}-{k}", str(acks)) for k in range(2)]
        wait_for(
            lambda acks=acks: sum(line.startswith("trying") for line in w.read_acks(acks)) == 2,
            "both writers to try",
        )
        # Give the writers the time a lock file deleted by mistake would let them write in.
        time.sleep(0.1)
        os.kill(holder.pid, signal.SIGCONT)
        assert holder.wait(60) == 0  # the resumed writer never crashes
        assert [p.wait(60) for p in writers] == [0, 0]
        acked = [line for line in w.read_acks(acks) if not line.startswith("trying")]
        assert sorted(acked) == sorted(["held", f"w{attempt}-0", f"w{attempt}-1"])
        assert set(acked) <= titles(db), f"attempt {attempt}: an acknowledged card was lost"
    assert len(orjson.loads(db.read_bytes())[CARDS]) == 1 + 12 * 3


def test_temp_files_of_live_writers_are_kept_and_of_dead_ones_swept(tmp_path: Path):
    db = tmp_path / "team.json"
    BoardRepo(Store(db, "seed").open(create=True)).add_card("seed")
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        os.kill(live.pid, signal.SIGSTOP)  # stopped mid-write, as a closed lid would
        kept = tmp_path / f".team.json.{live.pid}.abcd1234.tmp"
        swept = tmp_path / f".team.json.{dead.pid}.abcd1234.tmp"
        older = tmp_path / ".team.json.k2j4_x9q.tmp"  # an older ritual's name
        for f in (kept, swept, older):
            f.write_bytes(b'{"half": ')
        sweep_temp_files(db)
        assert kept.exists() and not swept.exists() and not older.exists()
    finally:
        live.kill()
        live.wait()


# -- 4. a team file reached through a symlink ------------------------------------------------


def test_a_symlinked_team_file_stays_shared(tmp_path: Path, clock: ManualClock):
    team_dir, home = tmp_path / "team", tmp_path / "home"
    team_dir.mkdir()
    home.mkdir()
    real = team_dir / "ritual.json"
    BoardRepo(Store(real, "ann", clock).open(create=True)).add_card("from the team")
    link = home / "ritual.json"
    link.symlink_to(real)

    mine = BoardRepo(Store(link, "bob", clock).open())
    mine.add_card("through the link")
    assert link.is_symlink() and link.resolve() == real
    assert titles(real) == {"from the team", "through the link"}
    assert lock_path_for(real).exists() and not lock_path_for(link).exists()
    assert sorted(p.name for p in home.iterdir()) == ["ritual.json"]

    # Another process writing the target is seen through the link, and the other way round.
    subprocess.run([sys.executable, str(WORKER), "write-one", str(real), "teammate"], check=True)
    mine.add_card("again through the link")
    assert link.is_symlink()
    assert titles(real) == {
        "from the team",
        "through the link",
        "teammate",
        "again through the link",
    }


# -- 5. files are made only on purpose; a file gone while open -------------------------------


def test_a_missing_file_is_refused_in_one_sentence_and_nothing_is_made(tmp_path: Path):
    db = tmp_path / "typo" / "team.json"
    with pytest.raises(MissingFile) as err:
        Store(db, "ann").open()
    assert str(err.value) == (missing_file_message(db))
    # Even when asked to create the file, no directory is made.
    store = Store(db, "ann").open(create=True)
    with pytest.raises(StoreError, match="does not exist"):
        BoardRepo(store).add_card("never written")
    assert list(tmp_path.iterdir()) == []


def test_the_cli_refuses_a_missing_file_and_makes_no_directory(tmp_path: Path):
    from helpers.cli import ritual

    db = tmp_path / "typo" / "team.json"
    for args in (("card", "list"), ("card", "add", "lost")):
        out = ritual(db, *args)
        assert out.returncode == 2, out
        assert out.stderr.strip().splitlines() == [f"ritual: {missing_file_message(db)}"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("how", ["deleted", "emptied", "a directory"])
def test_a_file_gone_while_open_keeps_the_last_data_refuses_writes_and_recovers(
    tmp_path: Path, clock: ManualClock, how: str
):
    db = tmp_path / "team.json"
    store = Store(db, "ann", clock).open(create=True)
    repo = BoardRepo(store)
    repo.add_card("kept")
    good = db.read_bytes()
    db.unlink()
    if how == "emptied":
        db.write_bytes(b"")
    elif how == "a directory":
        db.mkdir()

    with pytest.raises(FileUnavailable) as err:
        store.refresh()
    reason = store.unavailable_reason
    assert reason is not None and str(db) in reason and "\n" not in reason
    assert str(err.value) == reason
    assert [c.title for c in repo.cards()] == ["kept"]  # reads keep the last good data
    with pytest.raises(FileUnavailable):
        repo.add_card("never written")
    with pytest.raises(FileUnavailable):  # still unavailable: said again, file untouched
        store.refresh()
    if how == "deleted":
        assert not db.exists()  # never recreated
    elif how == "emptied":
        assert db.read_bytes() == b""
    else:
        assert db.is_dir()
        db.rmdir()

    if db.exists():
        db.unlink()
    db.write_bytes(good)  # back from a backup
    assert store.refresh() is True
    assert store.unavailable_reason is None
    repo.add_card("after")
    assert titles(db) == {"kept", "after"}


@pytest.mark.parametrize("content", [b"", b" \n\t\n"], ids=["0 bytes", "whitespace"])
def test_an_empty_file_is_refused_like_a_broken_one(tmp_path: Path, content: bytes):
    db = tmp_path / "team.json"
    db.write_bytes(content)
    for create in (False, True):
        with pytest.raises(StoreError, match="is empty") as err:
            Store(db, "ann").open(create=create)
        assert "untouched" in str(err.value)
    assert db.read_bytes() == content


# -- 6. a full disk, or any OSError while writing --------------------------------------------

FULL_DISK = """
import os, resource, signal, sys
import orjson
from storage.board_repo import BoardRepo
from storage.errors import StoreError
from storage.store import Store

db = sys.argv[1]
store = Store(db, "ann").open()
repo = BoardRepo(store)
before = open(db, "rb").read()
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (os.path.getsize(db) + 64, hard))
try:
    repo.add_card("x" * 150)
    print(orjson.dumps({"error": None}).decode())
except StoreError as exc:
    unchanged = open(db, "rb").read() == before
    temps = [n for n in os.listdir(os.path.dirname(db)) if n.endswith(".tmp")]
    cards = [c.title for c in repo.cards()]
    report = {"error": str(exc), "unchanged": unchanged, "temps": temps, "cards": cards}
    print(orjson.dumps(report).decode())
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
repo.add_card("after the disk was freed")
print(orjson.dumps([c.title for c in repo.cards()]).decode())
"""


def test_a_full_disk_is_one_line_nothing_changed_no_temp_file_left(tmp_path: Path):
    db = tmp_path / "team.json"
    BoardRepo(Store(db, "seed").open(create=True)).add_card("seed")
    out = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(db)], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    failed, after = (orjson.loads(line) for line in out.stdout.splitlines())
    assert failed["error"] == f"{db} could not be written (File too large); nothing was changed."
    assert failed["unchanged"] and failed["temps"] == []
    assert failed["cards"] == ["seed"]  # what this process holds matches the file
    assert after == ["seed", "after the disk was freed"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]

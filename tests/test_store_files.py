"""The team file itself: refusals that leave it untouched, migration of older files, and the
permission bits and group a team of Unix users relies on."""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from helpers.cli import ritual
from tinydb import TinyDB

from ritual.clock import ManualClock
from storage.board_repo import CARDS, BoardRepo
from storage.errors import StoreError
from storage.lock import lock_path_for
from storage.schema import SCHEMA_VERSION
from storage.store import Store

WORKER = Path(__file__).parent / "helpers" / "store_workers.py"

BROKEN = {
    "not json": b'{"cards": {"1": {"title": "x"',
    "binary": b"\x00\xff\xfe garbage",
    "a list": b"[1, 2, 3]",
    "a table that is a list": b'{"cards": [1, 2]}',
    "a document that is a string": b'{"cards": {"1": "x"}}',
}
NEWER = orjson.dumps(
    {"meta": {"1": {"schema": SCHEMA_VERSION + 1}}, "cards": {"1": {"title": "from the future"}}}
)


@pytest.mark.parametrize("content", list(BROKEN.values()), ids=list(BROKEN))
def test_a_broken_file_is_one_clear_error_and_never_written(
    tmp_path: Path, clock: ManualClock, content: bytes
):
    db = tmp_path / "team.json"
    db.write_bytes(content)
    with pytest.raises(StoreError) as err:
        Store(db, "ann", clock).open(create=True)
    message = str(err.value)
    assert str(db) in message and "untouched" in message and "\n" not in message
    assert db.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.json"]


def test_a_file_broken_after_opening_refuses_the_next_write(tmp_path: Path, clock: ManualClock):
    db = tmp_path / "team.json"
    store = Store(db, "ann", clock).open(create=True)
    BoardRepo(store).add_card("kept")
    db.write_bytes(BROKEN["not json"])
    with pytest.raises(StoreError, match="not valid JSON"):
        BoardRepo(store).add_card("never written")
    assert db.read_bytes() == BROKEN["not json"]


def test_a_newer_schema_is_refused_untouched_on_open_and_on_write(
    tmp_path: Path, clock: ManualClock
):
    db = tmp_path / "team.json"
    db.write_bytes(NEWER)
    with pytest.raises(StoreError, match="newer ritual") as err:
        Store(db, "ann", clock).open(create=True)
    assert str(db) in str(err.value) and "upgrade" in str(err.value)
    assert db.read_bytes() == NEWER

    other = tmp_path / "other.json"
    store = Store(other, "ann", clock).open(create=True)
    BoardRepo(store).add_card("mine")
    other.write_bytes(NEWER)  # a newer ritual replaced it while we had it open
    with pytest.raises(StoreError, match="newer ritual"):
        BoardRepo(store).add_card("never written")
    assert other.read_bytes() == NEWER


@pytest.mark.parametrize("content", [BROKEN["not json"], NEWER], ids=["corrupt", "newer"])
def test_the_cli_reports_a_refused_file_in_one_line_with_exit_2(tmp_path: Path, content: bytes):
    db = tmp_path / "team.json"
    db.write_bytes(content)
    out = ritual(db, "card", "list")
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and str(db) in lines[0]
    assert db.read_bytes() == content


def stock_tinydb_file(db: Path) -> bytes:
    """A file written by plain TinyDB (its JSONStorage), as another tool would leave it."""
    with TinyDB(db) as plain:
        plain.insert({"note": "default table"})
        cards = plain.table(CARDS)
        for n in range(3):
            cards.insert({"title": f"old {n}", "column": "todo"})
        cards.remove(doc_ids=[2])
        plain.table("members").insert({"name": "Ann"})
    return db.read_bytes()


def test_a_plain_tinydb_file_is_read_as_is_and_migrated_by_the_first_write_after_a_backup(
    tmp_path: Path, clock: ManualClock
):
    db = tmp_path / "team.json"
    original = stock_tinydb_file(db)
    mtime = os.stat(db).st_mtime_ns
    store = Store(db, "ann", clock).open()
    # Reading never writes: brought up to date in memory only.
    assert store.meta()["schema"] == SCHEMA_VERSION
    assert [c["title"] for c in store.all(CARDS)] == ["old 0", "old 2"]
    assert db.read_bytes() == original and os.stat(db).st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.json"]

    with store.transaction() as tx:
        assert tx.insert(CARDS, {"title": "new"})["id"] == 4  # after the highest id used
        assert tx.insert("members", {"name": "Bob"})["id"] == 2
    data = orjson.loads(db.read_bytes())
    assert data["meta"]["1"]["schema"] == SCHEMA_VERSION
    assert {k: v["title"] for k, v in data[CARDS].items()} == {
        "1": "old 0",
        "3": "old 2",
        "4": "new",
    }
    assert data["_default"] == {"1": {"note": "default table"}}
    assert (tmp_path / "team.json.v0.bak").read_bytes() == original
    assert Store(db, "bob", clock).open().meta()["schema"] == SCHEMA_VERSION
    BoardRepo(store).add_card("later")
    assert len(list(tmp_path.glob("*.bak"))) == 1  # one backup, at the first write only


def test_a_read_only_user_can_open_an_older_file(tmp_path: Path, clock: ManualClock):
    """No lock, no write: a file (and directory) this process may not write still opens.

    (Run as root the modes do not bind, but a lock file or a migration would still show in
    the directory; another Unix user cannot run this checkout's interpreter under /root.)"""
    db = tmp_path / "team.json"
    original = stock_tinydb_file(db)
    os.chmod(db, 0o444)
    os.chmod(tmp_path, 0o555)
    try:
        code = (
            "import sys; from storage.store import Store; "
            "s = Store(sys.argv[1], 'guest').open(); "
            "print(sorted(c['title'] for c in s.all('cards')))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, str(db)],
            capture_output=True,
            text=True,
        )
    finally:
        os.chmod(tmp_path, 0o755)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['old 0', 'old 2']"
    assert db.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.json"]


def test_an_earlier_backup_is_never_overwritten(tmp_path: Path, clock: ManualClock):
    db = tmp_path / "team.json"
    (tmp_path / "team.json.v0.bak").write_bytes(b"an older backup")
    original = stock_tinydb_file(db)
    BoardRepo(Store(db, "ann", clock).open()).add_card("first write")
    assert (tmp_path / "team.json.v0.bak").read_bytes() == b"an older backup"
    assert (tmp_path / "team.json.v0.2.bak").read_bytes() == original


def some_other_group() -> int | None:
    """A group this process may give a file: any as root, else one of its own groups."""
    current = os.getgid()
    if os.geteuid() == 0:
        return 65534 if current != 65534 else 100
    others = [g for g in os.getgroups() if g != current]
    return others[0] if others else None


@pytest.mark.parametrize("mode", [0o660, 0o640, 0o600, 0o664])
def test_a_write_keeps_the_file_s_permission_bits_and_group(
    tmp_path: Path, clock: ManualClock, mode: int
):
    db = tmp_path / "team.json"
    store = Store(db, "ann", clock).open(create=True)
    BoardRepo(store).add_card("first")
    os.chmod(db, mode)
    group = some_other_group()
    if group is not None:
        os.chown(db, -1, group)
    expected_group = os.stat(db).st_gid
    BoardRepo(store).add_card("second")
    st = os.stat(db)
    assert stat.S_IMODE(st.st_mode) == mode
    assert st.st_gid == expected_group


def test_the_lock_file_is_group_writable_even_under_umask_077(tmp_path: Path):
    db = tmp_path / "team.json"
    subprocess.run([sys.executable, str(WORKER), "write-one", str(db), "t", "077"], check=True)
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600  # a new file follows the umask ...
    lock_mode = stat.S_IMODE(os.stat(lock_path_for(db)).st_mode)
    assert lock_mode & 0o060 == 0o060  # ... but the lock file must let the group lock


def test_the_lock_file_takes_the_team_file_s_group(tmp_path: Path, clock: ManualClock):
    group = some_other_group()
    if group is None:
        pytest.skip("this user belongs to one group only")
    db = tmp_path / "team.json"
    db.write_bytes(b"{}")
    os.chown(db, -1, group)
    BoardRepo(Store(db, "ann", clock).open(create=True)).add_card("t")
    assert os.stat(lock_path_for(db)).st_gid == group


def test_temp_files_of_a_killed_writer_are_swept_by_the_next(tmp_path: Path, clock: ManualClock):
    db = tmp_path / "team.json"
    stale = tmp_path / ".team.json.abc123.tmp"
    stale.write_bytes(b'{"half": ')
    unrelated = tmp_path / ".other.json.abc123.tmp"
    unrelated.write_bytes(b"")
    BoardRepo(Store(db, "ann", clock).open(create=True)).add_card("t")
    assert not stale.exists() and unrelated.exists()


def test_a_directory_is_refused(tmp_path: Path, clock: ManualClock):
    with pytest.raises(StoreError, match="is a directory"):
        Store(tmp_path, "ann", clock).open(create=True)


def run_app_in_a_terminal(db: Path, *args: str) -> int:
    """``ritual --db DB ARGS`` in a real pseudo-terminal: wait for its first frame, quit."""
    import fcntl
    import pty
    import select
    import struct
    import termios
    import time

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ritual", "--db", str(db), "--user", "ci", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 60
    try:
        while b"read-only" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
        assert b"read-only" in seen, seen[-500:]
        os.write(master, b"\x11")  # ctrl+q
        while proc.poll() is None and time.monotonic() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                with contextlib.suppress(OSError):
                    os.read(master, 65536)
        return proc.wait(5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


def test_read_only_commands_leave_an_older_file_byte_for_byte(tmp_path: Path):
    """``card list``, the board's exports and ``board --read-only`` read an older (stock
    TinyDB) file without writing it: same bytes, same mtime, no lock, no backup, no temp file."""
    db = tmp_path / "team.json"
    original = stock_tinydb_file(db)
    mtime = os.stat(db).st_mtime_ns
    out = ritual(db, "card", "list")
    assert out.returncode == 0, out.stderr
    for fmt in ("md", "json", "csv"):
        out = ritual(db, "export", "board", "--format", fmt)
        assert out.returncode == 0, out.stderr
    assert run_app_in_a_terminal(db, "board", "--read-only") == 0
    assert db.read_bytes() == original and os.stat(db).st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.json"]

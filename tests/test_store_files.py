"""The team file itself: refusals that leave it untouched, migration of older files, and the
permission bits and group a team of Unix users relies on."""

from __future__ import annotations

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
        Store(db, "ann", clock).open()
    message = str(err.value)
    assert str(db) in message and "untouched" in message and "\n" not in message
    assert db.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.json"]


def test_a_file_broken_after_opening_refuses_the_next_write(tmp_path: Path, clock: ManualClock):
    db = tmp_path / "team.json"
    store = Store(db, "ann", clock).open()
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
        Store(db, "ann", clock).open()
    assert str(db) in str(err.value) and "upgrade" in str(err.value)
    assert db.read_bytes() == NEWER

    other = tmp_path / "other.json"
    store = Store(other, "ann", clock).open()
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


def test_a_plain_tinydb_file_is_migrated_after_a_backup_of_its_bytes(
    tmp_path: Path, clock: ManualClock
):
    db = tmp_path / "team.json"
    original = stock_tinydb_file(db)
    store = Store(db, "ann", clock).open()

    data = orjson.loads(db.read_bytes())
    assert data["meta"]["1"]["schema"] == SCHEMA_VERSION
    assert {k: v["title"] for k, v in data[CARDS].items()} == {"1": "old 0", "3": "old 2"}
    assert data["_default"] == {"1": {"note": "default table"}}
    assert (tmp_path / "team.json.v0.bak").read_bytes() == original
    with store.transaction() as tx:
        assert tx.insert(CARDS, {"title": "new"})["id"] == 4  # after the highest id used
        assert tx.insert("members", {"name": "Bob"})["id"] == 2
    assert Store(db, "bob", clock).open().meta()["schema"] == SCHEMA_VERSION


def test_an_earlier_backup_is_never_overwritten(tmp_path: Path, clock: ManualClock):
    db = tmp_path / "team.json"
    (tmp_path / "team.json.v0.bak").write_bytes(b"an older backup")
    original = stock_tinydb_file(db)
    Store(db, "ann", clock).open()
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
    store = Store(db, "ann", clock).open()
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
    BoardRepo(Store(db, "ann", clock).open()).add_card("t")
    assert os.stat(lock_path_for(db)).st_gid == group


def test_temp_files_of_a_killed_writer_are_swept_by_the_next(tmp_path: Path, clock: ManualClock):
    db = tmp_path / "team.json"
    stale = tmp_path / ".team.json.abc123.tmp"
    stale.write_bytes(b'{"half": ')
    unrelated = tmp_path / ".other.json.abc123.tmp"
    unrelated.write_bytes(b"")
    BoardRepo(Store(db, "ann", clock).open()).add_card("t")
    assert not stale.exists() and unrelated.exists()


def test_a_directory_is_refused(tmp_path: Path, clock: ManualClock):
    with pytest.raises(StoreError, match="is a directory"):
        Store(tmp_path, "ann", clock).open()

"""An archive file opened with ``--db`` is read-only (issue 17): ``ritual archive`` marks it
(``archive_of`` in its meta record), the app opens it with a banner saying so, every CLI write
is refused with one line and exit 2, and nothing rewrites it: its bytes and mtime stay as
they were after reading commands and after the app ran. Real processes throughout."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from helpers.cli import ritual
from helpers.pty_terminal import Terminal, screen_text
from test_archive import seed

from storage.archive import archive_path
from storage.store import Store


@pytest.fixture
def shelf(store: Store, db_path: Path) -> Path:
    seed(store)
    done = ritual(db_path, "archive", "--before", "2026-01-01")
    assert done.returncode == 0, done.stderr
    return archive_path(db_path)


def fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_ritual_archive_marks_its_file_and_only_its_file(shelf: Path, db_path: Path) -> None:
    assert orjson.loads(shelf.read_bytes())["meta"]["1"]["archive_of"] == db_path.name
    assert "archive_of" not in orjson.loads(db_path.read_bytes())["meta"]["1"]


def test_reading_commands_leave_the_archive_as_it_was(shelf: Path) -> None:
    before = fingerprint(shelf)
    for args in (
        ("card", "list"),
        ("card", "list", "--json"),
        ("card", "show", "1"),
        ("iteration", "list"),
        ("review", "list"),
        ("export", "review", "1"),
        ("export", "board"),
        ("doctor",),
    ):
        done = ritual(shelf, *args)
        assert done.returncode == 0, (args, done.stderr)
    assert fingerprint(shelf) == before


def test_every_write_is_refused_in_one_line(shelf: Path, db_path: Path) -> None:
    before = fingerprint(shelf)
    for args in (
        ("card", "add", "a new card"),
        ("card", "move", "1", "doing"),
        ("member", "add", "Zoe"),
        ("archive", "--before", "2026-01-01"),
        ("archive", "--restore"),
    ):
        done = ritual(shelf, *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "archive" in lines[0], (args, done.stderr)
        assert done.stdout == "", args
    assert fingerprint(shelf) == before
    assert not archive_path(shelf).exists()  # no archive of the archive was made
    # ritual archive on the team file still moves records in and out of it
    assert ritual(db_path, "archive", "--restore").returncode == 0
    assert all(
        not docs for name, docs in orjson.loads(shelf.read_bytes()).items() if name != "meta"
    )
    assert ritual(db_path, "archive", "--before", "2026-01-01").returncode == 0
    assert orjson.loads(shelf.read_bytes())["meta"]["1"]["archive_of"] == db_path.name


def test_the_app_opens_an_archive_read_only_and_leaves_it_as_it_was(shelf: Path) -> None:
    before = fingerprint(shelf)
    term = Terminal(["--db", str(shelf), "board"], shelf, "maya", size=(110, 34))
    try:
        term.wait_for("archive of", timeout=30)
        term.settle()
        term.press("n")  # a new card: refused, the banner's reason again
        term.settle()
        term.press("ctrl+q")
    finally:
        term.close()
    shown = screen_text(term.output)
    assert f"Read-only: {shelf.name} is the archive of {db_path_name(shelf)}" in shown
    assert fingerprint(shelf) == before


def db_path_name(shelf: Path) -> str:
    return orjson.loads(shelf.read_bytes())["meta"]["1"]["archive_of"]

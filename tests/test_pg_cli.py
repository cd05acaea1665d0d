"""The team database from a person's side: real ``ritual`` processes and real app processes
on a pty, each connected as its own database role (tests/helpers/pg.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import orjson
from helpers.pty_terminal import Terminal

from storage.copy import comparable
from storage.pg_store import PgStore


def ritual_as(role: str, db: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``ritual`` with RITUAL_DB set to the database; the login (USER) is the role's name."""
    env = {**os.environ, "RITUAL_DB": db, "USER": role}
    return subprocess.run(
        [sys.executable, "-m", "ritual", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def new_team(pg_server, name: str = "Platform") -> tuple[str, str]:
    """``ritual init`` on a fresh database, then the README's grants; (database, alice URL)."""
    db = pg_server.new_database()
    url = pg_server.url(db, "alice")
    done = ritual_as("alice", url, "init", "--team", name)
    assert done.returncode == 0, done.stderr
    assert "New team 'Platform'" in done.stdout
    pg_server.grant(db)
    return db, url


def test_init_makes_the_schema_once_and_the_role_is_the_person(pg_server):
    db, url = new_team(pg_server)
    again = ritual_as("alice", url, "init")
    assert again.returncode == 2
    assert again.stderr.count("\n") == 1 and "already holds a team" in again.stderr
    bob = pg_server.url(db, "bob")
    added = ritual_as("bob", bob, "card", "add", "From bob", "--json")
    assert added.returncode == 0, added.stderr
    card = orjson.loads(added.stdout)
    assert PgStore(url).open().get("cards", card["id"])["updated_by"] == "bob"
    faked = ritual_as("bob", bob, "--user", "alice", "card", "add", "Claimed by alice")
    assert faked.returncode == 2
    assert "--user 'alice' is refused" in faked.stderr
    assert PgStore(url).open().count("cards") == 1


def test_a_read_only_role_cannot_write(pg_server):
    db, url = new_team(pg_server)
    reader = pg_server.url(db, "reader")
    refused = ritual_as("reader", reader, "card", "add", "Sneaky")
    assert refused.returncode == 2
    assert refused.stderr.startswith("ritual: Read-only: database role 'reader'")
    assert PgStore(url).open().count("cards") == 0
    listed = ritual_as("reader", reader, "card", "list")
    assert listed.returncode == 0, listed.stderr


def test_a_change_by_one_user_appears_in_another_user_s_app_within_a_second(pg_server):
    db, url = new_team(pg_server)
    bob = pg_server.url(db, "bob")
    sprint = ("iteration", "start", "S1", "--start", "2026-11-30", "--end", "2026-12-11")
    assert ritual_as("bob", bob, *sprint).returncode == 0  # cards in To do need a sprint
    app = Terminal(["board"], url, "alice")  # type: ignore[arg-type]  # RITUAL_DB takes a URL
    reader_app = Terminal(["board"], pg_server.url(db, "reader"), "reader")  # type: ignore[arg-type]
    try:
        app.wait_for("Platform")
        reader_app.wait_for("read-only")
        app.settle()
        mark = app.mark()
        added = ritual_as("bob", bob, "card", "add", "Seen live", "--column", "todo")
        assert added.returncode == 0, added.stderr
        start = time.monotonic()
        app.wait_for("Seen live", since=mark, timeout=5)
        assert time.monotonic() - start < 1.0
        reader_app.wait_for("Seen live", timeout=5)
    finally:
        app.close()
        reader_app.close()


def test_copy_file_to_database_to_file_gives_the_same_team(pg_server, tmp_path: Path):
    first, back = tmp_path / "team.json", tmp_path / "back.json"
    demo = subprocess.run(
        [sys.executable, "-m", "ritual", "--db", str(first), "--user", "maya", "demo"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert demo.returncode == 0, demo.stderr
    db = pg_server.new_database()
    url = pg_server.url(db, "alice")
    there = ritual_as("alice", url, "copy", str(first), url)
    assert there.returncode == 0, there.stderr
    assert "Checked: the same records" in there.stdout
    refused = ritual_as("alice", url, "copy", str(first), url)
    assert refused.returncode == 2 and "already holds a team" in refused.stderr
    home = ritual_as("alice", url, "copy", url, str(back))
    assert home.returncode == 0, home.stderr
    original, returned = orjson.loads(first.read_bytes()), orjson.loads(back.read_bytes())
    assert comparable(returned) == comparable(original)
    assert returned["cards"] == original["cards"]
    assert sum(len(t) for t in returned.values()) > 20
    onto_a_team = ritual_as("alice", url, "copy", url, str(first))
    assert onto_a_team.returncode == 2
    assert orjson.loads(first.read_bytes()) == original
    forced = ritual_as("alice", url, "copy", "--force", str(back), url)
    assert forced.returncode == 0, forced.stderr


def test_doctor_on_a_database_names_the_role_and_what_it_may_do(pg_server):
    db, _ = new_team(pg_server)
    writer = ritual_as("bob", pg_server.url(db, "bob"), "doctor")
    assert writer.returncode == 0, writer.stderr
    assert "as role 'bob'" in writer.stdout and "ok: you may write." in writer.stdout
    reader = ritual_as("reader", pg_server.url(db, "reader"), "doctor")
    assert "warn: Read-only: database role 'reader'" in reader.stdout
    assert "ok: every record can be read." in reader.stdout

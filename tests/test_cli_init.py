"""Team files are made only on purpose: ``ritual init``, ``ritual demo``, or a yes to the app's
first-run question. Every other command on a missing file says so, and makes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.cli import ritual
from helpers.terminal import Terminal, ritual_args


def one_line_refusal(out) -> str:
    assert out.returncode == 2, (out.stdout, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ritual: "), out.stderr
    return lines[0]


def test_init_makes_a_team_with_its_name_and_time_zone(tmp_path: Path) -> None:
    db = tmp_path / "squad.json"
    out = ritual(db, "init", "--team", "Checkout squad", "--timezone", "Asia/Shanghai")
    assert out.returncode == 0, out.stderr
    assert str(db) in out.stdout
    from storage.store import Store
    from storage.team_repo import TeamRepo

    team = TeamRepo(Store(db, "x").open(create=False)).team()
    assert (team.name, team.timezone) == ("Checkout squad", "Asia/Shanghai")
    assert ritual(db, "member", "add", "Ann").returncode == 0


def test_init_refuses_a_file_that_exists_and_leaves_it_alone(tmp_path: Path) -> None:
    db = tmp_path / "squad.json"
    assert ritual(db, "init", "--team", "First").returncode == 0
    before = db.read_bytes()
    line = one_line_refusal(ritual(db, "init", "--team", "Second"))
    assert "already exists" in line
    assert db.read_bytes() == before


def test_init_refuses_a_bad_time_zone_and_makes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "squad.json"
    one_line_refusal(ritual(db, "init", "--timezone", "Mars/Olympus"))
    assert list(tmp_path.iterdir()) == []


def test_init_makes_no_directory(tmp_path: Path) -> None:
    db = tmp_path / "typo" / "deeper" / "squad.json"
    line = one_line_refusal(ritual(db, "init"))
    assert "does not exist" in line and "typo" in line
    assert not (tmp_path / "typo").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("card", "list"),
        ("card", "add", "Fix login"),
        ("member", "add", "Ann"),
        ("member", "list"),
        ("iteration", "start", "S1", "--start", "2026-11-23", "--end", "2026-12-04"),
        ("iteration", "wip", "doing", "3"),
        ("export", "board"),
        ("review", "list"),
        ("board",),  # the app, without a terminal to ask on
        (),
    ],
)
def test_other_commands_on_a_missing_file_say_how_to_make_one(tmp_path: Path, args) -> None:
    db = tmp_path / "mistyped" / "squad.json"
    line = one_line_refusal(ritual(db, *args))
    assert f"No team file at {db}" in line and "ritual init" in line
    assert list(tmp_path.iterdir()) == []  # no directory, no file, no lock file


def test_a_missing_file_in_an_existing_directory_is_not_made_either(tmp_path: Path) -> None:
    db = tmp_path / "squad.json"
    one_line_refusal(ritual(db, "card", "add", "Fix login"))
    assert list(tmp_path.iterdir()) == []


def test_demo_makes_the_file_it_is_asked_for_but_no_directory(tmp_path: Path) -> None:
    assert ritual(tmp_path / "demo.json", "demo").returncode == 0
    assert len(json.loads(ritual(tmp_path / "demo.json", "member", "list", "--json").stdout)) == 6
    one_line_refusal(ritual(tmp_path / "nope" / "demo.json", "demo"))
    assert not (tmp_path / "nope").exists()


def _asked(screen: bytes) -> bool:
    return b"Create a new team there? y/N" in screen


def test_the_app_asks_before_making_a_file_and_no_makes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "squad.json"
    term = Terminal(ritual_args(db))
    assert _asked(term.read_until(_asked)), term.screen
    assert f"No team file at {db}".encode() in term.screen
    term.type("n\r")
    status, shown = term.finish()
    assert status == 2 and "ritual: nothing created" in shown
    assert list(tmp_path.iterdir()) == []


def test_the_app_makes_a_team_on_yes_and_opens_on_it(tmp_path: Path) -> None:
    db = tmp_path / "squad.json"
    term = Terminal(ritual_args(db, "board"))
    term.read_until(_asked)
    term.type("y\r")
    # The file is made before the app starts; the board of the new, empty team shows then.
    shown = term.read_until(lambda s: b"No current iteration" in s)
    assert b"No current iteration" in shown
    assert db.exists()
    term.type("\x11")  # ctrl+q
    status, shown = term.finish()
    assert status == 0, shown[-500:]
    assert json.loads(ritual(db, "member", "list", "--json").stdout) == []


def test_the_quick_start_command_works_in_a_fresh_directory(tmp_path: Path) -> None:
    """README's first command: ``ritual --db demo.json demo --force --open``."""
    term = Terminal(ritual_args(Path("demo.json"), "demo", "--force", "--open"), cwd=tmp_path)
    shown = term.read_until(lambda s: b"Checkout squad" in s)
    assert b"Checkout squad" in shown
    term.type("\x11")  # ctrl+q
    status, shown = term.finish()
    assert status == 0, shown[-500:]
    assert (tmp_path / "demo.json").exists() and not list(tmp_path.glob("*.bak"))

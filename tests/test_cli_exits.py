"""How the command ends when things go wrong outside its control: an unexpected error is
one line naming a crash log (exit 1), a closed pipe ends quietly, arguments that are not
UTF-8 are refused. All in real processes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers.cli import ritual
from helpers.terminal import Terminal, after_app

SECRET = "SECRET-CARD-TITLE-42"

# Runs ritual's main() after making one function raise, with a local variable holding what a
# team file holds: the situation of a real bug.
CRASHING = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    def boom(*args, **kwargs):
        content = Path(sys.argv[1]).read_text()  # a local that must never reach the terminal
        raise RuntimeError("a bug " + str(len(content)))

    module, name = sys.argv[2].rsplit(".", 1)
    target = __import__(module, fromlist=[name])
    owner, _, attr = name.partition(":")
    setattr(getattr(target, owner) if attr else target, attr or owner, boom)
    from ritual.cli import main
    sys.exit(main(["--db", sys.argv[1], "--user", "ci", *sys.argv[3:]]))
    """
)


@pytest.fixture
def team(tmp_path: Path) -> Path:
    db = tmp_path / "team.json"
    assert ritual(db, "init").returncode == 0
    assert ritual(db, "card", "add", SECRET).returncode == 0
    return db


@pytest.fixture
def state_home(tmp_path: Path) -> Path:
    return tmp_path / "state"


def _env(state_home: Path) -> dict[str, str]:
    return {**os.environ, "XDG_STATE_HOME": str(state_home)}


def _crash_log(state_home: Path, message_line: str) -> Path:
    logs = list((state_home / "ritual").glob("crash-*.log"))
    assert len(logs) == 1, logs
    assert str(logs[0]) in message_line
    return logs[0]


def test_a_command_that_crashes_logs_the_traceback_and_says_where(
    team: Path, state_home: Path
) -> None:
    out = subprocess.run(
        [sys.executable, "-c", CRASHING, str(team), "ritual.cli.cards.list_cards", "card", "list"],
        capture_output=True,
        text=True,
        env=_env(state_home),
        timeout=60,
    )
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ritual: unexpected error"), out.stderr
    log = _crash_log(state_home, lines[0]).read_text()
    assert "Traceback" in log and "RuntimeError: a bug" in log and "in boom" in log
    assert SECRET not in out.stdout + out.stderr + log  # no locals anywhere


def test_a_normal_command_makes_no_state_directory(team: Path, state_home: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ritual", "--db", str(team), "card", "list"],
        capture_output=True,
        text=True,
        env=_env(state_home),
        timeout=60,
    )
    assert out.returncode == 0 and SECRET in out.stdout
    assert not state_home.exists()


def test_an_app_that_crashes_exits_1_with_one_line_and_no_traceback_on_screen(
    team: Path, state_home: Path
) -> None:
    term = Terminal(
        [sys.executable, "-c", CRASHING, str(team), "screens.home.HomeScreen:compose"],
        env={"XDG_STATE_HOME": str(state_home)},
    )
    status, shown = term.finish(timeout=60)
    assert status == 1, shown[-800:]
    assert SECRET not in shown and "Traceback" not in shown and "locals" not in shown
    lines = [line for line in after_app(shown).splitlines() if line.strip()]
    assert len(lines) == 1 and "ritual: unexpected error" in lines[0], after_app(shown)
    log = _crash_log(state_home, lines[0].strip()).read_text()
    assert "RuntimeError: a bug" in log and "in boom" in log and SECRET not in log


def test_a_closed_pipe_ends_the_command_quietly(team: Path) -> None:
    for _ in range(3):
        ritual(team, "card", "add", "x" * 200)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ritual", "--db", str(team), "card", "list", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # the reader is gone before anything was written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) in (0, 141)
    assert err == ""


def test_a_pipe_into_head_ends_quietly(tmp_path: Path) -> None:
    db = tmp_path / "demo.json"
    assert ritual(db, "demo").returncode == 0
    out = subprocess.run(
        [
            "bash",
            "-c",
            'set -o pipefail; "$0" -m ritual --db "$1" card list | head -1',
            sys.executable,
            str(db),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode in (0, 141) and out.stderr == ""
    assert len(out.stdout.splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        [b"card", b"add", b"caf\xe9"],  # Latin-1, not UTF-8
        [b"--user", b"\xff\xfe", b"card", b"add", b"ok"],
        [b"card", b"list", b"--assignee", b"\xc3"],
    ],
)
def test_arguments_that_are_not_utf8_are_refused_in_one_line(team: Path, args) -> None:
    before = team.read_bytes()
    out = subprocess.run(
        [sys.executable.encode(), b"-m", b"ritual", b"--db", bytes(team), *args],
        capture_output=True,
        timeout=60,
    )
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and b"not valid UTF-8" in lines[0], out.stderr
    assert team.read_bytes() == before


def test_a_login_that_is_not_utf8_is_refused(team: Path) -> None:
    env = {k.encode(): v.encode() for k, v in os.environ.items() if k != "USER"}
    env[b"USER"] = b"j\xf6rg"
    before = team.read_bytes()
    out = subprocess.run(
        [sys.executable, "-m", "ritual", "--db", str(team), "card", "add", "ok"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and b"--user" in out.stderr
    assert team.read_bytes() == before

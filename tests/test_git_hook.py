"""The commit hook in a real temporary git repository, with real commits; the ssh path with an
``ssh`` on PATH that runs the remote command here (no network)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.cli import new_team_file, ritual

from ritual.errors import RitualError
from ritual.git_hook import DEFAULT_PATTERN, card_ids, hook_settings, ritual_command

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
BIN = Path(sys.executable).parent


def git(repo: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, timeout=60
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    path = tmp_path / "code"
    path.mkdir()
    git(path, "init", "-q")
    git(path, "config", "user.name", "Ravi Kumar")
    git(path, "config", "user.email", "ravi@example.com")
    return path


@pytest.fixture
def team(tmp_path: Path) -> Path:
    db = new_team_file(tmp_path / "team.json")
    assert (
        ritual(
            db, "iteration", "start", "S1", "--start", "2026-11-23", "--end", "2026-12-04"
        ).returncode
        == 0
    )
    for title in ("Login page", "Logout", "Done already"):
        assert ritual(db, "card", "add", title).returncode == 0
    ritual(db, "card", "move", "3", "done")
    return db


def card(db: Path, card_id: int) -> dict:
    out = ritual(db, "card", "list", "--json")
    return next(c for c in json.loads(out.stdout) if c["id"] == card_id)


def commit(repo: Path, message: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    (repo / "f.txt").write_text(message)
    git(repo, "add", "f.txt")
    return git(repo, "commit", "-q", "-m", message, env=env)


def test_a_commit_naming_a_card_moves_it_to_review(repo: Path, team: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("")
    env = {**os.environ, "RITUAL_CONFIG": str(config)}
    out = subprocess.run(
        [sys.executable, "-m", "ritual", "--db", str(team), "hook", "install", "--repo", str(repo)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    hook = repo / ".git" / "hooks" / "post-commit"
    assert os.access(hook, os.X_OK)
    done = commit(repo, "Fix the login form (card 1), see #2 and #3; not #99", env)
    assert done.returncode == 0
    assert "card 1 → In review" in done.stdout + done.stderr
    assert "card 99, which does not exist" in done.stderr
    assert card(team, 1)["column"] == "review" and card(team, 2)["column"] == "review"
    assert card(team, 3)["column"] == "done"  # never moved back
    sha = git(repo, "log", "-1", "--format=%h").stdout.strip()
    assert (
        card(team, 1)["comments"][-1]["text"]
        == f"commit {sha} by Ravi Kumar: Fix the login form (card 1), see #2 and #3; not #99"
    )
    assert commit(repo, "Unrelated change", env).returncode == 0
    assert len(card(team, 1)["comments"]) == 1


def test_configured_pattern_column_and_comment_only(repo: Path, team: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[hooks]\npattern = "RIT-(\\\\d+)"\ncolumn = "doing"\n')
    env = {**os.environ, "RITUAL_CONFIG": str(config)}
    subprocess.run(
        [sys.executable, "-m", "ritual", "--db", str(team), "hook", "install", "--repo", str(repo)],
        env=env,
        check=True,
        capture_output=True,
    )
    commit(repo, "RIT-1 start; card 2 is not our pattern", env)
    assert card(team, 1)["column"] == "doing" and card(team, 2)["column"] == "todo"
    config.write_text('[hooks]\naction = "comment"\n')
    commit(repo, "More on card 2", env)
    assert card(team, 2)["column"] == "todo" and len(card(team, 2)["comments"]) == 1


def test_a_foreign_hook_is_kept_refused_or_chained(repo: Path, team: Path) -> None:
    hook = repo / ".git" / "hooks" / "post-commit"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text('#!/bin/sh\necho theirs >> "$(git rev-parse --git-dir)/ran"\n')
    hook.chmod(0o755)
    refused = ritual(team, "hook", "install", "--repo", str(repo))
    assert refused.returncode == 2 and "--chain" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "theirs" in hook.read_text()
    assert ritual(team, "hook", "install", "--repo", str(repo), "--chain").returncode == 0
    assert (
        ritual(team, "hook", "install", "--repo", str(repo)).returncode == 0
    )  # update: stays chained
    commit(repo, "card 1")
    assert (repo / ".git" / "ran").read_text() == "theirs\n"
    assert card(team, 1)["column"] == "review"


def test_remote_hook_runs_ritual_over_ssh(repo: Path, team: Path, tmp_path: Path) -> None:
    """A fake ssh records its arguments and runs the remote command here, as the host would."""
    fake = tmp_path / "bin"
    fake.mkdir()
    log = tmp_path / "ssh-args"
    (fake / "ssh").write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {log}\nshift 3\nexec sh -c "$1"\n')
    (fake / "ssh").chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{fake}:{BIN}:{os.environ['PATH']}",
        "RITUAL_CONFIG": str(tmp_path / "none.toml"),
    }
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "ritual",
            "--db",
            str(team),
            "hook",
            "install",
            "--repo",
            str(repo),
            "--remote",
            "ci@teamhost",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    commit(repo, "Fix card 2", env)
    assert log.read_text().splitlines() == [
        "-o",
        "BatchMode=yes",
        "ci@teamhost",
        f"ritual --db {team} hook commit",
    ]
    assert card(team, 2)["column"] == "review"


def test_pattern_and_command_line() -> None:
    pattern = hook_settings({}).pattern
    assert pattern.pattern == DEFAULT_PATTERN
    assert card_ids("card 42, Card #7, #42 and a&#39; entity, url/#5", pattern) == [42, 7]
    assert (
        ritual_command(["py", "-m", "ritual"], "/t f.json", None)
        == "py -m ritual --db '/t f.json' hook commit"
    )
    assert (
        ritual_command([], None, "ann@host") == "ssh -o BatchMode=yes ann@host 'ritual hook commit'"
    )
    with pytest.raises(RitualError):
        ritual_command([], None, "-oProxyCommand=x")
    with pytest.raises(RitualError):
        hook_settings({"hooks": {"pattern": "card \\d+"}})


def test_card_link_is_stored_and_exported(team: Path) -> None:
    out = ritual(team, "card", "link", "1", "https://github.com/acme/ritual/pull/7")
    assert out.returncode == 0, out.stderr
    ritual(team, "card", "link", "1", "https://github.com/acme/ritual/pull/7")
    assert card(team, 1)["links"] == ["https://github.com/acme/ritual/pull/7"]
    export = ritual(team, "export", "board", "--format", "json")
    assert "https://github.com/acme/ritual/pull/7" in export.stdout
    csv_out = ritual(team, "export", "board", "--format", "csv")
    assert "https://github.com/acme/ritual/pull/7" in csv_out.stdout
    bad = ritual(team, "card", "link", "1", "not a link")
    assert bad.returncode == 2 and "is not a link" in bad.stderr

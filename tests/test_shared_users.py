"""One rule for who may write, checked with real Unix users sharing a setgid directory.

As root, the fixture makes a group and three users (two in the group, one outside), runs
``ritual`` as each of them and removes them all afterwards. Elsewhere the tests are skipped.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

import ritual

pytestmark = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="needs root to create Unix users (useradd) and run ritual as them",
)

ROOT = Path(ritual.__file__).resolve().parent.parent
SITE = sysconfig.get_paths()["purelib"]


def _python_for_everyone() -> str | None:
    """An interpreter other users may run: the venv's may live under root's 0700 home."""
    for candidate in (
        sys.executable,
        f"/usr/bin/python{sys.version_info[0]}.{sys.version_info[1]}",
    ):
        path = Path(candidate).resolve()
        parts = [path, *path.parents]
        if path.exists() and all(os.stat(p).st_mode & 0o001 for p in parts):
            return str(path)
    return None


@dataclass
class Team:
    directory: Path
    group: str
    alice: str  # in the group; makes the file
    bob: str  # in the group
    carol: str  # not in the group
    python: str

    @property
    def db(self) -> Path:
        return self.directory / "squad.json"

    def run(self, who: str, *args: str, umask: int = 0o002) -> subprocess.CompletedProcess[str]:
        return self.python_as(
            who, "-m", "ritual", "--db", str(self.db), "--user", who, *args, umask=umask
        )

    def python_as(
        self, who: str, *args: str, umask: int = 0o002
    ) -> subprocess.CompletedProcess[str]:
        pw = pwd.getpwnam(who)
        extra = [g.gr_gid for g in grp.getgrall() if who in g.gr_mem]
        return subprocess.run(
            [self.python, *args],
            user=pw.pw_uid,
            group=pw.pw_gid,
            extra_groups=extra,  # without it the child would keep root's groups
            umask=umask,
            cwd=self.directory,
            env={
                "PATH": "/usr/bin:/bin",
                "HOME": str(self.directory),
                "XDG_STATE_HOME": str(self.directory / f".state-{who}"),
                "PYTHONPATH": f"{ROOT}:{SITE}",
                "USER": who,
            },
            capture_output=True,
            text=True,
            timeout=60,
        )


@pytest.fixture
def team() -> Team:
    python = _python_for_everyone()
    if python is None:
        pytest.skip("no Python interpreter that other users may run")
    tag = uuid.uuid4().hex[:6]
    group, names = f"rtg{tag}", [f"rta{tag}", f"rtb{tag}", f"rtc{tag}"]
    made: list[str] = []
    directory = Path(tempfile.mkdtemp(prefix="ritual-shared-", dir="/tmp"))
    try:
        subprocess.run(["groupadd", group], check=True, capture_output=True)
        for name, groups in zip(names, ([group], [group], []), strict=True):
            cmd = ["useradd", "-M", "-s", "/usr/sbin/nologin", name]
            if groups:
                cmd[1:1] = ["-G", ",".join(groups)]
            subprocess.run(cmd, check=True, capture_output=True)
            made.append(name)
        os.chown(directory, 0, grp.getgrnam(group).gr_gid)
        os.chmod(directory, 0o2775)
        yield Team(directory, group, *names, python=python)
    finally:
        for name in made:
            subprocess.run(["userdel", name], capture_output=True)
        subprocess.run(["groupdel", group], capture_output=True)
        shutil.rmtree(directory, ignore_errors=True)


def _one_line(out: subprocess.CompletedProcess[str]) -> str:
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ritual: "), out.stderr
    return lines[0]


def test_a_file_made_under_umask_022_is_refused_to_a_teammate_and_keeps_its_owner(
    team: Team,
) -> None:
    assert team.run(team.alice, "init", umask=0o022).returncode == 0
    st = os.stat(team.db)
    assert st.st_mode & 0o777 == 0o644 and pwd.getpwuid(st.st_uid).pw_name == team.alice
    before = team.db.read_bytes()

    out = team.run(team.bob, "card", "add", "Fix login")
    assert out.returncode == 2
    assert "Read-only" in _one_line(out) and str(team.db) in out.stderr
    assert team.db.read_bytes() == before
    assert pwd.getpwuid(os.stat(team.db).st_uid).pw_name == team.alice  # not bob's now

    # The app's rule is the same one, and the store enforces it whoever calls it.
    probe = team.python_as(
        team.bob,
        "-c",
        "import sys\n"
        "from storage.access import write_refusal\n"
        "from storage.store import Store, StoreError\n"
        "print(write_refusal(sys.argv[1]))\n"
        "store = Store(sys.argv[1], 'bob').open(create=False)\n"
        "try:\n"
        "    with store.transaction() as tx: tx.insert('cards', {'title': 'x'})\n"
        "except StoreError as exc: print('refused:', exc)\n",
        str(team.db),
    )
    assert probe.returncode == 0, probe.stderr
    refusal, refused = probe.stdout.splitlines()
    assert refusal.startswith("Read-only") and refused.startswith("refused: Read-only")
    assert team.db.read_bytes() == before


def test_a_symlink_is_judged_by_the_file_it_leads_to(team: Team) -> None:
    assert team.run(team.alice, "init", umask=0o022).returncode == 0
    link = team.directory / "mine.json"
    link.symlink_to(team.db)
    before = team.db.read_bytes()
    refused = team.python_as(
        team.bob, "-m", "ritual", "--db", str(link), "--user", team.bob, "member", "add", "Bob"
    )
    assert refused.returncode == 2 and "Read-only" in _one_line(refused)
    assert link.is_symlink() and team.db.read_bytes() == before


def test_doctor_says_what_to_fix_and_all_good_once_fixed(team: Team) -> None:
    assert team.run(team.alice, "init", umask=0o022).returncode == 0
    out = team.run(team.bob, "doctor")
    assert out.returncode == 1
    problems = [line for line in out.stdout.splitlines() if line.startswith("problem:")]
    assert any(f"chmod g+rw {team.db}" in line for line in problems), out.stdout
    assert any("Read-only" in line for line in problems)

    os.chmod(team.db, 0o664)  # what doctor told the owner to do
    assert team.run(team.bob, "card", "add", "Fix login").returncode == 0
    fixed = team.run(team.bob, "doctor")
    assert fixed.returncode == 0, fixed.stdout
    assert "all good" in fixed.stdout and "problem:" not in fixed.stdout


def test_doctor_tells_a_user_outside_the_group(team: Team) -> None:
    assert team.run(team.alice, "init").returncode == 0
    out = team.run(team.carol, "doctor")
    assert out.returncode == 1
    assert f"not in group {team.group}" in out.stdout
    assert f"usermod -aG {team.group} {team.carol}" in out.stdout
    refused = team.run(team.carol, "member", "add", "Carol")
    assert refused.returncode == 2 and "Read-only" in _one_line(refused)


def test_doctor_warns_about_a_private_umask_without_failing(team: Team) -> None:
    assert team.run(team.alice, "init").returncode == 0
    out = team.run(team.bob, "doctor", "--json", umask=0o022)
    assert out.returncode == 0, out.stdout
    report = json.loads(out.stdout)
    assert report["ok"] is True
    umask = [f for f in report["findings"] if f["check"] == "umask"]
    assert umask[0]["level"] == "warn" and "umask 002" in umask[0]["message"]


def test_doctor_says_when_the_directory_holding_the_lock_cannot_be_read(team: Team) -> None:
    """The write lock is taken on the directory: a teammate who may not read it is stuck."""
    assert team.run(team.alice, "init").returncode == 0
    mode = os.stat(team.directory).st_mode
    os.chmod(team.directory, 0o2731)  # group may enter and write, not list
    try:
        out = team.run(team.bob, "doctor")
    finally:
        os.chmod(team.directory, mode)
    assert out.returncode == 1
    assert f"problem: you cannot read {team.directory}, where ritual takes its lock" in out.stdout

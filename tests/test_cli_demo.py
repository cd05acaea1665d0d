"""``ritual demo --force`` over a team's file keeps a copy of it first and says where."""

from __future__ import annotations

import json
import os
from pathlib import Path

from helpers.cli import ritual


def _backups(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f"{db.name}.before-demo.*.bak"))


def test_demo_force_keeps_a_copy_of_the_team_beside_it(tmp_path: Path) -> None:
    db = tmp_path / "team.json"
    assert ritual(db, "init", "--team", "Real team").returncode == 0
    assert ritual(db, "card", "add", "The real work").returncode == 0
    os.chmod(db, 0o640)
    before = db.read_bytes()

    out = ritual(db, "demo", "--force")
    assert out.returncode == 0, out.stderr
    [backup] = _backups(db)
    assert str(backup) in out.stdout
    assert backup.read_bytes() == before
    assert os.stat(backup).st_mode & 0o777 == 0o640
    assert os.stat(backup).st_gid == os.stat(db).st_gid
    titles = [c["title"] for c in json.loads(ritual(db, "card", "list", "--json").stdout)]
    assert "The real work" not in titles and len(titles) >= 20


def test_demo_on_a_new_file_keeps_no_copy(tmp_path: Path) -> None:
    db = tmp_path / "demo.json"
    out = ritual(db, "demo", "--force")
    assert out.returncode == 0 and "kept a copy" not in out.stdout
    assert _backups(db) == []


def test_demo_force_never_touches_a_broken_file(tmp_path: Path) -> None:
    db = tmp_path / "team.json"
    db.write_bytes(b'{"cards": {"1": {"title": "half a')
    out = ritual(db, "demo", "--force")
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == b'{"cards": {"1": {"title": "half a'
    assert _backups(db) == []

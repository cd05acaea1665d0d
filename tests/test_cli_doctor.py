"""``ritual doctor`` as the only user of a personal file, and on files it cannot use.
(A shared set-up with real Unix users is in test_shared_users.py.)"""

from __future__ import annotations

import json
from pathlib import Path

from helpers.cli import ritual


def test_a_personal_file_is_all_good(tmp_path: Path) -> None:
    db = tmp_path / "team.json"
    assert ritual(db, "init").returncode == 0
    out = ritual(db, "doctor")
    assert out.returncode == 0, out.stdout
    lines = out.stdout.splitlines()
    assert lines and all(line.startswith("ok: ") for line in lines)
    assert "all good" in lines[-1] and "personal" in out.stdout


def test_a_missing_file_is_a_problem_and_doctor_makes_nothing(tmp_path: Path) -> None:
    out = ritual(tmp_path / "nope.json", "doctor", "--json")
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert report["ok"] is False
    assert [f["level"] for f in report["findings"]] == ["problem"]
    assert "ritual init" in report["findings"][0]["message"]
    assert list(tmp_path.iterdir()) == []


def test_a_broken_file_is_a_problem(tmp_path: Path) -> None:
    db = tmp_path / "team.json"
    db.write_text("not json")
    out = ritual(db, "doctor")
    assert out.returncode == 1
    assert any(line.startswith("problem: ") and str(db) in line for line in out.stdout.splitlines())
    assert db.read_text() == "not json"


def test_doctor_names_unreadable_records(tmp_path: Path) -> None:
    db = tmp_path / "team.json"
    assert ritual(db, "init").returncode == 0
    assert ritual(db, "card", "add", "fine").returncode == 0
    data = json.loads(db.read_text())
    data["cards"]["1"]["points"] = "eight"
    db.write_text(json.dumps(data))
    out = ritual(db, "doctor")
    warnings = [line for line in out.stdout.splitlines() if line.startswith("warn: ")]
    assert warnings, out.stdout  # one line per unreadable record, as storage.health words it

"""`ritual card show|edit`, `card add --label --description --due`, `member edit|deactivate`:
real processes on a real file."""

from __future__ import annotations

import json
from pathlib import Path

from helpers.cli import ritual


def test_card_add_with_labels_description_and_due_then_show_and_edit(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    ritual(db, "init")
    ritual(db, "member", "add", "Ann")
    made = ritual(
        db, "card", "add", "Login", "--label", "api", "--label", "security",
        "--description", "SSO first", "--due", "2026-12-24", "--json",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    card = json.loads(made.stdout)
    assert (card["labels"], card["description"], card["due"]) == (
        ["api", "security"],
        "SSO first",
        "2026-12-24",
    )
    shown = ritual(db, "card", "show", str(card["id"])).stdout
    assert "product backlog" in shown and "api, security" in shown and "2026-12-24" in shown
    edited = ritual(
        db, "card", "edit", str(card["id"]), "--title", "Login v2", "--assignee", "ann",
        "--points", "3", "--due", "", "--json",
    )  # fmt: skip
    assert edited.returncode == 0, edited.stderr
    after = json.loads(ritual(db, "card", "show", str(card["id"]), "--json").stdout)
    assert (after["title"], after["assignee"], after["points"], after["due"]) == (
        "Login v2",
        "Ann",
        3,
        "",
    )
    assert after["labels"] == ["api", "security"]  # untouched fields stay


def test_card_edit_and_show_refuse_in_one_line_and_change_nothing(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    ritual(db, "init")
    cid = ritual(db, "card", "add", "A").stdout.strip()
    before = db.read_bytes()
    for args in (
        ("card", "edit", cid),
        ("card", "edit", cid, "--due", "someday"),
        ("card", "edit", cid, "--points", "-1"),
        ("card", "show", "999"),
    ):
        out = ritual(db, *args)
        assert out.returncode == 2 and out.stderr.count("\n") == 1, (args, out.stderr)
        assert out.stderr.startswith("ritual: ")
    assert db.read_bytes() == before


def test_member_edit_and_deactivate_keep_past_records(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    ritual(db, "init")
    ritual(db, "member", "add", "Ann")
    ritual(db, "member", "add", "Bob")
    cid = ritual(db, "card", "add", "A", "--assignee", "Ann").stdout.strip()
    renamed = ritual(db, "member", "edit", "Ann", "--name", "Anna", "--role", "PM")
    assert renamed.returncode == 0, renamed.stderr
    taken = ritual(db, "member", "edit", "Anna", "--name", "bob")
    assert taken.returncode == 2 and "already taken" in taken.stderr
    assert ritual(db, "member", "deactivate", "Bob").returncode == 0
    members = json.loads(ritual(db, "member", "list", "--json").stdout)
    assert [(m["name"], m["role"]) for m in members] == [("Anna", "PM")]
    card = json.loads(ritual(db, "card", "show", cid, "--json").stdout)
    assert card["assignee"] == "Ann"  # the record keeps the name it was made with


def test_card_add_and_move_record_the_reason_of_a_scope_change(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    ritual(db, "init")
    started = ritual(
        db, "iteration", "start", "S1", "--start", "2026-11-16", "--end", "2026-11-27"
    )  # fmt: skip
    assert started.returncode == 0, started.stderr
    added = ritual(db, "card", "add", "Hotfix", "--column", "todo", "--reason", "prod down")
    assert added.returncode == 0, added.stderr
    cid = added.stdout.strip()
    out = ritual(db, "card", "move", cid, "backlog", "--reason", "next sprint")
    assert out.returncode == 0, out.stderr
    moved = ritual(db, "card", "move", cid, "todo")  # no reason: recorded with none
    assert moved.returncode == 0, moved.stderr
    exported = json.loads(ritual(db, "export", "board", "--format", "json").stdout)
    scope = exported["iteration"]["scope"]
    assert [(s["card"], s["change"], s["by"], s["reason"]) for s in scope] == [
        (int(cid), "added", "ci", "prod down"),
        (int(cid), "removed", "ci", "next sprint"),
        (int(cid), "added", "ci", ""),
    ]
    before = db.read_bytes()
    refused = ritual(db, "card", "move", cid, "backlog", "--reason", "x" * 301)
    assert refused.returncode == 2 and refused.stderr.startswith("ritual: "), refused.stderr
    assert db.read_bytes() == before


def test_card_show_gives_times_in_the_team_time_zone(tmp_path: Path) -> None:
    """'since' was the stored instant (UTC, to the microsecond); a person reads the team's
    local time to the minute, as the app's card shows it."""
    db = tmp_path / "t.json"
    ritual(db, "init", "--timezone", "Asia/Shanghai")
    card = json.loads(ritual(db, "card", "add", "Login", "--json").stdout)
    data = json.loads(db.read_text())
    data["cards"][str(card["id"])]["column_since"] = "2026-12-02T18:23:09.963658+00:00"
    db.write_text(json.dumps(data))
    shown = ritual(db, "card", "show", str(card["id"])).stdout
    assert "since:" in shown and "2026-12-03 02:23" in shown and "+00:00" not in shown

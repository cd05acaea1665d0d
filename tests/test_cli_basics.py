"""The scripting commands, run as a user would, in a real subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from helpers.cli import ritual


def test_card_add_prints_id_and_list_shows_it(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    assert ritual(db, "init").returncode == 0
    assert ritual(db, "member", "add", "王芳").returncode == 0
    out = ritual(db, "card", "add", "Fix login", "--assignee", "王芳", "--points", "3")
    assert out.returncode == 0, out.stderr
    card_id = int(out.stdout.strip())
    listed = json.loads(ritual(db, "card", "list", "--json").stdout)
    assert [(c["id"], c["title"], c["assignee"], c["points"]) for c in listed] == [
        (card_id, "Fix login", "王芳", 3)
    ]
    assert listed[0]["column"] == "backlog"  # no current iteration: the backlog


def test_refusals_are_one_line_exit_2_and_write_nothing(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    ritual(db, "init")
    ritual(db, "member", "add", "Ann")
    before = db.read_bytes()
    for args in (
        ("card", "add", ""),
        ("card", "add", "x", "--points", "-1"),
        ("card", "add", "x", "--points", "1.5"),
        ("card", "add", "x", "--assignee", "nobody"),
        ("card", "add", "x", "--column", "later"),
        ("card", "add", "x", "--priority", "P9"),
        ("card", "move", "99", "done"),
        ("card", "move", "abc", "done"),
        ("card", "nonsense"),
    ):
        out = ritual(db, *args)
        assert out.returncode == 2, args
        assert len(out.stderr.strip().splitlines()) == 1, (args, out.stderr)
        assert out.stderr.startswith("ritual: ")
    assert db.read_bytes() == before


def test_move_any_case_and_list_filters(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    ritual(db, "init")
    ritual(db, "member", "add", "Ann")
    a = ritual(db, "card", "add", "A", "--assignee", "ann").stdout.strip()
    ritual(db, "card", "add", "B")
    # No iteration yet: both are in the product backlog, and Doing needs an iteration.
    refused = ritual(db, "card", "move", a, "DOING")
    assert refused.returncode == 2 and "no current iteration" in refused.stderr
    ritual(db, "iteration", "start", "Sprint 1", "--start", "2026-01-05", "--end", "2026-01-16")
    assert ritual(db, "card", "move", a, "DOING").returncode == 0
    doing = json.loads(ritual(db, "card", "list", "--column", "Doing", "--json").stdout)
    assert [c["title"] for c in doing] == ["A"]
    anns = json.loads(ritual(db, "card", "list", "--assignee", "Ann", "--json").stdout)
    assert [c["title"] for c in anns] == ["A"]


def test_demo_refuses_a_file_with_data_unless_forced(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    assert ritual(db, "demo").returncode == 0
    members = json.loads(ritual(db, "member", "list", "--json").stdout)
    assert len(members) == 6
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in m["name"]) for m in members)
    cards = json.loads(ritual(db, "card", "list", "--json").stdout)
    assert 20 <= len(cards) <= 30
    assert {c["column"] for c in cards} == {"backlog", "todo", "doing", "review", "done"}
    before = db.read_bytes()
    refused = ritual(db, "demo")
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert db.read_bytes() == before
    assert ritual(db, "demo", "--force").returncode == 0

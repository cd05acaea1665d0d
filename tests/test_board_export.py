"""`ritual export board` and `ritual iteration ...`, run as a user would, in real processes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers.cli import ritual


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "t.json"
    assert ritual(db, "demo").returncode == 0
    nasty = "[red]x[/] \x1b[31mred\x07 | *bold*"
    assert ritual(db, "card", "add", nasty, "--column", "doing").returncode == 0
    return db


def test_export_board_csv_has_every_card_of_the_board(demo_db: Path) -> None:
    out = ritual(demo_db, "export", "board", "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    listed = json.loads(ritual(demo_db, "card", "list", "--json").stdout)
    assert sorted(int(r["id"]) for r in rows) == sorted(c["id"] for c in listed)
    nasty = next(r for r in rows if r["title"].startswith("[red]"))
    assert nasty["title"] == "[red]x[/]  [31mred  | *bold*"  # controls became spaces
    assert nasty["column"] == "doing"
    assert "\x1b" not in out.stdout and "\x07" not in out.stdout
    blocked = next(r for r in rows if r["title"] == "Invoice PDF layout")
    assert blocked["blocked"] == "yes" and blocked["blocked_reason"]


def test_export_board_json_and_markdown(demo_db: Path) -> None:
    data = json.loads(ritual(demo_db, "export", "board", "--format", "json").stdout)
    it = data["iteration"]
    assert it["name"] == "Sprint 14" and it["points_done"] == 14
    assert len(it["burndown"]) == 14
    assert {c["column"] for c in data["cards"]} == {"backlog", "todo", "doing", "review", "done"}
    md = ritual(demo_db, "export", "board").stdout
    assert md.startswith("# Sprint 14")
    assert "## In progress (5/4)" in md
    assert "\\[red\\]x\\[/\\]" in md and "\\| \\*bold\\*" in md
    assert "\x1b" not in md
    # the scope log after the tables: the demo's mid-sprint card with its reason, then the
    # card added above (a new card in a running iteration is a scope change)
    scope = md[md.index("## Scope changes") :].splitlines()
    assert scope[2] == "| When | Change | # | Title | Pts | By | Reason |"
    assert "| added | 16 | Slow query on reports page | 2 | maya | Support escalation" in scope[4]
    assert "| added |" in scope[5] and "\\[red\\]x" in scope[5]


def test_iteration_commands(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    assert ritual(db, "init").returncode == 0
    out = ritual(db, "iteration", "start", "S1", "--start", "2026-11-23", "--end", "2026-12-04")
    assert out.returncode == 0, out.stderr
    assert "current" in out.stdout
    assert ritual(db, "iteration", "start", "S2", "--start", "2026-12-07", "--end", "2026-12-18")
    card = ritual(db, "card", "add", "Unfinished", "--column", "doing").stdout.strip()
    assert ritual(db, "iteration", "wip", "doing", "3").returncode == 0
    refused = ritual(db, "iteration", "wip", "doing", "many")
    assert refused.returncode == 2 and len(refused.stderr.splitlines()) == 1
    out = ritual(db, "iteration", "close", "--unfinished-to", "next")
    assert out.returncode == 0, out.stderr
    its = json.loads(ritual(db, "iteration", "list", "--json").stdout)
    assert [(i["name"], i["state"]) for i in its] == [("S1", "closed"), ("S2", "current")]
    assert its[0]["wip_limits"] == {"doing": 3}
    listed = json.loads(ritual(db, "card", "list", "--json").stdout)
    assert [(c["id"], c["iteration_id"]) for c in listed] == [(int(card), its[1]["id"])]


def test_csv_cells_a_spreadsheet_would_run_as_formulas_start_with_an_apostrophe() -> None:
    from ritual.export_board import board_csv
    from ritual.iteration import Card, Column

    cards = [
        Card(1, '=HYPERLINK("http://evil","x")', Column.TODO, assignee="+Maya"),
        Card(2, "-2+3", Column.TODO, labels=["@sum", "ui"], blocked_reason="ok"),
        Card(3, "Plain title", Column.TODO, description="\tindented", blocked_reason="=1+1"),
        Card(4, "a = b - c", Column.TODO, description="line\r\n=x"),
    ]
    rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(board_csv(cards)))}
    assert rows[1]["title"] == '\'=HYPERLINK("http://evil","x")'
    assert rows[1]["assignee"] == "'+Maya"
    assert rows[2]["title"] == "'-2+3"
    assert rows[2]["labels"] == "'@sum, ui"
    assert rows[3]["description"] == "'\tindented"
    assert rows[3]["blocked_reason"] == "'=1+1"
    assert rows[3]["title"] == "Plain title"
    assert rows[4]["title"] == "a = b - c"  # only the first character counts
    assert rows[4]["description"] == "line\n=x"  # control characters are gone; not at the start
    assert rows[1]["points"] == "" and rows[1]["column"] == "todo"


def test_export_board_csv_defuses_a_formula_title(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    assert ritual(db, "demo").returncode == 0
    added = ritual(db, "card", "add", "=cmd|' /C calc'!A0", "--column", "todo")
    assert added.returncode == 0, added.stderr
    out = ritual(db, "export", "board", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert "'=cmd|' /C calc'!A0" in [r["title"] for r in rows]

"""`ritual review list` and `ritual export review`, run as a user would, on the demo team."""

from __future__ import annotations

import json
from pathlib import Path

from helpers.cli import ritual


def test_demo_review_listed_and_exported(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    assert ritual(db, "demo").returncode == 0
    listed = json.loads(ritual(db, "review", "list", "--json").stdout)
    assert [(r["id"], r["title"], r["items"]) for r in listed] == [(1, "Checkout v2 review", 5)]
    assert listed[0]["status"] in ("planned", "running")
    table = ritual(db, "review", "list").stdout
    assert "Checkout v2 review" in table and table.startswith("ID")
    md = ritual(db, "export", "review", "1").stdout
    assert "| 1 | Pay by link | Approved | 5 | Jonas Berger |" in md
    assert "The PSP contract renewal in January" in md
    assert "Ask the PSP for the link API quota" in md
    data = json.loads(ritual(db, "export", "review", "1", "--format", "json").stdout)
    decided = [(i["title"], i["decision"]) for i in data["items"] if i["decision"]]
    assert decided == [("Pay by link", "approved"), ("Split payments across two cards", "deferred")]
    assert len(data["action_items"]) == 2


def test_export_refusals_are_one_line(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    ritual(db, "demo")
    for args in (("export", "review", "x"), ("export", "review", "42")):
        out = ritual(db, *args)
        assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1, out.stderr

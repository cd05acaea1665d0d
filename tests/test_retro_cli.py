"""``ritual export retro`` and ``ritual retro history`` as real processes."""

from __future__ import annotations

import json
from pathlib import Path

from helpers.cli import ritual

from ritual.clock import ManualClock
from ritual.retro import Retro
from storage.board_repo import BoardRepo
from storage.retro_repo import RetroRepo
from storage.store import Store


def test_export_and_history(db_path: Path, clock: ManualClock) -> None:
    store = Store(db_path, "ci", clock).open(create=True)
    it = BoardRepo(store).start_iteration("Sprint 7", "2026-11-16", "2026-11-27", "Ship *it*").id
    out = ritual(db_path, "export", "retro")
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert "has no retro yet" in out.stderr
    repo = RetroRepo(store)
    while (repo.for_iteration(it) or Retro(0, 0)).phase != "write":
        repo.act(it, Retro.advance)
    repo.write_draft(it, "Ideas", "[click](http://x) 试试")
    repo.act(it, Retro.advance)
    repo.publish_mine(it)
    repo.act(it, Retro.advance)
    repo.vote(it, 1)
    repo.act(it, Retro.advance)
    md = ritual(db_path, "export", "retro", "Sprint 7")
    assert md.returncode == 0, md.stderr
    assert "Ship \\*it\\*" in md.stdout and "\\[click\\](http://x) 试试" in md.stdout
    assert "(1 vote)" in md.stdout
    data = json.loads(ritual(db_path, "export", "retro", "--format", "json").stdout)
    assert data["groups"][0]["votes"] == 1 and data["voters"] == 1
    assert {f["key"] for f in data["facts"]} >= {"goal", "points", "added", "blocked"}
    hist = json.loads(ritual(db_path, "retro", "history", "--json").stdout)
    assert hist == [
        {
            "iteration": "Sprint 7",
            "phase": "discuss",
            "ended_at": "",
            "actions": 0,
            "open": 0,
            "done": 0,
            "dropped": 0,
        }
    ]
    bad = ritual(db_path, "export", "retro", "Sprint 99")
    assert bad.returncode == 2 and "no iteration 'Sprint 99'" in bad.stderr

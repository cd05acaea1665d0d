"""``ritual export standup``: Markdown for a chat, JSON for scripts, text printed literally."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.cli import ritual

from ritual.clock import ManualClock
from ritual.export_standup import standup_json, standup_markdown
from ritual.standup import Standup, StandupNotes
from ritual.standup_summary import summarize
from ritual.text import cell_width
from storage.standup_repo import StandupRepo
from storage.store import Store
from storage.team_repo import TeamRepo

TRICKY = "Fix [bold]login[/bold] \x1b[31mnow\x1b[0m | soon"


@pytest.fixture
def held(store: Store, clock: ManualClock) -> StandupRepo:
    """A stand-up held on 2026-11-26 (team day, Shanghai) with a Chinese name and odd text."""
    team = TeamRepo(store)
    team.update_team(timezone="Asia/Shanghai", name="Pay\x1b[2J team")
    for name in ("王芳", "Ann", "Bob"):
        team.add_member(name)
    repo = StandupRepo(store)
    date = repo.today()
    repo.act(date, Standup.start)
    clock.advance(130)
    repo.act(date, lambda s, now: s.add_blocker(TRICKY, "王芳", "alice", now))
    repo.act(date, Standup.next)
    clock.advance(45)
    repo.act(date, lambda s, now: s.toggle_absent(3, now))
    repo.act(date, lambda s, now: s.add_parking("[link]x[/link]", "alice", now))
    repo.save_notes(
        date, 1, "王芳", {"today": "写测试\x07 and ship"}, StandupNotes(0, date, 1, "王芳")
    )
    repo.act(date, Standup.end)
    return repo


def test_markdown_lines_up_and_prints_text_literally(held: StandupRepo, clock) -> None:
    s = held.for_date("2026-11-26")
    md = standup_markdown(
        summarize(s, clock.now(), held.notes(s.date)), "Pay\x1b[2J team", "Asia/Shanghai"
    )
    assert "\x1b" not in md and "\x07" not in md
    assert md.startswith("## Stand-up 2026-11-26 — Pay \\[2J team\n")  # Markdown-escaped
    assert "16:00–16:02" in md  # started 08:00 UTC = 16:00 in Shanghai
    assert "2:55 of 15:00 (within the timebox)" in md
    table = [line for line in md.splitlines() if line.startswith("|")]
    assert len({cell_width(line) for line in table}) == 1  # Chinese name lines up
    assert "| 王芳 " in table[2] and "+0:10" in table[2]
    assert "absent" in table[4]
    assert r"1. Fix \[bold\]login\[/bold\] \[31mnow\[0m \| soon — 王芳" in md
    assert r"1. \[link\]x\[/link\] (alice)" in md
    assert "**Absent:** Bob" in md
    assert "- **王芳** — today: 写测试 and ship" in md


def test_json_is_plain_data(held: StandupRepo, clock) -> None:
    s = held.for_date("2026-11-26")
    data = standup_json(summarize(s, clock.now(), held.notes(s.date)))
    assert [(p["name"], p["spoken_seconds"], p["overtime_seconds"]) for p in data["speakers"]] == [
        ("王芳", 130, 10),
        ("Ann", 45, 0),
        ("Bob", 0, 0),
    ]
    assert data["absent"] == ["Bob"]
    assert data["blockers"][0]["text"] == "Fix [bold]login[/bold] [31mnow[0m | soon"
    assert data["total_seconds"] == 175 and data["state"] == "ended"


def test_cli_export_latest_by_date_and_missing_date(held: StandupRepo, db_path: Path) -> None:
    latest = ritual(db_path, "export", "standup")
    assert latest.returncode == 0, latest.stderr
    assert "## Stand-up 2026-11-26" in latest.stdout and "\x1b" not in latest.stdout
    as_json = ritual(db_path, "export", "standup", "2026-11-26", "--format", "json")
    assert json.loads(as_json.stdout)["speakers"][0]["name"] == "王芳"
    for args in (("2026-11-20",), ("yesterday",), ("2026-11-26", "--format", "pdf")):
        out = ritual(db_path, "export", "standup", *args)
        assert out.returncode == 2, args
        assert len(out.stderr.strip().splitlines()) == 1 and out.stderr.startswith("ritual: ")
    assert "2026-11-20" in ritual(db_path, "export", "standup", "2026-11-20").stderr


def test_demo_has_two_past_standups(tmp_path: Path) -> None:
    db = tmp_path / "demo.json"
    assert ritual(db, "demo").returncode == 0
    repo = StandupRepo(Store(db, "x").open())
    past = repo.all()
    assert len(past) == 2 and all(s.ended for s in past)
    today = repo.today()
    assert all(s.date < today for s in past)
    assert sum(len(s.blockers) for s in past) >= 2
    assert sum(len(s.parking) for s in past) >= 1
    assert sum(sp.status == "absent" for s in past for sp in s.speakers) == 1
    out = ritual(db, "export", "standup", "--format", "json")
    spoken = [p["spoken_seconds"] for p in json.loads(out.stdout)["speakers"]]
    assert all(s == 0 or 60 <= s <= 150 for s in spoken)

"""Records that another ritual version, a script or a hand edit wrote with values this version
does not know: the CLI and the app keep working, show them as well as they can, and
``storage.health.bad_records`` names each one for ``ritual doctor``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from board_helpers import board, screen_text
from helpers.bad_data import READ_COMMANDS, edit_file, set_field
from helpers.cli import ritual
from helpers.pilot import settle

from ritual.iteration import Column
from screens.app import RitualApp
from screens.services import Services
from storage.board_repo import BoardRepo
from storage.health import bad_records
from storage.review_repo import ReviewRepo
from storage.store import Store

# (table, record key, field, value written, what the doctor's line says)
EXAMPLES: list[tuple[str, str, str, Any, str]] = [
    ("cards", "2", "column", "archived", "card 2: column is 'archived', not a column"),
    ("cards", "3", "points", "eight", "card 3: points is 'eight', not a number"),
    ("cards", "4", "title", None, "card 4: title is null, not text"),
    ("cards", "5", "labels", None, "card 5: labels is null, not a list"),
    ("cards", "6", "done_at", "last tuesday", "card 6: done_at is 'last tuesday', not a date"),
    ("iterations", "1", "wip_limits", [4, 3], "iteration 1: wip_limits is [4, 3], not a table"),
    ("iterations", "1", "start", "soon", "iteration 1: start is 'soon', not a date"),
    ("members", "2", "name", None, "member 2: name is null, not text"),
    ("review_items", "1", "decision", "postponed", "review item 1: decision is 'postponed'"),
    ("review_items", "1", "position", "first", "review item 1: position is 'first', not a number"),
    ("review_items", "2", "segments", [[1, 2]], "review item 2: segments is [1, 2], not a"),
    ("reviews", "1", "when", "next friday", "review 1: when is 'next friday', not a date"),
    ("review_actions", "1", "due", 12, "action item 1: due is 12, not a date"),
    ("standups", "1", "speakers", "everyone", "stand-up 1: speakers is 'everyone', not a list"),
    ("standups", "1", "state", "frozen", "stand-up 1: state is 'frozen', not one this version"),
    ("team", "1", "speaker_seconds", -5, "the team record: speaker_seconds is -5, not above 0"),
]


def break_segments(data: dict) -> None:
    speakers = data["standups"]["2"]["speakers"]
    speakers[0]["segments"] = [["bad"], "x", ["2026-11-25T08:30:00+00:00", ""]]
    speakers[1]["member_id"] = "two"


def add_odd_keys(data: dict) -> None:
    data["cards"]["x7"] = {"title": "a card under a name, not a number"}
    data["cards"]["²"] = {"title": "a digit Python reads, JSON ids do not"}


def every_example(data: dict) -> None:
    for table, key, name, value, _ in EXAMPLES:
        data[table][key][name] = value
    data["members"]["3"].pop("name")
    break_segments(data)
    add_odd_keys(data)


@pytest.fixture
def demo_file(demo_services: Services, db_path: Path) -> Path:
    return db_path


def titles(db: Path) -> dict[int, str]:
    data = json.loads(db.read_text(encoding="utf-8"))
    return {int(k): v["title"] for k, v in data["cards"].items()}


@pytest.mark.parametrize(("table", "key", "name", "value", "line"), EXAMPLES)
def test_the_doctor_names_each_bad_record_in_one_line(
    demo_file: Path, table: str, key: str, name: str, value: Any, line: str
) -> None:
    edit_file(demo_file, set_field(table, key, name, value))
    store = Store(demo_file, "doc").open(create=False)
    found = bad_records(store)
    assert [x for x in found if x.startswith(line)], found
    assert len(found) == 1, found  # the demo itself is clean: only the record we broke


def test_the_doctor_names_odd_keys_nameless_members_and_broken_segments(demo_file: Path) -> None:
    def change(data: dict) -> None:
        data["members"]["3"].pop("name")
        break_segments(data)
        add_odd_keys(data)

    edit_file(demo_file, change)
    found = bad_records(Store(demo_file, "doc").open(create=False))
    assert "member 3 has no name" in found
    assert "card 'x7': its id is not a number (skipped)" in found
    assert "card '²': its id is not a number (skipped)" in found
    [standup] = [x for x in found if x.startswith("stand-up 2:")]
    assert 'speaker 1: segments is ["bad"]' in standup
    assert "speaker 2: member_id is 'two', not a number" in standup


def test_a_clean_file_has_no_bad_records(demo_file: Path) -> None:
    assert bad_records(Store(demo_file, "doc").open(create=False)) == []


def test_every_read_command_works_on_a_file_with_every_example(demo_file: Path) -> None:
    before = titles(demo_file)
    edit_file(demo_file, every_example)
    for command in READ_COMMANDS:
        done = ritual(demo_file, *command)
        assert "Traceback" not in done.stderr, (command, done.stderr)
        assert done.returncode == 0, (command, done.stderr)
    listed = json.loads(ritual(demo_file, "card", "list", "--json").stdout)
    by_id = {c["id"]: c for c in listed}
    # the cards nobody broke are there as they were; the broken ones as well as they can be
    for card_id in (1, 7, 8, 9, 10):
        if card_id in by_id:
            assert by_id[card_id]["title"] == before[card_id]
    assert by_id[2]["column"] == "archived"
    assert by_id[3]["points"] is None
    assert by_id[4]["title"] == "(no title)"
    assert by_id[5]["labels"] == []
    members = ritual(demo_file, "member", "list").stdout
    assert "Jonas Berger" not in members  # member 2's name is null ...
    assert "(member 2)" in members and "(member 3)" in members  # ... and still listed
    assert "Priya Nair" in members


def test_a_card_of_an_unknown_column_is_listed_under_other(demo_file: Path) -> None:
    edit_file(demo_file, set_field("cards", "2", "column", "archived"))
    table = ritual(demo_file, "card", "list").stdout
    [row] = [r for r in table.splitlines() if r.split()[0] == "2"]
    assert "other:archived" in row
    md = ritual(demo_file, "export", "board").stdout
    assert "## Other (1)" in md
    assert "(column archived)" in md
    csv_rows = ritual(demo_file, "export", "board", "--format", "csv").stdout.splitlines()
    assert [r for r in csv_rows if r.startswith("2,archived,")]
    # moving it back to a column this version knows works (nothing moves *to* Other)
    assert ritual(demo_file, "card", "move", "2", "doing").returncode == 0
    refused = ritual(demo_file, "card", "move", "2", "other")
    assert refused.returncode == 2 and "not a column" in refused.stderr


def test_a_write_keeps_fields_this_version_does_not_know(
    demo_file: Path, demo_services: Services
) -> None:
    newer = {"estimate_hours": 6, "watchers": ["maya"], "links": {"pr": 42}}

    def change(data: dict) -> None:
        data["cards"]["3"].update(newer)
        data["review_items"]["1"]["risk"] = "high"
        data["team"]["1"]["holidays"] = ["2026-12-24"]

    edit_file(demo_file, change)
    assert ritual(demo_file, "card", "move", "3", "review").returncode == 0
    demo_services.store.refresh()
    repo = BoardRepo(demo_services.store)
    repo.edit_card(repo.card(3), title="Renamed by a patch", points="5")
    reviews = ReviewRepo(demo_services.store)
    reviews.save_notes(reviews.item(1), "notes written by this version")
    demo_services.team.update_team(name="Renamed team")
    data = json.loads(demo_file.read_text(encoding="utf-8"))
    card = data["cards"]["3"]
    assert {k: card[k] for k in newer} == newer
    assert (card["title"], card["points"], card["column"]) == ("Renamed by a patch", 5, "review")
    assert data["review_items"]["1"]["risk"] == "high"
    assert data["team"]["1"]["holidays"] == ["2026-12-24"]


def test_an_unknown_time_zone_falls_back_to_utc_with_one_warning(demo_file: Path) -> None:
    edit_file(demo_file, set_field("team", "1", "timezone", "Mars/Olympus"))
    done = ritual(demo_file, "card", "list")
    assert done.returncode == 0
    lines = done.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("ritual: warning: ") and "'Mars/Olympus'" in lines[0]
    assert "UTC" in lines[0]
    assert "Export board as CSV" in done.stdout or done.stdout.count("\n") > 3
    exported = ritual(demo_file, "export", "standup")
    assert exported.returncode == 0 and "Traceback" not in exported.stderr
    found = bad_records(Store(demo_file, "doc").open(create=False))
    assert found == [
        "the team record: timezone is 'Mars/Olympus', not one this machine knows (UTC used)"
    ]


async def test_the_app_says_the_time_zone_fell_back_to_utc(
    demo_services: Services, demo_file: Path
) -> None:
    edit_file(demo_file, set_field("team", "1", "timezone", "Mars/Olympus"))
    demo_services.store.refresh()
    app = RitualApp(demo_services, mode="home")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "'Mars/Olympus' unknown: UTC" in app.sub_title
        text = screen_text(app)
        assert "Mars/Olympus" in text and "UTC" in text


async def test_every_screen_opens_on_a_file_with_every_example(
    demo_services: Services, demo_file: Path
) -> None:
    edit_file(demo_file, every_example)
    demo_services.store.refresh()
    for mode in ("home", "board", "standup", "review"):
        app = RitualApp(demo_services, mode=mode)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            if mode == "review":
                await pilot.press("enter")  # into the meeting with the odd items
                await settle(pilot)
            if mode == "standup":
                await pilot.press("h")  # the history reads every past stand-up
                await settle(pilot)
            assert app.return_code in (None, 0)
            text = screen_text(app)
            if mode == "board":
                assert "Other: archived" in text
                assert "Rate-limit the public API" in text or board(app).cards


async def test_the_board_shows_a_card_of_an_unknown_column_under_other(
    demo_services: Services, demo_file: Path
) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = board(app)
        # no such cards: no column (it is made when the first one shows up)
        assert not [column for column in screen.query("#column-other") if column.display]
        edit_file(demo_file, set_field("cards", "2", "column", "archived", bump=True))
        app._watcher.check()
        await settle(pilot)
        other = screen.column_list(Column.OTHER)
        assert [c.id for c in other.cards] == [2]
        assert screen.query_one("#column-other").display
        assert "Other: archived" in screen_text(app)
        # it can be moved back to the board: left from Other is Done
        other.focus()
        await pilot.press("shift+left")
        await settle(pilot)
        assert BoardRepo(demo_services.store).card(2).column is Column.DONE


LIVE_SCRIPT = """
import json, os, sys
path = sys.argv[1]
data = json.load(open(path, encoding="utf-8"))
cards = data["cards"]
cards["2"]["column"] = "archived"
cards["3"]["points"] = "eight"
cards["4"]["title"] = None
cards["5"]["labels"] = None
cards["6"]["done_at"] = "yesterday-ish"
data["iterations"]["1"]["wip_limits"] = [4, 3]
data["iterations"]["1"]["end"] = "soon"
for key in ("2", "3", "4", "5", "6"):
    cards[key]["rev"] += 1  # as every writer of the file does
tmp = path + ".tmp"
json.dump(data, open(tmp, "w", encoding="utf-8"))
os.replace(tmp, path)
"""


async def test_bad_records_arriving_live_from_another_process_keep_the_board_open(
    demo_services: Services, demo_file: Path
) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = board(app)
        count = len(screen.cards)
        subprocess.run([sys.executable, "-c", LIVE_SCRIPT, str(demo_file)], check=True)
        app._watcher.check()
        await settle(pilot)
        assert app.is_running and app.return_code is None
        assert len(screen.cards) == count  # nothing dropped
        by_id = {c.id: c for c in screen.cards}
        assert by_id[2].column is Column.OTHER and by_id[2].column_name == "archived"
        assert by_id[3].points is None and by_id[4].title == "(no title)"
        assert by_id[5].labels == []
        text = screen_text(app)
        assert "Other: archived" in text and "(no title)" in text
        # the rest of the board still works: move a card that nobody broke
        todo = screen.column_list(Column.TODO)
        todo.focus()
        moved = todo.cards[0].id
        await pilot.press("shift+right")
        await settle(pilot)
        assert BoardRepo(demo_services.store).card(moved).column is Column.DOING


def test_the_doctor_speaks_chinese(demo_file: Path) -> None:
    """`ritual doctor` under RITUAL_LANG=zh_CN (a real process): its findings and each bad
    record's line in Chinese; field names and stored values stay as written."""
    import os

    def change(data: dict) -> None:
        data["cards"]["3"]["points"] = "eight"
        data["members"]["3"].pop("name")
        data["reviews"]["1"]["when"] = "next friday"
        break_segments(data)
        add_odd_keys(data)

    edit_file(demo_file, change)
    out = subprocess.run(
        [sys.executable, "-m", "ritual", "--db", str(demo_file), "doctor"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "RITUAL_LANG": "zh_CN"},
    )
    lines = out.stdout.splitlines()
    assert out.returncode == 0 and lines[0].startswith("正常："), out.stdout
    assert "警告：卡片 3：points 为 'eight'，不是数字" in lines, out.stdout
    assert any(x.endswith("成员 3 缺少 name") for x in lines), out.stdout
    assert any("评审 1：when 为 'next friday'，不是本版本能读取的日期" in x for x in lines)
    assert any("卡片 'x7'：其 id 不是数字（已跳过）" in x for x in lines), out.stdout
    assert any(x.startswith("警告：站会 2：发言人 1：segments 为") for x in lines), out.stdout
    assert any("；发言人 2：member_id 为 'two'，不是数字；" in x for x in lines), out.stdout
    english = [x for x in lines if re.search(r"\b(is|not|has|skipped|speaker)\b", x)]
    assert english == [], english


async def test_a_column_head_stays_on_one_line_in_a_narrow_column(
    demo_services: Services, demo_file: Path
) -> None:
    """ "Other: archived 1" is wider than a column at 100x30: cut with an ellipsis, not wrapped
    onto a second line (which pushed the column's cards down by one)."""
    edit_file(demo_file, set_field("cards", "2", "column", "archived", bump=True))
    demo_services.store.refresh()
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = board(app)
        heads = list(screen.query(".column-head"))
        assert len(heads) == 6 and all(head.size.height == 1 for head in heads)
        assert "Other: archived…" in screen_text(app)


async def test_six_columns_fit_an_80_column_terminal(
    demo_services: Services, demo_file: Path
) -> None:
    """With the Other column the board still shows every column side by side at 80x24 (each
    column took the whole width when six did not fit their minimum, one at a time)."""
    edit_file(demo_file, set_field("cards", "2", "column", "archived", bump=True))
    demo_services.store.refresh()
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        columns = list(board(app).query(".column"))
        assert len(columns) == 6
        assert all(c.region.width >= 13 and c.region.right <= 80 for c in columns)

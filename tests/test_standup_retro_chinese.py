"""The stand-up and the retro in Simplified Chinese: labels on screen translated, the ids in the
team file still English, and the running stand-up laid out at 80x24 with double-width text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.pilot import settle
from rich.cells import cell_len
from test_retro_snapshots import build
from textual.widgets import DataTable, Static

from ritual.clock import ManualClock
from screens.app import RitualApp
from screens.dialogs import ConfirmDialog
from screens.retro.screen import RetroScreen
from screens.services import Services
from screens.standup.dialogs import NotesDialog, TextDialog
from screens.standup.screen import StandupScreen
from storage.retro_repo import RetroRepo
from storage.standup_repo import StandupRepo
from storage.store import Store

NAMES = ("Ann", "Ben", "王芳")


@pytest.fixture
def team(services: Services) -> Services:
    for name in NAMES:
        services.team.add_member(name)
    return services


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def table_rows(screen, selector: str) -> list[list[str]]:
    table = screen.query_one(selector, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def headers(screen, selector: str) -> list[str]:
    table = screen.query_one(selector, DataTable)
    return [str(c.label) for c in table.columns.values()]


def stored_standup(db_path: Path) -> dict:
    """Today's stand-up as the team file holds it (the raw JSON, not through the code)."""
    data = json.loads(db_path.read_text(encoding="utf-8"))
    (record,) = data["standups"].values()
    return record


@pytest.mark.usefixtures("chinese")
async def test_a_standup_in_chinese_stores_english_ids(
    team: Services, clock: ManualClock, db_path: Path
) -> None:
    app = RitualApp(team, mode="standup")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StandupScreen)
        assert "未开始 — 按空格开始站会" in text_of(screen, "#speaker-name")
        assert headers(screen, "#speakers") == ["#", "姓名", "状态", "已发言", "超时", "今天"]
        assert [r[2] for r in table_rows(screen, "#speakers")] == ["等待中"] * 3
        assert "未开始" in text_of(screen, "#status-line")

        await pilot.press("space")
        await settle(pilot)
        assert "Ann 发言中" in text_of(screen, "#speaker-name")
        assert "进行中 · 你是主持人" in text_of(screen, "#status-line")
        clock.advance(125)  # 5 s over the 2:00
        screen.tick()
        await pilot.pause()
        meeting = text_of(screen, "#meeting-time")
        assert "会议 2:05 / 15:00 · 剩余 12:55" in meeting and "每人 2:00" in meeting
        assert table_rows(screen, "#speakers")[0][2:5] == ["发言中", "2:05", "+0:05"]

        await pilot.press("n")  # Ben speaks; the cursor follows him
        await settle(pilot)
        assert "下一位：王芳" in text_of(screen, "#next-up")
        await pilot.press("a")  # the cursor is on Ben: absent, 王芳 speaks
        await settle(pilot)
        assert [r[2] for r in table_rows(screen, "#speakers")] == ["已完成", "缺席", "发言中"]
        assert "王芳 发言中" in text_of(screen, "#speaker-name")

        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"VPN", "enter")
        await settle(pilot)
        await pilot.press("k")
        await pilot.pause()
        await pilot.press(*"retro", "enter")
        await settle(pilot)
        assert text_of(screen, "#blockers-count") == "阻塞 1"
        assert text_of(screen, "#parking-count") == "停车场 1"
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NotesDialog)
        labels = [str(w.render()) for w in app.screen.query("Label")][:3]
        assert labels == ["昨天", "今天", "阻塞"]
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "现在结束站会吗" in str(app.screen.query_one("#question", Static).render())
        await pilot.press("y")
        await settle(pilot)
        head = text_of(screen, "#summary-head")
        assert "2026-11-26 站会" in head and "1 人超时" in head
        assert "缺席：Ben" in head and "1 个阻塞" in head and "1 个停车场话题" in head
        assert headers(screen, "#summary-speakers")[:3] == ["姓名", "发言", "超时"]
        assert [r[1] for r in table_rows(screen, "#summary-speakers")] == ["2:05", "缺席", "0:00"]
        assert [r[0] for r in table_rows(screen, "#summary-items")] == ["阻塞", "停车场"]

    record = stored_standup(db_path)
    assert record["state"] == "ended"
    assert [sp["status"] for sp in record["speakers"]] == ["done", "absent", "done"]
    raw = db_path.read_text(encoding="utf-8")
    for label in ("已完成", "缺席", "进行中", "已结束", "阻塞", "停车场"):
        assert label not in raw


@pytest.mark.usefixtures("chinese")
async def test_a_followers_status_line_fits_80_columns_in_chinese(
    team: Services, clock: ManualClock, db_path: Path
) -> None:
    """The longest status line: someone else facilitates and has not been seen for a while."""
    login = "maya.lindqvist.ortega"
    other = Store(db_path, login, clock).open()
    repo = StandupRepo(other)
    date = repo.today()
    repo.act(date, lambda s, now: s.start(now))
    repo.heartbeat(date)
    clock.advance(125)
    app = RitualApp(team, mode="standup")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.tick()
        await pilot.pause()
        line = screen.query_one("#status-line", Static)
        text = str(line.render())
        assert f"主持人 {login}（2:05 前在线） · 你在跟随" in text
        assert cell_len(text) <= line.content_size.width


@pytest.mark.usefixtures("chinese")
async def test_a_retro_phase_in_chinese(services: Services) -> None:
    app = RitualApp(build(services, "write"), mode="retro")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RetroScreen)
        assert text_of(screen, "#retro-hint").startswith("私下撰写：")
        assert "del 删除你的 · 空格公开" in text_of(screen, "#retro-hint")
        assert headers(screen, "#retro-items") == ["#", "主题", "你的反馈（公开前仅自己可见）"]
        status = text_of(screen, "#retro-status")
        assert status.startswith("回顾会 · Sprint 2 · ") and "剩余 " in status
        assert "1 人写了 2 条" in status

        await pilot.press("space")  # the reveal: on to grouping
        await settle(pilot)
        assert "g 把选中的反馈放进分组" in text_of(screen, "#retro-hint")
        assert headers(screen, "#retro-items") == ["#", "主题", "反馈", "分组"]
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"ci", "enter")
        await settle(pilot)
        await pilot.press("space", "space")  # vote, then discuss
        await settle(pilot)
        assert headers(screen, "#retro-items") == ["", "分组", "票数", "用时", "笔记"]
    retro = RetroRepo(services.store)
    services.store.refresh()
    two = retro.default_iteration()
    stored = retro.for_iteration(two.id)
    assert stored is not None and stored.phase == "discuss"
    assert {r.prompt for r in stored.reflections} == {"To improve", "Went well"}
    assert stored.groups[0].title == "ci"


def seed_today(services: Services) -> None:
    """Today's stand-up before it starts: one person away, a blocker and a parking-lot topic."""
    repo = StandupRepo(services.store)
    date = repo.today()
    s = repo.current()
    away = next(sp.member_id for sp in s.speakers if sp.name == "Jonas Berger")
    repo.act(date, lambda s, now: s.toggle_absent(away, now))
    repo.contribute(date, lambda s, now: s.add_blocker("等测试环境", "王芳", "maya", now))
    repo.contribute(
        date, lambda s, now: s.add_parking("发布流程 and the release train", "maya", now)
    )


@pytest.mark.usefixtures("chinese")
def test_the_running_standup_in_chinese(snap_compare, demo_services) -> None:
    """Overtime, a blocker, a parking-lot topic and someone absent, at 80x24 in Chinese."""
    clock = demo_services.clock
    seed_today(demo_services)

    async def run_before(pilot) -> None:
        await pilot.press("space")
        await settle(pilot)
        clock.advance(125)  # the first speaker is 5 s over their 2:00
        pilot.app.screen.tick()
        await pilot.pause()

    app = RitualApp(demo_services, mode="standup")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.usefixtures("chinese")
def test_the_standup_summary_in_chinese(snap_compare, demo_services) -> None:
    clock = demo_services.clock
    seed_today(demo_services)

    async def run_before(pilot) -> None:
        await pilot.press("space")
        await settle(pilot)
        clock.advance(130)
        await pilot.press("n")
        await settle(pilot)
        clock.advance(40)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)

    app = RitualApp(demo_services, mode="standup")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.usefixtures("chinese")
def test_the_home_lines_in_chinese(team: Services, clock: ManualClock) -> None:
    from screens.retro.summary import home_summary as retro_line
    from screens.standup.summary import home_summary as standup_line

    repo = StandupRepo(team.store)
    date = repo.today()
    assert standup_line(team) == "今天：未开始"
    repo.act(date, lambda s, now: s.start(now))
    assert standup_line(team) == "进行中：Ann 发言中"
    repo.act(date, lambda s, now: s.add_blocker("VPN", "Ann", "alice", now))
    clock.advance(minutes=12)
    repo.act(date, lambda s, now: s.end(now))
    assert standup_line(team) == "08:12 结束，1 个阻塞"
    assert retro_line(team) == "还没有可以回顾的迭代"

"""Driving a whole stand-up as a facilitator would, on a manual clock, and following it."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.pilot import settle
from textual.widgets import DataTable, Digits, Static

from ritual.clock import ManualClock
from screens.app import RitualApp
from screens.dialogs import ConfirmDialog
from screens.services import Services
from screens.standup.dialogs import NotesDialog, SettingsDialog, TextDialog
from screens.standup.history import HistoryScreen, PastSummaryScreen
from screens.standup.screen import StandupScreen
from storage.standup_repo import StandupRepo, StandupSettings
from storage.store import Store

NAMES = ("Ann", "Ben", "王芳")


@pytest.fixture
def team(services: Services) -> Services:
    for name in NAMES:
        services.team.add_member(name)
    return services


def countdown(screen: StandupScreen) -> Digits:
    return screen.query_one("#countdown", Digits)


def text_of(screen: StandupScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def table_rows(screen: StandupScreen, selector: str = "#speakers") -> list[list[str]]:
    table = screen.query_one(selector, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def stored(services: Services):
    repo = StandupRepo(services.store)
    services.store.refresh()
    return repo.for_date(repo.today())


async def test_a_whole_standup(team: Services, clock: ManualClock) -> None:
    app = RitualApp(team, mode="standup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StandupScreen)
        assert "Not started" in text_of(screen, "#speaker-name")
        assert [r[1] for r in table_rows(screen)] == list(NAMES)

        await pilot.press("space")
        await settle(pilot)
        assert stored(team).current_speaker.name == "Ann"
        assert "Ann" in text_of(screen, "#speaker-name")
        assert countdown(screen).value == "2:00"
        assert not countdown(screen).has_class("-warning")
        normal_colour = countdown(screen).styles.color

        clock.advance(96)
        screen.tick()
        await pilot.pause()
        assert countdown(screen).value == "0:24"
        assert countdown(screen).has_class("-warning")
        assert countdown(screen).styles.color != normal_colour

        clock.advance(30)
        screen.tick()
        await pilot.pause()
        assert countdown(screen).value == "+0:06"
        assert countdown(screen).has_class("-overtime")
        assert table_rows(screen)[0][3:5] == ["2:06", "+0:06"]

        await pilot.press("space")  # pause
        await settle(pilot)
        clock.advance(60)
        screen.tick()
        assert countdown(screen).value == "+0:06"
        assert "paused" in text_of(screen, "#speaker-name")
        assert "2:06 of 15:00" in text_of(screen, "#meeting-time")  # it stands still too
        await pilot.press("space")  # resume
        await settle(pilot)

        clock.advance(4)
        await pilot.press("n")  # Ann 2:10, Ben
        await settle(pilot)
        assert "Ben" in text_of(screen, "#speaker-name")
        clock.advance(20)
        await pilot.press("p")  # back to Ann: her time adds up
        await settle(pilot)
        assert "Ann" in text_of(screen, "#speaker-name")
        clock.advance(10)
        await pilot.press("n")  # Ann 2:20, Ben again
        await settle(pilot)
        clock.advance(15)
        await pilot.press("s")  # Ben 0:35, back at the end; 王芳 speaks
        await settle(pilot)
        assert [r[1] for r in table_rows(screen)] == ["Ann", "王芳", "Ben"]
        assert "王芳" in text_of(screen, "#speaker-name")
        assert "Ben" in text_of(screen, "#next-up")
        await pilot.press("a")  # the cursor is on 王芳: absent, Ben comes back
        await settle(pilot)
        assert "Ben" in text_of(screen, "#speaker-name")
        clock.advance(25)

        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"Staging down", "enter")
        await settle(pilot)
        await pilot.press("k")
        await pilot.pause()
        await pilot.press(*"Retro format", "enter")
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NotesDialog)
        await pilot.press(*"PR review", "enter", *"tests", "enter", "enter")
        await settle(pilot)

        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert "Stand-up of 2026-11-26" in text_of(screen, "#summary-head")
        rows = table_rows(screen, "#summary-speakers")
        assert [r[:3] for r in rows] == [
            ["Ann", "2:20", "+0:20"],
            ["王芳", "absent", ""],
            ["Ben", "1:00", ""],
        ]
        assert rows[2][3:5] == ["PR review", "tests"]
        items = table_rows(screen, "#summary-items")
        assert [r[:3] for r in items] == [
            ["Blocker", "Staging down", "Ben"],
            ["Parking lot", "Retro format", "alice"],
        ]

    s = stored(team)
    assert s.state == "ended" and s.ended_at == "2026-11-26T08:04:20+00:00"
    spoken = {sp.name: int(s.spoken(sp, clock.now())) for sp in s.speakers}
    assert spoken == {"Ann": 140, "王芳": 0, "Ben": 60}
    assert [sp.status for sp in s.speakers] == ["done", "absent", "done"]
    assert [(b.text, b.member, b.by) for b in s.blockers] == [("Staging down", "Ben", "alice")]
    assert [p.text for p in s.parking] == ["Retro format"]
    notes = StandupRepo(team.store).notes(s.date)
    assert (notes[2].yesterday, notes[2].today) == ("PR review", "tests")


async def test_summary_items_become_backlog_cards_once(team: Services, clock) -> None:
    repo = StandupRepo(team.store)
    date = repo.today()
    repo.act(date, lambda s, now: s.start(now))
    repo.act(date, lambda s, now: s.add_blocker("Staging down", "Ann", "alice", now))
    repo.act(date, lambda s, now: s.add_parking("Retro [b]format[/b]", "alice", now))
    repo.act(date, lambda s, now: s.end(now))
    app = RitualApp(team, mode="standup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        items = table_rows(screen, "#summary-items")
        assert [r[1] for r in items] == ["Staging down", "Retro [b]format[/b]"]
        assert all(r[3].startswith("#") for r in items)
    cards = team.store.all("cards")
    assert sorted(c["source_key"] for c in cards) == [
        f"standup:{date}:blocker:1",
        f"standup:{date}:parking:1",
    ]
    assert {c["column"] for c in cards} == {"backlog"}


async def test_a_second_terminal_follows_live_and_can_take_over(
    team: Services, db_path: Path, clock: ManualClock
) -> None:
    bob = Services(Store(db_path, "bob", clock).open(), clock, "bob")
    driver, watcher = RitualApp(team, mode="standup"), RitualApp(bob, mode="standup")
    async with driver.run_test(size=(100, 30)) as p1, watcher.run_test(size=(100, 30)) as p2:
        await settle(p1)
        await settle(p2)
        d, w = driver.screen, watcher.screen
        await p1.press("space")
        await settle(p1)
        clock.advance(30)
        watcher._watcher.check()
        await settle(p2)
        w.tick()
        d.tick()
        assert "Ann" in text_of(w, "#speaker-name")
        assert countdown(w).value == countdown(d).value == "1:30"
        assert "facilitated by alice" in text_of(w, "#status-line")

        await p1.press("n")
        await settle(p1)
        watcher._watcher.check()
        await settle(p2)
        assert "Ben" in text_of(w, "#speaker-name")
        assert [r[2] for r in table_rows(w)] == ["done", "speaking", "waiting"]

        await p2.press("n")  # bob tries to drive
        await p2.pause()
        assert isinstance(watcher.screen, ConfirmDialog)
        question = str(watcher.screen.query_one("#question", Static).render())
        assert "alice is facilitating" in question and "Take over from alice?" in question
        await p2.press("n")  # no: nothing changes
        await settle(p2)
        assert stored(team).current_speaker.name == "Ben"
        await p2.press("n")
        await p2.pause()
        await p2.press("y")
        await settle(p2)
        s = stored(team)
        assert s.facilitator == "bob" and s.current_speaker.name == "王芳"
        driver._watcher.check()
        await settle(p1)
        assert "facilitated by bob" in text_of(d, "#status-line")


async def test_restart_resumes_where_it_stood(team: Services, clock: ManualClock) -> None:
    repo = StandupRepo(team.store)
    date = repo.today()
    repo.act(date, lambda s, now: s.start(now))
    clock.advance(50)
    repo.act(date, lambda s, now: s.next(now))
    clock.advance(100)  # Ben has been speaking for 1:40 while "we" were away
    app = RitualApp(team, mode="standup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Ben" in text_of(app.screen, "#speaker-name")
        assert countdown(app.screen).value == "0:20"
        assert countdown(app.screen).has_class("-warning")


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_fits_small_and_large_terminals(team: Services, size) -> None:
    app = RitualApp(team, mode="standup")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        screen = app.screen
        area = screen.region
        for selector in ("#speaker-name", "#countdown", "#next-up", "#meeting-time", "#speakers"):
            region = screen.query_one(selector).region
            assert region.area > 0 and area.contains_region(region), selector
        table = screen.query_one("#speakers", DataTable)
        assert table.region.height >= len(NAMES) + 1
        keys = {k.key: k for k in screen.query("FooterKey")}
        for key in ("space", "n", "p", "s", "a", "b", "k", "e", "x", "h", "t"):
            region = keys[key].region
            assert region.area > 0 and area.contains_region(region), key
            assert region.width >= len(keys[key].description) + 1, key


async def test_settings_and_history(team: Services, clock: ManualClock) -> None:
    repo = StandupRepo(team.store)
    date = repo.today()
    repo.act(date, lambda s, now: s.start(now))
    clock.advance(100)
    repo.act(date, lambda s, now: s.end(now))
    clock.advance(days=1)
    app = RitualApp(team, mode="standup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, SettingsDialog)
        app.screen.query_one("#speaker").value = "1:30"
        app.screen.query_one("#meeting").value = "10:00"
        await pilot.press("enter")
        await settle(pilot)
        team_now = team.team.team()
        assert (team_now.speaker_seconds, team_now.meeting_seconds) == (90, 600)
        assert countdown(app.screen).value == "1:30"
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        past = table_rows(app.screen, "#past")
        assert past[0][:2] == ["2026-11-26", "1:40"]
        avg = table_rows(app.screen, "#averages")
        assert avg == [["Ann", "1:40", "1", "0"]]
        await pilot.press("enter")  # that day's summary
        await pilot.pause()
        assert isinstance(app.screen, PastSummaryScreen)
        head = str(app.screen.query_one("#summary-head", Static).render())
        assert "Stand-up of 2026-11-26" in head and "1:40 of 15:00" in head
        assert table_rows(app.screen, "#summary-speakers")[0][:2] == ["Ann", "1:40"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StandupScreen)


def test_home_summary_line(team: Services, clock: ManualClock) -> None:
    from screens.standup.summary import home_summary

    repo = StandupRepo(team.store)
    date = repo.today()
    assert home_summary(team) == "today: not started"
    repo.act(date, lambda s, now: s.start(now))
    assert home_summary(team) == "running: Ann speaking"
    repo.act(date, lambda s, now: s.pause(now))
    assert home_summary(team) == "paused: Ann speaking"
    for text in ("a", "b", "c"):
        repo.act(date, lambda s, now, t=text: s.add_blocker(t, "Ann", "alice", now))
    clock.advance(minutes=32)
    repo.act(date, lambda s, now: s.end(now))
    assert home_summary(team) == "done 08:32, 3 blockers"


async def test_one_bell_per_overtime_unless_turned_off(
    team: Services, clock: ManualClock, monkeypatch
) -> None:
    app = RitualApp(team, mode="standup")
    bells: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(1))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        clock.advance(119)
        app.screen.tick()
        assert bells == []
        clock.advance(2)
        app.screen.tick()
        clock.advance(5)
        app.screen.tick()
        assert bells == [1]
        StandupRepo(team.store).save_settings(StandupSettings(120, 900, False, False))
        app._watcher.check()
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        clock.advance(200)
        app.screen.tick()
        assert bells == [1]


async def test_order_by_hand_and_reshuffle_before_the_start(team: Services) -> None:
    app = RitualApp(team, mode="standup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("d")  # Ann one down; the cursor stays on her
        await settle(pilot)
        assert [r[1] for r in table_rows(screen)] == ["Ben", "Ann", "王芳"]
        assert screen.running.highlighted_id() == 1
        assert [sp.name for sp in stored(team).speakers] == ["Ben", "Ann", "王芳"]
        await pilot.press("a")  # Ann absent before the start
        await settle(pilot)
        orders = set()
        for _ in range(6):
            await pilot.press("r")
            await settle(pilot)
            orders.add(tuple(r[1] for r in table_rows(screen)))
        assert len(orders) > 1 and all(sorted(o) == sorted(NAMES) for o in orders)
        await pilot.press("space")
        await settle(pilot)
        s = stored(team)
        waiting = [sp.name for sp in s.speakers if sp.name != "Ann"]
        assert s.current_speaker.name == waiting[0]  # the first present one in today's order
        assert screen.check_action("shuffle", ()) is False  # the order is kept once started


CRASHING_FACILITATOR = """
import os, sys
from ritual.clock import ManualClock
from ritual.standup import Standup
from storage.standup_repo import StandupRepo
from storage.store import Store
clock = ManualClock("2026-11-26T08:00:00Z")
repo = StandupRepo(Store(sys.argv[1], "alice", clock).open())
date = repo.today()
repo.act(date, Standup.start)
clock.advance(70)
repo.act(date, Standup.next)
os._exit(9)  # killed mid-meeting: nothing else runs
"""


async def test_a_crashed_facilitator_resumes_in_a_new_process(
    team: Services, db_path: Path, clock: ManualClock
) -> None:
    import subprocess
    import sys

    crashed = subprocess.run(
        [sys.executable, "-c", CRASHING_FACILITATOR, str(db_path)], timeout=60, check=False
    )
    assert crashed.returncode == 9
    clock.advance(70 + 45)  # Ben has had the floor for 0:45
    team.store.refresh()
    app = RitualApp(team, mode="standup")  # alice again, in a new process of her own
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert "Ben" in text_of(screen, "#speaker-name")
        assert countdown(screen).value == "1:15"
        assert table_rows(screen)[0][2:4] == ["done", "1:10"]
        await pilot.press("n")  # no take-over question: she is the facilitator
        await settle(pilot)
        assert "王芳" in text_of(screen, "#speaker-name")


async def test_items_name_who_raised_them_as_teammates_know_them(team: Services) -> None:
    team.team.add_member("Maya Lindqvist", login="alice")  # the app runs as the login "alice"
    app = RitualApp(team, mode="standup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("k")
        await pilot.pause()
        await pilot.press(*"Retro format", "enter")
        await settle(pilot)
    s = stored(team)
    assert [(p.text, p.by) for p in s.parking] == [("Retro format", "Maya Lindqvist")]


async def test_blockers_and_parking_lot_both_stay_in_view(team: Services) -> None:
    """Four blockers (one long) no longer push the parking lot off the running screen."""
    repo = StandupRepo(team.store)
    date = repo.today()
    repo.act(date, lambda s, now: s.start(now))
    for text in ("Staging is down and nobody knows who owns the load balancer now", "b", "c", "d"):
        repo.act(date, lambda s, now, t=text: s.add_blocker(t, "Ann", "alice", now))
    for text in ("Release date", "Retro format"):
        repo.act(date, lambda s, now, t=text: s.add_parking(t, "alice", now))
    app = RitualApp(team, mode="standup")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert text_of(screen, "#blockers-count") == "Blockers 4"
        assert text_of(screen, "#parking-count") == "Parking lot 2"
        parking = screen.query_one("#parking", DataTable)
        assert parking.row_count == 2 and parking.region.height == 2
        assert screen.region.contains_region(parking.region)
        blockers = screen.query_one("#blockers", DataTable)
        assert blockers.row_count == 4  # all listed; the list scrolls to the newest
        assert blockers.region.height == 3 and blockers.max_scroll_y > 0
        assert "d (Ann)" in str(blockers.get_row_at(3)[0])


async def test_status_line_fits_80_columns_before_anyone_facilitates(team: Services) -> None:
    app = RitualApp(team, mode="standup")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = text_of(app.screen, "#status-line")
        assert "your first key makes it you" in line
        assert len(line) <= 80 - 2  # the line's padding


async def test_summary_focuses_the_items_and_c_takes_the_highlighted_one(
    team: Services,
) -> None:
    repo = StandupRepo(team.store)
    date = repo.today()
    repo.act(date, lambda s, now: s.start(now))
    for text in ("one", "two", "three"):
        repo.act(date, lambda s, now, t=text: s.add_blocker(t, "Ann", "alice", now))
    app = RitualApp(team, mode="standup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert app.screen.focused is app.screen.query_one("#summary-items")
        await pilot.press("down", "down", "c")
        await settle(pilot)
    [card] = team.store.all("cards")
    assert (card["title"], card["source_key"]) == ("three", f"standup:{date}:blocker:3")


async def test_taking_over_sticks_even_when_the_action_is_then_cancelled(
    team: Services, db_path: Path, clock: ManualClock
) -> None:
    repo = StandupRepo(team.store)
    repo.act(repo.today(), lambda s, now: s.start(now))  # alice facilitates
    bob = Services(Store(db_path, "bob", clock).open(), clock, "bob")
    app = RitualApp(bob, mode="standup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("x")  # end? first: take over from alice?
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)  # now: end the stand-up?
        await pilot.press("n")
        await settle(pilot)
        s = stored(team)
        assert s.facilitator == "bob" and not s.ended
        assert "you are facilitating" in text_of(app.screen, "#status-line")


async def test_the_bell_rings_only_for_the_facilitator_unless_followers_want_it(
    team: Services, db_path: Path, clock: ManualClock, monkeypatch
) -> None:
    repo = StandupRepo(team.store)
    repo.act(repo.today(), lambda s, now: s.start(now))  # alice facilitates
    bob = Services(Store(db_path, "bob", clock).open(), clock, "bob")
    follower = RitualApp(bob, mode="standup")
    bells: list[str] = []
    monkeypatch.setattr(follower, "bell", lambda: bells.append("bob"))
    async with follower.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        clock.advance(125)
        follower.screen.tick()
        assert bells == []
        repo.save_settings(StandupSettings(120, 900, True, False, bell_for_followers=True))
        follower._watcher.check()
        await settle(pilot)
        follower.screen.tick()
        assert bells == ["bob"]

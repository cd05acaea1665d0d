"""Everyone takes part from their own terminal: blockers and notes without driving, updates
written ahead (by hand or from git), "async" for those away who wrote one."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
from helpers.cli import ritual
from helpers.pilot import settle
from textual.widgets import DataTable, Static

from ritual.clock import ManualClock
from ritual.standup import Standup
from screens.app import RitualApp
from screens.services import Services
from screens.standup.dialogs import NotesDialog, TextDialog
from storage.standup_repo import StandupRepo
from storage.store import Store


@pytest.fixture
def team(services: Services) -> Services:
    services.team.add_member("Alice", login="alice")
    services.team.add_member("Bob", login="bob")
    services.team.add_member("Carol", login="carol")
    return services


def as_user(db_path: Path, user: str, clock: ManualClock) -> Services:
    return Services(Store(db_path, user, clock).open(), clock, user)


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def until(pilot, condition, within: float = 1.0) -> float:
    """How long the app took (real time: its own file watcher) until ``condition`` held."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < within, "not seen within a second"
        await pilot.pause(0.02)
    return time.monotonic() - start


async def test_participants_add_blockers_and_notes_while_the_facilitator_drives(
    team: Services, db_path: Path, clock: ManualClock
) -> None:
    bob, carol = as_user(db_path, "bob", clock), as_user(db_path, "carol", clock)
    facilitator = RitualApp(team, mode="standup")
    b_app, c_app = RitualApp(bob, mode="standup"), RitualApp(carol, mode="standup")
    async with (
        facilitator.run_test(size=(100, 30)) as p1,
        b_app.run_test(size=(100, 30)) as p2,
        c_app.run_test(size=(100, 30)) as p3,
    ):
        for p in (p1, p2, p3):
            await settle(p)
        await p1.press("space")  # alice starts: she facilitates, Alice speaks
        await settle(p1)
        await p2.press("b")  # bob: his own blocker, no take-over question
        await p2.pause()
        assert isinstance(b_app.screen, TextDialog)
        assert "Blocker for Bob" in str(b_app.screen.query_one(".form-title", Static).render())
        await p2.press(*"VPN is down", "ctrl+s")
        await settle(p2)
        await p3.press("e")  # carol: her own notes
        await p3.pause()
        assert isinstance(c_app.screen, NotesDialog)
        await p3.press(*"design review", "tab", *"ship it", "ctrl+s")
        await settle(p3)
        screen = facilitator.screen
        blockers = screen.query_one("#blockers", DataTable)
        waited = await until(p1, lambda: blockers.row_count == 1)
        assert "VPN is down (Bob)" in str(blockers.get_row_at(0)[0])
        rows = screen.query_one("#speakers", DataTable)
        await until(p1, lambda: "ship it" in str(rows.get_row_at(2)[5]))
        assert waited < 1.0
    s = StandupRepo(team.store)
    team.store.refresh()
    day = s.for_date(s.today())
    assert day.facilitator == "alice"  # nobody took over to add their part
    assert [(b.text, b.member, b.by) for b in day.blockers] == [("VPN is down", "Bob", "Bob")]
    notes = s.notes(day.date)
    assert (notes[3].yesterday, notes[3].today) == ("design review", "ship it")


async def test_a_take_over_while_someone_types_keeps_their_text(
    team: Services, db_path: Path, clock: ManualClock
) -> None:
    repo = StandupRepo(team.store)
    date = repo.today()
    repo.act(date, Standup.start)  # alice facilitates
    bob = as_user(db_path, "bob", clock)
    app = RitualApp(bob, mode="standup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("k")
        await pilot.pause()
        await pilot.press(*"Release train")
        # meanwhile carol takes over the meeting from alice
        StandupRepo(Store(db_path, "carol", clock).open()).act(date, Standup.next, take_over=True)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, TextDialog)
    team.store.refresh()
    day = repo.for_date(date)
    assert day.facilitator == "carol"
    assert [p.text for p in day.parking] == ["Release train"]


async def test_an_update_written_ahead_is_in_the_round_the_summary_and_the_export(
    team: Services, db_path: Path, clock: ManualClock
) -> None:
    """Written from the command line (a real process) before the meeting."""
    done = ritual(
        db_path,
        *("--user", "bob", "standup", "note", "--date", "2026-11-26"),
        *("--yesterday", "Fixed the runbook", "--today", "Invoices"),
        *("--blocker", "Staging keys expired"),
    )
    assert done.returncode == 0, done.stderr
    assert "Noted for the stand-up of 2026-11-26: yesterday, today, blocker." in done.stdout
    refused = ritual(db_path, "--user", "mallory", "standup", "note", "--today", "x")
    assert refused.returncode == 2 and "not on the team" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    team.store.refresh()
    app = RitualApp(team, mode="standup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        blockers = app.screen.query_one("#blockers", DataTable)
        assert "Staging keys expired (Bob)" in str(blockers.get_row_at(0)[0])
        await pilot.press("space")
        await settle(pilot)
        assert text_of(app.screen, "#speaker-update") == ""  # Alice wrote nothing
        clock.advance(40)
        await pilot.press("n")
        await settle(pilot)
        update = text_of(app.screen, "#speaker-update")
        assert update == "Yesterday: Fixed the runbook  Today: Invoices"
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        row = app.screen.query_one("#summary-speakers", DataTable).get_row_at(1)
        assert [str(c) for c in row[3:5]] == ["Fixed the runbook", "Invoices"]
    md = ritual(db_path, "export", "standup", "2026-11-26").stdout
    assert "Fixed the runbook" in md and "Invoices" in md and "Staging keys expired" in md


async def test_the_speakers_update_is_on_screen_and_absent_writers_are_async(
    team: Services, clock: ManualClock
) -> None:
    repo = StandupRepo(team.store)
    date = repo.today()
    for who, values in (("Bob", {"today": "Invoices"}), ("Carol", {"yesterday": "On leave"})):
        member = next(m for m in team.team.members() if m.name == who)
        base = repo.notes(date).get(member.id)
        from ritual.standup import StandupNotes

        repo.save_notes(date, member.id, who, values, base or StandupNotes(0, date, member.id, who))
    repo.contribute(date, lambda s, now: s.toggle_absent(3, now))  # Carol away
    app = RitualApp(team, mode="standup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        rows = app.screen.query_one("#speakers", DataTable)
        assert str(rows.get_row_at(2)[2]) == "async"
        await pilot.press("space", "n")
        await settle(pilot)
        assert text_of(app.screen, "#speaker-update") == "Today: Invoices"
        clock.advance(30)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        summary = app.screen.query_one("#summary-speakers", DataTable)
        assert str(summary.get_row_at(2)[1]) == "async"
    md = ritual(team.store.path, "export", "standup").stdout
    assert "| async" in md and "Invoices" in md and "**Absent:** nobody" in md


def _git(repo: Path, *args: str, email: str = "bob@example.com") -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", f"user.email={email}", "-c", "user.name=X", *args],
        check=True,
        capture_output=True,
    )


def test_yesterday_from_git_is_offered_then_stored_with_yes(
    team: Services, db_path: Path, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    _git(repo, "config", "user.email", "bob@example.com")
    _git(repo, "commit", "-q", "--allow-empty", "-m", "Fix checkout totals")
    _git(repo, "commit", "-q", "--allow-empty", "-m", "Not mine", email="eve@example.com")
    _git(repo, "commit", "-q", "--allow-empty", "-m", "Add invoice PDF \x1b[2J")
    note = ("--user", "bob", "standup", "note", "--date", "2026-11-26", "--from-git", str(repo))
    offered = ritual(db_path, *note)
    assert offered.returncode == 0, offered.stderr
    out = offered.stdout.strip()
    assert out.startswith("yesterday: Fix checkout totals; Add invoice PDF")
    assert "\x1b" not in out and "Not mine" not in out
    assert "Not stored" in offered.stderr
    team.store.refresh()
    sr = StandupRepo(team.store)
    assert sr.notes(sr.today()) == {}  # offered, never stored unasked
    stored = ritual(db_path, *note, "--yes")
    assert stored.returncode == 0, stored.stderr
    team.store.refresh()
    [note] = sr.notes(sr.today()).values()
    assert note.name == "Bob" and note.yesterday == out.removeprefix("yesterday: ")


def test_json_summary_marks_async(team: Services, db_path: Path) -> None:
    note = ("--user", "carol", "standup", "note", "--date", "2026-11-26", "--today", "Docs")
    assert ritual(db_path, *note).returncode == 0
    repo = StandupRepo(team.store)
    team.store.refresh()
    date = repo.today()
    repo.contribute(date, lambda s, now: s.toggle_absent(3, now))
    repo.act(date, Standup.start)
    repo.act(date, Standup.end)
    data = json.loads(ritual(db_path, "export", "standup", "2026-11-26", "--format", "json").stdout)
    carol = next(s for s in data["speakers"] if s["name"] == "Carol")
    assert carol["status"] == "async" and data["absent"] == []

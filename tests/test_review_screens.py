"""The review meeting driven as its users would, on an injected clock, at 80x24."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.pilot import settle
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Select, Static, TextArea

from ritual.clock import ManualClock
from ritual.export_review import minutes_markdown
from screens.app import RitualApp
from screens.review.forms import ActionForm, DecisionForm, ItemForm, ReviewForm
from screens.review.meeting import MeetingScreen
from screens.review.notes import NotesArea
from screens.services import Services
from storage.review_repo import ReviewRepo
from storage.store import Store
from storage.team_repo import TeamRepo

MEMBERS = ("Maya", "Jonas", "王芳")


@pytest.fixture
def team(services: Services) -> Services:
    repo = TeamRepo(services.store)
    repo.update_team(name="Checkout", timezone="Europe/Berlin")
    for name in MEMBERS:
        repo.add_member(name)
    return services


def plain(widget: Static) -> str:
    return str(widget.content)


def agenda_rows(screen: MeetingScreen) -> list[list[str]]:
    table = screen.query_one("#agenda", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def fill(pilot: Pilot, **values: str) -> None:
    """Type into the open dialog's fields (Inputs, TextAreas, Selects) by id."""
    form = pilot.app.screen
    for wid, value in values.items():
        widget = form.query_one(f"#{wid}")
        if isinstance(widget, Input):
            widget.value = value
        elif isinstance(widget, TextArea):
            widget.load_text(value)
        elif isinstance(widget, Select):
            widget.value = value
    await pilot.pause()


async def test_run_a_review_end_to_end(team: Services, clock: ManualClock) -> None:
    app = RitualApp(team, mode="review")
    repo = ReviewRepo(team.store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # plan it
        await pilot.press("n")
        assert isinstance(app.screen, ReviewForm)
        await fill(pilot, title="Checkout v2", when="fri 14:00", facilitator="Maya")
        await fill(pilot, note_taker="王芳")
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        # three requirements
        for title in ("Pay by link", "Split payments", "Dark mode"):
            await pilot.press("a")
            assert isinstance(app.screen, ItemForm)
            await fill(pilot, title=title, description=f"{title}: what", timebox="10")
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert [r[1] for r in agenda_rows(screen)] == ["Pay by link", "Split paymen…", "Dark mode"]
        assert [i.title for i in screen.items] == ["Pay by link", "Split payments", "Dark mode"]
        # run it
        await pilot.press("s")
        await settle(pilot)
        assert screen.review.status == "running"
        assert "▶ current" in agenda_rows(screen)[0][2]
        bar = screen.query_one("#timer-bar", Static)
        clock.advance(minutes=8)
        screen.refresh_timer()
        assert bar.has_class("warning") and "02:00 left" in plain(bar)
        clock.advance(minutes=3, seconds=5)
        screen.refresh_timer()
        assert bar.has_class("overtime") and "+01:05 over" in plain(bar)
        # notes, typed and saved
        await pilot.press("w")
        await pilot.press(*"Use PSP links")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")  # leaves the notes, stays in the meeting
        assert app.screen is screen
        # decision 1: Approved, with estimate and owner
        await pilot.press("d")
        assert isinstance(app.screen, DecisionForm)
        await fill(pilot, decision="approved", estimate="5", difficulty="3", owner="Jonas")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Decision: Approved" in plain(screen.query_one("#decision", Static))
        # action items due "fri" and "+3d"; garbage refused and kept
        await pilot.press("t")
        assert isinstance(app.screen, ActionForm)
        await fill(pilot, text="Ask the PSP for quota", owner="Jonas", due="someday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionForm)
        assert "'someday' is not a due date" in str(form.query_one("#error", Label).content)
        assert form.query_one("#text", Input).value == "Ask the PSP for quota"
        await fill(pilot, due="fri")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # item 2: Rejected is refused without a rationale
        clock.advance(seconds=30)
        await pilot.press("n")
        await settle(pilot)
        assert screen.review.current_item_id == screen.items[1].id
        await pilot.press("d")
        await fill(pilot, decision="rejected")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DecisionForm)
        error = str(app.screen.query_one("#error", Label).content)
        assert "Rejected needs a rationale" in error
        await fill(pilot, rationale="Card limits are the bank's call")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("t")
        await fill(pilot, text="写邮件给银行", owner="王芳", due="+3d")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # item 3: Needs clarification
        clock.advance(minutes=4)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("d")
        await fill(pilot, decision="needs_clarification", rationale="Which themes?")
        await pilot.press("ctrl+s")
        await settle(pilot)
        clock.advance(minutes=2)
        # end it
        await pilot.press("s")
        await pilot.press("y")
        await settle(pilot)
        assert screen.review.status == "done"
        states = [r[2] for r in agenda_rows(screen)]
        assert states == ["✓ Approved", "✗ Rejected", "? Clarify"]

    review = repo.reviews()[0]
    assert (review.title, review.status, review.facilitator, review.note_taker) == (
        "Checkout v2",
        "done",
        "Maya",
        "王芳",
    )
    assert review.when == "2026-11-27T13:00:00+00:00"
    items = repo.items(review.id)
    got = [(i.title, i.decision, i.estimate, i.owner, i.rationale) for i in items]
    assert got == [
        ("Pay by link", "approved", 5, "Jonas", ""),
        ("Split payments", "rejected", None, "", "Card limits are the bank's call"),
        ("Dark mode", "needs_clarification", None, "", "Which themes?"),
    ]
    assert items[0].notes == "Use PSP links" and items[0].difficulty == 3
    spent = [i.segments for i in items]
    assert spent[0] == [["2026-11-26T08:00:00+00:00", "2026-11-26T08:11:35+00:00"]]
    assert spent[2] == [["2026-11-26T08:15:35+00:00", "2026-11-26T08:17:35+00:00"]]
    actions = repo.actions(review.id)
    assert [(a.text, a.owner, a.due, a.item_id) for a in actions] == [
        ("Ask the PSP for quota", "Jonas", "2026-11-27", items[0].id),
        ("写邮件给银行", "王芳", "2026-11-29", items[1].id),
    ]
    md = minutes_markdown(review, items, actions, "Europe/Berlin", now=clock.now())
    for expected in (
        "Fri 27 Nov 2026 14:00 (Europe/Berlin)",
        "**Attendees:** Maya, Jonas, 王芳",
        "| 1 | Pay by link | Approved | 5 | Jonas |",
        "| 2 | Split payments | Rejected | — | — |",
        "| 3 | Dark mode | Needs clarification | — | — |",
        "Card limits are the bank's call",
        "Use PSP links",
        "| Ask the PSP for quota | Jonas | 2026-11-27 | no | Pay by link |",
        "| 写邮件给银行 | 王芳 | 2026-11-29 | no | Split payments |",
        "## Carried over",
    ):
        assert expected in md, expected


def two_apps(db_path: Path, clock: ManualClock) -> tuple[RitualApp, RitualApp, ReviewRepo]:
    first = Services(Store(db_path, "alice", clock).open(), clock, "alice")
    second = Services(Store(db_path, "bob", clock).open(), clock, "bob")
    return (
        RitualApp(first, mode="review"),
        RitualApp(second, mode="review"),
        ReviewRepo(first.store),
    )


@pytest.fixture
def running_review(team: Services) -> int:
    repo = ReviewRepo(team.store)
    review = repo.create_review("Live", "today 10:00")
    for title in ("One", "Two"):
        repo.add_item(review.id, title)
    repo.start(review.id)
    return review.id


async def test_a_decision_shows_in_the_other_app(
    db_path: Path, clock: ManualClock, running_review: int
) -> None:
    app1, app2, _ = two_apps(db_path, clock)
    async with app1.run_test(size=(80, 24)) as p1, app2.run_test(size=(80, 24)) as p2:
        await settle(p1)
        await settle(p2)
        watcher = app2.screen
        assert isinstance(app1.screen, MeetingScreen) and isinstance(watcher, MeetingScreen)
        assert "Undecided" in plain(watcher.query_one("#decision", Static))
        await p1.press("d")
        await fill(p1, decision="approved_with_changes", estimate="8")
        await p1.press("ctrl+s")
        await settle(p1)
        app2._watcher.check()
        await settle(p2)
        shown = plain(watcher.query_one("#decision", Static))
        assert "Approved with changes" in shown and "8 points" in shown
        assert "✓ Appr+chg" in agenda_rows(watcher)[0][2]


async def test_notes_added_in_two_apps_merge_each_line_once(
    db_path: Path, clock: ManualClock, running_review: int
) -> None:
    app1, app2, repo = two_apps(db_path, clock)
    repo.save_notes(repo.items(running_review)[0], "Agreed: cards first")
    async with app1.run_test(size=(80, 24)) as p1, app2.run_test(size=(80, 24)) as p2:
        await settle(p1)
        await settle(p2)
        s1, s2 = app1.screen, app2.screen
        await p1.press("w", "enter", *"alice")
        await p2.press("w", "enter", *"bob")
        await p2.press("ctrl+s")
        await settle(p2)
        await p1.press("ctrl+s")
        await settle(p1)
        app1._watcher.check()
        app2._watcher.check()
        await settle(p1)
        await settle(p2)
        item = repo.item(s1.items[0].id)
        assert item.notes.split("\n") == ["Agreed: cards first", "alice", "bob"]
        assert item.conflicts == []
        await p1.press("escape")
        await settle(p1)
        for screen in (s1, s2):
            assert screen.query_one("#notes", TextArea).text.split("\n") == [
                "Agreed: cards first",
                "alice",
                "bob",
            ]
            assert screen.query_one("#conflict", Static).display is False


async def test_concurrent_notes_keep_both_texts(
    db_path: Path, clock: ManualClock, running_review: int
) -> None:
    """Both change the same line: a real conflict, shown with both sides and who wrote it."""
    app1, app2, repo = two_apps(db_path, clock)
    repo.save_notes(repo.items(running_review)[0], "Scope: cards")
    async with app1.run_test(size=(80, 24)) as p1, app2.run_test(size=(80, 24)) as p2:
        await settle(p1)
        await settle(p2)
        s1, s2 = app1.screen, app2.screen
        await p1.press("w", *"alice")
        await p2.press("w", *"bob")
        await p2.press("ctrl+s")
        await settle(p2)
        app1._watcher.check()
        await settle(p1)
        assert s1.query_one("#notes", TextArea).text == "Scope: cardsalice"  # typing survives
        await p1.press("ctrl+s")
        await settle(p1)
        app2._watcher.check()
        await settle(p2)
        item = repo.item(s1.items[0].id)
        kept = [item.notes] + [c["text"] for c in item.conflicts_on("notes")]
        assert sorted(kept) == ["Scope: cardsalice", "Scope: cardsbob"]
        for screen in (s1, s2):
            panel = screen.query_one("#conflict", Static)
            assert panel.display and "Both texts are kept" in plain(panel)
        shown = plain(s1.query_one("#conflict", Static))
        assert "bob at" in shown and "Scope: cardsbob" in shown and "Scope: cardsalice" in shown
        await p2.press("escape", "m")  # leave the notes, merge
        await settle(p2)
        merged = repo.item(item.id)
        assert "alice" in merged.notes and "bob" in merged.notes and not merged.conflicts
        assert s2.query_one("#conflict", Static).display is False


async def test_cards_and_carry_over_from_the_screen(team: Services, clock) -> None:
    repo = ReviewRepo(team.store)
    review = repo.create_review("Done one", "today 09:00")
    a, b = repo.add_item(review.id, "Approved A"), repo.add_item(review.id, "Later B")
    repo.decide(a, "approved", estimate="3", owner="Maya")
    repo.decide(b, "deferred", rationale="next quarter")
    repo.end(review.id)
    nxt = repo.create_review("Next one", "2026-12-03 10:00")
    app = RitualApp(team, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("up", "enter")  # the cursor starts on the next review
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen) and app.screen.review_id == review.id
        for _ in range(2):
            await pilot.press("c", "o")
            await settle(pilot)
    cards = team.board.cards(None)
    assert [(c.title, c.points, c.assignee) for c in cards] == [("Approved A", 3, "Maya")]
    assert [(i.title, i.carried_from) for i in repo.items(nxt.id)] == [("Later B", "2026-11-26")]


async def test_action_items_view_toggles_and_marks_overdue(team: Services, clock) -> None:
    repo = ReviewRepo(team.store)
    review = repo.create_review("R", "today 09:00")
    late = repo.add_action(review.id, "Late one", owner="Jonas", due="today")
    repo.add_action(review.id, "Later one", owner="Maya", due="+3d")
    clock.advance(days=2)
    app = RitualApp(team, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        table = app.screen.query_one("#actions-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert [(r[0], r[3]) for r in rows] == [("Jonas", "Late one"), ("Maya", "Later one")]
        assert "late" in rows[0][1] and "late" not in rows[1][1]
        await pilot.press("space")
        await settle(pilot)
        assert table.row_count == 1
    assert repo.actions()[0].id == late.id and repo.actions()[0].done


async def test_home_summary_names_the_next_review(team: Services) -> None:
    from screens.review.summary import home_summary

    assert home_summary(team).startswith("no review planned")
    repo = ReviewRepo(team.store)
    review = repo.create_review("Checkout v2 review", "fri 14:00")
    repo.add_item(review.id, "A")
    assert home_summary(team) == "next: Checkout v2 review, Fri 27 Nov 14:00, 1 items"
    repo.start(review.id)
    assert home_summary(team).startswith("running now: Checkout v2 review")


async def test_reorder_and_remove_with_confirmation(team: Services) -> None:
    repo = ReviewRepo(team.store)
    review = repo.create_review("R", "fri 14:00")
    for title in ("A", "B", "C"):
        repo.add_item(review.id, title)
    app = RitualApp(team, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        await pilot.press("]")  # A moves below B, the cursor stays on A
        await settle(pilot)
        assert [i.title for i in screen.items] == ["B", "A", "C"]
        assert screen.highlighted().title == "A"
        await pilot.press("x", "n")  # asked, and answered no
        await settle(pilot)
        assert len(repo.items(review.id)) == 3
        await pilot.press("x", "y")
        await settle(pilot)
        assert [i.title for i in repo.items(review.id)] == ["B", "C"]
        assert [r[1] for r in agenda_rows(screen)] == ["B", "C"]


def _decide_in_another_process(db_path: Path, item_id: int) -> None:
    code = (
        "import sys; from storage.store import Store; from storage.review_repo import ReviewRepo\n"
        "repo = ReviewRepo(Store(sys.argv[1], 'carol').open())\n"
        "repo.decide(repo.item(int(sys.argv[2])), 'deferred', rationale='after the audit')\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db_path), str(item_id)], check=True)


async def test_a_decision_from_another_process_shows(
    db_path: Path, clock: ManualClock, running_review: int, team: Services
) -> None:
    app = RitualApp(team, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        _decide_in_another_process(db_path, screen.items[0].id)
        app._watcher.check()
        await settle(pilot)
        shown = plain(screen.query_one("#decision", Static))
        assert "Deferred" in shown and "after the audit" in shown


async def test_leaving_right_after_typing_saves_the_notes(team: Services, running_review) -> None:
    repo = ReviewRepo(team.store)
    app = RitualApp(team, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        meeting = app.screen
        await pilot.press("w", *"typed", "escape", "escape")
        await settle(pilot)
        assert app.screen is not meeting  # back on the list
        assert repo.item(meeting.items[0].id).notes == "typed"


async def test_notes_area_keeps_unsaved_and_saving_text(team: Services, running_review) -> None:
    repo = ReviewRepo(team.store)
    app = RitualApp(team, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        notes = app.screen.query_one("#notes", NotesArea)
        item = repo.items(running_review)[0]
        theirs = dataclasses.replace(item, notes="theirs")
        await pilot.press("w", *"mine")
        notes.show(theirs)  # someone else's save arrives while we type
        assert notes.text == "mine" and notes.dirty
        base, text = notes.take_unsaved()
        # unsaved until the store confirms it
        assert (base.notes, text, notes.dirty, notes.saving) == ("", "mine", True, True)
        notes.show(item)  # a reload before our save landed: still ours
        assert notes.text == "mine"
        notes.save_stored(dataclasses.replace(item, notes="mine"))
        assert not notes.dirty and not notes.saving
        notes.show(theirs)  # nothing unsaved: their text is shown
        assert notes.text == "theirs"


async def test_read_only_follows_but_changes_nothing(
    db_path: Path, clock: ManualClock, running_review: int
) -> None:
    viewer = Services(Store(db_path, "guest", clock).open(), clock, "guest", read_only=True)
    app = RitualApp(viewer, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.query_one("#notes", NotesArea).read_only
        await pilot.press("d", "a", "n", "s")
        await settle(pilot)
        assert app.screen is screen  # no dialog opened
    review = ReviewRepo(viewer.store).review(running_review)
    assert review.status == "running" and review.current_item_id == screen.items[0].id


async def test_the_running_timer_writes_nothing(
    db_path: Path, team: Services, clock: ManualClock, running_review: int
) -> None:
    app = RitualApp(team, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        before = db_path.read_bytes()
        for _ in range(90):
            clock.advance(seconds=1)
            screen.refresh_timer()
        await pilot.pause()
        assert db_path.read_bytes() == before
        assert agenda_rows(screen)[0][3] == "01:30"

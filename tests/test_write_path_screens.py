"""The app's one ordered writer, seen from its screens: changes land in the order they were
made, and a form closes only once its change is stored. The failures are real: another
process holding the file's lock, another Store deleting the record, a teammate taking over."""

from __future__ import annotations

import pytest
from helpers.lock_holder import lock_held_elsewhere
from helpers.pilot import settle
from textual.widgets import Input

from ritual.standup import Standup
from screens.app import RitualApp
from screens.board.card_form import CardForm
from screens.board.iteration_dialogs import IterationForm
from screens.board.screen import BoardScreen
from screens.review.forms import ItemForm, ReviewForm
from screens.review.meeting import MeetingScreen
from screens.review.notes import NotesArea
from screens.services import Services
from screens.standup.dialogs import TextDialog
from screens.team_form import TeamForm
from screens.writer import WriteStored
from storage.board_repo import BoardRepo
from storage.review_repo import ReviewRepo
from storage.standup_repo import StandupRepo
from storage.store import Store

BUSY_SECONDS = 0.2  # how long the app waits for the lock before it says "busy"


def error_line(form) -> str:
    return str(form.query_one("#error").render())


async def test_a_burst_of_changes_lands_in_the_order_it_was_made(demo_services: Services) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        card = screen.current_card
        answers: list[WriteStored] = []
        screen.stored = answers.append  # type: ignore[method-assign]
        board, n = demo_services.board, 40
        for i in range(n):  # issued at once, faster than they can be stored
            if i % 3 == 2:
                screen.write(board.move_card, card.id, ["doing", "review"][i % 2], kind="move")
            else:
                screen.write(board.set_blocked, card.id, True, f"reason {i}", kind="edit")
        await settle(pilot)
        revs = [m.result.rev for m in answers]
        assert revs == list(range(card.rev + 1, card.rev + n + 1))  # one after the other
        edits = [m.result.blocked_reason for m in answers if m.kind == "edit"]
        assert edits == [f"reason {i}" for i in range(n) if i % 3 != 2]
        stored = board.card(card.id)
        assert stored.blocked_reason == f"reason {n - 1}" and stored.rev == card.rev + n


async def test_a_new_card_saved_while_the_file_is_busy_stays_in_its_form(
    demo_services: Services,
) -> None:
    demo_services.store.lock_timeout = BUSY_SECONDS
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = len(demo_services.board.cards("all"))
        await pilot.press("n")
        await settle(pilot)
        assert type(app.screen).__name__ == "PromptDialog"  # the sprint is under way: why?
        await pilot.press("enter")  # no reason is fine
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CardForm)
        form.query_one("#title", Input).value = "Typed while busy"
        with lock_held_elsewhere(demo_services.store.path):
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form
            assert form.query_one("#title", Input).value == "Typed while busy"
            assert "busy" in error_line(form)
            assert len(demo_services.board.cards("all")) == before
        await pilot.press("ctrl+s")  # the teammate's write is done: save again
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert "Typed while busy" in {c.title for c in demo_services.board.cards("all")}


async def test_the_team_form_waits_for_a_busy_file(demo_services: Services) -> None:
    demo_services.store.lock_timeout = BUSY_SECONDS
    app = RitualApp(demo_services, mode="home")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        form = app.screen
        assert isinstance(form, TeamForm)
        form.query_one("#name", Input).value = "Payments squad"
        with lock_held_elsewhere(demo_services.store.path):
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form and "busy" in error_line(form)
            assert demo_services.team.team().name == "Checkout squad"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        assert demo_services.team.team().name == "Payments squad"


async def test_a_requirement_deleted_meanwhile_keeps_its_form_open(
    demo_services: Services, db_path, clock
) -> None:
    other = ReviewRepo(Store(db_path, "jonas", clock).open())
    app = RitualApp(demo_services, mode="review")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the demo's review
        await settle(pilot)
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        item = meeting.highlighted()
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ItemForm)
        form.query_one("#title", Input).value = "Pay by link, v2"
        other.delete_item(item.id)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#title", Input).value == "Pay by link, v2"
        assert "removed meanwhile" in error_line(form)


async def test_a_blocker_typed_while_someone_takes_over_is_stored(
    demo_services: Services, db_path, clock
) -> None:
    app = RitualApp(demo_services, mode="standup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("space")  # maya starts and facilitates
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TextDialog)
        form.query_one("#value", Input).value = "Staging is down"
        jonas = StandupRepo(Store(db_path, "jonas", clock).open())
        date = jonas.today()
        jonas.act(date, Standup.next, take_over=True)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form  # a blocker needs no facilitator: it is stored
        stored = jonas.for_date(date)
        assert [b.text for b in stored.blockers] == ["Staging is down"]
        assert stored.facilitator == "jonas"


async def test_a_blocker_saved_while_the_file_is_busy_stays_in_its_form(
    demo_services: Services,
) -> None:
    demo_services.store.lock_timeout = BUSY_SECONDS
    app = RitualApp(demo_services, mode="standup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TextDialog)
        form.query_one("#value", Input).value = "Keep v1 endpoints?"
        repo = StandupRepo(demo_services.store)
        with lock_held_elsewhere(demo_services.store.path):
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form and "busy" in error_line(form)
            assert form.query_one("#value", Input).value == "Keep v1 endpoints?"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        assert [p.text for p in repo.for_date(repo.today()).parking] == ["Keep v1 endpoints?"]


async def test_review_notes_typed_while_busy_stay_unsaved_and_are_saved_later(
    demo_services: Services, db_path, clock
) -> None:
    demo_services.store.lock_timeout = BUSY_SECONDS
    repo = ReviewRepo(demo_services.store)
    other = BoardRepo(Store(db_path, "jonas", clock).open())
    app = RitualApp(demo_services, mode="review")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        notes = meeting.query_one("#notes", NotesArea)
        item = meeting.highlighted()
        await pilot.press("w", "end", *" typed while busy")
        typed = notes.text
        with lock_held_elsewhere(demo_services.store.path):
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert notes.text == typed and notes.dirty and notes.retry_pending
            assert "NOT SAVED" in str(notes.border_title)
            assert "typed while busy" not in repo.item(item.id).notes
        other.add_card("A teammate's change")  # the file changes: every screen reloads
        app._watcher.check()
        await settle(pilot)
        assert notes.text == typed and notes.dirty  # the reload kept the unsaved text
        notes._autosave()  # what the retry timer does when it fires
        await settle(pilot)
        assert repo.item(item.id).notes == typed.rstrip()
        assert not notes.dirty and "NOT SAVED" not in str(notes.border_title)


@pytest.mark.parametrize(
    ("mode", "keys", "fields", "form_type"),
    [
        ("board", ["i"], {"name": "Sprint 16"}, IterationForm),
        ("review", ["n"], {"title": "Pricing review", "when": "fri 14:00"}, ReviewForm),
    ],
)
async def test_iteration_and_review_forms_wait_for_a_busy_file(
    demo_services: Services, mode: str, keys: list[str], fields: dict[str, str], form_type
) -> None:
    demo_services.store.lock_timeout = BUSY_SECONDS
    before = demo_services.store.path.read_bytes()
    app = RitualApp(demo_services, mode=mode)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        form = app.screen
        assert isinstance(form, form_type)
        for wid, value in fields.items():
            form.query_one(f"#{wid}", Input).value = value
        with lock_held_elsewhere(demo_services.store.path):
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form and "busy" in error_line(form)
            assert all(form.query_one(f"#{w}", Input).value == v for w, v in fields.items())
            assert demo_services.store.path.read_bytes() == before
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        assert list(fields.values())[0].encode() in demo_services.store.path.read_bytes()

"""The board driven as a user would, checked against what is stored and what is shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from board_helpers import board, screen_strips, screen_text
from helpers.pilot import settle
from textual.widgets import Input, Select, Static, TextArea

from ritual.iteration import BOARD_COLUMNS, Column
from screens.app import RitualApp
from screens.board.card_detail import CardDetail
from screens.board.card_form import CardForm
from screens.board.card_list import CardList
from screens.board.dialogs import FilterDialog
from screens.board.iteration_dialogs import CloseIterationDialog, IterationForm
from screens.board.screen import BoardScreen
from screens.dialogs import ConfirmDialog, PromptDialog
from screens.help import HelpScreen
from screens.services import Services
from storage.board_repo import BoardRepo
from storage.store import Store


def head(app: RitualApp, col: Column) -> str:
    return str(board(app).query_one(f"#head-{col.value}", Static).content)


def column(app: RitualApp, col: Column) -> CardList:
    return board(app).column_list(col)


def shown_ids(app: RitualApp, col: Column) -> list[int]:
    return [c.id for c in column(app, col).cards]


@pytest.fixture
def priya(demo_services: Services) -> Services:
    """The demo team seen by Priya Nair, an engineer with cards of her own."""
    return Services(demo_services.store, demo_services.clock, "priya")


async def test_cursor_moves_with_arrows_and_hjkl(demo_services: Services) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = board(app)
        todo = column(app, Column.TODO)
        assert screen.focused is todo
        assert screen.current_card.id == shown_ids(app, Column.TODO)[0]
        await pilot.press("j")
        assert screen.current_card.id == shown_ids(app, Column.TODO)[1]
        await pilot.press("down", "k")
        assert screen.current_card.id == shown_ids(app, Column.TODO)[1]
        await pilot.press("l")
        assert screen.focused is column(app, Column.DOING)
        assert screen.current_card.id == shown_ids(app, Column.DOING)[1]
        await pilot.press("right", "left", "h", "h")
        assert screen.focused is column(app, Column.BACKLOG)
        await pilot.press("h")  # stays on the first column
        assert screen.focused is column(app, Column.BACKLOG)


async def test_new_card_is_stored_in_the_focused_column(demo_services: Services) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        # The iteration is under way: the new card changes its scope, so it asks why first.
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"hotfix", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CardForm)
        await pilot.press(*"Retry failed webhooks")  # the title has the focus
        form.query_one("#points", Input).value = "5"
        form.query_one("#labels", Input).value = "api, ops"
        form.query_one("#description", TextArea).text = "Exponential backoff\nmax 5 tries"
        form.query_one("#assignee", Select).value = "Priya Nair"
        await pilot.press("ctrl+s")
        await settle(pilot)
        [card] = [c for c in demo_services.board.cards() if c.title == "Retry failed webhooks"]
        assert (card.column, card.iteration_id, card.points) == (Column.TODO, 1, 5)
        scope = demo_services.board.iteration(1).scope[-1]
        assert (scope["card"], scope["change"], scope["reason"]) == (card.id, "added", "hotfix")
        assert card.labels == ["api", "ops"] and card.assignee == "Priya Nair"
        assert card.description == "Exponential backoff\nmax 5 tries"
        assert card.created_by == demo_services.store.user
        assert board(app).current_card.id == card.id  # the cursor went to the new card


async def test_a_refused_form_keeps_its_text(demo_services: Services) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = len(demo_services.board.cards("all"))
        await pilot.press("n")
        await pilot.press("enter")  # the sprint is under way: no reason given
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CardForm)
        form.query_one("#title", Input).value = "Half typed"
        form.query_one("#points", Input).value = "lots"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "points must be a whole number" in str(form.query_one("#error").render())
        assert form.query_one("#title", Input).value == "Half typed"
        assert len(demo_services.board.cards("all")) == before


async def test_edit_changes_only_what_was_changed(demo_services: Services) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        card = board(app).current_card
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, CardForm)
        assert form.query_one("#title", Input).value == card.title
        form.query_one("#title", Input).value = "Slow query on reports page (index)"
        form.query_one("#priority", Select).value = "P1"
        await pilot.press("ctrl+s")
        await settle(pilot)
        stored = demo_services.board.card(card.id)
        assert stored.title == "Slow query on reports page (index)"
        assert stored.priority == "P1"
        assert (stored.points, stored.assignee, stored.labels) == (
            card.points,
            card.assignee,
            card.labels,
        )
        assert stored.updated_by == demo_services.store.user
        assert board(app).current_card.id == card.id


async def test_concurrent_edit_keeps_the_form_text_and_shows_a_conflict(
    demo_services: Services, db_path, clock
) -> None:
    app = RitualApp(demo_services, mode="board")
    other = BoardRepo(Store(db_path, "jonas", clock).open())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        card = board(app).current_card
        await pilot.press("e")
        form = app.screen
        form.query_one("#title", Input).value = "My new title"
        # Jonas renames the card and adds another one while the form is open.
        other.edit_card(other.card(card.id), title="Jonas's title")
        added = other.add_card("Added by Jonas", column="todo")
        app._watcher.check()
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#title", Input).value == "My new title"
        assert added.id in shown_ids(app, Column.TODO)  # the board below reloaded
        await pilot.press("ctrl+s")
        await settle(pilot)
        stored = demo_services.board.card(card.id)
        assert stored.title == "My new title"
        assert [(c["field"], c["text"], c["by"]) for c in stored.conflicts] == [
            ("title", "Jonas's title", "jonas")
        ]
        # the detail shows the conflict copy; c clears it
        await pilot.press("enter")
        detail = app.screen
        assert isinstance(detail, CardDetail)
        assert "Jonas's title" in screen_text(app)
        await pilot.press("c")
        await settle(pilot)
        assert demo_services.board.card(card.id).conflicts == []


async def test_moving_a_card_stores_it_and_the_cursor_follows(demo_services: Services) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        card = board(app).current_card
        await pilot.press("shift+right")
        await settle(pilot)
        assert demo_services.board.card(card.id).column is Column.DOING
        assert board(app).focused is column(app, Column.DOING)
        assert board(app).current_card.id == card.id
        await pilot.press("greater_than_sign", "greater_than_sign")
        await settle(pilot)
        moved = demo_services.board.card(card.id)
        assert moved.column is Column.DONE and moved.done_at
        await pilot.press("less_than_sign")
        await settle(pilot)
        back = demo_services.board.card(card.id)
        assert back.column is Column.REVIEW and back.done_at == ""
        assert board(app).current_card.id == card.id


async def test_product_backlog_card_joins_the_iteration_when_moved(
    demo_services: Services,
) -> None:
    loose = demo_services.board.add_card("Loose idea", iteration_id=None)
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert loose.id in shown_ids(app, Column.BACKLOG)
        await pilot.press("h")
        lst = column(app, Column.BACKLOG)
        lst.highlighted = lst.index_of(loose.id)
        await pilot.press("shift+right")
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)  # the scope of the iteration changes
        await pilot.press(*"blocks the release", "enter")
        await settle(pilot)
        stored = demo_services.board.card(loose.id)
        assert (stored.column, stored.iteration_id) == (Column.TODO, 1)
        scope = demo_services.board.iteration(1).scope[-1]
        assert (scope["card"], scope["change"], scope["reason"]) == (
            loose.id,
            "added",
            "blocks the release",
        )
        await pilot.press("shift+left")  # and back to the backlog: asked again
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("enter")  # no reason is fine
        await settle(pilot)
        assert demo_services.board.card(loose.id).iteration_id is None
        assert demo_services.board.iteration(1).scope[-1]["change"] == "removed"


async def test_wip_limit_warning_when_over(demo_services: Services) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        doing = board(app).query_one("#column-doing")
        assert head(app, Column.DOING) == "In progress 4/4" and not doing.has_class("over-wip")
        await pilot.press("shift+right")
        await settle(pilot)
        assert len(demo_services.board.cards(column=Column.DOING)) == 5
        assert head(app, Column.DOING) == "In progress 5/4 ⚠"  # one line, fits 16 columns
        assert doing.has_class("over-wip")
        assert "5/4 ⚠" in screen_text(app)
        # raise the limit with w
        await pilot.press("w")
        prompt = app.screen
        assert isinstance(prompt, PromptDialog)
        prompt.query_one(Input).value = "6"
        await pilot.press("enter")
        await settle(pilot)
        assert demo_services.board.current_iteration().wip_limits["doing"] == 6
        assert head(app, Column.DOING) == "In progress 5/6" and not doing.has_class("over-wip")


async def test_my_cards_shows_only_the_users_cards(priya: Services) -> None:
    app = RitualApp(priya, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        shown = [c for lst in board(app).lists for c in lst.cards]
        stored = [c for c in priya.board.cards() if c.assignee == "Priya Nair"]
        assert sorted(c.id for c in shown) == sorted(c.id for c in stored)
        assert len(stored) >= 3
        assert "my cards" in screen_text(app)
        await pilot.press("m")
        await settle(pilot)
        # all again: the iteration's cards and the product backlog, each once
        it = priya.board.current_iteration()
        shown = [c.id for lst in board(app).lists for c in lst.cards]
        assert sorted(shown) == sorted(c.id for c in priya.board.board_cards(it.id))


async def test_search_in_title_description_and_labels(demo_services: Services) -> None:
    target = demo_services.board.cards()[0]
    demo_services.board.edit_card(target, description="needs the QUARTERLY numbers")
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for needle, expected in (
            ("invoice", {"Invoice PDF layout"}),
            ("quarterly", {target.title}),
            (
                "security",
                {"Audit log for admin actions", "Webhook signatures", "Two-factor recovery codes"},
            ),
        ):
            await pilot.press("slash")
            prompt = app.screen
            assert isinstance(prompt, PromptDialog)
            prompt.query_one(Input).value = needle
            await pilot.press("enter")
            await settle(pilot)
            titles = {c.title for lst in board(app).lists for c in lst.cards}
            assert titles == expected, needle
        await pilot.press("x")
        await settle(pilot)
        it = demo_services.board.current_iteration()
        on_board = demo_services.board.board_cards(it.id)  # the iteration and the backlog
        assert sum(len(lst.cards) for lst in board(app).lists) == len(on_board)


async def test_filter_by_priority_and_assignee(demo_services: Services) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        dialog = app.screen
        assert isinstance(dialog, FilterDialog)
        dialog.query_one("#priority", Select).value = "P1"
        dialog.query_one("#assignee", Select).value = "Priya Nair"
        await pilot.click("#apply")
        await settle(pilot)
        shown = {c.id for lst in board(app).lists for c in lst.cards}
        expected = {
            c.id
            for c in demo_services.board.cards()
            if c.priority == "P1" and c.assignee == "Priya Nair"
        }
        assert shown == expected and expected


async def test_delete_asks_first(demo_services: Services) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        card = board(app).current_card
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert demo_services.board.card(card.id).title == card.title
        await pilot.press("d")
        await pilot.press("y")
        await settle(pilot)
        # A card of the iteration under way: its scope changes, so it asks why (escape: kept).
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert demo_services.board.card(card.id).title == card.title
        await pilot.press("d", "y")
        await settle(pilot)
        await pilot.press(*"duplicate of #3", "enter")
        await settle(pilot)
        assert card.id not in {c.id for c in demo_services.board.cards("all")}
        scope = demo_services.board.iteration(card.iteration_id).scope[-1]
        assert (scope["card"], scope["change"], scope["reason"]) == (
            card.id,
            "removed",
            "duplicate of #3",
        )
        assert card.id not in shown_ids(app, Column.TODO)
        assert board(app).current_card is not None  # the cursor stays in the column


async def test_mark_blocked_with_a_reason_and_unblock(demo_services: Services) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        card = board(app).current_card
        await pilot.press("b")
        prompt = app.screen
        await pilot.press("enter")  # no reason: refused, the dialog stays
        assert app.screen is prompt
        prompt.query_one(Input).value = "Waiting for DBA access"
        await pilot.press("enter")
        await settle(pilot)
        stored = demo_services.board.card(card.id)
        assert stored.blocked and stored.blocked_reason == "Waiting for DBA access"
        assert "⛔" in screen_text(app)
        await pilot.press("b")
        await settle(pilot)
        assert not demo_services.board.card(card.id).blocked


async def test_enter_opens_the_card_with_who_and_when(demo_services: Services) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        card = board(app).current_card
        await pilot.press("enter")
        assert isinstance(app.screen, CardDetail)
        text = screen_text(app)
        assert f"#{card.id}" in text and card.title in text and "Created" in text
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, CardForm)
        await pilot.press("escape")


async def test_titles_that_look_like_markup_or_control_render_literally(
    demo_services: Services,
) -> None:
    board_repo = demo_services.board
    board_repo.add_card("[red]x[/] \x1b[31mred\x07 done\rX", column="todo", priority="P0")
    board_repo.add_card("[@click=app.quit]quit[/]", column="todo", priority="P0")
    board_repo.add_card("[b]bold", column="todo", priority="P0", assignee="王芳")
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "[red]x[/]" in text
        assert "[@click=app.quit]" in text
        assert "[b]bold" in text
        for strip in screen_strips(app):
            for seg in strip:
                assert "\x1b" not in seg.text and "\x07" not in seg.text and "\r" not in seg.text
        await pilot.click("#col-todo")  # clicking a card must not quit the app
        await settle(pilot)
        assert app.is_running


async def test_80x24_shows_every_column_header(demo_services: Services) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for col in BOARD_COLUMNS:  # Other shows only while it holds cards
            assert col.label in text, col
        await pilot.press("l", "l", "l", "l", "shift+left", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_help_lists_every_key(demo_services: Services) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        text = screen_text(app)
        for needle in ("Move the card to the next column", "Delete the card", "Only my cards"):
            assert needle in text
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)
        # the command palette offers the board's commands
        await pilot.press("ctrl+p")
        await pilot.press(*"close iteration")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CloseIterationDialog)


async def test_read_only_board_has_a_banner_and_refuses_changes(
    demo_services: Services,
) -> None:
    reason = "Read-only: you cannot write /srv/team.json (ask for group write access)."
    ro = Services(
        demo_services.store, demo_services.clock, "maya", read_only=True, read_only_reason=reason
    )
    app = RitualApp(ro, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        assert "ritual" in lines[0] and reason in lines[1]  # under the header, not over it
        card = board(app).current_card
        for key in ("n", "e", "d", "b", "shift+right", "i", "c"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, BoardScreen), key
        assert ro.board.card(card.id) == card


async def test_close_iteration_moves_unfinished_to_the_next(demo_services: Services) -> None:
    app = RitualApp(demo_services, mode="board")
    unfinished = [c.id for c in demo_services.board.cards() if c.column is not Column.DONE]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        dialog = app.screen
        assert isinstance(dialog, CloseIterationDialog)
        await pilot.click("#close")
        await settle(pilot)
        current = demo_services.board.current_iteration()
        assert current.name == "Sprint 15"
        assert sorted(c.id for c in demo_services.board.cards()) == sorted(unfinished)
        assert "Sprint 15" in screen_text(app)
        # plan the one after; it stays planned while Sprint 15 is current
        await pilot.press("i")
        form = app.screen
        assert isinstance(form, IterationForm)
        assert form.query_one("#name", Input).value == "Sprint 16"
        form.query_one("#goal", Input).value = "Ship it"
        await pilot.click("#save")
        await settle(pilot)
        planned = demo_services.board.next_iteration()
        assert (planned.name, planned.goal, planned.state) == ("Sprint 16", "Ship it", "planned")


async def test_saving_a_card_someone_deleted_meanwhile_keeps_the_form_and_says_why(
    demo_services: Services, db_path, clock
) -> None:
    app = RitualApp(demo_services, mode="board")
    other = BoardRepo(Store(db_path, "jonas", clock).open())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        card = board(app).current_card
        await pilot.press("e")
        form = app.screen
        form.query_one("#title", Input).value = "Too late"
        other.delete_card(card.id)
        app._watcher.check()
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # the text is not lost with the card
        assert form.query_one("#title", Input).value == "Too late"
        assert "does not exist" in str(form.query_one("#error").render())
        assert card.id not in {c.id for c in demo_services.board.cards("all")}


async def test_without_an_iteration_the_board_is_the_product_backlog(services: Services) -> None:
    services.board.add_card("An idea")
    app = RitualApp(services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "No current iteration" in screen_text(app)
        assert board(app).focused is column(app, Column.BACKLOG)
        await pilot.press("n")
        await pilot.press(*"Another idea", "ctrl+s")
        await settle(pilot)
        stored = {c.title: c for c in services.board.cards(None)}
        assert stored["Another idea"].column is Column.BACKLOG
        await pilot.press("i")
        form = app.screen
        assert isinstance(form, IterationForm)
        assert form.query_one("#start", Input).value == "2026-11-26"  # the team's today
        await pilot.click("#save")
        await settle(pilot)
        assert services.board.current_iteration().name == "Iteration 1"
        assert "Iteration 1" in screen_text(app)


async def test_the_cursor_follows_a_new_card_the_watcher_showed_first(
    demo_services: Services,
) -> None:
    """The watcher may repaint our own write before the stored answer names the card to
    follow; the cursor must still go to it."""
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = board(app)
        card = demo_services.board.add_card("Shown by the watcher", column="review")
        app._watcher.check()
        await settle(pilot)  # the board already shows the card; the cursor is elsewhere
        assert screen.current_card.id != card.id
        screen._after_add(card)  # what the new-card flow does once its form says stored
        screen.reload()
        await pilot.pause()
        assert screen.current_card.id == card.id


async def test_escape_clears_a_filter_before_going_home_and_lists_do_not_wrap(
    demo_services: Services,
) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = board(app)
        await pilot.press("m")  # only my cards: a filter
        await settle(pilot)
        assert screen.card_filter.active
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.card_filter.active and app.current_mode == "board"
        lst = screen.current_list
        for _ in range(lst.option_count + 2):
            await pilot.press("j")
        assert lst.highlighted == len(lst.cards) - 1  # stops at the last card
        await pilot.press("j")
        assert lst.highlighted == len(lst.cards) - 1
        await pilot.press("escape")
        await settle(pilot)
        assert app.current_mode == "home"


async def test_cards_show_the_blocked_reason_due_date_and_labels(demo_services: Services) -> None:
    card = demo_services.board.add_card("Ship", column="todo", priority="P0", labels=["api"])
    demo_services.board.edit_card(card, due="2026-12-24")
    demo_services.board.set_blocked(card.id, True, "legal")
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "⛔ legal" in text and "due 12-24" in text and "#api" in text


async def test_ctrl_z_undoes_my_last_move_and_is_refused_after_a_teammate(
    demo_services: Services, db_path: Path
) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = board(app)
        card = screen.current_card
        await pilot.press("shift+right")
        await settle(pilot)
        assert demo_services.board.card(card.id).column is Column.DOING
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert demo_services.board.card(card.id).column is Column.TODO
        await pilot.press("shift+right")
        await settle(pilot)
        BoardRepo(Store(db_path, "jonas", demo_services.clock).open()).move_card(card.id, "review")
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert demo_services.board.card(card.id).column is Column.REVIEW  # not undone


async def test_members_added_edited_and_deactivated_in_the_app(demo_services: Services) -> None:
    from screens.board.members import MemberForm, MembersScreen

    team = demo_services.team
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, MemberForm)
        form.query_one("#name", Input).value = "Tomás Ortega"  # taken: refused, text kept
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and form.query_one("#name", Input).value == "Tomás Ortega"
        assert "already taken" in str(form.query_one("#error").render())
        form.query_one("#name", Input).value = "Lena"
        form.query_one("#role", Input).value = "Designer"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [m.role for m in team.members() if m.name == "Lena"] == ["Designer"]
        screen = app.screen
        assert isinstance(screen, MembersScreen)
        screen.query_one("#members").highlighted = [m.name for m in screen.members].index("Lena")
        await pilot.press("e")
        app.screen.query_one("#name", Input).value = "Lena K"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Lena K" in [m.name for m in team.members()]
        screen.query_one("#members").highlighted = [m.name for m in screen.members].index("Lena K")
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert "Lena K" not in [m.name for m in team.members()]
        assert "Lena K" in [m.name for m in team.members(include_inactive=True)]

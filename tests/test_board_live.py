"""The board is live: other processes' changes show within a poll, the cursor stays put."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from board_helpers import board, screen_text
from helpers.pilot import settle

from ritual.iteration import Column
from screens.app import RitualApp
from screens.services import Services
from storage.board_repo import BoardRepo
from storage.store import Store


def ritual(db: Path, user: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ritual", "--db", str(db), "--user", user, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def test_a_card_added_from_the_cli_shows_and_the_cursor_stays(
    demo_services: Services, db_path: Path
) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        screen = board(app)
        on_card = screen.current_card.id
        index_before = screen.current_list.highlighted
        proc = ritual(db_path, "jonas", "card", "add", "Hotfix from CLI", "--priority", "P0")
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        new_id = int(out)
        app._watcher.check()
        await settle(pilot)
        todo = screen.column_list(Column.TODO)
        assert new_id in [c.id for c in todo.cards]
        assert "Hotfix from CLI" in screen_text(app)
        # the new P0 card sorts above: the cursor moved down one row to stay on its card
        assert screen.current_card.id == on_card
        assert todo.highlighted == index_before + 1
        assert screen.focused is todo


async def test_a_move_from_another_process_shows_and_an_open_form_keeps_its_text(
    demo_services: Services, db_path: Path
) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = board(app)
        other = screen.column_list(Column.TODO).cards[-1]
        await pilot.press("n", "enter")  # the sprint is under way: no reason given
        await settle(pilot)
        form = app.screen
        form.query_one("#title").value = "Typed while Jonas moves a card"
        proc = ritual(db_path, "jonas", "card", "move", str(other.id), "doing")
        assert proc.wait(timeout=60) == 0
        app._watcher.check()
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#title").value == "Typed while Jonas moves a card"
        assert other.id in [c.id for c in screen.column_list(Column.DOING).cards]
        assert other.id not in [c.id for c in screen.column_list(Column.TODO).cards]


def test_two_people_moving_one_card_at_once_see_the_same_result(
    demo_services: Services, db_path: Path, clock
) -> None:
    """Two processes move card 13 at the same moment while a third renames card 14: the card
    ends in one of the two columns, both readers agree, and the rename is not lost."""
    card = BoardRepo(demo_services.store).cards(column=Column.TODO)[0]
    bystander = BoardRepo(demo_services.store).cards(column=Column.DOING)[0]
    for round_ in range(3):
        procs = [
            ritual(db_path, "ann", "card", "move", str(card.id), "doing"),
            ritual(db_path, "bob", "card", "move", str(card.id), "review"),
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "import sys; from storage.store import Store; "
                    "from storage.board_repo import BoardRepo; "
                    "r = BoardRepo(Store(sys.argv[1], 'cy').open()); "
                    "c = r.card(int(sys.argv[2])); "
                    "r.edit_card(c, description=f'round {sys.argv[3]}')",
                    str(db_path),
                    str(bystander.id),
                    str(round_),
                ]
            ),
        ]
        assert [p.wait(timeout=60) for p in procs] == [0, 0, 0]
        ann = BoardRepo(Store(db_path, "ann", clock).open()).card(card.id)
        bob = BoardRepo(Store(db_path, "bob", clock).open()).card(card.id)
        assert ann == bob
        assert ann.column in (Column.DOING, Column.REVIEW)
        assert ann.updated_by in ("ann", "bob")
        kept = BoardRepo(Store(db_path, "x", clock).open()).card(bystander.id)
        assert kept.description == f"round {round_}"
        assert (kept.title, kept.column) == (bystander.title, bystander.column)


async def test_a_change_above_keeps_the_highlighted_card_on_its_screen_row(
    demo_services: Services, db_path: Path, clock
) -> None:
    other = BoardRepo(Store(db_path, "jonas", clock).open())
    for n in range(40):
        other.add_card(f"Filler {n}", column="todo", priority="P3")
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = board(app)
        todo = screen.column_list(Column.TODO)
        for _ in range(25):
            await pilot.press("j")
        await settle(pilot)
        on_card = screen.current_card.id
        row = todo._index_to_line[todo.highlighted] - todo.scroll_y
        assert todo.scroll_y > 0
        other.add_card("Urgent, sorts first", column="todo", priority="P0")
        app._watcher.check()
        await settle(pilot)
        assert screen.current_card.id == on_card
        assert todo._index_to_line[todo.highlighted] - todo.scroll_y == row


async def test_the_cursor_stays_in_its_column_when_another_process_moves_its_card(
    demo_services: Services, db_path: Path
) -> None:
    """Someone else's move never takes the cursor to another column (issue 14): it stays in
    its column, on the card that took the moved one's row."""
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = board(app)
        await pilot.press("j")
        card = screen.current_card
        below = screen.current_list.cards[screen.current_list.highlighted + 1]
        proc = ritual(db_path, "jonas", "card", "move", str(card.id), "review")
        assert proc.wait(timeout=60) == 0
        app._watcher.check()
        await settle(pilot)
        assert screen.focused is screen.column_list(Column.TODO)
        assert screen.current_card.id == below.id
        assert card.id in [c.id for c in screen.column_list(Column.REVIEW).cards]
        # our own move is followed
        await pilot.press("k")
        mine = screen.current_card
        await pilot.press("shift+right")
        await settle(pilot)
        assert screen.focused is screen.column_list(Column.DOING)
        assert screen.current_card.id == mine.id
        # and a card deleted elsewhere leaves the cursor in its column
        card = mine
        BoardRepo(demo_services.store).delete_card(card.id)
        app._watcher.check()
        await settle(pilot)
        assert screen.focused is screen.column_list(Column.DOING)
        assert screen.current_card is not None and screen.current_card.id != card.id

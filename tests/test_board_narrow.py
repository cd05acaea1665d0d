"""Titles on two lines when a board column is narrow (80x24): the second part of a long title
is on screen under the first, the list's line count follows, and nothing changes at widths
where the title fits."""

from __future__ import annotations

from board_helpers import board, screen_text
from helpers.pilot import settle
from rich.text import Text

from ritual.iteration import Card, Column
from screens.app import RitualApp
from screens.board.card_list import card_prompt, split_title, title_lines
from screens.services import Services

TITLE = "Reconcile refunded invoices nightly"


def test_a_long_title_splits_at_a_space_and_wide_characters_fit() -> None:
    card = Card(1, TITLE)
    assert title_lines(card, 40) == 1 and title_lines(card, 14) == 2
    assert card_prompt(card, 40).plain.splitlines()[1:] == [TITLE]
    assert card_prompt(card, 14).plain.splitlines()[1:] == [
        "Reconcile",
        "refunded invoices nightly",
    ]
    assert [t.plain for t in split_title(Text("支付回调重试失败"), 7)] == ["支付回", "调重试失败"]
    assert [t.plain for t in split_title(Text("Supercalifragilistic"), 5)] == [
        "Super",
        "califragilistic",
    ]


async def test_board_at_80x24_shows_a_long_titles_second_part(demo_services: Services) -> None:
    card = demo_services.board.add_card(TITLE, priority="P0")  # first in To do
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        todo = board(app).column_list(Column.TODO)
        idx = [c.id for c in todo.cards].index(card.id)
        width = todo.title_width
        assert 0 < width < len(TITLE)
        first, second = split_title(Text(TITLE), width)
        rows = screen_text(app).splitlines()
        at = next(i for i, row in enumerate(rows) if f"#{card.id} P0" in row)
        col = rows[at].index(f"#{card.id} P0")
        assert rows[at + 1][col:].startswith(first.plain)
        assert rows[at + 2][col:].startswith(second.plain[: width - 1])
        # The next card starts after the rule under the third line, and the cursor reaches it.
        assert todo._index_to_line[idx + 1] - todo._index_to_line[idx] == 4
        await pilot.press(*["j"] * (idx + 1))
        assert board(app).current_card.id == todo.cards[idx + 1].id
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(200, 40)) as pilot:  # wide enough: one line, as before
        await settle(pilot)
        todo = board(app).column_list(Column.TODO)
        assert todo.title_width > len(TITLE)
        idx = [c.id for c in todo.cards].index(card.id)
        assert todo._index_to_line[idx + 1] - todo._index_to_line[idx] == 3
        assert TITLE in screen_text(app)


async def test_every_footer_key_fits_80_columns(demo_services: Services) -> None:
    """At 80 columns the board's last key was cut to a lone "^": its keys are compact there
    (each one whole on screen), and at the usual spacing where they fit."""
    from textual.widgets import Footer

    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = board(app).query_one(Footer)
        assert footer.compact
        keys = list(footer.query("FooterKey"))
        assert any("Quit" in str(key.render()) for key in keys)
        assert all(key.region.right <= 80 for key in keys)
        assert "^q Quit" in screen_text(app).splitlines()[-1]
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert not board(app).query_one(Footer).compact

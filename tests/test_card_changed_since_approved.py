"""A card made from an approved requirement says when the requirement changed after the
approval: derived from the card's link to the item (source_key), never a copy of its state."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.cli import ritual
from helpers.pilot import settle
from textual.widgets import Static

from ritual.iteration import Card
from screens.app import RitualApp
from screens.board.card_detail import CardDetail
from screens.board.card_list import CardList
from screens.services import Services
from storage.review_repo import ReviewRepo


@pytest.fixture
def approved(services: Services) -> tuple[ReviewRepo, Card]:
    """Review 1 with two items; the second approved and made into a backlog card."""
    repo = ReviewRepo(services.store)
    review = repo.create_review("Checkout", "today 10:00")
    repo.add_item(review.id, "Dark mode")
    item = repo.add_item(review.id, "Pay by link", acceptance="Link expires after 7 days.")
    repo.decide(repo.item(item.id), "approved")
    (card,) = repo.cards_from_approved(review.id)
    return repo, card


def change_acceptance(repo: ReviewRepo, card: Card) -> None:
    item = next(i for i in repo.items(1) if i.title == "Pay by link")
    repo.edit_item(item, acceptance="Link expires after 3 days.")


def test_the_flag_follows_the_item(approved: tuple[ReviewRepo, Card]) -> None:
    repo, card = approved
    assert card.source_key and repo.source_changed(card.source_key) is None
    assert repo.changed_source_keys() == set()
    change_acceptance(repo, card)
    item = repo.source_changed(card.source_key)
    assert item is not None and item.title == "Pay by link"
    assert repo.agenda_number(item) == 2
    assert repo.changed_source_keys() == {card.source_key}
    # changed back to the approved text: no longer changed, nothing to clear by hand
    repo.edit_item(repo.item(item.id), acceptance="Link expires after 7 days.")
    assert repo.source_changed(card.source_key) is None


@pytest.mark.parametrize(
    "key", ["", "review:1:item:x", "standup:2026-11-26:blocker:1", "review:9:item:2", "review:1"]
)
def test_other_sources_are_never_flagged(approved: tuple[ReviewRepo, Card], key: str) -> None:
    repo, card = approved
    change_acceptance(repo, card)
    assert repo.source_changed(key) is None  # review 9 has no item 2: not this item's card


def test_card_show_says_so(approved: tuple[ReviewRepo, Card], db_path: Path) -> None:
    repo, card = approved
    before = ritual(db_path, "card", "show", str(card.id))
    assert before.returncode == 0 and "changed since approved" not in before.stdout
    change_acceptance(repo, card)
    after = ritual(db_path, "card", "show", str(card.id))
    assert "changed since approved: ritual review diff 1 2" in after.stdout
    as_json = ritual(db_path, "card", "show", str(card.id), "--json")
    assert '"changed_since_approved":true' in as_json.stdout.replace(" ", "")
    diff = ritual(db_path, "review", "diff", "1", "2")  # the command it names works
    assert diff.returncode == 0 and "3 days" in diff.stdout


async def test_detail_and_board_card_show_the_flag(
    approved: tuple[ReviewRepo, Card], services: Services
) -> None:
    repo, card = approved
    board = services.board
    it = board.start_iteration("Sprint 1", "2026-11-23", "2026-12-04")
    board.plan_card(card.id, it.id)
    app = RitualApp(services, mode="board")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lst = next(lst for lst in app.screen.query(CardList) if lst.cards)
        assert "Δ" not in str(lst.get_option_at_index(0).prompt.visualize())
        change_acceptance(repo, card)
        app._watcher.check()
        await settle(pilot)
        head = str(lst.get_option_at_index(0).prompt.visualize()).splitlines()[0]
        assert head.startswith(f"#{card.id}") and "Δ" in head
        app.push_screen(CardDetail(services, board.card(card.id)))
        await settle(pilot)
        text = str(app.screen.query_one("#card-text", Static).content)
        assert "Δ Changed since approved" in text and "ritual review diff 1 2" in text

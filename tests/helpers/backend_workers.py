"""Work done by other processes in the contract tests, on either backend (a path or a URL)."""

from __future__ import annotations

from typing import Any

from storage.backend import open_backend
from storage.board_repo import CARDS, BoardRepo


def add_cards(location: str, user: str | None, who: str, count: int, out: Any, go: Any) -> None:
    store = open_backend(location, user)
    store.lock_timeout = 60  # type: ignore[attr-defined]
    repo = BoardRepo(store)  # type: ignore[arg-type]
    go.wait()
    ids = [repo.add_card(f"{who}-{k}", iteration_id=None).id for k in range(count)]
    out.put((who, ids))


def set_own_field(
    location: str, user: str | None, who: str, card_ids: list[int], rounds: int, go: Any
) -> None:
    """Every round, set this worker's own field on every card: a lost update shows as a field
    that does not hold the last round's value at the end."""
    store = open_backend(location, user)
    store.lock_timeout = 60  # type: ignore[attr-defined]
    go.wait()
    for r in range(rounds):
        for card_id in card_ids:
            with store.transaction() as tx:
                tx.patch(CARDS, card_id, {f"field_{who}": r})

"""Work done by other processes in the review tests: each function runs in its own process."""

from __future__ import annotations

from typing import Any

from ritual.clock import ManualClock
from storage.review_repo import ReviewRepo
from storage.store import Store


def edit_notes(path: str, who: str, item_id: int, lines: list[str], barrier: Any) -> None:
    """Read the item's notes, wait until the other process has read them too, then save them
    with ``lines`` added below: both edits start from the same text."""
    repo = ReviewRepo(Store(path, who, ManualClock("2026-11-26T09:00:00Z")).open())
    seen = repo.item(item_id)
    barrier.wait(timeout=30)
    repo.save_notes(seen, "\n".join([seen.notes, *lines]))


def replace_line(path: str, who: str, item_id: int, old: str, new: str, barrier: Any) -> None:
    """Read the item's notes, wait for the other process, then change one line of them."""
    repo = ReviewRepo(Store(path, who, ManualClock("2026-11-26T09:00:00Z")).open())
    seen = repo.item(item_id)
    barrier.wait(timeout=30)
    repo.save_notes(seen, seen.notes.replace(old, new))

"""Work done by other processes in the storage tests: each function runs in its own process.

They report what the store acknowledged by appending lines to an "ack" file with ``os.write``
right after each transaction returns, so the lines survive a SIGKILL a moment later.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from ritual.iteration import Column
from storage.board_repo import CARDS, BoardRepo
from storage.lock import exclusive_lock
from storage.store import Store


class Acks:
    """An append-only log of acknowledged changes, one line each, unbuffered."""

    def __init__(self, path: str | Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def __call__(self, line: str) -> None:
        os.write(self._fd, (line + "\n").encode())


def read_acks(path: str | Path) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except FileNotFoundError:
        return []


def add_cards(path: str, who: str, count: int, ack_path: str, go: Any) -> None:
    """Add ``count`` cards titled ``who-k`` as fast as the store allows."""
    repo = BoardRepo(Store(path, who, lock_timeout=30).open(create=True))
    ack = Acks(ack_path)
    go.wait()
    for k in range(count):
        card = repo.add_card(f"{who}-{k}")
        ack(f"{card.id} {card.title}")


COLUMN_CYCLE = [Column.TODO, Column.DOING, Column.REVIEW, Column.DONE]


def edit_cards(path: str, who: int, card_ids: list[int], rounds: int, ack_path: str, go: Any):
    """Every round: set this worker's own field on every card, and move the cards it owns
    (``id % 4 == who``) one column on. Logs ``card field value`` per acknowledged change."""
    store = Store(path, f"p{who}", lock_timeout=30).open(create=True)
    repo = BoardRepo(store)
    ack = Acks(ack_path)
    go.wait()
    for r in range(rounds):
        for card_id in card_ids:
            with store.transaction() as tx:
                tx.patch(CARDS, card_id, {f"note_{who}": f"r{r}"})
            ack(f"{card_id} note_{who} r{r}")
            if card_id % 4 == who:
                column = COLUMN_CYCLE[r % len(COLUMN_CYCLE)]
                repo.move_card(card_id, column)
                ack(f"{card_id} column {column.value}")


def write_until_killed(path: str, tag: str, ack_path: str, ready: Any) -> None:
    """Insert a card and change card 1, over and over, until the parent kills us."""
    store = Store(path, tag, lock_timeout=30).open(create=True)
    ack = Acks(ack_path)
    ready.set()
    n = 0
    while True:
        title = f"{tag}-{n}"
        with store.transaction() as tx:
            tx.insert(CARDS, {"title": title, "column": "todo"})
            tx.patch(CARDS, 1, {"last": title})
        ack(title)
        n += 1


def hold_lock(path: str, seconds: float, ready: Any) -> None:
    with exclusive_lock(Path(path), timeout=5):
        ready.set()
        time.sleep(seconds)


def edit_text_from(path: str, who: str, card_id: int, text: str, seen: Any, go: Any, out: Any):
    """Read the card, wait until the other editor has read it too, then change its title:
    two stale copies of one record, in two processes."""
    repo = BoardRepo(Store(path, who, lock_timeout=30).open(create=True))
    before = repo.card(card_id)
    seen.wait()
    go.wait()
    edit = repo.edit_card(before, title=text)
    out.put((who, [c.text for c in edit.conflicts]))


def write_one(path: str, who: str, title: str) -> None:
    """One ordinary change, from another process."""
    BoardRepo(Store(path, who).open(create=True)).add_card(title)


def stop_inside_transaction(path: str, ack_path: str) -> None:
    """Add a card, and stop (as ctrl+z or a closed lid would) while holding the lock, after
    the file was read and before it is written. Acks the card once the write returns."""
    store = Store(path, "holder", lock_timeout=30).open()
    ack = Acks(ack_path)
    with store.transaction() as tx:
        tx.insert(CARDS, {"title": "held", "column": "todo"})
        os.kill(os.getpid(), signal.SIGSTOP)
    ack("held")


def add_acked(path: str, title: str, ack_path: str) -> None:
    """Say we are about to write, add one card (waiting up to 30 s for the lock), ack it."""
    ack = Acks(ack_path)
    ack(f"trying {title}")
    BoardRepo(Store(path, title, lock_timeout=30).open()).add_card(title)
    ack(title)


def main(argv: list[str]) -> None:
    """``python store_workers.py write-one PATH TITLE [UMASK]``: one change from a fresh
    process, optionally under a given umask (octal)."""
    if argv[0] == "write-one":
        if len(argv) > 3:
            os.umask(int(argv[3], 8))
        write_one(argv[1], "other", argv[2])
    elif argv[0] == "stop-inside":
        stop_inside_transaction(argv[1], argv[2])
    elif argv[0] == "add-acked":
        add_acked(argv[1], argv[2], argv[3])
    elif argv[0] == "patch":
        store = Store(argv[1], "other").open(create=True)
        with store.transaction() as tx:
            tx.patch(CARDS, int(argv[2]), {argv[3]: argv[4]})


if __name__ == "__main__":
    main(sys.argv[1:])

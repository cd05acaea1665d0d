"""What keeps the store fast at 50,000 cards holds without changing what readers see:
groupings by field follow every change, parsed records are out of the collector's sight,
stored instants parse as pendulum read them."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import orjson
import pendulum
import pytest

from ritual.clock import ManualClock, parse_iso
from storage.store import Store

ADD = """
import sys
from storage.store import Store
store = Store(sys.argv[1], "bob").open()
with store.transaction() as tx:
    tx.insert("items", {"review_id": int(sys.argv[2]), "title": "from bob"})
"""


def titles(docs: list[dict]) -> list[str]:
    return [d["title"] for d in docs]


def test_find_by_matches_a_scan_and_follows_every_change(store: Store, db_path: Path) -> None:
    with store.transaction() as tx:
        for n in range(9):
            tx.insert("items", {"review_id": n % 3, "title": f"t{n}"})
        tx.insert("items", {"review_id": [1], "title": "hand-edited"})
    for parent in (0, 1, 2, 7):
        scan = store.find("items", lambda d, p=parent: d.get("review_id") == p)
        assert store.find_by("items", "review_id", parent) == scan
    assert titles(store.find_by("items", "review_id", 1)) == ["t1", "t4", "t7"]

    with store.transaction() as tx:  # our own write
        tx.patch("items", 1, {"review_id": 2})
    assert titles(store.find_by("items", "review_id", 0)) == ["t3", "t6"]

    subprocess.run([sys.executable, "-c", ADD, str(db_path), "0"], check=True)  # another's
    assert titles(store.find_by("items", "review_id", 0)) == ["t3", "t6", "from bob"]

    with pytest.raises(RuntimeError), store.transaction() as tx:  # a write given up
        tx.insert("items", {"review_id": 0, "title": "never stored"})
        raise RuntimeError("cancelled")
    assert titles(store.find_by("items", "review_id", 0)) == ["t3", "t6", "from bob"]


def test_find_by_hands_out_copies(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert("items", {"review_id": 1, "title": "t", "tags": ["a"]})
    store.find_by("items", "review_id", 1)[0]["tags"].append("changed")
    assert store.find_by("items", "review_id", 1)[0]["tags"] == ["a"]


def test_parsed_records_are_frozen_out_of_the_collectors_walks(
    db_path: Path, clock: ManualClock
) -> None:
    writer = Store(db_path, "alice", clock).open(create=True)
    with writer.transaction() as tx:
        for n in range(2_000):
            tx.insert("cards", {"title": f"card {n}", "labels": ["x"]})
    gc.unfreeze()
    try:
        Store(db_path, "bob", clock).open()
        # 2,000 documents and their label lists, at least, now sit in the permanent generation
        assert gc.get_freeze_count() >= 4_000
    finally:
        gc.unfreeze()
    assert gc.isenabled()  # the collector's state is restored


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-26T09:00:05.123456+00:00",
        "2026-11-26T09:00:05Z",
        "2026-11-26T10:00:05+01:00",
        "2026-11-26T09:00:05",
        "2026-11-26",
        "20261126T090005Z",
        "2026-03-29T02:30:00+02:00",
    ],
)
def test_stored_instants_read_as_pendulum_reads_them(text: str) -> None:
    ours, theirs = parse_iso(text), pendulum.parse(text).in_timezone("UTC")
    assert ours == theirs and isinstance(ours, pendulum.DateTime)
    assert ours.timezone_name == "UTC" and ours.isoformat() == theirs.isoformat()


def test_an_unreadable_instant_is_still_refused() -> None:
    with pytest.raises(ValueError):
        parse_iso("next tuesday")


def test_a_new_card_leaves_its_defaults_out_and_reads_back_whole(store: Store) -> None:
    """At 50,000 cards the file is 25 % smaller when a card's empty fields are left out; a
    reader fills them in, so the card read is the card a full document makes."""
    from ritual.iteration import Card, Column
    from storage.board_repo import BoardRepo
    from storage.mapping import to_doc, to_obj

    repo = BoardRepo(store)
    card = repo.add_card("Small", iteration_id=None, labels=["ui"])
    stored = store.get("cards", card.id)
    assert stored is not None
    for name in ("blocked", "due", "links", "comments", "rank", "blocked_since", "source"):
        assert name not in stored
    assert stored["title"] == "Small" and stored["column"] == "backlog"
    assert stored["labels"] == ["ui"]
    full = {**stored, **to_doc(card)}  # every field, as an older ritual wrote it
    assert to_obj(Card, stored) == to_obj(Card, full) == card
    assert repo.card(card.id) == card
    assert [c.id for c in repo.cards(None, Column.BACKLOG)] == [card.id]
    assert len(orjson.dumps(stored)) < 0.7 * len(orjson.dumps(full))


def test_a_default_written_over_a_left_out_field_changes_nothing(store: Store) -> None:
    from storage.board_repo import BoardRepo

    repo = BoardRepo(store)
    card = repo.add_card("Quiet", iteration_id=None)
    rev = store.get("cards", card.id)["rev"]
    same = repo.edit_card(card, blocked=False, due="", description="", labels=[])
    assert store.get("cards", card.id)["rev"] == rev and same.card == card
    edited = repo.edit_card(card, title="Loud", description="")
    stored = store.get("cards", card.id)
    assert stored["rev"] == rev + 1 and stored["title"] == "Loud"
    assert "description" not in stored and edited.card.description == ""


def test_a_teammates_text_over_a_left_out_field_is_still_kept_as_a_conflict(
    store: Store, db_path: Path, clock: ManualClock
) -> None:
    from storage.board_repo import BoardRepo

    mine = BoardRepo(store)
    card = mine.add_card("Shared", iteration_id=None)
    theirs = BoardRepo(Store(db_path, "bob", clock).open())
    theirs.edit_card(theirs.card(card.id), description="Bob's notes")
    result = mine.edit_card(card, description="My notes")
    assert [(c.field, c.text, c.by) for c in result.conflicts] == [
        ("description", "Bob's notes", "bob")
    ]

"""An open store drops the copy of the file it had as soon as it parsed a newer one (issue 17:
an app's memory doubled after the first outside change); what it gives back to the system is
measured by ``python benchmarks/scale.py --only memory``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ritual.clock import ManualClock
from storage.memory import release_freed_memory
from storage.store import Store

ADD = """
import sys
from storage.store import Store
store = Store(sys.argv[1], "bob").open()
with store.transaction() as tx:
    tx.insert("items", {"review_id": 1, "title": "from bob"})
"""


def test_the_copy_read_before_is_held_by_nothing_after_a_re_read(
    db_path: Path, clock: ManualClock
) -> None:
    writer = Store(db_path, "alice", clock).open(create=True)
    with writer.transaction() as tx:
        for n in range(50):
            tx.insert("items", {"review_id": n % 5, "title": f"t{n}"})
    store = Store(db_path, "carol", clock).open()
    store.read_memory_only()
    assert len(store.find_by("items", "review_id", 1)) == 10  # groupings built on the old copy
    old = store._storage.read()
    old_items = old["items"]
    subprocess.run([sys.executable, "-c", ADD, str(db_path)], check=True)
    assert store.refresh()
    assert store._storage.read() is not old
    # only this test's names refer to the old copy (getrefcount counts its own argument)
    assert sys.getrefcount(old) == 2
    del old
    assert sys.getrefcount(old_items) == 2
    assert len(store.find_by("items", "review_id", 1)) == 11


def test_releasing_memory_changes_nothing_a_reader_sees(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert("items", {"title": "kept"})
    release_freed_memory()
    release_freed_memory()
    assert [d["title"] for d in store.all("items")] == ["kept"]


def test_derived_values_keep_nothing_of_the_copy_they_were_made_from(
    db_path: Path, clock: ManualClock
) -> None:
    from storage.review_repo import ReviewRepo

    writer = ReviewRepo(Store(db_path, "alice", clock).open(create=True))
    review = writer.create_review("Kept apart", "2026-12-01 10:00")
    writer.add_item(review.id, "an item")
    store = Store(db_path, "carol", clock).open()
    store.read_memory_only()
    repo = ReviewRepo(store)
    assert repo.agenda_counts() == {review.id: (0, 1)}  # the listing, made on the old copy
    old = store._storage.read()
    old_reviews = old["reviews"]
    writer.add_item(review.id, "another")
    assert store.refresh()  # the listing is made again here, from the one before
    assert sys.getrefcount(old) == 2
    del old
    assert sys.getrefcount(old_reviews) == 2
    assert repo.agenda_counts() == {review.id: (0, 2)}

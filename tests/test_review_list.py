"""The review list reads every review's agenda counts in one pass and updates its rows in
place (issue 17: the list re-read every review's items, 105 ms per reload at 300 reviews)."""

from __future__ import annotations

import threading

import orjson
from helpers.pilot import settle
from textual.widgets import DataTable

from ritual.clock import ManualClock
from screens.app import RitualApp
from screens.review.screen import ReviewScreen
from screens.services import Services
from storage.review_repo import ReviewRepo
from storage.store import Store


def seed(services: Services) -> list[int]:
    repo = ReviewRepo(services.store)
    ids = []
    for n, size in enumerate((2, 3, 0), 1):
        review = repo.create_review(f"Review {n}", f"2026-12-0{n} 10:00")
        for k in range(size):
            repo.add_item(review.id, f"Item {n}.{k}")
        ids.append(review.id)
    return ids


def test_agenda_counts_match_each_reviews_items(services: Services) -> None:
    ids = seed(services)
    repo = ReviewRepo(services.store)
    first = repo.items(ids[0])[0]
    repo.decide(first, "approved")
    counts = repo.agenda_counts()
    for review_id in ids:
        items = repo.items(review_id)
        expected = (sum(1 for i in items if i.decision), len(items))
        assert counts.get(review_id, (0, 0)) == expected
    assert counts[ids[0]] == (1, 2) and ids[2] not in counts


def test_hand_edited_references_count_as_items_reads_them(
    services: Services, db_path, clock: ManualClock
) -> None:
    ids = seed(services)
    data = orjson.loads(db_path.read_bytes())
    item = next(d for d in data["review_items"].values() if d["review_id"] == ids[1])
    item["review_id"] = str(ids[1])  # a hand edit: "2" reads as review 2
    item["decision"] = ["approved"]  # not a decision this version can read
    db_path.write_bytes(orjson.dumps(data))
    repo = ReviewRepo(Store(db_path, "alice", clock).open())
    items = repo.items(ids[1])
    assert repo.agenda_counts()[ids[1]] == (sum(1 for i in items if i.decision), len(items))


async def test_the_list_updates_the_changed_row_in_place(
    services: Services, db_path, clock: ManualClock
) -> None:
    ids = seed(services)
    app = RitualApp(services, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        table = screen.query_one("#reviews", DataTable)
        await pilot.press("down")
        assert screen.selected().id == ids[1]
        rows_before = dict(table.rows)
        other = ReviewRepo(Store(db_path, "bob", clock).open())  # another person's app
        other.decide(other.items(ids[1])[0], "approved")
        other.update_review(ids[2], title="Renamed", when="2026-12-03 10:00")
        app._watcher.check()
        await settle(pilot)
        assert all(table.rows[k] is row for k, row in rows_before.items())  # not rebuilt
        assert str(table.get_cell(str(ids[1]), "items")) == "1/3"
        assert str(table.get_cell(str(ids[2]), "title")) == "Renamed"
        assert str(table.get_cell(str(ids[0]), "items")) == "0/2"
        assert screen.selected().id == ids[1]  # the cursor stayed
        # a new review rebuilds the list in its order
        other.create_review("Later", "2026-12-09 10:00")
        app._watcher.check()
        await settle(pilot)
        assert table.row_count == 4 and screen.selected().id == ids[1]


def counts_by_hand(repo: ReviewRepo) -> dict[int, tuple[int, int]]:
    out = {}
    for review in repo.reviews():
        items = repo.items(review.id)
        if items:
            out[review.id] = (sum(1 for i in items if i.decision), len(items))
    return out


def test_counts_follow_adds_removals_and_moves_between_reviews(services: Services) -> None:
    ids = seed(services)
    repo = ReviewRepo(services.store)
    assert repo.agenda_counts() == counts_by_hand(repo) == {ids[0]: (0, 2), ids[1]: (0, 3)}
    repo.add_item(ids[2], "First of the third")
    assert repo.agenda_counts()[ids[2]] == (0, 1)
    repo.delete_item(repo.items(ids[1])[0].id)
    assert repo.agenda_counts()[ids[1]] == (0, 2)
    moved = repo.items(ids[0])[0]
    repo.decide(moved, "approved")
    with services.store.transaction() as tx:  # an item moved to another review (a script)
        tx.patch("review_items", moved.id, {"review_id": ids[2]})
    assert repo.agenda_counts() == counts_by_hand(repo)
    assert repo.agenda_counts()[ids[0]] == (0, 1) and repo.agenda_counts()[ids[2]] == (1, 2)
    repo.delete_review(ids[2])
    assert ids[2] not in repo.agenda_counts()
    assert repo.agenda_counts() == counts_by_hand(repo)


def test_counts_follow_another_processes_change(
    services: Services, db_path, clock: ManualClock
) -> None:
    ids = seed(services)
    services.store.read_memory_only()  # as in the app
    repo = ReviewRepo(services.store)
    before = repo.agenda_counts()
    other = ReviewRepo(Store(db_path, "bob", clock).open())
    other.decide(other.items(ids[1])[0], "approved")
    other.add_item(ids[2], "Bob's")
    assert repo.agenda_counts() == before  # nothing re-read yet
    assert services.store.refresh()
    assert repo.agenda_counts() == counts_by_hand(repo)
    assert repo.agenda_counts()[ids[1]] == (1, 3) and repo.agenda_counts()[ids[2]] == (0, 1)


def test_a_listing_tells_which_reviews_changed_since_an_earlier_one(
    services: Services, db_path, clock: ManualClock
) -> None:
    ids = seed(services)
    repo = ReviewRepo(services.store)
    first = repo.review_listing()
    assert [r.id for r in first.reviews] == ids and first.counts[ids[0]] == (0, 2)
    assert repo.review_listing() is first and first.changed_since(first) == frozenset()

    repo.update_review(ids[0], "Renamed", "2026-12-01 10:00")
    second = repo.review_listing()
    assert second.changed_since(first) == {ids[0]}
    assert second.review(ids[1]) is first.review(ids[1])  # unchanged: the same object
    repo.add_item(ids[1], "One more")  # only the counts change
    third = repo.review_listing()
    assert third.changed_since(second) == {ids[1]}
    assert third.changed_since(first) == {ids[0], ids[1]}  # a listing skipped

    other = ReviewRepo(Store(db_path, "bob", clock).open())
    other.decide(other.items(ids[2] - 1)[0], "approved")
    services.store.refresh()
    assert repo.review_listing().changed_since(third) == {ids[1]}

    repo.update_review(ids[2], "Now first", "2026-11-30 10:00")  # the order changes
    assert repo.review_listing().changed_since(third) is None
    repo.create_review("Later", "2026-12-20 10:00")  # a review more
    assert repo.review_listing().changed_since(third) is None

    start = repo.review_listing()
    for n in range(20):  # more versions than a listing tells
        repo.update_review(ids[1], f"Take {n}", "2026-12-02 10:00")
    assert repo.review_listing().changed_since(start) is None


async def test_the_app_counts_items_in_its_watcher_s_worker_not_in_the_ui_thread(
    services: Services, db_path, clock: ManualClock, monkeypatch
) -> None:
    ids = seed(services)
    store = services.store
    app = RitualApp(services, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        counted_in: list[str] = []
        scan = store.scan

        def watched(table, fn):
            if table == "review_items":
                counted_in.append(threading.current_thread().name)
            return scan(table, fn)

        monkeypatch.setattr(store, "scan", watched)
        other = ReviewRepo(Store(db_path, "bob", clock).open())
        other.add_item(ids[2], "Bob's")
        app._watcher.check()
        await settle(pilot)
        table = screen.query_one("#reviews", DataTable)
        assert str(table.get_cell(str(ids[2]), "items")) == "0/1"
        assert len(counted_in) == 1 and counted_in[0] != threading.current_thread().name

"""The review list reads every review's agenda counts in one pass and updates its rows in
place (issue 17: the list re-read every review's items, 105 ms per reload at 300 reviews)."""

from __future__ import annotations

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

"""``ritual archive``: what is over moves to a file beside the team file, what later work reads
of it stays, and ``--restore`` brings back every record exactly as it was."""

from __future__ import annotations

from pathlib import Path

import orjson
from helpers.cli import ritual

from ritual.clock import ManualClock
from storage.archive import archive_path, archived_iterations
from storage.store import Store

OLD, NEW = "2025-03", "2026-11"


def ended_standup(date: str) -> dict:
    return {"date": date, "state": "ended", "ended_at": f"{date}T08:15:00+00:00", "speakers": []}


def seed(store: Store) -> dict[str, int]:
    """Two old closed iterations, a recent closed one and the current one; 14 ended
    stand-ups (12 old) with notes; old done reviews: one plain, one with an open action, one
    with a deferred item not carried yet, one whose deferred item was carried on."""
    ids: dict[str, int] = {}
    with store.transaction() as tx:
        tx.ensure("team", 1, {"name": "T", "timezone": "UTC"})
        for name, state, end in (
            ("S1", "closed", f"{OLD}-14"),
            ("S2", "closed", f"{OLD}-28"),
            ("S3", "closed", f"{NEW}-10"),
            ("S4", "current", f"{NEW}-24"),
        ):
            ids[name] = tx.insert("iterations", {"name": name, "state": state, "end": end})["id"]
        for n in range(30):
            sprint = ("S1", "S2", "S3", "S4")[n % 4]
            column = "done" if n % 3 else "backlog"
            card = {"title": f"c{n}", "column": column, "iteration_id": ids[sprint]}
            tx.insert("cards", dict(card, points=n % 5 or None))
        for day in range(1, 13):
            tx.insert("standups", ended_standup(f"{OLD}-{day:02d}"))
            tx.insert("standup_notes", {"date": f"{OLD}-{day:02d}", "member_id": 1, "done": "x"})
        for day in (2, 3):
            tx.insert("standups", ended_standup(f"{NEW}-{day:02d}"))
        tx.insert("standups", {"date": f"{NEW}-26", "state": "running", "speakers": []})

        def review(title: str, status: str = "done", when: str = f"{OLD}-05") -> int:
            rid = tx.insert("reviews", {"title": title, "status": status, "when": when})["id"]
            ids[title] = rid
            return rid

        plain = review("plain")
        tx.insert("review_items", {"review_id": plain, "title": "i", "decision": "approved"})
        tx.insert("review_actions", {"review_id": plain, "text": "done one", "done": True})
        followed = review("open action")
        tx.insert("review_items", {"review_id": followed, "title": "i", "decision": "approved"})
        tx.insert("review_actions", {"review_id": followed, "text": "still to do", "done": False})
        pending = review("to carry")
        tx.insert("review_items", {"review_id": pending, "title": "i", "decision": "deferred"})
        carried = review("carried")
        item = tx.insert(
            "review_items", {"review_id": carried, "title": "i", "decision": "deferred"}
        )
        later = review("later", status="planned", when=f"{NEW}-30")
        key = f"review:{carried}:item:{item['id']}"
        tx.insert("review_items", {"review_id": later, "title": "i", "carried_key": key})
    return ids


def tables(path: Path) -> dict:
    data = orjson.loads(path.read_bytes())
    meta = data.pop("meta")
    return {"tables": data, "next_id": meta["1"]["next_id"]}


def test_archive_then_restore_loses_nothing(
    store: Store, db_path: Path, clock: ManualClock
) -> None:
    ids = seed(store)
    before = tables(db_path)

    done = ritual(db_path, "archive", "--before", "2026-01-01")
    assert done.returncode == 0, done.stderr
    assert "2 iteration(s) with 16 card(s), 4 stand-up(s), 2 review(s)" in done.stdout

    left, shelf = tables(db_path)["tables"], tables(archive_path(db_path))["tables"]
    names = {it["name"] for it in left["iterations"].values()}
    assert names == {"S3", "S4"} and {it["name"] for it in shelf["iterations"].values()} == {
        "S1",
        "S2",
    }
    # the ten latest ended stand-ups stay for the averages, the running one too
    assert len(left["standups"]) == 11 and len(shelf["standups"]) == 4
    assert {n["date"] for n in shelf["standup_notes"].values()} == {
        f"{OLD}-{d:02d}" for d in range(1, 5)
    }
    kept_reviews = {r["title"] for r in left["reviews"].values()}
    assert kept_reviews == {"open action", "to carry", "later"}
    # every record is in exactly one of the two files, unchanged
    for table, docs in before["tables"].items():
        for key, doc in docs.items():
            here, there = left.get(table, {}).get(key), shelf.get(table, {}).get(key)
            assert (here is None) != (there is None), (table, key)
            assert (here or there) == doc

    summary = {row["name"]: row for row in archived_iterations(Store(db_path, "x").open())}
    s1_done = [
        c
        for c in before["tables"]["cards"].values()
        if c["iteration_id"] == ids["S1"] and c["column"] == "done"
    ]
    assert summary["S1"]["points_done"] == sum(c.get("points") or 0 for c in s1_done)
    assert summary["S1"]["cards_done"] == len(s1_done) and summary["S2"]["end"] == f"{OLD}-28"

    back = ritual(db_path, "archive", "--restore")
    assert back.returncode == 0, back.stderr
    assert "restored 2 iteration(s) with 16 card(s)" in back.stdout
    assert tables(db_path) == before
    assert archived_iterations(Store(db_path, "x").open()) == []
    assert all(not docs for docs in tables(archive_path(db_path))["tables"].values())


def test_a_new_id_after_archiving_never_reuses_an_archived_one(store: Store, db_path: Path) -> None:
    seed(store)
    highest = max(int(k) for k in tables(db_path)["tables"]["cards"])
    assert ritual(db_path, "archive", "--before", "2026-01-01").returncode == 0
    with Store(db_path, "x").open().transaction() as tx:
        assert tx.insert("cards", {"title": "new"})["id"] > highest
    assert ritual(db_path, "archive", "--restore").returncode == 0


def test_the_archive_is_a_ritual_file_with_the_team_files_mode(store: Store, db_path: Path) -> None:
    seed(store)
    db_path.chmod(0o660)
    assert ritual(db_path, "archive", "--before", "2026-01-01").returncode == 0
    shelf = archive_path(db_path)
    assert shelf.stat().st_mode & 0o777 == 0o660
    listed = ritual(shelf, "card", "list", "--json")
    assert listed.returncode == 0, listed.stderr


def test_nothing_to_archive_and_a_bad_date(store: Store, db_path: Path) -> None:
    seed(store)
    before = db_path.read_bytes()
    quiet = ritual(db_path, "archive", "--before", "2020-01-01")
    assert quiet.returncode == 0 and "nothing ended before 2020-01-01" in quiet.stdout
    bad = ritual(db_path, "archive", "--before", "last year")
    assert bad.returncode == 2 and bad.stderr.startswith("ritual: ")
    assert len(bad.stderr.splitlines()) == 1
    assert db_path.read_bytes() == before and not archive_path(db_path).exists()

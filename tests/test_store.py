"""The store in one process: transactions, ids, record fields, field-level patches, threads, and
seeing another process's writes."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import orjson
import pytest

from ritual.clock import ManualClock
from storage.board_repo import CARDS, BoardRepo
from storage.errors import NotFound
from storage.lock import lock_path_for
from storage.schema import SCHEMA_VERSION
from storage.store import Store

WORKER = Path(__file__).parent / "helpers" / "store_workers.py"


def other_process(*args: str) -> None:
    """One change made by a separate Python process."""
    subprocess.run([sys.executable, str(WORKER), *args], check=True, timeout=60)


def stored(path: Path) -> dict:
    return orjson.loads(path.read_bytes())


def test_making_and_opening_a_store_touches_nothing(tmp_path: Path, clock: ManualClock):
    db = tmp_path / "team.json"
    store = Store(db, "ann", clock).open(create=True)
    assert store.all(CARDS) == [] and store.is_empty()
    assert list(tmp_path.iterdir()) == []


def test_a_new_file_is_stamped_with_the_schema_even_by_a_singleton_write(
    tmp_path: Path, clock: ManualClock
):
    db = tmp_path / "team.json"
    store = Store(db, "ann", clock).open(create=True)
    with store.transaction() as tx:
        tx.ensure("team", 1, {"name": "Core"})
    assert stored(db)["meta"]["1"]["schema"] == SCHEMA_VERSION
    assert not list(tmp_path.glob("*.bak"))  # reopening does not mistake it for an old file
    Store(db, "bob", clock).open(create=True)
    assert not list(tmp_path.glob("*.bak"))


def test_a_transaction_that_changes_nothing_writes_nothing(store: Store, db_path: Path):
    with store.transaction() as tx:
        tx.all(CARDS)
    assert not db_path.exists()


def test_every_document_records_who_when_and_a_revision(store: Store, clock: ManualClock):
    with store.transaction() as tx:
        doc = tx.insert(CARDS, {"title": "Fix login", "column": "todo"})
    assert doc["rev"] == 1 and doc["created_by"] == doc["updated_by"] == "alice"
    assert doc["created_at"] == doc["updated_at"] == "2026-11-26T08:00:00+00:00"
    clock.advance(60)
    bob = Store(store.path, "bob", clock).open(create=True)
    with bob.transaction() as tx:
        result = tx.patch(CARDS, doc["id"], {"column": "doing"})
    assert result.doc["rev"] == 2 and result.doc["updated_by"] == "bob"
    assert result.doc["updated_at"] == "2026-11-26T08:01:00+00:00"
    assert result.doc["created_by"] == "alice"
    with bob.transaction() as tx:  # the same value again is no change: no new revision
        assert tx.patch(CARDS, doc["id"], {"column": "doing"}).doc["rev"] == 2
    assert store.get(CARDS, doc["id"])["column"] == "doing"


def test_ids_are_short_and_never_reused_even_after_delete_and_reopen(store: Store):
    with store.transaction() as tx:
        ids = [tx.insert(CARDS, {"title": str(n)})["id"] for n in range(3)]
        assert tx.delete(CARDS, ids[-1]) and not tx.delete(CARDS, ids[-1])
    assert ids == [1, 2, 3]
    again = Store(store.path, "bob").open(create=True)
    with again.transaction() as tx:
        assert tx.insert(CARDS, {"title": "next"})["id"] == 4
        assert tx.insert("members", {"name": "Ann"})["id"] == 1  # counted per table


def test_an_id_taken_by_a_singleton_is_skipped(store: Store):
    with store.transaction() as tx:
        tx.ensure(CARDS, 1, {"title": "fixed"})
        assert tx.ensure(CARDS, 1, {"title": "other"})["title"] == "fixed"
        assert tx.insert(CARDS, {"title": "new"})["id"] == 2


def test_a_failed_transaction_writes_nothing_and_forgets_its_half_change(
    store: Store, db_path: Path
):
    with store.transaction() as tx:
        card = tx.insert(CARDS, {"title": "kept"})
    before = db_path.read_bytes()
    with pytest.raises(KeyError), store.transaction() as tx:
        tx.patch(CARDS, card["id"], {"title": "half"})
        tx.insert(CARDS, {"title": "lost"})
        raise KeyError("the caller fails half-way")
    assert db_path.read_bytes() == before
    assert [d["title"] for d in store.all(CARDS)] == ["kept"]


def test_patching_a_missing_document_is_not_found(store: Store):
    with pytest.raises(NotFound, match="cards 7"), store.transaction() as tx:
        tx.patch(CARDS, 7, {"title": "x"})


def test_transactions_do_not_nest(store: Store):
    with store.transaction(), pytest.raises(RuntimeError), store.transaction():
        pass


def test_documents_handed_out_are_copies(store: Store):
    with store.transaction() as tx:
        card = tx.insert(CARDS, {"title": "t", "labels": ["a"]})
    store.get(CARDS, card["id"])["labels"].append("mutated")
    store.all(CARDS)[0]["labels"].append("mutated")
    assert store.get(CARDS, card["id"])["labels"] == ["a"]


def test_two_stale_copies_changing_different_fields_keep_both(db_path: Path, clock: ManualClock):
    ann, bob = (Store(db_path, who, clock).open(create=True) for who in ("ann", "bob"))
    card = BoardRepo(ann).add_card("Fix login")
    ann_view, bob_view = BoardRepo(ann).card(card.id), BoardRepo(bob).card(card.id)
    BoardRepo(ann).edit_card(ann_view, title="Fix login on Safari")
    edit = BoardRepo(bob).edit_card(bob_view, description="Steps: open Safari")
    assert edit.conflicts == []
    final = BoardRepo(ann).card(card.id)
    assert (final.title, final.description) == ("Fix login on Safari", "Steps: open Safari")
    assert final.rev == 3


def test_two_stale_copies_changing_one_text_keep_both_texts_and_tell_the_second(
    db_path: Path, clock: ManualClock
):
    ann, bob = (Store(db_path, who, clock).open(create=True) for who in ("ann", "bob"))
    card = BoardRepo(ann).add_card("Fix login")
    ann_view, bob_view = BoardRepo(ann).card(card.id), BoardRepo(bob).card(card.id)
    first = BoardRepo(ann).edit_card(ann_view, title="Ann's title")
    second = BoardRepo(bob).edit_card(bob_view, title="Bob's title")
    assert first.conflicts == []
    assert [(c.field, c.text, c.by) for c in second.conflicts] == [("title", "Ann's title", "ann")]
    final = BoardRepo(ann).card(card.id)
    assert final.title == "Bob's title"
    assert [(c["field"], c["text"]) for c in final.conflicts] == [("title", "Ann's title")]


def test_conflict_copies_are_all_kept_until_cleared(store: Store):
    with store.transaction() as tx:
        card = tx.insert(CARDS, {"title": "v0"})
    for n in range(1, 31):  # 30 editors who all started from "v0"
        with store.transaction() as tx:
            tx.patch(
                CARDS, card["id"], {"title": f"v{n}"}, base={"title": "v0"}, text_fields=["title"]
            )
    doc = store.get(CARDS, card["id"])
    assert {c["text"] for c in doc["conflicts"]} | {doc["title"]} == {f"v{n}" for n in range(1, 31)}
    with store.transaction() as tx:
        tx.clear_conflicts(CARDS, card["id"])
    assert store.get(CARDS, card["id"])["conflicts"] == []


def test_a_change_to_a_non_text_field_simply_wins(store: Store):
    with store.transaction() as tx:
        card = tx.insert(CARDS, {"title": "t", "column": "todo"})
        tx.patch(CARDS, card["id"], {"column": "doing"})
        result = tx.patch(
            CARDS, card["id"], {"column": "done"}, base={"column": "todo"}, text_fields=["title"]
        )
    assert result.conflicts == [] and result.doc["column"] == "done"


def test_meta_values_round_trip(store: Store):
    with store.transaction() as tx:
        tx.set_meta("standup_day", "2026-11-26")
    with store.transaction() as tx:
        assert tx.get_meta("standup_day") == "2026-11-26"
        assert tx.get_meta("missing", 5) == 5


def test_reset_empties_the_file_but_keeps_it_a_ritual_file(store: Store, db_path: Path):
    with store.transaction() as tx:
        tx.insert(CARDS, {"title": "t"})
    with store.transaction() as tx:
        tx.reset()
    assert stored(db_path) == {"meta": {"1": {"schema": SCHEMA_VERSION, "next_id": {}}}}
    assert store.is_empty()


def test_threads_of_one_process_sharing_a_store_are_safe(store: Store):
    errors: list[BaseException] = []

    def add(n: int) -> None:
        try:
            for k in range(50):
                with store.transaction() as tx:
                    tx.insert(CARDS, {"title": f"t{n}-{k}"})
                assert len(store.all(CARDS)) >= k + 1
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    docs = store.all(CARDS)
    assert len(docs) == 200 and len({d["id"] for d in docs}) == 200
    assert len(stored(store.path)[CARDS]) == 200


def test_reads_see_another_process_s_write_without_being_told(store: Store, db_path: Path):
    with store.transaction() as tx:
        card = tx.insert(CARDS, {"title": "aaaa"})
    assert store.get(CARDS, card["id"])["title"] == "aaaa"  # cached now
    # Same-size changes right after one another: the signature still changes every time.
    for title in ("bbbb", "cccc"):
        other_process("patch", str(db_path), str(card["id"]), "title", title)
        assert store.changed_on_disk()
        assert store.get(CARDS, card["id"])["title"] == title
        assert not store.changed_on_disk()
    other_process("write-one", str(db_path), "from elsewhere")
    assert [d["title"] for d in store.all(CARDS)] == ["cccc", "from elsewhere"]


def test_a_transaction_starts_from_another_process_s_latest_write(store: Store, db_path: Path):
    store.all(CARDS)
    other_process("write-one", str(db_path), "theirs")
    with store.transaction() as tx:  # our cached copy is stale: the lock re-reads first
        mine = tx.insert(CARDS, {"title": "mine"})
    titles = {d["title"]: d["id"] for d in Store(db_path, "x").open(create=True).all(CARDS)}
    assert titles == {"theirs": 1, "mine": 2} and mine["id"] == 2


def test_the_lock_file_sits_beside_the_team_file(store: Store, db_path: Path):
    with store.transaction() as tx:
        tx.insert(CARDS, {"title": "t"})
    assert lock_path_for(db_path).exists()


def test_reads_come_from_memory_and_parse_the_file_only_after_it_changed(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import storage.sharedfile

    parsed: list[int] = []
    real_parse = storage.sharedfile.parse
    monkeypatch.setattr(
        storage.sharedfile, "parse", lambda path, raw: parsed.append(1) or real_parse(path, raw)
    )
    with store.transaction() as tx:
        card = tx.insert(CARDS, {"title": "t"})
    for _ in range(20):
        store.get(CARDS, card["id"])
        store.all(CARDS)
    with store.transaction() as tx:  # our own write does not make us read the file back
        tx.patch(CARDS, card["id"], {"title": "u"})
    store.all(CARDS)
    assert parsed == []
    other_process("patch", str(db_path), str(card["id"]), "title", "v")
    assert [store.get(CARDS, card["id"])["title"] for _ in range(5)] == ["v"] * 5
    assert parsed == [1]


def test_tinydb_s_own_caches_are_forgotten_when_another_process_writes(store: Store, db_path: Path):
    from tinydb import Query

    with store.transaction() as tx:
        tx.insert(CARDS, {"title": "a"})
    table = store._db.table(CARDS)
    assert [d["title"] for d in table.search(Query().title.exists())] == ["a"]  # now cached
    other_process("write-one", str(db_path), "b")
    assert store.refresh()  # as the app does on a change; a transaction does it in the lock
    assert [d["title"] for d in table.search(Query().title.exists())] == ["a", "b"]
    other_process("write-one", str(db_path), "c")
    with store.transaction():
        assert len(table.search(Query().title.exists())) == 3


def test_a_tinydb_write_outside_a_transaction_is_refused_and_leaves_no_trace(store: Store):
    with store.transaction() as tx:
        tx.insert(CARDS, {"title": "kept"})
    with pytest.raises(RuntimeError, match="transaction"):
        store._db.table(CARDS).insert({"title": "sneaked in"})
    assert [d["title"] for d in store.all(CARDS)] == ["kept"]


def test_a_dropped_store_is_freed_without_the_cyclic_collector(db_path: Path, clock: ManualClock):
    import gc
    import weakref

    BoardRepo(Store(db_path, "ann", clock).open(create=True)).add_card("t")
    gc.disable()
    try:
        store = Store(db_path, "bob", clock).open()
        gone = weakref.ref(store)
        del store
        assert gone() is None  # no reference cycle kept it alive
    finally:
        gc.enable()

"""The shared file under real concurrent processes: no lost update, no duplicate id, no torn
file, even when a writer is killed with SIGKILL at a random moment.

Processes come from a multiprocessing fork server: one clean process, started once with the
store's modules imported, forks every worker, so a worker starts in milliseconds and does not
inherit pytest's threads.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import threading
import time
from collections import Counter
from pathlib import Path

import orjson
import pytest
from helpers import store_workers as w

from ritual.clock import ManualClock
from storage.board_repo import CARDS, BoardRepo
from storage.errors import StoreBusy
from storage.store import Store


@pytest.fixture(scope="module")
def ctx():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", "helpers.store_workers"])
    return context


def run_all(procs: list, go=None, timeout: float = 60) -> None:
    for p in procs:
        p.start()
    if go is not None:
        go.set()
    deadline = time.monotonic() + timeout
    for p in procs:
        p.join(max(0.1, deadline - time.monotonic()))
    for p in procs:
        if p.is_alive():
            p.kill()
    assert [p.exitcode for p in procs] == [0] * len(procs)


def load(path: Path) -> dict:
    return orjson.loads(path.read_bytes())


def test_four_processes_adding_200_cards_each_get_800_distinct_ids(ctx, tmp_path: Path):
    db = tmp_path / "team.json"
    go = ctx.Event()
    procs = [
        ctx.Process(target=w.add_cards, args=(str(db), f"p{i}", 200, str(tmp_path / f"a{i}"), go))
        for i in range(4)
    ]
    for p in procs:
        p.start()
    go.set()
    reads = 0
    while any(p.is_alive() for p in procs):  # a reader without the lock never sees a torn file
        if db.exists():
            assert isinstance(load(db), dict)
            reads += 1
        time.sleep(0.002)  # pace the reader; the workers need the CPU
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0] * 4
    assert reads > 10

    cards = load(db)[CARDS]
    assert len(cards) == 800
    assert sorted(int(k) for k in cards) == list(range(1, 801))
    acked = [line.split(" ", 1) for i in range(4) for line in w.read_acks(tmp_path / f"a{i}")]
    assert len(acked) == 800
    assert {cards[card_id]["title"] for card_id, _ in acked} == {title for _, title in acked}
    assert all(cards[card_id]["title"] == title for card_id, title in acked)


def test_four_processes_editing_the_same_20_cards_lose_no_acknowledged_change(ctx, tmp_path: Path):
    db = tmp_path / "team.json"
    repo = BoardRepo(Store(db, "seed").open(create=True))
    repo.plan_iteration("Sprint 1", "2026-11-30", "2026-12-11")  # cards move within it
    ids = [repo.add_card(f"card {n}", column="backlog").id for n in range(20)]
    rounds = 8
    go = ctx.Event()
    procs = [
        ctx.Process(
            target=w.edit_cards, args=(str(db), i, ids, rounds, str(tmp_path / f"e{i}"), go)
        )
        for i in range(4)
    ]
    run_all(procs, go)

    cards = load(db)[CARDS]
    last: dict[tuple[str, str], str] = {}
    changes_per_card: Counter[str] = Counter()
    for i in range(4):
        for line in w.read_acks(tmp_path / f"e{i}"):
            card_id, field, value = line.split(" ")
            last[(card_id, field)] = value
            changes_per_card[card_id] += 1
    assert len(last) == 20 * 4 + 20  # every card: four workers' own fields, and its column
    for (card_id, field), value in last.items():
        assert cards[card_id][field] == value, (card_id, field)
    # Every acknowledged change bumped the revision exactly once: none was overwritten unseen.
    for card_id in map(str, ids):
        assert cards[card_id]["rev"] == 1 + changes_per_card[card_id]


def test_two_stale_copies_in_two_processes_keep_both_texts_and_tell_the_second(ctx, tmp_path: Path):
    db = tmp_path / "team.json"
    card = BoardRepo(Store(db, "seed").open(create=True)).add_card("Original title")
    seen, go, out = ctx.Barrier(2), ctx.Event(), ctx.Queue()
    procs = [
        ctx.Process(target=w.edit_text_from, args=(str(db), who, card.id, text, seen, go, out))
        for who, text in (("ann", "Ann's title"), ("bob", "Bob's title"))
    ]
    run_all(procs, go)

    told = dict(out.get(timeout=5) for _ in procs)
    stored = load(db)[CARDS][str(card.id)]
    kept = {stored["title"]} | {c["text"] for c in stored["conflicts"]}
    assert kept == {"Ann's title", "Bob's title"}
    assert sorted(len(v) for v in told.values()) == [0, 1]  # the second writer was told
    second = next(who for who, texts in told.items() if texts)
    assert stored["updated_by"] == second
    assert told[second] == [c["text"] for c in stored["conflicts"]]


def test_lock_held_elsewhere_beyond_the_timeout_is_store_busy_and_writes_nothing(
    ctx, tmp_path: Path
):
    db = tmp_path / "team.json"
    store = Store(db, "ann", ManualClock(), lock_timeout=0.3).open(create=True)
    BoardRepo(store).add_card("before")
    before = db.read_bytes()
    ready = ctx.Event()
    holder = ctx.Process(target=w.hold_lock, args=(str(db), 3.0, ready))
    holder.start()
    try:
        assert ready.wait(10)
        started = time.monotonic()
        with pytest.raises(StoreBusy, match="busy") as err:
            BoardRepo(store).add_card("after")
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.join()
    assert 0.3 <= waited < 1.5
    assert str(db) in str(err.value)
    assert db.read_bytes() == before
    assert [c.title for c in BoardRepo(store).cards("all")] == ["before"]


def test_a_writer_killed_at_random_moments_never_leaves_a_torn_file_or_loses_an_ack(
    ctx, tmp_path: Path
):
    db = tmp_path / "team.json"
    seed = Store(db, "seed").open(create=True)
    with seed.transaction() as tx:  # a file big enough that kills often land mid-write
        for n in range(2000):
            tx.insert(CARDS, {"title": f"seed {n}", "column": "todo", "description": "x" * 100})
    rng = random.Random(20261126)
    acks = tmp_path / "acks"
    killed_mid_write = 0
    started = time.monotonic()
    for k in range(100):
        ready = ctx.Event()
        p = ctx.Process(target=w.write_until_killed, args=(str(db), f"k{k}", str(acks), ready))
        p.start()
        assert ready.wait(10)
        time.sleep(rng.uniform(0.0, 0.05))
        os.kill(p.pid, signal.SIGKILL)
        p.join()
        assert p.exitcode == -signal.SIGKILL

        data = load(db)  # always parses: the old file or the new one, never half of one
        titles = {doc["title"] for doc in data[CARDS].values()}
        missing = [t for t in w.read_acks(acks) if t not in titles]
        assert not missing, f"kill {k}: acknowledged but gone: {missing[:3]}"
        killed_mid_write += any(f.name.endswith(".tmp") for f in tmp_path.iterdir())
    elapsed = time.monotonic() - started

    acked = w.read_acks(acks)
    assert len(acked) > 100  # the writers did get work done between kills
    # The next writer sweeps the temp files killed writers left behind.
    BoardRepo(Store(db, "after").open(create=True)).add_card("after the kills")
    assert not [f.name for f in tmp_path.iterdir() if f.name.endswith(".tmp")]
    print(f"\n100 kills in {elapsed:.1f} s, {len(acked)} acks, {killed_mid_write} left a temp file")


def test_a_reader_thread_does_not_wait_while_a_writer_thread_waits_for_the_lock(
    ctx, tmp_path: Path
):
    db = tmp_path / "team.json"
    store = Store(db, "ann", ManualClock(), lock_timeout=3).open(create=True)
    BoardRepo(store).plan_iteration("Sprint 1", "2026-11-30", "2026-12-11")
    card = BoardRepo(store).add_card("shared", column="backlog")
    ready = ctx.Event()
    holder = ctx.Process(target=w.hold_lock, args=(str(db), 1.0, ready))
    holder.start()
    assert ready.wait(10)
    writer = threading.Thread(target=BoardRepo(store).move_card, args=(card.id, "doing"))
    writer.start()
    try:
        time.sleep(0.1)  # the writer thread is now waiting for the other process's lock
        started = time.monotonic()
        assert store.get(CARDS, card.id)["column"] == "backlog"
        assert time.monotonic() - started < 0.2
    finally:
        writer.join(10)
        holder.join(10)
    assert store.get(CARDS, card.id)["column"] == "doing"  # and the write went through after

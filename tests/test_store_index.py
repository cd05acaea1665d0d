"""Values derived from the records (Store.derived, storage/index.py) are made once per version
of them, follow every change, and are made ahead by the thread that re-read or wrote the file,
so an app's UI thread finds them ready (issue 17, item 3)."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from ritual.clock import ManualClock
from storage.index import KEEP_WARM
from storage.store import Store

ADD = """
import sys
from storage.store import Store
store = Store(sys.argv[1], "bob").open()
with store.transaction() as tx:
    tx.insert("items", {"parent": int(sys.argv[2]), "title": "from bob"})
"""


class Counting:
    """A build: items per parent; remembers which threads made it and what it was given."""

    def __init__(self) -> None:
        self.threads: list[str] = []
        self.previous: list[Any] = []

    def __call__(self, store: Store, previous: Any) -> dict[int, int]:
        self.threads.append(threading.current_thread().name)
        self.previous.append(previous)
        out: dict[int, int] = {}
        for parent in store.scan("items", lambda _, d: d.get("parent")):
            out[parent] = out.get(parent, 0) + 1
        return out


def add(store: Store, parent: int, n: int = 1) -> None:
    with store.transaction() as tx:
        for _ in range(n):
            tx.insert("items", {"parent": parent, "title": "t"})


def test_made_once_per_version_and_again_after_every_kind_of_change(
    store: Store, db_path: Path
) -> None:
    build = Counting()
    add(store, 1, 2)
    assert store.derived(build) == {1: 2}
    assert store.derived(build) is store.derived(build)  # shared, not made again
    assert len(build.threads) == 1

    add(store, 2)  # our own write: made again at its end, from the value before
    assert len(build.threads) == 2 and build.previous[-1] == {1: 2}
    assert store.derived(build) == {1: 2, 2: 1}
    assert len(build.threads) == 2

    subprocess.run([sys.executable, "-c", ADD, str(db_path), "1"], check=True)  # another's
    assert store.refresh()
    assert len(build.threads) == 3  # made by refresh(), before anyone asked
    assert store.derived(build) == {1: 3, 2: 1}
    assert len(build.threads) == 3

    with pytest.raises(RuntimeError), store.transaction() as tx:  # a write given up
        tx.insert("items", {"parent": 1, "title": "never stored"})
        raise RuntimeError("cancelled")
    assert store.derived(build) == {1: 3, 2: 1}


def test_inside_a_transaction_it_sees_the_changes_so_far_and_keeps_nothing(
    store: Store,
) -> None:
    build = Counting()
    add(store, 1)
    assert store.derived(build) == {1: 1}
    with store.transaction() as tx:
        tx.insert("items", {"parent": 1, "title": "t"})
        assert store.derived(build) == {1: 2}
        assert build.previous[-1] is None
    assert store.derived(build) == {1: 2}


def test_made_by_the_thread_that_re_reads_the_file(db_path: Path, clock: ManualClock) -> None:
    writer = Store(db_path, "alice", clock).open(create=True)
    add(writer, 1)
    app_store = Store(db_path, "carol", clock).open()
    app_store.read_memory_only()  # as the app: only its watcher's worker looks at the disk
    build = Counting()
    assert app_store.derived(build) == {1: 1}
    add(writer, 1)
    assert app_store.derived(build) == {1: 1}  # not read again yet

    worker = threading.Thread(target=app_store.refresh, name="watcher-worker")
    worker.start()
    worker.join()
    assert build.threads == [threading.current_thread().name, "watcher-worker"]
    assert app_store.derived(build) == {1: 2}
    assert len(build.threads) == 2


def test_a_value_nobody_asks_for_is_no_longer_made_ahead(store: Store) -> None:
    build = Counting()
    store.derived(build)
    for _ in range(KEEP_WARM + 3):
        add(store, 1)
    assert len(build.threads) == 1 + KEEP_WARM
    assert store.derived(build) == {1: KEEP_WARM + 3}  # made on use, from nothing kept
    assert build.previous[-1] is None


def test_a_build_that_fails_ahead_fails_for_its_reader_only(store: Store) -> None:
    calls: list[int] = []

    def fragile(s: Store, previous: Any) -> int:
        calls.append(1)
        if s.count("items") > 1:
            raise ValueError("cannot read this")
        return s.count("items")

    add(store, 1)
    assert store.derived(fragile) == 1
    add(store, 1)  # the write itself succeeds; its making ahead failed quietly
    assert len(calls) == 2 and store.count("items") == 2
    with pytest.raises(ValueError):
        store.derived(fragile)

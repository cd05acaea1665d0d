"""How fast one card update is, through ritual's store and through stock TinyDB, and what the
change watcher costs. Run: ``python benchmarks/storage.py`` (about a minute).

Targets: at 10,000 cards ritual's update takes at most half the stock TinyDB time; an idle
watcher uses under 1 % of a core; a write reaches another process's watcher within 300 ms (p95).
Both stores fsync every write, in a temp directory beside each other, in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# This file is named storage.py: its own directory must not hide the ``storage`` package.
HERE, ROOT = Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]

from tinydb import TinyDB  # noqa: E402

from ritual.iteration import Card, Column  # noqa: E402
from storage.board_repo import CARDS, BoardRepo  # noqa: E402
from storage.mapping import to_doc  # noqa: E402
from storage.store import Store  # noqa: E402

COLUMNS = [c for c in Column]
UPDATE_TARGET = 0.5
IDLE_CPU_TARGET = 1.0  # percent of one core
LATENCY_TARGET = 0.300  # seconds


def card_fields(n: int, rng: random.Random) -> dict:
    card = Card(
        0,
        f"Card {n}: make the {rng.choice(['login', 'export', 'search', 'board'])} faster",
        rng.choice(COLUMNS),
        1,
        description="Steps to reproduce, acceptance criteria and notes. " * 2,
        assignee=rng.choice(["Maya", "王芳", "Lucas", "Ana"]),
        points=rng.choice([1, 2, 3, 5, 8]),
        labels=["ui"] if n % 3 else ["backend", "perf"],
    )
    return to_doc(card)


def seed_ritual(path: Path, count: int) -> Store:
    store = Store(path, "bench").open(create=True)
    rng = random.Random(count)
    with store.transaction() as tx:
        for n in range(count):
            tx.insert(CARDS, card_fields(n, rng))
    return store


def seed_stock(path: Path, ritual_file: Path) -> TinyDB:
    """The same documents, in a file stock TinyDB owns (JSONStorage, its defaults)."""
    db = TinyDB(path)
    db.storage.write(json.loads(ritual_file.read_bytes()))
    return db


def timed(
    update: Callable[[int, Column], object],
    column_of: Callable[[int], str],
    ids: list[int],
    runs: int,
    rng: random.Random,
) -> list[float]:
    """Time ``runs`` updates of random cards, each to a column the card is not in yet, so
    every update is a real change that must reach the disk."""
    out = []
    for _ in range(runs):
        card_id = rng.choice(ids)
        column = Column(column_of(card_id)).next(1)
        if column.value == column_of(card_id):
            column = Column.BACKLOG
        started = time.perf_counter()
        update(card_id, column)
        out.append(time.perf_counter() - started)
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def bench_updates(directory: Path, count: int, runs: int) -> tuple[list[float], list[float]]:
    ritual_file, stock_file = directory / f"ritual-{count}.json", directory / f"stock-{count}.json"
    store = seed_ritual(ritual_file, count)
    stock = seed_stock(stock_file, ritual_file)
    repo = BoardRepo(store)
    ids = [d["id"] for d in store.all(CARDS)]
    table = stock.table(CARDS)

    def ritual_update(card_id: int, column: Column) -> None:
        repo.move_card(card_id, column)

    def stock_update(card_id: int, column: Column) -> None:
        table.update({"column": column.value}, doc_ids=[card_id])

    def ritual_column(card_id: int) -> str:
        return store.get(CARDS, card_id)["column"]

    def stock_column(card_id: int) -> str:
        return table.get(doc_id=card_id)["column"]

    rng = random.Random(count)
    timed(ritual_update, ritual_column, ids, 3, rng)  # warm both up
    timed(stock_update, stock_column, ids, 3, rng)
    ritual_times: list[float] = []
    stock_times: list[float] = []
    for _ in range(2):  # interleaved halves, so a noisy moment hits both
        ritual_times += timed(ritual_update, ritual_column, ids, runs // 2, rng)
        stock_times += timed(stock_update, stock_column, ids, runs // 2, rng)
    stock.close()
    return ritual_times, stock_times


IDLE_WATCHER = """
import sys, time
from storage.watch import FileWatcher
watcher = FileWatcher(sys.argv[1], lambda: None, interval=0.1).start()
cpu, wall = time.process_time(), time.monotonic()
time.sleep(float(sys.argv[2]))
print(time.process_time() - cpu, time.monotonic() - wall)
"""

TIMESTAMPING_WATCHER = """
import sys, time
from storage.watch import FileWatcher
watcher = FileWatcher(sys.argv[1], lambda: print(time.time(), flush=True), interval=0.1)
watcher.start()
print("ready", flush=True)
sys.stdin.read()
"""


def idle_cpu_percent(path: Path, seconds: float) -> float:
    out = subprocess.run(
        [sys.executable, "-c", IDLE_WATCHER, str(path), str(seconds)],
        capture_output=True,
        text=True,
        check=True,
    )
    cpu, wall = map(float, out.stdout.split())
    return 100 * cpu / wall


def watcher_latencies(path: Path, writes: int) -> list[float]:
    store = Store(path, "bench").open(create=True)
    repo = BoardRepo(store)
    card = repo.add_card("watched")
    watcher = subprocess.Popen(
        [sys.executable, "-c", TIMESTAMPING_WATCHER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert watcher.stdout is not None and watcher.stdin is not None
    assert watcher.stdout.readline().strip() == "ready"
    rng = random.Random(3)
    written = []
    for n in range(writes):
        time.sleep(rng.uniform(0.15, 0.25))  # apart by more than the polling interval
        # From the moment the write starts: the file is replaced before the directory fsync
        # returns, so the watcher may fire before move_card does.
        written.append(time.time())
        repo.move_card(card.id, COLUMNS[(n + 1) % len(COLUMNS)])
    time.sleep(0.5)
    watcher.stdin.close()
    seen = [float(line) for line in watcher.stdout.read().split()]
    watcher.wait()
    latencies = []
    for at in written:
        after = [s for s in seen if s >= at]
        latencies.append((after[0] - at) if after else float("inf"))
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60, help="updates timed per store and size")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle watching")
    parser.add_argument("--dir", help="where to put the files (default: a temp directory)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="ritual-bench-") as tmp:
        directory = Path(tmp)
        print(f"files in {directory} ({os.uname().sysname}, Python {sys.version.split()[0]})")
        print()
        print("one card update     ritual p50   p95     stock p50   p95     ratio p50/p95  target")
        for count in (1_000, 10_000):
            mine, stock = bench_updates(directory, count, args.runs)
            m50, m95, s50, s95 = (
                percentile(mine, 50),
                percentile(mine, 95),
                percentile(stock, 50),
                percentile(stock, 95),
            )
            ratio50, ratio95 = m50 / s50, m95 / s95
            target = f"<= {UPDATE_TARGET}x {verdict(ratio50 <= UPDATE_TARGET)}"
            if count < 10_000:
                target = "(info)"
            print(
                f"{count:>6,} cards     {m50 * 1e3:7.2f} ms {m95 * 1e3:7.2f} ms"
                f"  {s50 * 1e3:7.2f} ms {s95 * 1e3:7.2f} ms  {ratio50:5.2f}x {ratio95:5.2f}x"
                f"   {target}"
            )
            print(
                f"{'':18}(mean ritual {statistics.fmean(mine) * 1e3:.2f} ms, "
                f"stock {statistics.fmean(stock) * 1e3:.2f} ms, {len(mine)} runs each)"
            )
        print()
        cpu = idle_cpu_percent(directory / "ritual-1000.json", args.idle)
        print(
            f"idle watcher CPU over {args.idle:g} s: {cpu:.3f} % of one core   "
            f"target < {IDLE_CPU_TARGET:g} % {verdict(cpu < IDLE_CPU_TARGET)}"
        )
        latencies = watcher_latencies(directory / "watched.json", 30)
        p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
        print(
            f"write -> other process's watcher: p50 {p50 * 1e3:.0f} ms, p95 {p95 * 1e3:.0f} ms, "
            f"max {max(latencies) * 1e3:.0f} ms   target p95 < {LATENCY_TARGET * 1e3:.0f} ms "
            f"{verdict(p95 < LATENCY_TARGET)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

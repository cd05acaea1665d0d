"""The team file next to the team database at 10,000 cards, in the same run: one card update,
and one live change (a write by one handle until another handle has heard it and re-read).

Run: ``python benchmarks/backends.py`` (about a minute). Starts a throw-away PostgreSQL server
on 127.0.0.1 (tests/helpers/pg.py; needs the server binaries), or uses ``--url`` (an empty
database you may write). Both backends fsync their commits (the test server's fsync=off is
turned back on here). For information: there is no target beyond the file's own (see
benchmarks/README.md); the table shows what a team pays for moving to the database.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE, ROOT = Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT), str(ROOT / "tests")] + [
    p for p in sys.path if Path(p or ".").resolve() != HERE
]

from ritual.iteration import Card, Column  # noqa: E402
from storage.board_repo import CARDS, BoardRepo  # noqa: E402
from storage.mapping import to_doc  # noqa: E402
from storage.pg_store import PgStore  # noqa: E402
from storage.store import Store  # noqa: E402

COLUMNS = list(Column)


def card_fields(n: int, rng: random.Random) -> dict[str, Any]:
    return to_doc(
        Card(
            0,
            f"Card {n}: make the {rng.choice(['login', 'export', 'search'])} faster",
            rng.choice(COLUMNS),
            1,
            description="Steps to reproduce, acceptance criteria and notes. " * 2,
            assignee=rng.choice(["Maya", "王芳", "Lucas"]),
            points=rng.choice([1, 2, 3, 5]),
        )
    )


def seed(store: Any, count: int) -> None:
    rng = random.Random(count)
    with store.transaction() as tx:
        for n in range(count):
            tx.insert(CARDS, card_fields(n, rng))


def time_updates(store: Any, runs: int) -> list[float]:
    repo, ids = BoardRepo(store), [d["id"] for d in store.all(CARDS)]
    rng, out = random.Random(1), []
    for _ in range(runs):
        card_id = rng.choice(ids)
        current = store.get(CARDS, card_id)["column"]
        target = next(c for c in COLUMNS if c.value != current)
        start = time.perf_counter()
        repo.move_card(card_id, target)
        out.append(time.perf_counter() - start)
    return out


def time_live(writer: Any, reader: Any, runs: int) -> list[float]:
    """From the start of a write to the other handle's watcher having fired and its re-read
    done; the watcher's check() is polled every 5 ms for both backends."""
    heard: list[bool] = []
    watcher = reader.watcher(lambda: heard.append(True))
    watcher.start_polling()
    if hasattr(watcher, "wait_listening"):
        watcher.wait_listening()
    repo, ids, out = BoardRepo(writer), [d["id"] for d in writer.all(CARDS)], []
    try:
        for k in range(runs):
            time.sleep(0.15)  # let the file watcher's stat signature settle between writes
            heard.clear()
            watcher.check()
            heard.clear()
            start = time.perf_counter()
            repo.edit_card(repo.card(ids[k]), title=f"live {k}")
            while not watcher.check():
                time.sleep(0.005)
            reader.refresh()
            out.append(time.perf_counter() - start)
            assert reader.get(CARDS, ids[k])["title"] == f"live {k}"
    finally:
        watcher.stop()
    return out


def row(name: str, file_s: list[float], db_s: list[float]) -> str:
    def p(xs: list[float], q: int) -> float:
        return statistics.quantiles(xs, n=100)[q - 1] * 1000

    return (
        f"{name:<28} {p(file_s, 50):>9.1f} {p(file_s, 95):>9.1f} "
        f"{p(db_s, 50):>9.1f} {p(db_s, 95):>9.1f} {p(db_s, 50) / p(file_s, 50):>7.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--url", help="an empty database to use instead of a throw-away server")
    args = parser.parse_args()
    server = None
    if args.url:
        url, url2 = args.url, args.url
    else:
        from helpers.pg import PgServer, need_server

        server = PgServer(need_server()).start()
        db = server.new_database()
        url = url2 = server.url(db, "alice")
        import psycopg

        with psycopg.connect(server.url("postgres", "postgres"), autocommit=True) as conn:
            conn.execute("ALTER SYSTEM SET fsync = on")
            conn.execute("SELECT pg_reload_conf()")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "team.json"
            file_store = Store(path, "bench").open(create=True)
            db_store = PgStore(url).open(create=True)
            for store in (file_store, db_store):
                seed(store, args.cards)
            file_other, db_other = Store(path, "other").open(), PgStore(url2).open()
            results: dict[str, tuple[list[float], list[float]]] = {}
            measures: list[tuple[str, Callable[[Any, Any], list[float]]]] = [
                ("one card update", lambda s, _o: time_updates(s, args.runs)),
                ("one live change", lambda s, o: time_live(s, o, max(10, args.runs // 3))),
            ]
            for name, measure in measures:
                results[name] = (measure(file_store, file_other), measure(db_store, db_other))
        print(f"{args.cards:,} cards; milliseconds; same run, same machine")
        print(
            f"{'':<28} {'file p50':>9} {'file p95':>9} {'db p50':>9} {'db p95':>9} {'db/file':>8}"
        )
        for name, (f, d) in results.items():
            print(row(name, f, d))
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()

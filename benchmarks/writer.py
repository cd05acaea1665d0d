"""A burst of changes made one after the other, applied the way the app used to (one thread
worker per change) and through the app's one ordered writer. Run: ``python benchmarks/writer.py``.

Prints, per way, how long the burst took to be stored and how many changes landed out of the
order they were made in (target for the writer: 0 out of order; its time within 1.5x of the
thread-per-change baseline measured in the same run). A change is a card's blocked reason set
to "step i"; the order it landed in is read back from the revisions the store returned.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screens.writer import Writer, WriteStored  # noqa: E402
from storage.board_repo import BoardRepo  # noqa: E402
from storage.store import Store  # noqa: E402

TIME_TARGET = 1.5


class Inbox:
    """Stands in for the widget a writer answers: collects the messages."""

    def __init__(self) -> None:
        self.messages: list[WriteStored] = []

    def post_message(self, message: WriteStored) -> bool:
        self.messages.append(message)
        return True


def out_of_order(revs_by_step: list[int]) -> int:
    """Changes whose revision is lower than that of a change made before them."""
    worst, late = 0, 0
    for rev in revs_by_step:
        if rev < worst:
            late += 1
        worst = max(worst, rev)
    return late


def thread_per_change(repo: BoardRepo, card_id: int, n: int) -> tuple[float, int]:
    revs = [0] * n

    def change(i: int) -> None:
        revs[i] = repo.set_blocked(card_id, True, f"step {i}").rev

    start = time.perf_counter()
    threads = [threading.Thread(target=change, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, out_of_order(revs)


def ordered_writer(repo: BoardRepo, card_id: int, n: int) -> tuple[float, int]:
    writer, inbox = Writer(), Inbox()
    start = time.perf_counter()
    for i in range(n):
        writer.submit(inbox, repo.set_blocked, card_id, True, f"step {i}")  # type: ignore[arg-type]
    writer.wait_idle()
    took = time.perf_counter() - start
    writer.close()
    by_step = sorted(inbox.messages, key=lambda m: int(m.request.args[2].split()[1]))
    return took, out_of_order([m.result.rev for m in by_step])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "team.json", "bench", lock_timeout=60).open(create=True)
        repo = BoardRepo(store)
        card = repo.add_card("Benchmarked", column="backlog", iteration_id=None)
        rows = {"thread per change": [], "ordered writer": []}
        for _ in range(args.rounds):
            rows["thread per change"].append(thread_per_change(repo, card.id, args.changes))
            rows["ordered writer"].append(ordered_writer(repo, card.id, args.changes))
    print(f"{args.changes} changes to one card, {args.rounds} rounds (median time, worst order)")
    print(f"{'way':<20} {'seconds':>8} {'out of order':>13}")
    summary = {}
    for way, results in rows.items():
        times = sorted(t for t, _ in results)
        summary[way] = (times[len(times) // 2], max(late for _, late in results))
        print(f"{way:<20} {summary[way][0]:>8.3f} {summary[way][1]:>13}")
    ratio = summary["ordered writer"][0] / summary["thread per change"][0]
    ok = summary["ordered writer"][1] == 0 and ratio <= TIME_TARGET
    print(
        f"writer/baseline time {ratio:.2f}x (target <= {TIME_TARGET}), writer out of order "
        f"{summary['ordered writer'][1]} (target 0): {'PASS' if ok else 'MISS'}"
    )


if __name__ == "__main__":
    main()

"""How fast ``ritual plan`` opens with a 2,000-card product backlog.

Run: ``python benchmarks/plan.py`` (under a minute). The team file holds 10,000 documents:
2,000 cards in the product backlog, 40 planned into the next iteration, the rest done in closed
iterations (their velocity feeds the capacity gauge).

Target, measured in one run: from launching the process (``ritual --db FILE --user x plan``,
through ``ritual.cli.main``) to its first frame showing both lists with all their cards, at most
2x the same for a minimal Textual app showing one Label, launched the same way
(``benchmarks/first_paint.py`` on a pseudo-terminal, interleaved, after one warm-up round).
The median of the launches is judged; the best launches and the CPU time are printed too.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path

HERE, ROOT = Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT), str(HERE)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]

from board import (  # noqa: E402
    PEOPLE,
    Launch,
    launch_to_first_paint,
    seed_team_and_history,
    verdict,
)

from ritual.clock import ManualClock  # noqa: E402
from ritual.iteration import Card, Column, Iteration  # noqa: E402
from storage.mapping import to_doc  # noqa: E402
from storage.store import Store  # noqa: E402

RATIO_TARGET = 2.0
NOW = "2026-11-26T09:00:00Z"
PLANNED = 40


def seed(path: Path, total_docs: int, backlog: int) -> int:
    """The file; returns how many cards the plan screen shows (backlog + planned)."""
    rng = random.Random(11)
    store = Store(path, "bench", ManualClock(NOW)).open(create=True)
    with store.transaction() as tx:
        closed = seed_team_and_history(tx)
        tx.insert(
            "iterations",
            to_doc(Iteration(0, "Sprint 9", "", "2026-11-19", "2026-12-02", 60, "current")),
        )
        planned = tx.insert(
            "iterations",
            to_doc(Iteration(0, "Sprint 10", "Scale", "2026-12-03", "2026-12-16", None, "planned")),
        )["id"]
        docs = 1 + len(PEOPLE) + len(closed) + 2
        for n in range(total_docs - docs):
            if n < backlog:
                column, iteration = Column.BACKLOG, None
            elif n < backlog + PLANNED:
                column, iteration = Column.TODO, planned
            else:
                column, iteration = Column.DONE, rng.choice(closed)
            card = Card(
                0,
                f"Card {n}: make the {rng.choice(['login', 'export', 'search', 'board'])} faster",
                column,
                iteration,
                description="Steps to reproduce, acceptance criteria and notes. " * 2,
                assignee=rng.choice(PEOPLE),
                points=rng.choice([1, 2, 3, 5, 8]),
                priority=rng.choice(["P0", "P1", "P2", "P3"]),
                labels=["ui"] if n % 3 else ["backend", "perf"],
            )
            tx.insert("cards", to_doc(card))
    return backlog + PLANNED


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--backlog", type=int, default=2_000)
    parser.add_argument("--launches", type=int, default=7)
    parser.add_argument("--terminal", choices=("pty", "headless"), default="pty")
    args = parser.parse_args()
    runs: dict[str, list[Launch]] = {"minimal": [], "plan": []}
    with tempfile.TemporaryDirectory(prefix="ritual-bench-") as tmp:
        path, out = Path(tmp) / "team.json", Path(tmp) / "painted"
        shown = seed(path, args.docs, args.backlog)
        plan = ["ritual", "--user", "x", "plan", "--db", str(path)]
        for round_ in range(args.launches + 1):  # round 0 warms the caches
            this = {
                "minimal": launch_to_first_paint(["minimal"], 0, out, args.terminal),
                "plan": launch_to_first_paint(plan, shown, out, args.terminal),
            }
            if round_:
                for name, launch in this.items():
                    runs[name].append(launch)
    wall = {k: statistics.median(x.wall for x in v) for k, v in runs.items()}
    best = {k: min(x.wall for x in v) for k, v in runs.items()}
    cpu = {k: statistics.median(x.cpu for x in v) for k, v in runs.items()}
    ratio = wall["plan"] / wall["minimal"]
    rows = [
        ("minimal app, one Label", f"{wall['minimal'] * 1000:6.0f} ms", ""),
        (
            f"ritual plan, {args.backlog} backlog cards / {args.docs} docs",
            f"{wall['plan'] * 1000:6.0f} ms",
            "",
        ),
        ("ratio plan / minimal (target ≤ 2)", f"{ratio:6.2f}", verdict(ratio <= RATIO_TARGET)),
        (
            "  same ratio from the best launches / from CPU time",
            f"{best['plan'] / best['minimal']:6.2f} / {cpu['plan'] / cpu['minimal']:.2f}",
            "",
        ),
    ]
    print(
        f"From launching the process to its first frame ({args.terminal}; median of "
        f"{args.launches} interleaved launches)"
    )
    for what, figure, ok in rows:
        print(f"{what:<58} {figure:>10}  {ok}")
    return 0 if ratio <= RATIO_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())

"""Years of use: how ritual holds up at 50,000 cards and hundreds of meetings (issue 17).

Run: ``python benchmarks/scale.py`` (a few minutes; ``--only cli,reread,meetings,memory,idle``
picks sections). Every figure is judged against a baseline measured in the same run:

- cli: ``ritual card add`` on a 50,000-card file (26 MB) next to the same command on the demo
  file, real processes, interleaved, median (target <= 2.5x);
- reread: ``Store.refresh()`` after another process wrote the 50,000-card file (what the app's
  watcher runs) next to a bare ``orjson.loads`` of the same bytes, same heap (target <= 1.5x);
- meetings: the review list's reload (with nothing changed, and after another process's
  change) and opening the stand-up history, in a running app, at 300 reviews / stand-ups next
  to 10 (target <= 2x);
- memory: the resident memory of ``ritual board`` on the 26 MB file after it opened, after the
  first outside change and after the fifth, each re-read by its watcher (target <= 1.2x the
  first);
- idle: CPU of an idle board (``ritual board`` on a pseudo-terminal) over a window, with and
  without a
  running stand-up in another process on the same file (target: within +-0.2 points), and of
  the running stand-up and review screens themselves (targets < 1.5 %; board < 0.5 %).

Machine load moves absolute figures: compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import gc
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE, ROOT = Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]

import orjson  # noqa: E402

from ritual.clock import ManualClock  # noqa: E402
from storage.store import Store  # noqa: E402

RITUAL = [sys.executable, "-m", "ritual"]
NOW = "2026-11-26T09:00:00Z"
Row = tuple[str, str, str, str]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def ritual(db: Path, *args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run(
        [*RITUAL, "--db", str(db), "--user", "bench", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        env=env,
    )


def make_demo(directory: Path) -> Path:
    path = directory / "demo.json"
    ritual(path, "demo")
    return path


def make_big(directory: Path, docs: int) -> Path:
    """A 50,000-document file (2,000 cards on the board, the rest done in closed iterations),
    built by benchmarks/board.py's seed in a process of its own."""
    path = directory / "big.json"
    code = (
        "import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]; from pathlib import Path; "
        "import board; board.seed(Path(sys.argv[3]), int(sys.argv[4]), 2000)"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(HERE), str(ROOT), str(path), str(docs)], check=True
    )
    return path


def timed_process(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def bench_cli(directory: Path, big: Path, runs: int) -> list[Row]:
    demo = make_demo(directory)
    small, large = [], []
    for n in range(runs + 1):  # the first round warms caches and is dropped
        a = timed_process([*RITUAL, "--db", str(demo), "--user", "b", "card", "add", f"c{n}"])
        b = timed_process([*RITUAL, "--db", str(big), "--user", "b", "card", "add", f"c{n}"])
        if n:
            small.append(a)
            large.append(b)
    ratio = statistics.median(large) / statistics.median(small)
    floors = []
    for _ in range(runs):  # what any whole-file write must do: parse, dump, write, fsync
        start = time.perf_counter()
        data = orjson.loads(big.read_bytes())
        scratch = directory / "floor.json"
        with open(scratch, "wb") as handle:
            handle.write(orjson.dumps(data))
            os.fsync(handle.fileno())
        del data
        floors.append(time.perf_counter() - start)
    floor = statistics.median(small) + statistics.median(floors)
    return [
        (
            "  floor: demo + parse/dump/fsync",
            f"{floor * 1000:.0f} ms",
            f"{floor / statistics.median(small):.2f}x",
            "",
        ),
        ("card add, demo file", f"{statistics.median(small) * 1000:.0f} ms", "baseline", ""),
        (
            f"card add, {big.stat().st_size / 1e6:.0f} MB",
            f"{statistics.median(large) * 1000:.0f} ms",
            f"{ratio:.2f}x",
            verdict(ratio <= 2.5),
        ),
    ]


def bench_reread(big: Path, runs: int) -> list[Row]:
    """The watcher's re-read: after another process's write, refresh() parses the file again.
    Timed in one process, alternating with a bare orjson.loads of the same bytes."""
    store = Store(big, "bench", ManualClock(NOW)).open()
    ours, bare = [], []
    for n in range(runs):
        ritual(big, "card", "add", f"other {n}")
        start = time.perf_counter()
        assert store.refresh()
        ours.append(time.perf_counter() - start)
        raw = big.read_bytes()
        gc.disable()  # the bare parse's best case: no collection walks what it allocates
        start = time.perf_counter()
        data = orjson.loads(raw)
        bare.append(time.perf_counter() - start)
        del data
        gc.enable()
    ratio = statistics.median(ours) / statistics.median(bare)
    return [
        ("orjson.loads, same bytes", f"{statistics.median(bare) * 1000:.0f} ms", "baseline", ""),
        (
            "Store.refresh() after a write",
            f"{statistics.median(ours) * 1000:.0f} ms",
            f"{ratio:.2f}x",
            verdict(ratio <= 1.5),
        ),
    ]


def meetings_file(demo: Path, out: Path, count: int) -> Path:
    """The demo team with ``count`` ended stand-ups and ``count`` reviews of 15 items each,
    cloned from the demo's own (realistic shapes, distinct dates)."""
    data = orjson.loads(demo.read_bytes())
    standup = next(s for s in data["standups"].values() if s.get("state") == "ended")
    review = next(iter(data["reviews"].values()))
    item = next(iter(data["review_items"].values()))
    data["standups"], data["standup_notes"] = {}, {}
    data["reviews"], data["review_items"], data["review_actions"] = {}, {}, {}
    base = time.mktime(time.strptime("2024-01-01", "%Y-%m-%d"))
    for n in range(1, count + 1):
        date = time.strftime("%Y-%m-%d", time.localtime(base + n * 86400 * 1.5))
        data["standups"][str(n)] = dict(standup, date=date)
        data["reviews"][str(n)] = dict(review, title=f"Review {n}", status="done")
        for k in range(15):
            key = str(n * 100 + k)
            data["review_items"][key] = dict(item, review_id=n, position=k, title=f"Item {k}")
    data["meta"]["1"]["next_id"] = {}
    out.write_bytes(orjson.dumps(data))
    return out


async def meeting_costs(path: Path, repeat: int) -> tuple[float, float, float, float]:
    """(review list reload, the same after another process renamed a review, stand-up history
    open, the re-read before that reload) in a running app, median seconds. After a change the
    file is re-read first, as the app's watcher does in its worker (which also makes the
    review list's listing there); the reload, in the UI thread, is timed apart."""
    from screens.app import RitualApp
    from screens.review.screen import ReviewScreen
    from screens.services import Services
    from screens.standup.history import HistoryScreen
    from storage.review_repo import ReviewRepo
    from storage.standup_repo import StandupRepo

    store = Store(path, "bench", ManualClock(NOW)).open()
    other = ReviewRepo(Store(path, "other", ManualClock(NOW)).open())
    app = RitualApp(Services(store, store.clock, "bench"), mode="review")
    reloads, changed, opens, rereads = [], [], [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen), screen
        for _ in range(repeat):
            start = time.perf_counter()
            screen.reload()
            reloads.append(time.perf_counter() - start)
        for n in range(repeat):
            other.act(1 + n % 10, lambda m, _, n=n: setattr(m.review, "title", f"Renamed {n}"))
            start = time.perf_counter()
            assert store.refresh()
            rereads.append(time.perf_counter() - start)
            start = time.perf_counter()
            screen.reload()
            changed.append(time.perf_counter() - start)
        await app.switch_mode("standup")
        await pilot.pause()
        repo = StandupRepo(store)
        for _ in range(repeat):
            start = time.perf_counter()
            history = HistoryScreen(repo.all())
            await app.push_screen(history)
            await pilot.pause()
            opens.append(time.perf_counter() - start)
            history.dismiss(None)
            await pilot.pause()
    return tuple(statistics.median(t) for t in (reloads, changed, opens, rereads))  # type: ignore[return-value]


def bench_meetings(directory: Path, repeat: int) -> list[Row]:
    demo = directory / "demo.json"
    if not demo.exists():
        make_demo(directory)
    few = asyncio.run(meeting_costs(meetings_file(demo, directory / "m10.json", 10), repeat))
    many = asyncio.run(meeting_costs(meetings_file(demo, directory / "m300.json", 300), repeat))
    rows = []
    for what, a, b in (
        ("review list reload", few[0], many[0]),
        ("same, after an outside change", few[1], many[1]),
        ("stand-up history open", few[2], many[2]),
    ):
        rows.append((f"{what}, 10", f"{a * 1000:.1f} ms", "baseline", ""))
        rows.append((f"{what}, 300", f"{b * 1000:.1f} ms", f"{b / a:.2f}x", verdict(b / a <= 2)))
    # the watcher's re-read before "after an outside change", off the UI thread: no target
    rows.append(("  (worker) re-read with the listing, 10", f"{few[3] * 1000:.1f} ms", "", ""))
    rows.append(
        (
            "  (worker) re-read with the listing, 300",
            f"{many[3] * 1000:.1f} ms",
            f"{many[3] / few[3]:.2f}x",
            "",
        )
    )
    return rows


class Terminal:
    """``ritual --db FILE --user USER MODE`` on a pseudo-terminal of its own, as a person runs
    it: keys go in through the terminal, what it paints is read and counted."""

    def __init__(self, path: Path, user: str, mode: str) -> None:
        master, child = pty.openpty()
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color"}
        self.proc = subprocess.Popen(
            [*RITUAL, "--db", str(path), "--user", user, mode],
            stdin=child,
            stdout=child,
            stderr=child,
            env=env,
            start_new_session=True,
        )
        os.close(child)
        self.master, self.painted = master, 0
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            while chunk := os.read(self.master, 65536):
                self.painted += len(chunk)

    def keys(self, *keys: bytes, pause: float = 1.5) -> None:
        for key in keys:
            time.sleep(pause)
            os.write(self.master, key)

    def idle(self, window: float) -> tuple[float, float]:
        """(percent of one core, bytes painted a second) over ``window`` seconds."""
        cpu, painted, start = cpu_seconds(self.proc.pid), self.painted, time.perf_counter()
        time.sleep(window)
        took = time.perf_counter() - start
        return (
            100 * (cpu_seconds(self.proc.pid) - cpu) / took,
            (self.painted - painted) / took,
        )

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        os.close(self.master)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_in(path: Path, mode: str, keys: tuple[bytes, ...], window: float) -> tuple[float, float]:
    term = Terminal(path, "bench", mode)
    try:
        term.keys(*keys, pause=2.0)
        time.sleep(3.0)  # first paint and start-up settle
        return term.idle(window)
    finally:
        term.close()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def settled(pid: int, quiet: float = 1.5, at_least: float = 2.0, limit: float = 60.0) -> None:
    """Wait until the process used no CPU for ``quiet`` seconds (its re-read and repaint are
    done), and at least ``at_least`` seconds (its watcher polls)."""
    start = time.perf_counter()
    time.sleep(at_least)
    last, still = cpu_seconds(pid), time.perf_counter()
    while time.perf_counter() - start < limit:
        time.sleep(0.25)
        now = cpu_seconds(pid)
        if now != last:
            last, still = now, time.perf_counter()
        elif time.perf_counter() - still >= quiet:
            return


def bench_memory(big: Path, changes: int = 5) -> list[Row]:
    """RSS of ``ritual board`` on the 26 MB file after it opened, then after outside changes
    (``ritual card add`` in other processes), each once the app re-read the file."""
    term = Terminal(big, "bench", "board")
    try:
        settled(term.proc.pid, at_least=3.0)
        rss = [rss_mb(term.proc.pid)]
        for n in range(changes):
            ritual(big, "card", "add", f"outside {n}")
            settled(term.proc.pid)
            rss.append(rss_mb(term.proc.pid))
    finally:
        term.close()
    rows = [("RSS of an open board, 26 MB", f"{rss[0]:.0f} MB", "baseline", "")]
    for n in (1, changes):
        ratio = rss[n] / rss[0]
        what = "first" if n == 1 else f"{n}th"
        rows.append(
            (
                f"  after the {what} outside change",
                f"{rss[n]:.0f} MB",
                f"{ratio:.2f}x",
                verdict(ratio <= 1.2),
            )
        )
    return rows


def bench_idle(directory: Path, big: Path, window: float) -> list[Row]:
    """Windows of ``window`` seconds; at least 30 s, so a stand-up's 15-s heartbeat falls in."""
    board_alone, _ = idle_in(big, "board", (), window)
    standup = Terminal(big, "bench", "standup")
    try:
        standup.keys(b" ", pause=3.0)  # space: start the stand-up, as its facilitator
        board_beside, _ = idle_in(big, "board", (), window)
    finally:
        standup.close()
    demo = directory / "demo.json"
    if not demo.exists():
        make_demo(directory)
    running_standup, standup_bytes = idle_in(demo, "standup", (b" ",), window)
    running_review, review_bytes = idle_in(demo, "review", (b"\r", b"s"), window)
    delta = board_beside - board_alone
    return [
        ("idle board, 26 MB", f"{board_alone:.2f} %", "baseline", verdict(board_alone < 0.5)),
        (
            "same, a stand-up running beside",
            f"{board_beside:.2f} %",
            f"{delta:+.2f} pt",
            verdict(abs(delta) <= 0.2),
        ),
        (
            f"running stand-up, idle ({standup_bytes / 1000:.1f} KB/s)",
            f"{running_standup:.2f} %",
            "",
            verdict(running_standup < 1.5),
        ),
        (
            f"running review, idle ({review_bytes / 1000:.1f} KB/s)",
            f"{running_review:.2f} %",
            "",
            verdict(running_review < 1.5),
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="cli,reread,meetings,memory,idle")
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--window", type=float, default=32.0, help="idle CPU window, seconds")
    args = parser.parse_args()
    only = set(args.only.split(","))
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="ritual-scale-") as tmp:
        directory = Path(tmp)
        # Every ritual launched loads its modules from cached bytecode, as an installed
        # ritual's do (pip compiles them), like benchmarks/board.py's launches: kept in the
        # temp directory, out of the source tree, written by the first (dropped) round.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(directory / "pycache")
        big = make_big(directory, args.docs) if only & {"cli", "reread", "memory", "idle"} else None
        sections: list[tuple[str, Callable[[], list[Row]]]] = [
            ("cli", lambda: bench_cli(directory, big, args.runs)),
            ("reread", lambda: bench_reread(big, args.runs)),
            ("meetings", lambda: bench_meetings(directory, args.runs)),
            ("memory", lambda: bench_memory(big)),
            ("idle", lambda: bench_idle(directory, big, args.window)),
        ]
        for name, run in sections:
            if name in only:
                rows.extend(run())
                print(f"... {name} done", file=sys.stderr, flush=True)
    width = max(len(r[0]) for r in rows)
    for what, figure, ratio, mark in rows:
        print(f"{what:<{width}}  {figure:>10}  {ratio:>9}  {mark}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Child process of ``benchmarks/board.py``: run an app and say when its first frame painted.

    python benchmarks/first_paint.py OUT EXPECT minimal
    python benchmarks/first_paint.py OUT EXPECT ritual --db FILE --user x board

``minimal`` runs a Textual app showing one Label; ``ritual ...`` runs exactly what the ``ritual``
command runs (``ritual.cli.main`` with those arguments). The first frame that shows what we wait
for (the Label, or a board whose columns hold EXPECT cards) writes ``time.monotonic()`` to OUT
and the process ends at once. ``time.monotonic()`` is one system-wide clock (CLOCK_MONOTONIC on
Linux), so the parent compares it with the moment it launched this process.

The product code knows nothing of this: the harness wraps ``App._display`` (every frame passes
through it) from the outside. With ``BENCH_HEADLESS=1`` every app runs on Textual's headless
driver (``App.run(headless=True)``) at BENCH_SIZE (default 120x40); otherwise on the real
terminal this process is given.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

HERE, ROOT = Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]


def _painted(out: str) -> None:
    at = time.monotonic()
    Path(out).write_text(repr(at))
    os._exit(0)  # no teardown: the parent measured what it waits for


def _label_shown(app) -> bool:
    from textual.widgets import Label

    labels = list(app.screen.query(Label))
    return bool(labels) and labels[0].size.height > 0


def _board_shown(expect: int):
    def ready(app) -> bool:
        from screens.board.card_list import CardList

        lists = list(app.screen.query(CardList))
        return (
            bool(lists)
            and sum(len(lst.cards) for lst in lists) == expect
            and all(lst.size.height > 0 for lst in lists if lst.cards)  # "Other" hides empty
        )

    return ready


def _watch_frames(out: str, ready) -> None:
    from textual.app import App

    original_display = App._display
    original_run = App.run

    def display(app: App, screen, update) -> None:
        original_display(app, screen, update)
        if update is not None and ready(app):
            _painted(out)

    App._display = display  # type: ignore[method-assign]
    if os.environ.get("BENCH_HEADLESS") == "1":
        width, height = (int(n) for n in os.environ.get("BENCH_SIZE", "120x40").split("x"))

        def run(app: App, **kwargs):
            return original_run(app, **{**kwargs, "headless": True, "size": (width, height)})

        App.run = run  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    out, expect, what, rest = argv[0], int(argv[1]), argv[2], argv[3:]
    if what == "minimal":
        from textual.app import App, ComposeResult
        from textual.widgets import Label

        class OneLabel(App[None]):
            def compose(self) -> ComposeResult:
                yield Label("Hello")

        _watch_frames(out, _label_shown)
        OneLabel().run()
        return 1  # it never painted
    if what == "ritual":
        _watch_frames(out, _board_shown(expect))
        from ritual.cli import main as ritual_main

        ritual_main(rest)
        return 1
    raise SystemExit(f"unknown app {what!r}: minimal or ritual")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

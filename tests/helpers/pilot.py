"""Waiting in pilot tests: for the write workers, their callbacks and the repaint after them."""

from __future__ import annotations

from textual.pilot import Pilot


async def settle(pilot: Pilot) -> None:
    """A write runs in a worker, then a callback reloads, which may start the file watcher's
    re-read: three rounds of waiting cover the chain."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

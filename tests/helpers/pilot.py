"""Waiting in pilot tests: for the app's writer, the workers, the messages and the repaint."""

from __future__ import annotations

import asyncio
import contextlib

from textual.pilot import Pilot
from textual.worker import WorkerCancelled


async def settle(pilot: Pilot) -> None:
    """A write waits in the app's writer, answers with a message, the screen reloads, which
    may start the file watcher's re-read: three rounds of waiting cover the chain. Dialog
    flows (workers waiting on an open form) are left waiting."""
    app = pilot.app
    writer = getattr(getattr(app, "services", None), "writer", None)
    for _ in range(3):
        if writer is not None:
            assert await asyncio.to_thread(writer.wait_idle, 30), "the writer never finished"
        for worker in [w for w in app.workers if w.group != "dialog" and not w.is_finished]:
            with contextlib.suppress(WorkerCancelled):  # an exclusive re-read made obsolete
                await worker.wait()
        await pilot.pause()

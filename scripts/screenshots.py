"""Make the README's screenshots: python scripts/screenshots.py [OUT_DIR] (default docs/).

Runs the app headless on a fresh demo team with a manual clock, so the pictures are the same
every time, and saves SVGs (Textual's own screenshot format).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from ritual.cli.demo import seed
from ritual.clock import ManualClock
from screens.app import RitualApp
from screens.services import Services
from storage.store import Store


async def shoot(out: Path) -> None:
    clock = ManualClock("2026-11-26T08:58:00Z")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "demo.json", "maya", clock).open(create=True)
        seed(store, clock)
        services = Services(store, clock, "maya")

        app = RitualApp(services, mode="standup")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("space")
            await app.workers.wait_for_complete()
            clock.advance(75)
            await pilot.press("n")
            await app.workers.wait_for_complete()
            clock.advance(102)
            await pilot.pause()
            app.screen.tick()
            await pilot.pause()
            app.save_screenshot("screenshot.svg", str(out))

        app = RitualApp(services, mode="board")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.save_screenshot("board.svg", str(out))


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    target.mkdir(parents=True, exist_ok=True)
    asyncio.run(shoot(target))
    print(f"screenshots written to {target}/")

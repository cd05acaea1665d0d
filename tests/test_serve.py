"""``ritual serve``: refusals on the command line, and the board in a real headless Chromium
(Debian's chromium, installed by .ci/run) where a key pressed moves a card in the store."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from helpers.browser import RECORD_MESSAGES, Browser, need_chromium
from helpers.cli import ritual
from helpers.pg import free_port

from ritual.iteration import Column
from storage.board_repo import BoardRepo
from storage.store import Store


def test_serving_beyond_loopback_needs_expose_and_warns(tmp_path: Path):
    refused = ritual(tmp_path / "none.json", "serve", "--host", "0.0.0.0")
    assert refused.returncode == 2
    assert refused.stderr.startswith("ritual: --host 0.0.0.0 is not loopback")
    assert refused.stderr.count("\n") == 1
    missing = ritual(tmp_path / "none.json", "serve")
    assert missing.returncode == 2 and "No team file at" in missing.stderr


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


def columns(db: Path) -> dict[int, str]:
    return {c.id: c.column.value for c in BoardRepo(Store(db, "t").open()).cards()}


def test_the_board_in_a_browser_and_a_key_that_moves_a_card(tmp_path: Path):
    binary = need_chromium()
    db = tmp_path / "team.json"
    assert ritual(db, "demo").returncode == 0
    repo = BoardRepo(Store(db, "t").open())
    iteration = repo.current_iteration()
    assert iteration is not None
    titles = [c.title for c in repo.board_cards(iteration.id)]
    before = columns(db)
    port = free_port()
    env = {**os.environ, "RITUAL_DB": str(db), "USER": "maya"}
    server = subprocess.Popen(
        [sys.executable, "-m", "ritual", "serve", "--port", str(port), "--mode", "board"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    browser = Browser(binary)
    try:
        wait_for_port(port, server)
        asyncio.run(drive(browser, port, titles, db, before))
    finally:
        browser.close()
        server.terminate()
        server.wait(10)


async def drive(browser: Browser, port: int, titles: list[str], db: Path, before: dict) -> None:
    session, ws = await browser.page()
    try:
        await browser.call(ws, "Page.enable")
        await browser.call(ws, "Page.addScriptToEvaluateOnNewDocument", source=RECORD_MESSAGES)
        await browser.call(ws, "Page.navigate", url=f"http://127.0.0.1:{port}/")
        deadline = time.monotonic() + 60
        seen = ""
        # Titles are cut to the column width; the header names the person who started the
        # server (every session is them).
        while sum(t[:10] in seen for t in titles) < 2 or "maya" not in seen:
            assert time.monotonic() < deadline, f"board not seen; the page got {seen[-400:]!r}"
            await asyncio.sleep(0.2)
            seen = await browser.screen_text(ws)
        await browser.call(
            ws,
            "Runtime.evaluate",
            expression="document.querySelector('.xterm-helper-textarea').focus()",
        )
        for kind in ("keyDown", "keyUp"):
            await browser.call(
                ws,
                "Input.dispatchKeyEvent",
                type=kind,
                key=">",
                code="Period",
                text=">" if kind == "keyDown" else "",
                modifiers=8,
                windowsVirtualKeyCode=190,
            )
        deadline = time.monotonic() + 30
        while (after := columns(db)) == before:
            assert time.monotonic() < deadline, "the key press changed nothing in the store"
            await asyncio.sleep(0.2)
        moved = [cid for cid in before if after[cid] != before[cid]]
        assert len(moved) == 1
        assert Column(after[moved[0]]) is Column(before[moved[0]]).next(1)  # '>': one right
        # ctrl+d: the board as a Markdown file, downloaded by the browser (not written on the
        # server's disk for the person at the browser to go and find)
        downloads = db.parent / "browser-downloads"
        downloads.mkdir()
        await browser.call(
            ws, "Page.setDownloadBehavior", behavior="allow", downloadPath=str(downloads)
        )
        for kind in ("keyDown", "keyUp"):
            await browser.call(
                ws,
                "Input.dispatchKeyEvent",
                type=kind,
                key="d",
                code="KeyD",
                modifiers=2,  # ctrl
                windowsVirtualKeyCode=68,
            )
        deadline = time.monotonic() + 30
        while not (done := [f for f in downloads.iterdir() if f.suffix == ".md"]):
            assert time.monotonic() < deadline, "ctrl+d downloaded nothing in the browser"
            await asyncio.sleep(0.2)
        assert done[0].name.startswith("board-") and "Sprint 14" in done[0].read_text()
    finally:
        await ws.close()
        await session.close()

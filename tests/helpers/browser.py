"""A real headless Chromium driven over the DevTools protocol (aiohttp's WebSocket client,
already installed with textual-serve): no browser-automation dependency.

The served terminal draws on a canvas, so what the page shows is read where it arrives: a
script installed before the page's own wraps WebSocket and keeps every message the app sends.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from typing import Any

import pytest
from helpers.pg import free_port

RECORD_MESSAGES = """
window.__ritual = [];
const Real = window.WebSocket;
function Recording(...args) {
  const ws = new Real(...args);
  ws.addEventListener('message', (e) => {
    const d = e.data;
    window.__ritual.push(typeof d === 'string' ? d : new TextDecoder().decode(d));
  });
  return ws;
}
Recording.prototype = Real.prototype;
Object.assign(Recording, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
window.WebSocket = Recording;
"""

ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def need_chromium() -> str:
    found = chromium_path()
    if found is None:
        reason = "no chromium (apt-get install chromium); .ci/run installs it"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


class Browser:
    """One headless Chromium with one page; :meth:`run` drives it from a coroutine."""

    def __init__(self, binary: str) -> None:
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="ritual-chromium-")
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",  # we are root in CI; the page is our own on 127.0.0.1
                "--disable-gpu",
                "--no-first-run",
                f"--user-data-dir={self.profile}",
                "--remote-debugging-address=127.0.0.1",
                f"--remote-debugging-port={self.port}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._ids = itertools.count(1)

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)

    async def page(self) -> Any:
        import aiohttp

        session = aiohttp.ClientSession()
        deadline = time.monotonic() + 30
        while True:
            try:
                async with session.get(f"http://127.0.0.1:{self.port}/json/list") as r:
                    targets = await r.json()
                pages = [t for t in targets if t.get("type") == "page"]
                if pages:
                    break
            except aiohttp.ClientError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError("chromium's DevTools endpoint did not answer")
            await asyncio.sleep(0.1)
        ws = await session.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)
        return session, ws

    async def call(self, ws: Any, method: str, **params: Any) -> dict[str, Any]:
        msg_id = next(self._ids)
        await ws.send_str(json.dumps({"id": msg_id, "method": method, "params": params}))
        while True:
            reply = json.loads((await ws.receive()).data)
            if reply.get("id") == msg_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    async def screen_text(self, ws: Any) -> str:
        """Every character the app sent to this page so far, escape sequences removed."""
        result = await self.call(
            ws, "Runtime.evaluate", expression="window.__ritual.join('')", returnByValue=True
        )
        return ESCAPES.sub("", result["result"].get("value") or "")

"""Run ``ritual`` on a real pseudo-terminal, type keys into it, keep every byte it writes.

What the app writes to a terminal is what a teammate's terminal would act on, so tests that must
prove no user text steers a terminal read these raw bytes rather than the widgets' contents.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import threading
import time
from pathlib import Path

KEYS = {
    "escape": "\x1b",
    "enter": "\r",
    "tab": "\t",
    "shift+tab": "\x1b[Z",
    "space": " ",
    "down": "\x1b[B",
    "up": "\x1b[A",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "ctrl+s": "\x13",
    "ctrl+p": "\x10",
    "ctrl+q": "\x11",
}


class Terminal:
    """A ``ritual`` process whose terminal is a pty of a fixed size; ``output`` is all it wrote."""

    def __init__(
        self,
        args: list[str],
        db: Path,
        user: str,
        size: tuple[int, int] = (110, 34),
        lang: str = "C.UTF-8",
    ):
        cols, rows = size
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/tmp"),
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "LANG": lang,
            "USER": user,
            "RITUAL_DB": str(db),
            "TEXTUAL_ANIMATIONS": "none",
        }
        argv = [sys.executable, "-m", "ritual", *args]
        pid, fd = pty.fork()
        if pid == 0:  # the child: its terminal gets the size before the app asks for it
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execve(sys.executable, argv, env)
        self.pid, self.fd = pid, fd
        self._buf = bytearray()
        self._cond = threading.Condition()
        self._closed = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.5)
                if not ready:
                    continue
                data = os.read(self.fd, 65536)
            except OSError:  # EIO: the child closed its side
                data = b""
            with self._cond:
                if not data:
                    self._closed = True
                    self._cond.notify_all()
                    return
                self._buf += data
                self._cond.notify_all()

    @property
    def output(self) -> bytes:
        with self._cond:
            return bytes(self._buf)

    def mark(self) -> int:
        with self._cond:
            return len(self._buf)

    def since(self, mark: int) -> str:
        return screen_text(self.output[mark:])

    def wait_for(self, text: str, since: int = 0, timeout: float = 30.0) -> str:
        """Wait until ``text`` is among the characters written after ``since``."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                shown = screen_text(bytes(self._buf[since:]))
                if text in shown:
                    return shown
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise AssertionError(f"{text!r} never appeared; last output: {shown[-600:]!r}")
                self._cond.wait(left)

    def settle(self, quiet: float = 0.4, timeout: float = 20.0) -> None:
        """Wait until the app has stopped writing (it repaints only when something changed)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            seen = len(self._buf)
            while time.monotonic() < deadline and not self._closed:
                self._cond.wait(quiet)
                if len(self._buf) == seen:
                    return
                seen = len(self._buf)

    def press(self, *keys: str, expect: str | None = None) -> str:
        """Type ``keys`` (names from KEYS, or literal characters); wait for ``expect`` or quiet."""
        start = self.mark()
        for key in keys:
            os.write(self.fd, KEYS.get(key, key).encode())
            if key == "escape":  # a lone ESC is only a key once nothing follows it
                self.settle(quiet=0.2)
        if expect is not None:
            self.wait_for(expect, since=start)
        self.settle()
        return self.since(start)

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        os.waitpid(self.pid, 0)
        self._reader.join(timeout=5)
        os.close(self.fd)


# Escape sequences a terminal acts on: CSI, OSC (ended by BEL or ST), and two-byte ESC x.
_SEQUENCE = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


def screen_text(raw: bytes) -> str:
    """The characters written, escape sequences removed (good enough to find a word)."""
    return _SEQUENCE.sub(b"", raw).decode("utf-8", "replace")


def sequences(raw: bytes) -> list[bytes]:
    """Every escape sequence in ``raw``, in order."""
    return _SEQUENCE.findall(raw)

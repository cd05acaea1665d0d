"""Run ``ritual`` on a real pseudo-terminal, as a person at a keyboard would."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


class Terminal:
    """A ritual process on a pty: stdin, stdout and stderr (where Textual draws) are it."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None):
        self.master, slave = os.openpty()
        os.set_blocking(self.master, False)
        self.proc = subprocess.Popen(
            args,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={
                **os.environ,
                "TERM": "xterm-256color",
                "COLUMNS": "80",
                "LINES": "24",
                **(env or {}),
            },
            cwd=cwd,
            start_new_session=True,
        )
        os.close(slave)
        self.screen = b""

    def read_until(self, done: Callable[[bytes], bool], timeout: float = 30.0) -> bytes:
        """What the process printed, read until ``done(all output)`` or it exits."""
        deadline = time.monotonic() + timeout
        while not done(self.screen) and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    self.screen += os.read(self.master, 65536)
                except OSError:  # the process closed the terminal
                    if self.proc.poll() is not None:
                        break
            elif self.proc.poll() is not None:
                break
        return self.screen

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def finish(self, timeout: float = 30.0) -> tuple[int, str]:
        """Exit status and everything shown; the terminal is drained so the app never blocks."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self.read_until(lambda _: False, timeout=0.2)
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.read_until(lambda _: False, timeout=0.5)
        os.close(self.master)
        return self.proc.returncode, self.screen.decode(errors="replace")


def after_app(screen: str) -> str:
    """What was printed after the app gave the terminal back (left the alternate screen)."""
    return screen.rpartition("\x1b[?1049l")[2]


def ritual_args(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "ritual", "--db", str(db), "--user", "ci", *args]

"""Another process holding the team file's lock until the test lets go: the file is busy."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOLDER = """
import sys
from pathlib import Path
from storage.lock import exclusive_lock
with exclusive_lock(Path(sys.argv[1]), timeout=5):
    print("held", flush=True)
    sys.stdin.readline()
"""


@contextlib.contextmanager
def lock_held_elsewhere(path: Path) -> Iterator[None]:
    """While inside, a separate process holds ``path``'s lock (as a teammate's write would)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield
    finally:
        holder.communicate("\n", timeout=30)

"""Giving the memory of a replaced copy of the team file back to the system (issue 17).

When another process changes the team file, an open app parses it again and drops the copy it
had. Python frees that copy at once (nothing else holds it: see tests/test_memory.py), but
two things kept its memory in the process, so an app on a 26 MB file went from 142 MB after
opening to 235 MB after the first outside change and kept growing:

- orjson keeps the key strings of what it parsed last in a small cache of its own (2,048
  slots). Those few strings sit among the dropped copy's records and keep whole 1 MiB arenas
  of Python's allocator from being released. Parsing keys this process made up, twice (two
  sets, so that every slot misses at least once), puts new strings in every slot, allocated
  now, next to the copy in use.
- glibc's malloc keeps freed memory for later; ``malloc_trim`` hands its free pages back.

Both run after a re-read that replaced a copy, in the watcher's worker, never at start-up.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable

import orjson

_KEYS = 20_000  # enough to reach every slot of orjson's 2,048-slot cache
_state: dict[str, object] = {}


def _flushes() -> tuple[bytes, bytes]:
    flushes = _state.get("flushes")
    if flushes is None:
        flushes = tuple(
            b"{" + b",".join(b'"~%s%d":0' % (name, n) for n in range(_KEYS)) + b"}"
            for name in (b"a", b"b")
        )
        _state["flushes"] = flushes
    return flushes  # type: ignore[return-value]


def _malloc_trim() -> Callable[[int], int] | None:
    if "trim" not in _state:
        trim = None
        if sys.platform.startswith("linux"):
            import ctypes  # after a re-read only, never at start-up

            with contextlib.suppress(OSError, AttributeError):
                trim = ctypes.CDLL(None).malloc_trim  # glibc; musl has none
        _state["trim"] = trim
    return _state["trim"]  # type: ignore[return-value]


def release_freed_memory() -> None:
    """After a parsed copy of the file was dropped: let its memory go back to the system."""
    for payload in _flushes():
        orjson.loads(payload)
    trim = _malloc_trim()
    if trim is not None:
        trim(0)

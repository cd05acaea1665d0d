"""Tell a process, within a fraction of a second, that another process replaced the team file.

Every write replaces the file, so its inode changes; a cheap ``stat`` every ``interval`` seconds
notices it. Polling one path costs microseconds a tick, which keeps an idle watcher far below
1 % of a core, and needs no extra dependency or inotify limits on a shared SSH host.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from storage.sharedfile import Signature, stat_signature


class FileWatcher:
    """Calls ``on_change`` whenever the file's signature changes: from its own thread after
    :meth:`start`, or from whoever calls :meth:`check` after :meth:`start_polling`."""

    def __init__(
        self,
        path: str | Path,
        on_change: Callable[[], None],
        interval: float = 0.1,
        seen: Callable[[], Signature | None] | None = None,
    ) -> None:
        self.path = Path(path)
        self._seen = seen  # the signature its reader last read, if it has one
        self.on_change = on_change
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last: Signature | None = None
        self._checking = threading.Lock()

    def start_polling(self) -> FileWatcher:
        """Start from the file as its reader last read it (else as it is now), so a change
        made before polling began is reported too; the owner then calls :meth:`check` on its
        own timer."""
        self._last = self._seen() if self._seen is not None else stat_signature(self.path)
        return self

    def start(self) -> FileWatcher:
        """Poll from a daemon thread of our own."""
        self.start_polling()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="ritual-watch", daemon=True)
        self._thread.start()
        return self

    def check(self) -> bool:
        """One poll: True (and ``on_change`` called) when the file changed since the last.

        Safe to call from a test or a UI timer while the thread polls too: one change is
        reported once.
        """
        with self._checking:
            current = stat_signature(self.path)
            if current == self._last:
                return False
            self._last = current
        self.on_change()
        return True

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.check()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1)
            self._thread = None

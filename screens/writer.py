"""The app's one ordered writer: every change a person makes goes through it, in order.

Thread workers started one per change commit in any order (a move made after an edit could land
first). This writer owns one thread and one queue: changes are applied exactly in the order they
were submitted, each in its own transaction, and each answers the widget that asked with a
message, :class:`WriteStored` or :class:`WriteRefused` carrying the reason, so a form can stay
open with its text until its change is on disk.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump

from ritual.errors import RitualError
from ritual.i18n import _
from storage.errors import StoreError

log = logging.getLogger(__name__)
_ids = itertools.count(1)


@dataclass(eq=False)
class WriteRequest:
    """One change: ``fn(*args, **kwargs)`` run on the writer's thread. ``kind`` names it for
    the widget that handles the answer ("move", "add-card"...)."""

    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    reply_to: MessagePump | None
    kind: str = ""
    id: int = field(default_factory=lambda: next(_ids))


class WriteStored(Message):
    """The change is on disk; ``result`` is what the repository returned."""

    def __init__(self, request: WriteRequest, result: Any) -> None:
        super().__init__()
        self.request, self.result = request, result

    @property
    def kind(self) -> str:
        return self.request.kind


class WriteRefused(Message):
    """Nothing was written; ``reason`` is one sentence a person can act on."""

    def __init__(self, request: WriteRequest, reason: str) -> None:
        super().__init__()
        self.request, self.reason = request, reason

    @property
    def kind(self) -> str:
        return self.request.kind


class Writer:
    """Applies submitted changes one at a time, in submission order, on one thread.

    ``refusal()`` is asked before each change (the app's read-only reason, "" to write).
    """

    def __init__(self, refusal: Callable[[], str] = lambda: "") -> None:
        self._refusal = refusal
        self._queue: queue.SimpleQueue[WriteRequest | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._idle = threading.Condition()
        self._pending = 0

    def submit(
        self,
        reply_to: MessagePump | None,
        fn: Callable[..., Any],
        *args: Any,
        kind: str = "",
        **kwargs: Any,
    ) -> WriteRequest:
        """Queue ``fn(*args, **kwargs)`` behind every change submitted before it."""
        request = WriteRequest(fn, args, kwargs, reply_to, kind)
        with self._idle:
            self._pending += 1
        self._ensure_thread()
        self._queue.put(request)
        return request

    def _ensure_thread(self) -> None:
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="ritual-writer", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            request = self._queue.get()
            if request is None:
                return
            try:
                answer = self._apply(request)
                if request.reply_to is not None:
                    request.reply_to.post_message(answer)
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()

    def _apply(self, request: WriteRequest) -> Message:
        reason = self._refusal()
        if reason:
            return WriteRefused(request, reason)
        try:
            result = request.fn(*request.args, **request.kwargs)
        except (RitualError, StoreError) as exc:
            return WriteRefused(request, str(exc))
        except OSError as exc:
            return WriteRefused(
                request,
                _("the team file could not be written ({reason}).").format(reason=exc.strerror),
            )
        except Exception:  # the writer must outlive one bad change
            log.exception("a change failed")
            return WriteRefused(request, _("the change failed unexpectedly; nothing was written."))
        return WriteStored(request, result)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every submitted change has been applied (for shutting down)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self, timeout: float = 30.0) -> None:
        """Apply what is queued, then stop the thread."""
        with self._start_lock:
            thread, self._thread = self._thread, None
        if thread is not None and thread.is_alive():
            self._queue.put(None)
            thread.join(timeout)

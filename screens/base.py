"""The base of every ritual screen: reading on change, writing in a worker, errors as toasts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on, work
from textual.binding import Binding
from textual.screen import Screen

from ritual.errors import RitualError
from screens.messages import StoreChanged
from screens.services import Services
from storage.errors import StoreError


class RitualScreen(Screen):
    """A screen over the shared file. Subclasses implement :meth:`reload`."""

    BINDINGS = [
        Binding("escape", "app.switch_mode('home')", "Home", id="home", tooltip="Back home"),
    ]

    def __init__(self, services: Services, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services

    def reload(self) -> None:
        """Re-read what this screen shows from the store and update the widgets in place."""

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    @on(StoreChanged)
    def _store_changed(self, _: StoreChanged) -> None:
        self.reload()

    def refuse_if_read_only(self) -> bool:
        if self.services.read_only:
            self.notify(
                self.services.read_only_reason or "Read-only: nothing can be changed here.",
                severity="warning",
                markup=False,
            )
            return True
        return False

    def write(
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], None] | None = None,
        **kwargs: Any,
    ) -> None:
        """Run one store change in a worker thread; ``done(result)`` on the UI afterwards.

        A refusal (bad input, busy or broken file) becomes one toast; nothing is lost on screen.
        """
        if self.refuse_if_read_only():
            return
        self._write_worker(fn, args, kwargs, done)

    @work(thread=True, group="write")
    def _write_worker(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        done: Callable[[Any], None] | None,
    ) -> None:
        try:
            result = fn(*args, **kwargs)
        except (RitualError, StoreError) as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._after_write, result, done)

    def _after_write(self, result: Any, done: Callable[[Any], None] | None) -> None:
        if done is not None:
            done(result)
        self.reload()

"""The base of every ritual screen: reading on change, writing through the app's one ordered
writer, its answers as messages, refusals as toasts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen
from textual.widgets import Static

from ritual.i18n import N_, _
from screens.messages import StoreChanged
from screens.services import Services
from screens.translation import translate_bindings
from screens.writer import WriteRefused, WriteStored

if TYPE_CHECKING:
    from screens.dialogs import FormScreen  # imported by the keys that open a form

READ_ONLY_TEXT = N_("Read-only: nothing can be changed here.")


class RitualScreen(Screen):
    """A screen over the shared file. Subclasses implement :meth:`reload`."""

    BINDINGS = [
        Binding(
            "escape", "app.switch_mode('home')", N_("Home"), id="home", tooltip=N_("Back home")
        ),
    ]
    # `?` (the app's binding, id "help") opens screens/help.py over any ritual screen:
    # its title there, and lines for keys its widgets handle themselves.
    HELP_TITLE = N_("Keys")
    HELP_EXTRA: list[tuple[str, str]] = []

    def __init__(self, services: Services, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        # The footer, `?` and the palette read this: descriptions in the language in use.
        return translate_bindings(super().active_bindings)

    def reload(self) -> None:
        """Re-read what this screen shows from the store and update the widgets in place."""

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    @on(StoreChanged)
    def _store_changed(self, _: StoreChanged) -> None:
        self.reload()

    def action_help(self) -> None:
        from screens.help import HelpScreen, help_rows

        self.app.push_screen(HelpScreen(_(self.HELP_TITLE), help_rows(self)))

    @property
    def read_only_text(self) -> str:
        """Why nothing can be changed here (the banner's and every refusal's wording)."""
        return self.services.read_only_reason or _(READ_ONLY_TEXT)

    def read_only_banner(self) -> ComposeResult:
        """The banner under the header of a read-only app, so nobody types in vain."""
        if self.services.read_only:
            yield Static(self.read_only_text, id="banner", classes="banner read-only", markup=False)

    def refuse_if_read_only(self) -> bool:
        if self.services.read_only:
            self.notify(self.read_only_text, severity="warning", markup=False)
            return True
        return False

    def write(self, fn: Callable[..., Any], *args: Any, kind: str = "", **kwargs: Any) -> None:
        """Queue one change behind every change made before it (the app's one writer).

        The answer comes back as a message: :meth:`stored` is called with it and the screen
        re-reads; a refusal (bad input, busy or broken file) becomes one toast.
        """
        if self.refuse_if_read_only():
            return
        self.services.writer.submit(self, fn, *args, kind=kind, **kwargs)

    def deliver(self, filename: str, text: str) -> None:
        """An export as a file for the person: a download in a browser (``ritual serve``), a
        new file in their downloads directory (or ``$RITUAL_DOWNLOAD_DIR``) in a terminal.
        The app says where it went (or why not) when it is done."""
        import io
        import os

        self.app.deliver_text(
            io.StringIO(text),
            save_directory=os.environ.get("RITUAL_DOWNLOAD_DIR") or None,
            save_filename=filename,
            mime_type="text/markdown",
        )

    def stored(self, message: WriteStored) -> None:
        """One of this screen's changes is on disk (``message.kind`` says which)."""

    def on_write_stored(self, message: WriteStored) -> None:
        self.stored(message)
        self.reload()

    def on_write_refused(self, message: WriteRefused) -> None:
        self.refused(message)

    def refused(self, message: WriteRefused) -> None:
        """One of this screen's changes was refused: nothing was written; say why."""
        self.notify(message.reason, severity="error", markup=False)

    def form(self, form: FormScreen[Any], fn: Callable[[Any], Any]) -> FormScreen[Any]:
        """``form``, storing what is typed with ``fn(values)`` through the app's writer."""
        return form.saving(self.services.writer, fn)

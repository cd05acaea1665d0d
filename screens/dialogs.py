"""The app's dialogs, one of each kind for every ritual: a yes/no question, a form, a prompt.

A form keeps what was typed when it is refused and says why under the fields, so nothing needs
to be typed twice; the screen below may reload meanwhile. A form that stores what it holds
(:meth:`FormScreen.saving`) closes only once the app's writer says it is stored: a refused write
(busy, deleted meanwhile, read-only, disk full, a stand-up taken over) leaves it open with the
text and the reason on its last line, to save again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ritual.errors import RitualError
from ritual.i18n import N_, _
from screens.writer import Writer, WriteRefused, WriteRequest, WriteStored

# Absolute, because a relative CSS_PATH is read beside the subclass's module, not this one.
FORMS_TCSS = str(Path(__file__).with_name("forms.tcss"))

T = TypeVar("T")


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question: y answers yes, n or escape no. The safe answer, No, has the focus, so
    enter on it cancels; enter confirms once the yes button is focused."""

    CSS_PATH = FORMS_TCSS
    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes"), id="confirm-yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm-no"),
    ]

    def __init__(self, question: Text, yes_label: str = "") -> None:
        """``yes_label`` names what yes does ("Delete"), already translated; "Yes" if none."""
        super().__init__()
        self._question, self._yes = question, yes_label or _("Yes")

    def compose(self) -> ComposeResult:
        with Vertical(classes="form confirm"):
            yield Static(self._question, id="question")
            with Horizontal(classes="form-buttons"):
                yield Button(f"{self._yes} (y)", variant="error", id="yes")  # i18n: literal
                yield Button(_("No (n)"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_answer(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class FormScreen(ModalScreen[Any], Generic[T]):
    """Fields with Save and Cancel. Save (the button, ctrl+s, enter in a one-line field) asks
    :meth:`values`; a RitualError it raises is shown on the error line and the form stays.
    Without :meth:`saving` the form dismisses with the values; with it, it hands them to the
    writer and dismisses with what was stored. Cancel, escape and the Cancel button, dismiss
    with None."""

    SAVING = N_("Saving…")
    _writer: Writer | None = None
    _save_with: Callable[[Any], Any] | None = None
    _request: WriteRequest | None = None

    def saving(self, writer: Writer, store: Callable[[T], Any]) -> FormScreen[T]:
        """Store the checked values with ``store(values)`` on ``writer``; dismiss with its
        result (the values when it returns None) once stored."""
        self._writer, self._save_with = writer, store
        return self

    CSS_PATH: ClassVar[CSSPathType | None] = FORMS_TCSS
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="form-cancel"),
        Binding("ctrl+s", "save", N_("Save"), id="form-save"),
    ]

    def values(self) -> T:
        """What was typed, checked; raises RitualError naming what to fix."""
        raise NotImplementedError

    def error_and_buttons(self, save_label: str = "") -> ComposeResult:
        """The error line and the Save/Cancel row, for the end of a subclass's compose
        (``save_label`` already translated; "Save" if none)."""
        yield Label("", id="error", classes="form-error", markup=False)
        with Horizontal(classes="form-buttons"):
            yield Button(save_label or _("Save"), variant="primary", id="save")
            yield Button(_("Cancel"), id="cancel")

    def refuse(self, reason: str) -> None:
        self.query_one("#error", Label).update(reason)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        if self._request is not None:
            return  # one save at a time: this one is on its way
        try:
            values = self.values()
        except RitualError as exc:
            self.refuse(str(exc))
            return
        if self._writer is None or self._save_with is None:
            self.dismiss(values)
            return
        self.refuse(_(self.SAVING))
        self._request = self._writer.submit(self, self._save_with, values, kind="form")
        self._values = values

    def on_write_stored(self, message: WriteStored) -> None:
        if message.request is self._request:
            message.stop()
            self._request = None
            self.dismiss(self._values if message.result is None else message.result)

    def on_write_refused(self, message: WriteRefused) -> None:
        if message.request is self._request:
            message.stop()
            self._request = None
            self.refuse(message.reason)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PromptDialog(FormScreen[str]):
    """One line of text. ``check`` may refuse it with a RitualError; the text stays to be fixed.
    Dismisses with the text as typed (None when cancelled)."""

    OK_LABEL = N_("OK")

    def __init__(
        self,
        title: str | Text,
        label: str = "",
        value: str = "",
        check: Callable[[str], Any] | None = None,
        placeholder: str = "",
        max_length: int = 0,
    ) -> None:
        super().__init__()
        self._title, self._label, self._value = title, label, value
        self._check, self._placeholder, self._max_length = check, placeholder, max_length

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Label(self._title, classes="form-title", markup=False)
            if self._label:
                yield Label(self._label, markup=False)
            yield Input(
                self._value,
                placeholder=self._placeholder,
                max_length=self._max_length,
                id="value",
            )
            yield from self.error_and_buttons(_(self.OK_LABEL))

    def values(self) -> str:
        value = self.query_one("#value", Input).value
        if self._check is not None:
            self._check(value)
        return value

"""Small board dialogs: confirm, one-line prompt, filter. Each dismisses with its answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ritual.errors import RitualError
from ritual.iteration import PRIORITIES, CardFilter
from ritual.text import one_line

FORM_CSS = ["../forms.tcss", "dialogs.tcss"]


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; y or enter confirms, n or escape cancels."""

    CSS_PATH = FORM_CSS
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: Text, yes: str = "Yes") -> None:
        super().__init__()
        self._question, self._yes = question, yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self._question, id="question")
            with Horizontal(classes="form-buttons"):
                yield Button(f"{self._yes} (y)", variant="error", id="yes")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class PromptDialog(ModalScreen[str | None]):
    """One line of text. ``check`` may refuse it (RitualError); the text stays to be fixed."""

    CSS_PATH = FORM_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt-cancel")]

    def __init__(
        self,
        title: str,
        label: str,
        value: str = "",
        check: Callable[[str], Any] | None = None,
        placeholder: str = "",
    ) -> None:
        super().__init__()
        self._title, self._label, self._value = title, label, value
        self._check, self._placeholder = check, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Label(self._title, classes="form-title", markup=False)
            yield Label(self._label, markup=False)
            yield Input(self._value, placeholder=self._placeholder, id="value")
            yield Label("", id="error", classes="form-error", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        value = self.query_one("#value", Input).value
        if self._check is not None:
            try:
                self._check(value)
            except RitualError as exc:
                self.query_one("#error", Label).update(str(exc))
                return
        self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def _plain(text: str) -> Text:
    return Text(one_line(text))


class FilterDialog(ModalScreen[CardFilter | None]):
    """Show only cards of one assignee, label and/or priority (search and "mine" are kept)."""

    CSS_PATH = FORM_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="filter-cancel")]

    def __init__(self, current: CardFilter, assignees: list[str], labels: list[str]) -> None:
        super().__init__()
        self._current, self._assignees, self._labels = current, assignees, labels

    def compose(self) -> ComposeResult:
        cur = self._current
        with Vertical(classes="form"):
            yield Label("Filter the board", classes="form-title")
            yield Label("Assignee")
            yield Select(
                [(_plain(a), a) for a in self._assignees],
                prompt="anyone",
                value=cur.assignee if cur.assignee in self._assignees else Select.NULL,
                id="assignee",
            )
            yield Label("Label")
            yield Select(
                [(_plain(x), x) for x in self._labels],
                prompt="any label",
                value=cur.label if cur.label in self._labels else Select.NULL,
                id="label",
            )
            yield Label("Priority")
            yield Select(
                [(p, p) for p in PRIORITIES],
                prompt="any priority",
                value=cur.priority or Select.NULL,
                id="priority",
            )
            with Horizontal(classes="form-buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Clear", id="clear")
                yield Button("Cancel", id="cancel")

    def _value(self, select_id: str) -> str:
        value = self.query_one(select_id, Select).value
        return "" if value is Select.NULL else str(value)

    @on(Button.Pressed, "#apply")
    def _apply(self) -> None:
        cur = self._current
        self.dismiss(
            CardFilter(
                cur.search,
                self._value("#assignee"),
                self._value("#label"),
                self._value("#priority"),
                cur.mine,
            )
        )

    @on(Button.Pressed, "#clear")
    def _clear(self) -> None:
        self.dismiss(CardFilter(self._current.search, mine=self._current.mine))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

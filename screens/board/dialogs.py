"""The board's filter dialog, and the stylesheets of the board's dialogs (the confirm and the
prompt are the app's, in screens/dialogs.py)."""

from __future__ import annotations

from pathlib import PurePath

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select

from ritual.i18n import N_, _
from ritual.iteration import PRIORITIES, CardFilter
from ritual.text import one_line
from screens.dialogs import FORMS_TCSS

FORM_CSS: list[str | PurePath] = [FORMS_TCSS, "dialogs.tcss"]


def _plain(text: str) -> Text:
    return Text(one_line(text))


class FilterDialog(ModalScreen[CardFilter | None]):
    """Show only cards of one assignee, label and/or priority (search and "mine" are kept)."""

    CSS_PATH = FORM_CSS
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="filter-cancel")]

    def __init__(self, current: CardFilter, assignees: list[str], labels: list[str]) -> None:
        super().__init__()
        self._current, self._assignees, self._labels = current, assignees, labels

    def compose(self) -> ComposeResult:
        cur = self._current
        with Vertical(classes="form"):
            yield Label(_("Filter the board"), classes="form-title")
            yield Label(_("Assignee"))
            yield Select(
                [(_plain(a), a) for a in self._assignees],
                prompt=_("anyone"),
                value=cur.assignee if cur.assignee in self._assignees else Select.NULL,
                id="assignee",
            )
            yield Label(_("Label"))
            yield Select(
                [(_plain(x), x) for x in self._labels],
                prompt=_("any label"),
                value=cur.label if cur.label in self._labels else Select.NULL,
                id="label",
            )
            yield Label(_("Priority"))
            yield Select(
                [(p, p) for p in PRIORITIES],
                prompt=_("any priority"),
                value=cur.priority or Select.NULL,
                id="priority",
            )
            with Horizontal(classes="form-buttons"):
                yield Button(_("Apply"), variant="primary", id="apply")
                yield Button(_("Clear"), id="clear")
                yield Button(_("Cancel"), id="cancel")

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

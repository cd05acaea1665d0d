"""Starting and closing iterations: a form for the next one, a choice for unfinished cards."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from ritual.clock import parse_instant, team_today
from ritual.errors import RitualError
from ritual.i18n import N_, _, ngettext, pgettext
from ritual.iteration import (
    Iteration,
    check_iteration_goal,
    check_iteration_name,
    parse_capacity,
)
from ritual.text import one_line
from screens.board.dialogs import FORM_CSS
from screens.dialogs import FormScreen
from screens.services import Services
from screens.translation import styled


def new_iteration_form(services: Services) -> IterationForm:
    """The form for the next iteration, filled with its usual name and dates (from the latest
    one, counted from the team's today) and saying whether and when it starts: the board's and
    the plan's ``i``."""
    from ritual.board import becomes_current_when
    from ritual.planning import latest_iteration, next_defaults

    board = services.board
    iterations = board.iterations()
    today = team_today(services.clock, services.team.team().timezone)
    return IterationForm(
        next_defaults(latest_iteration(iterations), today),
        becomes_current=board.current_iteration() is None,
        when=becomes_current_when(iterations),
    )


class IterationForm(FormScreen[dict[str, Any]]):
    """Name, goal, dates and capacity of a new iteration."""

    CSS_PATH = FORM_CSS

    def __init__(self, defaults: dict[str, str], becomes_current: bool, when: str = "") -> None:
        super().__init__()
        self._defaults, self._current, self._when = defaults, becomes_current, when

    def compose(self) -> ComposeResult:
        d = self._defaults
        title = _("Start an iteration") if self._current else _("Plan the next iteration")
        with Vertical(classes="form"):
            yield Label(title, classes="form-title")
            if not self._current:
                yield Label(
                    one_line(self._when or _("It becomes current when you close the current one.")),
                    classes="muted",
                    markup=False,
                )
            yield Label(pgettext("a thing's name", "Name"))
            yield Input(d.get("name", ""), id="name")
            yield Label(_("Goal"))
            yield Input(d.get("goal", ""), id="goal")
            with Horizontal(classes="form-row"):
                yield Input(d.get("start", ""), placeholder=_("start YYYY-MM-DD"), id="start")
                yield Input(d.get("end", ""), placeholder=_("end YYYY-MM-DD"), id="end")
                yield Input(
                    d.get("capacity", ""), placeholder=_("capacity (points)"), id="capacity"
                )
            yield from self.error_and_buttons()

    def _text(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def values(self) -> dict[str, Any]:
        name = check_iteration_name(self._text("name"))
        for key, message in (
            ("start", _("{text!r} is not a start date: use YYYY-MM-DD.")),
            ("end", _("{text!r} is not an end date: use YYYY-MM-DD.")),
        ):
            try:
                parse_instant(self._text(key)).date()
            except Exception:
                raise RitualError(message.format(text=self._text(key))) from None
        values = {
            "name": name,
            "goal": check_iteration_goal(self._text("goal")),
            "start": self._text("start"),
            "end": self._text("end"),
            "capacity": parse_capacity(self._text("capacity")),
        }
        if self._text("end") < self._text("start"):
            raise RitualError(_("an iteration cannot end before it starts."))
        return values


class CloseIterationDialog(ModalScreen[str | None]):
    """Dismisses with "next" or "backlog": where the unfinished cards go."""

    CSS_PATH = FORM_CSS
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="close-cancel")]

    def __init__(self, current: Iteration, unfinished: int, following: Iteration | None) -> None:
        super().__init__()
        self._current, self._unfinished, self._next = current, unfinished, following

    def compose(self) -> ComposeResult:
        nxt = self._next
        n = self._unfinished
        question = styled(
            ngettext(
                "Close {iteration}? {n} unfinished card.",
                "Close {iteration}? {n} unfinished cards.",
                n,
            ),
            iteration=(one_line(self._current.name), "bold"),
            n=str(n),
        )
        with Vertical(classes="form"):
            yield Label(_("Close the iteration"), classes="form-title")
            yield Static(question)
            with RadioSet(id="where"):
                yield RadioButton(
                    styled(_("Move them to {iteration}"), iteration=(one_line(nxt.name), "bold"))
                    if nxt
                    else _("Move them to the next iteration (plan one first: i)"),
                    value=nxt is not None,
                    disabled=nxt is None,
                    id="next",
                )
                yield RadioButton(
                    _("Put them back in the product backlog"), value=nxt is None, id="backlog"
                )
            with Horizontal(classes="form-buttons"):
                yield Button(_("Close iteration"), variant="error", id="close")
                yield Button(_("Cancel"), id="cancel")

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        pressed = self.query_one("#where", RadioSet).pressed_button
        self.dismiss(pressed.id if pressed is not None else "backlog")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

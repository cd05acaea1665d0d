"""Starting and closing iterations: a form for the next one, a choice for unfinished cards."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from ritual.clock import parse_instant
from ritual.errors import RitualError
from ritual.iteration import (
    Iteration,
    check_iteration_goal,
    check_iteration_name,
    parse_capacity,
)
from ritual.text import one_line
from screens.board.dialogs import FORM_CSS
from screens.dialogs import FormScreen


class IterationForm(FormScreen[dict[str, Any]]):
    """Name, goal, dates and capacity of a new iteration."""

    CSS_PATH = FORM_CSS

    def __init__(self, defaults: dict[str, str], becomes_current: bool, when: str = "") -> None:
        super().__init__()
        self._defaults, self._current, self._when = defaults, becomes_current, when

    def compose(self) -> ComposeResult:
        d = self._defaults
        title = "Start an iteration" if self._current else "Plan the next iteration"
        with Vertical(classes="form"):
            yield Label(title, classes="form-title")
            if not self._current:
                yield Label(
                    one_line(self._when or "It becomes current when you close the current one."),
                    classes="muted",
                    markup=False,
                )
            yield Label("Name")
            yield Input(d.get("name", ""), id="name")
            yield Label("Goal")
            yield Input(d.get("goal", ""), id="goal")
            with Horizontal(classes="form-row"):
                yield Input(d.get("start", ""), placeholder="start YYYY-MM-DD", id="start")
                yield Input(d.get("end", ""), placeholder="end YYYY-MM-DD", id="end")
                yield Input(d.get("capacity", ""), placeholder="capacity (points)", id="capacity")
            yield from self.error_and_buttons()

    def _text(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def values(self) -> dict[str, Any]:
        name = check_iteration_name(self._text("name"))
        for key in ("start", "end"):
            try:
                parse_instant(self._text(key)).date()
            except Exception:
                raise RitualError(
                    f"{self._text(key)!r} is not a {key} date: use YYYY-MM-DD."
                ) from None
        values = {
            "name": name,
            "goal": check_iteration_goal(self._text("goal")),
            "start": self._text("start"),
            "end": self._text("end"),
            "capacity": parse_capacity(self._text("capacity")),
        }
        if self._text("end") < self._text("start"):
            raise RitualError("an iteration cannot end before it starts.")
        return values


class CloseIterationDialog(ModalScreen[str | None]):
    """Dismisses with "next" or "backlog": where the unfinished cards go."""

    CSS_PATH = FORM_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="close-cancel")]

    def __init__(self, current: Iteration, unfinished: int, following: Iteration | None) -> None:
        super().__init__()
        self._current, self._unfinished, self._next = current, unfinished, following

    def compose(self) -> ComposeResult:
        nxt = self._next
        question = Text.assemble(
            "Close ",
            (one_line(self._current.name), "bold"),
            f"? {self._unfinished} unfinished card{'s' if self._unfinished != 1 else ''}.",
        )
        with Vertical(classes="form"):
            yield Label("Close the iteration", classes="form-title")
            yield Static(question)
            with RadioSet(id="where"):
                yield RadioButton(
                    Text.assemble("Move them to ", (one_line(nxt.name), "bold"))
                    if nxt
                    else "Move them to the next iteration (plan one first: i)",
                    value=nxt is not None,
                    disabled=nxt is None,
                    id="next",
                )
                yield RadioButton(
                    "Put them back in the product backlog", value=nxt is None, id="backlog"
                )
            with Horizontal(classes="form-buttons"):
                yield Button("Close iteration", variant="error", id="close")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        pressed = self.query_one("#where", RadioSet).pressed_button
        self.dismiss(pressed.id if pressed is not None else "backlog")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

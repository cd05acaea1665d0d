"""The card form (new and edit). A modal: the board below may reload, the typed text stays."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Select, TextArea

from ritual.clock import Clock
from ritual.errors import RitualError
from ritual.i18n import _
from ritual.iteration import (
    PRIORITIES,
    Card,
    check_blocked_reason,
    check_description,
    check_title,
    parse_due,
    parse_labels,
    parse_points,
)
from ritual.limits import LIMITS
from ritual.text import clean, one_line
from screens.board.dialogs import FORM_CSS
from screens.dialogs import FormScreen


def changed_fields(before: Card, values: dict[str, Any]) -> dict[str, Any]:
    """Only what the person changed, so a field they left alone never overwrites a teammate's
    concurrent change to it."""
    return {k: v for k, v in values.items() if getattr(before, k) != v}


class CardForm(FormScreen[dict[str, Any]]):
    """Dismisses with the card's fields, validated, or None when cancelled."""

    CSS_PATH = FORM_CSS
    AUTO_FOCUS = "#title"

    def __init__(
        self,
        title: str,
        card: Card,
        members: list[str],
        clock: Clock | None = None,
        timezone: str = "UTC",
    ) -> None:
        super().__init__()
        self._title, self._card = title, card
        # Given the clock and the team's zone, the due date reads "fri", "+3d", "明天", "周五"
        # like `ritual card add --due`.
        self._clock, self._timezone = clock, timezone
        names = list(members)
        if card.assignee and card.assignee not in names:
            names.append(card.assignee)  # a member who left still shows on their cards
        self._members = names

    def compose(self) -> ComposeResult:
        c = self._card
        with VerticalScroll(classes="form card-form"):
            yield Label(self._title, classes="form-title", markup=False)
            yield Label(_("Title"))
            yield Input(c.title, id="title", max_length=LIMITS["card.title"].limit, compact=True)
            yield Label(_("Description (several lines)"))
            yield TextArea(clean(c.description), id="description", soft_wrap=True, compact=True)
            yield Label(_("Assignee, priority, points, due date, labels"))
            with Horizontal(classes="form-row"):
                yield Select(
                    [(Text(one_line(n)), n) for n in self._members],
                    prompt=_("unassigned"),
                    value=c.assignee if c.assignee else Select.NULL,
                    id="assignee",
                    compact=True,
                )
                yield Select(
                    [(p, p) for p in PRIORITIES],
                    allow_blank=False,
                    value=c.priority,
                    id="priority",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Input(
                    "" if c.points is None else str(c.points),
                    placeholder=_("points"),
                    id="points",
                    compact=True,
                )
                yield Input(
                    c.due, placeholder=_("due: fri, +3d, YYYY-MM-DD"), id="due", compact=True
                )
            yield Input(
                ", ".join(c.labels),
                placeholder=_("labels, comma separated"),
                id="labels",
                compact=True,
            )
            yield Checkbox(_("Blocked"), c.blocked, id="blocked", compact=True)
            yield Input(
                c.blocked_reason,
                placeholder=_("why it is blocked"),
                id="blocked_reason",
                compact=True,
            )
            yield from self.error_and_buttons(_("Save (ctrl+s)"))

    def _text(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    def values(self) -> dict[str, Any]:
        """The form as card fields; raises RitualError naming what to fix."""
        assignee = self.query_one("#assignee", Select).value
        blocked = self.query_one("#blocked", Checkbox).value
        reason = check_blocked_reason(self._text("blocked_reason"))
        if blocked and not reason:
            raise RitualError(_("say why the card is blocked, or untick Blocked."))
        return {
            "title": check_title(self._text("title")),
            "description": check_description(
                self.query_one("#description", TextArea).text
            ).rstrip(),
            "assignee": "" if assignee is Select.NULL else str(assignee),
            "points": parse_points(self._text("points")),
            "priority": str(self.query_one("#priority", Select).value),
            "labels": parse_labels(self._text("labels")),
            "due": parse_due(self._text("due"), self._clock, self._timezone),
            "blocked": blocked,
            "blocked_reason": reason if blocked else "",
        }

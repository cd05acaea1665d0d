"""Why the scope of an iteration under way changes: one optional line, asked by the board and
the plan when a card joins or leaves the current iteration (an empty line is fine; escape
cancels the whole change). Before the start, planning stays one key with no question: the
board aggregate (ritual/board.py) records scope changes only once an iteration is current."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeGuard

from rich.text import Text

from ritual.board import check_scope_reason
from ritual.i18n import _
from ritual.iteration import Card, Iteration
from ritual.text import one_line

if TYPE_CHECKING:
    from screens.base import RitualScreen
    from screens.dialogs import PromptDialog


def under_way(iteration: Iteration | None) -> TypeGuard[Iteration]:
    """Whether a card joining or leaving ``iteration`` changes its scope (it has started)."""
    return iteration is not None and iteration.state == "current"


def scope_reason_dialog(card: Card, iteration: Iteration, joins: bool) -> PromptDialog:
    from screens.dialogs import PromptDialog  # loaded when first asked, not with the board

    if joins:
        title = _("#{id} {title} joins {iteration} (under way)")
    else:
        title = _("#{id} {title} leaves {iteration} (under way)")
    text = title.format(id=card.id, title=one_line(card.title), iteration=one_line(iteration.name))
    return PromptDialog(
        Text(text),
        _("Why the scope changes (optional; escape cancels)"),
        check=check_scope_reason,
    )


def new_card_reason_dialog(iteration: Iteration) -> PromptDialog:
    """Asked before a new card's form: the answer only, stored with the card when it is saved."""
    from screens.dialogs import PromptDialog

    title = _("A new card joins {iteration} (under way)").format(iteration=one_line(iteration.name))
    return PromptDialog(
        Text(title),
        _("Why the scope changes (optional; escape cancels)"),
        check=check_scope_reason,
    )


async def ask_scope_reason(
    screen: RitualScreen,
    card: Card,
    iteration: Iteration,
    joins: bool,
    change: Callable[[str], Any],
) -> bool:
    """Ask for the reason and store ``change(reason)`` through the screen's writer (a refusal
    keeps the dialog open, saying why). False when the person cancelled: nothing changed.
    Call it from a worker."""
    dialog = scope_reason_dialog(card, iteration, joins)
    return await screen.app.push_screen_wait(screen.form(dialog, change)) is not None

"""The board's one-line state for the home screen."""

from __future__ import annotations

from ritual.clock import team_today
from ritual.i18n import _
from ritual.iteration import committed_points, done_points
from screens.services import Services


def home_summary(services: Services) -> str:
    it = services.board.current_iteration()
    if it is None:
        return _("no current iteration")
    today = team_today(services.clock, services.team.team().timezone)
    cards = services.board.cards(it.id)
    return _("{name}: {days} days left, {cards} cards, {done}/{committed} points done").format(
        name=it.name,
        days=it.days_left(today),
        cards=len(cards),
        done=done_points(cards),
        committed=committed_points(cards),
    )


def plan_summary(services: Services) -> str:
    """The plan's one line: the iteration being planned and its committed points."""
    board = services.board
    it = board.next_iteration() or board.current_iteration()
    if it is None:
        return _("no iteration to plan yet")
    cards = board.cards(it.id)
    return _("{name}: {cards} cards, {points} points committed").format(
        name=it.name, cards=len(cards), points=sum(c.points or 0 for c in cards)
    )

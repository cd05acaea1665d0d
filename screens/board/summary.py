"""The board's one-line state for the home screen."""

from __future__ import annotations

from ritual.clock import team_today
from ritual.iteration import committed_points, done_points
from screens.services import Services


def home_summary(services: Services) -> str:
    it = services.board.current_iteration()
    if it is None:
        return "no current iteration"
    today = team_today(services.clock, services.team.team().timezone)
    cards = services.board.cards(it.id)
    return (
        f"{it.name}: {it.days_left(today)} days left, {len(cards)} cards, "
        f"{done_points(cards)}/{committed_points(cards)} points done"
    )


def plan_summary(services: Services) -> str:
    """The plan's one line: the iteration being planned and its committed points."""
    board = services.board
    it = board.next_iteration() or board.current_iteration()
    if it is None:
        return "no iteration to plan yet"
    cards = board.cards(it.id)
    return f"{it.name}: {len(cards)} cards, {sum(c.points or 0 for c in cards)} points committed"

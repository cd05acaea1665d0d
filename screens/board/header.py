"""The board's header: the iteration, its days left, points and burndown, as rich Text."""

from __future__ import annotations

from pendulum import Date
from rich.text import Text

from ritual.i18n import _, ngettext
from ritual.iteration import (
    Card,
    Iteration,
    burndown,
    committed_points,
    done_points,
    ideal_line,
    sparkline,
)
from ritual.text import one_line
from screens.board.labels import show_date
from screens.translation import styled


def iteration_header(
    iteration: Iteration | None, cards: list[Card], today: Date, timezone: str
) -> Text:
    if iteration is None:
        return styled(
            _(
                "{none} · the Backlog column holds the product backlog · press {key} to start an "
                "iteration"
            ),
            none=(_("No current iteration"), "bold"),
            key=("i", "bold"),
        )
    mine = [c for c in cards if c.iteration_id == iteration.id]
    committed, done = committed_points(mine), done_points(mine)
    days = iteration.days_left(today)
    first = Text.assemble(
        (one_line(iteration.name), "bold"),
        ("  " + one_line(iteration.goal), "italic") if iteration.goal else "",
    )
    first.no_wrap, first.overflow = True, "ellipsis"
    capacity = (
        " " + _("(capacity {points})").format(points=iteration.capacity)
        if iteration.capacity is not None
        else ""
    )
    over = iteration.capacity is not None and committed > iteration.capacity
    second = Text.assemble(
        (
            ngettext("{n} day left", "{n} days left", days).format(n=days),
            "bold" if days > 2 else "bold red",
        ),
        f" · {show_date(iteration.start)}…{show_date(iteration.end)} · ",
        (
            _("{done}/{committed} pts done").format(done=done, committed=committed),
            "bold green" if committed and done == committed else "",
        ),
        (capacity, "bold red" if over else "dim"),
    )
    days_data = burndown(iteration, mine, today, timezone)
    actual = sparkline([left for _day, left, _scope in days_data], committed)
    ideal = sparkline(ideal_line(days_data), committed)
    remaining = next(
        (left for _day, left, _scope in reversed(days_data) if left is not None), committed
    )
    third = styled(
        _("burndown {actual} {n} left · ideal {ideal}"),
        actual=(actual, "bold cyan"),
        n=str(remaining),
        ideal=(ideal, "dim"),
    )
    for line in (second, third):
        line.no_wrap, line.overflow = True, "ellipsis"
    return Text("\n").join([first, second, third])
